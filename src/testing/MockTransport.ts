/**
 * A scriptable `HttpClient` for unit tests: every request is recorded and
 * answered by a handler, a script or a route table, without any socket.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"

// -----------------------------------------------------------------------------
// Recorded requests
// -----------------------------------------------------------------------------

/**
 * A request as it reached the transport, in plain data.
 *
 * `headers` use lower-case names. `body` is `bodyText` parsed as JSON, or
 * `undefined` when there is no body or it is not JSON.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  readonly bodyText: string | undefined
  readonly body: unknown
}

const textDecoder = new TextDecoder()

const parseJson = (text: string | undefined): unknown => {
  if (text === undefined || text.trim() === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Builds a `RecordedRequest` from raw parts: the path, query and parsed body
 * are derived from `url` and `bodyText`, and header names are lower-cased.
 * Adapters that do not start from an `HttpClientRequest` (such as a node
 * server) use this.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeRecordedRequest = (parts: {
  readonly method: string
  readonly url: string | URL
  readonly headers?: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> | undefined
  readonly bodyText?: string | undefined
}): RecordedRequest => {
  const url = typeof parts.url === "string" ? new URL(parts.url) : parts.url
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(parts.headers ?? {})) {
    if (value === undefined) continue
    headers[name.toLowerCase()] = typeof value === "string" ? value : value.join(", ")
  }
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams) {
    query[name] = value
  }
  const bodyText = parts.bodyText === undefined || parts.bodyText === "" ? undefined : parts.bodyText
  return {
    method: parts.method.toUpperCase(),
    url: url.toString(),
    path: url.pathname,
    query,
    headers,
    bodyText,
    body: parseJson(bodyText)
  }
}

const bodyText = (request: HttpClientRequest.HttpClientRequest): Effect.Effect<string | undefined> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed(undefined)
    case "Uint8Array":
      return Effect.succeed(textDecoder.decode(body.body))
    case "Raw": {
      const raw = body.body
      if (typeof raw === "string") return Effect.succeed(raw)
      if (raw instanceof Uint8Array) return Effect.succeed(textDecoder.decode(raw))
      if (raw instanceof ArrayBuffer) return Effect.succeed(textDecoder.decode(new Uint8Array(raw)))
      return Effect.succeed(raw === undefined || raw === null ? undefined : String(raw))
    }
    case "Stream":
      return Stream.runCollect(body.stream).pipe(
        Effect.map((chunks) => {
          const parts = Chunk.toReadonlyArray(chunks)
          const size = parts.reduce((n, part) => n + part.length, 0)
          const bytes = new Uint8Array(size)
          let offset = 0
          for (const part of parts) {
            bytes.set(part, offset)
            offset += part.length
          }
          return textDecoder.decode(bytes)
        }),
        Effect.orElseSucceed(() => undefined)
      )
    case "FormData":
      return Effect.succeed(undefined)
  }
}

/**
 * Records an `HttpClientRequest` (with the `URL` the `HttpClient` resolved
 * for it) as a `RecordedRequest`, reading `Empty`, `Uint8Array`, `Raw`
 * (string or bytes) and `Stream` bodies. `FormData` bodies are recorded with
 * `bodyText: undefined`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const recordRequest = (
  request: HttpClientRequest.HttpClientRequest,
  url: URL
): Effect.Effect<RecordedRequest> =>
  Effect.map(bodyText(request), (text) =>
    makeRecordedRequest({
      method: request.method,
      url,
      headers: request.headers,
      bodyText: text
    }))

// -----------------------------------------------------------------------------
// Replies
// -----------------------------------------------------------------------------

/**
 * An HTTP answer. `body` is JSON-encoded unless it is a string or a `Uint8Array`, which are sent
 * as-is; `delay` is slept with `Effect.sleep` (so `TestClock` drives it)
 * before answering.
 *
 * @since 0.1.0
 * @category Models
 */
export interface MockResponse {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  readonly delay?: Duration.DurationInput
}

/**
 * A transport failure: the request fails with an
 * `HttpClientError.RequestError` whose reason is `"Transport"`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface MockTransportFailure {
  readonly _tag: "TransportFailure"
  readonly message: string
  readonly delay?: Duration.DurationInput
}

/**
 * What a mock answers to one request.
 *
 * @since 0.1.0
 * @category Models
 */
export type MockReply = MockResponse | MockTransportFailure

/**
 * A transport failure reply, e.g. `MockTransport.fail("connection reset")`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fail = (
  message: string,
  options?: { readonly delay?: Duration.DurationInput | undefined }
): MockTransportFailure =>
  options?.delay === undefined
    ? { _tag: "TransportFailure", message }
    : { _tag: "TransportFailure", message, delay: options.delay }

/**
 * Tells a transport failure apart from a response.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isTransportFailure = (reply: MockReply): reply is MockTransportFailure =>
  "_tag" in reply && reply._tag === "TransportFailure"

// Statuses for which a `Response` must not carry a body.
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/**
 * Turns a `MockReply` into the outcome of `request`: an
 * `HttpClientResponse` built with `HttpClientResponse.fromWeb`, or a
 * `RequestError` with reason `"Transport"`. Sleeps `delay` first.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toResponse = (
  request: HttpClientRequest.HttpClientRequest,
  reply: MockReply
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  const answer: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =
    isTransportFailure(reply)
      ? Effect.fail(
        new HttpClientError.RequestError({
          request,
          reason: "Transport",
          cause: new Error(reply.message),
          description: reply.message
        })
      )
      : Effect.sync(() => {
        const headers = new Headers(reply.headers ?? {})
        let body: string | Uint8Array | null = null
        if (reply.body !== undefined && !nullBodyStatuses.has(reply.status)) {
          if (typeof reply.body === "string" || reply.body instanceof Uint8Array) {
            body = reply.body
          } else {
            body = JSON.stringify(reply.body)
            if (!headers.has("content-type")) headers.set("content-type", "application/json")
          }
        }
        return HttpClientResponse.fromWeb(request, new Response(body as BodyInit | null, { status: reply.status, headers }))
      })
  return reply.delay === undefined ? answer : Effect.zipRight(Effect.sleep(reply.delay), answer)
}

// -----------------------------------------------------------------------------
// Service
// -----------------------------------------------------------------------------

/**
 * Inspection of the requests a mock transport received.
 *
 * @since 0.1.0
 * @category Models
 */
export interface MockTransportService {
  /** The `HttpClient` answering through this mock. */
  readonly client: HttpClient.HttpClient
  /** Every request received so far, oldest first. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  /** The latest request; fails with `NoSuchElementException` when there is none. */
  readonly lastRequest: Effect.Effect<RecordedRequest, Cause.NoSuchElementException>
  /** Forgets the recorded requests (the request index starts again at 0). */
  readonly clear: Effect.Effect<void>
}

/**
 * The service tag of a mock transport.
 *
 * @since 0.1.0
 * @category Tags
 */
export class MockTransport extends Context.Tag("effect-onesignal/testing/MockTransport")<
  MockTransport,
  MockTransportService
>() {}

/**
 * Answers a recorded request. `index` is the 0-based position of the request
 * among those the mock received (since the last `clear`).
 *
 * @since 0.1.0
 * @category Models
 */
export type Handler = (request: RecordedRequest, index: number) => MockReply | Effect.Effect<MockReply>

const resolveReply = (reply: MockReply | Effect.Effect<MockReply>): Effect.Effect<MockReply> =>
  Effect.isEffect(reply) ? reply : Effect.succeed(reply)

/**
 * Builds a mock transport whose `HttpClient` records each request and answers
 * it with `handler`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (handler: Handler): Effect.Effect<MockTransportService> =>
  Effect.gen(function*() {
    const recorded = yield* Ref.make<ReadonlyArray<RecordedRequest>>([])
    const client = HttpClient.make((request, url) =>
      Effect.gen(function*() {
        const recordedRequest = yield* recordRequest(request, url)
        const index = yield* Ref.modify(recorded, (all) => [all.length, [...all, recordedRequest]] as const)
        const reply = yield* Effect.suspend(() => resolveReply(handler(recordedRequest, index)))
        return yield* toResponse(request, reply)
      })
    )
    return {
      client,
      requests: Ref.get(recorded),
      lastRequest: Effect.flatMap(Ref.get(recorded), (all) => {
        const last = all[all.length - 1]
        return last === undefined
          ? Effect.fail(new Cause.NoSuchElementException("MockTransport: no request was recorded"))
          : Effect.succeed(last)
      }),
      clear: Ref.set(recorded, [])
    }
  })

const layerFrom = (service: Effect.Effect<MockTransportService>): Layer.Layer<HttpClient.HttpClient | MockTransport> =>
  Layer.effectContext(
    Effect.map(service, (service) =>
      Context.make(MockTransport, service).pipe(
        Context.add(HttpClient.HttpClient, service.client)
      ))
  )

/**
 * An `HttpClient` answering every request with `handler`, plus the
 * `MockTransport` service to inspect what was sent.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (handler: Handler): Layer.Layer<HttpClient.HttpClient | MockTransport> => layerFrom(make(handler))

const describe = (request: RecordedRequest): string => `${request.method} ${request.path}`

/**
 * Answers the requests with `replies`, in order. A request beyond the end of
 * the script is a defect (the test fails loudly, naming the request).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerScript = (replies: ReadonlyArray<MockReply>): Layer.Layer<HttpClient.HttpClient | MockTransport> =>
  layer((request, index) => {
    const reply = replies[index]
    return reply === undefined
      ? Effect.dieMessage(
        `MockTransport.layerScript: the script is exhausted — request #${index + 1} (${
          describe(request)
        }) arrived but only ${replies.length} ${replies.length === 1 ? "reply was" : "replies were"} scripted`
      )
      : Effect.succeed(reply)
  })

// -----------------------------------------------------------------------------
// Routes
// -----------------------------------------------------------------------------

/**
 * Matches a route pattern such as `"GET /notifications/:id"` against a method
 * and a path. A `:name` segment matches one non-empty path segment, a method
 * of `*` matches any method, and trailing slashes are ignored. Returns the
 * captured parameters (URI-decoded), or `undefined` when it does not match.
 *
 * @since 0.1.0
 * @category Routing
 */
export const matchRoute = (
  pattern: string,
  method: string,
  path: string
): Readonly<Record<string, string>> | undefined => {
  const space = pattern.indexOf(" ")
  if (space < 0) return undefined
  const patternMethod = pattern.slice(0, space).trim().toUpperCase()
  if (patternMethod !== "*" && patternMethod !== method.toUpperCase()) return undefined
  const patternSegments = splitPath(pattern.slice(space + 1).trim())
  const pathSegments = splitPath(path)
  if (patternSegments.length !== pathSegments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < patternSegments.length; i++) {
    const expected = patternSegments[i]!
    const actual = pathSegments[i]!
    if (expected.startsWith(":")) {
      params[expected.slice(1)] = safeDecode(actual)
    } else if (expected !== actual) {
      return undefined
    }
  }
  return params
}

const splitPath = (path: string): ReadonlyArray<string> => path.split("/").filter((segment) => segment !== "")

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * A recorded request with the parameters captured by its route.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RoutedRequest extends RecordedRequest {
  readonly params: Readonly<Record<string, string>>
}

/**
 * Answers a request that matched a route. `index` is the 0-based position of
 * the request among those that matched this route.
 *
 * @since 0.1.0
 * @category Models
 */
export type RouteHandler = (request: RoutedRequest, index: number) => MockReply | Effect.Effect<MockReply>

/**
 * Routes keyed by `"METHOD /path/:param"`, each answered by a fixed reply or
 * a handler.
 *
 * @since 0.1.0
 * @category Models
 */
export type Routes = Readonly<Record<string, MockReply | RouteHandler>>

/**
 * Answers requests by route (the first matching key, in insertion order). A
 * request no route matches gets a 404 with
 * `{"errors":["no mock route for GET /x"]}`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerRoutes = (routes: Routes): Layer.Layer<HttpClient.HttpClient | MockTransport> =>
  layerFrom(Effect.gen(function*() {
    const hits = yield* Ref.make<Readonly<Record<string, number>>>({})
    const entries = Object.entries(routes)
    return yield* make((request) => {
      for (const [pattern, route] of entries) {
        const params = matchRoute(pattern, request.method, request.path)
        if (params === undefined) continue
        if (typeof route !== "function") return route
        return Effect.flatMap(
          Ref.modify(hits, (counts) => {
            const index = counts[pattern] ?? 0
            return [index, { ...counts, [pattern]: index + 1 }] as const
          }),
          (index) => Effect.suspend(() => resolveReply(route({ ...request, params }, index)))
        )
      }
      return { status: 404, body: { errors: [`no mock route for ${describe(request)}`] } }
    })
  }))

/**
 * The `HttpClient` of the `MockTransport` in context, for code that wants
 * both.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const client: Effect.Effect<HttpClient.HttpClient, never, MockTransport> = Effect.map(
  MockTransport,
  (service) => service.client
)

/**
 * Every request the `MockTransport` in context received, oldest first.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const requests: Effect.Effect<ReadonlyArray<RecordedRequest>, never, MockTransport> = Effect.flatMap(
  MockTransport,
  (service) => service.requests
)

/**
 * The latest request the `MockTransport` in context received.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const lastRequest: Effect.Effect<RecordedRequest, Cause.NoSuchElementException, MockTransport> = Effect
  .flatMap(MockTransport, (service) => service.lastRequest)

/**
 * Forgets the requests the `MockTransport` in context received.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const clear: Effect.Effect<void, never, MockTransport> = Effect.flatMap(
  MockTransport,
  (service) => service.clear
)
