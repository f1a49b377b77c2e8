import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { RestApiKey } from "../src/Credentials.js"
import * as CustomEvents from "../src/CustomEvents.js"
import { idempotencyKeyFrom } from "../src/Idempotency.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalConfig } from "../src/OneSignalConfig.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
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
      properties: { sku: "A-12", amount: 30.5, currency: "EUR", gift: false }
    },
    { name: "level_finished", onesignal_id: "2f6c1a9e-0b7d-4e3f-8a1c-5d9e7b3f1a20", external_id: null }
  ]
}

/** The events of a recorded request body. */
const sentEvents = (request: MockTransport.RecordedRequest): ReadonlyArray<Record<string, unknown>> =>
  (request.body as { events: ReadonlyArray<Record<string, unknown>> }).events

const keysOf = (request: MockTransport.RecordedRequest) => sentEvents(request).map((event) => event.idempotency_key)

const recorded = json(200, {})

const failedUser42 = {
  event_user_id: "user-42",
  event_id: "567491ee-9105-4a87-9cbc-ed78a571645b",
  error: { code: "not found", title: "failed to find a onesignal_id for user_id user-42" }
}

describe("createCustomEvents", () => {
  it.effect("POSTs { events } to /apps/{app_id}/custom_events, each event with its own UUID v4 idempotency_key", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.createCustomEvents(appId, events)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe(`https://onesignal.test/apps/${appId}/custom_events`)
      expect(request.query).toEqual({})
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
      expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
      expect(request.headers["content-type"]).toBe("application/json")
      // The key is per event, in the body; OneSignal documents no header.
      expect(request.headers["idempotency-key"]).toBeUndefined()
      const [first, second] = keysOf(request)
      expect(first).toMatch(uuidV4)
      expect(second).toMatch(uuidV4)
      expect(first).not.toBe(second)
      expect(sentEvents(request)).toEqual(
        events.events.map((event, i) => ({ ...event, idempotency_key: keysOf(request)[i] }))
      )
      expect(result.failed).toEqual([])
      expect(result.toResend).toEqual([])
      expect(result.events.map((event) => event.idempotency_key)).toEqual([first, second])
    }).pipe(Effect.provide(mockLayer(() => recorded))))

  it.effect("percent-encodes the app id", () =>
    Effect.gen(function*() {
      yield* CustomEvents.createCustomEvents("my app/1@x", events)
      expect((yield* MockTransport.lastRequest).path).toBe("/apps/my%20app%2F1%40x/custom_events")
    }).pipe(Effect.provide(mockLayer(() => recorded))))

  it.effect("is retried by default, with the same per-event keys on every attempt (503, then 200)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(CustomEvents.createCustomEvents(appId, events))
      yield* TestClock.adjust("499 millis")
      expect(yield* MockTransport.requests).toHaveLength(1)
      yield* TestClock.adjust("1 millis")
      const result = yield* Fiber.join(fiber)
      expect(result.failed).toEqual([])
      const [first, second] = yield* MockTransport.requests
      expect(keysOf(first!)).toHaveLength(2)
      expect(keysOf(second!)).toEqual(keysOf(first!))
      expect(second!.body).toEqual(first!.body)
    }).pipe(Effect.provide(Layer.fresh(scriptLayer([json(503, "<html>Service Unavailable</html>"), recorded])))))

  it.effect("re-running the same effect sends the same keys; another call gets new ones", () =>
    Effect.gen(function*() {
      const call = CustomEvents.createCustomEvents(appId, events)
      yield* call
      yield* call
      yield* CustomEvents.createCustomEvents(appId, events)
      const [first, again, other] = yield* MockTransport.requests
      expect(keysOf(again!)).toEqual(keysOf(first!))
      expect(keysOf(other!).some((key) => keysOf(first!).includes(key))).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => recorded))))

  it.effect("keeps the caller's own key of an event and fills in only the missing ones", () =>
    Effect.gen(function*() {
      const own = idempotencyKeyFrom("order-events", "order-7781-paid")
      yield* CustomEvents.createCustomEvents(appId, {
        events: [{ name: "order_paid", external_id: "user-42", idempotency_key: own }, { name: "x", external_id: "u" }]
      })
      const [kept, filled] = keysOf(yield* MockTransport.lastRequest)
      expect(kept).toBe(own)
      expect(filled).toMatch(uuidV4)
    }).pipe(Effect.provide(mockLayer(() => recorded))))

  it.effect("accepts class instances and keeps fields the schema does not know", () =>
    Effect.gen(function*() {
      const request = new CustomEvents.CustomEventsRequest({
        events: [new CustomEvents.CustomEvent({ name: "signup", external_id: "user-1", idempotency_key: "k-1" })]
      })
      yield* CustomEvents.createCustomEvents(appId, request)
      expect((yield* MockTransport.lastRequest).body).toEqual({
        events: [{ name: "signup", external_id: "user-1", idempotency_key: "k-1" }]
      })
      yield* CustomEvents.createCustomEvents(appId, {
        events: [{ name: "signup", external_id: "user-1", source: "web", idempotency_key: "k-2" } as CustomEvents.CustomEvent]
      })
      expect((yield* MockTransport.lastRequest).body).toEqual({
        events: [{ name: "signup", external_id: "user-1", source: "web", idempotency_key: "k-2" }]
      })
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it.effect("fails with InvalidRequest and sends nothing for a bad batch", () =>
    Effect.gen(function*() {
      const issueOf = (request: CustomEvents.CustomEventsRequest) =>
        Effect.flip(CustomEvents.createCustomEvents(appId, request)).pipe(
          Effect.map((error) => (error._tag === "InvalidRequest" ? error.issue : `not InvalidRequest: ${error._tag}`))
        )
      expect(yield* issueOf({ events: [{ name: "orphan", external_id: null }] })).toContain(
        "external_id or a onesignal_id"
      )
      expect(yield* issueOf({ events: [{ name: "x".repeat(129), external_id: "u" }] })).toContain("128")
      expect(yield* issueOf({} as CustomEvents.CustomEventsRequest)).toContain("events")
      expect(yield* issueOf({ events: [] })).toContain("1")
      // One event over 2,024 bytes of JSON, its key included.
      const big = { name: "big", external_id: "u", properties: { text: "é".repeat(1_000) } }
      expect(yield* issueOf({ events: [big] })).toContain("at most 2024 bytes")
      // A request over 1 MB: 600 events of about 1,900 bytes each.
      const full = { name: "full", external_id: "u", properties: { text: "a".repeat(1_800) } }
      expect(yield* issueOf({ events: Array.from({ length: 600 }, () => full) })).toContain(
        "at most 1000000 bytes"
      )
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => recorded))))

  it.effect("a batch just under both limits is sent", () =>
    Effect.gen(function*() {
      const event = { name: "fits", external_id: "u", properties: { text: "a".repeat(1_800) } }
      const result = yield* CustomEvents.createCustomEvents(appId, { events: Array.from({ length: 500 }, () => event) })
      expect(result.events).toHaveLength(500)
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(mockLayer(() => recorded))))

  it("the CustomEvent constructor enforces the user rule", () => {
    expect(() => new CustomEvents.CustomEvent({ name: "orphan" })).toThrow()
    expect(new CustomEvents.CustomEvent({ name: "ok", onesignal_id: "os-1" }).onesignal_id).toBe("os-1")
  })

  it.effect("a 202 lists the failed events, typed, and the events to send again with their keys", () =>
    Effect.gen(function*() {
      const result = yield* CustomEvents.createCustomEvents(appId, {
        events: [
          { name: "trial_started", external_id: "user-42", properties: { plan: "pro" } },
          { name: "trial_started", external_id: "user-7" },
          { name: "trial_extended", external_id: "user-42" }
        ]
      })
      const sent = keysOf(yield* MockTransport.lastRequest)
      expect(result.failed).toHaveLength(1)
      const [failure] = result.failed
      expect(failure).toBeInstanceOf(CustomEvents.FailedCustomEvent)
      expect(failure!.event_user_id).toBe("user-42")
      expect(failure!.event_id).toBe("567491ee-9105-4a87-9cbc-ed78a571645b")
      expect(failure!.error).toEqual({ code: "not found", title: "failed to find a onesignal_id for user_id user-42" })
      expect(result.toResend.map((event) => [event.name, event.idempotency_key])).toEqual([
        ["trial_started", sent[0]],
        ["trial_extended", sent[2]]
      ])
    }).pipe(Effect.provide(mockLayer(() =>
      json(202, { errors: [{ ...failedUser42, error: { ...failedUser42.error, detail: "new" }, retry_in: 5 }] })
    ))))

  it.effect("a failure naming an event's own key picks that event", () =>
    Effect.gen(function*() {
      const result = yield* CustomEvents.createCustomEvents(appId, {
        events: [
          { name: "a", external_id: "user-1", idempotency_key: "key-a" },
          { name: "b", external_id: "user-1", idempotency_key: "key-b" }
        ]
      })
      expect(result.toResend.map((event) => event.name)).toEqual(["b"])
    }).pipe(Effect.provide(mockLayer(() =>
      json(202, { errors: [{ event_user_id: "other", event_id: "key-b", error: { code: "invalid" } }] })
    ))))

  it.effect("an empty 200 body means every event was recorded", () =>
    Effect.gen(function*() {
      const result = yield* CustomEvents.createCustomEvents(appId, events)
      expect(result.failed).toEqual([])
      expect(result.events).toHaveLength(2)
    }).pipe(Effect.provide(mockLayer(() => ({ status: 200, body: "" })))))

  it.effect("a 2xx body that is not an object fails with ResponseDecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(CustomEvents.createCustomEvents(appId, events))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(mockLayer(() => json(200, ["not", "an", "object"])))))
})

// Every documented status (202, 400, 401, 429), plus the statuses every
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

// -----------------------------------------------------------------------------
// Over real HTTP
// -----------------------------------------------------------------------------

interface Received {
  readonly url: string | undefined
  readonly headers: IncomingMessage["headers"]
  readonly body: { readonly events: ReadonlyArray<Record<string, unknown>> }
}

/**
 * A loopback server that answers the custom events route with `replies` in
 * order and records every request. Closed with the scope.
 */
const scriptedServer = (
  replies: ReadonlyArray<{ readonly status: number; readonly body: string }>
): Effect.Effect<{ readonly url: string; readonly received: ReadonlyArray<Received> }, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<{ url: string; received: Array<Received>; close: () => void }>((resume) => {
      const received: Array<Received> = []
      const server = createServer((request: IncomingMessage, response: ServerResponse) => {
        let text = ""
        request.setEncoding("utf8")
        request.on("data", (chunk: string) => (text += chunk))
        request.on("end", () => {
          received.push({ url: request.url, headers: request.headers, body: JSON.parse(text) })
          const reply = replies[received.length - 1] ?? { status: 500, body: "{\"errors\":[\"unscripted\"]}" }
          response.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body)
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, received, close: () => server.close() }))
      })
    }),
    ({ close }) => Effect.sync(close)
  )

describe("createCustomEvents over loopback HTTP", () => {
  it.scopedLive("a 503, then a 202 with one failed event: two attempts with the same keys, the failure in the result", () =>
    Effect.gen(function*() {
      const server = yield* scriptedServer([
        { status: 503, body: "<html>Service Unavailable</html>" },
        { status: 202, body: JSON.stringify({ errors: [failedUser42] }) }
      ])
      const client = OneSignal.layer.pipe(
        Layer.provide(RestApiKey.layer(secretKey)),
        Layer.provide(OneSignalConfig.layer({
          baseUrl: server.url,
          // Waits of a millisecond: the retry is real, the suite does not sleep.
          retry: RetryPolicy.make({ jitter: false, baseDelay: "1 millis", maxRetries: 2 })
        })),
        Layer.provide(FetchHttpClient.layer)
      )
      const result = yield* Effect.flatMap(OneSignal, (onesignal) => onesignal.createCustomEvents(appId, events)).pipe(
        Effect.provide(client)
      )
      expect(server.received).toHaveLength(2)
      const [first, second] = server.received
      expect(first!.url).toBe(`/apps/${appId}/custom_events`)
      expect(first!.headers["idempotency-key"]).toBeUndefined()
      const keys = first!.body.events.map((event) => event.idempotency_key)
      expect(keys.every((key) => typeof key === "string" && uuidV4.test(key))).toBe(true)
      expect(second!.body.events.map((event) => event.idempotency_key)).toEqual(keys)
      expect(result.failed.map((failure) => failure.event_user_id)).toEqual(["user-42"])
      expect(result.toResend.map((event) => event.idempotency_key)).toEqual([keys[0]])
    }))
})
