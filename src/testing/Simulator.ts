/**
 * An in-memory OneSignal: the REST API's behaviour (keys, validation,
 * idempotency, the rules of each resource) over an in-memory store, with
 * faults on demand. Its core is one handler from a plain request to a plain
 * reply; `layer` serves it as an `HttpClient` (no socket) and
 * `SimulatorServer` serves it over loopback HTTP.
 *
 * Everything time-related goes through `Clock`, and ids come from `Random`,
 * so `TestClock` drives it and a seeded `Random` makes it reproducible.
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
import type * as Random from "effect/Random"
import * as Core from "./internal/simulator/core.js"
import { recordExport } from "./internal/simulator/exports.js"
import { notificationView as view } from "./internal/simulator/notifications.js"
import { routes } from "./internal/simulator/routes.js"
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
 * The id of the simulator's organization (for `listAuditLogs`).
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultOrganizationId = "00000000-0000-4000-8000-0000000000aa"

/**
 * How long an idempotency key is remembered: 30 days.
 *
 * @since 0.1.0
 * @category Constants
 */
export const idempotencyWindowMillis = Core.idempotencyWindowMillis

/**
 * An app of the simulator and its REST API key.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorApp {
  readonly id: string
  readonly restApiKey: string
  /** The app's name; "Simulated app" when absent. */
  readonly name?: string | undefined
}

/**
 * A subscription to create with a user.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorSubscription {
  /** Generated when absent. */
  readonly id?: string | undefined
  /** `iOSPush`, `AndroidPush`, `Email`, `SMS`, ... */
  readonly type: string
  /** Push token, email address or phone number. */
  readonly token?: string | undefined
  /** Defaults to `true`. */
  readonly enabled?: boolean | undefined
}

/**
 * A user the simulator knows from the start, by its aliases (label to id),
 * e.g. `{ aliases: { external_id: "u1" } }`. `appId` defaults to the first
 * app.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorUser {
  readonly appId?: string | undefined
  readonly aliases: Readonly<Record<string, string>>
  /** Generated when absent. */
  readonly onesignalId?: string | undefined
  /** `tags`, `language`, ... */
  readonly properties?: Readonly<Record<string, unknown>> | undefined
  readonly subscriptions?: ReadonlyArray<SimulatorSubscription> | undefined
}

/**
 * How the simulator's export files behave. The URLs that
 * `exportSubscriptions`, `exportEvents` and `getNotificationHistory` hand out
 * (`<origin>/exports/<file>.csv.gz`) are served without authorization, like
 * a pre-signed storage URL.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorExportOptions {
  /**
   * How many GETs of a file answer "not ready" (404 `NoSuchKey`, or 403
   * `AccessDenied` for a history export) before it is served. Default 1.
   */
  readonly readyAfterPolls?: number | undefined
  /**
   * Generated rows added to every export file after the rows of the store,
   * e.g. a million to measure a client's memory. Default 0.
   */
  readonly syntheticRows?: number | undefined
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
  /** The organization API key; `defaultOrganizationApiKey` when absent. */
  readonly organizationApiKey?: string | undefined
  /** The users known from the start. */
  readonly users?: ReadonlyArray<SimulatorUser> | undefined
  /** How export files behave. */
  readonly exports?: SimulatorExportOptions | undefined
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
 * What the simulator's handler answers: a response with a JSON body, raw
 * bytes (an exported file), or a dropped connection (the adapters turn it
 * into a transport failure or a destroyed socket).
 *
 * @since 0.1.0
 * @category Models
 */
export type SimulatorReply = Core.SimulatorReply

/**
 * Constructors for `SimulatorReply`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const SimulatorReply = Core.SimulatorReply

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
 * - `None`: no fault; a step of a script that lets one request through.
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
  None: {}
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
 * pattern, e.g. `"POST /notifications"` or `"GET /notifications/:id"` (any
 * route when absent); `times` defaults to 1.
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
export interface StoredNotification extends Readonly<Core.NotificationRecord> {}

/**
 * An export file the simulator handed out, with the `Clock` time (millis) of
 * every GET of it in `polls`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface StoredExport extends Readonly<Core.ExportRecord> {}

/**
 * A snapshot of everything the simulator holds, for assertions. Records are
 * copies: changing them changes nothing in the simulator.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorState {
  readonly apps: ReadonlyArray<Readonly<Core.AppRecord>>
  readonly users: ReadonlyArray<Readonly<Core.UserRecord>>
  readonly subscriptions: ReadonlyArray<Readonly<Core.SubscriptionRecord>>
  readonly notifications: ReadonlyArray<StoredNotification>
  readonly segments: ReadonlyArray<Readonly<Core.SegmentRecord>>
  readonly templates: ReadonlyArray<Readonly<Core.TemplateRecord>>
  readonly apiKeys: ReadonlyArray<Readonly<Core.ApiKeyRecord>>
  readonly customEvents: ReadonlyArray<Readonly<Core.CustomEventRecord>>
  readonly liveActivities: ReadonlyArray<Readonly<Core.LiveActivityRecord>>
  readonly auditLogs: ReadonlyArray<Readonly<Core.AuditLogRecord>>
  /** The journeys, oldest first. */
  readonly journeys: ReadonlyArray<Readonly<Core.JourneyRecord>>
  /** The export files handed out, oldest first. */
  readonly exports: ReadonlyArray<StoredExport>
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
  /** The apps the simulator was created with. */
  readonly apps: ReadonlyArray<SimulatorApp>
  /** Answers one request (records it, applies faults, then the API). Never fails. */
  readonly handle: (request: SimulatorRequest) => Effect.Effect<SimulatorReply>
  /** Queues a fault for the next matching request(s). */
  readonly injectFault: (fault: Fault, options?: FaultOptions) => Effect.Effect<void>
  /**
   * Queues a script for the requests matching `route` (a method and a
   * pattern, or `"*"` for any): the n-th of them gets the n-th fault
   * (`Fault.None()` lets one through), e.g. `[429, None, 503]` by attempt.
   */
  readonly scriptFaults: (route: string, faults: ReadonlyArray<Fault>) => Effect.Effect<void>
  /** Adds a user (with its subscriptions) the API can reach. */
  readonly addUser: (user: SimulatorUser) => Effect.Effect<void>
  /** The stored notifications, oldest first, of one app or of all. */
  readonly notifications: (appId?: string) => Effect.Effect<ReadonlyArray<StoredNotification>>
  /** A copy of everything the simulator holds. */
  readonly state: Effect.Effect<SimulatorState>
  /** Every request received, oldest first (dropped ones included). */
  readonly requests: Effect.Effect<ReadonlyArray<MockTransport.RecordedRequest>>
  /** Back to the initial state: records, idempotency keys, faults and requests forgotten, options' users restored. */
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
// Helpers
// -----------------------------------------------------------------------------

interface PendingFaults {
  readonly route: string | undefined
  /** The faults still to apply, in order. */
  readonly steps: Array<Fault>
}

const httpDate = (date: Date): string => date.toUTCString()

// The legacy base path `/api/v1` is accepted as a prefix.
const normalizePath = (path: string): string => {
  const stripped = path.startsWith("/api/v1/") ? path.slice("/api/v1".length) : path
  return stripped.length > 1 && stripped.endsWith("/") ? stripped.replace(/\/+$/, "") : stripped
}

const uuidFrom = (random: Random.Random): string => {
  const bytes: Array<number> = []
  for (let i = 0; i < 16; i++) bytes.push(Effect.runSync(random.nextIntBetween(0, 256)))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const originOf = (request: SimulatorRequest): string => {
  try {
    return new URL(request.url).origin
  } catch {
    return ""
  }
}

/**
 * The notification as `GET /notifications/{id}` answers it: the stored
 * fields plus the delivery counters, computed at `nowSeconds` (delivered
 * once `send_after` has passed, unless canceled).
 *
 * @since 0.1.0
 * @category Conversions
 */
export const notificationView = (notification: StoredNotification, nowSeconds: number): Record<string, unknown> =>
  view(notification as Core.NotificationRecord, nowSeconds)

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
    const startMillis = yield* Clock.currentTimeMillis
    const startRandom = yield* Effect.random
    const exportSettings: Core.ExportSettings = {
      readyAfterPolls: Math.max(0, Math.floor(options?.exports?.readyAfterPolls ?? 1)),
      syntheticRows: Math.max(0, Math.floor(options?.exports?.syntheticRows ?? 0))
    }

    const initialStore = (): Core.Store => {
      const store: Core.Store = {
        apps: new Map(),
        organizationApiKey: options?.organizationApiKey ?? defaultOrganizationApiKey,
        organizationId: defaultOrganizationId,
        users: new Map(),
        subscriptions: new Map(),
        notifications: [],
        segments: new Map(),
        templates: new Map(),
        apiKeys: new Map(),
        customEvents: [],
        liveActivities: new Map(),
        auditLogs: [],
        journeys: new Map(),
        idempotency: new Map(),
        exports: new Map(),
        exportSettings
      }
      for (const app of apps) {
        store.apps.set(app.id, {
          id: app.id,
          restApiKey: app.restApiKey,
          organizationId: defaultOrganizationId,
          fields: { name: app.name ?? "Simulated app" },
          createdAt: startMillis,
          updatedAt: startMillis
        })
      }
      for (const user of options?.users ?? []) insertUser(store, user, startMillis, startRandom)
      return store
    }

    const insertUser = (store: Core.Store, user: SimulatorUser, nowMillis: number, random: Random.Random): void => {
      const appId = user.appId ?? firstAppId
      const onesignalId = user.onesignalId ?? uuidFrom(random)
      store.users.set(onesignalId, {
        onesignalId,
        appId,
        aliases: { ...user.aliases },
        properties: { ...user.properties },
        createdAt: nowMillis
      })
      for (const subscription of user.subscriptions ?? []) {
        const id = subscription.id ?? uuidFrom(random)
        store.subscriptions.set(id, {
          id,
          appId,
          onesignalId,
          type: subscription.type,
          token: subscription.token,
          enabled: subscription.enabled ?? true,
          fields: {},
          createdAt: nowMillis
        })
      }
    }

    let store = initialStore()
    let faults: Array<PendingFaults> = []
    let received: Array<MockTransport.RecordedRequest> = []

    const dispatch = (
      request: SimulatorRequest,
      path: string,
      nowMillis: number,
      random: Random.Random
    ): SimulatorReply | Effect.Effect<SimulatorReply> => {
      for (const route of routes) {
        const params = MockTransport.matchRoute(route.pattern, request.method, path)
        if (params === undefined) continue
        let parsedBody: Core.Json | undefined
        const context: Core.RouteContext = {
          request,
          params,
          store,
          nowMillis,
          newId: () => uuidFrom(random),
          origin: originOf(request),
          body: () => {
            if (parsedBody !== undefined) return parsedBody
            if (request.bodyText !== undefined && request.body === undefined) {
              return Core.reject(400, "The request body is not valid JSON.")
            }
            if (request.body === undefined) return (parsedBody = {})
            if (!Core.isRecord(request.body)) return Core.reject(400, "The request body must be a JSON object.")
            return (parsedBody = request.body)
          },
          restApp: (appId) => {
            const token = Core.authorizationToken(request.headers)
            if (token === undefined || !Core.isAnyRestKey(store, token)) {
              return Core.reject(403, Core.accessDeniedMessage)
            }
            if (typeof appId !== "string" || appId === "") {
              return Core.reject(400, "app_id not found. Pass the id of your app as app_id.")
            }
            const app = store.apps.get(appId)
            if (app === undefined) return Core.reject(400, `app_id not found: there is no app with id ${appId}.`)
            if (!Core.isRestKeyOf(store, app, token)) return Core.reject(403, Core.accessDeniedMessage)
            return app
          },
          organization: () => {
            if (Core.authorizationToken(request.headers) !== store.organizationApiKey) {
              Core.reject(403, Core.organizationAccessDeniedMessage)
            }
          }
        }
        try {
          const reply = withIdempotencyHeader(route, request, nowMillis, () => route.handle(context))
          if (!Effect.isEffect(reply)) recordExport(route.operation, context, reply)
          return reply
        } catch (error) {
          if (error instanceof Core.Rejection) return error.reply
          throw error
        }
      }
      return Core.errors(404, `Not found: ${request.method} ${request.path}`)
    }

    /**
     * A request with an `Idempotency-Key` header (as `createCustomEvents`
     * sends) is answered once per key and route for 30 days; a repeat gets
     * the first answer with `Idempotent-Replayed: true`. (Only GET routes
     * answer with an `Effect`, and GETs are not keyed.)
     */
    const withIdempotencyHeader = (
      route: Core.Route,
      request: SimulatorRequest,
      nowMillis: number,
      run: () => SimulatorReply | Effect.Effect<SimulatorReply>
    ): SimulatorReply | Effect.Effect<SimulatorReply> => {
      const header = request.headers["idempotency-key"]
      if (header === undefined || header === "" || request.method === "GET") return run()
      const key = `header\u0000${route.pattern}\u0000${header}`
      const seen = store.idempotency.get(key)
      if (seen !== undefined && nowMillis - seen.atMillis < idempotencyWindowMillis) {
        return Core.respond(seen.status, seen.body, { "Idempotent-Replayed": "true" })
      }
      const reply = run()
      if (Effect.isEffect(reply)) return reply
      if (reply._tag === "Response" && reply.status < 500) {
        store.idempotency.set(key, { atMillis: nowMillis, status: reply.status, body: reply.body })
      }
      return reply
    }

    const apply = (request: SimulatorRequest, path: string): Effect.Effect<SimulatorReply> =>
      Effect.flatMap(
        Effect.all([Clock.currentTimeMillis, Effect.random]),
        ([nowMillis, random]) =>
          Effect.flatMap(
            Effect.sync(() => dispatch(request, path, nowMillis, random)),
            (reply) => Effect.isEffect(reply) ? reply : Effect.succeed(reply)
          )
      )

    const takeFault = (method: string, path: string): Fault | undefined => {
      const index = faults.findIndex((pending) =>
        pending.route === undefined || pending.route === "*" ||
        MockTransport.matchRoute(pending.route, method, path) !== undefined
      )
      const pending = faults[index]
      if (pending === undefined) return undefined
      const fault = pending.steps.shift()
      if (pending.steps.length === 0) faults = faults.filter((_, i) => i !== index)
      return fault
    }

    const handle = (request: SimulatorRequest): Effect.Effect<SimulatorReply> =>
      Effect.gen(function*() {
        received.push(request)
        const path = normalizePath(request.path)
        const fault = takeFault(request.method, path)
        if (fault === undefined) return yield* apply(request, path)
        switch (fault._tag) {
          case "None":
            return yield* apply(request, path)
          case "RateLimited":
            return Core.respond(429, { errors: ["API rate limit exceeded"] }, {
              "Retry-After": fault.retryAfter instanceof Date
                ? httpDate(fault.retryAfter)
                : String(Math.max(0, Math.ceil(fault.retryAfter)))
            })
          case "ServerError":
            return Core.errors(fault.status, `Simulated server error (${fault.status}).`)
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
            Core.errors(500, `Internal simulator error: ${defect instanceof Error ? defect.message : String(defect)}`)
          )
        )
      )

    const copy = <A>(values: Iterable<A>): ReadonlyArray<A> => Array.from(values, (value) => structuredClone(value))

    return {
      apps,
      handle,
      injectFault: (fault, faultOptions) =>
        Effect.sync(() => {
          const times = Math.max(1, Math.floor(faultOptions?.times ?? 1))
          faults.push({ route: faultOptions?.route, steps: Array.from({ length: times }, () => fault) })
        }),
      scriptFaults: (route, script) =>
        Effect.sync(() => {
          if (script.length > 0) faults.push({ route, steps: [...script] })
        }),
      addUser: (user) =>
        Effect.flatMap(
          Effect.all([Clock.currentTimeMillis, Effect.random]),
          ([nowMillis, random]) => Effect.sync(() => insertUser(store, user, nowMillis, random))
        ),
      notifications: (appId) =>
        Effect.sync(() =>
          copy(appId === undefined ? store.notifications : store.notifications.filter((n) => n.appId === appId))
        ),
      state: Effect.sync(() => ({
        apps: copy(store.apps.values()),
        users: copy(store.users.values()),
        subscriptions: copy(store.subscriptions.values()),
        notifications: copy(store.notifications),
        segments: copy(store.segments.values()),
        templates: copy(store.templates.values()),
        apiKeys: copy(store.apiKeys.values()),
        customEvents: copy(store.customEvents),
        liveActivities: copy(store.liveActivities.values()),
        auditLogs: copy(store.auditLogs),
        journeys: copy(store.journeys.values()),
        exports: copy(store.exports.values())
      })),
      requests: Effect.sync(() => [...received]),
      reset: Effect.sync(() => {
        store = initialStore()
        faults = []
        received = []
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
    : reply._tag === "Raw"
    ? { status: reply.status, headers: reply.headers, body: reply.bytes }
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

/**
 * A simulator behind a mock transport: requests matching one of `routes`
 * get that route's reply (a fixed `MockReply` or a handler), every other
 * request is answered by the simulator. Both the `MockTransport` (every
 * request, overridden or not) and the `Simulator` are in context, e.g. to
 * make one route fail while the rest of the API behaves.
 *
 * @example
 * ```ts
 * import { MockTransport, Simulator } from "effect-onesignal/testing"
 *
 * const layer = Simulator.layerWithRoutes({
 *   "GET /apps/:app_id/users/by/:label/:id": { status: 500, body: { errors: ["boom"] } }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerWithRoutes = (
  routes: MockTransport.Routes,
  options?: SimulatorOptions
): Layer.Layer<HttpClient.HttpClient | MockTransport.MockTransport | Simulator> =>
  Layer.effectContext(
    Effect.gen(function*() {
      const simulator = yield* make(options)
      const entries = Object.entries(routes)
      const hits = new Map<string, number>()
      const transport = yield* MockTransport.make((request) => {
        const path = normalizePath(request.path)
        for (const [pattern, route] of entries) {
          const params = MockTransport.matchRoute(pattern, request.method, path)
          if (params === undefined) continue
          if (typeof route !== "function") return route
          const index = hits.get(pattern) ?? 0
          hits.set(pattern, index + 1)
          return route({ ...request, params }, index)
        }
        return Effect.map(simulator.handle(request), toMockReply)
      })
      return Context.make(Simulator, simulator).pipe(
        Context.add(MockTransport.MockTransport, transport),
        Context.add(HttpClient.HttpClient, transport.client)
      )
    })
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
 * Queues a fault script on the `Simulator` in context: the n-th request
 * matching `route` gets the n-th fault (`Fault.None()` lets one through).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const scriptFaults = (route: string, faults: ReadonlyArray<Fault>): Effect.Effect<void, never, Simulator> =>
  Effect.flatMap(Simulator, (simulator) => simulator.scriptFaults(route, faults))

/**
 * A copy of everything the `Simulator` in context holds.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const state: Effect.Effect<SimulatorState, never, Simulator> = Effect.flatMap(
  Simulator,
  (simulator) => simulator.state
)

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
