import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import * as MockTransport from "../../src/testing/MockTransport.js"

const base = "https://api.onesignal.com"

const send = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, text }
  })

describe("MockTransport", () => {
  describe("recording", () => {
    it.effect("records method, url, path, query, lower-case headers and a JSON body", () =>
      Effect.gen(function*() {
        const response = yield* send(
          HttpClientRequest.post(`${base}/notifications`).pipe(
            HttpClientRequest.setUrlParam("app_id", "app-1"),
            HttpClientRequest.setHeader("Authorization", "Key secret"),
            HttpClientRequest.setHeader("X-Custom-Header", "yes"),
            HttpClientRequest.bodyUnsafeJson({ app_id: "app-1", contents: { en: "Hi" } })
          )
        )
        expect(response.status).toBe(201)
        expect(JSON.parse(response.text)).toEqual({ ok: true })
        expect(response.headers["content-type"]).toBe("application/json")

        const request = yield* MockTransport.lastRequest
        expect(request.method).toBe("POST")
        expect(request.url).toBe(`${base}/notifications?app_id=app-1`)
        expect(request.path).toBe("/notifications")
        expect(request.query).toEqual({ app_id: "app-1" })
        expect(request.headers["authorization"]).toBe("Key secret")
        expect(request.headers["x-custom-header"]).toBe("yes")
        expect(request.headers["content-type"]).toBe("application/json")
        expect(request.bodyText).toBe(JSON.stringify({ app_id: "app-1", contents: { en: "Hi" } }))
        expect(request.body).toEqual({ app_id: "app-1", contents: { en: "Hi" } })
      }).pipe(Effect.provide(MockTransport.layer(() => ({ status: 201, body: { ok: true } })))))

    it.effect("reads Raw string, Raw bytes and Empty bodies", () =>
      Effect.gen(function*() {
        yield* send(HttpClientRequest.post(`${base}/a`).pipe(HttpClientRequest.setBody(HttpBody.raw("{\"n\":1}"))))
        yield* send(
          HttpClientRequest.post(`${base}/b`).pipe(
            HttpClientRequest.setBody(HttpBody.raw(new TextEncoder().encode("plain text")))
          )
        )
        yield* send(HttpClientRequest.get(`${base}/c`))
        const [raw, bytes, empty] = yield* MockTransport.requests
        expect(raw?.bodyText).toBe("{\"n\":1}")
        expect(raw?.body).toEqual({ n: 1 })
        expect(bytes?.bodyText).toBe("plain text")
        expect(bytes?.body).toBeUndefined()
        expect(empty?.method).toBe("GET")
        expect(empty?.bodyText).toBeUndefined()
        expect(empty?.body).toBeUndefined()
      }).pipe(Effect.provide(MockTransport.layer(() => ({ status: 200 })))))

    it.effect("passes the request index, sends string bodies as-is, and clears", () =>
      Effect.gen(function*() {
        const first = yield* send(HttpClientRequest.get(`${base}/x`))
        const second = yield* send(HttpClientRequest.get(`${base}/x`))
        expect(first.text).toBe("call 0")
        expect(second.text).toBe("call 1")
        expect(second.headers["content-type"]).toBe("text/plain")
        expect(yield* MockTransport.requests).toHaveLength(2)

        yield* MockTransport.clear
        expect(yield* MockTransport.requests).toHaveLength(0)
        const missing = yield* Effect.flip(MockTransport.lastRequest)
        expect(missing._tag).toBe("NoSuchElementException")
        const again = yield* send(HttpClientRequest.get(`${base}/x`))
        expect(again.text).toBe("call 0")
      }).pipe(Effect.provide(MockTransport.layer((_request, index) =>
        Effect.succeed({ status: 200, body: `call ${index}`, headers: { "content-type": "text/plain" } })
      ))))
  })

  describe("layerScript", () => {
    it.effect("answers in order and dies loudly when the script runs out", () =>
      Effect.gen(function*() {
        const first = yield* send(HttpClientRequest.get(`${base}/notifications/1`))
        const second = yield* send(HttpClientRequest.get(`${base}/notifications/2`))
        expect(first.status).toBe(503)
        expect(second.status).toBe(200)
        expect(JSON.parse(second.text)).toEqual({ id: "2" })

        const exit = yield* Effect.exit(send(HttpClientRequest.del(`${base}/notifications/3`)))
        expect(Exit.isFailure(exit)).toBe(true)
        if (Exit.isFailure(exit)) {
          expect(Cause.isDie(exit.cause)).toBe(true)
          const pretty = Cause.pretty(exit.cause)
          expect(pretty).toContain("script is exhausted")
          expect(pretty).toContain("request #3 (DELETE /notifications/3)")
          expect(pretty).toContain("only 2 replies were scripted")
        }
      }).pipe(Effect.provide(MockTransport.layerScript([
        { status: 503, body: { errors: ["busy"] } },
        { status: 200, body: { id: "2" } }
      ]))))
  })

  describe("layerRoutes", () => {
    it.effect("matches method and path templates, and 404s the rest", () =>
      Effect.gen(function*() {
        const get = yield* send(HttpClientRequest.get(`${base}/notifications/abc%20def?app_id=1`))
        expect(get.status).toBe(200)
        expect(JSON.parse(get.text)).toEqual({ id: "abc def", index: 0 })
        const getAgain = yield* send(HttpClientRequest.get(`${base}/notifications/xyz`))
        expect(JSON.parse(getAgain.text)).toEqual({ id: "xyz", index: 1 })

        const post = yield* send(HttpClientRequest.post(`${base}/notifications`))
        expect(post.status).toBe(200)
        expect(JSON.parse(post.text)).toEqual({ id: "new" })

        const wrongMethod = yield* send(HttpClientRequest.put(`${base}/notifications`))
        expect(wrongMethod.status).toBe(404)
        expect(JSON.parse(wrongMethod.text)).toEqual({ errors: ["no mock route for PUT /notifications"] })

        const unknown = yield* send(HttpClientRequest.get(`${base}/x`))
        expect(unknown.status).toBe(404)
        expect(JSON.parse(unknown.text)).toEqual({ errors: ["no mock route for GET /x"] })
      }).pipe(Effect.provide(MockTransport.layerRoutes({
        "GET /notifications/:id": (request, index) => ({ status: 200, body: { id: request.params["id"], index } }),
        "POST /notifications": { status: 200, body: { id: "new" } }
      }))))

    it("matchRoute captures parameters and ignores trailing slashes", () => {
      expect(MockTransport.matchRoute("GET /a/:id/b", "get", "/a/42/b/")).toEqual({ id: "42" })
      expect(MockTransport.matchRoute("GET /a/:id/b", "GET", "/a/42")).toBeUndefined()
      expect(MockTransport.matchRoute("POST /a", "GET", "/a")).toBeUndefined()
      expect(MockTransport.matchRoute("* /a", "PATCH", "/a")).toEqual({})
    })
  })

  describe("failures and delays", () => {
    it.effect("a transport failure is a RequestError with reason Transport", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(send(HttpClientRequest.get(`${base}/notifications`)))
        expect(error).toBeInstanceOf(HttpClientError.RequestError)
        expect(error._tag).toBe("RequestError")
        if (error._tag === "RequestError") {
          expect(error.reason).toBe("Transport")
          expect(error.message).toContain("connection reset")
        }
        // The failed request was still recorded.
        expect((yield* MockTransport.requests).map((r) => r.path)).toEqual(["/notifications"])
      }).pipe(Effect.provide(MockTransport.layer(() => MockTransport.fail("connection reset")))))

    it.effect("a delay is slept on the Clock, so TestClock drives it", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(send(HttpClientRequest.get(`${base}/slow`)))
        yield* TestClock.adjust("4 seconds")
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        // The request is recorded as soon as it is sent, before the delay.
        expect(yield* MockTransport.requests).toHaveLength(1)
        yield* TestClock.adjust("1 second")
        const response = yield* Fiber.join(fiber)
        expect(response.status).toBe(200)
        expect(response.text).toBe("\"late\"")
      }).pipe(Effect.provide(MockTransport.layer(() => ({ status: 200, body: "\"late\"", delay: "5 seconds" })))))

    it.effect("a delayed transport failure fails only after the delay", () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(Effect.flip(send(HttpClientRequest.get(`${base}/slow`))))
        yield* TestClock.adjust("1 second")
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        yield* TestClock.adjust("1 second")
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("RequestError")
      }).pipe(Effect.provide(MockTransport.layer(() => MockTransport.fail("timeout", { delay: "2 seconds" })))))
  })
})
