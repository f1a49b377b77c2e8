/**
 * A customer's journey as a backend drives it, in the order the demo prints
 * it: create the user with an alias and an email subscription, send to the
 * alias with an idempotency key (retried safely when OneSignal answers 429),
 * read the message back, and export the app's subscriptions.
 *
 * It needs only the `OneSignal` service, so it runs unchanged against the
 * embedded simulator or the real API.
 */
import { Console, Effect, Schedule } from "effect"
import { OneSignal, type OneSignalError, RetryPolicy } from "effect-onesignal"

/** The default policy, logging each failed attempt before it is retried. */
const loggedRetry: RetryPolicy.RetryPolicy = RetryPolicy.defaultPolicy.pipe(
  Schedule.tapInput((error: OneSignalError) =>
    Console.log(`   ↻ ${error._tag} (${error.message}); retrying with the same idempotency key`)
  )
)

export const customerFlow = (appId: string, customerId: string, email: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal

    yield* Console.log(`1. createUser with the alias external_id=${customerId} and an email subscription`)
    const user = yield* onesignal.createUser(appId, {
      identity: { external_id: customerId },
      properties: { language: "en", tags: { plan: "trial" } },
      subscriptions: [{ type: "Email", token: email, enabled: true }]
    })
    yield* Console.log(
      `   user ${user.identity?.onesignal_id}, aliases ${JSON.stringify(user.identity)}, ` +
        `${user.subscriptions?.length ?? 0} subscription(s)`
    )

    const idempotencyKey = `welcome-${customerId}`
    yield* Console.log(`2. createNotification to the alias over email (idempotency key ${idempotencyKey})`)
    const sent = yield* onesignal.createNotification({
      app_id: appId,
      target_channel: "email",
      include_aliases: { external_id: [customerId] },
      email_subject: "Welcome",
      email_body: "<p>Thanks for joining.</p>"
    }, { idempotencyKey, retry: loggedRetry })
    if (sent._tag === "NotSent") {
      yield* Console.log(`   not sent: ${sent.reasons.join("; ")}`)
      return
    }
    yield* Console.log(`   sent: id ${sent.id}, replayed: ${sent.wasReplayed}`)

    yield* Console.log("3. the same send again, as a re-run after a crash would")
    const again = yield* onesignal.createNotification({
      app_id: appId,
      target_channel: "email",
      include_aliases: { external_id: [customerId] },
      email_subject: "Welcome",
      email_body: "<p>Thanks for joining.</p>"
    }, { idempotencyKey })
    yield* Console.log(
      again._tag === "Sent" && again.wasReplayed && again.id === sent.id
        ? `   replayed: id ${again.id}, nothing sent twice`
        : `   unexpected: ${JSON.stringify(again)}`
    )

    yield* Console.log(`4. getNotification ${sent.id}`)
    const read = yield* onesignal.getNotification(appId, sent.id)
    yield* Console.log(`   subject "${read.email_subject}", channel ${read.target_channel}, queued at ${read.queued_at}`)

    yield* Console.log("5. exportSubscriptions: OneSignal prepares a CSV file of the app's subscriptions")
    const exported = yield* onesignal.exportSubscriptions(appId)
    yield* Console.log(`   the file will be at ${exported.csv_file_url}`)
  })
