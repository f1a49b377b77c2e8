import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import { organizationRequest, request } from "../src/Request.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgMockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"

const Segment = Schema.Struct({ id: Schema.String, name: Schema.String })

describe("request", () => {
  it.effect("fills and percent-encodes {params}, sends the query and the REST key, decodes with the schema", () =>
    Effect.gen(function*() {
      const segment = yield* request({
        method: "GET",
        path: "/apps/{app_id}/segments/{segment_id}",
        params: { app_id: appId, segment_id: "a/b c" },
        query: { limit: 5, tags: ["x", "y"], skipped: undefined },
        schema: Segment
      })
      expect(segment).toEqual({ id: "s1", name: "VIP" })
      const sent = yield* MockTransport.lastRequest
      expect(sent.method).toBe("GET")
      expect(sent.path).toBe(`/apps/${appId}/segments/a%2Fb%20c`)
      expect(sent.url).toContain("limit=5&tags=x&tags=y")
      expect(sent.url).not.toContain("skipped")
      expect(sent.headers.authorization).toBe(`Key ${secretKey}`)
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: "s1", name: "VIP", extra: true })))))

  it.effect("sends a JSON body and returns unknown without a schema", () =>
    Effect.gen(function*() {
      const answer = yield* request({ method: "POST", path: "/apps/x/things", body: { enabled: true } })
      expect(answer).toEqual({ ok: 1 })
      const sent = yield* MockTransport.lastRequest
      expect(sent.body).toEqual({ enabled: true })
      expect(sent.headers["content-type"]).toBe("application/json")
    }).pipe(Effect.provide(mockLayer(() => json(200, { ok: 1 })))))

  it.effect("a missing placeholder value fails with InvalidRequest and sends nothing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(request({ method: "GET", path: "/apps/{app_id}/segments", params: {} }))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it.effect("maps statuses to the same tagged errors", () =>
    Effect.gen(function*() {
      const tags: Array<string> = []
      for (const _ of [404, 409, 400, 403, 500]) {
        const error = yield* Effect.flip(request({ method: "DELETE", path: "/x", retry: false }))
        tags.push(error._tag)
      }
      expect(tags).toEqual(["NotFound", "Conflict", "BadRequest", "Unauthorized", "ServerError"])
    }).pipe(Effect.provide(scriptLayer([404, 409, 400, 403, 500].map((s) => json(s, { errors: [String(s)] }))))))

  it.effect("an answer that breaks the schema is a ResponseDecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(request({ method: "GET", path: "/x", schema: Segment }))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: 1 })))))

  it.effect("retries a GET, not a POST unless the call opts in", () =>
    Effect.gen(function*() {
      const get = yield* Effect.fork(request({ method: "GET", path: "/x" }))
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(get)).toEqual({ ok: true })
      const post = yield* Effect.flip(request({ method: "POST", path: "/x", body: {} }))
      expect(post._tag).toBe("ServerError")
      const optedIn = yield* Effect.fork(
        request({ method: "POST", path: "/x", body: {}, retry: RetryPolicy.make({ jitter: false }) })
      )
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(optedIn)).toEqual({ ok: true })
      expect((yield* MockTransport.requests).map((r) => r.method)).toEqual(["GET", "GET", "POST", "POST", "POST"])
    }).pipe(Effect.provide(scriptLayer([
      json(503, {}),
      json(200, { ok: true }),
      json(503, {}),
      json(503, {}),
      json(200, { ok: true })
    ]))))

  it.effect("is a method of the OneSignal service", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      expect(yield* onesignal.request({ method: "GET", path: "/ping" })).toEqual({ pong: true })
      expect((yield* MockTransport.lastRequest).headers.authorization).toBe(`Key ${secretKey}`)
    }).pipe(Effect.provide(Layer.fresh(mockLayer(() => json(200, { pong: true }))))))
})

describe("organizationRequest", () => {
  it.effect("sends the organization key, as does OneSignalOrganization.request", () =>
    Effect.gen(function*() {
      yield* organizationRequest({ method: "GET", path: "/apps" })
      const organization = yield* OneSignalOrganization
      yield* organization.request({ method: "GET", path: "/apps/{app_id}", params: { app_id: appId } })
      const [first, second] = yield* MockTransport.requests
      expect(first!.headers.authorization).toBe(`Key ${orgSecretKey}`)
      expect(second!.headers.authorization).toBe(`Key ${orgSecretKey}`)
      expect(second!.path).toBe(`/apps/${appId}`)
      expect(JSON.stringify([first, second])).not.toContain(secretKey)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, [])))))
})
