/**
 * An in-memory OneSignal: the REST API's behaviour (auth, validation,
 * idempotency, the notifications routes) over state held in `Ref`s, with
 * faults on demand. Its core is one handler from a plain request to a plain
 * reply; `layer` serves it as an `HttpClient` (no socket) and
 * `SimulatorServer` serves it over loopback HTTP.
 *
 * Everything time-related goes through `Clock`, so `TestClock` drives it.
 *
 * First cut: the notifications routes.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as MockTransport from "./MockTransport.js"

// -----------------------------------------------------------------------------
// Options and models
// -----------------------------------------------------------------------------

/**
 * The id of the app a simulator knows when no `apps` option is given.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultAppId = "00000000-0000-4000-8000-000000000001"

/**
 * The REST API key of the default app.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultRestApiKey = "sim-rest-key"

/**
 * The organization API key a simulator accepts when none is given.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultOrganizationApiKey = "sim-org-key"

/**
 * How long an `idempotency_key` is remembered: 30 days.
 *
 * @since 0.1.0
 * @category Constants
 */
export const idempotencyWindowMillis = 30 * 24 * 60 * 60 * 1000

/**
 * An app of the simulator and its REST API key.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorApp {
  readonly id: string
  readonly restApiKey: string
}

/**
 * A user the simulator knows, by its aliases (label to id), e.g.
 * `{ aliases: { external_id: "u1" } }`. `appId` defaults to the first app.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorUser {
  readonly appId?: string | undefined
  readonly aliases: Readonly<Record<string, string>>
}

/**
 * Options of a simulator.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorOptions {
  /** The apps; defaults to one app, `defaultAppId` with `defaultRestApiKey`. */
  readonly apps?: ReadonlyArray<SimulatorApp> | undefined
  /** The organization API key (not used by the notifications routes yet). */
  readonly organizationApiKey?: string | undefined
  /** The users known from the start. */
  readonly users?: ReadonlyArray<SimulatorUser> | undefined
}

/**
 * A request as the simulator's handler takes it: the same plain data the
 * mock transport records (method, full url, path, query, lower-case headers,
 * body text and parsed body). Build one with
 * `MockTransport.makeRecordedRequest`.
 *
 * @since 0.1.0
 * @category Models
 */
export type SimulatorRequest = MockTransport.RecordedRequest

/**
 * What the simulator's handler answers: a response with a JSON body, or a
 * dropped connection (the adapters turn it into a transport failure or a
 * destroyed socket).
 *
 * @since 0.1.0
 * @category Models
 */
export type SimulatorReply = Data.TaggedEnum<{
  Response: {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: unknown
  }
  Drop: {
    readonly reason: string
  }
}>

/**
 * Constructors for `SimulatorReply`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const SimulatorReply = Data.taggedEnum<SimulatorReply>()

/**
 * A fault to inject:
 *
 * - `RateLimited`: 429 `{"errors":["API rate limit exceeded"]}` with a
 *   `Retry-After` header (seconds, or an HTTP-date for a `Date`).
 * - `ServerError`: the status with a JSON error body.
 * - `Latency`: sleeps `delay` (with `Effect.sleep`), then answers normally.
 * - `DropBeforeApply`: the connection drops; nothing is applied.
 * - `DropAfterApply`: the request is applied (stored, its idempotency key
 *   remembered), then the connection drops.
 *
 * @since 0.1.0
 * @category Models
 */
export type Fault = Data.TaggedEnum<{
  RateLimited: { readonly retryAfter: number | Date }
  ServerError: { readonly status: 500 | 502 | 503 | 504 }
  Latency: { readonly delay: Duration.DurationInput }
  DropBeforeApply: {}
  DropAfterApply: {}
}>

/**
 * Constructors for `Fault`, e.g. `Fault.RateLimited({ retryAfter: 30 })`
 * (plain objects with a `_tag` work as well).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Fault = Data.taggedEnum<Fault>()

/**
 * Where and how often a fault applies. `route` is a method and a route
 * template, e.g. `"POST /notifications"` or `"GET /notifications/:id"`
 * (any route when absent); `times` defaults to 1.
 *
 * @since 0.1.0
 * @category Models
 */
export interface FaultOptions {
  readonly route?: string | undefined
  readonly times?: number | undefined
}

/**
 * A notification the simulator stored.
 *
 * @since 0.1.0
 * @category Models
 */
export interface StoredNotification {
  readonly id: string
  readonly appId: string
  /** The request body fields, as received. */
  readonly fields: Readonly<Record<string, unknown>>
  /** Unix seconds. */
  readonly queuedAt: number
  /** Unix seconds; `queuedAt` unless the request had a `send_after`. */
  readonly sendAfter: number
  /** How many recipients the targeting resolved to (0 when unknown, e.g. segments). */
  readonly recipients: number
  readonly canceled: boolean
  /** Opens tracked with `PUT /notifications/{id}`. */
  readonly converted: number
}

// -----------------------------------------------------------------------------
// Service
// -----------------------------------------------------------------------------

/**
 * The simulator: its handler, its state and its fault injection.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorService {
  /** The apps the simulator knows. */
  readonly apps: ReadonlyArray<SimulatorApp>
  /** Answers one request (records it, applies faults, then the API). Never fails. */
  readonly handle: (request: SimulatorRequest) => Effect.Effect<SimulatorReply>
  /** Queues a fault for the next matching request(s). */
  readonly injectFault: (fault: Fault, options?: FaultOptions) => Effect.Effect<void>
  /** Adds a user the alias targeting can reach. */
  readonly addUser: (user: SimulatorUser) => Effect.Effect<void>
  /** The stored notifications, oldest first, of one app or of all. */
  readonly notifications: (appId?: string) => Effect.Effect<ReadonlyArray<StoredNotification>>
  /** Every request received, oldest first (dropped ones included). */
  readonly requests: Effect.Effect<ReadonlyArray<MockTransport.RecordedRequest>>
  /** Back to the initial state: notifications, idempotency keys, faults and requests forgotten, users as given. */
  readonly reset: Effect.Effect<void>
}

/**
 * The service tag of the simulator.
 *
 * @since 0.1.0
 * @category Tags
 */
export class Simulator extends Context.Tag("effect-onesignal/testing/Simulator")<Simulator, SimulatorService>() {}

// -----------------------------------------------------------------------------
// State
// -----------------------------------------------------------------------------

interface IdempotencyEntry {
  readonly atMillis: number
  readonly status: number
  readonly body: unknown
}

interface State {
  readonly users: ReadonlyArray<SimulatorUser>
  readonly notifications: ReadonlyArray<StoredNotification>
  readonly idempotency: ReadonlyMap<string, IdempotencyEntry>
}

interface PendingFault {
  readonly fault: Fault
  readonly route: string | undefined
  readonly remaining: number
}

type Json = Record<string, unknown>

const errors = (status: number, ...messages: ReadonlyArray<string>): SimulatorReply =>
  SimulatorReply.Response({ status, headers: {}, body: { errors: messages } })

const ok = (body: unknown, headers: Readonly<Record<string, string>> = {}): SimulatorReply =>
  SimulatorReply.Response({ status: 200, headers, body })

const accessDenied = errors(
  403,
  "Access denied. Send an 'Authorization: Key <token>' header carrying the REST API key of the app this request is for."
)

const notificationNotFound = errors(404, "Notification not found")

const isRecord = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

const isNonEmptyArray = (u: unknown): boolean => Array.isArray(u) && u.length > 0

const isNonEmptyRecord = (u: unknown): boolean => isRecord(u) && Object.keys(u).length > 0

const targetingFields = new Set([
  "included_segments",
  "include_subscription_ids",
  "include_aliases",
  "include_player_ids",
  "include_external_user_ids",
  "email_to",
  "include_email_tokens",
  "include_phone_numbers",
  "include_unsubscribed_email_tokens",
  "filters"
])

const isTargetingField = (name: string): boolean =>
  targetingFields.has(name) || /^include_.+_(tokens|reg_ids|uris)$/.test(name)

const hasTargeting = (body: Json): boolean =>
  Object.entries(body).some(([name, value]) =>
    isTargetingField(name) && (isNonEmptyArray(value) || (name === "include_aliases" && isNonEmptyRecord(value)))
  )

// The legacy base path `/api/v1` is accepted as a prefix.
const normalizePath = (path: string): string => {
  const stripped = path.startsWith("/api/v1/") ? path.slice("/api/v1".length) : path
  return stripped.length > 1 && stripped.endsWith("/") ? stripped.replace(/\/+$/, "") : stripped
}

const bearerToken = (headers: Readonly<Record<string, string>>): string | undefined => {
  const value = headers["authorization"]
  if (value === undefined) return undefined
  const match = /^\s*(key|bearer|basic)\s+(\S+)\s*$/i.exec(value)
  return match?.[2]
}

const uuidV4: Effect.Effect<string> = Effect.gen(function*() {
  const bytes: Array<number> = []
  for (let i = 0; i < 16; i++) bytes.push(yield* Random.nextIntBetween(0, 256))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
})

const httpDate = (date: Date): string => date.toUTCString()

const parseSendAfter = (value: unknown): number | undefined | "invalid" => {
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value !== "string") return "invalid"
  const millis = Date.parse(value)
  return Number.isNaN(millis) ? "invalid" : Math.floor(millis / 1000)
}

const parseNonNegativeInt = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === "") return undefined
  const n = Number(value)
  return Number.isInteger(n) && n >= 0 ? n : undefined
}

/**
 * The notification as `GET /notifications/{id}` answers it: the stored
 * fields plus the delivery counters, computed at `nowSeconds` (delivered
 * once `send_after` has passed, unless canceled).
 *
 * @since 0.1.0
 * @category Conversions
 */
export const notificationView = (notification: StoredNotification, nowSeconds: number): Json => {
  const delivered = !notification.canceled && nowSeconds >= notification.sendAfter
  return {
    // Fields the real API returns as `null` when the request did not set them.
    data: null,
    url: null,
    headings: null,
    template_id: null,
    throttle_rate_per_minute: null,
    received: null,
    ...notification.fields,
    id: notification.id,
    app_id: notification.appId,
    successful: delivered ? notification.recipients : 0,
    failed: 0,
    errored: 0,
    converted: notification.converted,
    remaining: delivered || notification.canceled ? 0 : notification.recipients,
    queued_at: notification.queuedAt,
    send_after: notification.sendAfter,
    completed_at: delivered ? notification.sendAfter : null,
    canceled: notification.canceled,
    platform_delivery_stats: {}
  }
}

// -----------------------------------------------------------------------------
// Constructor
// -----------------------------------------------------------------------------

/**
 * Builds a simulator.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options?: SimulatorOptions): Effect.Effect<SimulatorService> =>
  Effect.gen(function*() {
    const apps: ReadonlyArray<SimulatorApp> = options?.apps !== undefined && options.apps.length > 0
      ? [...options.apps]
      : [{ id: defaultAppId, restApiKey: defaultRestApiKey }]
    const firstAppId = apps[0]!.id
    const withApp = (user: SimulatorUser): SimulatorUser => ({ appId: user.appId ?? firstAppId, aliases: user.aliases })
    const initialState: State = {
      users: (options?.users ?? []).map(withApp),
      notifications: [],
      idempotency: new Map()
    }
    const state = yield* Ref.make(initialState)
    const faults = yield* Ref.make<ReadonlyArray<PendingFault>>([])
    const received = yield* Ref.make<ReadonlyArray<MockTransport.RecordedRequest>>([])

    const appById = (id: string): SimulatorApp | undefined => apps.find((app) => app.id === id)

    /**
     * Auth and app resolution, in the order the API checks them: a valid
     * key, a known `app_id`, then the key belonging to that app.
     */
    const authorize = (
      request: SimulatorRequest,
      appId: unknown
    ): SimulatorReply | SimulatorApp => {
      const token = bearerToken(request.headers)
      if (token === undefined || !apps.some((app) => app.restApiKey === token)) return accessDenied
      if (typeof appId !== "string" || appId === "") {
        return errors(400, "app_id not found. Pass the id of your app as app_id.")
      }
      const app = appById(appId)
      if (app === undefined) return errors(400, `app_id not found: there is no app with id ${appId}.`)
      if (app.restApiKey !== token) return accessDenied
      return app
    }

    const isReply = (u: SimulatorReply | SimulatorApp): u is SimulatorReply => "_tag" in u

    const findNotification = (s: State, appId: string, id: string): StoredNotification | undefined =>
      s.notifications.find((n) => n.id === id && n.appId === appId)

    const updateNotification = (
      appId: string,
      id: string,
      f: (n: StoredNotification) => StoredNotification
    ): Effect.Effect<boolean> =>
      Ref.modify(state, (s) => {
        const found = findNotification(s, appId, id)
        if (found === undefined) return [false, s] as const
        return [true, { ...s, notifications: s.notifications.map((n) => (n === found ? f(n) : n)) }] as const
      })

    // --- POST /notifications -------------------------------------------------

    const createNotification = (request: SimulatorRequest): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        if (request.bodyText !== undefined && request.body === undefined) {
          return errors(400, "The request body is not valid JSON.")
        }
        const body = request.body
        if (!isRecord(body)) return errors(400, "The request body must be a JSON object.")
        const app = authorize(request, body["app_id"])
        if (isReply(app)) return app
        const now = yield* Clock.currentTimeMillis
        const id = yield* uuidV4
        return yield* Ref.modify(state, (s) => create(s, app, body, now, id))
      })

    const create = (
      s: State,
      app: SimulatorApp,
      body: Json,
      nowMillis: number,
      id: string
    ): readonly [SimulatorReply, State] => {
      const rawKey = body["idempotency_key"] ?? body["external_id"]
      const key = typeof rawKey === "string" && rawKey !== "" ? `${app.id}\u0000${rawKey}` : undefined
      if (key !== undefined) {
        const seen = s.idempotency.get(key)
        if (seen !== undefined && nowMillis - seen.atMillis < idempotencyWindowMillis) {
          return [
            SimulatorReply.Response({
              status: seen.status,
              headers: { "Idempotent-Replayed": "true" },
              body: seen.body
            }),
            s
          ]
        }
      }
      const remember = (reply: { readonly status: number; readonly body: unknown }, next: State): State => {
        if (key === undefined) return next
        const idempotency = new Map(next.idempotency)
        idempotency.set(key, { atMillis: nowMillis, status: reply.status, body: reply.body })
        return { ...next, idempotency }
      }

      if (!hasTargeting(body)) {
        return [errors(400, "You must include which players, segments, or tags you wish to send this notification to."), s]
      }
      const nowSeconds = Math.floor(nowMillis / 1000)
      const sendAfter = parseSendAfter(body["send_after"])
      if (sendAfter === "invalid") {
        return [errors(400, "send_after is not a valid date."), s]
      }

      let recipients = 0
      let invalidAliases: Record<string, Array<string>> | undefined
      const aliases = body["include_aliases"]
      if (aliases !== undefined && aliases !== null) {
        if (!isRecord(aliases)) return [errors(400, "include_aliases must be an object of alias label to ids."), s]
        const channel = body["target_channel"]
        if (channel === undefined || channel === null || channel === "") {
          return [errors(400, "target_channel is required when include_aliases is used: one of push, email or sms."), s]
        }
        if (channel !== "push" && channel !== "email" && channel !== "sms") {
          return [errors(400, `target_channel must be push, email or sms (got ${JSON.stringify(channel)}).`), s]
        }
        let known = 0
        let total = 0
        for (const [label, ids] of Object.entries(aliases)) {
          if (!Array.isArray(ids)) {
            return [errors(400, `include_aliases.${label} must be an array of ids.`), s]
          }
          for (const aliasId of ids) {
            total++
            const found = s.users.some((user) => user.appId === app.id && user.aliases[label] === aliasId)
            if (found) {
              known++
            } else {
              invalidAliases ??= {}
              ;(invalidAliases[label] ??= []).push(String(aliasId))
            }
          }
        }
        if (total > 0 && known === 0) {
          const reply = { status: 200, body: { id: "", errors: ["All included players are not subscribed"] } }
          return [SimulatorReply.Response({ ...reply, headers: {} }), remember(reply, s)]
        }
        recipients += known
      }
      for (const field of ["include_subscription_ids", "include_player_ids"]) {
        const ids = body[field]
        if (Array.isArray(ids)) recipients += ids.length
      }

      const notification: StoredNotification = {
        id,
        appId: app.id,
        fields: body,
        queuedAt: nowSeconds,
        sendAfter: sendAfter ?? nowSeconds,
        recipients,
        canceled: false,
        converted: 0
      }
      const externalId = typeof body["external_id"] === "string" ? body["external_id"] : null
      const responseBody: Json = invalidAliases === undefined
        ? { id, external_id: externalId }
        : { id, external_id: externalId, errors: { invalid_aliases: invalidAliases } }
      const reply = { status: 200, body: responseBody }
      return [
        SimulatorReply.Response({ ...reply, headers: {} }),
        remember(reply, { ...s, notifications: [...s.notifications, notification] })
      ]
    }

    // --- Other notification routes -------------------------------------------

    const viewNotification = (request: SimulatorRequest, id: string): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        const app = authorize(request, request.query["app_id"])
        if (isReply(app)) return app
        const found = findNotification(yield* Ref.get(state), app.id, id)
        if (found === undefined) return notificationNotFound
        const now = yield* Clock.currentTimeMillis
        return ok(notificationView(found, Math.floor(now / 1000)))
      })

    const listNotifications = (request: SimulatorRequest): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        const app = authorize(request, request.query["app_id"])
        if (isReply(app)) return app
        const limit = Math.min(parseNonNegativeInt(request.query["limit"]) ?? 50, 50)
        const offset = parseNonNegativeInt(request.query["offset"]) ?? 0
        const kind = request.query["kind"]
        // Everything the simulator stores was created through the API: kind 1.
        const all = (yield* Ref.get(state)).notifications
          .filter((n) => n.appId === app.id && (kind === undefined || kind === "" || kind === "1"))
          .reverse()
        const nowSeconds = Math.floor((yield* Clock.currentTimeMillis) / 1000)
        return ok({
          total_count: all.length,
          offset,
          limit,
          notifications: all.slice(offset, offset + limit).map((n) => notificationView(n, nowSeconds))
        })
      })

    const cancelNotification = (request: SimulatorRequest, id: string): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        const app = authorize(request, request.query["app_id"])
        if (isReply(app)) return app
        const found = yield* updateNotification(app.id, id, (n) => ({ ...n, canceled: true }))
        return found ? ok({ success: true }) : notificationNotFound
      })

    const trackOpen = (request: SimulatorRequest, id: string): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        const body = isRecord(request.body) ? request.body : {}
        const app = authorize(request, body["app_id"] ?? request.query["app_id"])
        if (isReply(app)) return app
        const opened = body["opened"] === true
        const found = yield* updateNotification(
          app.id,
          id,
          (n) => (opened ? { ...n, converted: n.converted + 1 } : n)
        )
        return found ? ok({ success: true }) : notificationNotFound
      })

    const origin = (request: SimulatorRequest): string => {
      try {
        return new URL(request.url).origin
      } catch {
        return ""
      }
    }

    const history = (request: SimulatorRequest, id: string): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        const body = isRecord(request.body) ? request.body : {}
        const app = authorize(request, body["app_id"] ?? request.query["app_id"])
        if (isReply(app)) return app
        const events = body["events"]
        if (events !== "sent" && events !== "clicked") {
          return errors(400, "events must be \"sent\" or \"clicked\".")
        }
        const found = findNotification(yield* Ref.get(state), app.id, id)
        if (found === undefined) return notificationNotFound
        return ok({ success: true, destination_url: `${origin(request)}/exports/history-${id}.csv.gz` })
      })

    const exportEvents = (request: SimulatorRequest, id: string): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        const body = isRecord(request.body) ? request.body : {}
        const app = authorize(request, request.query["app_id"] ?? body["app_id"])
        if (isReply(app)) return app
        const found = findNotification(yield* Ref.get(state), app.id, id)
        if (found === undefined) return notificationNotFound
        return ok({ csv_file_url: `${origin(request)}/exports/events-${id}.csv.gz` })
      })

    // --- Routing -------------------------------------------------------------

    type Route = readonly [string, (request: SimulatorRequest, params: Readonly<Record<string, string>>) => Effect.Effect<SimulatorReply>]
    const routes: ReadonlyArray<Route> = [
      ["POST /notifications", (request) => createNotification(request)],
      ["GET /notifications", (request) => listNotifications(request)],
      ["GET /notifications/:id", (request, params) => viewNotification(request, params["id"]!)],
      ["DELETE /notifications/:id", (request, params) => cancelNotification(request, params["id"]!)],
      ["PUT /notifications/:id", (request, params) => trackOpen(request, params["id"]!)],
      ["POST /notifications/:id/history", (request, params) => history(request, params["id"]!)],
      ["POST /notifications/:id/export_events", (request, params) => exportEvents(request, params["id"]!)]
    ]

    const apply = (request: SimulatorRequest, path: string): Effect.Effect<SimulatorReply> => {
      for (const [pattern, route] of routes) {
        const params = MockTransport.matchRoute(pattern, request.method, path)
        if (params !== undefined) return route(request, params)
      }
      return Effect.succeed(errors(404, `Not found: ${request.method} ${request.path}`))
    }

    // --- Faults --------------------------------------------------------------

    const takeFault = (method: string, path: string): Effect.Effect<Fault | undefined> =>
      Ref.modify(faults, (pending) => {
        const index = pending.findIndex((p) =>
          p.remaining > 0 && (p.route === undefined || MockTransport.matchRoute(p.route, method, path) !== undefined)
        )
        const found = pending[index]
        if (found === undefined) return [undefined, pending] as const
        const next = found.remaining > 1
          ? pending.map((p, i) => (i === index ? { ...p, remaining: p.remaining - 1 } : p))
          : pending.filter((_, i) => i !== index)
        return [found.fault, next] as const
      })

    const handle = (request: SimulatorRequest): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        yield* Ref.update(received, (all) => [...all, request])
        const path = normalizePath(request.path)
        const fault = yield* takeFault(request.method, path)
        if (fault === undefined) return yield* apply(request, path)
        switch (fault._tag) {
          case "RateLimited":
            return SimulatorReply.Response({
              status: 429,
              headers: {
                "Retry-After": fault.retryAfter instanceof Date
                  ? httpDate(fault.retryAfter)
                  : String(Math.max(0, Math.ceil(fault.retryAfter)))
              },
              body: { errors: ["API rate limit exceeded"] }
            })
          case "ServerError":
            return errors(fault.status, `Simulated server error (${fault.status}).`)
          case "Latency":
            yield* Effect.sleep(fault.delay)
            return yield* apply(request, path)
          case "DropBeforeApply":
            return SimulatorReply.Drop({ reason: "connection dropped by the simulator before applying the request" })
          case "DropAfterApply":
            yield* apply(request, path)
            return SimulatorReply.Drop({ reason: "connection dropped by the simulator after applying the request" })
        }
      }).pipe(
        Effect.catchAllDefect((defect) =>
          Effect.succeed(
            errors(500, `Internal simulator error: ${defect instanceof Error ? defect.message : String(defect)}`)
          )
        )
      )

    return {
      apps,
      handle,
      injectFault: (fault, faultOptions) =>
        Ref.update(faults, (pending) => [
          ...pending,
          { fault, route: faultOptions?.route, remaining: Math.max(1, Math.floor(faultOptions?.times ?? 1)) }
        ]),
      addUser: (user) => Ref.update(state, (s) => ({ ...s, users: [...s.users, withApp(user)] })),
      notifications: (appId) =>
        Effect.map(
          Ref.get(state),
          (s) => appId === undefined ? s.notifications : s.notifications.filter((n) => n.appId === appId)
        ),
      requests: Ref.get(received),
      reset: Effect.all([Ref.set(state, initialState), Ref.set(faults, []), Ref.set(received, [])], {
        discard: true
      })
    } satisfies SimulatorService
  })

// -----------------------------------------------------------------------------
// HttpClient adapter and layers
// -----------------------------------------------------------------------------

/**
 * Converts a simulator reply into a mock transport reply (a `Drop` becomes a
 * transport failure).
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toMockReply = (reply: SimulatorReply): MockTransport.MockReply =>
  reply._tag === "Drop"
    ? MockTransport.fail(reply.reason)
    : { status: reply.status, headers: reply.headers, body: reply.body }

/**
 * An `HttpClient` answered in memory by the simulator: a dropped connection
 * is a `RequestError` with reason `"Transport"`.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const httpClient = (simulator: SimulatorService): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    MockTransport.recordRequest(request, url).pipe(
      Effect.flatMap(simulator.handle),
      Effect.flatMap((reply) => MockTransport.toResponse(request, toMockReply(reply)))
    )
  )

/**
 * The simulator service alone, without an `HttpClient` (e.g. to serve it with
 * `SimulatorServer`).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerSimulator = (options?: SimulatorOptions): Layer.Layer<Simulator> =>
  Layer.effect(Simulator, make(options))

/**
 * A simulator and an `HttpClient` answered by it in memory.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: SimulatorOptions): Layer.Layer<HttpClient.HttpClient | Simulator> =>
  Layer.effectContext(
    Effect.map(make(options), (simulator) =>
      Context.make(Simulator, simulator).pipe(
        Context.add(HttpClient.HttpClient, httpClient(simulator))
      ))
  )

// -----------------------------------------------------------------------------
// Accessors
// -----------------------------------------------------------------------------

/**
 * Queues a fault on the `Simulator` in context.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const injectFault = (fault: Fault, options?: FaultOptions): Effect.Effect<void, never, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.injectFault(fault, options))

/**
 * Adds a user to the `Simulator` in context.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const addUser = (user: SimulatorUser): Effect.Effect<void, never, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.addUser(user))

/**
 * The notifications stored by the `Simulator` in context, oldest first.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const notifications = (appId?: string): Effect.Effect<ReadonlyArray<StoredNotification>, never, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.notifications(appId))

/**
 * The requests received by the `Simulator` in context, oldest first.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const requests: Effect.Effect<ReadonlyArray<MockTransport.RecordedRequest>, never, Simulator> = Effect
  .flatMap(Simulator, (simulator) => simulator.requests)

/**
 * Resets the `Simulator` in context to its initial state.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const reset: Effect.Effect<void, never, Simulator> = Effect.flatMap(Simulator, (simulator) => simulator.reset)
