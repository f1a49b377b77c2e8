import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import { createServer } from "node:net"
import { inspect } from "node:util"
import { RestApiKey } from "../src/Credentials.js"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalConfig } from "../src/OneSignalConfig.js"
import * as OneSignalError from "../src/OneSignalError.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, notificationId, scriptLayer, secretKey } from "./utils/harness.js"

const getOnce = Notifications.getNotification(appId, notificationId, { retry: false })

const errorOf = (reply: MockTransport.MockReply) =>
  Effect.flip(getOnce).pipe(Effect.provide(Layer.fresh(scriptLayer([reply]))))

describe("error bodies in every shape normalize to errors: string[]", () => {
  const cases: ReadonlyArray<readonly [string, MockTransport.MockReply, ReadonlyArray<string>]> = [
    ["a string", json(400, { errors: "app_id not found" }), ["app_id not found"]],
    ["an array of strings", json(400, { errors: ["first", "second"] }), ["first", "second"]],
    [
      "an array of {code, title, meta}",
      json(400, { errors: [{ code: "invalid", title: "Invalid alias", meta: { label: "x" } }, { code: "only-code" }] }),
      ["Invalid alias", "only-code"]
    ],
    [
      "an object of invalid ids",
      json(400, { errors: { invalid_aliases: { external_id: ["a"] } } }),
      ['invalid_aliases: {"external_id":["a"]}']
    ],
    ["success: false", json(400, { success: false }), ["the request was not successful"]],
    ["a message field", json(400, { message: "Bad thing" }), ["Bad thing"]],
    ["an `error` field", json(400, { error: "singular" }), ["singular"]],
    ["a bare JSON array", json(400, ["bare"]), ["bare"]],
    ["a JSON string", json(400, JSON.stringify("just text")), ["just text"]],
    ["an empty body", { status: 400, body: "" }, []],
    ["null errors", json(400, { errors: null }), []],
    ["numbers in the array", json(400, { errors: [42, null, "x"] }), ["42", "x"]]
  ]
  for (const [name, reply, expected] of cases) {
    it.effect(name, () =>
      Effect.gen(function*() {
        const error = yield* errorOf(reply)
        expect(error._tag).toBe("BadRequest")
        if (error._tag !== "BadRequest") return
        expect(error.errors).toEqual(expected)
        expect(error.status).toBe(400)
        expect(error.method).toBe("GET")
        expect(error.route).toBe("/notifications/{notification_id}")
        expect(error.path).toBe(`/notifications/${notificationId}`)
      }))
  }

  it.effect("keeps the structured entries in details", () =>
    Effect.gen(function*() {
      const error = yield* errorOf(json(409, {
        errors: [{ code: "user-2", title: "Alias claimed", meta: { conflicting_aliases: { external_id: "u1" } } }]
      }))
      // getNotification does not document 409: it lands in BadRequest, details intact
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") return
      expect(error.status).toBe(409)
      expect(error.details).toEqual([
        { code: "user-2", title: "Alias claimed", meta: { conflicting_aliases: { external_id: "u1" } } }
      ])
    }))

  it.effect("an HTML page from a proxy becomes one readable message", () =>
    Effect.gen(function*() {
      const error = yield* errorOf({ status: 502, body: "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>" })
      expect(error._tag).toBe("ServerError")
      if (error._tag !== "ServerError") return
      expect(error.errors).toEqual(["non-JSON error body: <html> <body><h1>502 Bad Gateway</h1></body> </html>"])
    }))

  it.effect("a very long non-JSON body is cut short", () =>
    Effect.gen(function*() {
      const error = yield* errorOf({ status: 500, body: "x".repeat(10_000) })
      if (error._tag !== "ServerError") throw new Error(error._tag)
      expect(error.errors[0]!.length).toBeLessThan(400)
    }))

  it.effect("the rate-limit body's limit is kept", () =>
    Effect.gen(function*() {
      const error = yield* errorOf(json(429, { errors: ["API rate limit exceeded"], limit: "create_notification" }))
      if (error._tag !== "RateLimited") throw new Error(error._tag)
      expect(error.limit).toBe("create_notification")
    }))
})

describe("response decoding", () => {
  it.effect("a 2xx body that is not JSON fails with ResponseDecodeError and an excerpt", () =>
    Effect.gen(function*() {
      const error = yield* errorOf({ status: 200, body: "<html>maintenance</html>" })
      expect(error._tag).toBe("ResponseDecodeError")
      if (error._tag !== "ResponseDecodeError") return
      expect(error.issue).toBe("the body is not JSON")
      expect(error.body).toBe("<html>maintenance</html>")
      expect(error.status).toBe(200)
    }))

  it.effect("a 2xx body that breaks the schema names the field", () =>
    Effect.gen(function*() {
      const error = yield* errorOf(json(200, { id: notificationId, successful: "twelve" }))
      if (error._tag !== "ResponseDecodeError") throw new Error(error._tag)
      expect(error.issue).toContain("successful")
      expect(error.message).toContain("GET /notifications/{notification_id} answered 200")
    }))
})

// ---------------------------------------------------------------------------
// No secret in any error
// ---------------------------------------------------------------------------

const renderings = (error: unknown): Record<string, string> => ({
  message: (error as Error).message,
  toString: String(error),
  json: JSON.stringify(error),
  inspect: inspect(error, { depth: 10 }),
  format: Inspectable.format(error),
  pretty: Cause.pretty(Cause.fail(error)),
  encoded: JSON.stringify(Schema.encodeUnknownSync(Schema.Unknown)(error))
})

const expectNoSecret = (error: unknown) => {
  for (const [how, text] of Object.entries(renderings(error))) {
    expect(text, `${how} leaks the key`).not.toContain(secretKey)
    expect(text, `${how} leaks the key`).not.toContain("SECRET-never-print-me")
  }
}

describe("no key in any error's message, toString, JSON or Cause.pretty", () => {
  const replies: ReadonlyArray<readonly [string, MockTransport.MockReply]> = [
    ["BadRequest", json(400, { errors: ["bad"] })],
    ["Unauthorized", json(403, { errors: ["Access denied"] })],
    ["NotFound", json(404, { errors: ["Notification not found"] })],
    ["RateLimited", json(429, { errors: ["slow down"] }, { "Retry-After": "3" })],
    ["ServerError", json(500, { errors: ["boom"] })],
    ["ResponseDecodeError", { status: 200, body: "not json" }],
    ["TransportError", MockTransport.fail("connection reset by peer")]
  ]
  for (const [tag, reply] of replies) {
    it.effect(tag, () =>
      Effect.gen(function*() {
        const error = yield* errorOf(reply)
        expect(error._tag).toBe(tag)
        expectNoSecret(error)
      }))
  }

  // A server or proxy may echo the credentials back; they must not reach the error.
  const echoes: ReadonlyArray<readonly [string, MockTransport.MockReply]> = [
    ["Unauthorized", json(403, { errors: [`Invalid key: Key ${secretKey}`] })],
    ["BadRequest", json(400, { errors: [{ code: "auth", title: `bad token ${secretKey}`, meta: { key: secretKey } }] })],
    ["ServerError", { status: 502, body: `<html>upstream said Key ${secretKey}</html>` }],
    ["ResponseDecodeError", { status: 200, body: `<html>${secretKey}</html>` }],
    ["ResponseDecodeError", json(200, { id: 12, echo: secretKey })]
  ]
  for (const [tag, reply] of echoes) {
    it.effect(`${tag} from an answer that echoes the key`, () =>
      Effect.gen(function*() {
        const error = yield* errorOf(reply)
        expect(error._tag).toBe(tag)
        expectNoSecret(error)
        // The rest of the answer is still there, with the key replaced.
        expect(JSON.stringify(error)).toContain("<redacted>")
      }))
  }

  it.effect("InvalidRequest", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.getNotification(appId, ""))
      expect(error._tag).toBe("InvalidRequest")
      expectNoSecret(error)
    }).pipe(Effect.provide(scriptLayer([]))))

  it.effect("TransportError from a timeout", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.flip(Notifications.getNotification(appId, notificationId, {
        retry: false,
        timeout: "1 second"
      })))
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TransportError")
      expectNoSecret(error)
    }).pipe(Effect.provide(scriptLayer([{ status: 200, body: {}, delay: "1 hour" }]))))

  it.live("TransportError from a real refused connection (fetch, loopback)", () =>
    Effect.gen(function*() {
      const port = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const server = createServer()
          server.listen(0, "127.0.0.1", () => {
            const address = server.address()
            server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
          })
        })
      )
      const layer = OneSignal.layer.pipe(
        Layer.provide(RestApiKey.layer(secretKey)),
        Layer.provide(OneSignalConfig.layer({ baseUrl: `http://127.0.0.1:${port}`, retry: RetryPolicy.none })),
        Layer.provide(FetchHttpClient.layer)
      )
      const error = yield* Effect.flip(Notifications.getNotification(appId, notificationId)).pipe(Effect.provide(layer))
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") return
      expect(error.reason).toBe("Transport")
      // fetch only says "fetch failed"; the reason is further down the cause chain
      expect(error.description).toContain("ECONNREFUSED")
      expectNoSecret(error)
      expect(JSON.stringify(error)).not.toMatch(/authorization/i)
    }))

  it("the key layers hold a Redacted value that prints as <redacted>", () => {
    const key = Redacted.make(secretKey)
    expect(String(key)).toBe("<redacted>")
    expect(JSON.stringify({ key })).not.toContain(secretKey)
    expect(inspect(key)).not.toContain(secretKey)
  })

  it.effect("the client service does not show the key when printed or serialized", () =>
    Effect.gen(function*() {
      const { OneSignalClient } = yield* Effect.promise(() => import("../src/OneSignalClient.js"))
      const client = yield* OneSignalClient
      expect(JSON.stringify(client.settings)).not.toContain(secretKey)
      expect(JSON.stringify(client)).not.toContain(secretKey)
      expect(inspect(client, { depth: 5 })).not.toContain(secretKey)
    }).pipe(Effect.provide(scriptLayer([]))))
})

describe("guards", () => {
  it("isOneSignalError recognizes the library's errors only", () => {
    const error = new OneSignalError.NotFound({
      method: "GET",
      route: "/x",
      path: "/x",
      status: 404,
      errors: [],
      details: []
    })
    expect(OneSignalError.isOneSignalError(error)).toBe(true)
    expect(OneSignalError.isOneSignalError(new Error("x"))).toBe(false)
    expect(OneSignalError.isOneSignalError({ _tag: "NotFound" })).toBe(false)
  })

  // Every error class of the module, found from its exports: a class added
  // later is covered without touching this list.
  type ErrorClass =
    & Schema.Schema<OneSignalError.OneSignalError, unknown>
    & (abstract new(...args: ReadonlyArray<never>) => OneSignalError.OneSignalError)
  const errorClasses = Object.entries(OneSignalError).flatMap(([name, value]) =>
    Schema.isSchema(value) && typeof value === "function" && value.prototype instanceof Error
      ? [[name, value as unknown as ErrorClass] as const]
      : []
  )

  it("finds the module's error classes", () => {
    expect(errorClasses.map(([name]) => name)).toEqual(expect.arrayContaining(["NotFound", "TransportError"]))
    expect(errorClasses.length).toBeGreaterThanOrEqual(9)
  })

  it("a user's error with one of our tags is not a OneSignal error", () => {
    class NotFound extends Data.TaggedError("NotFound")<{ readonly status: number }> {}
    class BadRequest extends Schema.TaggedError<BadRequest>()("BadRequest", { status: Schema.Number }) {}
    expect(OneSignalError.isOneSignalError(new NotFound({ status: 404 }))).toBe(false)
    expect(OneSignalError.isOneSignalError(new BadRequest({ status: 400 }))).toBe(false)
    expect(OneSignalError.isOneSignalError({ _tag: "NotFound", status: 404 })).toBe(false)
    expect(OneSignalError.isOneSignalError(Object.assign(new Error("x"), { _tag: "NotFound" }))).toBe(false)
  })

  describe.each(errorClasses)("%s", (_name, ErrorClass) => {
    const samples = FastCheck.sample(Arbitrary.make(ErrorClass), { numRuns: 5, seed: 12 })

    it("is a OneSignal error, by its brand", () => {
      for (const error of samples) {
        expect(error[OneSignalError.TypeId]).toBe(OneSignalError.TypeId)
        expect(OneSignalError.isOneSignalError(error)).toBe(true)
      }
    })

    it("keeps the brand out of its fields, its JSON and its encoded form", () => {
      for (const error of samples) {
        expect(Reflect.ownKeys(error)).not.toContain(OneSignalError.TypeId)
        expect(JSON.stringify(error)).not.toContain("effect-onesignal/OneSignalError")
        const encoded = Schema.encodeSync(ErrorClass)(error)
        expect(Reflect.ownKeys(encoded as object)).not.toContain(OneSignalError.TypeId)
        const decoded = Schema.decodeSync(ErrorClass)(encoded)
        expect(decoded).toBeInstanceOf(ErrorClass)
        expect(decoded._tag).toBe(error._tag)
        expect(OneSignalError.isOneSignalError(decoded)).toBe(true)
      }
    })
  })
})
