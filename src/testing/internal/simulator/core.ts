/**
 * The simulator's core: its store (plain mutable records, changed only by
 * synchronous route handlers, so every request applies atomically), the
 * reply helpers, authorization, and the route type the resource modules
 * implement.
 *
 * A handler is a plain function from a `RouteContext` to a reply. It rejects
 * a request by throwing `Rejection` (through `reject`), which the dispatcher
 * turns into the reply; any other exception becomes a 500.
 */
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import type * as Journeys from "../../../Journeys.js"
import type * as MockTransport from "../../MockTransport.js"

// -----------------------------------------------------------------------------
// Replies
// -----------------------------------------------------------------------------

/**
 * What the simulator's handler answers: a response (a JSON body, or raw
 * bytes such as a gzipped CSV), or a dropped connection.
 */
export type SimulatorReply = Data.TaggedEnum<{
  Response: {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly body: unknown
  }
  Raw: {
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    readonly bytes: Uint8Array
  }
  Drop: {
    readonly reason: string
  }
}>

export const SimulatorReply = Data.taggedEnum<SimulatorReply>()

export type Json = Record<string, unknown>

/** A reply with a JSON body. */
export const respond = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): SimulatorReply =>
  SimulatorReply.Response({ status, headers, body })

export const ok = (body: unknown, headers: Readonly<Record<string, string>> = {}): SimulatorReply =>
  respond(200, body, headers)

/** OneSignal's most common error body: `{ "errors": [messages] }`. */
export const errors = (status: number, ...messages: ReadonlyArray<string>): SimulatorReply =>
  respond(status, { errors: messages })

/** Thrown by a handler to answer with `reply` instead of going on. */
export class Rejection {
  constructor(readonly reply: SimulatorReply) {}
}

/** Stops the handler and answers `{ "errors": [messages] }` with `status`. */
export const reject = (status: number, ...messages: ReadonlyArray<string>): never => {
  throw new Rejection(errors(status, ...messages))
}

/** Stops the handler and answers `reply`. */
export const rejectWith = (reply: SimulatorReply): never => {
  throw new Rejection(reply)
}

export const accessDeniedMessage =
  "Access denied. Send an 'Authorization: Key <token>' header carrying the REST API key of the app this request is for."

export const organizationAccessDeniedMessage =
  "Access denied. Send an 'Authorization: Key <token>' header carrying your Organization API key."

// -----------------------------------------------------------------------------
// Records
// -----------------------------------------------------------------------------

/** An app: its REST API key and the fields of OneSignal's `App` model. */
export interface AppRecord {
  readonly id: string
  restApiKey: string
  organizationId: string
  /** `name` and the other `App` fields, as last written. */
  fields: Json
  readonly createdAt: number
  updatedAt: number
}

/** A user (OneSignal's user model): aliases, properties, subscriptions. */
export interface UserRecord {
  /** The `onesignal_id` alias. */
  readonly onesignalId: string
  readonly appId: string
  /** Alias label to id, `onesignal_id` excluded (it is implicit). */
  aliases: Record<string, string>
  /** `tags`, `language`, `timezone_id`, `country`, ... as last written. */
  properties: Json
  readonly createdAt: number
}

/** A subscription (push, email, SMS); the legacy "player" of the same id. */
export interface SubscriptionRecord {
  readonly id: string
  readonly appId: string
  /** The user it belongs to (`onesignal_id`); legacy players may have none. */
  onesignalId: string | undefined
  /** `iOSPush`, `AndroidPush`, `Email`, `SMS`, ... */
  type: string
  /** Push token, email address or phone number. */
  token: string | undefined
  enabled: boolean
  /** The other fields of the subscription / player, as last written. */
  fields: Json
  readonly createdAt: number
}

/** A notification the simulator stored. */
export interface NotificationRecord {
  readonly id: string
  readonly appId: string
  /** The request body fields, as received. */
  readonly fields: Json
  /** Unix seconds. */
  readonly queuedAt: number
  /** Unix seconds; `queuedAt` unless the request had a `send_after`. */
  readonly sendAfter: number
  /** How many recipients the targeting resolved to (0 when unknown, e.g. segments). */
  readonly recipients: number
  canceled: boolean
  /** Opens tracked with `PUT /notifications/{id}`. */
  converted: number
}

export interface SegmentRecord {
  readonly id: string
  readonly appId: string
  name: string
  filters: ReadonlyArray<unknown>
  fields: Json
  readonly createdAt: number
  updatedAt: number
}

export interface TemplateRecord {
  readonly id: string
  readonly appId: string
  name: string
  fields: Json
  readonly createdAt: number
  updatedAt: number
}

/** An API key made with the organization key; it also authorizes REST calls for its app. */
export interface ApiKeyRecord {
  readonly id: string
  readonly appId: string
  secret: string
  fields: Json
  readonly createdAt: number
  updatedAt: number
}

export interface CustomEventRecord {
  readonly appId: string
  /** The event as received (`name`, `external_id` / `onesignal_id`, `properties`, ...). */
  readonly fields: Json
  readonly receivedAt: number
}

export interface LiveActivityRecord {
  readonly appId: string
  readonly activityId: string
  /** Subscription id to push token, from `beginLiveActivity`. */
  tokens: Record<string, string>
  /** The start, update and end requests, in order. */
  events: Array<Json>
}

/** The states of a journey, as the API names them (the client's `JourneyState`). */
export type JourneyState = Journeys.JourneyState

/** A journey: its writable fields as last merged, its node graph (with ids), its state and times. */
export interface JourneyRecord {
  readonly id: string
  readonly appId: string
  /** `name`, `description`, `audience`, `early_exit`, `reentry_rules`, `schedule` (wire names; unset ones absent). */
  fields: Json
  /** The node graph as the API shows it: every node and branch with its `id`. */
  nodes: Array<Json>
  state: JourneyState
  readonly createdAt: number
  updatedAt: number
  startedAt: number | undefined
  archivedAt: number | undefined
  /** Bumped by every change; the `concurrency_key` is made of it. */
  revision: number
}

export interface AuditLogRecord {
  readonly id: string
  readonly organizationId: string
  readonly fields: Json
  readonly createdAt: number
}

export interface IdempotencyEntry {
  readonly atMillis: number
  readonly status: number
  readonly body: unknown
}

/** Which API call started an export file. */
export type ExportKind = "players" | "events" | "history"

/**
 * An export file started through the API (`POST /players/csv_export`,
 * `POST /notifications/{id}/export_events`, `POST /notifications/{id}/history`),
 * recorded when the simulator hands out its URL.
 */
export interface ExportRecord {
  /** The file name of the URL, e.g. `players-<uuid>.csv.gz`. */
  readonly file: string
  readonly kind: ExportKind
  readonly appId: string
  /** The message of an events or history export. */
  readonly notificationId: string | undefined
  /** `sent` or `clicked`, for a history export. */
  readonly events: string | undefined
  /** The `extra_fields` of a players export, as requested. */
  readonly extraFields: ReadonlyArray<string>
  /** The `last_active_since` of a players export (Unix seconds). */
  readonly lastActiveSince: number | undefined
  /** `Clock` millis when the export was started. */
  readonly createdAt: number
  /** `Clock` millis of every GET of the file, oldest first. */
  readonly polls: Array<number>
}

/** How export files behave (the simulator's `exports` option). */
export interface ExportSettings {
  /** How many GETs of a file answer "not ready" before it is served. */
  readonly readyAfterPolls: number
  /** Generated rows added to every export file. */
  readonly syntheticRows: number
}

/** How long an idempotency key is remembered: 30 days. */
export const idempotencyWindowMillis = 30 * 24 * 60 * 60 * 1000

/** Everything the simulator holds. */
export interface Store {
  readonly apps: Map<string, AppRecord>
  organizationApiKey: string
  readonly organizationId: string
  readonly users: Map<string, UserRecord>
  readonly subscriptions: Map<string, SubscriptionRecord>
  readonly notifications: Array<NotificationRecord>
  readonly segments: Map<string, SegmentRecord>
  readonly templates: Map<string, TemplateRecord>
  readonly apiKeys: Map<string, ApiKeyRecord>
  readonly customEvents: Array<CustomEventRecord>
  /** By `${appId}\u0000${activityId}`. */
  readonly liveActivities: Map<string, LiveActivityRecord>
  readonly auditLogs: Array<AuditLogRecord>
  readonly journeys: Map<string, JourneyRecord>
  /** By a scope (app, route) and the key. */
  readonly idempotency: Map<string, IdempotencyEntry>
  /** Export files handed out, by file name. */
  readonly exports: Map<string, ExportRecord>
  readonly exportSettings: ExportSettings
}

// -----------------------------------------------------------------------------
// Lookups shared by several resources
// -----------------------------------------------------------------------------

/** The user of an app with `label` = `id` (`onesignal_id` included). */
export const findUserByAlias = (store: Store, appId: string, label: string, id: string): UserRecord | undefined => {
  if (label === "onesignal_id") {
    const user = store.users.get(id)
    return user !== undefined && user.appId === appId ? user : undefined
  }
  for (const user of store.users.values()) {
    if (user.appId === appId && user.aliases[label] === id) return user
  }
  return undefined
}

/** A user's aliases as the API shows them, `onesignal_id` included. */
export const identityOf = (user: UserRecord): Record<string, string> => ({
  ...user.aliases,
  onesignal_id: user.onesignalId
})

/** The subscriptions of a user, oldest first. */
export const subscriptionsOf = (store: Store, user: UserRecord): Array<SubscriptionRecord> => {
  const out: Array<SubscriptionRecord> = []
  for (const subscription of store.subscriptions.values()) {
    if (subscription.onesignalId === user.onesignalId) out.push(subscription)
  }
  return out
}

export const isRecord = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

/** Unix seconds of a millisecond clock reading. */
export const seconds = (millis: number): number => Math.floor(millis / 1000)

/** A non-negative integer query parameter, or `undefined` when absent or malformed. */
export const parseNonNegativeInt = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === "") return undefined
  const n = Number(value)
  return Number.isInteger(n) && n >= 0 ? n : undefined
}

// -----------------------------------------------------------------------------
// Routes
// -----------------------------------------------------------------------------

/** A request as the simulator's handler takes it. */
export type SimulatorRequest = MockTransport.RecordedRequest

/** What a handler gets. */
export interface RouteContext {
  readonly request: SimulatorRequest
  /** The path parameters of the route pattern, percent-decoded. */
  readonly params: Readonly<Record<string, string>>
  readonly store: Store
  /** The `Clock` reading when the request arrived. */
  readonly nowMillis: number
  /** A new UUID v4, from the `Random` in context. */
  readonly newId: () => string
  /** The origin requests were sent to (for URLs the simulator hands out). */
  readonly origin: string
  /**
   * The JSON body as an object; `{}` when there is none. Rejects with 400
   * when the body is not JSON or not an object.
   */
  readonly body: () => Json
  /**
   * REST-key authorization, in the order the API checks: a known key, a
   * known `appId`, then the key belonging to that app. Rejects with 403 or
   * 400; returns the app.
   */
  readonly restApp: (appId: unknown) => AppRecord
  /** Organization-key authorization; rejects with 403. */
  readonly organization: () => void
}

/**
 * A route: `pattern` is a method and a path with `:params`, e.g.
 * `"GET /apps/:app_id/users/by/:alias_label/:alias_id"`.
 *
 * A handler changes the store synchronously. One that needs asynchronous
 * work to build its answer (compressing an export file) returns that work
 * as an `Effect`, which must not touch the store.
 */
export interface Route {
  readonly pattern: string
  /** The declared operation the route answers; absent for a route that is not one (export files). */
  readonly operation?: string | undefined
  readonly handle: Handler
}

/** How the simulator answers one operation. */
export type Handler = (context: RouteContext) => SimulatorReply | Effect.Effect<SimulatorReply>

/**
 * A route module's handlers, by the name of the operation they answer (the
 * client's declaration gives its method and route template).
 */
export type Handlers = Readonly<Record<string, Handler>>

/** The token of an `Authorization: Key|Bearer|Basic <token>` header. */
export const authorizationToken = (headers: Readonly<Record<string, string>>): string | undefined => {
  const value = headers["authorization"]
  if (value === undefined) return undefined
  const match = /^\s*(key|bearer|basic)\s+(\S+)\s*$/i.exec(value)
  return match?.[2]
}

/** Whether `token` is a REST key of `app` (its own, or one made with `createApiKey`). */
export const isRestKeyOf = (store: Store, app: AppRecord, token: string): boolean => {
  if (app.restApiKey === token) return true
  for (const key of store.apiKeys.values()) {
    if (key.appId === app.id && key.secret === token) return true
  }
  return false
}

/** Whether `token` is any REST key the simulator knows. */
export const isAnyRestKey = (store: Store, token: string): boolean => {
  for (const app of store.apps.values()) {
    if (app.restApiKey === token) return true
  }
  for (const key of store.apiKeys.values()) {
    if (key.secret === token) return true
  }
  return false
}
