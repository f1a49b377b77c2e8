/**
 * The app-scoped OneSignal service: every endpoint that needs the REST API
 * key, as methods. The methods are the endpoint functions of the resource
 * modules (`Notifications`, ...) with the client already provided, derived
 * from the same declarations.
 *
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect } from "effect"
 * import { OneSignal } from "effect-onesignal"
 *
 * const program = Effect.gen(function*() {
 *   const onesignal = yield* OneSignal
 *   const result = yield* onesignal.createNotification({
 *     app_id: "your-app-id",
 *     contents: { en: "Your order has shipped" },
 *     include_aliases: { external_id: ["user-42"] },
 *     target_channel: "push"
 *   })
 *   console.log(result._tag)
 * })
 *
 * program.pipe(
 *   Effect.provide(OneSignal.layerConfig()),
 *   Effect.provide(FetchHttpClient.layer),
 *   Effect.runPromise
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { RestApiKey } from "./Credentials.js"
import * as Endpoint from "./internal/endpoint.js"
import { resources } from "./internal/resources.js"
import { OneSignalClient } from "./OneSignalClient.js"
import { OneSignalConfig, type Options } from "./OneSignalConfig.js"
import * as Request from "./Request.js"


/**
 * The service's methods, one per app-scoped endpoint of the registry's
 * modules (src/internal/resources.ts).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends Endpoint.ServiceOf<typeof resources, "rest"> {
  /**
   * Any route, through the same pipeline: see `request` (the `Request`
   * module).
   */
  readonly request: <A = unknown, I = unknown>(
    options: Request.RequestOptions<A, I>
  ) => Effect.Effect<A, Request.RequestError>
}

/**
 * Builds the service from a `OneSignalClient`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: Effect.Effect<Service, never, OneSignalClient> = Effect.map(
  OneSignalClient,
  (client) => ({ ...Endpoint.bindAll(client, "rest", resources), request: Request.bind("rest", client) })
)

/**
 * The app-scoped OneSignal service (REST API key).
 *
 * @since 0.1.0
 * @category Tags
 */
export class OneSignal extends Context.Tag("effect-onesignal/OneSignal")<OneSignal, Service>() {
  /**
   * Provides `OneSignal` and `OneSignalClient`, from `RestApiKey` and an
   * `HttpClient` (and `OneSignalConfig` when one is provided).
   *
   * @since 0.1.0
   */
  static readonly layer: Layer.Layer<OneSignal | OneSignalClient, never, HttpClient.HttpClient | RestApiKey> = Layer
    .effect(this, make).pipe(Layer.provideMerge(OneSignalClient.layer))

  /**
   * The common case: the key from `ONESIGNAL_REST_API_KEY`, the base URL from
   * `ONESIGNAL_API_URL` when set, and the given settings. A missing key fails
   * the layer (at startup, not at the first request) with a `ConfigError`
   * naming the variable.
   *
   * @since 0.1.0
   */
  static layerConfig(
    options: Options = {}
  ): Layer.Layer<OneSignal | OneSignalClient, ConfigError.ConfigError, HttpClient.HttpClient> {
    return OneSignal.layer.pipe(
      Layer.provide(Layer.mergeAll(RestApiKey.layerConfig(), OneSignalConfig.layerConfig(options)))
    )
  }
}
