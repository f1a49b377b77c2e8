// Cold start of ours: import the package and build the OneSignal layer (fetch transport).
// No top-level await, so esbuild can also bundle this file to CommonJS.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OneSignal, RestApiKey } from "effect-onesignal"

const layer = OneSignal.layer.pipe(Layer.provide(RestApiKey.layer("key")), Layer.provide(FetchHttpClient.layer))
Effect.runPromise(Effect.scoped(Layer.build(layer))).catch((error) => {
  console.error(error)
  process.exit(1)
})
