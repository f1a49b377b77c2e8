/**
 * The request pipeline, written once. An endpoint is a declaration (name,
 * method, route template, key, how its arguments map to path parameters by
 * placeholder name, query and body, request and response schemas, documented
 * error statuses by status); `make` turns it into the standalone function,
 * and `bindAll` turns the registry's modules (`resources.ts`) into a
 * service's methods bound to a client. `download` sends a file GET outside
 * the API through the same timeout, retry, status errors and span.
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import type * as UrlParams from "@effect/platform/UrlParams"
import type * as Headers from "@effect/platform/Headers"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import {
  type Client,
  headersKey,
  OneSignalClient,
  OneSignalOrganizationClient
} from "../OneSignalClient.js"
import {
  BadRequest,
  type CommonError,
  type Conflict,
  InvalidRequest,
  isRetryable,
  type NotFound,
  type OneSignalError,
  RateLimited,
  ResponseDecodeError,
  ServerError,
  TransportError,
  Unauthorized
} from "../OneSignalError.js"
import type { IdempotentCallOptions } from "../CallOptions.js"
import { type ClientOf, type Endpoint, type KeyKind, TypeId } from "../Endpoint.js"
import type { RetryPolicy } from "../RetryPolicy.js"
import { excerpt, normalizeErrorBody, parseRetryAfter } from "./errorBody.js"
import * as FastParse from "./fastParse.js"


export { type ClientOf, type Endpoint, type KeyKind, TypeId }

/** The HTTP methods OneSignal's API uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * The names of a route template's placeholders:
 * `"/apps/{app_id}/segments/{segment_id}"` → `"app_id" | "segment_id"`.
 */
export type PathParams<Route extends string> = Route extends `${string}{${infer P}}${infer Rest}` ? P | PathParams<Rest>
  : never

/**
 * The path parameters of a route, by placeholder name: required for every
 * placeholder, absent for a route without any.
 */
export type PathOf<Route extends string> = [PathParams<Route>] extends [never] ? { readonly path?: undefined }
  : { readonly path: { readonly [K in PathParams<Route>]: string } }

/** The type a declaration's optional schema validates; `never` without one. */
export type TypeOf<S> = S extends Schema.Schema.AnyNoContext ? Schema.Schema.Type<S> : never

/**
 * A query as a request mapper builds it: only the fields its schema
 * declares, each possibly `undefined`. The values are the caller's input
 * (often wider than the schema's type, e.g. a list it requires to be
 * non-empty) and are checked by the schema before anything is sent.
 */
export type QueryInput<Q> = [Q] extends [never] ? undefined : { readonly [K in keyof Q]?: unknown }

/**
 * What an operation's arguments become: the path parameters of its route,
 * a query and a body of the types its schemas validate, the call options.
 */
export type Parts<Route extends string, Q = never, B = never> = PathOf<Route> & {
  readonly query?: QueryInput<Q> | undefined
  readonly body?: B | undefined
  readonly options?: IdempotentCallOptions | undefined
}

/** The parts of a call as the pipeline handles them, whatever the endpoint. */
interface AnyParts {
  readonly path?: Readonly<Record<string, string | undefined>> | undefined
  readonly query?: unknown
  readonly body?: unknown
  readonly options?: IdempotentCallOptions | undefined
}

/**
 * Fails to type-check (it asks for an `extraPathParameters` property) when
 * the parts name a path parameter that the route does not have.
 */
export type ExactPath<Route extends string, P> = P extends { readonly path: infer X }
  ? [Exclude<keyof X, PathParams<Route>>] extends [never] ? unknown
  : { readonly extraPathParameters: Exclude<keyof X, PathParams<Route>> }
  : unknown

/** What a `result` mapper learns of the call besides the response body. */
export interface ResponseMeta {
  readonly status: number
  readonly headers: Headers.Headers
  readonly idempotencyKey: string | undefined
  /** The request body as sent (idempotency keys filled in), before encoding. */
  readonly requestBody: unknown
}

/**
 * Where the items of a batch carry their own idempotency keys: each item of
 * the body's `list` array has its key in `field` (custom events).
 */
export interface ItemIdempotencyField {
  readonly list: string
  readonly field: string
}

/** The error classes a documented 4xx status can map to. */
export type StatusErrorClass = typeof BadRequest | typeof Unauthorized | typeof NotFound | typeof Conflict

/**
 * An endpoint's documented statuses beyond the common ones, each with the
 * error it fails with, e.g. `{ 404: NotFound, 409: Conflict }`. 429, 5xx,
 * 401 and 403 are common to every endpoint; any other 4xx not listed is a
 * `BadRequest`.
 */
export type StatusErrors = { readonly [status: number]: StatusErrorClass }

/** The errors a status table adds to an endpoint's union. */
export type ErrorsOf<X> = X[keyof X] extends infer C extends StatusErrorClass ? InstanceType<C> : never

/** An endpoint, as declared in a resource module. */
export interface Declaration<
  Route extends string,
  Args extends ReadonlyArray<any>,
  P,
  QS extends Schema.Schema.AnyNoContext | undefined,
  BS extends Schema.Schema.AnyNoContext | undefined,
  S extends Schema.Schema.AnyNoContext,
  A,
  X extends StatusErrors,
  K extends KeyKind
> {
  /**
   * The operation's name (camelCase of OneSignal's operation id): the name
   * of the service method, of the span, and of the simulator's route.
   */
  readonly name: string
  readonly method: HttpMethod
  /** The route template, e.g. `/notifications/{notification_id}`. */
  readonly route: Route
  readonly key: K
  /**
   * Maps the operation's arguments to path parameters (by placeholder name),
   * query and body (of the types the schemas validate).
   */
  readonly request: (...args: Args) => P
  /** Validates and encodes the query, when given. */
  readonly query?: QS
  /** Validates and encodes the body, when given. */
  readonly body?: BS
  /** Decodes a 2xx body (an empty body decodes as `undefined`). */
  readonly success: S
  /** The documented statuses beyond the common errors, by status. */
  readonly errors?: X | undefined
  /** The body field that carries the idempotency key, for idempotent POSTs. */
  readonly idempotencyField?: string | undefined
  /**
   * Or, for a batch whose items each carry a key: an item without one gets
   * a UUID v4 when the operation is called, the same on every attempt.
   */
  readonly itemIdempotencyField?: ItemIdempotencyField | undefined
  /**
   * Whether repeating the request is harmless. By default GET, PUT and DELETE
   * are, and POST/PATCH only with an idempotency key; set `false` for a
   * PUT/DELETE whose repetition counts twice.
   */
  readonly safeToRetry?: boolean | undefined
  /**
   * The answer holds credentials (a new API key, an app's legacy keys): a
   * `ResponseDecodeError` then keeps neither a body excerpt nor the schema
   * issue (which can quote values).
   */
  readonly sensitiveResponse?: boolean | undefined
  /** Builds the result from the decoded body and the response. */
  readonly result?: ((value: Schema.Schema.Type<S>, meta: ResponseMeta) => A) | undefined
}


/** @internal */
export interface Compiled {
  readonly name: string
  readonly method: HttpMethod
  readonly route: string
  readonly key: KeyKind
  readonly request: (...args: ReadonlyArray<any>) => AnyParts
  readonly literals: ReadonlyArray<string>
  readonly params: ReadonlyArray<string>
  readonly encodeQuery: ((u: unknown) => Either.Either<unknown, ParseResult.ParseError>) | undefined
  readonly encodeBody: ((u: unknown) => Either.Either<unknown, ParseResult.ParseError>) | undefined
  readonly decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>
  readonly extra: ReadonlyMap<number, StatusErrorClass>
  readonly retrySafe: boolean
  readonly idempotencyField: string | undefined
  readonly itemIdempotencyField: ItemIdempotencyField | undefined
  readonly sensitiveResponse: boolean
  readonly result: ((value: any, meta: ResponseMeta) => unknown) | undefined
  readonly spanName: string
  readonly spanAttributes: Readonly<Record<string, string>>
  readonly makeRequest: (url: string) => HttpClientRequest.HttpClientRequest
  /** The declaration's schemas, for tests comparing the parsers with Effect's. */
  readonly schemas: {
    readonly query: Schema.Schema.AnyNoContext | undefined
    readonly body: Schema.Schema.AnyNoContext | undefined
    readonly success: Schema.Schema.AnyNoContext
  }
}


const routeParam = /\{([^}]+)\}/g

/** A status table by number. */
const statusMap = (errors: StatusErrors | undefined): ReadonlyMap<number, StatusErrorClass> => {
  const map = new Map<number, StatusErrorClass>()
  for (const [status, error] of Object.entries(errors ?? {})) map.set(Number(status), error)
  return map
}

/**
 * `fast`: parse with the faster compiled parsers (`fastParse.ts`), which
 * cost more to build; declared endpoints are compiled once, the `request`
 * escape hatch once per call and uses Effect's parsers directly.
 */
/** A declaration of any endpoint, as the pipeline compiles it. */
type AnyDeclaration = Declaration<string, ReadonlyArray<any>, AnyParts, any, any, any, any, StatusErrors, KeyKind>

const compile = (decl: AnyDeclaration, fast = true): Compiled => {
  const literals: Array<string> = []
  const params: Array<string> = []
  let last = 0
  for (const match of decl.route.matchAll(routeParam)) {
    literals.push(decl.route.slice(last, match.index))
    params.push(match[1]!)
    last = match.index! + match[0].length
  }
  literals.push(decl.route.slice(last))
  const preserve = { onExcessProperty: "preserve" } as const
  return {
    name: decl.name,
    method: decl.method,
    route: decl.route,
    key: decl.key,
    request: decl.request,
    literals,
    params,
    encodeQuery: decl.query && (fast ? FastParse.encoder : Schema.encodeUnknownEither)(decl.query, preserve),
    encodeBody: decl.body && (fast ? FastParse.encoder : Schema.encodeUnknownEither)(decl.body, preserve),
    decode: (fast ? FastParse.decoder : Schema.decodeUnknownEither)(decl.success),
    schemas: { query: decl.query, body: decl.body, success: decl.success },
    extra: statusMap(decl.errors),
    retrySafe: decl.safeToRetry ??
      (decl.method !== "POST" && decl.method !== "PATCH" || decl.idempotencyField !== undefined ||
        decl.itemIdempotencyField !== undefined),
    idempotencyField: decl.idempotencyField,
    itemIdempotencyField: decl.itemIdempotencyField,
    sensitiveResponse: decl.sensitiveResponse === true,
    result: decl.result,
    makeRequest: HttpClientRequest.make(decl.method),
    spanName: `OneSignal.${decl.name}`,
    spanAttributes: {
      "http.request.method": decl.method,
      "url.template": decl.route,
      "onesignal.operation": decl.name
    }
  }
}

/**
 * Declares an endpoint and derives its standalone function.
 */
export const make = <
  const Route extends string,
  Args extends ReadonlyArray<any>,
  P extends Parts<Route, TypeOf<QS>, TypeOf<BS>>,
  S extends Schema.Schema.AnyNoContext,
  K extends KeyKind,
  QS extends Schema.Schema.AnyNoContext | undefined = undefined,
  BS extends Schema.Schema.AnyNoContext | undefined = undefined,
  X extends StatusErrors = {},
  A = Schema.Schema.Type<S>
>(
  decl: Declaration<Route, Args, P, QS, BS, S, A, X, K> & ExactPath<Route, P>
): Endpoint<Args, A, CommonError | ErrorsOf<X>, K> => {
  return toEndpoint(compile(decl as unknown as AnyDeclaration))
}

/** The standalone function of a compiled endpoint. */
const toEndpoint = (compiled: Compiled): any => {
  const tag: Context.Tag<any, Client> = compiled.key === "org" ? OneSignalOrganizationClient : OneSignalClient
  const fn = (...args: ReadonlyArray<any>) => {
    const call = prepareCall(compiled, args)
    return Effect.flatMap(tag, (client: Client) => execute(client, compiled, call))
  }
  return Object.assign(fn, { key: compiled.key, [TypeId]: compiled })
}

/**
 * The same endpoint with its 2xx body decoded by `success` instead of the
 * declaration's schema (and no `result` mapper), for a caller that needs
 * more of the answer than the declaration promises, e.g. a field OneSignal
 * always sends but the models leave optional. A body without it fails as
 * any mismatch does: `ResponseDecodeError` with the endpoint's route and
 * path. Everything else is the declaration's (route, errors, retry rules,
 * span). Not a declaration of its own: keep it out of resource modules.
 */
export const withSuccess = <
  Args extends ReadonlyArray<any>,
  E,
  K extends KeyKind,
  S extends Schema.Schema.AnyNoContext
>(endpoint: Endpoint<Args, any, E, K>, success: S): Endpoint<Args, Schema.Schema.Type<S>, E, K> => {
  const base = endpoint[TypeId]
  return toEndpoint({
    ...base,
    decode: FastParse.decoder(success),
    result: undefined,
    schemas: { ...base.schemas, success }
  })
}

/**
 * Runs a declaration made for one call (the generic `request` escape hatch):
 * the same pipeline, errors, retry rules and tracing as a declared endpoint.
 */
export const runOnce = <S extends Schema.Schema.AnyNoContext>(
  client: Client,
  decl: Declaration<string, [], AnyParts, any, any, S, Schema.Schema.Type<S>, StatusErrors, KeyKind>
): Effect.Effect<Schema.Schema.Type<S>, OneSignalError> => {
  const compiled = compile(decl as AnyDeclaration, false)
  return execute(client, compiled, prepareCall(compiled, []))
}

/** The service methods derived from a module's endpoint functions. */
export type MethodsOf<M, K extends KeyKind> = {
  readonly [P in keyof M as M[P] extends Endpoint<any, any, any, K> ? P : never]: M[P] extends
    Endpoint<infer Args, infer A, infer E, K> ? (...args: Args) => Effect.Effect<A, E> : never
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never

/**
 * The methods of the service of key kind `K`: every endpoint of every module
 * of the registry `R` that needs that key, under its export name.
 */
export type ServiceOf<R, K extends KeyKind> = UnionToIntersection<{ readonly [M in keyof R]: MethodsOf<R[M], K> }[keyof R]>

/**
 * Binds every endpoint of the registry's modules that needs the given key
 * kind to a client, giving the service's methods (its type derived from the
 * same registry).
 */
export const bindAll = <R extends Readonly<Record<string, object>>, K extends KeyKind>(
  client: Client,
  key: K,
  resources: R
): ServiceOf<R, K> => {
  const methods: Record<string, (...args: ReadonlyArray<any>) => Effect.Effect<unknown, unknown>> = {}
  for (const module of Object.values(resources)) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "function" && TypeId in value && (value as Endpoint<any, any, any, any>).key === key) {
        const compiled = (value as Endpoint<any, any, any, any>)[TypeId]
        methods[name] = (...args) => execute(client, compiled, prepareCall(compiled, args))
      }
    }
  }
  // The loop above builds exactly the methods `ServiceOf` names: the
  // endpoint exports of the same modules, filtered by the same key.
  return methods as ServiceOf<R, K>
}

interface Call {
  readonly parts: AnyParts
  readonly idempotencyKey: string | undefined
}

/**
 * Runs when the operation is called, not when its effect runs: the
 * idempotency key is fixed here, so every attempt and every re-run of the
 * returned effect sends the same key.
 */
const prepareCall = (compiled: Compiled, args: ReadonlyArray<any>): Call => {
  const parts = compiled.request(...args)
  if (compiled.itemIdempotencyField !== undefined) {
    return { parts: { ...parts, body: withItemKeys(parts.body, compiled.itemIdempotencyField) }, idempotencyKey: undefined }
  }
  if (compiled.idempotencyField === undefined) return { parts, idempotencyKey: undefined }
  const fromBody = typeof parts.body === "object" && parts.body !== null
    ? (parts.body as Record<string, unknown>)[compiled.idempotencyField]
    : undefined
  const idempotencyKey = parts.options?.idempotencyKey ??
    (typeof fromBody === "string" && fromBody.length > 0 ? fromBody : globalThis.crypto.randomUUID())
  return {
    parts: { ...parts, body: { ...(parts.body as object), [compiled.idempotencyField]: idempotencyKey } },
    idempotencyKey
  }
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null

/**
 * The body with a new UUID v4 in `field` of every item of `list` that has
 * no key of its own; anything not of that shape is left for the body schema
 * to refuse.
 */
const withItemKeys = (body: unknown, { field, list }: ItemIdempotencyField): unknown => {
  if (!isObject(body) || !Array.isArray(body[list])) return body
  const items = (body[list] as ReadonlyArray<unknown>).map((item) => {
    if (!isObject(item)) return item
    const key = item[field]
    return typeof key === "string" && key.length > 0 ? item : { ...item, [field]: globalThis.crypto.randomUUID() }
  })
  return { ...body, [list]: items }
}

interface CallContext {
  readonly client: Client
  readonly compiled: Compiled
  readonly path: string
  readonly idempotencyKey: string | undefined
  readonly requestBody: unknown
}

/**
 * The reply text with every occurrence of the client's key replaced: a
 * server or proxy that echoes the credentials back (`Invalid key: Key ...`)
 * must not put them into an error's messages or body excerpt.
 */
const withoutKey = (client: Client, text: string): string => {
  const authorization = client[headersKey]["authorization"]
  if (authorization === undefined) return text
  const key = authorization.slice(authorization.indexOf(" ") + 1)
  return key.length > 0 && text.includes(key) ? text.split(key).join("<redacted>") : text
}

const invalid = (compiled: Compiled, issue: string) =>
  Effect.fail(new InvalidRequest({ method: compiled.method, route: compiled.route, issue }))

const fillPath = (
  compiled: Compiled,
  values: Readonly<Record<string, string | undefined>> | undefined
): string | InvalidRequest => {
  let path = compiled.literals[0]!
  for (let i = 0; i < compiled.params.length; i++) {
    const value = values?.[compiled.params[i]!]
    if (typeof value !== "string" || value.length === 0 || value === "." || value === "..") {
      return new InvalidRequest({
        method: compiled.method,
        route: compiled.route,
        issue: `path parameter ${compiled.params[i]} must be a non-empty string other than "." and ".."`
      })
    }
    const encoded = encodeOrUndefined(value)
    if (encoded === undefined) {
      return new InvalidRequest({
        method: compiled.method,
        route: compiled.route,
        issue: `path parameter ${compiled.params[i]} is not well-formed UTF-16 (a lone surrogate)`
      })
    }
    path += encoded + compiled.literals[i + 1]!
  }
  return path
}

/** `encodeURIComponent`, or `undefined` for a string with a lone surrogate (which it throws on). */
const encodeOrUndefined = (value: string): string | undefined => {
  try {
    return encodeURIComponent(value)
  } catch {
    return undefined
  }
}

const toUrlParams = (query: unknown): UrlParams.UrlParams => {
  const out: Array<[string, string]> = []
  if (typeof query !== "object" || query === null) return out
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) {
      for (const item of value) out.push([name, String(item)])
    } else {
      out.push([name, String(value)])
    }
  }
  return out
}

const prepareRequest = (
  client: Client,
  compiled: Compiled,
  call: Call
): Effect.Effect<readonly [HttpClientRequest.HttpClientRequest, CallContext], InvalidRequest> => {
  const path = fillPath(compiled, call.parts.path)
  if (typeof path !== "string") return Effect.fail(path)
  let request = compiled.makeRequest(client.settings.baseUrl + path)
  request = HttpClientRequest.setHeaders(request, client[headersKey])
  if (call.parts.query !== undefined) {
    const query = compiled.encodeQuery ? compiled.encodeQuery(call.parts.query) : Either.right(call.parts.query)
    if (Either.isLeft(query)) return invalid(compiled, query.left.message)
    const params = toUrlParams(query.right)
    for (const [name, value] of params) {
      if (encodeOrUndefined(value) === undefined) {
        return invalid(compiled, `query parameter ${name} is not well-formed UTF-16 (a lone surrogate)`)
      }
    }
    request = HttpClientRequest.setUrlParams(request, params)
  }
  if (compiled.encodeBody !== undefined) {
    const body = compiled.encodeBody(call.parts.body)
    if (Either.isLeft(body)) return invalid(compiled, body.left.message)
    request = HttpClientRequest.setBody(request, HttpBody.text(JSON.stringify(body.right), "application/json"))
  }
  const context: CallContext = {
    client,
    compiled,
    path,
    idempotencyKey: call.idempotencyKey,
    requestBody: call.parts.body
  }
  if (!client.settings.propagateTraceHeaders) return Effect.succeed([request, context] as const)
  return Effect.map(
    Effect.option(Effect.currentSpan),
    (span) =>
      [
        Option.isSome(span) ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span.value)) : request,
        context
      ] as const
  )
}

/**
 * What the errors of a request name (never a URL: a route template and the
 * path), and the statuses it maps beyond the common ones.
 */
interface Target {
  readonly method: string
  readonly route: string
  readonly extra: ReadonlyMap<number, StatusErrorClass>
}

/** The error of a failed status: 429, 401/403, 5xx, the target's own, else `BadRequest`. */
const statusError = (
  client: Client,
  target: Target,
  path: string,
  response: HttpClientResponse.HttpClientResponse,
  text: string
): Effect.Effect<never, OneSignalError> => {
  const status = response.status
  const { details, errors, limit } = normalizeErrorBody(withoutKey(client, text))
  const fields = { method: target.method, route: target.route, path, status, errors, details }
  if (status === 429) {
    return Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.fail(
        new RateLimited({ ...fields, retryAfter: parseRetryAfter(response.headers["retry-after"], now), limit })
      ))
  }
  if (status === 401 || status === 403) return Effect.fail(new Unauthorized(fields))
  if (status >= 500) return Effect.fail(new ServerError(fields))
  const extra = target.extra.get(status)
  if (extra !== undefined) return Effect.fail(new extra(fields))
  return Effect.fail(new BadRequest(fields))
}

const decodeError = (context: CallContext, status: number, issue: string, text: string) =>
  new ResponseDecodeError({
    method: context.compiled.method,
    route: context.compiled.route,
    path: context.path,
    status,
    ...(context.compiled.sensitiveResponse
      ? { issue: "the answer does not match its schema (details withheld: it holds credentials)", body: "" }
      : { issue: withoutKey(context.client, issue), body: excerpt(withoutKey(context.client, text)) })
  })

const handleResponse = (
  context: CallContext,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<unknown, OneSignalError | HttpClientError.ResponseError> =>
  Effect.flatMap(response.text, (text) => {
    const status = response.status
    if (status < 200 || status >= 300) {
      return statusError(context.client, context.compiled, context.path, response, text)
    }
    let json: unknown = undefined
    if (text.trim() !== "") {
      try {
        json = JSON.parse(text)
      } catch {
        return Effect.fail(decodeError(context, status, "the body is not JSON", text))
      }
    }
    const decoded = context.compiled.decode(json)
    if (Either.isLeft(decoded)) return Effect.fail(decodeError(context, status, decoded.left.message, text))
    const result = context.compiled.result
    if (result === undefined) return Effect.succeed(decoded.right)
    return Effect.succeed(
      result(decoded.right, {
        status,
        headers: response.headers,
        idempotencyKey: context.idempotencyKey,
        requestBody: context.requestBody
      })
    )
  })

const transportError = (target: Target, path: string, error: HttpClientError.HttpClientError): TransportError =>
  new TransportError({
    method: target.method,
    route: target.route,
    path,
    reason: error._tag === "RequestError" && error.reason === "InvalidUrl" ? "InvalidUrl" : "Transport",
    description: describe(
      error.description,
      error.cause,
      error._tag === "RequestError" ? "the request could not be sent" : "the response body could not be read"
    ),
    // Only the low-level cause is kept: the platform error holds the request,
    // and its JSON form would print the authorization header.
    cause: error.cause
  })

/**
 * The platform's description followed by the messages of the cause chain
 * (fetch says "fetch failed"; why is in `cause.cause`), without repeats.
 */
const describe = (description: string | undefined, cause: unknown, fallback: string): string => {
  const messages: Array<string> = []
  if (description !== undefined && description !== "") messages.push(description)
  let current = cause
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : undefined
    if (message !== undefined && message !== "" && !messages.includes(message)) messages.push(message)
    current = current instanceof Error ? current.cause : undefined
  }
  return messages.length > 0 ? messages.join(": ") : fallback
}

/**
 * Retries `attempt` after its first retryable failure, as `Effect.retry`
 * would, but starts the schedule only then: a call that succeeds at once
 * (almost all of them) pays for no schedule driver.
 */
const retryWith = <A>(policy: RetryPolicy, attempt: Effect.Effect<A, OneSignalError>) =>
(first: OneSignalError): Effect.Effect<A, OneSignalError> =>
  Effect.flatMap(Schedule.driver(policy), (driver) => {
    const retry = (error: OneSignalError): Effect.Effect<A, OneSignalError> =>
      Effect.matchEffect(driver.next(error), {
        onFailure: () => Effect.fail(error),
        onSuccess: () => Effect.catchIf(attempt, isRetryable, retry)
      })
    return retry(first)
  })

const execute = (client: Client, compiled: Compiled, call: Call): Effect.Effect<any, any> =>
  Effect.suspend(() => {
    let attempts = 0
    let status: number | undefined
    const options = call.parts.options
    const effect = prepareRequest(client, compiled, call).pipe(
      Effect.flatMap(([request, context]) => {
        const timeout = options?.timeout === undefined ? client.settings.timeout : Duration.decode(options.timeout)
        const send = Effect.suspend(() => {
          attempts++
          return client.httpClient.execute(request)
        }).pipe(
          Effect.flatMap((response) => {
            status = response.status
            return handleResponse(context, response)
          }),
          Effect.catchIf(
            (error): error is HttpClientError.HttpClientError =>
              error._tag === "RequestError" || error._tag === "ResponseError",
            (error) => Effect.fail(transportError(compiled, context.path, error))
          )
        )
        const attempt = Duration.isFinite(timeout)
          ? withTimeout(send, timeout, () =>
            new TransportError({
              method: compiled.method,
              route: compiled.route,
              path: context.path,
              reason: "Timeout",
              description: `no complete answer within ${Duration.format(timeout)}`,
              cause: new Cause.TimeoutException(`timed out after ${Duration.format(timeout)}`)
            }))
          : send
        const policy = options?.retry === false
          ? undefined
          : options?.retry ?? (compiled.retrySafe ? client.settings.retry : undefined)
        return policy === undefined ? attempt : Effect.catchIf(attempt, isRetryable, retryWith(policy, attempt))
      })
    )
    return traced(effect, compiled.spanName, compiled.spanAttributes, () =>
      status === undefined
        ? { "onesignal.attempts": attempts }
        : { "onesignal.attempts": attempts, "http.response.status_code": status })
  })

/**
 * `effect` in a client span, annotated when it ends with what `annotations`
 * gives then (attempts, status), when a tracer is installed; `effect` as is
 * under Effect's built-in tracer, whose spans go nowhere.
 */
export const traced = <A, E>(
  effect: Effect.Effect<A, E>,
  name: string,
  attributes: Readonly<Record<string, unknown>>,
  annotations: () => Readonly<Record<string, unknown>>
): Effect.Effect<A, E> =>
  Effect.tracerWith((tracer) =>
    tracer === nativeTracer()
      ? effect
      : effect.pipe(
        Effect.ensuring(Effect.suspend(() => Effect.annotateCurrentSpan(annotations()))),
        Effect.withSpan(name, { kind: "client", attributes, captureStackTrace: false })
      )
  )

/**
 * A GET of an absolute URL outside the API, e.g. a pre-signed file URL.
 */
export interface DownloadRequest {
  /** The absolute URL. Never put into an error or a span: it may grant access by itself. */
  readonly url: string
  /** The request's name; its span is `OneSignal.<name>`. */
  readonly name: string
  /** What the errors name instead of the URL (as `route` and `path`), e.g. `<events export file>`. */
  readonly route: string
  /**
   * The statuses that mean "not there yet": answered as `NotReady` (the body
   * read and dropped), neither retried nor failed.
   */
  readonly notReady?: ((status: number) => boolean) | undefined
  /** The statuses mapped beyond the common ones, as in a declaration. */
  readonly errors?: StatusErrors | undefined
  /** More attributes of the span. */
  readonly attributes?: Readonly<Record<string, string>> | undefined
  /** The retry policy, or `false` for none; `OneSignalConfig`'s when absent (a GET is safe to repeat). */
  readonly retry?: RetryPolicy | false | undefined
  /**
   * The time limit of each attempt, until the answer begins (reading the
   * body is the caller's); `OneSignalConfig`'s when absent.
   */
  readonly timeout?: Duration.DurationInput | undefined
  /** How many redirects are followed (default 5; fetch follows them itself, undici does not). */
  readonly maxRedirects?: number | undefined
}

/**
 * What a download answers: a 2xx response, its body not read yet (the
 * caller streams it), or a "not ready" status.
 */
export type Downloaded =
  | { readonly _tag: "Ready"; readonly response: HttpClientResponse.HttpClientResponse }
  | { readonly _tag: "NotReady"; readonly status: number }

/**
 * Sends a `DownloadRequest` through the pipeline of the endpoints: the same
 * per-attempt timeout, retry policy, status errors and span, but none of the
 * client's headers (no authorization, only the user agent) and no base URL.
 * A status that is neither 2xx nor "not ready" fails as it would for an
 * endpoint (429 `RateLimited` with its `Retry-After`, 5xx `ServerError`,
 * ...), its body dropped: a storage's error page can quote the request.
 */
export const download = (client: Client, options: DownloadRequest): Effect.Effect<Downloaded, OneSignalError> =>
  Effect.suspend(() => {
    let attempts = 0
    let status: number | undefined
    const { notReady, route, url } = options
    const target: Target = { method: "GET", route, extra: statusMap(options.errors) }
    const httpClient = HttpClient.followRedirects(client.httpClient, options.maxRedirects ?? 5)
    const request = HttpClientRequest.setHeader(HttpClientRequest.get(url), "user-agent", client.settings.userAgent)
    const send = Effect.suspend(() => {
      attempts++
      return httpClient.execute(request)
    }).pipe(
      Effect.flatMap((response): Effect.Effect<Downloaded, OneSignalError> => {
        status = response.status
        if (status >= 200 && status < 300) return Effect.succeed({ _tag: "Ready", response })
        const drop = Effect.ignore(response.text)
        return notReady !== undefined && notReady(status)
          ? Effect.as(drop, { _tag: "NotReady", status })
          : Effect.zipRight(drop, statusError(client, target, route, response, ""))
      }),
      Effect.catchIf(
        (error): error is HttpClientError.HttpClientError =>
          error._tag === "RequestError" || error._tag === "ResponseError",
        (error) => {
          const mapped = transportError(target, route, error)
          // Neither the description nor the cause may hold the URL (Node's
          // `TypeError` of an invalid URL keeps it as `input`).
          return Effect.fail(
            mapped.reason === "InvalidUrl" || mapped.description.includes(url)
              ? new TransportError({
                method: "GET",
                route,
                path: route,
                reason: mapped.reason,
                description: mapped.description.split(url).join(route)
              })
              : mapped
          )
        }
      )
    )
    const timeout = options.timeout === undefined ? client.settings.timeout : Duration.decode(options.timeout)
    const attempt = Duration.isFinite(timeout)
      ? withTimeout(send, timeout, () =>
        new TransportError({
          method: "GET",
          route,
          path: route,
          reason: "Timeout",
          description: `no answer within ${Duration.format(timeout)}`,
          cause: new Cause.TimeoutException(`timed out after ${Duration.format(timeout)}`)
        }))
      : send
    const policy = options.retry === false ? undefined : options.retry ?? client.settings.retry
    return traced(
      policy === undefined ? attempt : Effect.catchIf(attempt, isRetryable, retryWith(policy, attempt)),
      `OneSignal.${options.name}`,
      { "http.request.method": "GET", "onesignal.operation": options.name, ...options.attributes },
      () =>
        status === undefined
          ? { "onesignal.attempts": attempts }
          : { "onesignal.attempts": attempts, "http.response.status_code": status }
    )
  })

let liveClock: Clock.Clock | undefined

/**
 * Fails with `onTimeout()` when `self` takes longer than `duration`, and
 * interrupts it (which aborts the HTTP request).
 *
 * `Effect.timeoutFail` races two forked fibers, one of them sleeping on the
 * `Clock`: under load that costs more than the rest of the call. Here `self`
 * runs in one daemon fiber (registering a child is the costly part of a fork;
 * the caller's interruption is passed on explicitly), and expiry is armed with
 * a plain timer under the live clock, or with a fiber sleeping on the clock in
 * context under any other clock, so `TestClock` keeps control of time.
 */
const withTimeout = <A, E, E2>(
  self: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) =>
    Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(Effect.forkDaemon(restore(self)), (fiber) => {
        let timedOut = false
        const expire = () => {
          timedOut = true
          fiber.unsafeInterruptAsFork(fiber.id())
        }
        // Arms the expiry; gives back what disarms it.
        const arm: Effect.Effect<Effect.Effect<void>> = clock === (liveClock ??= Effect.runSync(Effect.clock))
          ? Effect.sync(() => {
            const timer = setTimeout(expire, Duration.toMillis(duration))
            return Effect.sync(() => clearTimeout(timer))
          })
          : Effect.map(
            Effect.forkDaemon(Effect.interruptible(Effect.zipRight(Effect.sleep(duration), Effect.sync(expire)))),
            (sleeper) => Fiber.interrupt(sleeper)
          )
        return Effect.flatMap(arm, (disarm) =>
          restore(Fiber.await(fiber)).pipe(
            Effect.onInterrupt(() => Effect.zipRight(disarm, Fiber.interrupt(fiber))),
            Effect.flatMap((exit) => {
              const outcome: Effect.Effect<A, E | E2> = Exit.isSuccess(exit)
                ? Effect.succeed(exit.value)
                : timedOut && Cause.isInterruptedOnly(exit.cause)
                ? Effect.fail(onTimeout())
                : Effect.failCause(exit.cause)
              return Effect.zipRight(disarm, outcome)
            })
          ))
      })
    )
  )

let native: Tracer.Tracer | undefined

/**
 * Effect's built-in tracer: what runs when the program installed none. Its
 * spans go nowhere, so calls skip creating one (tracing costs nothing unless
 * a tracer is installed).
 */
const nativeTracer = (): Tracer.Tracer => native ??= Effect.runSync(Effect.tracer)
