// One send with the standalone function from its resource subpath: the endpoints
// it does not call must tree-shake away.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OneSignalClient, RestApiKey } from "effect-onesignal"
import { createNotification } from "effect-onesignal/Notifications"

const program = createNotification({
  app_id: "app",
  included_segments: ["Subscribed Users"],
  contents: { en: "Hello" }
})

Effect.runPromise(
  program.pipe(
    Effect.provide(OneSignalClient.layer.pipe(Layer.provide(RestApiKey.layer("key")), Layer.provide(FetchHttpClient.layer)))
  )
)
