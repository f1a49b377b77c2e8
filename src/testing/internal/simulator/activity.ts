/**
 * The simulator's activity routes: custom events, Live Activities (remote
 * start, update / end, push-token registration and removal), outcomes and
 * the in-app message manifest of a subscription.
 */
import {
  type CustomEventRecord,
  findUserByAlias,
  idempotencyWindowMillis,
  isRecord,
  type Json,
  type LiveActivityRecord,
  ok,
  reject,
  rejectWith,
  respond,
  type Handlers,
  type RouteContext,
  type SimulatorReply,
  type Store,
  type SubscriptionRecord
} from "./core.js"
import { maxEventBytes, maxRequestBytes } from "../../../CustomEvents.js"
import { OutcomeAttribution, OutcomeTimeRange } from "../../../Outcomes.js"
import { validateFilters } from "./segments.js"

const isNonEmptyString = (u: unknown): u is string => typeof u === "string" && u !== ""

const subscriptionNotFound = (id: string): never =>
  rejectWith(respond(404, { errors: [{ code: "not_found", title: `Subscription not found: ${id}` }] }))

/** The subscription `id` of the app, or a 404. */
const findSubscription = (store: Store, appId: string, id: string): SubscriptionRecord => {
  const subscription = store.subscriptions.get(id)
  return subscription !== undefined && subscription.appId === appId ? subscription : subscriptionNotFound(id)
}

// -----------------------------------------------------------------------------
// Custom events
// -----------------------------------------------------------------------------

const maxEventNameLength = 128

const utf8 = new TextEncoder()
const jsonBytes = (value: unknown): number => utf8.encode(JSON.stringify(value)).length

/** How long OneSignal ignores an event whose `idempotency_key` it has seen: about four hours. */
const eventIdempotencyWindowMillis = 4 * 60 * 60 * 1000

/** Checks one event of a batch: a name, a user reference, and well-typed optional fields. */
const validateEvent = (event: unknown, at: string): Json => {
  if (!isRecord(event)) return reject(400, `${at} must be an object.`)
  const name = event["name"]
  if (!isNonEmptyString(name)) reject(400, `${at}.name is required.`)
  if ((name as string).length > maxEventNameLength) {
    reject(400, `${at}.name must be at most ${maxEventNameLength} characters.`)
  }
  for (const key of ["external_id", "onesignal_id"]) {
    const id = event[key]
    if (id !== undefined && id !== null && typeof id !== "string") reject(400, `${at}.${key} must be a string.`)
  }
  if (!isNonEmptyString(event["external_id"]) && !isNonEmptyString(event["onesignal_id"])) {
    reject(400, `${at} needs an external_id or a onesignal_id.`)
  }
  const timestamp = event["timestamp"]
  if (timestamp !== undefined && (typeof timestamp !== "string" || Number.isNaN(Date.parse(timestamp)))) {
    reject(400, `${at}.timestamp must be an ISO 8601 date-time string.`)
  }
  for (const key of ["payload", "properties"]) {
    if (event[key] !== undefined && !isRecord(event[key])) reject(400, `${at}.${key} must be an object.`)
  }
  if (jsonBytes(event) > maxEventBytes) reject(400, `${at} is larger than ${maxEventBytes} bytes.`)
  return event
}

/** Whether an event with this `idempotency_key` was recorded for the app within the window. */
const seenEvent = (store: Store, appId: string, key: unknown, nowMillis: number): boolean =>
  isNonEmptyString(key) &&
  store.customEvents.some((recorded) =>
    recorded.appId === appId && recorded.fields["idempotency_key"] === key &&
    nowMillis - recorded.receivedAt < eventIdempotencyWindowMillis
  )

/**
 * Records a batch: the whole batch is refused (400) when an event is
 * malformed; otherwise the events of known users are stored, and those of
 * unknown users are reported in a 202 `errors` list, as OneSignal does.
 */
const createCustomEvents = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const events = body["events"]
  if (!Array.isArray(events) || events.length === 0) return reject(400, "events is required: a non-empty list.")
  if (jsonBytes(body) > maxRequestBytes) return reject(400, `The request is larger than ${maxRequestBytes} bytes.`)
  const valid = events.map((event: unknown, i) => validateEvent(event, `events[${i}]`))
  const { nowMillis, store } = context
  const failures: Array<Json> = []
  for (const event of valid) {
    const onesignalId = event["onesignal_id"]
    const user = isNonEmptyString(onesignalId)
      ? findUserByAlias(store, app.id, "onesignal_id", onesignalId)
      : findUserByAlias(store, app.id, "external_id", event["external_id"] as string)
    if (user === undefined) {
      const userId = isNonEmptyString(onesignalId) ? onesignalId : event["external_id"] as string
      failures.push({
        event_user_id: userId,
        event_id: context.newId(),
        error: {
          code: "not found",
          title: isNonEmptyString(onesignalId)
            ? `failed to find a user with onesignal_id ${userId}`
            : `failed to find a onesignal_id for user_id ${userId}`
        }
      })
      continue
    }
    if (seenEvent(store, app.id, event["idempotency_key"], nowMillis)) continue
    const record: CustomEventRecord = { appId: app.id, fields: event, receivedAt: nowMillis }
    store.customEvents.push(record)
  }
  return failures.length === 0 ? ok({}) : respond(202, { errors: failures })
}

// -----------------------------------------------------------------------------
// Live Activities
// -----------------------------------------------------------------------------

const liveActivityKey = (appId: string, activityId: string): string => `${appId}\u0000${activityId}`

const liveActivityNotFound = (activityId: string): never => reject(404, `Live activity not found: ${activityId}`)

const liveActivityOf = (store: Store, appId: string, activityId: string): LiveActivityRecord => {
  const key = liveActivityKey(appId, activityId)
  const found = store.liveActivities.get(key)
  if (found !== undefined) return found
  const created: LiveActivityRecord = { appId, activityId, tokens: {}, events: [] }
  store.liveActivities.set(key, created)
  return created
}

/** Whether the last start / update / end request of the activity ended it. */
const hasEnded = (activity: LiveActivityRecord): boolean => activity.events.at(-1)?.["event"] === "end"

const requireObject = (body: Json, key: string): void => {
  if (!isRecord(body[key])) reject(400, `${key} is required: an object.`)
}

const requireInt = (body: Json, key: string): void => {
  if (body[key] !== undefined && !Number.isInteger(body[key])) reject(400, `${key} must be a Unix time in seconds.`)
}

const isNonEmptyList = (u: unknown): boolean => Array.isArray(u) && u.length > 0

/** Checks the audience of a start: exactly one way to target, as the notifications API takes it. */
const validateAudience = (body: Json): void => {
  const bySubscriptions = isNonEmptyList(body["include_subscription_ids"])
  const byAliases = isRecord(body["include_aliases"]) && Object.keys(body["include_aliases"]).length > 0
  const bySegments = isNonEmptyList(body["included_segments"])
  const byFilters = isNonEmptyList(body["filters"])
  if (!bySubscriptions && !byAliases && !bySegments && !byFilters) {
    reject(
      400,
      "You must include which subscriptions, aliases, segments or filters you wish to start this Live Activity for."
    )
  }
  if (bySubscriptions && (byAliases || bySegments || byFilters)) {
    reject(400, "include_subscription_ids cannot be combined with other targeting parameters.")
  }
  if (byFilters) validateFilters(body["filters"])
}

const startLiveActivity = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const { nowMillis, store } = context
  const rawKey = body["idempotency_key"]
  const key = isNonEmptyString(rawKey) ? `live_activity\u0000${app.id}\u0000${rawKey}` : undefined
  if (key !== undefined) {
    const seen = store.idempotency.get(key)
    if (seen !== undefined && nowMillis - seen.atMillis < idempotencyWindowMillis) {
      return respond(seen.status, seen.body, { "Idempotent-Replayed": "true" })
    }
  }
  if (!isNonEmptyString(body["name"])) return reject(400, "name is required.")
  const activityId = body["activity_id"]
  if (!isNonEmptyString(activityId)) return reject(400, "activity_id is required.")
  if (body["event"] !== undefined && body["event"] !== "start") return reject(400, "event must be \"start\".")
  for (const field of ["event_attributes", "event_updates", "contents", "headings"]) requireObject(body, field)
  requireInt(body, "stale_date")
  validateAudience(body)
  liveActivityOf(store, app.id, activityId).events.push({
    ...body,
    event: "start",
    activity_type: context.params["activity_type"]
  })
  const answer = { notification_id: context.newId() }
  if (key !== undefined) store.idempotency.set(key, { atMillis: nowMillis, status: 201, body: answer })
  return respond(201, answer)
}

const updateLiveActivity = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const activityId = context.params["activity_id"]!
  const activity = context.store.liveActivities.get(liveActivityKey(app.id, activityId)) ??
    liveActivityNotFound(activityId)
  const body = context.body()
  if (!isNonEmptyString(body["name"])) return reject(400, "name is required.")
  const event = body["event"]
  if (event !== "update" && event !== "end") return reject(400, "event must be \"update\" or \"end\".")
  requireObject(body, "event_updates")
  for (const field of ["stale_date", "dismissal_date"]) requireInt(body, field)
  if ((body["dismissal_date"] !== undefined || body["dismiss_at"] !== undefined) && event !== "end") {
    return reject(400, "dismissal_date is only allowed when event is \"end\".")
  }
  if (hasEnded(activity)) return reject(400, `Live activity ${activityId} has already ended.`)
  activity.events.push(body)
  const id = context.newId()
  return ok({ id, notification_id: id })
}

const beginLiveActivity = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const subscriptionId = body["subscription_id"]
  const pushToken = body["push_token"]
  if (!isNonEmptyString(subscriptionId)) return reject(400, "subscription_id is required.")
  if (!isNonEmptyString(pushToken)) return reject(400, "push_token is required.")
  findSubscription(context.store, app.id, subscriptionId)
  liveActivityOf(context.store, app.id, context.params["activity_id"]!).tokens[subscriptionId] = pushToken
  return respond(204, undefined)
}

/** Removes the subscription's token; a token already gone is not an error (the call is safe to repeat). */
const endLiveActivity = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const activityId = context.params["activity_id"]!
  const activity = context.store.liveActivities.get(liveActivityKey(app.id, activityId)) ??
    liveActivityNotFound(activityId)
  delete activity.tokens[context.params["subscription_id"]!]
  return respond(204, undefined)
}

// -----------------------------------------------------------------------------
// Outcomes
// -----------------------------------------------------------------------------

// The values the client's query schema accepts.
const timeRanges = new Set<string>(OutcomeTimeRange.literals)
const attributions = new Set<string>(OutcomeAttribution.literals)

/**
 * The outcome names of the request: the comma-separated `outcome_names`
 * and every `outcome_names[]` (read from the URL, where it may repeat).
 */
const requestedOutcomes = (context: RouteContext): Array<string> => {
  const names: Array<string> = []
  const list = context.request.query["outcome_names"]
  if (list !== undefined) names.push(...list.split(",").map((name) => name.trim()).filter((name) => name !== ""))
  let repeated: Array<string>
  try {
    repeated = new URL(context.request.url).searchParams.getAll("outcome_names[]")
  } catch {
    repeated = []
  }
  names.push(...repeated.filter((name) => name.trim() !== ""))
  return names
}

/**
 * The value of one outcome. Clicks (`os__click`) are the opens tracked on
 * the app's notifications, all of them direct; the simulator does not record
 * when or on which platform an open happened, so the time range and the
 * platforms do not narrow them. It keeps no sessions nor custom outcomes:
 * every other outcome is 0.
 */
const outcomeValue = (store: Store, appId: string, id: string, attribution: string | undefined): number => {
  if (id !== "os__click" || (attribution !== undefined && attribution !== "direct")) return 0
  return store.notifications
    .filter((notification) => notification.appId === appId)
    .reduce((sum, notification) => sum + notification.converted, 0)
}

const getOutcomes = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const { query } = context.request
  const names = requestedOutcomes(context)
  if (names.length === 0) return reject(400, "outcome_names is required, e.g. os__click.count,os__session_duration.sum.")
  const range = query["outcome_time_range"]
  if (range !== undefined && !timeRanges.has(range)) return reject(400, "outcome_time_range must be 1h, 1d or 1mo.")
  const platforms = query["outcome_platforms"]
  if (platforms !== undefined && !/^\d+(,\d+)*$/.test(platforms)) {
    return reject(400, "outcome_platforms must be comma-separated platform ids, e.g. 0,1.")
  }
  const attribution = query["outcome_attribution"]
  if (attribution !== undefined && !attributions.has(attribution)) {
    return reject(400, "outcome_attribution must be direct, influenced or unattributed.")
  }
  const outcomes = names.map((name) => {
    const match = /^(.+)\.(count|sum)$/.exec(name)
    if (match === null) return reject(400, `outcome_names: ${JSON.stringify(name)} must end with .count or .sum.`)
    const [, id, aggregation] = match as unknown as [string, string, string]
    if (id === "os__click" && aggregation !== "count") return reject(400, "Clicks only support count aggregation.")
    return { id, value: outcomeValue(context.store, app.id, id, attribution), aggregation }
  })
  return ok({ outcomes })
}

// -----------------------------------------------------------------------------
// In-app messages
// -----------------------------------------------------------------------------

/** The simulator holds no in-app messages: a known subscription is eligible for none. */
const getEligibleIams = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  findSubscription(context.store, app.id, context.params["subscription_id"]!)
  return ok({ in_app_messages: [] })
}

export const handlers: Handlers = {
  createCustomEvents,
  startLiveActivity,
  updateLiveActivity,
  beginLiveActivity,
  getOutcomes,
  getEligibleIams,
  endLiveActivity
}
