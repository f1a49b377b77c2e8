import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as LiveActivities from "../src/LiveActivities.js"
import { OneSignal } from "../src/OneSignal.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { commonStatuses, describeErrorStatuses } from "./utils/statuses.js"

const subscriptionId = "1c1b7a4e-6f0a-4c2d-9d7e-3b2f4b1f9e11"

/** Asserts the request carried the REST key, and nothing of the organization key. */
const expectRestKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
}

const startRequest: LiveActivities.StartLiveActivityRequest = {
  name: "Order 1234 tracker",
  activity_id: "order-1234",
  event_attributes: { order_number: "1234", courier: "Speedy" },
  event_updates: { status: "preparing", eta_minutes: 25 },
  contents: { en: "Your order is being prepared" },
  headings: { en: "Order 1234" },
  include_aliases: { external_id: ["user-42"] },
  stale_date: 1_700_003_600,
  priority: 10,
  ios_relevance_score: 0.5
}

const updateRequest: LiveActivities.UpdateLiveActivityRequest = {
  name: "Order 1234 out for delivery",
  event: "update",
  event_updates: { status: "on_the_way", eta_minutes: 8 },
  contents: { en: "Your courier is on the way" },
  sound: "chime.wav"
}

describe("startLiveActivity", () => {
  it.effect("POSTs to /apps/{app_id}/activities/activity/{activity_type} with event start; decodes a 201", () =>
    Effect.gen(function*() {
      const result = yield* LiveActivities.startLiveActivity(appId, "order status/v2", startRequest)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/apps/${appId}/activities/activity/order%20status%2Fv2`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.headers["idempotency-key"]).toBeUndefined()
      expect(request.body).toEqual({ ...startRequest, event: "start" })
      expect(result).toBeInstanceOf(LiveActivities.StartLiveActivitySuccessResponse)
      expect(result.notification_id).toBe("5b2f6a8e-0c1d-4e6f-8a9b-1c2d3e4f5a6b")
      expect("unknown_extra" in result).toBe(false)
    }).pipe(Effect.provide(mockLayer(() =>
      json(201, { notification_id: "5b2f6a8e-0c1d-4e6f-8a9b-1c2d3e4f5a6b", unknown_extra: { a: 1 }, errors: null })
    ))))

  it.effect("accepts a class instance and keeps an explicit event and unknown fields", () =>
    Effect.gen(function*() {
      const body = new LiveActivities.StartLiveActivityRequest({ ...startRequest, event: "start" })
      const result = yield* LiveActivities.startLiveActivity(appId, "order_status", body)
      const request = yield* MockTransport.lastRequest
      expect(request.body).toEqual({ ...startRequest, event: "start" })
      expect(result.notification_id).toBeNull()
      yield* LiveActivities.startLiveActivity(
        appId,
        "order_status",
        { ...startRequest, brand_new_option: true } as LiveActivities.StartLiveActivityRequest
      )
      expect(((yield* MockTransport.lastRequest).body as any).brand_new_option).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(201, { notification_id: null })))))

  it.effect("fails with InvalidRequest and sends nothing when a required field is missing or mistyped", () =>
    Effect.gen(function*() {
      const { contents: _, ...withoutContents } = startRequest
      const missing = yield* Effect.flip(
        LiveActivities.startLiveActivity(
          appId,
          "order_status",
          withoutContents as LiveActivities.StartLiveActivityRequest
        )
      )
      expect(missing._tag).toBe("InvalidRequest")
      if (missing._tag === "InvalidRequest") expect(missing.issue).toContain("contents")
      const wrongEvent = yield* Effect.flip(
        LiveActivities.startLiveActivity(appId, "order_status", { ...startRequest, event: "update" as "start" })
      )
      expect(wrongEvent._tag).toBe("InvalidRequest")
      const emptyType = yield* Effect.flip(LiveActivities.startLiveActivity(appId, "", startRequest))
      expect(emptyType._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(201, {})))))

  it.effect("is not retried by default (a POST without an idempotency key)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(LiveActivities.startLiveActivity(appId, "order_status", startRequest))
      expect(error._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(Layer.fresh(scriptLayer([json(503, { errors: ["unavailable"] })])))))
})

describe("updateLiveActivity", () => {
  it.effect("POSTs the update to /apps/{app_id}/live_activities/{activity_id}/notifications", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.updateLiveActivity(appId, "order@1234", updateRequest)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/apps/${appId}/live_activities/order%401234/notifications`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual(updateRequest)
      expect(result).toBeInstanceOf(LiveActivities.UpdateLiveActivitySuccessResponse)
      expect(result.id).toBe("0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098")
      expect(result.notification_id).toBeUndefined()
      expect(result.errors).toBeNull()
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { id: "0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098", errors: null, recipients: 3, next_feature: "x" })
    ))))

  it.effect("ends an activity with a dismissal date, and reads the 1.2.2 answer shape", () =>
    Effect.gen(function*() {
      const end: LiveActivities.UpdateLiveActivityRequest = {
        name: "Order 1234 delivered",
        event: "end",
        event_updates: { status: "delivered", eta_minutes: 0 },
        dismissal_date: 1_700_007_200,
        priority: 5
      }
      const result = yield* LiveActivities.updateLiveActivity(appId, "order-1234", end)
      expect((yield* MockTransport.lastRequest).body).toEqual(end)
      expect(result.id).toBeUndefined()
      expect(result.notification_id).toBe("n-1")
      expect(result.errors).toEqual({ invalid_player_ids: ["p-9"] })
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { notification_id: "n-1", errors: { invalid_player_ids: ["p-9"] } })
    ))))

  it.effect("rejects a dismissal date on an update, and an unknown event, before sending", () =>
    Effect.gen(function*() {
      const dismissOnUpdate = yield* Effect.flip(
        LiveActivities.updateLiveActivity(appId, "order-1234", { ...updateRequest, dismissal_date: 1_700_007_200 })
      )
      expect(dismissOnUpdate._tag).toBe("InvalidRequest")
      if (dismissOnUpdate._tag === "InvalidRequest") expect(dismissOnUpdate.issue).toContain("only allowed")
      const badEvent = yield* Effect.flip(
        LiveActivities.updateLiveActivity(appId, "order-1234", { ...updateRequest, event: "stop" as "end" })
      )
      expect(badEvent._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it("the class constructor enforces the same rule", () => {
    expect(() => new LiveActivities.UpdateLiveActivityRequest({ ...updateRequest, dismissal_date: 1 })).toThrow()
    expect(new LiveActivities.UpdateLiveActivityRequest({ ...updateRequest, event: "end", dismissal_date: 1 }).event)
      .toBe("end")
  })
})

describe("beginLiveActivity", () => {
  it.effect("POSTs { push_token, subscription_id } to .../live_activities/{activity_id}/token and decodes a 204", () =>
    Effect.gen(function*() {
      const result = yield* LiveActivities.beginLiveActivity(appId, "match 7/final", {
        push_token: "80a2a1b3c4d5e6f7",
        subscription_id: subscriptionId
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/apps/${appId}/live_activities/match%207%2Ffinal/token`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ push_token: "80a2a1b3c4d5e6f7", subscription_id: subscriptionId })
      expect(result).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => ({ status: 204 })))))

  it.effect("fails with InvalidRequest without a push token", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        LiveActivities.beginLiveActivity(
          appId,
          "match-7",
          { subscription_id: subscriptionId } as LiveActivities.BeginLiveActivityRequest
        )
      )
      expect(error._tag).toBe("InvalidRequest")
      if (error._tag === "InvalidRequest") expect(error.issue).toContain("push_token")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => ({ status: 204 })))))
})

describe("endLiveActivity", () => {
  it.effect("DELETEs .../live_activities/{activity_id}/token/{subscription_id} without a body", () =>
    Effect.gen(function*() {
      const result = yield* LiveActivities.endLiveActivity(appId, "match-7", "sub@device 1")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/apps/${appId}/live_activities/match-7/token/sub%40device%201`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.bodyText).toBeUndefined()
      expect(result).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => ({ status: 204 })))))

  it.effect("is retried by default (a DELETE), and an empty 200 also decodes", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(LiveActivities.endLiveActivity(appId, "match-7", subscriptionId))
      yield* TestClock.adjust("500 millis")
      const result = yield* Fiber.join(fiber)
      expect(result).toBeUndefined()
      expect(yield* MockTransport.requests).toHaveLength(2)
    }).pipe(Effect.provide(Layer.fresh(scriptLayer([MockTransport.fail("connection reset"), { status: 200 }])))))
})

// Every documented status of every operation, mapped to its tag, plus the
// statuses every endpoint may answer.
const calls = {
  startLiveActivity: LiveActivities.startLiveActivity(appId, "order_status", startRequest),
  updateLiveActivity: LiveActivities.updateLiveActivity(appId, "order-1234", updateRequest),
  beginLiveActivity: LiveActivities.beginLiveActivity(appId, "order-1234", {
    push_token: "80a2a1b3",
    subscription_id: subscriptionId
  }),
  endLiveActivity: LiveActivities.endLiveActivity(appId, "order-1234", subscriptionId)
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  startLiveActivity: [[400, "BadRequest"], [429, "RateLimited"]],
  updateLiveActivity: [[400, "BadRequest"], [429, "RateLimited"]],
  beginLiveActivity: [[400, "BadRequest"], [429, "RateLimited"]],
  endLiveActivity: [[400, "BadRequest"], [429, "RateLimited"]]
}

describeErrorStatuses({ calls, documented, common: [...commonStatuses, [404, "NotFound"]] })
