/**
 * The recipient estimate and the email analytics operations through the
 * client against the in-memory simulator: estimates that follow the stored
 * users, segments and subscriptions (and create nothing), provider metrics
 * derived from the email messages the simulator stored, and the typed
 * errors for bad input and wrong keys. Time is driven by `TestClock`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { OneSignal } from "../src/OneSignal.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, simulatorLayer } from "./utils/simulator.js"

const state = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.state)

/** Four users: two high-level players (one with push and email), one low-level, one without tags. */
const users: ReadonlyArray<Simulator.SimulatorUser> = [
  {
    aliases: { external_id: "high-1" },
    properties: { tags: { level: "12" }, language: "en" },
    subscriptions: [
      { id: "sub-high-1-ios", type: "iOSPush", token: "t1" },
      { id: "sub-high-1-email", type: "Email", token: "ada@gmail.com" }
    ]
  },
  {
    aliases: { external_id: "high-2" },
    properties: { tags: { level: "20" }, language: "fr" },
    subscriptions: [
      { id: "sub-high-2-android", type: "AndroidPush", token: "t2" },
      { id: "sub-high-2-off", type: "iOSPush", token: "t3", enabled: false }
    ]
  },
  {
    aliases: { external_id: "low" },
    properties: { tags: { level: "3" }, language: "fr" },
    subscriptions: [{ id: "sub-low", type: "iOSPush", token: "t4" }, { id: "sub-low-sms", type: "SMS", token: "+15550001" }]
  },
  { aliases: { external_id: "quiet" }, properties: {}, subscriptions: [{ id: "sub-quiet", type: "Email", token: "q@outlook.com" }] }
]

const withUsers = simulatorLayer({ simulator: { users } })

describe("estimateNotificationRecipients against the simulator", () => {
  it.effect("counts the enabled subscriptions of the targeted users, by channel, and creates nothing", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const everyone = yield* onesignal.estimateNotificationRecipients({ app_id: appId, included_segments: ["All"] })
      expect(everyone.count).toBe(6)
      expect(everyone.cap_applied).toBe(false)
      expect(everyone.uncapped_count).toBeNull()

      const push = yield* onesignal.estimateNotificationRecipients({
        app_id: appId,
        included_segments: ["Subscribed Users"],
        target_channel: "push"
      })
      expect(push.count).toBe(3)
      const email = yield* onesignal.estimateNotificationRecipients({
        app_id: appId,
        included_segments: ["All"],
        target_channel: "email"
      })
      expect(email.count).toBe(2)

      const filtered = yield* onesignal.estimateNotificationRecipients({
        app_id: appId,
        included_segments: ["All"],
        filters: [{ field: "tag", key: "level", relation: ">", value: "10" }],
        target_channel: "push"
      })
      expect(filtered.count).toBe(2)

      const aliased = yield* onesignal.estimateNotificationRecipients({
        app_id: appId,
        included_segments: ["All"],
        include_aliases: { external_id: ["high-1", "ghost"] }
      })
      expect(aliased.count).toBe(2)

      const stored = yield* state
      expect(stored.notifications).toHaveLength(0)
    }).pipe(Effect.provide(withUsers)))

  it.effect("reads stored segments by name, included and excluded", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* onesignal.createSegment(appId, { name: "French", filters: [{ field: "language", relation: "=", value: "fr" }] })
      yield* onesignal.createSegment(appId, {
        name: "Low level",
        filters: [{ field: "tag", key: "level", relation: "<", value: "10" }]
      })
      const french = yield* onesignal.estimateNotificationRecipients({ app_id: appId, included_segments: ["French"] })
      expect(french.count).toBe(3)
      const frenchNotLow = yield* onesignal.estimateNotificationRecipients({
        app_id: appId,
        included_segments: ["French"],
        excluded_segments: ["Low level"]
      })
      expect(frenchNotLow.count).toBe(1)
      const unknown = yield* onesignal.estimateNotificationRecipients({ app_id: appId, included_segments: ["Nobody"] })
      expect(unknown.count).toBe(0)
    }).pipe(Effect.provide(withUsers)))

  it.effect("answers 400 for a malformed body and 403 for a wrong key", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const noSegments = yield* Effect.flip(
        onesignal.request({
          method: "POST",
          path: "/notifications/count-unsaved",
          body: { app_id: appId, included_segments: [] }
        })
      )
      expect(noSegments._tag).toBe("BadRequest")
      expect(noSegments._tag === "BadRequest" && noSegments.errors[0]).toContain("included_segments is required")
      const badFilter = yield* Effect.flip(
        onesignal.request({
          method: "POST",
          path: "/notifications/count-unsaved",
          body: { app_id: appId, included_segments: ["All"], filters: [{ field: "tag", relation: "like" }] }
        })
      )
      expect(badFilter._tag).toBe("BadRequest")
    }).pipe(Effect.provide(withUsers)))

  it.effect("refuses another app's key", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(
        onesignal.estimateNotificationRecipients({ app_id: appId, included_segments: ["All"] })
      )
      expect(error._tag).toBe("Unauthorized")
    }).pipe(Effect.provide(simulatorLayer({ key: "not-a-key", simulator: { users } }))))
})

// -----------------------------------------------------------------------------
// Auto Warm Up campaigns
// -----------------------------------------------------------------------------

const warmUpStages = [
  { start: "2026-03-02T00:00:00Z", end: "2026-03-03T00:00:00Z", quota: 100 },
  { start: "2026-03-03T00:00:00Z", end: "2026-03-04T00:00:00Z", quota: 400 }
]

describe("Auto Warm Up campaigns against the simulator", () => {
  it.effect("start at their first stage, and answers report the campaign's status and acknowledged stages", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* TestClock.setTime(Date.parse("2026-03-01T12:00:00Z"))
      const sent = yield* onesignal.createNotification({
        app_id: appId,
        email_to: ["ada@gmail.com"],
        email_subject: "Welcome",
        email_body: "<a href=\"[unsubscribe_url]\">Unsubscribe</a>",
        kind: "warmup",
        email_warm_up: { stages: warmUpStages, strategy: "custom" }
      })
      if (sent._tag !== "Sent") return expect.unreachable()
      const stored = (yield* state).notifications
      expect(stored[0]!.sendAfter).toBe(Date.parse(warmUpStages[0]!.start) / 1000)

      const draft = yield* onesignal.getNotification(appId, sent.id)
      expect(draft.kind).toBe("warmup")
      expect(draft.email_warm_up).toEqual({
        stages: warmUpStages.map((stage) => ({ ...stage, acked: false })),
        strategy: "custom",
        status: "draft",
        is_live: false
      })

      yield* TestClock.setTime(Date.parse("2026-03-03T06:00:00Z"))
      const active = yield* onesignal.getNotification(appId, sent.id)
      expect(active.email_warm_up?.status).toBe("active")
      expect(active.email_warm_up?.is_live).toBe(true)
      expect(active.email_warm_up?.stages?.map((stage) => stage.acked)).toEqual([true, true])

      yield* TestClock.setTime(Date.parse("2026-03-05T00:00:00Z"))
      const finished = yield* onesignal.getNotification(appId, sent.id)
      expect(finished.email_warm_up?.status).toBe("finished")
    }).pipe(Effect.provide(withUsers)))

  it.effect("answers 400 for a warm-up without stages, with send_after, or another kind", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const email = {
        app_id: appId,
        email_to: ["ada@gmail.com"],
        email_subject: "Welcome",
        email_body: "<a href=\"[unsubscribe_url]\">Unsubscribe</a>"
      }
      const bodies = [
        { ...email, kind: "warmup" },
        { ...email, kind: "warmup", email_warm_up: { stages: [] } },
        { ...email, kind: "warmup", email_warm_up: { stages: warmUpStages }, send_after: "2026-03-02T00:00:00Z" },
        { ...email, kind: "warmup", email_warm_up: { stages: [{ ...warmUpStages[0], acked: true }] } },
        { ...email, kind: "drip" }
      ]
      for (const body of bodies) {
        const error = yield* Effect.flip(onesignal.request({ method: "POST", path: "/notifications", body }))
        expect(error._tag).toBe("BadRequest")
      }
      expect((yield* state).notifications).toHaveLength(0)
    }).pipe(Effect.provide(withUsers)))
})

// -----------------------------------------------------------------------------
// Email analytics
// -----------------------------------------------------------------------------

const now = Date.parse("2026-03-10T12:00:00Z")
const range = { domain: "mail.acme.test", start: "2026-03-01T00:00:00Z", end: "2026-03-11T00:00:00Z" }

/** Sends three emails: two from mail.acme.test (two days apart), one from another domain. */
const sendEmails = Effect.gen(function*() {
  const onesignal = yield* OneSignal
  yield* TestClock.setTime(Date.parse("2026-03-05T08:30:00Z"))
  yield* onesignal.createNotification({
    app_id: appId,
    email_to: ["bo@gmail.com", "cy@yahoo.com", "di@gmail.com"],
    email_subject: "Spring",
    email_body: "<a href=\"[unsubscribe_url]\">Unsubscribe</a>",
    email_sender_domain: "mail.acme.test"
  })
  yield* TestClock.setTime(Date.parse("2026-03-07T15:00:00Z"))
  yield* onesignal.createNotification({
    app_id: appId,
    include_aliases: { external_id: ["high-1", "quiet"] },
    target_channel: "email",
    email_subject: "Summer",
    email_body: "<a href=\"[unsubscribe_url]\">Unsubscribe</a>",
    email_from_address: "news@mail.acme.test"
  })
  yield* onesignal.createNotification({
    app_id: appId,
    email_to: ["eve@gmail.com"],
    email_subject: "Other brand",
    email_body: "<a href=\"[unsubscribe_url]\">Unsubscribe</a>",
    email_sender_domain: "other.test"
  })
  yield* TestClock.setTime(now)
})

describe("email analytics against the simulator", () => {
  it.effect("getEmailReputation answers well-formed zero rates for each window", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const reputation = yield* onesignal.getEmailReputation(appId)
      expect(reputation.last_24_hours).toEqual({ bounce_rate: 0, complaint_rate: 0 })
      expect(reputation.last_7_days).toEqual({ bounce_rate: 0, complaint_rate: 0 })
      expect(reputation.last_30_days).toEqual({ bounce_rate: 0, complaint_rate: 0 })
    }).pipe(Effect.provide(withUsers)))

  it.effect("getEmailProviderMetrics counts the stored emails of the domain per inbox provider", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* sendEmails
      const metrics = yield* onesignal.getEmailProviderMetrics(appId, range)
      expect(metrics.providers).toEqual([
        { provider: "gmail.com", delivered: 3, opened: 0, clicked: 0, bounced: 0, failed: 0, spam_complaints: 0 },
        { provider: "outlook.com", delivered: 1, opened: 0, clicked: 0, bounced: 0, failed: 0, spam_complaints: 0 },
        { provider: "yahoo.com", delivered: 1, opened: 0, clicked: 0, bounced: 0, failed: 0, spam_complaints: 0 }
      ])
      const before = yield* onesignal.getEmailProviderMetrics(appId, { ...range, end: "2026-03-06T00:00:00Z" })
      expect(before.providers?.map((p) => [p["provider"], p["delivered"]])).toEqual([
        ["gmail.com", 2],
        ["yahoo.com", 1]
      ])
      const unknown = yield* onesignal.getEmailProviderMetrics(appId, { ...range, domain: "unknown.test" })
      expect(unknown.providers).toEqual([])
    }).pipe(Effect.provide(withUsers)))

  it.effect("getEmailProviderMetricsTimeseries buckets the counts, narrowed to the requested providers", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* sendEmails
      const daily = yield* onesignal.getEmailProviderMetricsTimeseries(appId, { ...range, granularity: "daily" })
      expect(daily.events?.map((e) => [e["timestamp"], e["delivered"]])).toEqual([
        ["2026-03-05T00:00:00.000Z", 3],
        ["2026-03-07T00:00:00.000Z", 2]
      ])
      const gmailHourly = yield* onesignal.getEmailProviderMetricsTimeseries(appId, {
        ...range,
        granularity: "hourly",
        providers: ["gmail.com", "outlook.com"]
      })
      expect(gmailHourly.events?.map((e) => [e["timestamp"], e["delivered"]])).toEqual([
        ["2026-03-05T08:00:00.000Z", 2],
        ["2026-03-07T15:00:00.000Z", 2]
      ])
      const monthly = yield* onesignal.getEmailProviderMetricsTimeseries(appId, { ...range, granularity: "monthly" })
      expect(monthly.events).toEqual([
        {
          timestamp: "2026-03-01T00:00:00.000Z",
          delivered: 5,
          opened: 0,
          clicked: 0,
          bounced: 0,
          failed: 0,
          spam_complaints: 0
        }
      ])
      const unknown = yield* onesignal.getEmailProviderMetricsTimeseries(appId, { ...range, domain: "unknown.test" })
      expect(unknown.events).toEqual([])
    }).pipe(Effect.provide(withUsers)))

  it.effect("answers 400 for a range the reference forbids and 403 for a wrong key", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* TestClock.setTime(now)
      const tooOld = yield* Effect.flip(
        onesignal.getEmailProviderMetrics(appId, { ...range, start: "2024-01-01T00:00:00Z" })
      )
      expect(tooOld._tag).toBe("BadRequest")
      const hourlyTooOld = yield* Effect.flip(
        onesignal.getEmailProviderMetricsTimeseries(appId, {
          ...range,
          start: "2025-12-01T00:00:00Z",
          granularity: "hourly"
        })
      )
      expect(hourlyTooOld._tag).toBe("BadRequest")
      expect(hourlyTooOld._tag === "BadRequest" && hourlyTooOld.errors[0]).toContain("60 days")
      const noDomain = yield* Effect.flip(
        onesignal.request({
          method: "GET",
          path: `/apps/${appId}/email_analytics/provider_metrics`,
          query: { start: range.start, end: range.end }
        })
      )
      expect(noDomain._tag).toBe("BadRequest")
      const badGranularity = yield* Effect.flip(
        onesignal.request({
          method: "GET",
          path: `/apps/${appId}/email_analytics/provider_metrics_timeseries`,
          query: { ...range, granularity: "weekly" }
        })
      )
      expect(badGranularity._tag).toBe("BadRequest")
    }).pipe(Effect.provide(withUsers)))

  it.effect("refuses a key of no app", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.getEmailReputation(appId))
      expect(error._tag).toBe("Unauthorized")
    }).pipe(Effect.provide(simulatorLayer({ key: "not-a-key" }))))
})
