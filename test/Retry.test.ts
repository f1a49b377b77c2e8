import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, notificationId, scriptLayer } from "./utils/harness.js"

const notification: Notifications.Notification = {
  app_id: appId,
  included_segments: ["Active Users"],
  contents: { en: "Hello" }
}

const sent = json(200, { id: notificationId })
const rateLimited = (retryAfter: string) => json(429, { errors: ["API rate limit exceeded"] }, { "Retry-After": retryAfter })
const unavailable = json(503, "<html><body>Service Unavailable</body></html>")

const requestCount = Effect.map(MockTransport.requests, (all) => all.length)

describe("Retry-After", () => {
  it.effect("a 429 with Retry-After: 7 is not retried before 7 s, then is", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Notifications.createNotification(notification))
      yield* TestClock.adjust("6999 millis")
      expect(yield* requestCount).toBe(1)
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 millis")
      const result = yield* Fiber.join(fiber)
      expect(result._tag).toBe("Sent")
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(scriptLayer([rateLimited("7"), sent]))))

  it.effect("an HTTP-date Retry-After waits until that date", () =>
    Effect.gen(function*() {
      // TestClock starts at the epoch: this date is 20 s later.
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, notificationId))
      yield* TestClock.adjust("19 seconds")
      expect(yield* requestCount).toBe(1)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(scriptLayer([rateLimited("Thu, 01 Jan 1970 00:00:20 GMT"), json(200, { id: "n" })]))))

  it.effect("RateLimited carries the parsed Retry-After", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.getNotification(appId, notificationId, { retry: false }))
      expect(error._tag).toBe("RateLimited")
      if (error._tag !== "RateLimited") return
      expect(Option.map(error.retryAfter, Duration.toSeconds)).toEqual(Option.some(12))
      expect(error.errors).toEqual(["API rate limit exceeded"])
    }).pipe(Effect.provide(scriptLayer([rateLimited("12")]))))

  it.effect("a Retry-After beyond the cap fails at once instead of hanging", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.getNotification(appId, notificationId))
      expect(error._tag).toBe("RateLimited")
      expect(yield* requestCount).toBe(1)
    }).pipe(Effect.provide(scriptLayer([rateLimited("3600")]))))

  it.effect("the backoff is never shorter than Retry-After, even when jittered", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Notifications.getNotification(appId, notificationId, { retry: RetryPolicy.make() }).pipe(
          Effect.withRandom(Random.make("seed-1"))
        )
      )
      yield* TestClock.adjust("2999 millis")
      expect(yield* requestCount).toBe(1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(scriptLayer([rateLimited("3"), json(200, { id: "n" })]))))
})

describe("idempotency", () => {
  it.effect("every attempt of createNotification carries the same idempotency_key", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Notifications.createNotification(notification))
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      const keys = (yield* MockTransport.requests).map((r) => (r.body as { idempotency_key: string }).idempotency_key)
      expect(keys).toHaveLength(4)
      expect(new Set(keys).size).toBe(1)
      expect(result.idempotencyKey).toBe(keys[0])
    }).pipe(Effect.provide(scriptLayer([
      unavailable,
      MockTransport.fail("connection reset by peer"),
      rateLimited("1"),
      sent
    ]))))

  it.effect("running the same effect twice sends the same key (the key is fixed when the function is called)", () =>
    Effect.gen(function*() {
      const send = Notifications.createNotification(notification)
      yield* send
      yield* send
      const [first, second] = yield* MockTransport.requests
      expect((first!.body as any).idempotency_key).toBe((second!.body as any).idempotency_key)
    }).pipe(Effect.provide(mockLayer(() => sent))))

  it.effect("two calls get two different keys", () =>
    Effect.gen(function*() {
      yield* Notifications.createNotification(notification)
      yield* Notifications.createNotification(notification)
      const [first, second] = yield* MockTransport.requests
      expect((first!.body as any).idempotency_key).not.toBe((second!.body as any).idempotency_key)
    }).pipe(Effect.provide(mockLayer(() => sent))))
})

describe("what is retried", () => {
  it.effect("a POST without an idempotency key is not retried", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.getNotificationHistory(notificationId, { events: "sent", app_id: appId }))
      expect(error._tag).toBe("ServerError")
      expect(yield* requestCount).toBe(1)
      const exportError = yield* Effect.flip(Notifications.exportEvents(notificationId, appId))
      expect(exportError._tag).toBe("TransportError")
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(scriptLayer([unavailable, MockTransport.fail("connection reset")]))))

  it.effect("a POST without a key is retried when the call opts in with its own policy", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Notifications.exportEvents(notificationId, appId, { retry: RetryPolicy.make({ jitter: false }) })
      )
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(fiber)
      expect(result.csv_file_url).toBe("u")
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(scriptLayer([unavailable, json(200, { csv_file_url: "u" })]))))

  for (const status of [500, 502, 503, 504, 408]) {
    it.effect(`GET is retried on ${status}`, () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(Notifications.getNotification(appId, notificationId))
        yield* TestClock.adjust("1 second")
        yield* Fiber.join(fiber)
        expect(yield* requestCount).toBe(2)
      }).pipe(Effect.provide(scriptLayer([json(status, { errors: ["x"] }), json(200, { id: "n" })]))))
  }

  for (const status of [400, 401, 403, 404, 409, 422, 501]) {
    it.effect(`GET is not retried on ${status}`, () =>
      Effect.gen(function*() {
        yield* Effect.flip(Notifications.getNotification(appId, notificationId))
        expect(yield* requestCount).toBe(1)
      }).pipe(Effect.provide(scriptLayer([json(status, { errors: ["x"] })]))))
  }

  it.effect("DELETE is retried on transport failures", () =>
    Effect.gen(function*() {
      const cancel = yield* Effect.fork(Notifications.cancelNotification(appId, notificationId))
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(cancel)).success).toBe(true)
      expect((yield* MockTransport.requests).map((r) => r.method)).toEqual(["DELETE", "DELETE"])
    }).pipe(Effect.provide(scriptLayer([MockTransport.fail("reset"), json(200, { success: true })]))))

  it.effect("trackOpen (a PUT that counts each request) is retried only when the call opts in", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.trackOpen(appId, notificationId))
      expect(error._tag).toBe("TransportError")
      expect(yield* requestCount).toBe(1)
      const open = yield* Effect.fork(
        Notifications.trackOpen(appId, notificationId, { retry: RetryPolicy.make({ jitter: false }) })
      )
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(open)).success).toBe(true)
      expect((yield* MockTransport.requests).map((r) => r.method)).toEqual(["PUT", "PUT", "PUT"])
    }).pipe(Effect.provide(scriptLayer([
      MockTransport.fail("reset"),
      MockTransport.fail("reset"),
      json(200, { success: true })
    ]))))

  it.effect("the default policy (without jitter) gives up after 4 retries, waiting 0.5, 1, 2, 4 s", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.flip(Notifications.getNotification(appId, notificationId)))
      const counts: Array<number> = []
      const steps: ReadonlyArray<Duration.DurationInput> = ["499 millis", "1 millis", "1 second", "2 seconds", "4 seconds"]
      for (const step of steps) {
        yield* TestClock.adjust(step)
        counts.push(yield* requestCount)
      }
      expect(counts).toEqual([1, 2, 3, 4, 5])
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("ServerError")
    }).pipe(Effect.provide(mockLayer(() => unavailable))))

  it.effect("retry: false turns retries off for one call", () =>
    Effect.gen(function*() {
      yield* Effect.flip(Notifications.getNotification(appId, notificationId, { retry: false }))
      expect(yield* requestCount).toBe(1)
    }).pipe(Effect.provide(mockLayer(() => unavailable))))

  it.effect("the layer's policy replaces the default", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const fiber = yield* Effect.fork(Effect.flip(onesignal.getNotification(appId, notificationId)))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      expect(yield* requestCount).toBe(3)
    }).pipe(Effect.provide(mockLayer(() => unavailable, {
      retry: Schedule.spaced("1 second").pipe(Schedule.intersect(Schedule.recurs(2)))
    }))))
})

describe("timeouts", () => {
  it.effect("an attempt that outlives the timeout fails with TransportError (reason Timeout)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flip(Notifications.getNotification(appId, notificationId, { timeout: "2 seconds", retry: false }))
      )
      yield* TestClock.adjust("2 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") return
      expect(error.reason).toBe("Timeout")
      expect(error.message).toContain("2s")
    }).pipe(Effect.provide(mockLayer(() => ({ status: 200, body: { id: "n" }, delay: "5 seconds" })))))

  it.effect("a timed-out attempt is retried, and the retry can succeed", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Notifications.createNotification(notification, { timeout: "1 second" }))
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("500 millis")
      const result = yield* Fiber.join(fiber)
      expect(result._tag).toBe("Sent")
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(mockLayer((_, index) =>
      index === 0 ? { status: 200, body: { id: "late" }, delay: "1 minute" } : sent
    ))))
})

// The live clock takes a cheaper timeout path (one forked fiber and a timer) than
// TestClock (Effect.timeoutFail). These few tests run it for real, with waits of a
// few tens of milliseconds.
describe("timeouts on the live clock", () => {
  it.live("a slow answer fails with TransportError (Timeout) and its request is interrupted", () =>
    Effect.gen(function*() {
      let interrupted = false
      const layer = mockLayer(() =>
        Effect.sleep("5 seconds").pipe(
          Effect.as(json(200, { id: "late" })),
          Effect.onInterrupt(() => Effect.sync(() => (interrupted = true)))
        ), { timeout: "30 millis", retry: RetryPolicy.none })
      const error = yield* Effect.flip(Notifications.getNotification(appId, notificationId)).pipe(Effect.provide(layer))
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") return
      expect(error.reason).toBe("Timeout")
      expect(interrupted).toBe(true)
    }))

  it.live("a fast answer is returned as is, and a failure stays that failure", () =>
    Effect.gen(function*() {
      const layer = mockLayer((_, index) => index === 0 ? json(200, { id: "quick" }) : json(500, { errors: ["boom"] }), {
        timeout: "1 second",
        retry: RetryPolicy.none
      })
      const [ok, failed] = yield* Effect.all([
        Notifications.getNotification(appId, notificationId),
        Effect.flip(Notifications.getNotification(appId, notificationId))
      ]).pipe(Effect.provide(layer))
      expect(ok.id).toBe("quick")
      expect(failed._tag).toBe("ServerError")
    }))

  it.live("interrupting the caller interrupts the request in flight", () =>
    Effect.gen(function*() {
      let interrupted = false
      const layer = mockLayer(() =>
        Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => (interrupted = true))))
      , { timeout: "10 seconds" })
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, notificationId).pipe(Effect.provide(layer)))
      yield* Effect.sleep("20 millis")
      yield* Fiber.interrupt(fiber)
      expect(interrupted).toBe(true)
    }))

  it.live("retries after a live timeout, and the retry can succeed", () =>
    Effect.gen(function*() {
      const layer = mockLayer((_, index) =>
        index === 0 ? Effect.as(Effect.sleep("5 seconds"), json(200, { id: "late" })) : json(200, { id: "second" }), {
        timeout: "30 millis",
        retry: RetryPolicy.make({ jitter: false, baseDelay: "1 millis" })
      })
      const result = yield* Notifications.getNotification(appId, notificationId).pipe(Effect.provide(layer))
      expect(result.id).toBe("second")
    }))
})
