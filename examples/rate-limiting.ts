/**
 * A burst of 1,000 sends under OneSignal's free-plan limit: the rate limiter
 * queues them (150 per second) instead of letting OneSignal answer 429.
 *
 * Nothing runs at import time: `program` is an Effect. Run it with the
 * layer below, which reads ONESIGNAL_REST_API_KEY:
 *
 *   program.pipe(Effect.provide(OneSignalLimited), Effect.runPromise)
 */
import { NodeHttpClient } from "@effect/platform-node"
import { Config, Console, Effect, Layer } from "effect"
import { OneSignal, RateLimiter } from "effect-onesignal"

/** The service over undici, every request taking its turn in OneSignal's free-plan buckets. */
export const OneSignalLimited = OneSignal.layerConfig().pipe(
  Layer.provide(RateLimiter.layer(RateLimiter.free)),
  Layer.provide(NodeHttpClient.layerUndici)
)

export const program = Effect.gen(function*() {
  const appId = yield* Config.string("ONESIGNAL_APP_ID")
  const onesignal = yield* OneSignal
  const started = Date.now()
  const results = yield* Effect.forEach(
    Array.from({ length: 1_000 }, (_, i) => i),
    (i) =>
      onesignal.createNotification({
        app_id: appId,
        target_channel: "push",
        include_aliases: { external_id: [`customer-${i}`] },
        contents: { en: "Your weekly summary is ready" }
      }, { idempotencyKey: `weekly-summary-2026-47-customer-${i}` }),
    { concurrency: 64 }
  )
  const sent = results.filter((result) => result._tag === "Sent").length
  yield* Console.log(`${sent} of ${results.length} sent in ${((Date.now() - started) / 1000).toFixed(1)} s, no 429`)
})
