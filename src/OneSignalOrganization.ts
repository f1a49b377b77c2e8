/**
 * The organization-scoped OneSignal service: every endpoint that needs the
 * organization API key (apps, API keys, copying templates, audit logs), as
 * methods. A program that uses it must provide an `OrganizationApiKey`, so an
 * organization call without that key does not compile.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OrganizationApiKey } from "./Credentials.js"
import * as Endpoint from "./internal/endpoint.js"
import { resources } from "./internal/resources.js"
import { OneSignalOrganizationClient } from "./OneSignalClient.js"
import { OneSignalConfig, type Options } from "./OneSignalConfig.js"
import * as Request from "./Request.js"

/**
 * The service's methods, one per organization endpoint.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends Endpoint.ServiceOf<typeof resources, "org"> {
  /**
   * Any route, through the same pipeline: see `request` (the `Request`
   * module).
   */
  readonly request: <A = unknown, I = unknown>(
    options: Request.RequestOptions<A, I>
  ) => Effect.Effect<A, Request.RequestError>
}

/**
 * Builds the service from a `OneSignalOrganizationClient`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: Effect.Effect<Service, never, OneSignalOrganizationClient> = Effect.map(
  OneSignalOrganizationClient,
  (client) => ({ ...Endpoint.bindAll(client, "org", resources), request: Request.bind("org", client) })
)

/**
 * The organization-scoped OneSignal service (organization API key).
 *
 * @since 0.1.0
 * @category Tags
 */
export class OneSignalOrganization extends Context.Tag("effect-onesignal/OneSignalOrganization")<
  OneSignalOrganization,
  Service
>() {
  /**
   * Provides `OneSignalOrganization` and `OneSignalOrganizationClient`, from
   * `OrganizationApiKey` and an `HttpClient`.
   *
   * @since 0.1.0
   */
  static readonly layer: Layer.Layer<
    OneSignalOrganization | OneSignalOrganizationClient,
    never,
    HttpClient.HttpClient | OrganizationApiKey
  > = Layer.effect(this, make).pipe(Layer.provideMerge(OneSignalOrganizationClient.layer))

  /**
   * The key from `ONESIGNAL_ORGANIZATION_API_KEY`, the base URL from
   * `ONESIGNAL_API_URL` when set, and the given settings.
   *
   * @since 0.1.0
   */
  static layerConfig(
    options: Options = {}
  ): Layer.Layer<OneSignalOrganization | OneSignalOrganizationClient, ConfigError.ConfigError, HttpClient.HttpClient> {
    return OneSignalOrganization.layer.pipe(
      Layer.provide(Layer.mergeAll(OrganizationApiKey.layerConfig(), OneSignalConfig.layerConfig(options)))
    )
  }
}
