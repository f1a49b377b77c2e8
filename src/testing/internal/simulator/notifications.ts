/**
 * The simulator's notifications routes: create (with idempotent replay and
 * OneSignal's targeting rules), view, list (by offset, newest first, or by
 * the `time_offset` cursor, oldest first), cancel, track an open, history
 * and event exports, and the recipient estimate of a draft message.
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
  type Handlers,
  type RouteContext,
  seconds,
  type SimulatorReply,
  type Store,
  subscriptionsOf,
  type UserRecord
} from "./core.js"
import { matchesFilters, validateFilters } from "./segments.js"

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

/** The checked stages of an Auto Warm Up campaign, as `[start, end]` in millis. */
const warmUpStages = (warmUp: unknown): ReadonlyArray<readonly [number, number]> => {
  const stages = isRecord(warmUp) ? warmUp["stages"] : undefined
  if (!Array.isArray(stages) || stages.length === 0) {
    return reject(400, "email_warm_up.stages is required with kind \"warmup\": a non-empty array of stages.")
  }
  return stages.map((stage: unknown, i) => {
    const at = `email_warm_up.stages[${i}]`
    if (!isRecord(stage)) return reject(400, `${at} must be an object.`)
    const start = typeof stage["start"] === "string" ? Date.parse(stage["start"]) : Number.NaN
    const end = typeof stage["end"] === "string" ? Date.parse(stage["end"]) : Number.NaN
    if (Number.isNaN(start) || Number.isNaN(end)) reject(400, `${at}.start and .end must be ISO 8601 date-times.`)
    if (start >= end) reject(400, `${at}.start must be before its end.`)
    if (!Number.isInteger(stage["quota"]) || (stage["quota"] as number) < 0) {
      reject(400, `${at}.quota must be a non-negative integer.`)
    }
    if ("acked" in stage) reject(400, `${at}.acked is set by OneSignal and cannot be sent.`)
    return [start, end] as const
  })
}

/**
 * For `kind: "warmup"`, the Unix seconds the campaign starts (its first
 * stage's start), after checking it as the reference describes: an email
 * with `email_warm_up` stages and no `send_after`. `undefined` for any
 * other message; a 400 for another `kind`.
 */
const warmUpStartOf = (body: Json): number | undefined => {
  const kind = body["kind"]
  if (kind === undefined || kind === null) return undefined
  if (kind !== "warmup") return reject(400, `kind must be "warmup" (got ${JSON.stringify(kind)}).`)
  if (body["send_after"] !== undefined && body["send_after"] !== null) {
    return reject(400, "send_after cannot be used with kind \"warmup\": the campaign starts at its first stage.")
  }
  const strategy = isRecord(body["email_warm_up"]) ? body["email_warm_up"]["strategy"] : undefined
  if (strategy !== undefined && strategy !== "recommended" && strategy !== "custom") {
    return reject(400, "email_warm_up.strategy must be \"recommended\" or \"custom\".")
  }
  return Math.floor(warmUpStages(body["email_warm_up"])[0]![0] / 1000)
}

/** `email_warm_up` as an answer shows it: the stages with `acked`, the strategy, the status at `nowMillis`. */
const warmUpView = (notification: NotificationRecord, nowMillis: number): Json => {
  const warmUp = notification.fields["email_warm_up"] as Json
  const stages = warmUpStages(warmUp)
  const status = notification.canceled
    ? "canceled"
    : nowMillis < stages[0]![0]
    ? "draft"
    : nowMillis < stages[stages.length - 1]![1]
    ? "active"
    : "finished"
  return {
    stages: (warmUp["stages"] as Array<Json>).map((stage, i) => ({ ...stage, acked: nowMillis >= stages[i]![0] })),
    strategy: warmUp["strategy"] ?? "recommended",
    status,
    is_live: status === "active"
  }
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
    platform_delivery_stats: {},
    ...(notification.fields["kind"] === "warmup"
      ? { email_warm_up: warmUpView(notification, nowSeconds * 1000) }
      : {})
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
  const warmUpStart = warmUpStartOf(body)
  const sendAfter = warmUpStart ?? parseSendAfter(body["send_after"])
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

// -----------------------------------------------------------------------------
// Estimated recipients
// -----------------------------------------------------------------------------

/** Segment names that stand for every user of the app unless a stored segment has that name. */
const everyoneSegments = new Set(["All", "Subscribed Users"])

const isStringArray = (u: unknown): u is ReadonlyArray<string> =>
  Array.isArray(u) && u.every((item) => typeof item === "string")

/** Whether `user` belongs to the segment named `name`: a stored segment's filters, or everyone for `All`. */
const inSegment = (store: Store, user: UserRecord, name: string): boolean => {
  for (const segment of store.segments.values()) {
    if (segment.appId === user.appId && segment.name === name) return matchesFilters(user, segment.filters)
  }
  return everyoneSegments.has(name)
}

/** Whether a subscription type belongs to a `target_channel`. */
const ofChannel = (type: string, channel: unknown): boolean => {
  switch (channel) {
    case "email":
      return type === "Email"
    case "sms":
      return type === "SMS"
    case "push":
      return type !== "Email" && type !== "SMS"
    default:
      return true
  }
}

/**
 * `POST /notifications/count-unsaved`: the enabled subscriptions of the
 * users the targeting reaches, creating nothing. `included_segments` is
 * required; excluded segments, filters, `include_aliases` and
 * `target_channel` narrow it; other fields are ignored.
 */
const countUnsaved = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(body["app_id"])
  const { store } = context
  const included = body["included_segments"]
  if (!isStringArray(included) || included.length === 0) {
    return errors(400, "included_segments is required: a non-empty array of segment names.")
  }
  const excluded = body["excluded_segments"] ?? []
  if (!isStringArray(excluded)) return errors(400, "excluded_segments must be an array of segment names.")
  const filters = body["filters"] === undefined || body["filters"] === null ? [] : validateFilters(body["filters"])
  const aliases = body["include_aliases"]
  if (aliases !== undefined && aliases !== null && !isRecord(aliases)) {
    return errors(400, "include_aliases must be an object of alias label to ids.")
  }
  const channel = body["target_channel"]
  if (channel !== undefined && channel !== null && channel !== "push" && channel !== "email" && channel !== "sms") {
    return errors(400, `target_channel must be push, email or sms (got ${JSON.stringify(channel)}).`)
  }
  const reached = new Set<UserRecord>()
  if (isRecord(aliases)) {
    for (const [label, ids] of Object.entries(aliases)) {
      if (!Array.isArray(ids)) return errors(400, `include_aliases.${label} must be an array of ids.`)
      for (const aliasId of ids as Array<unknown>) {
        const user = typeof aliasId === "string" ? findUserByAlias(store, app.id, label, aliasId) : undefined
        if (user !== undefined) reached.add(user)
      }
    }
  }
  let count = 0
  for (const user of store.users.values()) {
    if (user.appId !== app.id) continue
    if (!included.some((name) => inSegment(store, user, name))) continue
    if (excluded.some((name) => inSegment(store, user, name))) continue
    if (!matchesFilters(user, filters)) continue
    if (isRecord(aliases) && !reached.has(user)) continue
    count += subscriptionsOf(store, user).filter((s) => s.enabled && ofChannel(s.type, channel)).length
  }
  return ok({ count, uncapped_count: null, cap_applied: false, mobile_suppressed: false, mobile_excluded_count: 0 })
}

export const handlers: Handlers = {
  createNotification: create,
  estimateNotificationRecipients: countUnsaved,
  getNotifications: list,
  getNotification: view,
  cancelNotification: cancel,
  trackOpen,
  getNotificationHistory: history,
  exportEvents
}
