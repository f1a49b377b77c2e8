/**
 * The notifications API of the client (the `OneSignal` service and the
 * standalone `Notifications.*` functions) against the in-memory simulator:
 * results, typed errors, and the retry pipeline (idempotent replays, what is
 * and is not retried, timeouts), asserted on both the client's answers and
 * the simulator's state. Time is driven by `TestClock`; nothing sleeps.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { RestApiKey } from "../src/Credentials.js"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import type { OneSignalClient } from "../src/OneSignalClient.js"
import { OneSignalConfig, type Options } from "../src/OneSignalConfig.js"
import type * as OneSignalError from "../src/OneSignalError.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as Simulator from "../src/testing/Simulator.js"

const appId = Simulator.defaultAppId
const baseUrl = "https://simulator.test"
const noTargeting = "You must include which players, segments, or tags you wish to send this notification to."
const unknownId = "0badc0de-0000-4000-8000-000000000000"

/**
 * The `OneSignal` service and its client over a fresh in-memory simulator,
 * with the simulator's key, its base URL and an unjittered retry policy.
 */
const simulatorLayer = (
  options: {
    readonly key?: string
    readonly config?: Options
    readonly simulator?: Simulator.SimulatorOptions
  } = {}
) =>
  Layer.fresh(
    OneSignal.layer.pipe(
      Layer.provide(RestApiKey.layer(options.key ?? Simulator.defaultRestApiKey)),
      Layer.provide(
        OneSignalConfig.layer({ baseUrl, retry: RetryPolicy.make({ jitter: false }), ...options.config })
      ),
      Layer.provideMerge(Simulator.layer(options.simulator))
    )
  )

const toSegment = (text: string, extra: Partial<Notifications.Notification> = {}): Notifications.Notification => ({
  app_id: appId,
  included_segments: ["Subscribed Users"],
  contents: { en: text },
  ...extra
})

const expectSent = (result: Notifications.CreateNotificationResult): Notifications.NotificationSent => {
  expect(result._tag).toBe("Sent")
  if (result._tag !== "Sent") throw new Error(`expected Sent, got ${JSON.stringify(result)}`)
  return result
}

const idempotencyKeyOf = (request: { readonly body?: unknown }): unknown =>
  (request.body as Record<string, unknown> | undefined)?.idempotency_key

const postsToNotifications = Effect.map(
  Simulator.requests,
  (all) => all.filter((r) => r.method === "POST" && r.path === "/notifications")
)

describe("notifications against the simulator", () => {
  it.effect("createNotification to a segment is Sent, and getNotification reads it back", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = expectSent(
        yield* onesignal.createNotification(
          toSegment("Your order has shipped", { headings: { en: "Order update" }, data: { order: 42 } })
        )
      )
      expect(result.wasReplayed).toBe(false)
      expect(result.invalidAliases).toEqual({})
      expect(result.warnings).toEqual([])

      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(1)
      expect(stored[0]!.id).toBe(result.id)
      expect(stored[0]!.appId).toBe(appId)
      expect(stored[0]!.fields.idempotency_key).toBe(result.idempotencyKey)
      expect(stored[0]!.fields.contents).toEqual({ en: "Your order has shipped" })

      const [request] = yield* Simulator.requests
      expect(request!.url).toBe(`${baseUrl}/notifications`)
      expect(request!.headers.authorization).toBe(`Key ${Simulator.defaultRestApiKey}`)

      const read = yield* onesignal.getNotification(appId, result.id)
      expect(read).toBeInstanceOf(Notifications.NotificationWithMeta)
      expect(read.id).toBe(result.id)
      expect(read.app_id).toBe(appId)
      expect(read.contents).toEqual({ en: "Your order has shipped" })
      expect(read.headings).toEqual({ en: "Order update" })
      expect(read.data).toEqual({ order: 42 })
      expect(read.included_segments).toEqual(["Subscribed Users"])
      expect(read.canceled).toBe(false)
      expect(read.url).toBeNull()

      // The standalone function reads the same thing.
      const again = yield* Notifications.getNotification(appId, result.id)
      expect(again.contents).toEqual(read.contents)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getNotifications lists newest first, paged with limit and offset", () =>
    Effect.gen(function*() {
      const ids: Array<string> = []
      for (const text of ["first", "second", "third"]) {
        ids.push(expectSent(yield* Notifications.createNotification(toSegment(text))).id)
        yield* TestClock.adjust("1 second")
      }
      const [first, second, third] = ids
      const page1 = yield* Notifications.getNotifications(appId, { limit: 2 })
      expect(page1.total_count).toBe(3)
      expect(page1.limit).toBe(2)
      expect(page1.offset).toBe(0)
      expect(page1.notifications?.map((n) => n.id)).toEqual([third, second])
      expect(page1.notifications?.map((n) => n.contents)).toEqual([{ en: "third" }, { en: "second" }])

      const page2 = yield* Notifications.getNotifications(appId, { limit: 2, offset: 2 })
      expect(page2.total_count).toBe(3)
      expect(page2.offset).toBe(2)
      expect(page2.notifications?.map((n) => n.id)).toEqual([first])

      const last = (yield* Simulator.requests).at(-1)!
      expect(last.method).toBe("GET")
      expect(last.query).toEqual({ app_id: appId, limit: "2", offset: "2" })
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("cancelNotification succeeds and the stored notification is canceled", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { id } = expectSent(yield* onesignal.createNotification(toSegment("later", {
        send_after: "2030-01-01T00:00:00.000Z"
      })))
      const result = yield* onesignal.cancelNotification(appId, id)
      expect(result.success).toBe(true)
      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(1)
      expect(stored[0]!.canceled).toBe(true)
      const read = yield* onesignal.getNotification(appId, id)
      expect(read.canceled).toBe(true)
      const last = (yield* Simulator.requests).at(-2)!
      expect(last.method).toBe("DELETE")
      expect(last.path).toBe(`/notifications/${id}`)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("trackOpen succeeds and counts an open on the stored notification", () =>
    Effect.gen(function*() {
      const { id } = expectSent(yield* Notifications.createNotification(toSegment("open me")))
      const first = yield* Notifications.trackOpen(appId, id)
      expect(first.success).toBe(true)
      expect((yield* Simulator.notifications())[0]!.converted).toBe(1)
      yield* (yield* OneSignal).trackOpen(appId, id)
      expect((yield* Simulator.notifications())[0]!.converted).toBe(2)
      expect((yield* Notifications.getNotification(appId, id)).converted).toBe(2)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getNotificationHistory and exportEvents return the export URLs", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { id } = expectSent(yield* onesignal.createNotification(toSegment("export me")))
      const history = yield* onesignal.getNotificationHistory(id, { events: "clicked", app_id: appId })
      expect(history.success).toBe(true)
      expect(history.destination_url).toBe(`${baseUrl}/exports/history-${id}.csv.gz`)
      const events = yield* Notifications.exportEvents(id, appId)
      expect(events.csv_file_url).toBe(`${baseUrl}/exports/events-${id}.csv.gz`)
      const requests = yield* Simulator.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        "POST /notifications",
        `POST /notifications/${id}/history`,
        `POST /notifications/${id}/export_events`
      ])
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("createNotification outcomes", () => {
  it.effect("aliases of unknown users: NotSent with OneSignal's reason, nothing stored", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.createNotification({
        app_id: appId,
        contents: { en: "Hi" },
        include_aliases: { external_id: ["nobody", "no-one"] },
        target_channel: "push"
      }, { idempotencyKey: "not-sent-1" })
      expect(result).toBeInstanceOf(Notifications.NotificationNotSent)
      if (result._tag !== "NotSent") throw new Error("expected NotSent")
      expect(result.reasons).toEqual(["All included players are not subscribed"])
      expect(result.idempotencyKey).toBe("not-sent-1")
      expect(result.wasReplayed).toBe(false)
      expect(yield* Simulator.notifications()).toHaveLength(0)
      expect(yield* Simulator.requests).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("some aliases unknown: Sent with the invalid aliases, one recipient stored", () =>
    Effect.gen(function*() {
      yield* Simulator.addUser({ aliases: { external_id: "user-1" } })
      const result = expectSent(
        yield* (yield* OneSignal).createNotification({
          app_id: appId,
          contents: { en: "Hi" },
          include_aliases: { external_id: ["user-1", "ghost"] },
          target_channel: "push"
        })
      )
      expect(result.invalidAliases).toEqual({ external_id: ["ghost"] })
      expect(result.invalidPlayerIds).toEqual([])
      expect(result.warnings).toEqual([])
      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(1)
      expect(stored[0]!.id).toBe(result.id)
      expect(stored[0]!.recipients).toBe(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("no targeting: BadRequest with OneSignal's exact message, not retried", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Notifications.createNotification({ app_id: appId, contents: { en: "to whom?" } })
      )
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") throw new Error("expected BadRequest")
      expect(error.status).toBe(400)
      expect(error.errors).toEqual([noTargeting])
      expect(error.route).toBe("/notifications")
      expect(error.message).toContain(noTargeting)
      expect(yield* Simulator.requests).toHaveLength(1)
      expect(yield* Simulator.notifications()).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("alias targeting without target_channel: BadRequest naming target_channel", () =>
    Effect.gen(function*() {
      yield* Simulator.addUser({ aliases: { external_id: "user-1" } })
      const error = yield* Effect.flip(
        Notifications.createNotification({
          app_id: appId,
          contents: { en: "Hi" },
          include_aliases: { external_id: ["user-1"] }
        })
      )
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") throw new Error("expected BadRequest")
      expect(error.status).toBe(400)
      expect(error.errors).toHaveLength(1)
      expect(error.errors[0]).toMatch(/^target_channel is required/)
      expect(yield* Simulator.notifications()).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  const wrongKey = "wrong-os_v2_app_SECRET-4f3e2d1c"

  it.effect("a wrong key: Unauthorized, and the key appears nowhere in the error", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit((yield* OneSignal).createNotification(toSegment("Hi")))
      expect(Exit.isFailure(exit)).toBe(true)
      if (!Exit.isFailure(exit)) return
      const error = yield* Effect.flip(exit)
      expect(error._tag).toBe("Unauthorized")
      if (error._tag !== "Unauthorized") throw new Error("expected Unauthorized")
      expect(error.status).toBe(403)
      expect(error.errors[0]).toMatch(/^Access denied/)
      // The key was sent (so the simulator could refuse it)...
      const [request] = yield* Simulator.requests
      expect(request!.headers.authorization).toBe(`Key ${wrongKey}`)
      // ...but it is not in anything a log line would print.
      for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(exit.cause)]) {
        expect(text).not.toContain(wrongKey)
        expect(text).not.toContain("SECRET")
      }
      expect(yield* Simulator.notifications()).toHaveLength(0)
      // Also on a GET.
      const onGet = yield* Effect.flip(Notifications.getNotifications(appId))
      expect(onGet._tag).toBe("Unauthorized")
      expect(JSON.stringify(onGet)).not.toContain(wrongKey)
    }).pipe(Effect.provide(simulatorLayer({ key: wrongKey }))))

  it.effect("an unknown notification id: NotFound on get, cancel, history, exportEvents and trackOpen", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      type Call = Effect.Effect<unknown, OneSignalError.NotFound | OneSignalError.CommonError, OneSignalClient>
      const calls: ReadonlyArray<Call> = [
        onesignal.getNotification(appId, unknownId),
        onesignal.cancelNotification(appId, unknownId),
        onesignal.getNotificationHistory(unknownId, { events: "sent", app_id: appId }),
        Notifications.exportEvents(unknownId, appId),
        Notifications.trackOpen(appId, unknownId)
      ]
      for (const call of calls) {
        const error = yield* Effect.flip(call)
        expect(error._tag).toBe("NotFound")
        if (error._tag !== "NotFound") throw new Error(`expected NotFound, got ${error._tag}`)
        expect(error.status).toBe(404)
        expect(error.errors).toEqual(["Notification not found"])
        expect(error.path).toContain(unknownId)
      }
      // One request each: NotFound is not retried.
      const requests = yield* Simulator.requests
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        `GET /notifications/${unknownId}`,
        `DELETE /notifications/${unknownId}`,
        `POST /notifications/${unknownId}/history`,
        `POST /notifications/${unknownId}/export_events`,
        `PUT /notifications/${unknownId}`
      ])
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("retries against the simulator", () => {
  it.effect("a 429 with Retry-After: 7 waits exactly 7 s, then the same idempotency key sends once", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "RateLimited", retryAfter: 7 }, { route: "POST /notifications" })
      const fiber = yield* Effect.fork(Notifications.createNotification(toSegment("rate limited")))

      yield* TestClock.adjust("6999 millis")
      expect(yield* Simulator.requests).toHaveLength(1)
      expect(yield* Simulator.notifications()).toHaveLength(0)
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)

      yield* TestClock.adjust("1 millis")
      const result = expectSent(yield* Fiber.join(fiber))
      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(1)
      expect(stored[0]!.id).toBe(result.id)
      const requests = yield* Simulator.requests
      expect(requests).toHaveLength(2)
      expect(idempotencyKeyOf(requests[0]!)).toBe(result.idempotencyKey)
      expect(idempotencyKeyOf(requests[1]!)).toBe(result.idempotencyKey)
      expect(result.wasReplayed).toBe(false)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a 429 asking for more than maxRetryAfter fails at once with RateLimited", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "RateLimited", retryAfter: 120 }, { route: "POST /notifications" })
      const error = yield* Effect.flip(Notifications.createNotification(toSegment("too long a wait")))
      expect(error._tag).toBe("RateLimited")
      if (error._tag !== "RateLimited") throw new Error("expected RateLimited")
      expect(error.status).toBe(429)
      expect(error.errors).toEqual(["API rate limit exceeded"])
      expect(Option.map(error.retryAfter, Duration.toSeconds)).toEqual(Option.some(120))
      expect(yield* Simulator.requests).toHaveLength(1)
      expect(yield* Simulator.notifications()).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a connection dropped after the commit: the retry replays the original id, one stored", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "DropAfterApply" }, { route: "POST /notifications" })
      const fiber = yield* Effect.fork((yield* OneSignal).createNotification(toSegment("dropped")))

      // The first attempt was applied, then its answer lost; the retry waits 500 ms.
      yield* TestClock.adjust("499 millis")
      expect(yield* Simulator.requests).toHaveLength(1)
      const applied = yield* Simulator.notifications()
      expect(applied).toHaveLength(1)
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)

      yield* TestClock.adjust("1 millis")
      const result = expectSent(yield* Fiber.join(fiber))
      expect(result.id).toBe(applied[0]!.id)
      expect(result.wasReplayed).toBe(true)
      expect(yield* Simulator.notifications()).toHaveLength(1)
      const requests = yield* Simulator.requests
      expect(requests).toHaveLength(2)
      expect(idempotencyKeyOf(requests[0]!)).toBe(result.idempotencyKey)
      expect(idempotencyKeyOf(requests[1]!)).toBe(result.idempotencyKey)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a connection dropped after the commit, with retries off: TransportError, yet stored", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "DropAfterApply" }, { route: "POST /notifications" })
      const error = yield* Effect.flip(Notifications.createNotification(toSegment("dropped"), { retry: false }))
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") throw new Error("expected TransportError")
      expect(error.reason).toBe("Transport")
      expect(error.description).toContain("after applying")
      expect(yield* Simulator.requests).toHaveLength(1)
      expect(yield* Simulator.notifications()).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a connection dropped before the commit, with retries off: TransportError, nothing stored", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "DropBeforeApply" }, { route: "POST /notifications" })
      const error = yield* Effect.flip(Notifications.createNotification(toSegment("dropped"), { retry: false }))
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") throw new Error("expected TransportError")
      expect(error.reason).toBe("Transport")
      expect(yield* Simulator.requests).toHaveLength(1)
      expect(yield* Simulator.notifications()).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("trackOpen is not retried after a dropped answer, so the open is counted once", () =>
    Effect.gen(function*() {
      const sent = expectSent(yield* Notifications.createNotification(toSegment("opened once")))
      yield* Simulator.injectFault({ _tag: "DropAfterApply" }, { route: "PUT /notifications/:id" })
      const error = yield* Effect.flip(Notifications.trackOpen(appId, sent.id))
      expect(error._tag).toBe("TransportError")
      yield* TestClock.adjust("1 minute")
      const [stored] = yield* Simulator.notifications()
      expect(stored!.converted).toBe(1)
      expect((yield* Simulator.requests).filter((r) => r.method === "PUT")).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("re-running the same effect value sends the same key again and gets a replay", () =>
    Effect.gen(function*() {
      const send = Notifications.createNotification(toSegment("once"))
      const first = expectSent(yield* send)
      const second = expectSent(yield* send)
      expect(first.wasReplayed).toBe(false)
      expect(second.wasReplayed).toBe(true)
      expect(second.id).toBe(first.id)
      expect(second.idempotencyKey).toBe(first.idempotencyKey)
      expect(yield* Simulator.notifications()).toHaveLength(1)
      const requests = yield* Simulator.requests
      expect(requests.map(idempotencyKeyOf)).toEqual([first.idempotencyKey, first.idempotencyKey])

      // The same holds for the service method; a new call is a new key.
      const onesignal = yield* OneSignal
      const viaService = onesignal.createNotification(toSegment("twice"))
      const a = expectSent(yield* viaService)
      const b = expectSent(yield* viaService)
      expect(b.id).toBe(a.id)
      expect(b.wasReplayed).toBe(true)
      const c = expectSent(yield* onesignal.createNotification(toSegment("twice")))
      expect(c.id).not.toBe(a.id)
      expect(c.idempotencyKey).not.toBe(a.idempotencyKey)
      expect(c.wasReplayed).toBe(false)
      expect(yield* Simulator.notifications()).toHaveLength(3)
      expect(yield* postsToNotifications).toHaveLength(5)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a POST without an idempotency key (getNotificationHistory) is not retried on 503", () =>
    Effect.gen(function*() {
      const { id } = expectSent(yield* Notifications.createNotification(toSegment("history")))
      yield* Simulator.injectFault({ _tag: "ServerError", status: 503 }, { route: "POST /notifications/:id/history" })
      const error = yield* Effect.flip(Notifications.getNotificationHistory(id, { events: "sent", app_id: appId }))
      expect(error._tag).toBe("ServerError")
      if (error._tag !== "ServerError") throw new Error("expected ServerError")
      expect(error.status).toBe(503)
      const history = (yield* Simulator.requests).filter((r) => r.path.endsWith("/history"))
      expect(history).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getNotification is retried on 503 and then succeeds", () =>
    Effect.gen(function*() {
      const { id } = expectSent(yield* Notifications.createNotification(toSegment("read me")))
      yield* Simulator.injectFault({ _tag: "ServerError", status: 503 }, { route: "GET /notifications/:id" })
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, id))
      yield* TestClock.adjust("499 millis")
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      yield* TestClock.adjust("1 millis")
      const read = yield* Fiber.join(fiber)
      expect(read.id).toBe(id)
      expect(read.contents).toEqual({ en: "read me" })
      const gets = (yield* Simulator.requests).filter((r) => r.method === "GET")
      expect(gets).toHaveLength(2)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("5xx on a GET is retried up to the policy's bound (1 + maxRetries requests), then ServerError", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "ServerError", status: 502 }, { route: "GET /notifications", times: 100 })
      const fiber = yield* Effect.fork(Notifications.getNotifications(appId))
      // Unjittered default policy: waits 500 ms, 1 s, 2 s, 4 s (4 retries).
      yield* TestClock.adjust("7499 millis")
      expect(yield* Simulator.requests).toHaveLength(4)
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      yield* TestClock.adjust("1 millis")
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error._tag).toBe("ServerError")
      if (error._tag !== "ServerError") throw new Error("expected ServerError")
      expect(error.status).toBe(502)
      expect(yield* Simulator.requests).toHaveLength(5)

      // A call's own policy sets its own bound.
      const bounded = yield* Effect.fork(
        Notifications.getNotifications(appId, { retry: RetryPolicy.make({ jitter: false, maxRetries: 2 }) })
      )
      yield* TestClock.adjust("1 minute")
      const second = yield* Effect.flip(Fiber.join(bounded))
      expect(second._tag).toBe("ServerError")
      expect(yield* Simulator.requests).toHaveLength(5 + 3)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("latency beyond the call's timeout: TransportError with reason Timeout", () =>
    Effect.gen(function*() {
      const { id } = expectSent(yield* Notifications.createNotification(toSegment("slow")))
      yield* Simulator.injectFault({ _tag: "Latency", delay: "5 seconds" }, { route: "GET /notifications/:id" })
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, id, { timeout: "1 second", retry: false }))
      yield* TestClock.adjust("999 millis")
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      yield* TestClock.adjust("1 millis")
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") throw new Error("expected TransportError")
      expect(error.reason).toBe("Timeout")
      expect(error.path).toBe(`/notifications/${id}`)
      expect(error.description).toContain("1s")
      expect((yield* Simulator.requests).filter((r) => r.method === "GET")).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a timed-out GET is retried (timeouts are retryable) and the next attempt succeeds", () =>
    Effect.gen(function*() {
      const { id } = expectSent(yield* Notifications.createNotification(toSegment("slow once")))
      yield* Simulator.injectFault({ _tag: "Latency", delay: "5 seconds" }, { route: "GET /notifications/:id" })
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, id, { timeout: "1 second" }))
      // 1 s timeout, then 500 ms backoff.
      yield* TestClock.adjust("1500 millis")
      const read = yield* Fiber.join(fiber)
      expect(read.id).toBe(id)
      expect((yield* Simulator.requests).filter((r) => r.method === "GET")).toHaveLength(2)
    }).pipe(Effect.provide(simulatorLayer())))
})
