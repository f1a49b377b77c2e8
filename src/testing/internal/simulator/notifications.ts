/**
 * The simulator's notifications routes: create (with idempotent replay and
 * OneSignal's targeting rules), view, list (by offset, newest first, or by
 * the `time_offset` cursor, oldest first), cancel, track an open, history
 * and event exports.
 */
import {
  errors,
  findUserByAlias,
  idempotencyWindowMillis,
  isRecord,
  type Json,
  type NotificationRecord,
  ok,
  parseNonNegativeInt,
  reject,
  respond,
  type Route,
  type RouteContext,
  seconds,
  type SimulatorReply,
  type Store
} from "./core.js"

export const noTargetingMessage =
  "You must include which players, segments, or tags you wish to send this notification to."

export const notSubscribedMessage = "All included players are not subscribed"

const notificationNotFound = (): never => reject(404, "Notification not found")

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

const parseSendAfter = (value: unknown): number | undefined | "invalid" => {
  if (value === undefined || value === null || value === "") return undefined
  if (typeof value !== "string") return "invalid"
  const millis = Date.parse(value)
  return Number.isNaN(millis) ? "invalid" : Math.floor(millis / 1000)
}

/**
 * The notification as `GET /notifications/{id}` answers it: the stored
 * fields plus the delivery counters, computed at `nowSeconds` (delivered
 * once `send_after` has passed, unless canceled).
 */
export const notificationView = (notification: NotificationRecord, nowSeconds: number): Json => {
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

const findNotification = (store: Store, appId: string, id: string): NotificationRecord =>
  store.notifications.find((n) => n.id === id && n.appId === appId) ?? notificationNotFound()

/** How many subscriptions of the given channel the users reached by `include_aliases` have. */
const recipientsOfAliases = (
  context: RouteContext,
  appId: string,
  aliases: Json
): { readonly known: number; readonly total: number; readonly invalid: Record<string, Array<string>> | undefined } => {
  let known = 0
  let total = 0
  let invalid: Record<string, Array<string>> | undefined
  for (const [label, ids] of Object.entries(aliases)) {
    if (!Array.isArray(ids)) reject(400, `include_aliases.${label} must be an array of ids.`)
    for (const aliasId of ids as Array<unknown>) {
      total++
      const user = typeof aliasId === "string" ? findUserByAlias(context.store, appId, label, aliasId) : undefined
      if (user !== undefined) {
        known++
      } else {
        invalid ??= {}
        ;(invalid[label] ??= []).push(String(aliasId))
      }
    }
  }
  return { known, total, invalid }
}

const create = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(body["app_id"])
  const { nowMillis, store } = context
  const rawKey = body["idempotency_key"] ?? body["external_id"]
  const key = typeof rawKey === "string" && rawKey !== "" ? `notification\u0000${app.id}\u0000${rawKey}` : undefined
  if (key !== undefined) {
    const seen = store.idempotency.get(key)
    if (seen !== undefined && nowMillis - seen.atMillis < idempotencyWindowMillis) {
      return respond(seen.status, seen.body, { "Idempotent-Replayed": "true" })
    }
  }
  const remember = (status: number, responseBody: unknown): SimulatorReply => {
    if (key !== undefined) store.idempotency.set(key, { atMillis: nowMillis, status, body: responseBody })
    return respond(status, responseBody)
  }

  if (!hasTargeting(body)) return errors(400, noTargetingMessage)
  const nowSeconds = seconds(nowMillis)
  const sendAfter = parseSendAfter(body["send_after"])
  if (sendAfter === "invalid") return errors(400, "send_after is not a valid date.")

  let recipients = 0
  let invalidAliases: Record<string, Array<string>> | undefined
  const aliases = body["include_aliases"]
  if (aliases !== undefined && aliases !== null) {
    if (!isRecord(aliases)) return errors(400, "include_aliases must be an object of alias label to ids.")
    const channel = body["target_channel"]
    if (channel === undefined || channel === null || channel === "") {
      return errors(400, "target_channel is required when include_aliases is used: one of push, email or sms.")
    }
    if (channel !== "push" && channel !== "email" && channel !== "sms") {
      return errors(400, `target_channel must be push, email or sms (got ${JSON.stringify(channel)}).`)
    }
    const { invalid, known, total } = recipientsOfAliases(context, app.id, aliases)
    if (total > 0 && known === 0) return remember(200, { id: "", errors: [notSubscribedMessage] })
    recipients += known
    invalidAliases = invalid
  }
  for (const field of ["include_subscription_ids", "include_player_ids"]) {
    const ids = body[field]
    if (Array.isArray(ids)) recipients += ids.length
  }

  const id = context.newId()
  store.notifications.push({
    id,
    appId: app.id,
    fields: body,
    queuedAt: nowSeconds,
    sendAfter: sendAfter ?? nowSeconds,
    recipients,
    canceled: false,
    converted: 0
  })
  const externalId = typeof body["external_id"] === "string" ? body["external_id"] : null
  return remember(
    200,
    invalidAliases === undefined
      ? { id, external_id: externalId }
      : { id, external_id: externalId, errors: { invalid_aliases: invalidAliases } }
  )
}

const view = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.request.query["app_id"])
  const found = findNotification(context.store, app.id, context.params["notification_id"]!)
  return ok(notificationView(found, seconds(context.nowMillis)))
}

/** A place in the `time_offset` walk: after the message stored at `index` with `send_after` = `sendAfter`. */
interface TimePosition {
  /** Unix seconds. */
  readonly sendAfter: number
  /** Index in the store (the order of creation), breaking ties of `send_after`; -1 before all of them. */
  readonly index: number
}

const invalidTimeOffset = (): never =>
  reject(400, "time_offset must be an ISO 8601 time or a next_time_offset this API handed out.")

// Cursors are base64 of ASCII JSON, so `btoa` / `atob` suffice.
const encodeTimeOffset = (position: TimePosition): string =>
  btoa(JSON.stringify({ s: position.sendAfter, i: position.index }))

/**
 * A `next_time_offset` this route handed out, or an ISO 8601 time: the
 * messages sent at or after it come next.
 */
const decodeTimeOffset = (text: string): TimePosition => {
  try {
    const parsed: unknown = JSON.parse(atob(text))
    if (isRecord(parsed) && Number.isInteger(parsed["s"]) && Number.isInteger(parsed["i"])) {
      return { sendAfter: parsed["s"] as number, index: parsed["i"] as number }
    }
  } catch {
    // Not a cursor: maybe a time.
  }
  const millis = Date.parse(text)
  return Number.isNaN(millis) ? invalidTimeOffset() : { sendAfter: Math.ceil(millis / 1000), index: -1 }
}

/**
 * `GET /notifications` with `time_offset`: the messages after the cursor,
 * oldest `send_after` first (creation order among equal times), and the
 * cursor of the last one as `next_time_offset` (the request's own place when
 * the page is empty, so a sequential pull can resume from it later). Only
 * the messages of `appId` count (none when it is `undefined`).
 */
const listByTime = (
  context: RouteContext,
  appId: string | undefined,
  limit: number,
  timeOffset: string
): SimulatorReply => {
  const { query } = context.request
  if (query["offset"] !== undefined && query["offset"] !== "") {
    return errors(400, "offset cannot be used with time_offset.")
  }
  const from = decodeTimeOffset(timeOffset)
  const { notifications } = context.store
  const after: Array<TimePosition> = []
  let total = 0
  for (let index = 0; index < notifications.length; index++) {
    const n = notifications[index]!
    if (n.appId !== appId) continue
    total++
    if (n.sendAfter > from.sendAfter || (n.sendAfter === from.sendAfter && index > from.index)) {
      after.push({ sendAfter: n.sendAfter, index })
    }
  }
  after.sort((a, b) => a.sendAfter - b.sendAfter || a.index - b.index)
  const page = after.slice(0, limit)
  const nowSeconds = seconds(context.nowMillis)
  return ok({
    total_count: total,
    limit,
    time_offset: timeOffset,
    next_time_offset: encodeTimeOffset(page[page.length - 1] ?? from),
    notifications: page.map((position) => notificationView(notifications[position.index]!, nowSeconds))
  })
}

const list = (context: RouteContext): SimulatorReply => {
  const { query } = context.request
  const app = context.restApp(query["app_id"])
  const limit = Math.min(parseNonNegativeInt(query["limit"]) ?? 50, 50)
  const kind = query["kind"]
  // Everything the simulator stores was created through the API (kind 1):
  // asking for another kind matches no app.
  const appIdOfKind = kind === undefined || kind === "" || kind === "1" ? app.id : undefined
  const timeOffset = query["time_offset"]
  if (timeOffset !== undefined && timeOffset !== "") return listByTime(context, appIdOfKind, limit, timeOffset)
  const offset = parseNonNegativeInt(query["offset"]) ?? 0
  const all = context.store.notifications.filter((n) => n.appId === appIdOfKind).reverse()
  const nowSeconds = seconds(context.nowMillis)
  return ok({
    total_count: all.length,
    offset,
    limit,
    notifications: all.slice(offset, offset + limit).map((n) => notificationView(n, nowSeconds))
  })
}

const cancel = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.request.query["app_id"])
  findNotification(context.store, app.id, context.params["notification_id"]!).canceled = true
  return ok({ success: true })
}

const trackOpen = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(body["app_id"] ?? context.request.query["app_id"])
  const found = findNotification(context.store, app.id, context.params["notification_id"]!)
  if (body["opened"] === true) found.converted++
  return ok({ success: true })
}

const history = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(body["app_id"] ?? context.request.query["app_id"])
  const events = body["events"]
  if (events !== "sent" && events !== "clicked") return errors(400, "events must be \"sent\" or \"clicked\".")
  const id = context.params["notification_id"]!
  findNotification(context.store, app.id, id)
  return ok({ success: true, destination_url: `${context.origin}/exports/history-${id}.csv.gz` })
}

const exportEvents = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(context.request.query["app_id"] ?? body["app_id"])
  const id = context.params["notification_id"]!
  findNotification(context.store, app.id, id)
  return ok({ csv_file_url: `${context.origin}/exports/events-${id}.csv.gz` })
}

export const routes: ReadonlyArray<Route> = [
  { pattern: "POST /notifications", handle: create },
  { pattern: "GET /notifications", handle: list },
  { pattern: "GET /notifications/:notification_id", handle: view },
  { pattern: "DELETE /notifications/:notification_id", handle: cancel },
  { pattern: "PUT /notifications/:notification_id", handle: trackOpen },
  { pattern: "POST /notifications/:notification_id/history", handle: history },
  { pattern: "POST /notifications/:notification_id/export_events", handle: exportEvents }
]
