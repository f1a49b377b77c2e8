/**
 * The message fields of SDK 5.18 and the current reference (`kind`,
 * `email_warm_up`, `enable_frequency_cap`) and the recipient estimate
 * (`estimateNotificationRecipients`), through the mock transport: what is
 * sent, what is refused locally, and how answers decode.
 */
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, notificationId, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const expectRestKeyOnly = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
}

const stages = [
  { start: "2026-03-01T09:00:00Z", end: "2026-03-02T09:00:00Z", quota: 500 },
  { start: "2026-03-02T09:00:00Z", end: "2026-03-03T09:00:00Z", quota: 2000 }
]

/** An Auto Warm Up email as a caller writes it. */
const warmUpEmail = {
  app_id: appId,
  included_segments: ["Newsletter"],
  email_subject: "Our spring collection",
  email_body: "<p>Hello</p><a href=\"[unsubscribe_url]\">Unsubscribe</a>",
  email_sender_domain: "mail.acme.test",
  kind: "warmup",
  email_warm_up: { stages, strategy: "custom" }
} as const

/** A `GET /notifications/{id}` answer of a warm-up campaign, with fields and values this library does not know. */
const warmUpAnswer = {
  id: notificationId,
  app_id: appId,
  kind: "warmup",
  email_subject: "Our spring collection",
  enable_frequency_cap: null,
  email_warm_up: {
    stages: [
      { ...stages[0], acked: true, sent: 498 },
      { ...stages[1], acked: false }
    ],
    strategy: "recommended",
    status: "paused_for_review",
    is_live: false,
    next_stage_at: "2026-03-02T09:00:00Z"
  },
  successful: 498,
  platform_delivery_stats: { email: { successful: 498, opened: 120 } },
  fcap_status: "uncapped"
}

describe("message fields: kind, email_warm_up, enable_frequency_cap", () => {
  it.effect("createNotification sends an Auto Warm Up email as given", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.createNotification(warmUpEmail)
      expect(result._tag).toBe("Sent")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/notifications")
      expectRestKeyOnly(request)
      const { idempotency_key, ...sent } = request.body as Record<string, unknown>
      expect(typeof idempotency_key).toBe("string")
      expect(sent).toEqual(warmUpEmail)
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId })))))

  it.effect("createNotification sends enable_frequency_cap: false on a push", () =>
    Effect.gen(function*() {
      yield* Notifications.createNotification({
        app_id: appId,
        contents: { en: "Flash sale" },
        included_segments: ["All"],
        enable_frequency_cap: false
      })
      const request = yield* MockTransport.lastRequest
      expect(request.body).toMatchObject({ enable_frequency_cap: false, included_segments: ["All"] })
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId })))))

  it.effect("refuses a wrong kind, a warm-up without stages or with send_after, before sending anything", () =>
    Effect.gen(function*() {
      const refused = [
        { ...warmUpEmail, kind: "drip" },
        { ...warmUpEmail, email_warm_up: undefined },
        { ...warmUpEmail, email_warm_up: { stages: [] } },
        { ...warmUpEmail, email_warm_up: { stages, strategy: "aggressive" } },
        { ...warmUpEmail, email_warm_up: { stages: [{ start: "2026-03-01T09:00:00Z", quota: 5 }] } },
        { ...warmUpEmail, email_warm_up: { stages: [{ ...stages[0], quota: 2.5 }] } },
        { ...warmUpEmail, send_after: "2026-03-01 09:00:00 GMT+0000" },
        { app_id: appId, contents: { en: "Hi" }, included_segments: ["All"], enable_frequency_cap: "no" }
      ]
      for (const body of refused) {
        const error = yield* Effect.flip(Notifications.createNotification(body as unknown as Notifications.Notification))
        expect(error._tag).toBe("InvalidRequest")
      }
      const noStages = yield* Effect.flip(
        Notifications.createNotification({ ...warmUpEmail, email_warm_up: undefined })
      )
      expect(noStages._tag === "InvalidRequest" && noStages.issue).toContain("needs email_warm_up")
      const scheduled = yield* Effect.flip(
        Notifications.createNotification({ ...warmUpEmail, send_after: "2026-03-01 09:00:00 GMT+0000" })
      )
      expect(scheduled._tag === "InvalidRequest" && scheduled.issue).toContain("cannot be combined with send_after")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId })))))

  it.effect("getNotification decodes a warm-up campaign, keeping an unknown status and strategy as strings", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const message = yield* onesignal.getNotification(appId, notificationId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/notifications/${notificationId}`)
      expect(request.query).toEqual({ app_id: appId })
      expectRestKeyOnly(request)
      expect(message).toBeInstanceOf(Notifications.NotificationWithMeta)
      expect(message.kind).toBe("warmup")
      expect(message.enable_frequency_cap).toBeNull()
      expect(message.email_warm_up).toEqual({
        stages: [{ ...stages[0], acked: true }, { ...stages[1], acked: false }],
        strategy: "recommended",
        status: "paused_for_review",
        is_live: false
      })
      expect("fcap_status" in message).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, warmUpAnswer)))))

  it("decodes an unknown kind and strategy in answers, and a missing or null warm-up", () => {
    const decode = Schema.decodeUnknownSync(Notifications.NotificationWithMeta)
    const later = decode({ ...warmUpAnswer, kind: "drip", email_warm_up: { ...warmUpAnswer.email_warm_up, strategy: "adaptive" } })
    expect(later.kind).toBe("drip")
    expect(later.email_warm_up?.strategy).toBe("adaptive")
    expect(decode({ id: notificationId, email_warm_up: null }).email_warm_up).toBeNull()
    expect(decode({ id: notificationId }).kind).toBeUndefined()
    // A value of the wrong type still fails.
    expect(() => decode({ ...warmUpAnswer, email_warm_up: { stages: "all" } })).toThrow()
  })

  it("types: strict on requests, lenient on answers", () => {
    expectTypeOf<Notifications.Notification["kind"]>().toEqualTypeOf<"warmup" | undefined>()
    expectTypeOf<NonNullable<Notifications.Notification["email_warm_up"]>["strategy"]>().toEqualTypeOf<
      "recommended" | "custom" | undefined
    >()
    expectTypeOf<NonNullable<Notifications.NotificationWithMeta["email_warm_up"]>["status"]>().toEqualTypeOf<
      "initializing" | "draft" | "active" | "finished" | "canceled" | (string & {}) | null | undefined
    >()
    expectTypeOf<Notifications.NotificationWithMeta["enable_frequency_cap"]>().toEqualTypeOf<
      boolean | null | undefined
    >()
    expect(Object.keys(Notifications.Notification.fields)).toEqual(
      expect.arrayContaining(["kind", "email_warm_up", "enable_frequency_cap"])
    )
    expect(Object.keys(Notifications.NotificationWithMeta.fields)).toEqual(
      expect.arrayContaining(["kind", "email_warm_up", "enable_frequency_cap"])
    )
  })

  it("EmailWarmUpStage and EmailWarmUpRequest are strict, EmailWarmUp lenient", () => {
    const encodeRequest = Schema.encodeUnknownSync(Notifications.EmailWarmUpRequest)
    expect(encodeRequest({ stages })).toEqual({ stages })
    expect(() => encodeRequest({ stages: [], strategy: "custom" })).toThrow(/stages/)
    expect(() => Schema.encodeUnknownSync(Notifications.EmailWarmUpStage)({ start: "a", end: "b" })).toThrow(/quota/)
    const reported = Schema.decodeUnknownSync(Notifications.EmailWarmUp)({ status: "new", stages: [{ quota: null }] })
    expect(reported).toEqual({ status: "new", stages: [{ quota: null }] })
  })
})

// -----------------------------------------------------------------------------
// estimateNotificationRecipients
// -----------------------------------------------------------------------------

const estimateBody = {
  app_id: appId,
  included_segments: ["Subscribed Users"],
  excluded_segments: ["Churned"],
  filters: [{ field: "tag", key: "level", relation: ">", value: "10" }, { operator: "OR" }, {
    field: "language",
    relation: "=",
    value: "fr"
  }],
  include_aliases: { external_id: ["user-1", "user-2"] },
  target_channel: "push"
} as const

/** The answer of a capped web push estimate, with a field this library does not know. */
const estimateAnswer = {
  count: 10000,
  uncapped_count: 12500,
  cap_applied: true,
  mobile_suppressed: false,
  mobile_excluded_count: 0,
  plan: "free"
}

describe("estimateNotificationRecipients", () => {
  it.effect("POSTs the targeting to /notifications/count-unsaved with the REST key and decodes the estimate", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const estimate = yield* onesignal.estimateNotificationRecipients(estimateBody)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/notifications/count-unsaved")
      expect(request.query).toEqual({})
      expectRestKeyOnly(request)
      expect(request.body).toEqual(estimateBody)
      expect(estimate).toBeInstanceOf(Notifications.EstimateNotificationRecipientsSuccessResponse)
      expect(estimate.count).toBe(10000)
      expect(estimate.uncapped_count).toBe(12500)
      expect(estimate.cap_applied).toBe(true)
      expect(estimate.mobile_excluded_count).toBe(0)
      expect("plan" in estimate).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, estimateAnswer)))))

  it.effect("accepts a class instance and a whole draft message, sending the other fields along", () =>
    Effect.gen(function*() {
      yield* Notifications.estimateNotificationRecipients(
        new Notifications.EstimateNotificationRecipientsRequest({ app_id: appId, included_segments: ["All"] })
      )
      expect((yield* MockTransport.lastRequest).body).toEqual({ app_id: appId, included_segments: ["All"] })
      const draft = { app_id: appId, included_segments: ["All"], contents: { en: "Hi" }, isIos: true }
      yield* Notifications.estimateNotificationRecipients(draft)
      expect((yield* MockTransport.lastRequest).body).toEqual(draft)
    }).pipe(Effect.provide(mockLayer(() => json(200, { count: 3, uncapped_count: null, cap_applied: false })))))

  it.effect("decodes nulls and an empty answer", () =>
    Effect.gen(function*() {
      const estimate = yield* Notifications.estimateNotificationRecipients({ app_id: appId, included_segments: ["All"] })
      expect(estimate.count).toBe(0)
      expect(estimate.uncapped_count).toBeNull()
      expect(estimate.mobile_suppressed).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => json(200, { count: 0, uncapped_count: null })))))

  it.effect("fails with InvalidRequest and sends nothing without included_segments or with a bad channel", () =>
    Effect.gen(function*() {
      const refused = [
        { app_id: appId },
        { app_id: appId, included_segments: "All" },
        { included_segments: ["All"] },
        { app_id: appId, included_segments: ["All"], target_channel: "fax" },
        { app_id: appId, included_segments: ["All"], filters: [{ field: "tag", relation: "like" }] }
      ]
      for (const body of refused) {
        const error = yield* Effect.flip(
          Notifications.estimateNotificationRecipients(
            body as unknown as Notifications.EstimateNotificationRecipientsRequest
          )
        )
        expect(error._tag).toBe("InvalidRequest")
        if (error._tag === "InvalidRequest") expect(error.route).toBe("/notifications/count-unsaved")
      }
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, estimateAnswer)))))

  it.effect("is retried after a 503 by default (it only reads)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Notifications.estimateNotificationRecipients(estimateBody))
      yield* TestClock.adjust("500 millis")
      const estimate = yield* Fiber.join(fiber)
      expect(estimate.count).toBe(10000)
      const requests = yield* MockTransport.requests
      expect(requests.map((r) => r.path)).toEqual(["/notifications/count-unsaved", "/notifications/count-unsaved"])
      expect(requests[1]!.body).toEqual(requests[0]!.body)
    }).pipe(Effect.provide(Layer.fresh(scriptLayer([json(503, { errors: ["busy"] }), json(200, estimateAnswer)])))))
})

describeErrorStatuses({
  calls: { estimateNotificationRecipients: Notifications.estimateNotificationRecipients(estimateBody) },
  documented: {
    estimateNotificationRecipients: [
      [400, "BadRequest"],
      [429, "RateLimited"],
      [404, "BadRequest"]
    ]
  }
})
