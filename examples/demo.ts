/**
 * `npm run demo`: against the embedded simulator when ONESIGNAL_REST_API_KEY
 * is unset, a customer's journey (user with an alias and an email
 * subscription, a send to the alias retried through an injected 429, the
 * message read back, an export) and then the notification flows. Against the
 * real API (with ONESIGNAL_APP_ID) when it is set, the notification flows
 * only: the message is scheduled an hour ahead and cancelled, so nobody
 * receives it.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { Config, Console, Effect, Layer, Option } from "effect"
import { OneSignal, OneSignalConfig, RestApiKey } from "effect-onesignal"
import { Simulator } from "effect-onesignal/testing"
import { customerFlow } from "./customer-flow.js"
import { listGetCancel, sendWithIdempotentRetry } from "./notifications.js"

const flows = (appId: string) =>
  Effect.gen(function*() {
    const id = yield* sendWithIdempotentRetry(appId, String(Date.now()))
    if (id !== undefined) yield* listGetCancel(appId, id)
  })

const againstSimulator = Effect.gen(function*() {
  yield* Console.log("ONESIGNAL_REST_API_KEY is not set: running against the embedded simulator.")
  yield* Console.log("The simulator answers the first send of each flow with 429 Retry-After: 1 to show a retry.\n")
  yield* Simulator.injectFault(Simulator.Fault.RateLimited({ retryAfter: 1 }), { route: "POST /notifications" })
  yield* customerFlow(Simulator.defaultAppId, "customer-42", "customer-42@example.com")

  yield* Console.log("\nThe notification flows:")
  yield* Simulator.injectFault(Simulator.Fault.RateLimited({ retryAfter: 1 }), { route: "POST /notifications" })
  yield* flows(Simulator.defaultAppId)

  const state = yield* Simulator.state
  const sends = (yield* Simulator.requests).filter((r) => r.method === "POST" && r.path === "/notifications")
  yield* Console.log(
    `\nThe simulator received ${sends.length} sends and stored ${state.notifications.length} message(s); ` +
      `it holds ${state.users.length} user(s) and ${state.subscriptions.length} subscription(s).`
  )
}).pipe(
  Effect.provide(
    OneSignal.layer.pipe(
      Layer.provide(RestApiKey.layer(Simulator.defaultRestApiKey)),
      Layer.provide(OneSignalConfig.layer({ baseUrl: "https://simulator.invalid" })),
      Layer.provideMerge(Simulator.layer())
    )
  )
)

const againstOneSignal = Effect.gen(function*() {
  const appId = yield* Config.string("ONESIGNAL_APP_ID")
  yield* Console.log(`Running against the OneSignal API for app ${appId}.\n`)
  yield* flows(appId)
}).pipe(Effect.provide(OneSignal.layerConfig().pipe(Layer.provide(NodeHttpClient.layerUndici))))

const main = Effect.flatMap(
  Config.option(Config.nonEmptyString("ONESIGNAL_REST_API_KEY")),
  (key): Effect.Effect<void, unknown> => Option.isNone(key) ? againstSimulator : againstOneSignal
)

Effect.runPromise(main).then(
  () => process.exit(0),
  (error) => {
    console.error(String(error))
    process.exit(1)
  }
)
