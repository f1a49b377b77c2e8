/**
 * The configured low-level clients that every endpoint function needs:
 * `OneSignalClient` (with the REST API key) and `OneSignalOrganizationClient`
 * (with the organization API key). Each holds the `HttpClient`, the settings
 * and the request headers, all built once when the layer is built.
 *
 * Endpoint functions such as `Notifications.createNotification` require one
 * of these; the `OneSignal` / `OneSignalOrganization` services are the same
 * functions with the client already provided.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { constTrue } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { OrganizationApiKey, RestApiKey } from "./Credentials.js"
import { OneSignalConfig, type Settings } from "./OneSignalConfig.js"

/**
 * Where the pre-built request headers (with the credential) are kept: a
 * non-enumerable symbol property, so that printing or serializing the client
 * never shows them.
 *
 * @internal
 */
export const headersKey: unique symbol = Symbol.for("effect-onesignal/OneSignalClient/headers")

/**
 * A configured client.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Client {
  /** The resolved settings. */
  readonly settings: Settings
  /** The transport, after `transformClient`. */
  readonly httpClient: HttpClient.HttpClient
  /** @internal */
  readonly [headersKey]: Headers.Headers
}

/**
 * Builds a client for one key, reading `OneSignalConfig` (or its defaults)
 * and the `HttpClient` from the context.
 *
 * The platform's own per-request span is switched off: it records the full
 * URL (which can hold an email address or phone number used as an alias) and
 * would propagate trace headers to OneSignal. Each call gets this library's
 * span instead, named after the operation, with the route template.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (key: Redacted.Redacted<string>): Effect.Effect<Client, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const settings = yield* OneSignalConfig
    const base = HttpClient.withTracerDisabledWhen(yield* HttpClient.HttpClient, constTrue)
    const httpClient = settings.transformClient === undefined ? base : settings.transformClient(base)
    const headers = Headers.fromInput({
      authorization: `${settings.authScheme} ${Redacted.value(key)}`,
      accept: "application/json",
      "user-agent": settings.userAgent
    })
    const client = { settings, httpClient } as { -readonly [K in keyof Client]: Client[K] }
    // Non-enumerable: JSON.stringify, util.inspect and Effect's inspection skip it.
    Object.defineProperty(client, headersKey, { value: headers, enumerable: false })
    return client
  })

/**
 * The client of the app-scoped endpoints, with the REST API key.
 *
 * @since 0.1.0
 * @category Tags
 */
export class OneSignalClient extends Context.Tag("effect-onesignal/OneSignalClient")<OneSignalClient, Client>() {
  /**
   * Builds the client from `RestApiKey` and `HttpClient` (and
   * `OneSignalConfig` when provided).
   *
   * @since 0.1.0
   */
  static readonly layer: Layer.Layer<OneSignalClient, never, HttpClient.HttpClient | RestApiKey> = Layer.effect(
    this,
    Effect.flatMap(RestApiKey, make)
  )
}

/**
 * The client of the organization endpoints, with the organization API key.
 *
 * @since 0.1.0
 * @category Tags
 */
export class OneSignalOrganizationClient extends Context.Tag("effect-onesignal/OneSignalOrganizationClient")<
  OneSignalOrganizationClient,
  Client
>() {
  /**
   * Builds the client from `OrganizationApiKey` and `HttpClient` (and
   * `OneSignalConfig` when provided).
   *
   * @since 0.1.0
   */
  static readonly layer: Layer.Layer<
    OneSignalOrganizationClient,
    never,
    HttpClient.HttpClient | OrganizationApiKey
  > = Layer.effect(this, Effect.flatMap(OrganizationApiKey, make))
}
