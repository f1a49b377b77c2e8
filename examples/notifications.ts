/**
 * The notification flows of the demo, written as a user's service would:
 * they need only the `OneSignal` service, so they run unchanged against the
 * real API or the embedded simulator.
 */
import { Console, Effect, Schedule } from "effect"
import { OneSignal, type OneSignalError, RetryPolicy } from "effect-onesignal"

/** Logs each failed attempt before the default policy retries it. */
const loggedRetry: RetryPolicy.RetryPolicy = RetryPolicy.defaultPolicy.pipe(
  Schedule.tapInput((error: OneSignalError) => Console.log(`  ↻ attempt failed (${error._tag}: ${error.message}); retrying`))
)

/**
 * Schedules a message an hour ahead with an idempotency key derived from a
 * business id, sends it again with the same key (OneSignal replays instead of
 * sending twice), and returns its id.
 */
export const sendWithIdempotentRetry = (appId: string, orderId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const sendAfter = new Date(Date.now() + 60 * 60 * 1000).toISOString()
    const idempotencyKey = `order-${orderId}-shipped`
    const message = {
      app_id: appId,
      included_segments: ["Test Users"],
      headings: { en: "Order shipped" },
      contents: { en: `Order ${orderId} is on its way` },
      send_after: sendAfter
    }

    yield* Console.log(`1. createNotification (idempotency key ${idempotencyKey}), scheduled for ${sendAfter}`)
    const first = yield* onesignal.createNotification(message, { idempotencyKey, retry: loggedRetry })
    if (first._tag === "NotSent") {
      yield* Console.log(`   not sent: ${first.reasons.join("; ")}`)
      return undefined
    }
    yield* Console.log(`   sent: id ${first.id}, replayed: ${first.wasReplayed}`)

    yield* Console.log("2. the same send again, as a re-run after a crash would")
    const again = yield* onesignal.createNotification(message, { idempotencyKey })
    yield* Console.log(
      again._tag === "Sent"
        ? `   ${again.wasReplayed ? "replayed" : "sent again"}: id ${again.id} (${
          again.id === first.id ? "same message, nothing sent twice" : "a second message!"
        })`
        : `   not sent: ${again.reasons.join("; ")}`
    )
    return first.id
  })

/** Lists the app's latest messages, reads one back, and cancels it. */
export const listGetCancel = (appId: string, notificationId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal

    yield* Console.log("3. getNotifications (the 5 latest)")
    const page = yield* onesignal.getNotifications(appId, { limit: 5 })
    yield* Console.log(`   ${page.total_count ?? 0} in total; this page:`)
    for (const n of page.notifications ?? []) {
      yield* Console.log(`   - ${n.id}: ${n.contents?.en ?? "(no English content)"}`)
    }

    yield* Console.log(`4. getNotification ${notificationId}`)
    const notification = yield* onesignal.getNotification(appId, notificationId)
    yield* Console.log(
      `   "${notification.contents?.en}", queued at ${notification.queued_at}, send after ${notification.send_after}`
    )

    yield* Console.log(`5. cancelNotification ${notificationId}`)
    const cancelled = yield* onesignal.cancelNotification(appId, notificationId)
    yield* Console.log(`   success: ${cancelled.success}`)

    yield* Console.log("6. getNotification for an id that does not exist, caught by tag")
    yield* onesignal.getNotification(appId, "00000000-0000-4000-8000-00000000dead").pipe(
      Effect.flatMap(() => Console.log("   unexpectedly found")),
      Effect.catchTag("NotFound", (error) => Console.log(`   NotFound: ${error.message}`))
    )
  })
