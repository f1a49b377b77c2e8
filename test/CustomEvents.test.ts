import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as CustomEvents from "../src/CustomEvents.js"
import { OneSignal } from "../src/OneSignal.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const events: CustomEvents.CustomEventsRequest = {
  events: [
    {
      name: "purchase_completed",
      external_id: "user-42",
      timestamp: "2025-03-14T09:26:53.000Z",
      payload: { sku: "A-12", amount: 30.5, currency: "EUR", gift: false }
    },
    { name: "level_finished", onesignal_id: "2f6c1a9e-0b7d-4e3f-8a1c-5d9e7b3f1a20", external_id: null }
  ]
}

const accepted = json(200, { accepted: 2, queued: true, debug: null })

describe("createCustomEvents", () => {
  it.effect("POSTs { events } to /apps/{app_id}/integrations/custom_events with a UUID v4 Idempotency-Key", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.createCustomEvents(appId, events)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe(`https://onesignal.test/apps/${appId}/integrations/custom_events`)
      expect(request.query).toEqual({})
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
      expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.headers["idempotency-key"]).toMatch(uuidV4)
      expect(request.body).toEqual(events)
      expect(result).toEqual({ accepted: 2, queued: true, debug: null })
    }).pipe(Effect.provide(mockLayer(() => accepted))))

  it.effect("percent-encodes the app id", () =>
    Effect.gen(function*() {
      yield* CustomEvents.createCustomEvents("my app/1@x", events)
      expect((yield* MockTransport.lastRequest).path).toBe("/apps/my%20app%2F1%40x/integrations/custom_events")
    }).pipe(Effect.provide(mockLayer(() => accepted))))

  it.effect("sends the same key on every attempt of a retried call (503, then 200)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(CustomEvents.createCustomEvents(appId, events))
      yield* TestClock.adjust("499 millis")
      expect(yield* MockTransport.requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      const result = yield* Fiber.join(fiber)
      expect(result).toEqual({ accepted: 2, queued: true, debug: null })
      const [first, second] = yield* MockTransport.requests
      expect(first!.headers["idempotency-key"]).toMatch(uuidV4)
      expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"])
      expect(second!.body).toEqual(first!.body)
    }).pipe(Effect.provide(Layer.fresh(scriptLayer([json(503, "<html>Service Unavailable</html>"), accepted])))))

  it.effect("re-running the same effect sends the same key", () =>
    Effect.gen(function*() {
      const call = CustomEvents.createCustomEvents(appId, events)
      yield* call
      yield* call
      const [first, second] = yield* MockTransport.requests
      expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"])
    }).pipe(Effect.provide(mockLayer(() => accepted))))

  it.effect("uses the caller's key as given, and gives two calls two keys", () =>
    Effect.gen(function*() {
      yield* CustomEvents.createCustomEvents(appId, events, { idempotencyKey: "checkout-7781-events" })
      yield* CustomEvents.createCustomEvents(appId, events)
      yield* CustomEvents.createCustomEvents(appId, events)
      const [own, a, b] = yield* MockTransport.requests
      expect(own!.headers["idempotency-key"]).toBe("checkout-7781-events")
      expect(own!.body).toEqual(events)
      expect(a!.headers["idempotency-key"]).toMatch(uuidV4)
      expect(b!.headers["idempotency-key"]).toMatch(uuidV4)
      expect(a!.headers["idempotency-key"]).not.toBe(b!.headers["idempotency-key"])
    }).pipe(Effect.provide(mockLayer(() => accepted))))

  it.effect("accepts class instances and keeps fields the schema does not know", () =>
    Effect.gen(function*() {
      const request = new CustomEvents.CustomEventsRequest({
        events: [new CustomEvents.CustomEvent({ name: "signup", external_id: "user-1" })]
      })
      yield* CustomEvents.createCustomEvents(appId, request)
      expect((yield* MockTransport.lastRequest).body).toEqual({ events: [{ name: "signup", external_id: "user-1" }] })
      yield* CustomEvents.createCustomEvents(appId, {
        events: [{ name: "signup", external_id: "user-1", source: "web" } as CustomEvents.CustomEvent]
      })
      expect((yield* MockTransport.lastRequest).body).toEqual({
        events: [{ name: "signup", external_id: "user-1", source: "web" }]
      })
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it.effect("fails with InvalidRequest and sends nothing for an event without a user, or a name over 128 chars", () =>
    Effect.gen(function*() {
      const noUser = yield* Effect.flip(
        CustomEvents.createCustomEvents(appId, { events: [{ name: "orphan", external_id: null }] })
      )
      expect(noUser._tag).toBe("InvalidRequest")
      if (noUser._tag === "InvalidRequest") expect(noUser.issue).toContain("external_id or a onesignal_id")
      const longName = yield* Effect.flip(
        CustomEvents.createCustomEvents(appId, { events: [{ name: "x".repeat(129), external_id: "u" }] })
      )
      expect(longName._tag).toBe("InvalidRequest")
      const noEvents = yield* Effect.flip(
        CustomEvents.createCustomEvents(appId, {} as CustomEvents.CustomEventsRequest)
      )
      expect(noEvents._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => accepted))))

  it("the CustomEvent constructor enforces the user rule", () => {
    expect(() => new CustomEvents.CustomEvent({ name: "orphan" })).toThrow()
    expect(new CustomEvents.CustomEvent({ name: "ok", onesignal_id: "os-1" }).onesignal_id).toBe("os-1")
  })

  it.effect("decodes a 202 that reports failed events, keeping every key", () =>
    Effect.gen(function*() {
      const result = yield* CustomEvents.createCustomEvents(appId, {
        events: [{
          name: "trial_started",
          external_id: "abc123",
          idempotency_key: "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
          properties: { plan: "pro" }
        }]
      })
      expect((yield* MockTransport.lastRequest).body).toEqual({
        events: [{
          name: "trial_started",
          external_id: "abc123",
          idempotency_key: "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
          properties: { plan: "pro" }
        }]
      })
      expect(result.errors).toEqual([{
        event_user_id: "abc123",
        event_id: "567491ee-9105-4a87-9cbc-ed78a571645b",
        error: { code: "not found", title: "failed to find a onesignal_id for user_id abc123" }
      }])
    }).pipe(Effect.provide(mockLayer(() =>
      json(202, {
        errors: [{
          event_user_id: "abc123",
          event_id: "567491ee-9105-4a87-9cbc-ed78a571645b",
          error: { code: "not found", title: "failed to find a onesignal_id for user_id abc123" }
        }]
      })
    ))))

  it.effect("a 2xx body that is not an object fails with ResponseDecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(CustomEvents.createCustomEvents(appId, events))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(mockLayer(() => json(200, ["not", "an", "object"])))))
})

// Every documented status (200, 400, 401, 429), plus the statuses every
// endpoint may answer.
const statuses: ReadonlyArray<readonly [number, string]> = [
  [400, "BadRequest"],
  [401, "Unauthorized"],
  [429, "RateLimited"],
  [403, "Unauthorized"],
  [404, "NotFound"],
  [500, "ServerError"],
  [422, "BadRequest"]
]

describeErrorStatuses({
  calls: { createCustomEvents: CustomEvents.createCustomEvents(appId, events) },
  documented: { createCustomEvents: statuses }
})
