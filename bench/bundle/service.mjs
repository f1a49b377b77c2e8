// One send through the OneSignal service: bundles every app-scoped endpoint.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OneSignal, RestApiKey } from "effect-onesignal"

const program = Effect.flatMap(OneSignal, (onesignal) =>
  onesignal.createNotification({ app_id: "app", included_segments: ["Subscribed Users"], contents: { en: "Hello" } }))

Effect.runPromise(
  program.pipe(
    Effect.provide(OneSignal.layer.pipe(Layer.provide(RestApiKey.layer("key")), Layer.provide(FetchHttpClient.layer)))
  )
)
