/**
 * No credential in anything a failure leaves behind.
 *
 * Every error path of the client — each HTTP status it maps, a transport
 * failure (scripted, and a real refused connection on loopback), a timeout,
 * a body that is not JSON or does not match its schema, a request rejected
 * locally — is driven for both keys (`OneSignal` with the REST key,
 * `OneSignalOrganization` with the organization key), through the services,
 * the `request` escape hatch and the workflows (`Pagination`, `Exports`,
 * `Batch`). Each run is observed the way a service in production is: the
 * failure is logged (`Effect.tapErrorCause(Effect.logError)`, every level
 * enabled) by a logger that keeps every line in the formats Effect ships, and
 * traced by an in-memory tracer that keeps every span's attributes, events
 * and end status. None of it may hold the key, its `Authorization` header
 * forms, or their base64.
 *
 * The captures are checked to be real: the request did carry the key, the
 * error was logged, and the operation's span exists with its
 * `http.request.method`.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import { createServer } from "node:net"
import { inspect } from "node:util"
import * as Apps from "../src/Apps.js"
import * as Batch from "../src/Batch.js"
import { OrganizationApiKey, RestApiKey } from "../src/Credentials.js"
import * as Exports from "../src/Exports.js"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { type AuthScheme, OneSignalConfig, type Options } from "../src/OneSignalConfig.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as Pagination from "../src/Pagination.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, notificationId, orgMockLayer, orgSecretKey, secretKey } from "./utils/harness.js"

const organizationId = "0b3e6a4c-5d2f-4e1a-9c8b-7a6f5e4d3c2b"

// -----------------------------------------------------------------------------
// What must never show
// -----------------------------------------------------------------------------

const base64 = (text: string): string => Buffer.from(text, "utf8").toString("base64")

/** The key, every `Authorization` value it can travel in, and their base64 (as `Basic` credentials would be). */
const formsOf = (key: string): ReadonlyArray<string> => [
  key,
  `Key ${key}`,
  `Bearer ${key}`,
  `Basic ${key}`,
  base64(key),
  base64(`${key}:`),
  base64(`:${key}`),
  base64(`Key ${key}`)
]

const needles: ReadonlyArray<string> = [
  ...formsOf(secretKey),
  ...formsOf(orgSecretKey),
  // A distinctive fragment, in case a key is cut or re-encoded around it.
  "SECRET-never-print-me",
  "SECRET-org-key-never-print"
]

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_, v) => typeof v === "bigint" ? v.toString() : v) ?? "undefined"
  } catch (error) {
    return `<not serializable: ${String(error)}>`
  }
}

/** Every way an error is commonly turned into text. */
const errorRenderings = (error: unknown): Record<string, string> => ({
  message: error instanceof Error ? error.message : "",
  toString: String(error),
  json: safeJson(error),
  inspect: inspect(error, { depth: 10 }),
  format: Inspectable.format(error),
  pretty: Cause.pretty(Cause.fail(error)),
  prettyWithCause: Cause.pretty(Cause.fail(error), { renderErrorCause: true })
})

const exitRenderings = (exit: Exit.Exit<unknown, unknown>): Record<string, string> =>
  Exit.isFailure(exit)
    ? {
      exitPretty: Cause.pretty(exit.cause, { renderErrorCause: true }),
      exitJson: safeJson(exit),
      exitInspect: inspect(exit, { depth: 10 })
    }
    : { valueJson: safeJson(exit.value), valueInspect: inspect(exit.value, { depth: 10 }) }

// -----------------------------------------------------------------------------
// Capturing logs and spans
// -----------------------------------------------------------------------------

/** Keeps one entry per log call: the call in every format Effect ships, its message, cause and annotations. */
const capturingLogger = (lines: Array<string>) =>
  Logger.make((options) => {
    lines.push(
      [
        Logger.stringLogger.log(options),
        Logger.logfmtLogger.log(options),
        Logger.jsonLogger.log(options),
        inspect(Logger.structuredLogger.log(options), { depth: 10 }),
        inspect(options.message, { depth: 10 }),
        Cause.pretty(options.cause, { renderErrorCause: true }),
        inspect(HashMap.toEntries(options.annotations), { depth: 10 })
      ].join("\n")
    )
  })

interface SpanEvent {
  readonly name: string
  readonly attributes: Record<string, unknown>
}

/** A span that keeps what a tracer's exporter would send. */
class RecordingSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly sampled = true
  readonly traceId: string
  readonly spanId: string
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly events: Array<SpanEvent> = []
  readonly links: Array<Tracer.SpanLink>

  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: ReadonlyArray<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind,
    id: number
  ) {
    this.status = { _tag: "Started", startTime }
    this.traceId = parent._tag === "Some" ? parent.value.traceId : `trace-${id}`
    this.spanId = `span-${id}`
    this.links = [...links]
  }

  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
  }

  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
  }

  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.events.push({ name, attributes: attributes ?? {} })
  }

  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
  }
}

const recordingTracer = (spans: Array<RecordingSpan>): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const span = new RecordingSpan(name, parent, context, links, startTime, kind, spans.length + 1)
      spans.push(span)
      return span
    },
    context: (f) => f()
  })

const renderSpan = (span: RecordingSpan): string => {
  const attributes = Object.fromEntries(span.attributes)
  return [
    span.name,
    safeJson(attributes),
    inspect(attributes, { depth: 10 }),
    safeJson(span.events),
    inspect(span.events, { depth: 10 }),
    ...(span.status._tag === "Ended" ? Object.values(exitRenderings(span.status.exit)) : [])
  ].join("\n")
}

interface Observation {
  readonly exit: Exit.Exit<unknown, unknown>
  readonly logs: ReadonlyArray<string>
  readonly spans: ReadonlyArray<RecordingSpan>
}

/**
 * Runs `effect` as a traced, logging service would (its failure logged at
 * error level with its cause, and at debug level with the error as message
 * and annotation), and gives its exit with every log line and span. Under
 * `TestClock` the clock is moved far enough for any retry and timeout to
 * play out; `live` runs on the real clock (real sockets).
 */
const observe = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  clock: "test" | "live" = "test"
): Effect.Effect<Observation, never, R> =>
  Effect.gen(function*() {
    const logs: Array<string> = []
    const spans: Array<RecordingSpan> = []
    const run = effect.pipe(
      Effect.tapErrorCause(Effect.logError),
      Effect.tapError((error) => Effect.logDebug("call failed", error).pipe(Effect.annotateLogs("error", error))),
      Effect.tap((value) => Effect.logDebug("call finished", value)),
      Effect.withSpan("test.root"),
      Effect.withTracer(recordingTracer(spans)),
      Effect.provide(Layer.merge(
        Logger.replace(Logger.defaultLogger, capturingLogger(logs)),
        Logger.minimumLogLevel(LogLevel.All)
      ))
    )
    const fiber = yield* Effect.fork(run)
    if (clock === "test") yield* TestClock.adjust("10 minutes")
    const exit = yield* Fiber.await(fiber)
    return { exit, logs, spans }
  })

/** The first place a needle shows up, as `where: needle`, or `undefined`. */
const findLeak = (observation: Observation): string | undefined => {
  const texts: Array<readonly [string, string]> = []
  const { exit } = observation
  for (const [how, text] of Object.entries(exitRenderings(exit))) texts.push([how, text])
  if (Exit.isFailure(exit)) {
    for (const error of Cause.failures(exit.cause)) {
      for (const [how, text] of Object.entries(errorRenderings(error))) texts.push([`error ${how}`, text])
    }
  }
  observation.logs.forEach((line, i) => texts.push([`log line ${i}`, line]))
  for (const span of observation.spans) texts.push([`span ${span.name}`, renderSpan(span)])
  for (const [where, text] of texts) {
    for (const needle of needles) {
      if (text.includes(needle)) return `${where}: ${needle}`
    }
  }
  return undefined
}

/**
 * No needle anywhere; and the captures are not empty: the run was logged
 * and the operation's span, with its method, was recorded.
 */
const expectNoSecret = (observation: Observation, span: { readonly name: string; readonly method: string }) => {
  expect(findLeak(observation)).toBeUndefined()
  expect(observation.logs.length).toBeGreaterThan(0)
  const recorded = observation.spans.filter((s) => s.name === span.name)
  expect(recorded.length, `span ${span.name} recorded`).toBeGreaterThan(0)
  expect(recorded[0]!.attributes.get("http.request.method")).toBe(span.method)
  expect(recorded.every((s) => s.status._tag === "Ended")).toBe(true)
  const root = observation.spans.find((s) => s.name === "test.root")!
  if (Exit.isFailure(observation.exit)) {
    // The error log became an event of the enclosing span, with the cause.
    expect(root.events.some((event) => typeof event.attributes["effect.cause"] === "string")).toBe(true)
    expect(observation.logs.some((line) => line.includes("ERROR"))).toBe(true)
  }
}

/** The requests the mock saw carried the key, so the key was there to leak. */
const expectKeySent = (
  requests: ReadonlyArray<MockTransport.RecordedRequest>,
  authorization: string
) => {
  expect(requests.length).toBeGreaterThan(0)
  for (const request of requests) expect(request.headers.authorization).toBe(authorization)
}

const failureOf = (exit: Exit.Exit<unknown, unknown>): any => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure, the call succeeded")
  const failures = Array.from(Cause.failures(exit.cause))
  if (failures.length !== 1) throw new Error(`expected one failure, got ${Cause.pretty(exit.cause)}`)
  return failures[0]
}

// -----------------------------------------------------------------------------
// The error paths
// -----------------------------------------------------------------------------

/** The statuses beyond the common ones that an endpoint documents (404, 409). */
type Documented = ReadonlyArray<404 | 409>

/** The tag a status maps to on an endpoint that documents `documented`. */
const tagOfStatus = (status: number, documented: Documented): string =>
  status === 401 || status === 403
    ? "Unauthorized"
    : status === 404 && documented.includes(404)
    ? "NotFound"
    : status === 409 && documented.includes(409)
    ? "Conflict"
    : status === 429
    ? "RateLimited"
    : status >= 500
    ? "ServerError"
    : "BadRequest"

interface ReplyCase {
  readonly name: string
  readonly reply: MockTransport.MockReply
  /**
   * Whether the run sleeps (a retry backoff or a timeout): then it runs on
   * `TestClock`; the others never sleep and run on the live clock, which
   * spares them the cost of moving the `TestClock`.
   */
  readonly timed: boolean
  readonly check: (error: any, documented: Documented) => void
}

const statusCase = (status: number, headers?: Record<string, string>): ReplyCase => ({
  name: `HTTP ${status}${headers === undefined ? "" : ` with ${Object.keys(headers).join(", ")}`}`,
  reply: json(status, { errors: [`status ${status}`] }, headers),
  timed: status === 408 || status === 429 || status >= 500,
  check: (error, documented) => {
    expect(error._tag).toBe(tagOfStatus(status, documented))
    expect(error.status).toBe(status)
  }
})

/** Every status the client maps, plus one it does not know (418). */
const statusCases: ReadonlyArray<ReplyCase> = [
  ...[400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 418].map((status) => statusCase(status)),
  statusCase(429, { "Retry-After": "3" })
]

const transportCases: ReadonlyArray<ReplyCase> = [
  {
    name: "transport failure",
    reply: MockTransport.fail("connection reset by peer"),
    timed: true,
    check: (error) => {
      expect(error._tag).toBe("TransportError")
      expect(error.reason).toBe("Transport")
    }
  },
  {
    name: "timeout",
    reply: { status: 200, body: {}, delay: "1 hour" },
    timed: true,
    check: (error) => {
      expect(error._tag).toBe("TransportError")
      expect(error.reason).toBe("Timeout")
    }
  },
  {
    name: "non-JSON 200",
    reply: { status: 200, body: "<html>maintenance</html>" },
    timed: false,
    check: (error) => {
      expect(error._tag).toBe("ResponseDecodeError")
      expect(error.status).toBe(200)
    }
  }
]

const mismatchCase = (body: unknown): ReplyCase => ({
  name: "schema-mismatch 200",
  reply: json(200, body),
  timed: false,
  check: (error) => {
    expect(error._tag).toBe("ResponseDecodeError")
    expect(error.status).toBe(200)
  }
})

/** Every scripted error path of a call, its schema mismatch given by the answer it expects. */
const replyCases = (mismatch: unknown): ReadonlyArray<ReplyCase> => [
  ...statusCases,
  ...transportCases,
  mismatchCase(mismatch)
]

/**
 * Each attempt waits at most a second; one retry without jitter (enough to
 * go through the retry path; each step of the `TestClock` costs real time).
 */
const callConfig: Options = { timeout: "1 second", retry: RetryPolicy.make({ jitter: false, maxRetries: 1 }) }

// -----------------------------------------------------------------------------
// Surfaces: the ways to make one call
// -----------------------------------------------------------------------------

interface Surface {
  readonly name: string
  readonly authorization: string
  /** The call's services over a mock answering with `handler`, with the given settings. */
  readonly layer: (
    handler: MockTransport.Handler,
    config: Options
  ) => Layer.Layer<any>
  readonly call: Effect.Effect<unknown, unknown, any>
  /** The same call with an input rejected locally. */
  readonly invalid: Effect.Effect<unknown, unknown, any>
  /** A 200 body that does not match the call's schema. */
  readonly mismatch: unknown
  readonly documented: Documented
  readonly span: { readonly name: string; readonly method: string }
}

const AppLike = Schema.Struct({ id: Schema.String, name: Schema.String })

const restService = (scheme: AuthScheme): Surface => ({
  name: `OneSignal.getNotification (REST key, ${scheme} scheme)`,
  authorization: `${scheme} ${secretKey}`,
  layer: (handler, config) => mockLayer(handler, { ...config, authScheme: scheme }),
  call: Effect.flatMap(OneSignal, (onesignal) => onesignal.getNotification(appId, notificationId)),
  invalid: Effect.flatMap(OneSignal, (onesignal) => onesignal.getNotification(appId, "")),
  mismatch: { id: notificationId, successful: "twelve" },
  documented: [404],
  span: { name: "OneSignal.getNotification", method: "GET" }
})

const surfaces: ReadonlyArray<Surface> = [
  restService("Key"),
  restService("Bearer"),
  restService("Basic"),
  {
    name: "OneSignal.createNotification (REST key, an idempotent POST)",
    authorization: `Key ${secretKey}`,
    layer: mockLayer,
    call: Effect.flatMap(OneSignal, (onesignal) =>
      onesignal.createNotification({
        app_id: appId,
        included_segments: ["Subscribed Users"],
        contents: { en: "hello" }
      })),
    invalid: Effect.flatMap(OneSignal, (onesignal) =>
      onesignal.createNotification({ app_id: 42 } as unknown as Notifications.Notification)),
    mismatch: { id: 42 },
    documented: [],
    span: { name: "OneSignal.createNotification", method: "POST" }
  },
  {
    name: "OneSignalOrganization.getApp (organization key)",
    authorization: `Key ${orgSecretKey}`,
    layer: orgMockLayer,
    call: Effect.flatMap(OneSignalOrganization, (org) => org.getApp(appId)),
    invalid: Effect.flatMap(OneSignalOrganization, (org) => org.getApp("..")),
    mismatch: { id: 42, name: ["not", "a", "name"] },
    documented: [404],
    span: { name: "OneSignal.getApp", method: "GET" }
  },
  {
    name: "Apps.getApp function (organization key, Bearer scheme)",
    authorization: `Bearer ${orgSecretKey}`,
    layer: (handler, config) => orgMockLayer(handler, { ...config, authScheme: "Bearer" }),
    call: Apps.getApp(appId),
    invalid: Apps.getApp(""),
    mismatch: { id: 42 },
    documented: [404],
    span: { name: "OneSignal.getApp", method: "GET" }
  },
  {
    name: "OneSignal.request escape hatch (REST key)",
    authorization: `Key ${secretKey}`,
    layer: mockLayer,
    call: Effect.flatMap(OneSignal, (onesignal) =>
      onesignal.request({
        method: "GET",
        path: "/notifications/{notification_id}",
        params: { notification_id: notificationId },
        query: { app_id: appId },
        schema: Schema.Struct({ id: Schema.String })
      })),
    invalid: Effect.flatMap(OneSignal, (onesignal) =>
      onesignal.request({ method: "GET", path: "/notifications/{notification_id}", params: {} })),
    mismatch: { id: 42 },
    documented: [404, 409],
    span: { name: "OneSignal.request", method: "GET" }
  },
  {
    name: "OneSignalOrganization.request escape hatch (organization key, Basic scheme)",
    authorization: `Basic ${orgSecretKey}`,
    layer: (handler, config) => orgMockLayer(handler, { ...config, authScheme: "Basic" }),
    call: Effect.flatMap(OneSignalOrganization, (org) =>
      org.request({
        method: "PUT",
        path: "/apps/{app_id}",
        params: { app_id: appId },
        body: { name: "renamed" },
        schema: AppLike
      })),
    invalid: Effect.flatMap(OneSignalOrganization, (org) =>
      org.request({ method: "PUT", path: "/apps/{app_id}", params: { app_id: "." }, body: {} })),
    mismatch: { id: appId },
    documented: [404, 409],
    span: { name: "OneSignal.request", method: "PUT" }
  }
]

const sameReply = (reply: MockTransport.MockReply): MockTransport.Handler => () => reply

/** Registers a test on the clock its case needs (see `ReplyCase.timed`). */
const caseTest = (
  name: string,
  timed: boolean,
  body: (clock: "test" | "live") => Effect.Effect<void, unknown, never>
) => timed ? it.effect(name, () => body("test")) : it.live(name, () => body("live"))

describe("no key in errors, logs or spans: single calls", () => {
  for (const surface of surfaces) {
    describe(surface.name, () => {
      for (const { check, name, reply, timed } of replyCases(surface.mismatch)) {
        caseTest(name, timed, (clock) =>
          Effect.gen(function*() {
            const observation = yield* observe(surface.call, clock)
            check(failureOf(observation.exit), surface.documented)
            expectNoSecret(observation, surface.span)
            expectKeySent(yield* MockTransport.requests, surface.authorization)
          }).pipe(Effect.provide(Layer.fresh(surface.layer(sameReply(reply), callConfig)))))
      }

      it.live("invalid request (rejected locally, nothing sent)", () =>
        Effect.gen(function*() {
          const observation = yield* observe(surface.invalid, "live")
          expect(failureOf(observation.exit)._tag).toBe("InvalidRequest")
          expectNoSecret(observation, surface.span)
          expect(yield* MockTransport.requests).toEqual([])
        }).pipe(Effect.provide(Layer.fresh(surface.layer(sameReply(json(200, {})), callConfig)))))
    })
  }

  it.effect("retries that run out leave no key either (5 attempts of a 503, recorded on the span)", () =>
    Effect.gen(function*() {
      const observation = yield* observe(Notifications.getNotification(appId, notificationId))
      expect(failureOf(observation.exit)._tag).toBe("ServerError")
      expectNoSecret(observation, { name: "OneSignal.getNotification", method: "GET" })
      const span = observation.spans.find((s) => s.name === "OneSignal.getNotification")!
      expect(span.attributes.get("onesignal.attempts")).toBe(5)
      expect(span.attributes.get("http.response.status_code")).toBe(503)
      expect(span.attributes.get("url.template")).toBe("/notifications/{notification_id}")
      expectKeySent(yield* MockTransport.requests, `Key ${secretKey}`)
      expect(yield* MockTransport.requests).toHaveLength(5)
    }).pipe(Effect.provide(Layer.fresh(mockLayer(sameReply(json(503, { errors: ["down"] })))))))
})

// -----------------------------------------------------------------------------
// Real sockets: a refused connection
// -----------------------------------------------------------------------------

/** A loopback port that nothing listens on (it was free a moment ago). */
const unusedPort = Effect.async<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer]
]

/** Both services over a real transport to `baseUrl`; a quick retry (1 ms, twice), so three refused connections. */
const realLayer = (baseUrl: string, transport: Layer.Layer<HttpClient.HttpClient>) =>
  Layer.mergeAll(
    OneSignal.layer.pipe(Layer.provide(RestApiKey.layer(secretKey))),
    OneSignalOrganization.layer.pipe(Layer.provide(OrganizationApiKey.layer(orgSecretKey)))
  ).pipe(
    Layer.provide(OneSignalConfig.layer({
      baseUrl,
      retry: RetryPolicy.make({ jitter: false, baseDelay: "1 millis", maxRetries: 2 })
    })),
    Layer.provide(transport)
  )

describe("no key in errors, logs or spans: a real refused connection on 127.0.0.1", () => {
  const calls: ReadonlyArray<
    readonly [string, Effect.Effect<unknown, unknown, OneSignal | OneSignalOrganization>, string]
  > = [
    ["OneSignal.getNotification", Effect.flatMap(OneSignal, (o) => o.getNotification(appId, notificationId)), "GET"],
    ["OneSignal.getApp", Effect.flatMap(OneSignalOrganization, (o) => o.getApp(appId)), "GET"],
    [
      "OneSignal.request",
      Effect.flatMap(OneSignal, (o) =>
        o.request({ method: "GET", path: "/apps/{app_id}/segments", params: { app_id: appId } })),
      "GET"
    ],
    [
      "OneSignal.request",
      Effect.flatMap(OneSignalOrganization, (o) =>
        o.request({ method: "DELETE", path: "/apps/{app_id}", params: { app_id: appId } })),
      "DELETE"
    ]
  ]
  for (const [transportName, transport] of transports) {
    for (const [span, call, method] of calls) {
      it.live(`${transportName}: ${span} ${method}`, () =>
        Effect.gen(function*() {
          const port = yield* unusedPort
          const observation = yield* observe(
            Effect.provide(call, realLayer(`http://127.0.0.1:${port}`, transport)),
            "live"
          )
          const error = failureOf(observation.exit)
          expect(error._tag).toBe("TransportError")
          expect(error.reason).toBe("Transport")
          expect(error.description).toContain("ECONNREFUSED")
          expectNoSecret(observation, { name: span, method })
          const recorded = observation.spans.find((s) => s.name === span)!
          expect(recorded.attributes.get("onesignal.attempts")).toBe(3)
        }))
    }
  }
})

// -----------------------------------------------------------------------------
// Workflows
// -----------------------------------------------------------------------------

describe("no key in errors, logs or spans: Pagination streams", () => {
  const streams: ReadonlyArray<{
    readonly name: string
    readonly organization: boolean
    readonly stream: Stream.Stream<unknown, unknown, any>
    readonly invalid: Stream.Stream<unknown, unknown, any>
    readonly mismatch: unknown
    readonly documented: Documented
    readonly span: { readonly name: string; readonly method: string }
    readonly walk: string
  }> = [
    {
      name: "Pagination.notifications (REST key)",
      organization: false,
      stream: Pagination.notifications(appId),
      invalid: Pagination.notifications(appId, { limit: 500 }),
      mismatch: { notifications: "none" },
      documented: [],
      span: { name: "OneSignal.getNotifications", method: "GET" },
      walk: "OneSignal.Pagination.notificationPages"
    },
    {
      name: "Pagination.auditLogs (organization key)",
      organization: true,
      stream: Pagination.auditLogs(organizationId, { start_time: "2025-01-01T00:00:00.000Z" }),
      invalid: Pagination.auditLogs(organizationId, {}),
      mismatch: { audit_logs: "none" },
      documented: [404],
      span: { name: "OneSignal.listAuditLogs", method: "GET" },
      walk: "OneSignal.Pagination.auditLogPages"
    },
    {
      name: "Pagination.apiKeys (organization key)",
      organization: true,
      stream: Pagination.apiKeys(appId),
      invalid: Pagination.apiKeys(""),
      mismatch: { tokens: "none" },
      documented: [404],
      span: { name: "OneSignal.viewApiKeys", method: "GET" },
      walk: "OneSignal.Pagination.apiKeys"
    }
  ]
  for (const s of streams) {
    const layer = (handler: MockTransport.Handler): Layer.Layer<any> =>
      s.organization ? Layer.fresh(orgMockLayer(handler, callConfig)) : Layer.fresh(mockLayer(handler, callConfig))
    const authorization = `Key ${s.organization ? orgSecretKey : secretKey}`
    describe(s.name, () => {
      for (const { check, name, reply, timed } of replyCases(s.mismatch)) {
        caseTest(name, timed, (clock) =>
          Effect.gen(function*() {
            const observation = yield* observe(Stream.runCollect(s.stream), clock)
            check(failureOf(observation.exit), s.documented)
            expectNoSecret(observation, s.span)
            expect(observation.spans.some((span) => span.name === s.walk)).toBe(true)
            expectKeySent(yield* MockTransport.requests, authorization)
          }).pipe(Effect.provide(layer(sameReply(reply)))))
      }
      it.live("invalid request (rejected locally, nothing sent)", () =>
        Effect.gen(function*() {
          const observation = yield* observe(Stream.runCollect(s.invalid), "live")
          expect(failureOf(observation.exit)._tag).toBe("InvalidRequest")
          expectNoSecret(observation, s.span)
          expect(yield* MockTransport.requests).toEqual([])
        }).pipe(Effect.provide(layer(sameReply(json(200, {}))))))
    })
  }
})

const fileUrl = "https://files.onesignal.test/exports/subscriptions-1.csv.gz"

/** The export start answers with the file URL; the file answers `file`. */
const exportHandler = (file: MockTransport.MockReply): MockTransport.Handler => (request) =>
  request.path === "/players/csv_export" ? json(200, { csv_file_url: fileUrl }) : file

describe("no key in errors, logs or spans: Exports", () => {
  const exportsSpan = { name: "OneSignal.exportSubscriptions", method: "POST" }
  const subscriptions = Stream.runCollect(
    Exports.subscriptions(appId, undefined, { poll: { interval: "1 second", maxPolls: 3 } })
  )

  describe("the call that starts the export fails", () => {
    for (const { check, name, reply, timed } of replyCases({ csv_file_url: 42 })) {
      caseTest(name, timed, (clock) =>
        Effect.gen(function*() {
          const observation = yield* observe(subscriptions, clock)
          check(failureOf(observation.exit), [])
          expectNoSecret(observation, exportsSpan)
          expectKeySent(yield* MockTransport.requests, `Key ${secretKey}`)
        }).pipe(Effect.provide(Layer.fresh(mockLayer(sameReply(reply), callConfig)))))
    }
    it.live("invalid request (rejected locally, nothing sent)", () =>
      Effect.gen(function*() {
        const observation = yield* observe(Stream.runCollect(Exports.subscriptions("")), "live")
        expect(failureOf(observation.exit)._tag).toBe("InvalidRequest")
        expectNoSecret(observation, exportsSpan)
        expect(yield* MockTransport.requests).toEqual([])
      }).pipe(Effect.provide(Layer.fresh(mockLayer(sameReply(json(200, {}))))))
    )
  })

  describe("the file fails (the export started with the key)", () => {
    const gzipHeaderThenJunk = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const fileCases: ReadonlyArray<readonly [string, MockTransport.MockReply, string, string | undefined]> = [
      ["500 after the retries", json(500, { errors: ["storage down"] }), "ExportDownloadError", "Status"],
      ["transport failure", MockTransport.fail("connection reset by peer"), "ExportDownloadError", "Transport"],
      ["timeout", { status: 200, body: "id\n1\n", delay: "1 hour" }, "ExportDownloadError", "Timeout"],
      ["400", json(400, { errors: ["bad"] }), "ExportDownloadError", "Status"],
      ["expired (403)", { status: 403, body: "<Error>AccessDenied</Error>" }, "ExportExpired", undefined],
      ["never ready (404)", { status: 404, body: "" }, "ExportNotReady", undefined],
      [
        "not gzip after a gzip header",
        { status: 200, body: gzipHeaderThenJunk },
        "ExportDownloadError",
        "Decompression"
      ],
      ["not CSV of the schema", { status: 200, body: "id,session_count\nabc,many\n" }, "CsvParseError", undefined]
    ]
    for (const [name, file, tag, reason] of fileCases) {
      it.effect(name, () =>
        Effect.gen(function*() {
          const observation = yield* observe(subscriptions)
          const error = failureOf(observation.exit)
          expect(error._tag).toBe(tag)
          if (reason !== undefined) expect(error.reason).toBe(reason)
          expectNoSecret(observation, exportsSpan)
          expect(observation.spans.some((span) => span.name === "OneSignal.Exports.awaitFile")).toBe(true)
          const requests = yield* MockTransport.requests
          const [start, ...files] = requests
          expectKeySent([start!], `Key ${secretKey}`)
          // The file is a pre-signed URL on another host: the key is not sent there.
          expect(files.length).toBeGreaterThan(0)
          for (const request of files) expect(request.headers.authorization).toBeUndefined()
        }).pipe(Effect.provide(Layer.fresh(mockLayer(exportHandler(file), callConfig)))))
    }
  })
})

describe("no key in errors, logs or spans: Batch", () => {
  const message: Batch.BatchMessage = { app_id: appId, target_channel: "push", contents: { en: "sale" } }
  const recipients = { aliases: { label: "external_id", ids: ["u1", "u2", "u3"] } }
  const batchSpan = { name: "OneSignal.createNotification", method: "POST" }

  for (const { check, name, reply, timed } of replyCases({ id: 42 })) {
    caseTest(`every chunk fails: ${name}`, timed, (clock) =>
      Effect.gen(function*() {
        const observation = yield* observe(
          Batch.send(message, recipients, { batchKey: "secrets-batch", chunkSize: 2, concurrency: 1 }),
          clock
        )
        if (Exit.isFailure(observation.exit)) throw new Error(Cause.pretty(observation.exit.cause))
        const result = observation.exit.value as Batch.BatchResult
        expect(result.totals.failed).toBe(2)
        for (const chunk of result.chunks) {
          if (chunk.outcome._tag !== "Failed") throw new Error(`expected Failed, got ${chunk.outcome._tag}`)
          const error = chunk.outcome.error
          check(error, [])
          for (const [how, text] of Object.entries(errorRenderings(error))) {
            for (const needle of needles) expect(text, `chunk error ${how}`).not.toContain(needle)
          }
        }
        expectNoSecret(observation, batchSpan)
        expectKeySent(yield* MockTransport.requests, `Key ${secretKey}`)
      }).pipe(Effect.provide(Layer.fresh(mockLayer(sameReply(reply), callConfig)))))
  }

  it.live("an invalid batch is rejected before anything is sent", () =>
    Effect.gen(function*() {
      const observation = yield* observe(
        Batch.send({ ...message, app_id: 42 } as unknown as Batch.BatchMessage, recipients, { batchKey: "k" }),
        "live"
      )
      expect(failureOf(observation.exit)._tag).toBe("InvalidBatch")
      expect(findLeak(observation)).toBeUndefined()
      expect(observation.logs.length).toBeGreaterThan(0)
      expect(yield* MockTransport.requests).toEqual([])
    }).pipe(Effect.provide(Layer.fresh(mockLayer(sameReply(json(200, {})))))))
})
