/**
 * The simulator's journeys routes: create (always a draft), list (newest
 * first, by an opaque cursor, 50 at most a page), view, update (a JSON Merge
 * Patch, with state transitions), update one node, delete, stats (zeroed
 * counts for every node and branch) and duplicate.
 *
 * Like OneSignal, it assigns an id to every node and branch, refuses ids
 * and server-set fields on create, checks segment ids against the app's
 * segments, and guards updates with a `concurrency_key` (409 when stale).
 * What a journey's state forbids is a 422: editing an archived journey,
 * moving an active one back to draft, starting one without an audience or
 * nodes, changing a node's kind, or re-splitting a live split. A scheduled
 * journey becomes active once the clock reaches its `schedule.start_at`.
 * Errors carry OneSignal's coded shape, `{ "errors": [{ "code", "title" }] }`.
 */
import {
  isRecord,
  type JourneyRecord,
  type JourneyState,
  type Json,
  ok,
  rejectWith,
  respond,
  type Handlers,
  type RouteContext,
  type SimulatorReply,
  type Store
} from "./core.js"
import {
  JourneyAudienceKind,
  JourneyConditionAction,
  JourneyConditionKind,
  JourneyEventOperator,
  JourneyNodeKind,
  JourneyTargetState,
  JourneyTimeReference,
  maxDurationSeconds,
  maxPageSize
} from "../../../Journeys.js"
import { isoDate } from "./segments.js"

// -----------------------------------------------------------------------------
// Errors and limits
// -----------------------------------------------------------------------------

/** Stops the handler with OneSignal's coded error body. */
const refuse = (status: number, code: string, title: string): never =>
  rejectWith(respond(status, { errors: [{ code, title }] }))

const invalid = (title: string): never => refuse(400, "validation_error", title)

const unprocessable = (title: string): never => refuse(422, "invalid_state", title)

const journeyNotFound = (): never => refuse(404, "not_found", "Journey not found.")

/** The page size of `GET /apps/{app_id}/journeys`: OneSignal's default and maximum. */
const pageSize = maxPageSize

/** How far ahead a `scheduled` journey's `start_at` must be. */
const scheduleLeadMillis = 5 * 60 * 1000

// The closed sets of values the API accepts: the client's request schemas.
const nodeKinds = new Set<string>(JourneyNodeKind.literals)

const conditionKinds = new Set<string>(JourneyConditionKind.literals)

const conditionActions = new Set<string>(JourneyConditionAction.literals)

const operators = new Set<string>(JourneyEventOperator.literals)

const targetStates = new Set<string>(JourneyTargetState.literals)

const audienceKinds = new Set<string>(JourneyAudienceKind.literals)

const timeReferences = new Set<string>(JourneyTimeReference.literals)

/** Fields OneSignal sets: refused in every request body. */
const serverFields = ["id", "app_id", "created_at", "updated_at", "started_at", "archived_at", "created_source"]

/** The writable fields of a journey. */
const journeyFields = ["name", "description", "audience", "early_exit", "reentry_rules", "schedule", "nodes"] as const

// -----------------------------------------------------------------------------
// Checks of the fields
// -----------------------------------------------------------------------------

const text = (value: unknown, at: string, max: number): string => {
  if (typeof value !== "string") return invalid(`${at} must be a string.`)
  if (value.length > max) invalid(`${at} must be at most ${max} characters (got ${value.length}).`)
  return value
}

const optionalText = (object: Json, key: string, at: string, max: number): void => {
  if (object[key] !== undefined) text(object[key], `${at}.${key}`, max)
}

const integer = (value: unknown, at: string, min: number, max: number): number => {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    return invalid(`${at} must be an integer from ${min} to ${max}.`)
  }
  return value as number
}

const boolean = (object: Json, key: string, at: string): void => {
  if (object[key] !== undefined && typeof object[key] !== "boolean") invalid(`${at}.${key} must be a boolean.`)
}

const object = (value: unknown, at: string): Json => isRecord(value) ? value : invalid(`${at} must be an object.`)

const array = (value: unknown, at: string): ReadonlyArray<unknown> =>
  Array.isArray(value) ? value : invalid(`${at} must be an array.`)

const oneOf = (value: unknown, values: ReadonlySet<string>, at: string): string =>
  typeof value === "string" && values.has(value)
    ? value
    : invalid(`${at} must be one of ${[...values].join(", ")} (got ${JSON.stringify(value)}).`)

const stringMap = (value: unknown, at: string, maxKey: number, maxValue: number): void => {
  for (const [key, entry] of Object.entries(object(value, at))) {
    if (key.length > maxKey) invalid(`${at}: keys must be at most ${maxKey} characters.`)
    text(entry, `${at}.${key}`, maxValue)
  }
}

/** Segment ids must be strings naming segments of the app. */
const segmentIds = (store: Store, appId: string, value: unknown, at: string): void => {
  for (const [i, id] of array(value, at).entries()) {
    const segment = typeof id === "string" ? store.segments.get(id) : undefined
    if (segment === undefined || segment.appId !== appId) {
      invalid(`${at}[${i}] must be the id of one of the app's segments (got ${JSON.stringify(id)}).`)
    }
  }
}

/** Event property conditions: one group (AND-ed) of `{ key, operator, value }`. */
const attributeGroups = (value: unknown, at: string): void => {
  const groups = array(value, at)
  if (groups.length > 1) invalid(`${at} must hold a single group of conditions (got ${groups.length}).`)
  groups.forEach((group, g) =>
    array(group, `${at}[${g}]`).forEach((entry, i) => {
      const where = `${at}[${g}][${i}]`
      const attribute = object(entry, where)
      text(attribute["key"], `${where}.key`, 255)
      const operator = oneOf(attribute["operator"], operators, `${where}.operator`)
      if (attribute["value"] !== undefined) text(attribute["value"], `${where}.value`, 1024)
      else if (operator !== "exists" && operator !== "not_exists") invalid(`${where}.value is required with ${operator}.`)
    })
  )
}

const checkAudience = (store: Store, appId: string, value: unknown): void => {
  const audience = object(value, "audience")
  oneOf(audience["kind"], audienceKinds, "audience.kind")
  for (const key of ["included_segment_ids", "excluded_segment_ids"]) {
    if (audience[key] !== undefined) segmentIds(store, appId, audience[key], `audience.${key}`)
  }
  boolean(audience, "future_additions_only", "audience")
  optionalText(audience, "name", "audience", 255)
  if (audience["attributes"] !== undefined) attributeGroups(audience["attributes"], "audience.attributes")
  if (audience["kind"] === "event_trigger" && audience["name"] === undefined) {
    invalid("audience.name (the event's name) is required with kind event_trigger.")
  }
}

const checkEarlyExit = (store: Store, appId: string, value: unknown): void => {
  const earlyExit = object(value, "early_exit")
  if (earlyExit["rules"] !== undefined) {
    const rules = object(earlyExit["rules"], "early_exit.rules")
    if (rules["on_segment"] !== undefined) {
      const onSegment = object(rules["on_segment"], "early_exit.rules.on_segment")
      if (onSegment["included_segment_ids"] !== undefined) {
        segmentIds(store, appId, onSegment["included_segment_ids"], "early_exit.rules.on_segment.included_segment_ids")
      }
    }
    boolean(rules, "when_not_in_audience", "early_exit.rules")
    boolean(rules, "on_session", "early_exit.rules")
    if (rules["on_event"] !== undefined) {
      text(object(rules["on_event"], "early_exit.rules.on_event")["name"], "early_exit.rules.on_event.name", 255)
    }
  }
  if (earlyExit["tag_on_early_exit"] !== undefined) {
    stringMap(earlyExit["tag_on_early_exit"], "early_exit.tag_on_early_exit", 255, 1024)
  }
}

const instant = (value: unknown, at: string): number => {
  const millis = typeof value === "string" ? Date.parse(value) : Number.NaN
  return Number.isNaN(millis) ? invalid(`${at} must be an ISO 8601 date-time.`) : millis
}

const checkSchedule = (value: unknown): void => {
  const schedule = object(value, "schedule")
  if (schedule["error"] !== undefined) invalid("schedule.error is set by OneSignal.")
  const start = schedule["start_at"] === undefined ? undefined : instant(schedule["start_at"], "schedule.start_at")
  const stop = schedule["stop_at"] === undefined ? undefined : instant(schedule["stop_at"], "schedule.stop_at")
  if (start !== undefined && stop !== undefined && stop <= start) invalid("schedule.stop_at must be after start_at.")
}

const checkReentry = (value: unknown): void => {
  const reentry = object(value, "reentry_rules")
  if (reentry["duration_seconds"] !== undefined) {
    integer(reentry["duration_seconds"], "reentry_rules.duration_seconds", 600, Number.MAX_SAFE_INTEGER)
  }
}

// -----------------------------------------------------------------------------
// The node graph
// -----------------------------------------------------------------------------

/** What checking a graph needs: the app, the ids of the current graph (none on create), and new ids. */
interface GraphContext {
  readonly store: Store
  readonly appId: string
  /** The nodes and branches of the current graph, by id; empty when ids are refused. */
  readonly existingNodes: ReadonlyMap<string, Json>
  readonly existingBranches: ReadonlySet<string>
  /** Whether `id` fields may appear (an update keeping nodes), or are refused (create, duplicate). */
  readonly idsAllowed: boolean
  readonly newId: () => string
}

const nodeFields = [
  "id",
  "kind",
  "client_node_id",
  "annotation",
  "duration_seconds",
  "relative_to",
  "windows",
  "time_zone",
  "use_user_time_zone",
  "template_id",
  "iam_id",
  "user_ttl_seconds",
  "webhook_id",
  "assignments",
  "randomize_on_entry",
  "branches",
  "expiration"
]

const assignedId = (value: unknown, at: string, graph: GraphContext, known: (id: string) => boolean): string => {
  if (value === undefined) return graph.newId()
  if (!graph.idsAllowed) {
    return invalid(`${at}.id is assigned by OneSignal and refused here; use client_node_id to refer to a node.`)
  }
  if (typeof value !== "string" || !known(value)) {
    return invalid(`${at}.id must be the id of a node or branch of this journey (got ${JSON.stringify(value)}).`)
  }
  return value
}

const checkWindows = (value: unknown, at: string): void =>
  array(value, at).forEach((entry, i) => {
    const window = object(entry, `${at}[${i}]`)
    for (const end of ["start", "end"]) {
      if (window[end] === undefined) continue
      const point = object(window[end], `${at}[${i}].${end}`)
      if (point["hour"] !== undefined) integer(point["hour"], `${at}[${i}].${end}.hour`, 0, 23)
      if (point["minute"] !== undefined) integer(point["minute"], `${at}[${i}].${end}.minute`, 0, 59)
    }
    if (window["day_of_week"] !== undefined) integer(window["day_of_week"], `${at}[${i}].day_of_week`, 1, 7)
  })

/** Branch counts of the branching kinds, as OneSignal documents them. */
const checkBranchShape = (kind: string, branches: ReadonlyArray<Json>, at: string): void => {
  if (kind === "split_range") {
    if (branches.length < 2 || branches.length > 25) invalid(`${at}.branches: a split_range node takes 2 to 25.`)
    const total = branches.reduce((sum, branch) => sum + (typeof branch["weight"] === "number" ? branch["weight"] : 0), 0)
    if (Math.abs(total - 100) > 1e-9) invalid(`${at}.branches: the weights must sum to 100 (got ${total}).`)
  } else if (kind === "yes_no") {
    if (branches.length !== 2) invalid(`${at}.branches: a yes_no node takes exactly 2.`)
  } else if (kind === "wait_until") {
    if (branches.length < 1 || branches.length > 25) invalid(`${at}.branches: a wait_until node takes 1 to 25.`)
  } else if (branches.length > 0) {
    invalid(`${at}.branches: a ${kind} node has no branches.`)
  }
}

const checkCondition = (value: unknown, at: string, graph: GraphContext): Json => {
  const condition = object(value, at)
  const kind = oneOf(condition["kind"], conditionKinds, `${at}.kind`)
  for (const key of ["included_segment_ids", "excluded_segment_ids"]) {
    if (condition[key] !== undefined) segmentIds(graph.store, graph.appId, condition[key], `${at}.${key}`)
  }
  if (condition["action"] !== undefined) oneOf(condition["action"], conditionActions, `${at}.action`)
  if (kind === "on_notification_action" && condition["action"] === undefined) invalid(`${at}.action is required.`)
  optionalText(condition, "sending_node_id", at, 255)
  optionalText(condition, "client_node_id", at, 255)
  optionalText(condition, "name", at, 255)
  if (condition["attributes"] !== undefined) attributeGroups(condition["attributes"], `${at}.attributes`)
  if (condition["entry_event_match_attributes"] !== undefined) {
    array(condition["entry_event_match_attributes"], `${at}.entry_event_match_attributes`).forEach((entry, i) =>
      object(entry, `${at}.entry_event_match_attributes[${i}]`)
    )
  }
  return { ...condition }
}

/**
 * A node checked and normalized: known fields only, an id assigned (or
 * kept), branches and their nodes likewise, down the graph.
 */
const checkNode = (value: unknown, at: string, graph: GraphContext): Json => {
  const node = object(value, at)
  const kind = oneOf(node["kind"], nodeKinds, `${at}.kind`)
  const id = assignedId(node["id"], at, graph, (id) => graph.existingNodes.has(id))
  const before = graph.existingNodes.get(id)
  if (before !== undefined && before["kind"] !== kind) {
    unprocessable(`${at}: node ${id} is a ${String(before["kind"])} node; a node keeps its kind (add a new node instead).`)
  }
  optionalText(node, "client_node_id", at, 255)
  optionalText(node, "annotation", at, 1024)
  if (node["duration_seconds"] !== undefined) {
    integer(node["duration_seconds"], `${at}.duration_seconds`, 60, maxDurationSeconds)
  }
  if (node["relative_to"] !== undefined) {
    oneOf(node["relative_to"], timeReferences, `${at}.relative_to`)
  }
  if (node["windows"] !== undefined) checkWindows(node["windows"], `${at}.windows`)
  for (const key of ["time_zone", "template_id", "iam_id", "webhook_id"]) optionalText(node, key, at, 255)
  boolean(node, "use_user_time_zone", at)
  boolean(node, "randomize_on_entry", at)
  if (node["user_ttl_seconds"] !== undefined) {
    integer(node["user_ttl_seconds"], `${at}.user_ttl_seconds`, 0, Number.MAX_SAFE_INTEGER)
  }
  if (node["assignments"] !== undefined) stringMap(node["assignments"], `${at}.assignments`, 255, 1024)
  if (node["expiration"] !== undefined && node["expiration"] !== null) {
    const expiration = object(node["expiration"], `${at}.expiration`)
    if (expiration["duration_seconds"] !== undefined) {
      integer(expiration["duration_seconds"], `${at}.expiration.duration_seconds`, 60, maxDurationSeconds)
    }
    boolean(expiration, "exits", `${at}.expiration`)
  }
  const branches = node["branches"] === undefined
    ? []
    : array(node["branches"], `${at}.branches`).map((entry, i) => checkBranch(entry, `${at}.branches[${i}]`, graph))
  checkBranchShape(kind, branches, at)
  const out: Json = {}
  for (const key of nodeFields) {
    if (node[key] !== undefined && node[key] !== null) out[key] = node[key]
  }
  out["id"] = id
  if (node["branches"] !== undefined) out["branches"] = branches
  return out
}

const checkBranch = (value: unknown, at: string, graph: GraphContext): Json => {
  const branch = object(value, at)
  const id = assignedId(branch["id"], at, graph, (id) => graph.existingBranches.has(id))
  const out: Json = { id }
  if (branch["weight"] !== undefined) {
    if (typeof branch["weight"] !== "number" || !Number.isFinite(branch["weight"]) || branch["weight"] < 0) {
      invalid(`${at}.weight must be a number of at least 0.`)
    }
    out["weight"] = branch["weight"]
  }
  if (branch["condition"] !== undefined) out["condition"] = checkCondition(branch["condition"], `${at}.condition`, graph)
  out["nodes"] = branch["nodes"] === undefined
    ? []
    : array(branch["nodes"], `${at}.nodes`).map((entry, i) => checkNode(entry, `${at}.nodes[${i}]`, graph))
  return out
}

/** Every node of a graph, at any depth, in order. */
const allNodes = (nodes: ReadonlyArray<Json>): Array<Json> =>
  nodes.flatMap((node) => [
    node,
    ...((node["branches"] as ReadonlyArray<Json> | undefined) ?? []).flatMap((branch) =>
      allNodes((branch["nodes"] as ReadonlyArray<Json> | undefined) ?? [])
    )
  ])

/** Every branch of a graph, at any depth. */
const allBranches = (nodes: ReadonlyArray<Json>): Array<Json> =>
  allNodes(nodes).flatMap((node) => (node["branches"] as ReadonlyArray<Json> | undefined) ?? [])

/**
 * The graph-wide rules, once every node has its id: `client_node_id`s are
 * unique, and a condition's sending node (by `sending_node_id`, or by
 * `client_node_id`, which becomes the `sending_node_id`) is a node of the
 * graph.
 */
const linkGraph = (nodes: ReadonlyArray<Json>): void => {
  const byClientId = new Map<string, string>()
  const ids = new Set<string>()
  for (const node of allNodes(nodes)) {
    ids.add(node["id"] as string)
    const clientId = node["client_node_id"]
    if (typeof clientId !== "string") continue
    if (byClientId.has(clientId)) invalid(`client_node_id ${JSON.stringify(clientId)} is used by two nodes.`)
    byClientId.set(clientId, node["id"] as string)
  }
  for (const branch of allBranches(nodes)) {
    const condition = branch["condition"] as Json | undefined
    if (condition === undefined) continue
    const clientId = condition["client_node_id"]
    if (typeof clientId === "string") {
      const id = byClientId.get(clientId)
      if (id === undefined) invalid(`condition.client_node_id ${JSON.stringify(clientId)} names no node.`)
      condition["sending_node_id"] = id
      delete condition["client_node_id"]
    }
    const sending = condition["sending_node_id"]
    if (typeof sending === "string" && !ids.has(sending)) {
      invalid(`condition.sending_node_id ${JSON.stringify(sending)} is not a node of this journey.`)
    }
  }
}

const checkGraph = (value: unknown, graph: GraphContext): Array<Json> => {
  const nodes = array(value, "nodes").map((entry, i) => checkNode(entry, `nodes[${i}]`, graph))
  linkGraph(nodes)
  return nodes
}

/** A deep copy of a graph with new ids for every node and branch, `sending_node_id`s following them. */
const copyGraph = (nodes: ReadonlyArray<Json>, newId: () => string): Array<Json> => {
  const copied = structuredClone(nodes) as Array<Json>
  const renamed = new Map<string, string>()
  for (const node of allNodes(copied)) {
    const id = newId()
    renamed.set(node["id"] as string, id)
    node["id"] = id
  }
  for (const branch of allBranches(copied)) {
    branch["id"] = newId()
    const condition = branch["condition"] as Json | undefined
    const sending = condition?.["sending_node_id"]
    if (condition !== undefined && typeof sending === "string" && renamed.has(sending)) {
      condition["sending_node_id"] = renamed.get(sending)
    }
  }
  return copied
}

// -----------------------------------------------------------------------------
// Journeys
// -----------------------------------------------------------------------------

/** RFC 7396: objects merge key by key, `null` removes a key, anything else replaces. */
const mergePatch = (target: unknown, patch: unknown): unknown => {
  if (!isRecord(patch)) return patch
  const out: Json = isRecord(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = mergePatch(out[key], value)
  }
  return out
}

/** Refuses the fields OneSignal sets (and, on create, `state` and `concurrency_key`). */
const refuseServerFields = (body: Json, alsoRefused: ReadonlyArray<string>): void => {
  for (const key of [...serverFields, ...alsoRefused]) {
    if (body[key] !== undefined) invalid(`${key} is set by OneSignal and cannot be sent here.`)
  }
}

/**
 * Checks a journey's writable fields (already merged, for an update) and
 * gives them back normalized: the stored `fields` and the node graph.
 */
const checkJourney = (
  merged: Json,
  graph: GraphContext
): { readonly fields: Json; readonly nodes: Array<Json> } => {
  const name = merged["name"]
  if (name === undefined) invalid("name is required.")
  if (text(name, "name", 300).trim() === "") invalid("name must not be empty.")
  if (merged["description"] !== undefined) text(merged["description"], "description", 1024)
  if (merged["audience"] !== undefined) checkAudience(graph.store, graph.appId, merged["audience"])
  if (merged["early_exit"] !== undefined) checkEarlyExit(graph.store, graph.appId, merged["early_exit"])
  if (merged["reentry_rules"] !== undefined) checkReentry(merged["reentry_rules"])
  if (merged["schedule"] !== undefined) checkSchedule(merged["schedule"])
  const nodes = merged["nodes"] === undefined ? [] : checkGraph(merged["nodes"], graph)
  const fields: Json = {}
  for (const key of journeyFields) {
    if (key !== "nodes" && merged[key] !== undefined) fields[key] = structuredClone(merged[key])
  }
  return { fields, nodes }
}

const graphOf = (context: RouteContext, appId: string, journey: JourneyRecord | undefined): GraphContext => ({
  store: context.store,
  appId,
  existingNodes: new Map(allNodes(journey?.nodes ?? []).map((node) => [node["id"] as string, node])),
  existingBranches: new Set(allBranches(journey?.nodes ?? []).map((branch) => branch["id"] as string)),
  idsAllowed: journey !== undefined,
  newId: context.newId
})

/** A scheduled journey whose start time has come is active. */
const settle = (journey: JourneyRecord, nowMillis: number): JourneyRecord => {
  if (journey.state !== "scheduled") return journey
  const startAt = isRecord(journey.fields["schedule"]) ? journey.fields["schedule"]["start_at"] : undefined
  const start = typeof startAt === "string" ? Date.parse(startAt) : Number.NaN
  if (!Number.isNaN(start) && start <= nowMillis) {
    journey.state = "active"
    journey.startedAt = start
  }
  return journey
}

const findJourney = (context: RouteContext, appId: string): JourneyRecord => {
  const journey = context.store.journeys.get(context.params["journey_id"]!)
  return journey !== undefined && journey.appId === appId ? settle(journey, context.nowMillis) : journeyNotFound()
}

// Keys and cursors are base64 of ASCII text (ids are UUIDs, the app id is
// percent-encoded), so `btoa` / `atob` suffice.
const concurrencyKey = (journey: JourneyRecord): string => btoa(`${journey.id}:${journey.revision}`)

/** A stale `concurrency_key` is a 409; an absent one skips the check. */
const checkConcurrency = (journey: JourneyRecord, key: unknown): void => {
  if (key === undefined) return
  if (typeof key !== "string") invalid("concurrency_key must be a string.")
  if (key !== concurrencyKey(journey)) {
    refuse(409, "conflict", "The journey changed since it was read: read it again and retry with its concurrency_key.")
  }
}

const time = (millis: number | undefined): string | null => millis === undefined ? null : isoDate(millis)

/** What a journey shows in a list (`JourneyListItem`). */
const summaryView = (journey: JourneyRecord): Json => {
  const audience = journey.fields["audience"]
  return {
    id: journey.id,
    app_id: journey.appId,
    name: journey.fields["name"],
    state: journey.state,
    created_at: isoDate(journey.createdAt),
    updated_at: isoDate(journey.updatedAt),
    started_at: time(journey.startedAt),
    archived_at: time(journey.archivedAt),
    created_source: "public_api",
    schedule: journey.fields["schedule"] ?? null,
    reentry_rules: journey.fields["reentry_rules"] ?? null,
    audience: isRecord(audience) ? { kind: audience["kind"] } : null
  }
}

/** A journey in full (`Journey`). */
const journeyView = (journey: JourneyRecord): Json => ({
  ...summaryView(journey),
  description: journey.fields["description"] ?? "",
  audience: journey.fields["audience"] ?? null,
  early_exit: journey.fields["early_exit"] ?? null,
  nodes: structuredClone(journey.nodes),
  concurrency_key: concurrencyKey(journey)
})

/**
 * Applies a requested state. Allowed: draft → active (with an audience and
 * nodes) or scheduled (with a `start_at` at least 5 minutes ahead);
 * scheduled → active or draft; any running state → archived. Everything
 * else the state forbids is a 422.
 */
const transition = (journey: JourneyRecord, target: unknown, nowMillis: number): void => {
  if (target === undefined || target === journey.state) return
  const to = oneOf(target, targetStates, "state") as JourneyState
  const from = journey.state
  if (to === "archived") {
    journey.state = "archived"
    journey.archivedAt = nowMillis
    return
  }
  if (to === "draft") {
    if (from !== "scheduled" && from !== "processing") {
      unprocessable(`A ${from} journey cannot return to draft: only scheduled and processing journeys can.`)
    }
    journey.state = "draft"
    return
  }
  if (from !== "draft" && !(from === "scheduled" && to === "active")) {
    unprocessable(`A ${from} journey cannot move to ${to}.`)
  }
  if (journey.fields["audience"] === undefined || journey.nodes.length === 0) {
    unprocessable("A journey needs an audience and at least one node to start.")
  }
  if (to === "scheduled") {
    const schedule = journey.fields["schedule"]
    const startAt = isRecord(schedule) ? schedule["start_at"] : undefined
    if (typeof startAt !== "string" || Date.parse(startAt) < nowMillis + scheduleLeadMillis) {
      unprocessable("A scheduled journey needs a schedule.start_at at least 5 minutes ahead.")
    }
    journey.state = "scheduled"
    return
  }
  journey.state = "active"
  journey.startedAt = nowMillis
}

/**
 * The rules of a journey users are in: a `split_range` node's branches
 * (their ids and weights) are fixed once the journey is live, and so is the
 * audience of a `future_additions_only` journey.
 */
const checkLiveEdit = (journey: JourneyRecord, fields: Json, nodes: ReadonlyArray<Json>): void => {
  if (journey.state !== "active" && journey.state !== "processing") return
  const split = (node: Json) =>
    JSON.stringify(((node["branches"] as ReadonlyArray<Json> | undefined) ?? []).map((b) => [b["id"], b["weight"]]))
  const after = new Map(allNodes(nodes).map((node) => [node["id"], node]))
  for (const node of allNodes(journey.nodes)) {
    const now = after.get(node["id"])
    if (node["kind"] === "split_range" && now !== undefined && split(now) !== split(node)) {
      unprocessable(`Node ${String(node["id"])}: a split's branches cannot change while the journey is live.`)
    }
  }
  const audience = journey.fields["audience"]
  if (
    isRecord(audience) && audience["future_additions_only"] === true &&
    JSON.stringify(fields["audience"]) !== JSON.stringify(audience)
  ) {
    unprocessable("The audience of a live future_additions_only journey cannot change.")
  }
}

// -----------------------------------------------------------------------------
// Handlers
// -----------------------------------------------------------------------------

/** The writable fields of a body, without `state` and `concurrency_key`. */
const writable = (body: Json): Json => {
  const out: Json = {}
  for (const key of journeyFields) if (key in body) out[key] = body[key]
  return out
}

const newJourney = (context: RouteContext, appId: string, checked: ReturnType<typeof checkJourney>): JourneyRecord => {
  const journey: JourneyRecord = {
    id: context.newId(),
    appId,
    fields: checked.fields,
    nodes: checked.nodes,
    state: "draft",
    createdAt: context.nowMillis,
    updatedAt: context.nowMillis,
    startedAt: undefined,
    archivedAt: undefined,
    revision: 1
  }
  context.store.journeys.set(journey.id, journey)
  return journey
}

const create = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  refuseServerFields(body, ["state", "concurrency_key"])
  const checked = checkJourney(mergePatch({}, writable(body)) as Json, graphOf(context, app.id, undefined))
  return respond(201, journeyView(newJourney(context, app.id, checked)))
}

/** The newest first order of a list: creation time, then id, both descending. */
const newerFirst = (a: JourneyRecord, b: JourneyRecord): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

const encodeCursor = (journey: JourneyRecord): string =>
  btoa(JSON.stringify([encodeURIComponent(journey.appId), journey.createdAt, journey.id]))

/** The position a cursor of this app stands for, or a 400. */
const decodeCursor = (cursor: string, appId: string): { readonly createdAt: number; readonly id: string } => {
  try {
    const decoded: unknown = JSON.parse(atob(cursor))
    if (
      Array.isArray(decoded) && decoded.length === 3 && decoded[0] === encodeURIComponent(appId) &&
      typeof decoded[1] === "number" &&
      typeof decoded[2] === "string"
    ) {
      return { createdAt: decoded[1], id: decoded[2] }
    }
  } catch {
    // answered below
  }
  return invalid("cursor is not valid: pass a next_cursor from this app's list, unchanged.")
}

const list = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const { query } = context.request
  const rawLimit = query["limit"]
  const limit = rawLimit === undefined || rawLimit.trim() === ""
    ? pageSize
    : Math.min(integer(Number(rawLimit), "limit", 1, Number.MAX_SAFE_INTEGER), pageSize)
  const all = [...context.store.journeys.values()]
    .filter((journey) => journey.appId === app.id)
    .map((journey) => settle(journey, context.nowMillis))
    .sort(newerFirst)
  const cursor = query["cursor"]
  let from = 0
  if (cursor !== undefined && cursor !== "") {
    const position = decodeCursor(cursor, app.id)
    const after = all.findIndex((journey) =>
      journey.createdAt < position.createdAt || (journey.createdAt === position.createdAt && journey.id < position.id)
    )
    from = after === -1 ? all.length : after
  }
  const page = all.slice(from, from + limit)
  const hasMore = from + limit < all.length
  return ok({
    journeys: page.map(summaryView),
    has_more: hasMore,
    ...(hasMore ? { next_cursor: encodeCursor(page[page.length - 1]!) } : {})
  })
}

const view = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  return ok(journeyView(findJourney(context, app.id)))
}

const update = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const journey = findJourney(context, app.id)
  const body = context.body()
  refuseServerFields(body, [])
  checkConcurrency(journey, body["concurrency_key"])
  if (journey.state === "archived") unprocessable("An archived journey cannot be edited or restarted.")
  const patch = writable(body)
  const current: Json = { ...journey.fields, nodes: journey.nodes }
  const checked = checkJourney(mergePatch(current, patch) as Json, graphOf(context, app.id, journey))
  checkLiveEdit(journey, checked.fields, checked.nodes)
  const before = { fields: journey.fields, nodes: journey.nodes, state: journey.state, startedAt: journey.startedAt }
  journey.fields = checked.fields
  journey.nodes = checked.nodes
  try {
    transition(journey, body["state"], context.nowMillis)
  } catch (error) {
    Object.assign(journey, before)
    throw error
  }
  journey.updatedAt = context.nowMillis
  journey.revision++
  return ok(journeyView(journey))
}

/** Replaces the node with `id`, wherever it is in the graph; whether it was found. */
const replaceNode = (nodes: Array<Json>, id: string, next: Json): boolean => {
  for (const [i, node] of nodes.entries()) {
    if (node["id"] === id) {
      nodes[i] = next
      return true
    }
    for (const branch of (node["branches"] as Array<Json> | undefined) ?? []) {
      if (replaceNode((branch["nodes"] as Array<Json> | undefined) ?? [], id, next)) return true
    }
  }
  return false
}

const updateNode = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const journey = findJourney(context, app.id)
  const nodeId = context.params["node_id"]!
  const node = allNodes(journey.nodes).find((candidate) => candidate["id"] === nodeId)
  if (node === undefined) return refuse(404, "not_found", `Node ${nodeId} not found in this journey.`)
  const body = context.body()
  for (const key of ["id", "kind"]) {
    if (body[key] !== undefined) invalid(`A node's ${key} cannot be changed.`)
  }
  checkConcurrency(journey, body["concurrency_key"])
  if (journey.state === "archived") unprocessable("An archived journey cannot be edited.")
  const patch: Json = {}
  for (const key of nodeFields) if (key in body) patch[key] = body[key]
  const graph = graphOf(context, app.id, journey)
  const merged = checkNode(mergePatch(node, patch), `node ${nodeId}`, graph)
  const nodes = structuredClone(journey.nodes)
  replaceNode(nodes, nodeId, merged)
  linkGraph(nodes)
  checkLiveEdit(journey, journey.fields, nodes)
  journey.nodes = nodes
  journey.updatedAt = context.nowMillis
  journey.revision++
  return ok(journeyView(journey))
}

const remove = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const journey = findJourney(context, app.id)
  context.store.journeys.delete(journey.id)
  return ok({ success: true })
}

const messageKinds = new Set(["send_push", "send_email", "send_sms", "send_iam", "send_webhook"])

/** The stats of a journey no user has entered yet: zeros for the journey and every node and branch. */
const stats = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const journey = findJourney(context, app.id)
  const nodes: Json = {}
  for (const node of allNodes(journey.nodes)) {
    nodes[node["id"] as string] = {
      kind: node["kind"],
      waiting: 0,
      completed: 0,
      exited_early: 0,
      ...(messageKinds.has(node["kind"] as string) ? { message_stats: { totals: {} } } : {})
    }
  }
  const branches: Json = {}
  for (const branch of allBranches(journey.nodes)) branches[branch["id"] as string] = { completed: 0 }
  return ok({ id: journey.id, started: 0, completed: 0, exited_early: 0, nodes, branches })
}

/**
 * Copies a journey into a new draft: the source's fields with `overrides`
 * applied on top, and its graph with new ids (or the overriding `nodes`,
 * which may carry no ids). Top-level fields besides `overrides` are
 * ignored, as OneSignal does.
 */
const duplicate = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const source = findJourney(context, app.id)
  const body = context.body()
  const overrides = body["overrides"] === undefined ? {} : object(body["overrides"], "overrides")
  refuseServerFields(overrides, ["state", "concurrency_key"])
  const copied: Json = {
    ...structuredClone(source.fields),
    name: `${String(source.fields["name"])} (Copy)`.slice(0, 300)
  }
  for (const key of journeyFields) {
    if (key === "nodes" || !(key in overrides)) continue
    if (overrides[key] === null) delete copied[key]
    else copied[key] = overrides[key]
  }
  const graph = graphOf(context, app.id, undefined)
  const checked = checkJourney(
    { ...copied, ...(overrides["nodes"] === undefined ? {} : { nodes: overrides["nodes"] }) },
    graph
  )
  const nodes = overrides["nodes"] === undefined ? copyGraph(source.nodes, context.newId) : checked.nodes
  return respond(201, journeyView(newJourney(context, app.id, { fields: checked.fields, nodes })))
}

export const handlers: Handlers = {
  createJourney: create,
  viewJourneys: list,
  viewJourney: view,
  updateJourney: update,
  deleteJourney: remove,
  updateJourneyNode: updateNode,
  viewJourneyStats: stats,
  duplicateJourney: duplicate
}
