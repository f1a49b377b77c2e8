/**
 * CSV exports against the simulator: start, poll on `TestClock`, download,
 * gunzip, parse and decode typed rows; and the CSV reader alone, fed with
 * chunks cut everywhere. Nothing sleeps: every wait is on the `TestClock`.
 */
import { gzipSync } from "node:zlib"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import { RestApiKey } from "../src/Credentials.js"
import * as Exports from "../src/Exports.js"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalConfig } from "../src/OneSignalConfig.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, baseUrl, simulatorLayer } from "./utils/simulator.js"

const encoder = new TextEncoder()

const pushId = "11111111-1111-4111-8111-111111111111"
const emailId = "22222222-2222-4222-8222-222222222222"

const customer = {
  aliases: { external_id: "customer-1" },
  properties: { language: "fr", tags: { plan: "pro", note: "a, \"quoted\"\nvalue" } },
  subscriptions: [
    { id: pushId, type: "iOSPush", token: "token-1" },
    { id: emailId, type: "Email", token: "c1@example.com", enabled: false }
  ]
} satisfies Simulator.SimulatorUser

const fileRequests = (requests: ReadonlyArray<MockTransport.RecordedRequest>) =>
  requests.filter((request) => request.method === "GET" && request.path.startsWith("/exports/"))

/** A simulator whose export files answer whatever `file` says, and the client over it. */
const layerWithFile = (file: MockTransport.MockReply | MockTransport.RouteHandler, extra: MockTransport.Routes = {}) =>
  Layer.fresh(
    OneSignal.layer.pipe(
      Layer.provide(RestApiKey.layer(Simulator.defaultRestApiKey)),
      Layer.provide(OneSignalConfig.layer({ baseUrl, retry: RetryPolicy.make({ jitter: false }) })),
      Layer.provideMerge(Simulator.layerWithRoutes({ ...extra, "GET /exports/:file": file }))
    )
  )

const csvFile = (text: string) => ({ status: 200, headers: { "content-type": "text/csv" }, body: gzipSync(text) })

const collect = <A, E, R>(stream: Stream.Stream<A, E, R>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

/** Records of `text` cut into pieces at the given byte offsets. */
const recordsOf = (bytes: Uint8Array, cuts: ReadonlyArray<number>) => {
  const pieces: Array<Uint8Array> = []
  let last = 0
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.slice(last, cut))
    last = cut
  }
  return collect(Exports.parseCsv(Stream.fromIterable(pieces)))
}

describe("Exports.subscriptions", () => {
  it.effect("polls a file that is not ready 3 times, 10 s apart, then streams its rows typed", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        collect(Exports.subscriptions(appId, { extra_fields: ["external_user_id", "notification_types"] }))
      )
      yield* TestClock.adjust("30 seconds")
      const rows = yield* Fiber.join(fiber)

      expect(rows).toHaveLength(2)
      const push = rows.find((row) => row.id === pushId)!
      expect(push).toEqual({
        id: pushId,
        identifier: "token-1",
        session_count: 1,
        language: "fr",
        device_type: 0,
        tags: { plan: "pro", note: "a, \"quoted\"\nvalue" },
        last_active: new Date(0),
        playtime: 0,
        amount_spent: 0,
        created_at: new Date(0),
        invalid_identifier: false,
        badge_count: 0,
        external_user_id: "customer-1",
        notification_types: 1,
        extra: {}
      })
      const email = rows.find((row) => row.id === emailId)!
      expect(email.identifier).toBe("c1@example.com")
      expect(email.device_type).toBe(11)
      expect(email.invalid_identifier).toBe(true)
      expect(email.notification_types).toBe(-2)

      const requests = yield* Simulator.requests
      const gets = fileRequests(requests)
      expect(gets).toHaveLength(4)
      expect(new Set(gets.map((request) => request.path)).size).toBe(1)
      expect(gets[0]!.path).toMatch(/^\/exports\/players-[0-9a-f-]{36}\.csv\.gz$/)
      // The file URL is pre-signed: the REST key goes to the API only.
      expect(gets.every((request) => request.headers["authorization"] === undefined)).toBe(true)
      const start = requests.find((request) => request.path === "/players/csv_export")!
      expect(start.headers["authorization"]).toBe(`Key ${Simulator.defaultRestApiKey}`)
      expect(start.body).toEqual({ extra_fields: ["external_user_id", "notification_types"] })

      const [stored] = (yield* Simulator.state).exports
      expect(stored!.kind).toBe("players")
      expect(stored!.appId).toBe(appId)
      expect(stored!.polls).toEqual([0, 10_000, 20_000, 30_000])
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: [customer], exports: { readyAfterPolls: 3 } } }))))

  it.effect("streams a 10,000-row export without collecting it, quoted cells included", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Exports.subscriptions(appId).pipe(
          Stream.runFold({ count: 0, quoted: 0 }, (acc, row) => ({
            count: acc.count + 1,
            quoted: acc.quoted + (row.device_model === "Pixel 7, \"Pro\"" ? 1 : 0)
          }))
        )
      )
      yield* TestClock.adjust("10 seconds")
      expect(yield* Fiber.join(fiber)).toEqual({ count: 10_000, quoted: Math.ceil(10_000 / 7) })
      expect(fileRequests(yield* Simulator.requests)).toHaveLength(2)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { exports: { syntheticRows: 10_000 } } }))))

  it.effect("stops downloading when the consumer stops", () =>
    Effect.gen(function*() {
      const rows = yield* collect(Stream.take(Exports.subscriptions(appId), 3))
      expect(rows.map((row) => row.identifier)).toEqual([
        "synthetic-token-0",
        "synthetic-token-1",
        "synthetic-token-2"
      ])
    }).pipe(Effect.provide(simulatorLayer({ simulator: { exports: { readyAfterPolls: 0, syntheticRows: 10_000 } } }))))

  it.effect("fails with ExportNotReady after 60 polls, 10 s apart, by default", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.flip(Stream.runDrain(Exports.subscriptions(appId))))
      yield* TestClock.adjust("10 minutes")
      const error = yield* Fiber.join(fiber)
      expect(error._tag).toBe("ExportNotReady")
      expect(error).toMatchObject({ kind: "subscriptions", polls: 60, status: 404 })
      expect(error.message).toBe("the subscriptions export was not ready after 60 polls (last answer: HTTP 404)")
      expect(fileRequests(yield* Simulator.requests)).toHaveLength(60)
      const [stored] = (yield* Simulator.state).exports
      expect(stored!.polls.at(-1)).toBe(590_000)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { exports: { readyAfterPolls: 1_000 } } }))))

  it.effect("polls as the options say: an interval and a bound, or any Schedule", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flip(Stream.runDrain(Exports.subscriptions(appId, undefined, { poll: { interval: "1 second", maxPolls: 3 } })))
      )
      yield* TestClock.adjust("2 seconds")
      expect(yield* Fiber.join(fiber)).toMatchObject({ _tag: "ExportNotReady", polls: 3 })
      expect((yield* Simulator.state).exports[0]!.polls).toEqual([0, 1_000, 2_000])

      const error = yield* Effect.flip(
        Stream.runDrain(Exports.subscriptions(appId, undefined, { poll: Schedule.recurs(1) }))
      )
      expect(error).toMatchObject({ _tag: "ExportNotReady", polls: 2 })
    }).pipe(Effect.provide(simulatorLayer({ simulator: { exports: { readyAfterPolls: 1_000 } } }))))

  it.effect("retries a transient failure of the file without counting it as a poll", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault(Simulator.Fault.ServerError({ status: 503 }), { route: "GET /exports/:file" })
      const fiber = yield* Effect.fork(collect(Exports.subscriptions(appId)))
      yield* TestClock.adjust("11 seconds")
      expect(yield* Fiber.join(fiber)).toHaveLength(2)
      expect(fileRequests(yield* Simulator.requests)).toHaveLength(3)
      // The 503 never reached the file: it saw two polls.
      expect((yield* Simulator.state).exports[0]!.polls).toEqual([500, 10_500])
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: [customer] } }))))

  it.effect("fails with ExportDownloadError when a transient failure is not retried", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault(Simulator.Fault.ServerError({ status: 503 }), { route: "GET /exports/:file" })
      const status = yield* Effect.flip(Stream.runDrain(Exports.subscriptions(appId, undefined, { retry: false })))
      expect(status).toMatchObject({ _tag: "ExportDownloadError", reason: "Status", status: 503 })

      yield* Simulator.injectFault(Simulator.Fault.DropBeforeApply(), { route: "GET /exports/:file" })
      const dropped = yield* Effect.flip(Stream.runDrain(Exports.subscriptions(appId, undefined, { retry: false })))
      expect(dropped).toMatchObject({ _tag: "ExportDownloadError", reason: "Transport" })
      // Neither the URL nor the key is in the error.
      for (const error of [status, dropped]) {
        expect(JSON.stringify(error)).not.toContain("/exports/")
        expect(error.message).not.toContain("/exports/")
        expect(JSON.stringify(error)).not.toContain(Simulator.defaultRestApiKey)
      }
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a failed start is the API's typed error, and no file is requested", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Stream.runDrain(Exports.subscriptions("00000000-0000-4000-8000-00000000dead")))
      expect(error._tag).toBe("BadRequest")
      expect(fileRequests(yield* Simulator.requests)).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("the file of a started export can be downloaded again without a new export", () =>
    Effect.gen(function*() {
      const file = yield* Exports.startSubscriptions(appId)
      expect(file.kind).toBe("subscriptions")
      expect(String(file.url)).not.toContain("/exports/")
      const first = yield* collect(Exports.download(file, { poll: Schedule.recurs(1) }))
      const again = yield* collect(Exports.download(file))
      expect(again).toEqual(first)
      expect(first).toHaveLength(2)
      expect((yield* Simulator.state).exports).toHaveLength(1)
      expect(fileRequests(yield* Simulator.requests)).toHaveLength(3)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: [customer] } }))))

  it.effect("fails with ExportExpired when the file is gone (3 days after the export)", () =>
    Effect.gen(function*() {
      const file = yield* Exports.startSubscriptions(appId)
      yield* TestClock.adjust("3 days")
      const error = yield* Effect.flip(Stream.runDrain(Exports.download(file)))
      expect(error).toMatchObject({ _tag: "ExportExpired", kind: "subscriptions", status: 403 })
      expect(fileRequests(yield* Simulator.requests)).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("files served by someone else", () => {
  it.effect("keeps columns the schema does not know, as strings, and reads a plain CSV too", () =>
    Effect.gen(function*() {
      const text = "id,identifier,brand_new,session_count,tags\r\n" +
        "p-1,token-1,\"x, y\",3,\"{\"\"a\"\":\"\"1\"\"}\"\r\n" +
        "p-2,,,,\r\n"
      const expected = [
        { id: "p-1", identifier: "token-1", session_count: 3, tags: { a: "1" }, extra: { brand_new: "x, y" } },
        { id: "p-2", extra: { brand_new: "" } }
      ]
      const gzipped = yield* collect(Exports.subscriptions(appId)).pipe(
        Effect.provide(layerWithFile(csvFile(text)))
      )
      expect(gzipped).toEqual(expected)
      const plain = yield* collect(Exports.subscriptions(appId)).pipe(
        Effect.provide(layerWithFile({ status: 200, body: encoder.encode(text) }))
      )
      expect(plain).toEqual(expected)
    }))

  it.effect("follows a redirect of the file URL, without sending the key there either", () =>
    Effect.gen(function*() {
      const [rows, requests] = yield* Effect.all([collect(Exports.subscriptions(appId)), MockTransport.requests]).pipe(
        Effect.provide(layerWithFile({ status: 302, headers: { location: "https://storage.test/bucket/file.csv.gz" } }, {
          "GET /bucket/:file": csvFile("id\np-1\n")
        }))
      )
      expect(rows).toEqual([{ id: "p-1", extra: {} }])
      const redirected = requests.find((request) => request.url === "https://storage.test/bucket/file.csv.gz")!
      expect(redirected.headers["authorization"]).toBeUndefined()
    }))

  it.effect("a cell that is not of its column's type is a CsvParseError naming the line and column, not the value", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Stream.runDrain(Exports.subscriptions(appId)).pipe(
          Effect.provide(layerWithFile(csvFile("id,session_count\np-1,2\np-2,secret@example.com\n")))
        )
      )
      expect(error).toMatchObject({ _tag: "CsvParseError", line: 3, column: "session_count" })
      expect(error.message).toBe("CSV line 3, column session_count: the cell is not a number")
      expect(JSON.stringify(error)).not.toContain("secret")

      const empty = yield* Effect.flip(
        Stream.runDrain(Exports.decodeFile("subscriptions")(Stream.make(encoder.encode("id,language\n,en\n"))))
      )
      expect(empty).toMatchObject({ _tag: "CsvParseError", line: 2, column: "id", issue: "the cell is empty" })

      const ragged = yield* Effect.flip(
        Stream.runDrain(Exports.decodeFile("history")(Stream.make(encoder.encode("player_id,timestamp\na,1,2\n"))))
      )
      expect(ragged).toMatchObject({ _tag: "CsvParseError", line: 2, issue: "the record has 3 fields, the header 2" })
    }))

  it.effect("decodes every cell as the row schema does (the fast path never differs from Schema)", () =>
    Effect.gen(function*() {
      const header = ["id", "session_count", "last_active", "invalid_identifier", "tags", "timezone", "other"]
      const records = [
        ["a", "1", "1628189160", "t", "{\"a\":1}", "-28800", "x"],
        ["b", "0.99", "2024-05-01 12:00:00", "f", "{}", " 7 ", ""],
        ["c", "1e3", "2024-05-01T12:00:00.5", "true", "{\"n\":{\"deep\":[1]}}", "Infinity", "y"],
        ["d", "-0", "2024-05-01T12:00:00Z", "FALSE", "{\"s\":\"é\"}", "NaN", "z"],
        ["e", "", "2024-05-01T12:00:00+02:00", "1", "", "0x10", ""],
        ["f", "42", "Wed, 01 May 2024 12:00:00 GMT", "0", "{\"q\":\"a,b\"}", "", ""],
        ["g", "3", "2024-05-01 12:00", "", "", "", ""]
      ]
      const quote = (cell: string) => `"${cell.replace(/"/g, "\"\"")}"`
      const text = [header, ...records].map((record) => record.map(quote).join(",")).join("\n")
      const rows = yield* collect(Exports.decodeFile("subscriptions")(Stream.make(encoder.encode(text))))
      const bySchema = records.map((record) => {
        const cells: Record<string, unknown> = { extra: { other: record[6] } }
        header.slice(0, 6).forEach((name, i) => {
          if (record[i] !== "") cells[name] = record[i]
        })
        return Schema.decodeUnknownSync(Exports.SubscriptionRow)(cells)
      })
      expect(rows).toEqual(bySchema)
      expect(rows[1]!.last_active).toEqual(new Date(Date.UTC(2024, 4, 1, 12)))
      expect(rows[3]!.last_active).toEqual(new Date(Date.UTC(2024, 4, 1, 12)))
      expect(rows[6]!.last_active).toEqual(new Date(Date.UTC(2024, 4, 1, 12)))
      // A date out of range is not a date, whatever the path.
      const bad = yield* Effect.flip(Stream.runDrain(
        Exports.decodeFile("history")(Stream.make(encoder.encode("player_id,timestamp\np,2024-13-01 00:00:00\n")))
      ))
      expect(bad).toMatchObject({ _tag: "CsvParseError", line: 2, column: "timestamp", issue: "the cell is not a date" })
    }))

  it.effect("a 403 on a subscriptions file is ExportExpired; a 410 on any file too", () =>
    Effect.gen(function*() {
      const forbidden = yield* Effect.flip(Stream.runDrain(Exports.subscriptions(appId))).pipe(
        Effect.provide(layerWithFile({ status: 403, body: "<Error><Code>AccessDenied</Code></Error>" }))
      )
      expect(forbidden).toMatchObject({ _tag: "ExportExpired", kind: "subscriptions", status: 403 })
      const gone = yield* Effect.flip(Stream.runDrain(Exports.download(Exports.makeFile("history", `${baseUrl}/exports/x`))))
        .pipe(Effect.provide(layerWithFile({ status: 410 })))
      expect(gone).toMatchObject({ _tag: "ExportExpired", kind: "history", status: 410 })
    }))

  it.effect("a body that starts like gzip but is not is an ExportDownloadError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Stream.runDrain(Exports.subscriptions(appId))).pipe(
        Effect.provide(layerWithFile({ status: 200, body: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]) }))
      )
      expect(error).toMatchObject({ _tag: "ExportDownloadError", kind: "subscriptions", reason: "Decompression" })
    }))

  it.effect("an answer without a file URL is a ResponseDecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Stream.runDrain(Exports.subscriptions(appId))).pipe(
        Effect.provide(layerWithFile({ status: 404 }, { "POST /players/csv_export": { status: 200, body: {} } }))
      )
      expect(error).toMatchObject({ _tag: "ResponseDecodeError", issue: "the answer has no csv_file_url" })
    }))
})

describe("the file through the pipeline", () => {
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
    return { tracer, spans }
  })

  it.effect("a 429 of the file waits its Retry-After; each request of the file is a span without the URL", () =>
    Effect.gen(function*() {
      const { spans, tracer } = yield* recordingTracer
      const file = (_: unknown, index: number): MockTransport.MockReply =>
        index === 0 ? { status: 429, headers: { "retry-after": "5" }, body: "" } : csvFile("id\np-1\n")
      const fiber = yield* Effect.fork(
        collect(Exports.subscriptions(appId)).pipe(Effect.withTracer(tracer), Effect.provide(layerWithFile(file)))
      )
      yield* TestClock.adjust("4 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(fiber)).toEqual([{ id: "p-1", extra: {} }])

      const requests = spans.filter((span) => span.name === "OneSignal.Exports.requestFile")
      expect(requests).toHaveLength(1)
      expect(Object.fromEntries(requests[0]!.attributes)).toEqual({
        "http.request.method": "GET",
        "onesignal.operation": "Exports.requestFile",
        "onesignal.export.kind": "subscriptions",
        "onesignal.attempts": 2,
        "http.response.status_code": 200
      })
      const awaited = spans.find((span) => span.name === "OneSignal.Exports.awaitFile")!
      expect(awaited.attributes.get("onesignal.export.polls")).toBe(1)
      for (const span of spans) expect(JSON.stringify(Object.fromEntries(span.attributes))).not.toContain("/exports/")
    }))

  it.effect("a file that answers too slowly is retried, then an ExportDownloadError of reason Timeout", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flip(Stream.runDrain(Exports.subscriptions(appId, undefined, { timeout: "2 seconds" }))).pipe(
          Effect.provide(layerWithFile({ ...csvFile("id\np-1\n"), delay: "1 hour" }))
        )
      )
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "ExportDownloadError", reason: "Timeout" })
      expect(error.message).toContain("no answer within 2s")
    }))

  it.effect("an answer without a file URL is the start endpoint's ResponseDecodeError, naming the field", () =>
    Effect.gen(function*() {
      const id = "33333333-3333-4333-8333-333333333333"
      const error = yield* Effect.flip(Stream.runDrain(Exports.history(appId, id, "sent"))).pipe(
        Effect.provide(layerWithFile({ status: 404 }, {
          "POST /notifications/:id/history": { status: 200, body: { success: true, destination_url: "" } }
        }))
      )
      expect(error).toMatchObject({
        _tag: "ResponseDecodeError",
        route: "/notifications/{notification_id}/history",
        path: `/notifications/${id}/history`,
        status: 200,
        issue: "the answer has no destination_url"
      })
    }))
})

describe("Exports.events and Exports.history", () => {
  const sendToCustomer = Effect.gen(function*() {
    const sent = yield* Notifications.createNotification({
      app_id: appId,
      include_aliases: { external_id: ["customer-1"] },
      target_channel: "push",
      contents: { en: "hello" }
    })
    if (sent._tag !== "Sent") return yield* Effect.die("not sent")
    yield* Notifications.trackOpen(appId, sent.id)
    return sent.id
  })

  it.effect("events: one row per recipient, typed, plus synthetic rows", () =>
    Effect.gen(function*() {
      const id = yield* sendToCustomer
      const fiber = yield* Effect.fork(collect(Exports.events(appId, id)))
      yield* TestClock.adjust("10 seconds")
      const rows = yield* Fiber.join(fiber)
      expect(rows).toHaveLength(3)
      const [user] = (yield* Simulator.state).users
      expect(rows[0]).toEqual({
        external_user_id: "customer-1",
        subscription_id: pushId,
        device_type: "iOSPush",
        sent: new Date(0),
        delivered: new Date(0),
        clicked: new Date(60_000),
        onesignal_id: user!.onesignalId,
        extra: {}
      })
      expect(rows[1]).toMatchObject({ subscription_id: "00000000-0000-4000-8000-000000000000", device_type: "AndroidPush" })
      const gets = fileRequests(yield* Simulator.requests)
      expect(gets.map((request) => request.path)).toEqual([`/exports/events-${id}.csv.gz`, `/exports/events-${id}.csv.gz`])
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: [customer], exports: { syntheticRows: 2 } } }))))

  it.effect("history: keeps polling through 403s, then streams who clicked, with the time", () =>
    Effect.gen(function*() {
      const id = yield* sendToCustomer
      const fiber = yield* Effect.fork(collect(Exports.history(appId, id, "clicked", { email: "ops@example.com" })))
      yield* TestClock.adjust("20 seconds")
      const rows = yield* Fiber.join(fiber)
      const [user] = (yield* Simulator.state).users
      expect(rows).toEqual([{
        player_id: pushId,
        onesignal_id: user!.onesignalId,
        external_id: "customer-1",
        target_channel: "push",
        timestamp: new Date(60_000),
        extra: {}
      }])
      const requests = yield* Simulator.requests
      expect(fileRequests(requests)).toHaveLength(3)
      expect(requests.find((request) => request.path === `/notifications/${id}/history`)!.body).toEqual({
        app_id: appId,
        events: "clicked",
        email: "ops@example.com",
        id
      })

      const fiber2 = yield* Effect.fork(collect(Exports.history(appId, id, "sent")))
      yield* TestClock.adjust("20 seconds")
      const sent = yield* Fiber.join(fiber2)
      expect(sent).toHaveLength(1)
      expect(sent[0]!.timestamp).toBeUndefined()
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: [customer], exports: { readyAfterPolls: 2 } } }))))
})

describe("Exports.parseCsv", () => {
  const text = "name,note,amount\r\n" +
    "plain,\"a, b\",1\r\n" +
    "\"quo\"\"ted\",\"line one\r\nline two\",\r\n" +
    "\r\n" +
    "café €,\"😀 \"\"x\"\"\",3\n" +
    ",,\n" +
    "last,\"\",no newline"
  const expected = [
    ["name", "note", "amount"],
    ["plain", "a, b", "1"],
    ["quo\"ted", "line one\r\nline two", ""],
    ["café €", "😀 \"x\"", "3"],
    ["", "", ""],
    ["last", "", "no newline"]
  ]
  const bytes = encoder.encode(text)

  it.effect("reads quotes, escaped quotes, commas and line breaks in quotes, CRLF, LF and a last line without one", () =>
    Effect.gen(function*() {
      expect(yield* recordsOf(bytes, [])).toEqual(expected)
    }))

  it.effect("gives the same records wherever the chunks are cut: in a quoted field, a CRLF, a multi-byte character", () =>
    Effect.gen(function*() {
      // The cuts that matter, on purpose.
      const inQuotes = text.indexOf("line one") + 4
      const inCrLf = text.indexOf("\r\n") + 1
      const inEmoji = encoder.encode(text.slice(0, text.indexOf("😀"))).length + 2
      const inEuro = encoder.encode(text.slice(0, text.indexOf("€"))).length + 1
      for (const cut of [inQuotes, inCrLf, inEmoji, inEuro]) {
        expect(yield* recordsOf(bytes, [cut])).toEqual(expected)
      }
      // And everywhere else: every single cut, then one byte per chunk.
      for (let cut = 1; cut < bytes.length; cut++) {
        expect(yield* recordsOf(bytes, [cut])).toEqual(expected)
      }
      expect(yield* recordsOf(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1))).toEqual(expected)
    }))

  it.effect("fails with the line of the problem", () =>
    Effect.gen(function*() {
      const parse = (input: string | Uint8Array) =>
        Effect.flip(Stream.runDrain(Exports.parseCsv(Stream.make(typeof input === "string" ? encoder.encode(input) : input))))
      expect(yield* parse("a,b\n1,\"open\n\nstill open")).toMatchObject({
        _tag: "CsvParseError",
        line: 2,
        issue: "a quoted field is not closed at the end of the file"
      })
      expect(yield* parse("a,b\n\"multi\nline\",ok\nx,y\"z\n")).toMatchObject({ line: 4 })
      expect(yield* parse("a,b\n\"quoted\"tail,x\n")).toMatchObject({
        line: 2,
        issue: "a closing quote must be followed by a comma or a line break"
      })
      expect(yield* parse(new Uint8Array([0x61, 0x0a, 0xff, 0x0a]))).toMatchObject({
        issue: "the file is not valid UTF-8"
      })
      // A character cut short at the very end is invalid too.
      expect(yield* parse(encoder.encode("a\n€").slice(0, 4))).toMatchObject({ issue: "the file is not valid UTF-8" })
    }))

  it.effect("an empty file has no records, a header alone no rows, and a byte order mark is dropped", () =>
    Effect.gen(function*() {
      expect(yield* recordsOf(new Uint8Array(0), [])).toEqual([])
      expect(yield* recordsOf(encoder.encode("\uFEFFid,x\r\n1,2"), [1])).toEqual([["id", "x"], ["1", "2"]])
      expect(yield* collect(Exports.decodeFile("events")(Stream.make(encoder.encode("subscription_id,sent\r\n")))))
        .toEqual([])
    }))
})
