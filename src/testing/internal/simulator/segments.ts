/**
 * The simulator's segments routes: create (names are unique per app), list
 * (oldest first, offset/limit up to 300), view (with the number of enabled
 * subscriptions the filters match, and the definition on request), update
 * and delete. Also the paging and filter helpers the other resource modules
 * share.
 */
import {
  isRecord,
  type Json,
  ok,
  reject,
  rejectWith,
  respond,
  type Handlers,
  type RouteContext,
  seconds,
  type SegmentRecord,
  type SimulatorReply,
  type Store,
  subscriptionsOf,
  type UserRecord
} from "./core.js"
import { FilterRelation } from "../../../SharedModels.js"

// -----------------------------------------------------------------------------
// Shared helpers
// -----------------------------------------------------------------------------

/** An ISO 8601 date-time string of a millisecond clock reading (the API's string timestamps). */
export const isoDate = (millis: number): string => new Date(millis).toISOString()

/**
 * The `offset` and `limit` query parameters of a list route: absent means 0
 * and `max`, a limit above `max` is lowered to it, and anything that is not
 * a whole number in range is a 400 naming the parameter.
 */
export const pageOf = (
  query: Readonly<Record<string, string>>,
  max: number
): { readonly offset: number; readonly limit: number } => {
  const read = (name: string, min: number): number | undefined => {
    const raw = query[name]
    if (raw === undefined || raw.trim() === "") return undefined
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min) {
      return reject(400, `${name} must be an integer of at least ${min} (got ${JSON.stringify(raw)}).`)
    }
    return n
  }
  return { offset: read("offset", 0) ?? 0, limit: Math.min(read("limit", 1) ?? max, max) }
}

/** The relations a filter may use: the client's `FilterRelation`. */
const relations = new Set<string>(FilterRelation.literals)

const unaryRelations = new Set(["exists", "not_exists"])

/** The most entries (filters and operators) a filter list may hold. */
const maxFilterEntries = 200

/**
 * Checks a `filters` list as segments and live activities take it: objects
 * that are either an `AND`/`OR` operator or a filter with a `field`, a known
 * `relation`, a `key` for tags and a `value` for binary relations. Rejects
 * with a 400 naming the first bad entry.
 */
export const validateFilters = (filters: unknown, name = "filters"): ReadonlyArray<Json> => {
  if (!Array.isArray(filters)) return reject(400, `${name} must be an array of filters and operators.`)
  if (filters.length > maxFilterEntries) {
    reject(400, `${name} may hold at most ${maxFilterEntries} entries, operators included (got ${filters.length}).`)
  }
  filters.forEach((entry: unknown, i) => {
    const at = `${name}[${i}]`
    if (!isRecord(entry)) return reject(400, `${at} must be an object.`)
    if ("operator" in entry) {
      if (entry["operator"] !== "AND" && entry["operator"] !== "OR") {
        reject(400, `${at}.operator must be "AND" or "OR".`)
      }
      return
    }
    if (typeof entry["field"] !== "string" || entry["field"] === "") reject(400, `${at}.field is required.`)
    const relation = entry["relation"]
    if (typeof relation !== "string" || !relations.has(relation)) {
      reject(400, `${at}.relation must be one of ${[...relations].join(", ")}.`)
    }
    if (entry["field"] === "tag" && (typeof entry["key"] !== "string" || entry["key"] === "")) {
      reject(400, `${at}.key is required when field is "tag".`)
    }
    if (
      !unaryRelations.has(relation as string) && entry["value"] === undefined && entry["hours_ago"] === undefined &&
      entry["radius"] === undefined
    ) {
      reject(400, `${at}.value is required with relation ${JSON.stringify(relation)}.`)
    }
  })
  return filters as ReadonlyArray<Json>
}

const scalar = (u: unknown): string | number | undefined =>
  typeof u === "string" || typeof u === "number" ? u : typeof u === "boolean" ? String(u) : undefined

const compare = (actual: string | number, expected: unknown, op: ">" | "<"): boolean => {
  const a = Number(actual)
  const b = Number(expected)
  if (Number.isNaN(a) || Number.isNaN(b)) return false
  return op === ">" ? a > b : a < b
}

/**
 * Whether a user meets one filter. Tags (`field: "tag"`) and the user's
 * scalar properties (`language`, `country`, `amount_spent`, ...) are
 * compared; filters on data the simulator does not keep (sessions, location,
 * elapsed time) match no one.
 */
const matchesFilter = (user: UserRecord, filter: Json): boolean => {
  const field = filter["field"]
  const tags = isRecord(user.properties["tags"]) ? user.properties["tags"] : {}
  const raw = field === "tag" ? tags[String(filter["key"])] : user.properties[String(field)]
  const actual = scalar(raw)
  const expected = filter["value"]
  switch (filter["relation"]) {
    case "exists":
      return actual !== undefined
    case "not_exists":
      return actual === undefined
    case "=":
      return actual !== undefined && String(actual) === String(expected)
    case "!=":
      return actual === undefined || String(actual) !== String(expected)
    case ">":
      return actual !== undefined && compare(actual, expected, ">")
    case "<":
      return actual !== undefined && compare(actual, expected, "<")
    case "in_array":
      return actual !== undefined && String(expected).split(",").map((s) => s.trim()).includes(String(actual))
    case "not_in_array":
      return actual === undefined || !String(expected).split(",").map((s) => s.trim()).includes(String(actual))
    default:
      return false
  }
}

/**
 * Whether a user meets a filter list: consecutive filters are joined with
 * AND, `{ operator: "OR" }` separates alternatives. An empty list matches
 * everyone.
 */
export const matchesFilters = (user: UserRecord, filters: ReadonlyArray<unknown>): boolean => {
  const groups: Array<Array<Json>> = [[]]
  for (const entry of filters) {
    if (!isRecord(entry)) continue
    if (entry["operator"] === "OR") groups.push([])
    else if (!("operator" in entry)) groups[groups.length - 1]!.push(entry)
  }
  return groups.some((group) => group.every((filter) => matchesFilter(user, filter)))
}

// -----------------------------------------------------------------------------
// Segments
// -----------------------------------------------------------------------------

const maxNameLength = 128
const maxDescriptionLength = 255

const segmentNotFound = (): never => rejectWith(respond(404, { success: false, errors: ["Segment not found"] }))

const findSegment = (store: Store, appId: string, id: string): SegmentRecord => {
  const segment = store.segments.get(id)
  return segment !== undefined && segment.appId === appId ? segment : segmentNotFound()
}

const segmentNamed = (store: Store, appId: string, name: string): SegmentRecord | undefined => {
  for (const segment of store.segments.values()) {
    if (segment.appId === appId && segment.name === name) return segment
  }
  return undefined
}

const validateName = (name: unknown): string => {
  if (typeof name !== "string" || name.trim() === "") return reject(400, "name is required.")
  if (name.length > maxNameLength) reject(400, `name must be at most ${maxNameLength} characters.`)
  return name
}

const validateDescription = (description: unknown): string | null => {
  if (typeof description !== "string") return reject(400, "description must be a string.")
  if (description.length > maxDescriptionLength) {
    reject(400, `description must be at most ${maxDescriptionLength} characters.`)
  }
  return description === "" ? null : description
}

/** A segment as `GET /apps/{app_id}/segments` lists it (`SegmentData`). */
const segmentData = (segment: SegmentRecord): Json => ({
  id: segment.id,
  name: segment.name,
  created_at: isoDate(segment.createdAt),
  updated_at: isoDate(segment.updatedAt),
  app_id: segment.appId,
  read_only: false,
  is_active: true
})

/** How many enabled subscriptions belong to the users the segment's filters match. */
const subscriberCount = (store: Store, segment: SegmentRecord): number => {
  let count = 0
  for (const user of store.users.values()) {
    if (user.appId !== segment.appId || !matchesFilters(user, segment.filters)) continue
    count += subscriptionsOf(store, user).filter((subscription) => subscription.enabled).length
  }
  return count
}

const create = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const name = validateName(body["name"])
  if (body["filters"] === undefined) return reject(400, "filters is required.")
  const filters = validateFilters(body["filters"])
  const rawId = body["id"]
  if (rawId !== undefined && (typeof rawId !== "string" || rawId === "")) {
    return reject(400, "id must be a non-empty string when given.")
  }
  const description = body["description"] === undefined ? undefined : validateDescription(body["description"])
  const { store } = context
  if (typeof rawId === "string" && store.segments.has(rawId)) {
    return respond(409, { success: false, errors: [`A segment with id ${rawId} already exists.`] })
  }
  if (segmentNamed(store, app.id, name) !== undefined) {
    return respond(409, { success: false, errors: [`A segment named ${JSON.stringify(name)} already exists.`] })
  }
  const id = typeof rawId === "string" ? rawId : context.newId()
  store.segments.set(id, {
    id,
    appId: app.id,
    name,
    filters,
    fields: description === undefined ? {} : { description },
    createdAt: context.nowMillis,
    updatedAt: context.nowMillis
  })
  return respond(201, { success: true, id })
}

/** Answers 201, the status OneSignal documents for this list (the client accepts any 2xx). */
const list = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const { limit, offset } = pageOf(context.request.query, 300)
  const all = [...context.store.segments.values()]
    .filter((segment) => segment.appId === app.id)
    .sort((a, b) => a.createdAt - b.createdAt)
  return respond(201, {
    total_count: all.length,
    offset,
    limit,
    segments: all.slice(offset, offset + limit).map(segmentData)
  })
}

const view = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const segment = findSegment(context.store, app.id, context.params["segment_id"]!)
  const detail = context.request.query["include_segment_detail"]
  if (detail !== undefined && detail !== "true" && detail !== "false") {
    return reject(400, "include_segment_detail must be true or false.")
  }
  const count = subscriberCount(context.store, segment)
  if (detail !== "true") return ok({ subscriber_count: count })
  const description = segment.fields["description"]
  return ok({
    subscriber_count: count,
    payload: {
      id: segment.id,
      name: segment.name,
      description: typeof description === "string" ? description : null,
      created_at: seconds(segment.createdAt),
      source: "api",
      filters: segment.filters
    }
  })
}

const update = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const { store } = context
  const segment = findSegment(store, app.id, context.params["segment_id"]!)
  const body = context.body()
  const name = validateName(body["name"])
  const filters = body["filters"] === undefined ? undefined : validateFilters(body["filters"])
  const description = body["description"] === undefined ? undefined : validateDescription(body["description"])
  const sameName = segmentNamed(store, app.id, name)
  if (sameName !== undefined && sameName.id !== segment.id) {
    return reject(400, `Another segment is already named ${JSON.stringify(name)}.`)
  }
  segment.name = name
  if (filters !== undefined) segment.filters = filters
  if (description !== undefined) segment.fields = { ...segment.fields, description }
  segment.updatedAt = context.nowMillis
  return ok({ success: true, id: segment.id })
}

const remove = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const segment = findSegment(context.store, app.id, context.params["segment_id"]!)
  context.store.segments.delete(segment.id)
  return ok({ success: true })
}

export const handlers: Handlers = {
  createSegment: create,
  getSegments: list,
  getSegment: view,
  updateSegment: update,
  deleteSegment: remove
}
