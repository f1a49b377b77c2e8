/**
 * A newsletter team's routine with OneSignal Email: estimate the audience of
 * a draft before sending it, send a first campaign from a new sending domain
 * as an Auto Warm Up (delivered stage by stage so that inbox providers learn
 * the domain), then watch the domain's reputation and its deliveries per
 * inbox provider.
 *
 * `estimateThenSend`, `warmUpNewDomain` and `report` are Effects that need
 * the `OneSignal` service; run this file (`npx tsx examples/email-analytics.ts`)
 * to see them against the embedded simulator.
 */
import { Console, Effect } from "effect"
import { OneSignal } from "effect-onesignal"
import type { Notification } from "effect-onesignal/Notifications"
import { Simulator } from "effect-onesignal/testing"
import { runWhenMain } from "./on-simulator.js"

const domain = "news.acme.test"
const dayMillis = 24 * 60 * 60 * 1000

const unsubscribeFooter = "<p><a href=\"[unsubscribe_url]\">Unsubscribe</a></p>"

/**
 * Sends `draft` only when its targeting reaches someone; logs the estimate,
 * and whether a plan cap lowered it.
 */
export const estimateThenSend = (draft: Notification) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const estimate = yield* onesignal.estimateNotificationRecipients({
      app_id: draft.app_id,
      included_segments: draft.included_segments ?? ["Subscribed Users"],
      excluded_segments: draft.excluded_segments,
      target_channel: "email"
    })
    const count = estimate.count ?? 0
    yield* Console.log(
      `  estimated recipients: ${count}${estimate.cap_applied ? ` (capped from ${estimate.uncapped_count})` : ""}`
    )
    if (count === 0) return undefined
    return yield* onesignal.createNotification(draft)
  })

/**
 * The first campaign of a new sending domain as an Auto Warm Up: three
 * daily stages of growing size, starting tomorrow, kept as given (`custom`).
 */
export const warmUpNewDomain = (appId: string, recipients: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const tomorrow = new Date(Math.ceil(Date.now() / dayMillis) * dayMillis)
    const stage = (day: number, quota: number) => ({
      start: new Date(tomorrow.getTime() + day * dayMillis).toISOString(),
      end: new Date(tomorrow.getTime() + (day + 1) * dayMillis).toISOString(),
      quota
    })
    const result = yield* onesignal.createNotification({
      app_id: appId,
      email_to: recipients,
      email_subject: "Welcome to our new newsletter",
      email_body: `<p>Hello!</p>${unsubscribeFooter}`,
      email_sender_domain: domain,
      kind: "warmup",
      email_warm_up: { stages: [stage(0, 500), stage(1, 2000), stage(2, 10000)], strategy: "custom" }
    })
    yield* Console.log(result._tag === "Sent" ? `  warm-up campaign ${result.id}` : `  not sent: ${result.reasons}`)
    return result
  })

/** The app's reputation, then the last 30 days of `domain` per inbox provider and per day. */
export const report = (appId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const reputation = yield* onesignal.getEmailReputation(appId)
    for (const [name, window] of Object.entries({
      "24 hours": reputation.last_24_hours,
      "7 days": reputation.last_7_days,
      "30 days": reputation.last_30_days
    })) {
      yield* Console.log(`  last ${name}: bounce rate ${window?.bounce_rate ?? "n/a"}, complaints ${window?.complaint_rate ?? "n/a"}`)
    }
    const range = { domain, start: new Date(Date.now() - 30 * dayMillis), end: new Date() }
    const byProvider = yield* onesignal.getEmailProviderMetrics(appId, range)
    yield* Console.log(`  ${byProvider.providers?.length ?? 0} inbox provider(s) for ${domain}:`)
    for (const entry of byProvider.providers ?? []) yield* Console.log(`    ${JSON.stringify(entry)}`)
    const daily = yield* onesignal.getEmailProviderMetricsTimeseries(appId, {
      ...range,
      granularity: "daily",
      providers: ["gmail.com"]
    })
    yield* Console.log(`  ${daily.events?.length ?? 0} day(s) with deliveries to gmail.com`)
  })

/** The routine, end to end. */
export const program = (appId: string) =>
  Effect.gen(function*() {
    yield* Console.log("A draft to every subscribed user:")
    yield* estimateThenSend({
      app_id: appId,
      included_segments: ["Subscribed Users"],
      email_to: ["ada@gmail.com", "bo@outlook.com"],
      email_subject: "This week at Acme",
      email_body: `<p>News</p>${unsubscribeFooter}`,
      email_sender_domain: domain
    })
    yield* Console.log("A first campaign from the new domain:")
    yield* warmUpNewDomain(appId, ["cy@gmail.com", "di@yahoo.com"])
    yield* Console.log("Reputation and deliveries:")
    yield* report(appId)
  })

runWhenMain(import.meta.url, program(Simulator.defaultAppId), {
  // One email subscriber.
  users: [{ aliases: { external_id: "reader-1" }, subscriptions: [{ type: "Email", token: "ada@gmail.com" }] }]
})
