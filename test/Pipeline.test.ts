import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import * as Notifications from "../src/Notifications.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, notificationId, scriptLayer, secretKey } from "./utils/harness.js"

const ok = () => json(200, { id: "n" })

describe("path parameters", () => {
  const encoded: ReadonlyArray<readonly [string, string]> = [
    ["a/b", "a%2Fb"],
    ["a?b=c", "a%3Fb%3Dc"],
    ["a#b", "a%23b"],
    ["a/../b", "a%2F..%2Fb"],
    ["../x", "..%2Fx"],
    ["user@example.com", "user%40example.com"],
    ["+15551234567", "%2B15551234567"],
    ["ünï cödé", "%C3%BCn%C3%AF%20c%C3%B6d%C3%A9"]
  ]
  for (const [id, path] of encoded) {
    it.effect(`${JSON.stringify(id)} is sent as one percent-encoded segment`, () =>
      Effect.gen(function*() {
        yield* Notifications.getNotification(appId, id)
        const request = yield* MockTransport.lastRequest
        expect(request.path).toBe(`/notifications/${path}`)
        expect(request.url).toBe(`https://onesignal.test/notifications/${path}?app_id=${appId}`)
      }).pipe(Effect.provide(mockLayer(ok))))
  }

  // "." and ".." would be resolved away by the URL parser (even as %2E%2E), so
  // they are refused before anything is sent, like an empty id.
  for (const id of ["", ".", ".."]) {
    it.effect(`${JSON.stringify(id)} is refused with InvalidRequest and nothing is sent`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Notifications.cancelNotification(appId, id))
        expect(error._tag).toBe("InvalidRequest")
        expect(error.message).toContain("notification_id")
        expect(yield* MockTransport.requests).toHaveLength(0)
      }).pipe(Effect.provide(mockLayer(ok))))
  }

  it.effect("a query parameter is encoded by the URL, not by hand", () =>
    Effect.gen(function*() {
      yield* Notifications.getNotification("app&id=1", notificationId)
      const request = yield* MockTransport.lastRequest
      expect(request.query).toEqual({ app_id: "app&id=1" })
      expect(request.url).toContain("app_id=app%26id%3D1")
    }).pipe(Effect.provide(mockLayer(ok))))

  it.effect("an empty app_id is refused locally", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.getNotification("", notificationId))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(ok))))
})

describe("statuses an endpoint does not document", () => {
  it.effect("a 404 on createNotification (which documents none) is a BadRequest with status 404", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.createNotification({ app_id: appId, included_segments: ["All"] }))
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") return
      expect(error.status).toBe(404)
      expect(error.message).toBe("POST /notifications answered 404: no route")
    }).pipe(Effect.provide(scriptLayer([json(404, { errors: ["no route"] })]))))

  it.effect("a 3xx that was not followed is a BadRequest too", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.getNotification(appId, notificationId))
      expect(error._tag).toBe("BadRequest")
    }).pipe(Effect.provide(scriptLayer([{ status: 304 }]))))
})

interface RecordedSpan {
  readonly name: string
  readonly attributes: ReadonlyMap<string, unknown>
  readonly kind: Tracer.SpanKind
  readonly status: Tracer.SpanStatus
}

const recordingTracer = Effect.map(Effect.tracer, (base) => {
  const spans: Array<Tracer.Span> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const span = base.span(name, parent, context, links, startTime, kind, options)
      spans.push(span)
      return span
    },
    context: base.context
  })
  const recorded = (): ReadonlyArray<RecordedSpan> =>
    spans.map((span) => ({ name: span.name, attributes: span.attributes, kind: span.kind, status: span.status }))
  return { tracer, recorded }
})

describe("tracing", () => {
  it.effect("each call is one client span with method, route template, status and attempts", () =>
    Effect.gen(function*() {
      const { recorded, tracer } = yield* recordingTracer
      const fiber = yield* Effect.fork(
        Notifications.getNotification(appId, "user@example.com").pipe(Effect.withTracer(tracer))
      )
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      const spans = recorded()
      expect(spans.map((s) => s.name)).toEqual(["OneSignal.getNotification"])
      const span = spans[0]!
      expect(span.kind).toBe("client")
      expect(Object.fromEntries(span.attributes)).toEqual({
        "http.request.method": "GET",
        "url.template": "/notifications/{notification_id}",
        "onesignal.operation": "getNotification",
        "onesignal.attempts": 2,
        "http.response.status_code": 200
      })
      expect(span.status._tag).toBe("Ended")
    }).pipe(Effect.provide(scriptLayer([json(503, {}), json(200, { id: "n" })]))))

  it.effect("span attributes hold no key, no filled path and no query", () =>
    Effect.gen(function*() {
      const { recorded, tracer } = yield* recordingTracer
      yield* Effect.flip(
        Notifications.getNotification(appId, "user@example.com", { retry: false }).pipe(Effect.withTracer(tracer))
      )
      const values = recorded().flatMap((s) => [...s.attributes.values()].map(String))
      for (const value of values) {
        expect(value).not.toContain(secretKey)
        expect(value).not.toContain("user@example.com")
        expect(value).not.toContain(appId)
      }
      expect(Object.fromEntries(recorded()[0]!.attributes)["http.response.status_code"]).toBe(404)
    }).pipe(Effect.provide(scriptLayer([json(404, { errors: ["Notification not found"] })]))))

  it.effect("a call that fails before sending records zero attempts", () =>
    Effect.gen(function*() {
      const { recorded, tracer } = yield* recordingTracer
      yield* Effect.flip(Notifications.getNotification(appId, "").pipe(Effect.withTracer(tracer)))
      const attributes = Object.fromEntries(recorded()[0]!.attributes)
      expect(attributes["onesignal.attempts"]).toBe(0)
      expect(attributes["http.response.status_code"]).toBeUndefined()
    }).pipe(Effect.provide(scriptLayer([]))))

  it.effect("trace headers are not sent to OneSignal by default", () =>
    Effect.gen(function*() {
      yield* Notifications.getNotification(appId, notificationId).pipe(Effect.withSpan("parent"))
      const headers = (yield* MockTransport.lastRequest).headers
      expect(headers.traceparent).toBeUndefined()
      expect(headers.b3).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(ok))))

  it.effect("trace headers are sent when propagateTraceHeaders is on", () =>
    Effect.gen(function*() {
      yield* Notifications.getNotification(appId, notificationId).pipe(Effect.withSpan("parent"))
      const headers = (yield* MockTransport.lastRequest).headers
      expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/)
    }).pipe(Effect.provide(Layer.fresh(mockLayer(ok, { propagateTraceHeaders: true })))))
})
