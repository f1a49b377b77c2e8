/**
 * Every list endpoint as a `Stream`, against the in-memory simulator: each
 * item exactly once across pages, the number of page requests the simulator
 * received (laziness included), the `time_offset` and audit log cursors, a
 * failure in the middle of a walk, and retries page by page. Time is driven
 * by `TestClock`; nothing sleeps.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as ApiKeys from "../src/ApiKeys.js"
import * as Apps from "../src/Apps.js"
import * as Notifications from "../src/Notifications.js"
import * as Pagination from "../src/Pagination.js"
import * as Segments from "../src/Segments.js"
import * as Templates from "../src/Templates.js"
import type * as MockTransport from "../src/testing/MockTransport.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, simulatorLayer } from "./utils/simulator.js"

/** Sends `count` messages through the client, one after the other. */
const sendMessages = (count: number, extra: Partial<Notifications.Notification> = {}) =>
  Effect.forEach(
    Array.from({ length: count }, (_, i) => i),
    (i) =>
      Notifications.createNotification({
        app_id: appId,
        contents: { en: `message ${i}` },
        include_subscription_ids: ["00000000-0000-4000-8000-00000000beef"],
        ...extra
      }),
    { discard: true }
  )

/** The requests the simulator received on one route (method and exact path). */
const requestsTo = (method: string, path: string) =>
  Effect.map(
    Simulator.requests,
    (all): ReadonlyArray<MockTransport.RecordedRequest> => all.filter((r) => r.method === method && r.path === path)
  )

const notificationLists = requestsTo("GET", "/notifications")

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

const idsOf = (items: ReadonlyArray<{ readonly id?: string | null | undefined }>) => items.map((item) => item.id)

// -----------------------------------------------------------------------------
// Notifications
// -----------------------------------------------------------------------------

describe("Pagination.notifications by offset", () => {
  it.effect("yields each of 1,234 messages exactly once, newest first, in ceil(1234 / 50) requests", () =>
    Effect.gen(function*() {
      yield* sendMessages(1234)
      const stored = yield* Simulator.notifications(appId)
      expect(stored).toHaveLength(1234)

      const items = yield* collect(Pagination.notifications(appId))
      expect(items).toHaveLength(1234)
      expect(new Set(idsOf(items)).size).toBe(1234)
      // Newest first: the stored order reversed.
      expect(idsOf(items)).toEqual(stored.map((n) => n.id).reverse())

      const lists = yield* notificationLists
      expect(lists).toHaveLength(Math.ceil(1234 / 50))
      expect(lists.map((r) => r.query["offset"])).toEqual(Array.from({ length: 25 }, (_, i) => String(i * 50)))
      expect(lists.every((r) => r.query["limit"] === "50" && r.query["app_id"] === appId)).toBe(true)
      expect(lists.some((r) => r.query["time_offset"] !== undefined)).toBe(false)
    }).pipe(Effect.provide(simulatorLayer())), 30_000)

  it.effect("is lazy: nothing is requested before it runs, and taking 60 items makes exactly 2 requests", () =>
    Effect.gen(function*() {
      yield* sendMessages(200)
      const stream = Pagination.notifications(appId)
      expect(yield* notificationLists).toHaveLength(0)

      const first60 = yield* collect(Stream.take(stream, 60))
      expect(first60).toHaveLength(60)
      expect(new Set(idsOf(first60)).size).toBe(60)
      const lists = yield* notificationLists
      expect(lists.map((r) => r.query["offset"])).toEqual(["0", "50"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("pages of `limit` from `offset`; an exact multiple ends with the empty page, which is emitted", () =>
    Effect.gen(function*() {
      yield* sendMessages(30)
      const pages = yield* collect(Pagination.notificationPages(appId, { limit: 10, offset: 10, kind: 1 }))
      expect(pages.map((page) => page.notifications?.length)).toEqual([10, 10, 0])
      expect(pages.map((page) => page.offset)).toEqual([10, 20, 30])
      const lists = yield* notificationLists
      expect(lists.map((r) => [r.query["offset"], r.query["limit"], r.query["kind"]])).toEqual([
        ["10", "10", "1"],
        ["20", "10", "1"],
        ["30", "10", "1"]
      ])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a `limit` over 50 fails with InvalidRequest before any request", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(collect(Pagination.notifications(appId, { limit: 51 })))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* Simulator.requests).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("Pagination.notifications by time_offset", () => {
  it.effect("walks oldest send_after first from an ISO time, following next_time_offset until an empty page", () =>
    Effect.gen(function*() {
      yield* sendMessages(5) // at 0 s: before the cursor
      yield* sendMessages(1, { contents: { en: "scheduled" }, send_after: new Date(90_000).toISOString() })
      yield* TestClock.adjust("60 seconds")
      yield* sendMessages(40) // at 60 s
      yield* TestClock.adjust("60 seconds")
      yield* sendMessages(35) // at 120 s
      const stored = yield* Simulator.notifications(appId)
      const at60 = stored.filter((n) => n.sendAfter === 60).map((n) => n.id)
      const scheduled = stored.filter((n) => n.sendAfter === 90).map((n) => n.id)
      const at120 = stored.filter((n) => n.sendAfter === 120).map((n) => n.id)
      expect([at60.length, scheduled.length, at120.length]).toEqual([40, 1, 35])

      const start = new Date(60_000).toISOString()
      const pages = yield* collect(Pagination.notificationPages(appId, { time_offset: start }))
      expect(pages.map((page) => page.notifications?.length)).toEqual([50, 26, 0])
      const items = pages.flatMap((page) => page.notifications ?? [])
      // Ascending by send_after (the scheduled message between the batches), creation order among equals.
      expect(idsOf(items)).toEqual([...at60, ...scheduled, ...at120])

      const lists = yield* notificationLists
      expect(lists.map((r) => r.query["time_offset"])).toEqual([
        start,
        pages[0]!.next_time_offset,
        pages[1]!.next_time_offset
      ])
      expect(lists.some((r) => r.query["offset"] !== undefined)).toBe(false)
      // The empty last page hands back the place to resume from.
      expect(pages[2]!.next_time_offset).toBe(pages[1]!.next_time_offset)

      // A later pull from that cursor reads only what came since.
      yield* TestClock.adjust("60 seconds")
      yield* sendMessages(3)
      const newer = yield* collect(Pagination.notifications(appId, { time_offset: pages[2]!.next_time_offset! }))
      const latest = (yield* Simulator.notifications(appId)).slice(-3).map((n) => n.id)
      expect(idsOf(newer)).toEqual(latest)
      expect(yield* notificationLists).toHaveLength(3 + 2)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("yields 1,234 messages of one second exactly once, ties broken by creation order", () =>
    Effect.gen(function*() {
      yield* sendMessages(1234)
      const items = yield* collect(Pagination.notifications(appId, { time_offset: new Date(0).toISOString() }))
      expect(idsOf(items)).toEqual((yield* Simulator.notifications(appId)).map((n) => n.id))
      // 24 full pages, the short one, then the empty one that ends the walk.
      expect(yield* notificationLists).toHaveLength(26)
    }).pipe(Effect.provide(simulatorLayer())), 30_000)

  it.effect("an empty time_offset walks by offset; offset with time_offset is OneSignal's 400", () =>
    Effect.gen(function*() {
      yield* sendMessages(3)
      const byOffset = yield* collect(Pagination.notifications(appId, { time_offset: "" }))
      expect(byOffset).toHaveLength(3)
      expect((yield* notificationLists)[0]!.query["time_offset"]).toBeUndefined()

      const error = yield* Effect.flip(
        collect(Pagination.notifications(appId, { time_offset: "2025-01-01T00:00:00.000Z", offset: 5 }))
      )
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") throw new Error("expected BadRequest")
      expect(error.status).toBe(400)
      expect(error.errors).toEqual(["offset cannot be used with time_offset."])
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("Pagination failures and retries", () => {
  it.effect("a 500 on the second page fails the stream with ServerError after the first page's items", () =>
    Effect.gen(function*() {
      yield* sendMessages(120)
      yield* Simulator.scriptFaults("GET /notifications", [
        Simulator.Fault.None(),
        Simulator.Fault.ServerError({ status: 500 })
      ])
      const results = yield* collect(Stream.either(Pagination.notifications(appId, { retry: false })))
      expect(results).toHaveLength(51)
      const items = results.slice(0, 50).map((result) => Either.getOrThrow(result))
      expect(idsOf(items)).toEqual((yield* Simulator.notifications(appId)).slice(-50).map((n) => n.id).reverse())
      const last = results[50]!
      if (Either.isRight(last)) throw new Error("expected the failure last")
      expect(last.left._tag).toBe("ServerError")
      if (last.left._tag !== "ServerError") throw new Error("expected ServerError")
      expect(last.left.status).toBe(500)
      expect(last.left.path).toBe("/notifications")
      // Not retried, and no page after the failed one.
      expect((yield* notificationLists).map((r) => r.query["offset"])).toEqual(["0", "50"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a 429 with Retry-After on a page is retried after it, and the walk completes", () =>
    Effect.gen(function*() {
      yield* sendMessages(120)
      yield* Simulator.scriptFaults("GET /notifications", [
        Simulator.Fault.None(),
        Simulator.Fault.RateLimited({ retryAfter: 5 })
      ])
      const fiber = yield* Effect.fork(collect(Pagination.notifications(appId)))
      yield* TestClock.adjust("4999 millis")
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      expect(yield* notificationLists).toHaveLength(2)
      yield* TestClock.adjust("1 millis")
      const items = yield* Fiber.join(fiber)
      expect(items).toHaveLength(120)
      expect(new Set(idsOf(items)).size).toBe(120)
      expect((yield* notificationLists).map((r) => r.query["offset"])).toEqual(["0", "50", "50", "100"])
    }).pipe(Effect.provide(simulatorLayer())))
})

// -----------------------------------------------------------------------------
// Players, segments, templates
// -----------------------------------------------------------------------------

const manyDevices: ReadonlyArray<Simulator.SimulatorUser> = Array.from({ length: 650 }, (_, i) => ({
  aliases: { external_id: `user-${i}` },
  subscriptions: [{ type: "AndroidPush", token: `token-${i}` }]
}))

describe("Pagination.players", () => {
  it.effect("yields every one of 650 devices once, sorted by id, in pages of 300", () =>
    Effect.gen(function*() {
      const pages = yield* collect(Pagination.playerPages(appId))
      expect(pages.map((page) => page.players?.length)).toEqual([300, 300, 50])
      const items = yield* collect(Pagination.players(appId))
      const ids = idsOf(items)
      const stored = (yield* Simulator.state).subscriptions.map((s) => s.id).sort()
      expect(stored).toHaveLength(650)
      expect(ids).toEqual(stored)
      const lists = yield* requestsTo("GET", "/players")
      expect(lists.map((r) => [r.query["offset"], r.query["limit"]])).toEqual([
        ["0", "300"],
        ["300", "300"],
        ["600", "300"],
        ["0", "300"],
        ["300", "300"],
        ["600", "300"]
      ])
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: manyDevices } }))))
})

const levelFilters = [{ field: "tag", key: "level", relation: ">", value: "10" }] as const

describe("Pagination.segments", () => {
  it.effect("walks 21 segments in pages of 7: three full pages and the empty one, oldest first", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 21; i++) {
        yield* Segments.createSegment(appId, { name: `Segment ${i}`, filters: levelFilters })
      }
      const pages = yield* collect(Pagination.segmentPages(appId, { limit: 7 }))
      expect(pages.map((page) => page.segments?.length)).toEqual([7, 7, 7, 0])
      const items = yield* collect(Pagination.segments(appId, { limit: 7 }))
      expect(items.map((segment) => segment.name)).toEqual(Array.from({ length: 21 }, (_, i) => `Segment ${i}`))
      expect(idsOf(items)).toEqual((yield* Simulator.state).segments.map((s) => s.id))
      const lists = yield* requestsTo("GET", `/apps/${appId}/segments`)
      expect(lists.map((r) => r.query["offset"])).toEqual(["0", "7", "14", "21", "0", "7", "14", "21"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("an unknown app fails the stream with the API's typed error after one request", () =>
    Effect.gen(function*() {
      const unknownApp = "0badc0de-0000-4000-8000-000000000000"
      const error = yield* Effect.flip(collect(Pagination.segments(unknownApp)))
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") throw new Error("expected BadRequest")
      expect(error.status).toBe(400)
      expect(yield* requestsTo("GET", `/apps/${unknownApp}/segments`)).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("Pagination.templates", () => {
  it.effect("walks 105 templates in pages of 50, and a channel in pages of its own limit", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 105; i++) {
        yield* Templates.createTemplate(
          i % 5 === 0
            ? { app_id: appId, name: `Email ${i}`, contents: { en: "e" }, isEmail: true, email_subject: "Hi" }
            : { app_id: appId, name: `Push ${i}`, contents: { en: "p" } }
        )
      }
      const pages = yield* collect(Pagination.templatePages(appId))
      expect(pages.map((page) => page.templates?.length)).toEqual([50, 50, 5])
      const all = pages.flatMap((page) => page.templates ?? [])
      expect(idsOf(all)).toEqual((yield* Simulator.state).templates.map((t) => t.id))

      const emails = yield* collect(Pagination.templates(appId, { channel: "email", limit: 10 }))
      expect(emails.map((t) => t.name)).toEqual(Array.from({ length: 21 }, (_, i) => `Email ${i * 5}`))
      const emailLists = (yield* requestsTo("GET", "/templates")).filter((r) => r.query["channel"] === "email")
      expect(emailLists.map((r) => r.query["offset"])).toEqual(["0", "10", "20"])
    }).pipe(Effect.provide(simulatorLayer())))
})

// -----------------------------------------------------------------------------
// Organization: API keys and audit logs
// -----------------------------------------------------------------------------

describe("Pagination.apiKeys", () => {
  it.effect("yields every key of the app from one request", () =>
    Effect.gen(function*() {
      for (const name of ["ci", "backend", "reporting"]) {
        yield* ApiKeys.createApiKey(appId, { name })
      }
      const keys = yield* collect(Pagination.apiKeys(appId))
      expect(keys.map((key) => key.name).sort()).toEqual(["backend", "ci", "reporting"])
      const stored = (yield* Simulator.state).apiKeys.filter((key) => key.appId === appId).map((key) => key.id).sort()
      expect(keys.map((key) => key.token_id).sort()).toEqual(stored)
      expect(yield* requestsTo("GET", `/apps/${appId}/auth/tokens`)).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("Pagination.auditLogs", () => {
  it.effect("follows next_cursor across pages with the same limit and filters, each event once", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 250; i++) {
        yield* Apps.updateApp(appId, { name: `Acme ${i}` })
      }
      yield* ApiKeys.createApiKey(appId, { name: "not an update" })
      const organizationId = Simulator.defaultOrganizationId
      const options = { start_time: new Date(0), limit: 100, actions: ["app.updated"] }

      const pages = yield* collect(Pagination.auditLogPages(organizationId, options))
      expect(pages.map((page) => [page.audit_logs?.length, page.has_more])).toEqual([
        [100, true],
        [100, true],
        [50, false]
      ])
      const events = yield* collect(Pagination.auditLogs(organizationId, options))
      expect(events).toHaveLength(250)
      expect(events.every((event) => event.action === "app.updated")).toBe(true)
      const stored = (yield* Simulator.state).auditLogs.filter((log) => log.fields["action"] === "app.updated")
      expect(idsOf(events)).toEqual(stored.map((log) => log.id))

      const lists = (yield* requestsTo("GET", `/organizations/${organizationId}/audit_logs`)).slice(0, 3)
      expect(lists.map((r) => r.query["cursor"])).toEqual([undefined, pages[0]!.next_cursor, pages[1]!.next_cursor])
      expect(lists.map((r) => r.query["start_time"])).toEqual([new Date(0).toISOString(), undefined, undefined])
      expect(lists.every((r) => r.query["limit"] === "100" && r.query["actions"] === "app.updated")).toBe(true)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("without start_time or cursor: InvalidRequest, nothing sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(collect(Pagination.auditLogs(Simulator.defaultOrganizationId, {})))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* Simulator.requests).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))
})
