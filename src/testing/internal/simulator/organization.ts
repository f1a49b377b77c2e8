/**
 * The simulator's organization routes (organization API key): apps, the
 * API keys of an app, and the organization's audit log.
 *
 * An app made here gets its own REST API key (shown as `basic_auth_key`),
 * and an API key made here authorizes REST calls for its app until it is
 * deleted or rotated. Every change made here is recorded in the audit log,
 * without any key secret.
 */
import {
  type ApiKeyRecord,
  type AppRecord,
  type AuditLogRecord,
  isRecord,
  type Json,
  ok,
  reject,
  type Handlers,
  type RouteContext,
  type SimulatorReply,
  type Store
} from "./core.js"
import { booleanRule, type FieldRule, nullableRule, oneOfRule, stringArrayRule, stringRule } from "./fields.js"
import { pickFields } from "./players.js"

const iso = (millis: number): string => new Date(millis).toISOString()

/** RFC 3339 to the second, as the audit log shows times (e.g. `2026-02-18T12:34:56Z`). */
const rfc3339 = (millis: number): string => iso(millis).replace(/\.\d{3}Z$/, "Z")

/** A new secret: a REST API key or an API key token. */
const newSecret = (context: RouteContext, prefix: string): string =>
  `${prefix}${context.newId().replace(/-/g, "")}${context.newId().replace(/-/g, "")}`

// -----------------------------------------------------------------------------
// Audit log
// -----------------------------------------------------------------------------

/** Who made the changes the simulator records: the organization API key. */
const organizationKeyActor: Json = { type: "api_key", name: "Organization API key" }

/** The request context of an audit event: the user agent and the client IP, when the request tells them. */
const requestContext = (context: RouteContext): Json => {
  const { headers } = context.request
  const forwarded = headers["x-forwarded-for"]?.split(",")[0]?.trim() ?? headers["x-real-ip"]
  return {
    ...(headers["user-agent"] !== undefined ? { user_agent: headers["user-agent"] } : {}),
    ...(forwarded !== undefined && forwarded !== "" ? { ip: forwarded } : {})
  }
}

/**
 * Appends an audit event (`AuditLogEvent` fields; the id, organization and
 * time are kept on the record). Callers pass names and ids only, never a
 * key secret or a credential field's value.
 */
const audit = (
  context: RouteContext,
  event: {
    readonly action: string
    readonly appId: string
    readonly target: Json
    readonly metadata?: Json
  }
): void => {
  context.store.auditLogs.push({
    id: context.newId(),
    organizationId: context.store.organizationId,
    createdAt: context.nowMillis,
    fields: {
      action: event.action,
      actor: organizationKeyActor,
      app_id: event.appId,
      context: requestContext(context),
      metadata: event.metadata ?? {},
      targets: [event.target],
      version: 1
    }
  })
}

/** An audit record as `listAuditLogs` answers it (`AuditLogEvent`). */
const auditLogView = (record: AuditLogRecord): Json => ({
  ...record.fields,
  id: record.id,
  organization_id: record.organizationId,
  occurred_at: rfc3339(record.createdAt)
})

// -----------------------------------------------------------------------------
// Apps
// -----------------------------------------------------------------------------

const nullableString = nullableRule(stringRule)

/** The fields of an app a request may set, with their types (as `App.md` gives them). */
const appRules: Readonly<Record<string, FieldRule>> = {
  name: stringRule,
  android_gcm_sender_id: stringRule,
  gcm_key: nullableString,
  chrome_web_origin: nullableString,
  chrome_key: nullableString,
  chrome_web_default_notification_icon: nullableString,
  chrome_web_sub_domain: nullableString,
  apns_env: nullableRule(oneOfRule(["sandbox", "production"])),
  apns_p12: stringRule,
  apns_p12_password: stringRule,
  safari_apns_p12: stringRule,
  safari_apns_p12_password: stringRule,
  apns_key_id: nullableString,
  apns_team_id: nullableString,
  apns_bundle_id: nullableString,
  apns_p8: nullableString,
  safari_site_origin: nullableString,
  safari_icon_256_256: stringRule,
  site_name: nullableString,
  organization_id: stringRule,
  additional_data_is_root_payload: booleanRule
}

/** Credential fields: stored, never answered (nor named with their values in the audit log). */
const credentialFields = new Set([
  "gcm_key",
  "chrome_key",
  "apns_p12",
  "apns_p12_password",
  "safari_apns_p12",
  "safari_apns_p12_password",
  "apns_p8"
])

/**
 * An app as the API answers it (`App`): its settings without the
 * credentials, its counters, timestamps and REST API key (`basic_auth_key`).
 */
const appView = (store: Store, app: AppRecord): Json => {
  let players = 0
  let messageable = 0
  for (const subscription of store.subscriptions.values()) {
    if (subscription.appId !== app.id) continue
    players++
    if (subscription.enabled) messageable++
  }
  const settings: Json = {}
  for (const [name, value] of Object.entries(app.fields)) {
    if (!credentialFields.has(name)) settings[name] = value
  }
  return {
    ...settings,
    id: app.id,
    organization_id: app.organizationId,
    players,
    messageable_players: messageable,
    created_at: iso(app.createdAt),
    updated_at: iso(app.updatedAt),
    basic_auth_key: app.restApiKey
  }
}

/** The checked fields of an app body; the organization, when given, must be the simulator's. */
const appFields = (context: RouteContext, body: Json): Json => {
  const fields = pickFields(body, appRules)
  const name = fields["name"]
  if (name !== undefined && (name as string).trim() === "") reject(400, "name must not be empty.")
  const organizationId = fields["organization_id"]
  if (organizationId !== undefined && organizationId !== context.store.organizationId) {
    reject(400, `organization_id ${String(organizationId)} is not the organization of this API key.`)
  }
  delete fields["organization_id"]
  return fields
}

const appNotFound = (): never => reject(404, "App not found")

const findApp = (context: RouteContext): AppRecord => {
  const app = context.store.apps.get(context.params["app_id"]!)
  return app !== undefined && app.organizationId === context.store.organizationId ? app : appNotFound()
}

const appTarget = (app: AppRecord): Json => ({
  type: "app",
  id: app.id,
  ...(typeof app.fields["name"] === "string" ? { name: app.fields["name"] } : {})
})

const listApps = (context: RouteContext): SimulatorReply => {
  context.organization()
  const { store } = context
  return ok(
    Array.from(store.apps.values())
      .filter((app) => app.organizationId === store.organizationId)
      .map((app) => appView(store, app))
  )
}

const viewApp = (context: RouteContext): SimulatorReply => {
  context.organization()
  return ok(appView(context.store, findApp(context)))
}

const createApp = (context: RouteContext): SimulatorReply => {
  context.organization()
  const body = context.body()
  if (typeof body["name"] !== "string" || body["name"].trim() === "") {
    return reject(400, "name is required: the app's name, as the dashboard lists it.")
  }
  const fields = appFields(context, body)
  const { nowMillis, store } = context
  const app: AppRecord = {
    id: context.newId(),
    restApiKey: newSecret(context, "sim_rest_"),
    organizationId: store.organizationId,
    fields,
    createdAt: nowMillis,
    updatedAt: nowMillis
  }
  store.apps.set(app.id, app)
  audit(context, { action: "app.created", appId: app.id, target: appTarget(app) })
  return ok(appView(store, app))
}

const updateApp = (context: RouteContext): SimulatorReply => {
  context.organization()
  const app = findApp(context)
  const fields = appFields(context, context.body())
  app.fields = { ...app.fields, ...fields }
  app.updatedAt = context.nowMillis
  audit(context, {
    action: "app.updated",
    appId: app.id,
    target: appTarget(app),
    metadata: { changed_fields: Object.keys(fields) }
  })
  return ok(appView(context.store, app))
}

// -----------------------------------------------------------------------------
// API keys
// -----------------------------------------------------------------------------

const apiKeyRules: Readonly<Record<string, FieldRule>> = {
  name: stringRule,
  ip_allowlist_mode: oneOfRule(["disabled", "explicit"]),
  ip_allowlist: stringArrayRule
}

/** The checked settings of an API key body, merged over `current`. */
const apiKeySettings = (body: Json, current: Json): Json => {
  const settings = { ...current, ...pickFields(body, apiKeyRules) }
  const allowlist = settings["ip_allowlist"]
  if (settings["ip_allowlist_mode"] === "explicit" && (!Array.isArray(allowlist) || allowlist.length === 0)) {
    reject(400, "ip_allowlist must list at least one address when ip_allowlist_mode is explicit.")
  }
  return settings
}

/** A key as `viewApiKeys` lists it (`ApiKeyToken`): never its secret. */
const apiKeyView = (key: ApiKeyRecord): Json => ({
  ...key.fields,
  token_id: key.id,
  created_at: iso(key.createdAt),
  updated_at: iso(key.updatedAt)
})

const findApiKey = (context: RouteContext, app: AppRecord): ApiKeyRecord => {
  const key = context.store.apiKeys.get(context.params["token_id"]!)
  return key !== undefined && key.appId === app.id ? key : reject(404, "API key not found")
}

const apiKeyTarget = (key: ApiKeyRecord): Json => ({
  type: "api_key",
  id: key.id,
  ...(typeof key.fields["name"] === "string" ? { name: key.fields["name"] } : {})
})

const apiKeySecretPrefix = "os_v2_app_"

const viewApiKeys = (context: RouteContext): SimulatorReply => {
  context.organization()
  const app = findApp(context)
  const tokens: Array<Json> = []
  for (const key of context.store.apiKeys.values()) {
    if (key.appId === app.id) tokens.push(apiKeyView(key))
  }
  return ok({ tokens })
}

const createApiKey = (context: RouteContext): SimulatorReply => {
  context.organization()
  const app = findApp(context)
  const settings = apiKeySettings(context.body(), { ip_allowlist_mode: "disabled", ip_allowlist: [] })
  const key: ApiKeyRecord = {
    id: context.newId(),
    appId: app.id,
    secret: newSecret(context, apiKeySecretPrefix),
    fields: settings,
    createdAt: context.nowMillis,
    updatedAt: context.nowMillis
  }
  context.store.apiKeys.set(key.id, key)
  audit(context, {
    action: "api_key.created",
    appId: app.id,
    target: apiKeyTarget(key),
    metadata: { ip_allowlist_mode: settings["ip_allowlist_mode"] }
  })
  return ok({ token_id: key.id, formatted_token: key.secret })
}

const updateApiKey = (context: RouteContext): SimulatorReply => {
  context.organization()
  const app = findApp(context)
  const key = findApiKey(context, app)
  const body = context.body()
  key.fields = apiKeySettings(body, key.fields)
  key.updatedAt = context.nowMillis
  audit(context, {
    action: "api_key.updated",
    appId: app.id,
    target: apiKeyTarget(key),
    metadata: { changed_fields: Object.keys(pickFields(body, apiKeyRules)) }
  })
  return ok(apiKeyView(key))
}

const deleteApiKey = (context: RouteContext): SimulatorReply => {
  context.organization()
  const app = findApp(context)
  const key = findApiKey(context, app)
  context.store.apiKeys.delete(key.id)
  audit(context, { action: "api_key.deleted", appId: app.id, target: apiKeyTarget(key) })
  return ok({ success: true })
}

const rotateApiKey = (context: RouteContext): SimulatorReply => {
  context.organization()
  const app = findApp(context)
  const key = findApiKey(context, app)
  key.secret = newSecret(context, apiKeySecretPrefix)
  key.updatedAt = context.nowMillis
  audit(context, { action: "api_key.rotated", appId: app.id, target: apiKeyTarget(key) })
  return ok({ token_id: key.id, formatted_token: key.secret })
}

// -----------------------------------------------------------------------------
// Audit log listing
// -----------------------------------------------------------------------------

/** The page size when `limit` is absent; `limit` is clamped to 1..100 as the API does. */
const defaultAuditLogLimit = 100
const maxAuditLogLimit = 100
/** How far back `start_time` may go: 90 days. */
const auditLogWindowMillis = 90 * 24 * 60 * 60 * 1000

/** The filters of `listAuditLogs` and how many values each accepts. */
const auditLogFilters = {
  app_ids: 10,
  actions: 20,
  actor_ids: 10,
  actor_emails: 10,
  target_types: 10,
  target_ids: 10,
  ip_addresses: 10
} as const

type AuditLogFilter = keyof typeof auditLogFilters

/** What a cursor carries: the time range of the first page and the last event handed out. */
interface AuditLogCursor {
  readonly start: number
  readonly end: number
  readonly after: string
}

// Cursors are base64 of ASCII JSON (ids are UUIDs), so `btoa` / `atob` suffice.
const encodeCursor = (cursor: AuditLogCursor): string => btoa(JSON.stringify(cursor))

const decodeCursor = (text: string): AuditLogCursor => {
  try {
    const parsed: unknown = JSON.parse(atob(text))
    if (
      isRecord(parsed) && typeof parsed["start"] === "number" && typeof parsed["end"] === "number" &&
      typeof parsed["after"] === "string"
    ) {
      return { start: parsed["start"], end: parsed["end"], after: parsed["after"] }
    }
  } catch {
    // Not base64 JSON: rejected below.
  }
  return reject(400, "cursor is not a cursor this API handed out (pass next_cursor as it came).")
}

/** Every value of a repeated query parameter (`app_ids=a&app_ids=b`). */
const queryValues = (context: RouteContext, name: string): ReadonlyArray<string> => {
  try {
    return new URL(context.request.url).searchParams.getAll(name).filter((value) => value !== "")
  } catch {
    const single = context.request.query[name]
    return single === undefined || single === "" ? [] : [single]
  }
}

const parseTime = (name: string, text: string): number => {
  const millis = Date.parse(text)
  return Number.isNaN(millis) ? reject(400, `${name} must be an ISO 8601 time (e.g. 2026-02-01T00:00:00Z).`) : millis
}

const stringsOf = (value: unknown): Array<string> => (typeof value === "string" ? [value] : [])

/** The values an event offers to each filter. */
const filterValues = (record: AuditLogRecord, filter: AuditLogFilter): Array<string> => {
  const fields = record.fields
  const actor = isRecord(fields["actor"]) ? fields["actor"] : {}
  const context = isRecord(fields["context"]) ? fields["context"] : {}
  const targets = Array.isArray(fields["targets"]) ? fields["targets"].filter(isRecord) : []
  switch (filter) {
    case "app_ids":
      return stringsOf(fields["app_id"])
    case "actions":
      return stringsOf(fields["action"])
    case "actor_ids":
      return stringsOf(actor["id"])
    case "actor_emails":
      return stringsOf(actor["email"])
    case "target_types":
      return targets.flatMap((target) => stringsOf(target["type"]))
    case "target_ids":
      return targets.flatMap((target) => stringsOf(target["id"]))
    case "ip_addresses":
      return stringsOf(context["ip"])
  }
}

const listAuditLogs = (context: RouteContext): SimulatorReply => {
  context.organization()
  const { query } = context.request
  const { nowMillis, store } = context
  if (context.params["organization_id"] !== store.organizationId) return reject(404, "Organization not found")

  const filters = new Map<AuditLogFilter, ReadonlyArray<string>>()
  for (const [filter, max] of Object.entries(auditLogFilters) as Array<[AuditLogFilter, number]>) {
    const values = queryValues(context, filter)
    if (values.length > max) reject(400, `${filter} accepts at most ${max} values.`)
    if (values.length > 0) filters.set(filter, values)
  }
  const requestedLimit = query["limit"] === undefined ? undefined : Number(query["limit"])
  if (requestedLimit !== undefined && !Number.isInteger(requestedLimit)) reject(400, "limit must be an integer.")
  const limit = Math.min(Math.max(requestedLimit ?? defaultAuditLogLimit, 1), maxAuditLogLimit)

  let range: { readonly start: number; readonly end: number }
  let from = 0
  const cursorText = query["cursor"]
  if (cursorText !== undefined && cursorText !== "") {
    const cursor = decodeCursor(cursorText)
    range = cursor
    from = store.auditLogs.findIndex((record) => record.id === cursor.after) + 1
    if (from === 0) reject(400, "cursor is not a cursor this API handed out (pass next_cursor as it came).")
  } else {
    const startText = query["start_time"]
    if (startText === undefined || startText === "") {
      return reject(400, "start_time is required unless cursor is given.")
    }
    const start = parseTime("start_time", startText)
    const endText = query["end_time"]
    if (start < nowMillis - auditLogWindowMillis) reject(400, "start_time must be within the last 90 days.")
    if (endText === undefined || endText === "") {
      range = { start, end: nowMillis }
    } else {
      const end = parseTime("end_time", endText)
      if (end <= start) reject(400, "end_time must be after start_time.")
      range = { start, end }
    }
  }

  const matches = (record: AuditLogRecord): boolean => {
    if (record.organizationId !== store.organizationId) return false
    if (record.createdAt < range.start || record.createdAt > range.end) return false
    for (const [filter, wanted] of filters) {
      const offered = filterValues(record, filter)
      // Organization-level events (no app) pass the app filter.
      if (filter === "app_ids" && offered.length === 0) continue
      if (!offered.some((value) => wanted.includes(value))) return false
    }
    return true
  }

  // The store appends in order of occurrence, so this is `occurred_at` ascending.
  const page: Array<AuditLogRecord> = []
  let hasMore = false
  for (let i = from; i < store.auditLogs.length; i++) {
    const record = store.auditLogs[i]!
    if (!matches(record)) continue
    if (page.length === limit) {
      hasMore = true
      break
    }
    page.push(record)
  }
  const last = page[page.length - 1]
  return ok({
    audit_logs: page.map(auditLogView),
    has_more: hasMore,
    ...(hasMore && last !== undefined
      ? { next_cursor: encodeCursor({ start: range.start, end: range.end, after: last.id }) }
      : {})
  })
}

export const handlers: Handlers = {
  getApps: listApps,
  createApp,
  getApp: viewApp,
  updateApp,
  viewApiKeys,
  createApiKey,
  updateApiKey,
  deleteApiKey,
  rotateApiKey,
  listAuditLogs
}
