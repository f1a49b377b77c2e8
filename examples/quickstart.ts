/**
 * The README's quick start: send one push to a user by External ID.
 *
 *   ONESIGNAL_REST_API_KEY=... ONESIGNAL_APP_ID=... npx tsx examples/quickstart.ts
 */
import { FetchHttpClient } from "@effect/platform"
import { Config, Console, Effect } from "effect"
import { Notifications, OneSignal } from "effect-onesignal"

const program = Effect.gen(function*() {
  const appId = yield* Config.string("ONESIGNAL_APP_ID")
  const result = yield* Notifications.createNotification({
    app_id: appId,
    target_channel: "push",
    include_aliases: { external_id: ["user-42"] },
    headings: { en: "Your order has shipped" },
    contents: { en: "It will arrive on Thursday." }
  })
  switch (result._tag) {
    case "Sent":
      return yield* Console.log(`sent ${result.id} (replayed: ${result.wasReplayed})`)
    case "NotSent":
      return yield* Console.log(`not sent: ${result.reasons.join("; ")}`)
  }
}).pipe(
  Effect.catchTags({
    BadRequest: (e) => Console.error(`OneSignal refused the message: ${e.errors.join("; ")}`),
    RateLimited: (e) => Console.error(`still rate limited after retries: ${e.message}`)
  })
)

program.pipe(
  Effect.provide(OneSignal.layerConfig()),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
)
