// Property tests over the public surface, with fixed seeds so that a failure
// reproduces: every exported model survives encode then decode; no 200 body,
// however malformed, makes a call die; every error body becomes strings; and
// every path parameter travels as exactly one percent-encoded path segment.
// (`FastParse.test.ts` compares the compiled parsers with Effect's on the
// endpoint schemas; this file goes through the calls themselves.)
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as ApiKeys from "../src/ApiKeys.js"
import * as Apps from "../src/Apps.js"
import * as AuditLogs from "../src/AuditLogs.js"
import * as CustomEvents from "../src/CustomEvents.js"
import * as InAppMessages from "../src/InAppMessages.js"
import * as Endpoint from "../src/internal/endpoint.js"
import { normalizeErrorBody } from "../src/internal/errorBody.js"
import * as LiveActivities from "../src/LiveActivities.js"
import * as Notifications from "../src/Notifications.js"
import {
  BadRequest,
  Conflict,
  InvalidRequest,
  NotFound,
  RateLimited,
  ResponseDecodeError,
  ServerError,
  Unauthorized
} from "../src/OneSignalError.js"
import * as Outcomes from "../src/Outcomes.js"
import * as Players from "../src/Players.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as Segments from "../src/Segments.js"
import * as SharedModels from "../src/SharedModels.js"
import * as Subscriptions from "../src/Subscriptions.js"
import * as Templates from "../src/Templates.js"
import type * as MockTransport from "../src/testing/MockTransport.js"
import * as Users from "../src/Users.js"
import { type AnyEndpoint, declaredEndpoints, exportedEndpoints } from "./utils/endpoints.js"
import { mockLayer, orgMockLayer } from "./utils/harness.js"

const seed = 42

const resourceModules = {
  Notifications,
  Users,
  Subscriptions,
  Segments,
  Templates,
  Outcomes,
  LiveActivities,
  CustomEvents,
  InAppMessages,
  Players,
  Apps,
  ApiKeys,
  AuditLogs,
  SharedModels
}

type AnySchema = Schema.Schema<any, any, never>

// -----------------------------------------------------------------------------
// The transport every call of this file goes through
// -----------------------------------------------------------------------------

// One runtime for the whole file (building the layers per run would cost more
// than the calls); each property sets the answer before calling.
let answer: MockTransport.MockReply = { status: 200, body: "" }
const sent: Array<MockTransport.RecordedRequest> = []
const handler: MockTransport.Handler = (request) => {
  sent.push(request)
  return answer
}
// No retries: a 5xx or 429 answer is the call's outcome, at once, under the live clock.
const runtime = ManagedRuntime.make(
  Layer.merge(
    mockLayer(handler, { retry: RetryPolicy.none }),
    orgMockLayer(handler, { retry: RetryPolicy.none })
  )
)
afterAll(() => runtime.dispose())

/** Runs a call against `reply`, giving its exit and the requests it sent. */
const callWith = async (reply: MockTransport.MockReply, call: Effect.Effect<unknown, unknown, any>) => {
  answer = reply
  sent.length = 0
  const exit = await runtime.runPromiseExit(call)
  return { exit, requests: [...sent] }
}

/** `"success"`, the tag of a plain failure, or the whole cause (a defect, an interruption, ...). */
const outcome = (exit: Exit.Exit<unknown, unknown>): string =>
  Exit.match(exit, {
    onSuccess: () => "success",
    onFailure: (cause) =>
      Cause.isFailType(cause) && typeof (cause.error as { _tag?: unknown })._tag === "string"
        ? (cause.error as { _tag: string })._tag
        : Cause.pretty(cause)
  })

const failureOf = (exit: Exit.Exit<unknown, unknown>): unknown =>
  Exit.isFailure(exit) && Cause.isFailType(exit.cause) ? exit.cause.error : undefined

// -----------------------------------------------------------------------------
// The declared endpoints, and valid arguments for each
// -----------------------------------------------------------------------------

// Named by their declaration: aliases (`fetchUser` = `getUser`) are the same function, listed once.
const endpoints: ReadonlyArray<{ readonly name: string; readonly endpoint: AnyEndpoint }> = declaredEndpoints.map((
  { endpoint }
) => ({ name: endpoint[Endpoint.TypeId].name, endpoint }))

const probe: unique symbol = Symbol("probe")

/**
 * Where an endpoint's arguments go. The declaration's `request` is called
 * with one marker object per parameter, and the markers are looked for in the
 * parts it returns: the body (or a copy spread from it), the options, the
 * path parameters in the order of the route's placeholders. Any other parameter is a string (query values,
 * or what the request builds a body from).
 */
const layoutOf = (endpoint: AnyEndpoint) => {
  const compiled = endpoint[Endpoint.TypeId]
  const markers = Array.from({ length: compiled.request.length }, (_, index) => ({ [probe]: index }))
  const parts = compiled.request(...markers)
  const body = parts.body as Record<PropertyKey, unknown> | undefined
  const bodyIndex = typeof body === "object" && body !== null && typeof body[probe] === "number"
    ? body[probe]
    : undefined
  return {
    compiled,
    arity: markers.length,
    bodyIndex,
    optionsIndex: markers.findIndex((marker) => marker === parts.options),
    // In the route's order of placeholders.
    pathIndexes: compiled.params.map((name) => markers.findIndex((marker) => (marker as unknown) === parts.path?.[name]))
  }
}

/** A valid body for the endpoint's body schema, the same on every run. */
const sampleBody = (schema: AnySchema): unknown =>
  FastCheck.sample(Arbitrary.make(Schema.typeSchema(schema)), { seed, numRuns: 1 })[0]

/** Options without which a call fails local validation (`InvalidRequest`, nothing sent). */
const requiredOptions: Readonly<Record<string, object>> = {
  // A page is read from a start time or from a previous page's cursor.
  listAuditLogs: { cursor: "next-page" },
  // Provider metrics are read for a sending domain over a time range.
  getEmailProviderMetrics: { domain: "mail.example.com", start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z" },
  getEmailProviderMetricsTimeseries: {
    domain: "mail.example.com",
    start: "2026-01-01T00:00:00Z",
    end: "2026-01-02T00:00:00Z"
  }
}

/** The arguments of a call that passes local validation, with `path` as its path parameters. */
const argumentsFor = (endpoint: AnyEndpoint, path?: ReadonlyArray<string>): ReadonlyArray<unknown> => {
  const layout = layoutOf(endpoint)
  const body = layout.bodyIndex !== undefined && layout.compiled.schemas.body !== undefined
    ? sampleBody(layout.compiled.schemas.body)
    : undefined
  return Array.from({ length: layout.arity }, (_, index) => {
    if (index === layout.bodyIndex) return body
    if (index === layout.optionsIndex) return requiredOptions[layout.compiled.name]
    const slot = layout.pathIndexes.indexOf(index)
    return slot >= 0 && path !== undefined ? path[slot] : "x"
  })
}

// -----------------------------------------------------------------------------
// 1. Models
// -----------------------------------------------------------------------------

interface Model {
  readonly name: string
  readonly schema: AnySchema
  readonly arbitrary: FastCheck.Arbitrary<unknown>
}

const models: Array<Model> = []
const withoutArbitrary: Array<{ readonly name: string; readonly reason: string }> = []
{
  const seen = new Set<unknown>()
  for (const [moduleName, module] of Object.entries(resourceModules)) {
    for (const [name, value] of Object.entries(module)) {
      // Modules re-export each other's models (e.g. `IdentityObject`): each schema once.
      if (!Schema.isSchema(value) || seen.has(value)) continue
      seen.add(value)
      const schema = value as AnySchema
      try {
        models.push({ name: `${moduleName}.${name}`, schema, arbitrary: Arbitrary.make(schema) })
      } catch (error) {
        withoutArbitrary.push({ name: `${moduleName}.${name}`, reason: String(error) })
      }
    }
  }
}

/**
 * The value with every `Redacted` replaced by what it hides: two `Redacted`
 * are otherwise equal for `toStrictEqual` whatever they hold (the secret is
 * not an own property).
 */
const reveal = (u: unknown): unknown => {
  if (Redacted.isRedacted(u)) return { redacted: reveal(Redacted.value(u)) }
  if (Array.isArray(u)) return u.map(reveal)
  if (typeof u === "object" && u !== null) {
    return Object.fromEntries(Object.entries(u).map(([key, value]) => [key, reveal(value)]))
  }
  return u
}

const rightOrThrow = <A>(either: Either.Either<A, { readonly message: string }>, step: string): A => {
  if (Either.isLeft(either)) throw new Error(`${step} failed: ${either.left.message}`)
  return either.right
}

describe("every exported model survives encode then decode", () => {
  it("finds the schemas of every resource module", () => {
    // 117 distinct schemas when this was written (122 exports, 5 of them re-exports).
    expect(models.length + withoutArbitrary.length).toBeGreaterThanOrEqual(117)
    expect(models.map((model) => model.name)).toEqual(
      expect.arrayContaining(["Notifications.NotificationWithMeta", "ApiKeys.CreateApiKeyResponse", "Users.User"])
    )
  })

  for (const { arbitrary, name, schema } of models) {
    it(name, () => {
      const encode = Schema.encodeEither(schema)
      const decode = Schema.decodeUnknownEither(schema)
      FastCheck.assert(
        FastCheck.property(arbitrary, (value) => {
          const decoded = rightOrThrow(decode(rightOrThrow(encode(value), "encode")), "decode")
          // Classes and nesting (prototypes included), then what Redacted values hold.
          expect(decoded).toStrictEqual(value)
          expect(reveal(decoded)).toStrictEqual(reveal(value))
        }),
        { seed, numRuns: 30 }
      )
    })
  }

  for (const { name, reason } of withoutArbitrary) {
    it.skip(`${name}: cannot derive an arbitrary (${reason})`, () => {})
  }

  it("compares what Redacted values hold", () => {
    const a = { token: Redacted.make("one") }
    const b = { token: Redacted.make("two") }
    expect(a).toStrictEqual(b)
    expect(reveal(a)).not.toStrictEqual(reveal(b))
  })
})

// -----------------------------------------------------------------------------
// 2. Any 200 body: a value or a ResponseDecodeError, never a defect
// -----------------------------------------------------------------------------

const junkBodies = FastCheck.oneof(
  FastCheck.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  FastCheck.string({ unit: "binary" }),
  FastCheck.constantFrom("", " \n", "null", "{", "[1,", "nul", "<html><body><h1>502 Bad Gateway</h1></body></html>")
)

/** Bodies of the endpoint's own wire shape (so successes, and the endpoint's `result`, run too) or junk. */
const bodiesFor = (success: AnySchema): FastCheck.Arbitrary<string> =>
  FastCheck.oneof(
    Arbitrary.make(Schema.encodedSchema(success)).map((value) => JSON.stringify(value) ?? ""),
    junkBodies
  )

describe("decoding any 200 body succeeds or fails with ResponseDecodeError", () => {
  it("finds every declared endpoint", () => {
    // Every endpoint the package exports (aliases are the same function).
    expect(exportedEndpoints.size).toBeGreaterThan(70)
    expect(new Set(endpoints.map(({ endpoint }) => endpoint))).toEqual(exportedEndpoints)
  })

  for (const { endpoint, name } of endpoints) {
    it(name, async () => {
      const args = argumentsFor(endpoint)
      const outcomes = new Set<string>()
      await FastCheck.assert(
        FastCheck.asyncProperty(bodiesFor(endpoint[Endpoint.TypeId].schemas.success), async (body) => {
          const { exit, requests } = await callWith({ status: 200, body }, endpoint(...args))
          expect(requests).toHaveLength(1)
          const result = outcome(exit)
          outcomes.add(result)
          expect(["success", "ResponseDecodeError"]).toContain(result)
          const error = failureOf(exit)
          if (error instanceof ResponseDecodeError) {
            expect(error.status).toBe(200)
            expect(error.body.length).toBeLessThanOrEqual(301)
          }
        }),
        { seed, numRuns: 25 }
      )
      // Junk bodies reach the decoder: the property saw decode failures, not only successes.
      expect(outcomes.has("ResponseDecodeError")).toBe(true)
    })
  }
})

// -----------------------------------------------------------------------------
// 3. Every error body becomes strings
// -----------------------------------------------------------------------------

const jsonValue = FastCheck.jsonValue({ maxDepth: 3 })
const text = FastCheck.string({ unit: "binary" })

const errorEntry = FastCheck.oneof(
  text,
  jsonValue,
  FastCheck.record(
    { code: FastCheck.oneof(text, jsonValue), title: FastCheck.oneof(text, jsonValue), meta: jsonValue },
    { requiredKeys: [] }
  )
)

/** The documented error shapes, their near misses, and anything else. */
const errorBodies: FastCheck.Arbitrary<string> = FastCheck.oneof(
  FastCheck.record({ errors: text }).map((body) => JSON.stringify(body)),
  FastCheck.record({ errors: FastCheck.array(text) }).map((body) => JSON.stringify(body)),
  FastCheck.record({ errors: FastCheck.array(errorEntry) }).map((body) => JSON.stringify(body)),
  FastCheck.record({
    errors: FastCheck.record({ invalid_aliases: FastCheck.dictionary(text, FastCheck.array(text)) })
  }).map((body) => JSON.stringify(body)),
  FastCheck.record({ errors: FastCheck.dictionary(text, jsonValue) }).map((body) => JSON.stringify(body)),
  FastCheck.record(
    { error: jsonValue, message: jsonValue, success: jsonValue, limit: jsonValue },
    { requiredKeys: [] }
  ).map((body) => JSON.stringify(body)),
  FastCheck.array(errorEntry).map((body) => JSON.stringify(body)),
  jsonValue.map((body) => JSON.stringify(body)),
  text.map((body) => `<html><head><title>${body}</title></head><body>${body}</body></html>`),
  FastCheck.constantFrom("", "   ", "\n\t"),
  text
)

const expectStrings = (errors: unknown) => {
  expect(Array.isArray(errors)).toBe(true)
  for (const entry of errors as ReadonlyArray<unknown>) expect(typeof entry).toBe("string")
}

describe("normalizeErrorBody", () => {
  it("gives strings for every body, and never throws", () => {
    FastCheck.assert(
      FastCheck.property(errorBodies, (body) => {
        const normalized = normalizeErrorBody(body)
        expectStrings(normalized.errors)
        expect(Array.isArray(normalized.details)).toBe(true)
        expect(["string", "undefined"]).toContain(typeof normalized.limit)
      }),
      { seed, numRuns: 1000 }
    )
  })

  it("keeps every message of the documented shapes", () => {
    FastCheck.assert(
      FastCheck.property(text, FastCheck.array(text), (one, many) => {
        expect(normalizeErrorBody(JSON.stringify({ errors: one })).errors).toStrictEqual([one])
        expect(normalizeErrorBody(JSON.stringify({ errors: many })).errors).toStrictEqual(many)
        const entries = many.map((title, index) => ({ code: `c${index}`, title, meta: { index } }))
        const normalized = normalizeErrorBody(JSON.stringify({ errors: entries }))
        expect(normalized.errors).toStrictEqual(many)
        expect(normalized.details).toStrictEqual(entries)
      }),
      { seed, numRuns: 200 }
    )
  })
})

const statuses = FastCheck.oneof(
  FastCheck.constantFrom(400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504),
  FastCheck.integer({ min: 400, max: 599 })
)

const retryAfterHeaders = FastCheck.option(
  FastCheck.oneof(
    FastCheck.nat().map(String),
    FastCheck.stringMatching(/^\d{1,400}$/),
    FastCheck.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
    FastCheck.stringMatching(/^[!-~]{0,30}$/)
  ),
  { nil: undefined }
)

/** The error a status must give, by DESIGN.md's table. */
const expectedTag = (status: number, documented: ReadonlyArray<number>): string =>
  status === 429
    ? "RateLimited"
    : status === 401 || status === 403
    ? "Unauthorized"
    : status >= 500
    ? "ServerError"
    : status === 404 && documented.includes(404)
    ? "NotFound"
    : status === 409 && documented.includes(409)
    ? "Conflict"
    : "BadRequest"

const errorClasses: Readonly<Record<string, abstract new(...args: ReadonlyArray<any>) => unknown>> = {
  BadRequest,
  Unauthorized,
  NotFound,
  Conflict,
  RateLimited,
  ServerError
}

describe("error answers through the pipeline", () => {
  const cases = [
    // Documents both 404 and 409.
    { name: "updatePlayerTags", endpoint: Players.updatePlayerTags as unknown as AnyEndpoint, documented: [404, 409] },
    // Documents neither: a 404 or 409 is a BadRequest with its status.
    { name: "getNotifications", endpoint: Notifications.getNotifications as unknown as AnyEndpoint, documented: [] },
    // An organization-key endpoint.
    { name: "getApps", endpoint: Apps.getApps as unknown as AnyEndpoint, documented: [] }
  ]

  for (const { documented, endpoint, name } of cases) {
    it(`${name}: any 4xx/5xx with any body gives the status's error, with string messages`, async () => {
      const args = argumentsFor(endpoint)
      await FastCheck.assert(
        FastCheck.asyncProperty(statuses, errorBodies, retryAfterHeaders, async (status, body, retryAfter) => {
          const headers: Record<string, string> = retryAfter === undefined ? {} : { "retry-after": retryAfter }
          const { exit } = await callWith({ status, body, headers }, endpoint(...args))
          const tag = expectedTag(status, documented)
          expect(outcome(exit)).toBe(tag)
          const error = failureOf(exit) as BadRequest | RateLimited
          expect(error).toBeInstanceOf(errorClasses[tag])
          expect(error.status).toBe(status)
          expectStrings(error.errors)
          expect(error.errors).toStrictEqual(normalizeErrorBody(body).errors)
          expect(typeof error.message).toBe("string")
          if (error._tag === "RateLimited") expect(Option.isOption(error.retryAfter)).toBe(true)
        }),
        { seed, numRuns: 150 }
      )
    })
  }
})

// -----------------------------------------------------------------------------
// 4. Path parameters: one percent-encoded segment each
// -----------------------------------------------------------------------------

/** Any well-formed string but the refused ones, leaning on the characters that mean something in a URL. */
const pathParameter = FastCheck.oneof(
  FastCheck.string({ unit: "binary", minLength: 1 }),
  FastCheck.string({
    unit: FastCheck.constantFrom(
      ..."/?#%.@+ &=;:\\".split(""),
      "..",
      "%2F",
      "%2e",
      "é",
      "😀",
      "\u0000",
      "\n"
    ),
    minLength: 1
  }),
  FastCheck.constantFrom("...", " ", "%", "/", "./", "../", "%2e%2e", "a/../b")
).filter((value) => value !== "." && value !== "..")

const refused = FastCheck.constantFrom("", ".", "..")

const segmentsOf = (route: string) => route.split("/")

/** The recorded path matches the route with the given values, each one segment. */
const expectPath = (route: string, recordedPath: string, values: ReadonlyArray<string>) => {
  const template = segmentsOf(route)
  const segments = segmentsOf(recordedPath)
  expect(segments).toHaveLength(template.length)
  let next = 0
  template.forEach((part, index) => {
    if (part.startsWith("{")) expect(decodeURIComponent(segments[index]!)).toBe(values[next++])
    else expect(segments[index]).toBe(part)
  })
  expect(next).toBe(values.length)
}

const ok: MockTransport.MockReply = { status: 200, body: "{}" }

describe("path parameters are percent-encoded into exactly one segment", () => {
  it("getNotification(appId, notificationId)", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(pathParameter, pathParameter, async (appId, notificationId) => {
        const { requests } = await callWith(ok, Notifications.getNotification(appId, notificationId))
        expect(requests).toHaveLength(1)
        expectPath("/notifications/{notification_id}", requests[0]!.path, [notificationId])
        // The app id travels in the query, intact.
        expect(requests[0]!.query.app_id).toBe(appId)
      }),
      { seed, numRuns: 300 }
    )
  })

  it("getUser(appId, aliasLabel, aliasId)", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(pathParameter, pathParameter, pathParameter, async (appId, label, id) => {
        const { requests } = await callWith(ok, Users.getUser(appId, label, id))
        expect(requests).toHaveLength(1)
        expectPath("/apps/{app_id}/users/by/{alias_label}/{alias_id}", requests[0]!.path, [appId, label, id])
      }),
      { seed, numRuns: 300 }
    )
  })

  it("every endpoint with path parameters", async () => {
    const withPath = endpoints.filter(({ endpoint }) => endpoint[Endpoint.TypeId].params.length > 0)
    expect(withPath.length).toBeGreaterThanOrEqual(51)
    for (const { endpoint, name } of withPath) {
      const route = endpoint[Endpoint.TypeId].route
      const count = endpoint[Endpoint.TypeId].params.length
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.array(pathParameter, { minLength: count, maxLength: count }),
          async (values) => {
            const { requests } = await callWith(ok, endpoint(...argumentsFor(endpoint, values)))
            expect(requests, name).toHaveLength(1)
            expectPath(route, requests[0]!.path, values)
          }
        ),
        { seed, numRuns: 20 }
      )
    }
  })

  it("refuses \"\", \".\" and \"..\" in any position with InvalidRequest, sending nothing", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.tuple(pathParameter, pathParameter, pathParameter),
        FastCheck.nat({ max: 2 }),
        refused,
        async (values, position, bad) => {
          const path = values.map((value, index) => (index === position ? bad : value))
          const { exit, requests } = await callWith(ok, Users.getUser(path[0]!, path[1]!, path[2]!))
          expect(outcome(exit)).toBe("InvalidRequest")
          expect(failureOf(exit)).toBeInstanceOf(InvalidRequest)
          expect(requests).toHaveLength(0)
        }
      ),
      { seed, numRuns: 100 }
    )
  })

  // A lone surrogate (half of an emoji, e.g. from cutting a string) cannot be
  // percent-encoded: `encodeURIComponent` throws on it. The call must fail
  // with InvalidRequest, not die with a URIError, and send nothing.
  it("refuses ill-formed UTF-16 (a lone surrogate) with InvalidRequest, sending nothing", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.string({ unit: "binary" }),
        FastCheck.constantFrom("\uD800", "\uDBFF", "\uDC00", "\uDFFF"),
        async (prefix, surrogate) => {
          const { exit, requests } = await callWith(ok, Users.getUser("app", "external_id", prefix + surrogate))
          expect(outcome(exit)).toBe("InvalidRequest")
          expect(requests).toHaveLength(0)
          // In a query value, too (it would be sent as U+FFFD otherwise).
          const query = await callWith(ok, Notifications.getNotification(prefix + surrogate, "n1"))
          expect(outcome(query.exit)).toBe("InvalidRequest")
          expect(query.requests).toHaveLength(0)
        }
      ),
      { seed, numRuns: 20 }
    )
  })
})
