// Client-side rate limiting on TestClock: a burst over the limit queues and
// drains at the bucket's rate; users and subscriptions are limited per app;
// other requests pass.
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { RestApiKey } from "../src/Credentials.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalConfig } from "../src/OneSignalConfig.js"
import * as RateLimiter from "../src/RateLimiter.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as Simulator from "../src/testing/Simulator.js"

const appId = Simulator.defaultAppId
const otherApp = "00000000-0000-4000-8000-000000000002"

const limitedLayer = (limits: RateLimiter.Limits) =>
  Layer.fresh(
    OneSignal.layer.pipe(
      Layer.provide(RestApiKey.layer(Simulator.defaultRestApiKey)),
      Layer.provide(OneSignalConfig.layer({ baseUrl: "https://simulator.test", retry: RetryPolicy.make({ jitter: false }) })),
      Layer.provide(RateLimiter.layer(limits)),
      Layer.provideMerge(Simulator.layer({
        apps: [{ id: appId, restApiKey: Simulator.defaultRestApiKey }, { id: otherApp, restApiKey: Simulator.defaultRestApiKey }],
        users: [{ aliases: { external_id: "a" } }, { appId: otherApp, aliases: { external_id: "b" } }]
      }))
    )
  )

const countRequests = (method: string, pathPrefix: string) =>
  Effect.map(Simulator.requests, (all) => all.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length)

const send = Effect.flatMap(OneSignal, (onesignal) =>
  onesignal.createNotification({ app_id: appId, included_segments: ["All"], contents: { en: "hi" } }))

describe("RateLimiter", () => {
  it.effect("a burst over the messages limit queues and drains at the limit", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 300 }, () => send), { concurrency: "unbounded" }))
      yield* TestClock.adjust("0 millis")
      expect(yield* countRequests("POST", "/notifications")).toBe(150)
      yield* TestClock.adjust("500 millis")
      expect(yield* countRequests("POST", "/notifications")).toBe(225)
      yield* TestClock.adjust("500 millis")
      const results = yield* Fiber.join(fiber)
      expect(results.every((r) => r._tag === "Sent")).toBe(true)
      expect(yield* countRequests("POST", "/notifications")).toBe(300)
      // Reads are not limited.
      const reads = yield* Effect.all(
        Array.from({ length: 200 }, () => Effect.flatMap(OneSignal, (os) => os.getNotifications(appId))),
        { concurrency: "unbounded" }
      )
      expect(reads).toHaveLength(200)
    }).pipe(Effect.provide(limitedLayer(RateLimiter.free))))

  it.effect("users and subscriptions are limited per app", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const read = (app: string, id: string) => onesignal.getUser(app, "external_id", id)
      const fiber = yield* Effect.fork(Effect.all([
        ...Array.from({ length: 4 }, () => read(appId, "a")),
        ...Array.from({ length: 2 }, () => read(otherApp, "b"))
      ], { concurrency: "unbounded" }))
      yield* TestClock.adjust("0 millis")
      // Two per app at once; the other app has its own bucket.
      expect(yield* countRequests("GET", `/apps/${appId}/users`)).toBe(2)
      expect(yield* countRequests("GET", `/apps/${otherApp}/users`)).toBe(2)
      yield* TestClock.adjust("499 millis")
      expect(yield* countRequests("GET", `/apps/${appId}/users`)).toBe(2)
      yield* TestClock.adjust("1 millis")
      expect(yield* countRequests("GET", `/apps/${appId}/users`)).toBe(3)
      yield* TestClock.adjust("500 millis")
      expect(yield* Fiber.join(fiber)).toHaveLength(6)
      expect(yield* countRequests("GET", `/apps/${appId}/users`)).toBe(4)
    }).pipe(Effect.provide(limitedLayer({ usersAndSubscriptionsPerSecondPerApp: 2 }))))

  it.effect("a retried request takes a new turn", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault(Simulator.Fault.ServerError({ status: 503 }), { route: "POST /notifications" })
      const fiber = yield* Effect.fork(send)
      // The first attempt goes at once; the retry waits for both the backoff and a turn.
      yield* TestClock.adjust("0 millis")
      expect(yield* countRequests("POST", "/notifications")).toBe(1)
      yield* TestClock.adjust("10 seconds")
      expect((yield* Fiber.join(fiber))._tag).toBe("Sent")
      expect(yield* countRequests("POST", "/notifications")).toBe(2)
    }).pipe(Effect.provide(limitedLayer({ messagesPerSecond: 1 }))))

  it("classifies requests by route, ignoring the origin, the query and /api/v1", () => {
    const bucket = (method: string, url: string) => RateLimiter.bucketOf({ method: method as "GET", url })
    expect(bucket("POST", "https://api.onesignal.com/notifications")).toBe("messages")
    expect(bucket("POST", "https://onesignal.com/api/v1/notifications?x=1")).toBe("messages")
    expect(bucket("DELETE", "https://api.onesignal.com/notifications/abc?app_id=x")).toBe("messages")
    expect(bucket("GET", "https://api.onesignal.com/notifications/abc")).toBeUndefined()
    expect(bucket("POST", "https://api.onesignal.com/notifications/abc/history")).toBeUndefined()
    expect(bucket("PATCH", "https://api.onesignal.com/apps/app-1/users/by/external_id/u")).toBe("users:app-1")
    expect(bucket("POST", "https://api.onesignal.com/apps/app-2/subscriptions/s")).toBe("users:app-2")
    expect(bucket("PATCH", "https://api.onesignal.com/apps/app-2/subscriptions_by_token/Email/a")).toBe("users:app-2")
    expect(bucket("GET", "https://api.onesignal.com/apps/app-1/segments")).toBeUndefined()
  })

  it.effect("a limit that is not a positive number is a defect that says which", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(RateLimiter.make({ messagesPerSecond: 0 }))
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("messagesPerSecond must be a positive number")
    }))
})
