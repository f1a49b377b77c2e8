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
import * as CustomEvents from "./CustomEvents.js"
import * as EmailAnalytics from "./EmailAnalytics.js"
import * as InAppMessages from "./InAppMessages.js"
import * as Journeys from "./Journeys.js"
import * as LiveActivities from "./LiveActivities.js"
import * as Notifications from "./Notifications.js"
import * as Outcomes from "./Outcomes.js"
import * as Players from "./Players.js"
import * as Segments from "./Segments.js"
import * as Subscriptions from "./Subscriptions.js"
import * as Templates from "./Templates.js"
import * as Users from "./Users.js"
import { OneSignalClient } from "./OneSignalClient.js"
import { OneSignalConfig, type Options } from "./OneSignalConfig.js"
import * as Request from "./Request.js"

const modules = [
  Notifications,
  Users,
  Subscriptions,
  Segments,
  Outcomes,
  Templates,
  LiveActivities,
  CustomEvents,
  InAppMessages,
  Players,
  EmailAnalytics,
  Journeys
]

/**
 * The service's methods, one per app-scoped endpoint.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends
  Endpoint.MethodsOf<typeof Notifications, "rest">,
  Endpoint.MethodsOf<typeof Users, "rest">,
  Endpoint.MethodsOf<typeof Subscriptions, "rest">,
  Endpoint.MethodsOf<typeof Segments, "rest">,
  Endpoint.MethodsOf<typeof Outcomes, "rest">,
  Endpoint.MethodsOf<typeof Templates, "rest">,
  Endpoint.MethodsOf<typeof LiveActivities, "rest">,
  Endpoint.MethodsOf<typeof CustomEvents, "rest">,
  Endpoint.MethodsOf<typeof InAppMessages, "rest">,
  Endpoint.MethodsOf<typeof Players, "rest">,
  Endpoint.MethodsOf<typeof EmailAnalytics, "rest">,
  Endpoint.MethodsOf<typeof Journeys, "rest">
{
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
  (client) => ({ ...Endpoint.bindAll(client, "rest", modules), request: Request.bind("rest", client) }) as unknown as Service
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
