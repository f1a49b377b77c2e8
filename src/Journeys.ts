/**
 * Journeys: automated, multi-step message flows. A journey has an entry
 * `audience` (users of segments, or users sending an event) and an ordered
 * graph of `nodes` (waits, time windows, sends on every channel, tags,
 * splits and yes/no branches, waits for a condition); branching nodes hold
 * `branches`, and a branch holds nodes of its own, to any depth.
 *
 * A journey is created in the `draft` state; `updateJourney` with
 * `state: "active"` (or `"scheduled"` with a future `schedule.start_at`)
 * starts it, and `state: "archived"` stops it for good. Updates are JSON
 * Merge Patches: send only what changes, `null` resets a nullable field, and
 * `nodes` is replaced as a whole (keep each node's `id` to keep the users
 * waiting on it; `updateJourneyNode` changes one node without resending the
 * graph). Pass the `concurrency_key` of a previous read to have a concurrent
 * change refused with 409 (`Conflict`) instead of overwritten.
 *
 * The Journeys API is in beta at OneSignal: routes and fields can still
 * change. Answers are decoded leniently (unknown fields dropped, unknown
 * states and node kinds kept as strings). Every operation needs the REST API
 * key and lives on the `OneSignal` service.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { Conflict, NotFound } from "./OneSignalError.js"
import { GenericSuccessBoolResponse, JsonObject } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Closed sets
// -----------------------------------------------------------------------------

/**
 * Where a journey is in its life: `draft` (editable, not running),
 * `scheduled` (starts at `schedule.start_at`), `processing` (activation in
 * progress), `active` (users enter and move through it), `archived`
 * (stopped for good).
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyState = Schema.Literal("draft", "scheduled", "processing", "active", "archived")

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyState = typeof JourneyState.Type

/**
 * The states `updateJourney` can move a journey to (`processing` is
 * OneSignal's own, transient).
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyTargetState = Schema.Literal("draft", "scheduled", "active", "archived")

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyTargetState = typeof JourneyTargetState.Type

/**
 * What a node does; the kind decides which of the node's other fields apply.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyNodeKind = Schema.Literal(
  "wait",
  "time_window",
  "send_push",
  "send_email",
  "send_sms",
  "send_iam",
  "send_webhook",
  "tag",
  "split_range",
  "yes_no",
  "wait_until"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyNodeKind = typeof JourneyNodeKind.Type

/**
 * How users enter a journey: by segment membership, or by sending an event.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyAudienceKind = Schema.Literal("segment", "event_trigger")

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyAudienceKind = typeof JourneyAudienceKind.Type

/**
 * What a branch condition tests: segment membership, an action on a message
 * the journey sent, or an event.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyConditionKind = Schema.Literal("segment_membership", "on_notification_action", "event_trigger")

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyConditionKind = typeof JourneyConditionKind.Type

/**
 * The message actions an `on_notification_action` condition can branch on;
 * which apply depends on the sending node's channel.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyConditionAction = Schema.Literal("received", "clicked", "opened")

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyConditionAction = typeof JourneyConditionAction.Type

/**
 * How an event attribute is compared with `value` (`exists` and
 * `not_exists` take no value).
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEventOperator = Schema.Literal(
  "equal",
  "not_equal",
  "less",
  "less_or_equal",
  "greater_or_equal",
  "greater",
  "is",
  "is_not",
  "exists",
  "not_exists",
  "before",
  "after"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEventOperator = typeof JourneyEventOperator.Type

/**
 * What a `time_window` node holds users against: the configured `windows`
 * in a time zone, or the user's last active time.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyTimeReference = Schema.Literal("schedule_in_timezone", "last_active_time")

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyTimeReference = typeof JourneyTimeReference.Type

const StringArray = Schema.Array(Schema.String)

const StringMap = Schema.Record({ key: Schema.String, value: Schema.String })

// -----------------------------------------------------------------------------
// Event attributes, audience, conditions
// -----------------------------------------------------------------------------

const eventAttributeFields = {
  /** The event property to compare. */
  key: Schema.String,
  /** How the property is compared with `value`. */
  operator: JourneyEventOperator,
  /** The value to compare with; not needed by `exists` and `not_exists`. */
  value: Schema.String
}

/**
 * One condition on a property of an event, as a request sends it: `key`
 * and `operator` are required.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEventAttributeInput = Schema.Struct(requestFields(eventAttributeFields, ["key", "operator"]))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEventAttributeInput = typeof JourneyEventAttributeInput.Type

/**
 * One condition on a property of an event, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEventAttribute = Schema.Struct(lenientFields(eventAttributeFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEventAttribute = typeof JourneyEventAttribute.Type

const audienceKindFields = {
  /** `segment` or `event_trigger`: which of the other fields apply. */
  kind: JourneyAudienceKind
}

/** The fields of an entry audience, once; the attributes' form differs. */
const audienceFieldsOf = <A extends Schema.Schema.AnyNoContext>(attribute: A) => ({
  ...audienceKindFields,
  /** Segment audiences: the segments (UUIDs of existing segments) whose users enter. */
  included_segment_ids: StringArray,
  /** Segment audiences: the segments whose users never enter. */
  excluded_segment_ids: StringArray,
  /** Segment audiences: only users who join a segment after activation enter (`false` by default). */
  future_additions_only: Schema.Boolean,
  /** Event audiences: the name of the event that makes a user enter, up to 255 characters. */
  name: Schema.String,
  /** Event audiences: conditions on the event's properties, one group of them (AND-ed). */
  attributes: Schema.Array(Schema.Array(attribute))
})

/**
 * Who enters a journey, as a request sends it: users of segments
 * (`kind: "segment"`) or users sending an event (`kind: "event_trigger"`).
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyAudienceInput = Schema.Struct(requestFields(audienceFieldsOf(JourneyEventAttributeInput), ["kind"]))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyAudienceInput = typeof JourneyAudienceInput.Type

/**
 * Who enters a journey, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyAudience = Schema.Struct(lenientFields(audienceFieldsOf(JourneyEventAttribute)))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyAudience = typeof JourneyAudience.Type

/**
 * The audience of a journey in a list (`viewJourneys`): its kind only.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyListAudience = Schema.Struct(lenientFields(audienceKindFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyListAudience = typeof JourneyListAudience.Type

/** The fields of a branch condition, once; the attributes' form differs. */
const conditionFieldsOf = <A extends Schema.Schema.AnyNoContext>(attribute: A) => ({
  /** What the condition tests: which of the other fields apply. */
  kind: JourneyConditionKind,
  /** `segment_membership`: segments the user must belong to. */
  included_segment_ids: StringArray,
  /** `segment_membership`: segments the user must not belong to. */
  excluded_segment_ids: StringArray,
  /** `on_notification_action`: the action on the message to branch on. */
  action: JourneyConditionAction,
  /** `on_notification_action`: the `id` of the node that sent the message. */
  sending_node_id: Schema.String,
  /** `on_notification_action`, requests only: the sending node by its `client_node_id` instead. */
  client_node_id: Schema.String,
  /** `event_trigger`: the event's name, up to 255 characters. */
  name: Schema.String,
  /** `event_trigger`: conditions on the event's properties, one group of them (AND-ed). */
  attributes: Schema.Array(Schema.Array(attribute)),
  /** `event_trigger`, event-entered journeys only: properties to match against the entry event. */
  entry_event_match_attributes: Schema.Array(JsonObject)
})

/**
 * The condition of a branch (of a `yes_no` or `wait_until` node), as a
 * request sends it: `kind` is required.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyConditionInput = Schema.Struct(requestFields(conditionFieldsOf(JourneyEventAttributeInput), ["kind"]))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyConditionInput = typeof JourneyConditionInput.Type

/**
 * The condition of a branch, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyCondition = Schema.Struct(lenientFields(conditionFieldsOf(JourneyEventAttribute)))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyCondition = typeof JourneyCondition.Type

// -----------------------------------------------------------------------------
// Early exit, re-entry, schedule
// -----------------------------------------------------------------------------

const onSegmentFields = {
  /** Users who join one of these segments leave the journey. */
  included_segment_ids: StringArray
}

/**
 * The segment rule of an early exit, as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExitRulesOnSegmentInput = Schema.Struct(requestFields(onSegmentFields, []))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExitRulesOnSegmentInput = typeof JourneyEarlyExitRulesOnSegmentInput.Type

/**
 * The segment rule of an early exit, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExitRulesOnSegment = Schema.Struct(lenientFields(onSegmentFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExitRulesOnSegment = typeof JourneyEarlyExitRulesOnSegment.Type

const onEventFields = {
  /** Users who send this event leave the journey. */
  name: Schema.String
}

/**
 * The event rule of an early exit, as a request sends it: `name` is
 * required.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExitRulesOnEventInput = Schema.Struct(requestFields(onEventFields, ["name"]))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExitRulesOnEventInput = typeof JourneyEarlyExitRulesOnEventInput.Type

/**
 * The event rule of an early exit, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExitRulesOnEvent = Schema.Struct(lenientFields(onEventFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExitRulesOnEvent = typeof JourneyEarlyExitRulesOnEvent.Type

/** The fields of the early-exit rules, once; each accepts `null` (an update clears that rule). */
const earlyExitRulesFieldsOf = <S extends Schema.Schema.AnyNoContext, E extends Schema.Schema.AnyNoContext>(
  onSegment: S,
  onEvent: E
) => ({
  /** Leave when joining one of the given segments. */
  on_segment: Schema.NullOr(onSegment),
  /** Leave when no longer matching the journey's audience (`false` by default). */
  when_not_in_audience: Schema.NullOr(Schema.Boolean),
  /** Leave when starting a new session (`false` by default). */
  on_session: Schema.NullOr(Schema.Boolean),
  /** Leave when sending the given event. */
  on_event: Schema.NullOr(onEvent)
})

/**
 * What makes a user leave a journey early, as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExitRulesInput = Schema.Struct(
  requestFields(earlyExitRulesFieldsOf(JourneyEarlyExitRulesOnSegmentInput, JourneyEarlyExitRulesOnEventInput), [])
)

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExitRulesInput = typeof JourneyEarlyExitRulesInput.Type

/**
 * What makes a user leave a journey early, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExitRules = Schema.Struct(
  lenientFields(earlyExitRulesFieldsOf(JourneyEarlyExitRulesOnSegment, JourneyEarlyExitRulesOnEvent))
)

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExitRules = typeof JourneyEarlyExitRules.Type

/** The fields of a journey's early exit, once; the rules' form differs. */
const earlyExitFieldsOf = <R extends Schema.Schema.AnyNoContext>(rules: R) => ({
  /** The rules that make a user leave early. */
  rules,
  /** Tags (key to value) set on a user who leaves early. */
  tag_on_early_exit: StringMap
})

/**
 * A journey's early-exit settings, as a request sends them.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExitInput = Schema.Struct(requestFields(earlyExitFieldsOf(JourneyEarlyExitRulesInput), []))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExitInput = typeof JourneyEarlyExitInput.Type

/**
 * A journey's early-exit settings, as OneSignal answers them.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyEarlyExit = Schema.Struct(lenientFields(earlyExitFieldsOf(JourneyEarlyExitRules)))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyEarlyExit = typeof JourneyEarlyExit.Type

const reentryFields = {
  /** The least time, in seconds, before a user may enter again; at least 600. */
  duration_seconds: Schema.Int
}

/**
 * Whether and when users may enter a journey again, as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyReentryRulesInput = Schema.Struct(requestFields(reentryFields, []))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyReentryRulesInput = typeof JourneyReentryRulesInput.Type

/**
 * Whether and when users may enter a journey again, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyReentryRules = Schema.Struct(lenientFields(reentryFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyReentryRules = typeof JourneyReentryRules.Type

const scheduleFields = {
  /** When the journey starts, ISO 8601 in UTC; at least 5 minutes ahead. */
  start_at: Schema.String,
  /** When the journey stops, ISO 8601 in UTC; after `start_at`. */
  stop_at: Schema.String
}

/**
 * When a journey runs, as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyScheduleInput = Schema.Struct(requestFields(scheduleFields, []))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyScheduleInput = typeof JourneyScheduleInput.Type

/**
 * When a journey runs, as OneSignal answers it, with the scheduling error
 * when there was one.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneySchedule = Schema.Struct(lenientFields({
  ...scheduleFields,
  /** Why scheduling failed, when it did (set by OneSignal). */
  error: Schema.String
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneySchedule = typeof JourneySchedule.Type

// -----------------------------------------------------------------------------
// Time windows, expiration
// -----------------------------------------------------------------------------

const timePointFields = {
  /** The hour, 0 to 23. */
  hour: Schema.Int,
  /** The minute, 0 to 59 (0 when absent). */
  minute: Schema.Int
}

/**
 * A time of day, as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyTimePointInput = Schema.Struct(requestFields(timePointFields, []))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyTimePointInput = typeof JourneyTimePointInput.Type

/**
 * A time of day, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyTimePoint = Schema.Struct(lenientFields(timePointFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyTimePoint = typeof JourneyTimePoint.Type

/** The fields of a time window, once; the time points' form differs. */
const timeWindowFieldsOf = <P extends Schema.Schema.AnyNoContext>(point: P) => ({
  /** When the window opens. */
  start: point,
  /** When the window closes. */
  end: point,
  /** The day it applies to, 1 (Monday) to 7; every day when absent. */
  day_of_week: Schema.Int
})

/**
 * When a `time_window` node lets users through, as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyTimeWindowInput = Schema.Struct(requestFields(timeWindowFieldsOf(JourneyTimePointInput), []))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyTimeWindowInput = typeof JourneyTimeWindowInput.Type

/**
 * When a `time_window` node lets users through, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyTimeWindow = Schema.Struct(lenientFields(timeWindowFieldsOf(JourneyTimePoint)))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyTimeWindow = typeof JourneyTimeWindow.Type

const expirationFields = {
  /** How long the node waits for its conditions, in seconds: 60 to 31,556,952 (a year). */
  duration_seconds: Schema.Int,
  /** `true`: the user leaves the journey when the time is up; `false`: the user goes on. */
  exits: Schema.Boolean
}

/**
 * How long a `wait_until` node waits, as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyWaitUntilExpirationInput = Schema.Struct(requestFields(expirationFields, []))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyWaitUntilExpirationInput = typeof JourneyWaitUntilExpirationInput.Type

/**
 * How long a `wait_until` node waits, as OneSignal answers it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyWaitUntilExpiration = Schema.Struct(lenientFields(expirationFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyWaitUntilExpiration = typeof JourneyWaitUntilExpiration.Type

// -----------------------------------------------------------------------------
// Nodes and branches
// -----------------------------------------------------------------------------

/**
 * The response form of the recursive links (a node's `branches`, a
 * branch's `nodes`): optional and nullable like `lenientFields`, without its
 * type-level look into the linked model, which a model reaching itself
 * cannot afford. The linked models are lenient themselves.
 */
type ReportedLinks<F extends Readonly<Record<string, Schema.Schema.All>>> = {
  readonly [K in keyof F]: Schema.optional<Schema.NullOr<F[K]>>
}

const reportedLinks = <F extends Readonly<Record<string, Schema.Schema.All>>>(fields: F): ReportedLinks<F> => {
  const out: Record<string, Schema.PropertySignature.All> = {}
  for (const [key, schema] of Object.entries(fields)) out[key] = Schema.optional(Schema.NullOr(schema))
  return out as unknown as ReportedLinks<F>
}

const nodeIdentityFields = {
  /** The node's id, assigned by OneSignal: kept on update to keep the node; refused on create. */
  id: Schema.String,
  /** What the node does: which of the other fields apply. */
  kind: JourneyNodeKind
}

/** The settings of a node (what `updateJourneyNode` may change), once; the nested models' forms differ. */
const nodeSettingsFieldsOf = <W extends Schema.Schema.AnyNoContext, X extends Schema.Schema.AnyNoContext>(
  window: W,
  expiration: X
) => ({
  /** Your own id of the node, unique in the journey, to refer to it within the same request. */
  client_node_id: Schema.String,
  /** A free-text label, up to 1,024 characters; no effect on the journey. */
  annotation: Schema.String,
  /** `wait`: how long to hold the user, in seconds: 60 to 31,556,952 (a year). */
  duration_seconds: Schema.Int,
  /** `time_window`: the windows in a time zone, or relative to the user's last active time. */
  relative_to: JourneyTimeReference,
  /** `time_window`: the windows users may go through in (required with `schedule_in_timezone`). */
  windows: Schema.Array(window),
  /** `time_window`: the IANA time zone used when the user's is unknown. */
  time_zone: Schema.String,
  /** `time_window`: use the user's own time zone when known. */
  use_user_time_zone: Schema.Boolean,
  /** `send_push`, `send_email`, `send_sms`: the template to send (a UUID). */
  template_id: Schema.String,
  /** `send_iam`: the in-app message to show (a UUID). */
  iam_id: Schema.String,
  /** `send_iam`: how long the in-app message stays available, in seconds. */
  user_ttl_seconds: Schema.Int,
  /** `send_webhook`: the webhook to call (a UUID). */
  webhook_id: Schema.String,
  /** `tag`: tags to set (key to value; `""` removes the tag); keys up to 255, values up to 1,024 characters. */
  assignments: StringMap,
  /** `split_range`: assign each user a branch at random on every entry (`false` by default). */
  randomize_on_entry: Schema.Boolean,
  /** `wait_until`: how long to wait for a condition; `null` (in an update) waits indefinitely. */
  expiration: Schema.NullOr(expiration)
})

/** A node's link to its branches, once; the branches' form differs. */
const nodeLinksOf = <B extends Schema.Schema.AnyNoContext>(branch: B) => ({
  /**
   * Branching nodes: the branches. `split_range` takes 2 to 25 weighted
   * branches (weights summing to 100), `yes_no` exactly 2, `wait_until` 1
   * to 25 conditions.
   */
  branches: Schema.Array(branch)
})

/** The fields of a branch, once; the condition's form differs. */
const branchFieldsOf = <C extends Schema.Schema.AnyNoContext>(condition: C) => ({
  /** The branch's id, assigned by OneSignal: kept on update to keep the branch; refused on create. */
  id: Schema.String,
  /** `yes_no` and `wait_until` branches: when a user takes this branch. */
  condition,
  /** `split_range` branches: the share of users, in percent (a node's weights sum to 100). */
  weight: Schema.Finite
})

/** A branch's link to its nodes, once; the nodes' form differs. */
const branchLinksOf = <N extends Schema.Schema.AnyNoContext>(node: N) => ({
  /** The nodes a user goes through on this branch, before the flow joins the node after the branching one. */
  nodes: Schema.Array(node)
})

const journeyNodeInputFields = {
  ...requestFields(nodeIdentityFields, ["kind"]),
  ...requestFields(nodeSettingsFieldsOf(JourneyTimeWindowInput, JourneyWaitUntilExpirationInput), []),
  ...requestFields(
    nodeLinksOf(Schema.suspend((): Schema.Schema<JourneyBranchInput> => JourneyBranchInput)),
    []
  )
}

/**
 * A node as a request sends it: `kind` is required; `id` only in an update,
 * to keep an existing node.
 *
 * @since 0.1.0
 * @category Models
 */
export interface JourneyNodeInput extends Schema.Struct.Type<typeof journeyNodeInputFields> {}

/**
 * A node as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyNodeInput: Schema.Schema<JourneyNodeInput> = Schema.Struct(journeyNodeInputFields)

const journeyBranchInputFields = {
  ...requestFields(branchFieldsOf(JourneyConditionInput), []),
  ...requestFields(branchLinksOf(JourneyNodeInput), [])
}

/**
 * A branch of a branching node as a request sends it; `id` only in an
 * update, to keep an existing branch.
 *
 * @since 0.1.0
 * @category Models
 */
export interface JourneyBranchInput extends Schema.Struct.Type<typeof journeyBranchInputFields> {}

/**
 * A branch of a branching node as a request sends it.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyBranchInput: Schema.Schema<JourneyBranchInput> = Schema.Struct(journeyBranchInputFields)

/**
 * A node of a journey as OneSignal answers it, with its `id` and, for a
 * branching node, its branches and their nodes.
 *
 * @since 0.1.0
 * @category Models
 */
export class JourneyNode extends Schema.Class<JourneyNode>("effect-onesignal/JourneyNode")({
  ...lenientFields(nodeIdentityFields),
  ...lenientFields(nodeSettingsFieldsOf(JourneyTimeWindow, JourneyWaitUntilExpiration)),
  ...reportedLinks(nodeLinksOf(Schema.suspend((): Schema.Schema<JourneyBranch> => JourneyBranch)))
}) {}

/**
 * A branch of a branching node as OneSignal answers it, with its `id` and
 * its nodes.
 *
 * @since 0.1.0
 * @category Models
 */
export class JourneyBranch extends Schema.Class<JourneyBranch>("effect-onesignal/JourneyBranch")({
  ...lenientFields(branchFieldsOf(JourneyCondition)),
  ...reportedLinks(branchLinksOf(JourneyNode))
}) {}

// -----------------------------------------------------------------------------
// Journeys
// -----------------------------------------------------------------------------

/** The fields a journey shows in a list too, once; the nested models' forms differ. */
const journeySummaryFieldsOf = <S extends Schema.Schema.AnyNoContext, R extends Schema.Schema.AnyNoContext>(
  schedule: S,
  reentry: R
) => ({
  /** The journey's name, 1 to 300 characters. */
  name: Schema.String,
  /** When the journey runs; `null` (in an update) clears it. */
  schedule: Schema.NullOr(schedule),
  /** Whether users may enter again; `null` (in an update) resets it. */
  reentry_rules: Schema.NullOr(reentry)
})

/** The writable fields of a journey, once; the nested models' forms differ. */
const journeyFieldsOf = <
  A extends Schema.Schema.AnyNoContext,
  E extends Schema.Schema.AnyNoContext,
  R extends Schema.Schema.AnyNoContext,
  S extends Schema.Schema.AnyNoContext,
  N extends Schema.Schema.AnyNoContext
>(audience: A, earlyExit: E, reentry: R, schedule: S, node: N) => ({
  ...journeySummaryFieldsOf(schedule, reentry),
  /** A description, up to 1,024 characters (`""` by default); `null` (in an update) clears it. */
  description: Schema.NullOr(Schema.String),
  /** Who enters the journey. */
  audience,
  /** What makes users leave early; `null` (in an update) resets it. */
  early_exit: Schema.NullOr(earlyExit),
  /** The ordered nodes of the journey; in an update, the whole graph, replacing the current one. */
  nodes: Schema.Array(node)
})

/** The fields OneSignal sets, shown by reads and lists. */
const journeyStatusFields = {
  /** The journey's id (a UUID). */
  id: Schema.String,
  /** The app the journey belongs to (a UUID). */
  app_id: Schema.String,
  /** Where the journey is in its life (`draft` when created). */
  state: JourneyState,
  /** When the journey was created, ISO 8601. */
  created_at: Schema.String,
  /** When the journey was last changed, ISO 8601. */
  updated_at: Schema.String,
  /** When the journey was activated, ISO 8601; `null` before (and briefly after, while processing). */
  started_at: Schema.String,
  /** When the journey was archived, ISO 8601; `null` unless archived. */
  archived_at: Schema.String,
  /** Where the journey was made, e.g. `public_api` or `dashboard`. */
  created_source: Schema.String
}

const concurrencyFields = {
  /**
   * The optimistic-concurrency token of a read: sent back unchanged with an
   * update, it makes OneSignal refuse the update with 409 (`Conflict`) when
   * the journey changed in between. Opaque: never build or parse it.
   */
  concurrency_key: Schema.String
}

const journeyInputFields = () =>
  journeyFieldsOf(
    JourneyAudienceInput,
    JourneyEarlyExitInput,
    JourneyReentryRulesInput,
    JourneyScheduleInput,
    JourneyNodeInput
  )

/**
 * A journey as OneSignal answers it (create, read, update, duplicate): its
 * state and times, audience, rules and the whole node graph, with the
 * `concurrency_key` to guard an update.
 *
 * @since 0.1.0
 * @category Models
 */
export class Journey extends Schema.Class<Journey>("effect-onesignal/Journey")(lenientFields({
  ...journeyStatusFields,
  ...journeyFieldsOf(JourneyAudience, JourneyEarlyExit, JourneyReentryRules, JourneySchedule, JourneyNode),
  ...concurrencyFields
})) {}

/**
 * A journey in a list (`viewJourneys`): its identity, state, times,
 * schedule, re-entry rules and audience kind. Read it with `viewJourney` for
 * the rest (description, nodes, early exit, `concurrency_key`).
 *
 * @since 0.1.0
 * @category Models
 */
export class JourneyListItem extends Schema.Class<JourneyListItem>("effect-onesignal/JourneyListItem")(lenientFields({
  ...journeyStatusFields,
  ...journeySummaryFieldsOf(JourneySchedule, JourneyReentryRules),
  /** Who enters the journey: its kind only. */
  audience: JourneyListAudience
})) {}

/**
 * One page of `GET /apps/{app_id}/journeys`.
 *
 * @since 0.1.0
 * @category Models
 */
export class JourneyListResponse extends Schema.Class<JourneyListResponse>("effect-onesignal/JourneyListResponse")(lenientFields({
  /** The journeys of this page, newest first. */
  journeys: Schema.Array(JourneyListItem),
  /** Whether more journeys follow; fetch them with `next_cursor`. */
  has_more: Schema.Boolean,
  /** Pass it as `cursor` to get the next page; present only when `has_more` is true. */
  next_cursor: Schema.String
})) {}

// -----------------------------------------------------------------------------
// Stats
// -----------------------------------------------------------------------------

/**
 * The delivery statistics of a message-sending node.
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyMessageStats = Schema.Struct(lenientFields({
  /** All-time totals, by the channel's stat names (e.g. `sent`, `delivered`, `clicked`). */
  totals: Schema.Record({ key: Schema.String, value: Schema.Number })
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyMessageStats = typeof JourneyMessageStats.Type

/**
 * The counts of one node (keyed by its id in `JourneyStats.nodes`).
 *
 * @since 0.1.0
 * @category Models
 */
export class JourneyNodeStats extends Schema.Class<JourneyNodeStats>("effect-onesignal/JourneyNodeStats")(lenientFields({
  /** The node's kind, repeated so the stats read without the journey. */
  kind: JourneyNodeKind,
  /** Users held at the node now. */
  waiting: Schema.Int,
  /** Users who went past the node. */
  completed: Schema.Int,
  /** Users who left the journey at this node through an early-exit rule. */
  exited_early: Schema.Int,
  /** Message-sending nodes: the channel's delivery statistics. */
  message_stats: JourneyMessageStats
})) {}

/**
 * The counts of one branch (keyed by its id in `JourneyStats.branches`).
 *
 * @since 0.1.0
 * @category Models
 */
export const JourneyBranchStats = Schema.Struct(lenientFields({
  /** Users who took the branch. */
  completed: Schema.Int
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type JourneyBranchStats = typeof JourneyBranchStats.Type

/**
 * A journey's all-time statistics (`GET .../stats`): journey-level counts
 * and the counts of every node and branch, at any depth, by id (join them
 * with the journey of `viewJourney`). A draft answers zeros.
 *
 * @since 0.1.0
 * @category Models
 */
export class JourneyStats extends Schema.Class<JourneyStats>("effect-onesignal/JourneyStats")(lenientFields({
  /** The journey's id. */
  id: Schema.String,
  /** Users who entered the journey. */
  started: Schema.Int,
  /** Users who reached its end. */
  completed: Schema.Int,
  /** Users who left it through an early-exit rule. */
  exited_early: Schema.Int,
  /** Every node's counts, by node id. */
  nodes: Schema.Record({ key: Schema.String, value: JourneyNodeStats }),
  /** Every branch's counts, by branch id; empty without branching nodes. */
  branches: Schema.Record({ key: Schema.String, value: JourneyBranchStats })
})) {}

// -----------------------------------------------------------------------------
// Requests
// -----------------------------------------------------------------------------

/** Just enough of a node or branch for the limit checks, whatever request it is in. */
interface Checked {
  readonly id?: string | undefined
  readonly annotation?: string | undefined
  readonly duration_seconds?: number | undefined
  readonly windows?: ReadonlyArray<JourneyTimeWindowInput> | undefined
  readonly assignments?: Readonly<Record<string, string>> | undefined
  readonly expiration?: JourneyWaitUntilExpirationInput | null | undefined
  readonly branches?: ReadonlyArray<JourneyBranchInput> | undefined
  readonly condition?: JourneyConditionInput | undefined
  readonly nodes?: ReadonlyArray<JourneyNodeInput> | undefined
}

/**
 * The longest wait a node or an expiration may have, in seconds (a year).
 *
 * @since 0.1.0
 * @category Limits
 */
export const maxDurationSeconds = 31_556_952

/**
 * The most journeys `viewJourneys` answers in one page: OneSignal's default
 * and maximum `limit`.
 *
 * @since 0.1.0
 * @category Limits
 */
export const maxPageSize = 50

const tooLong = (text: string | null | undefined, max: number): boolean => typeof text === "string" && text.length > max

const outside = (n: number | undefined, min: number, max: number): boolean => n !== undefined && (n < min || n > max)

/**
 * The first documented limit a node (or, with `branch`, a branch) breaks,
 * down the whole graph below it, or `undefined`. Limits the schemas do not
 * carry (they are shared with answers, where OneSignal's limits may change).
 */
const graphIssue = (item: Checked, at: string, idsAllowed: boolean): string | undefined => {
  if (!idsAllowed && item.id !== undefined) {
    return `${at}.id: ids are assigned by OneSignal and refused here; refer to a node with client_node_id`
  }
  if (tooLong(item.annotation, 1024)) return `${at}.annotation: at most 1024 characters`
  if (outside(item.duration_seconds, 60, maxDurationSeconds)) {
    return `${at}.duration_seconds: from 60 to ${maxDurationSeconds}`
  }
  if (outside(item.expiration?.duration_seconds, 60, maxDurationSeconds)) {
    return `${at}.expiration.duration_seconds: from 60 to ${maxDurationSeconds}`
  }
  for (const [i, window] of (item.windows ?? []).entries()) {
    for (const end of ["start", "end"] as const) {
      const point = window[end]
      if (outside(point?.hour, 0, 23) || outside(point?.minute, 0, 59)) {
        return `${at}.windows[${i}].${end}: hour 0 to 23, minute 0 to 59`
      }
    }
    if (outside(window.day_of_week, 1, 7)) return `${at}.windows[${i}].day_of_week: from 1 (Monday) to 7`
  }
  for (const [key, value] of Object.entries(item.assignments ?? {})) {
    if (key.length > 255 || value.length > 1024) {
      return `${at}.assignments: keys of at most 255 and values of at most 1024 characters`
    }
  }
  if (tooLong(item.condition?.name, 255)) return `${at}.condition.name: at most 255 characters`
  if ((item.condition?.attributes?.length ?? 0) > 1) return `${at}.condition.attributes: one group at most`
  if ((item.branches?.length ?? 0) > 25) return `${at}.branches: at most 25`
  for (const [i, branch] of (item.branches ?? []).entries()) {
    const issue = graphIssue(branch, `${at}.branches[${i}]`, idsAllowed)
    if (issue !== undefined) return issue
  }
  for (const [i, node] of (item.nodes ?? []).entries()) {
    const issue = graphIssue(node, `${at}.nodes[${i}]`, idsAllowed)
    if (issue !== undefined) return issue
  }
  return undefined
}

/** Just enough of a journey request for the limit checks. */
interface CheckedJourney {
  readonly name?: string | undefined
  readonly description?: string | null | undefined
  readonly audience?: JourneyAudienceInput | undefined
  readonly reentry_rules?: JourneyReentryRulesInput | null | undefined
  readonly nodes?: ReadonlyArray<JourneyNodeInput> | undefined
}

/**
 * The documented limits of a journey's fields (name, description,
 * audience, re-entry, every node), as a `Schema.filter` predicate;
 * `idsAllowed: false` also refuses server-assigned ids (create, duplicate).
 */
const journeyLimits = (idsAllowed: boolean) => (journey: CheckedJourney): string | true => {
  if (journey.name !== undefined && (journey.name.length === 0 || journey.name.length > 300)) {
    return "name: from 1 to 300 characters"
  }
  if (tooLong(journey.description, 1024)) return "description: at most 1024 characters"
  if (tooLong(journey.audience?.name, 255)) return "audience.name: at most 255 characters"
  if ((journey.audience?.attributes?.length ?? 0) > 1) return "audience.attributes: one group at most"
  const reentry = journey.reentry_rules?.duration_seconds
  if (reentry !== undefined && reentry < 600) return "reentry_rules.duration_seconds: at least 600"
  return graphIssue({ nodes: journey.nodes ?? [] }, "journey", idsAllowed) ?? true
}

// The request shapes are named consts so that endpoint declarations use them
// directly: reading `CreateJourneyRequest.fields` at module level would keep
// every class of the module in a bundle that needs only one endpoint.
const createJourneyRequestFields = requestFields(journeyInputFields(), ["name"])

/**
 * The body of `POST /apps/{app_id}/journeys`: a name (required), and
 * optionally a description, the audience, early-exit and re-entry rules, a
 * schedule and the nodes. The journey is created as a `draft`; `state`, `id`
 * and node or branch ids are refused (use `client_node_id` to refer to a
 * node within the request).
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateJourneyRequest
  extends Schema.Class<CreateJourneyRequest>("effect-onesignal/CreateJourneyRequest")(createJourneyRequestFields)
{}

const updateJourneyRequestFields = {
  ...requestFields(journeyInputFields(), []),
  ...requestFields({
    /**
     * The state to move to: `active` starts a draft, `scheduled` (with a
     * future `schedule.start_at`) starts it later, `archived` stops it for
     * good; only a scheduled or processing journey goes back to `draft`.
     */
    state: JourneyTargetState,
    ...concurrencyFields
  }, [])
}

/**
 * The body of `PATCH /apps/{app_id}/journeys/{journey_id}`, a JSON Merge
 * Patch: only the fields given change, `null` resets `description`,
 * `schedule`, `early_exit` and `reentry_rules`, and `nodes` replaces the
 * whole graph (keep each node's `id` to keep the users on it; a node
 * without one is new).
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateJourneyRequest
  extends Schema.Class<UpdateJourneyRequest>("effect-onesignal/UpdateJourneyRequest")(updateJourneyRequestFields)
{}

const updateJourneyNodeRequestFields = {
  ...requestFields(nodeSettingsFieldsOf(JourneyTimeWindowInput, JourneyWaitUntilExpirationInput), []),
  ...requestFields(nodeLinksOf(JourneyBranchInput), []),
  ...requestFields(concurrencyFields, [])
}

/**
 * The body of `PATCH /apps/{app_id}/journeys/{journey_id}/nodes/{node_id}`,
 * a JSON Merge Patch of one node: only the fields given change, `null`
 * clears a nullable one (`expiration`), arrays (`branches`, `windows`) are
 * replaced as a whole. A node's `kind` and `id` never change.
 * `concurrency_key` guards the whole journey and is not stored on the node.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateJourneyNodeRequest
  extends Schema.Class<UpdateJourneyNodeRequest>("effect-onesignal/UpdateJourneyNodeRequest")(updateJourneyNodeRequestFields)
{}

const duplicateJourneyOverridesFields = requestFields(journeyInputFields(), [])

/**
 * Changes applied to the copy made by `duplicateJourney`: a `name` (the
 * source's name plus " (Copy)" when absent), a description (`null` clears
 * it), the audience, rules, schedule, and `nodes`, which replace the copied
 * graph (without ids).
 *
 * @since 0.1.0
 * @category Models
 */
export const DuplicateJourneyOverrides = Schema.Struct(duplicateJourneyOverridesFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type DuplicateJourneyOverrides = typeof DuplicateJourneyOverrides.Type

const duplicateJourneyRequestFields = {
  /** What the copy changes; without it, the copy matches the source (but for its name). */
  overrides: Schema.optional(DuplicateJourneyOverrides.pipe(Schema.filter(journeyLimits(false))))
}

/**
 * The optional body of
 * `POST /apps/{app_id}/journeys/{journey_id}/duplicate`: only `overrides` is
 * applied.
 *
 * @since 0.1.0
 * @category Models
 */
export class DuplicateJourneyRequest
  extends Schema.Class<DuplicateJourneyRequest>("effect-onesignal/DuplicateJourneyRequest")(duplicateJourneyRequestFields)
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Options of `viewJourneys`: paging.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ViewJourneysOptions extends CallOptions {
  /** A previous page's `next_cursor`, unchanged; the first page when absent. */
  readonly cursor?: string | undefined
  /** Journeys per page, 1 to 50 (50 when absent). */
  readonly limit?: number | undefined
}

const ViewJourneysQuery = Schema.Struct({
  cursor: Schema.optional(Schema.NonEmptyString),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, maxPageSize)))
})

/** A journey of an app, by the two ids in the path. */
const journeyOfApp = (appId: string, journeyId: string, options?: CallOptions) => ({
  path: { app_id: appId, journey_id: journeyId },
  options
})

/**
 * Creates a journey in the `draft` state (`POST /apps/{app_id}/journeys`),
 * answering it with its ids (status 201). Only `name` is required. A
 * request carrying a node or branch `id` fails locally with
 * `InvalidRequest`, like one breaking a documented limit. OneSignal answers
 * 400 (`BadRequest`) for other invalid journeys, e.g. a segment id that is
 * not one of the app's segments. Not retried by default (a POST without an
 * idempotency key: a second attempt could make a second journey); pass
 * `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createJourney = Endpoint.make({
  name: "createJourney",
  method: "POST",
  route: "/apps/{app_id}/journeys",
  key: "rest",
  request: (appId: string, createJourneyRequest: CreateJourneyRequest, options?: CallOptions) => ({
    path: { app_id: appId },
    body: createJourneyRequest,
    options
  }),
  body: Schema.Struct(createJourneyRequestFields).pipe(Schema.filter(journeyLimits(false))),
  success: Journey,
  errors: { 404: NotFound }
})

/**
 * Lists an app's journeys, newest first, a page at a time
 * (`GET /apps/{app_id}/journeys`), in their summary form; follow
 * `next_cursor` while `has_more` (or use `Pagination.journeys`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const viewJourneys = Endpoint.make({
  name: "viewJourneys",
  method: "GET",
  route: "/apps/{app_id}/journeys",
  key: "rest",
  request: (appId: string, options?: ViewJourneysOptions) => ({
    path: { app_id: appId },
    query: { cursor: options?.cursor, limit: options?.limit },
    options
  }),
  query: ViewJourneysQuery,
  success: JourneyListResponse,
  errors: { 404: NotFound }
})

/**
 * Reads one journey in full (`GET /apps/{app_id}/journeys/{journey_id}`):
 * audience, rules, the node graph with its ids, and the `concurrency_key`
 * for a guarded update.
 *
 * @since 0.1.0
 * @category Operations
 */
export const viewJourney = Endpoint.make({
  name: "viewJourney",
  method: "GET",
  route: "/apps/{app_id}/journeys/{journey_id}",
  key: "rest",
  request: journeyOfApp,
  success: Journey,
  errors: { 404: NotFound }
})

/**
 * Changes a journey with a JSON Merge Patch
 * (`PATCH /apps/{app_id}/journeys/{journey_id}`), or moves it to another
 * state (`state: "active"` starts a draft). `nodes` replaces the whole
 * graph. Fails with `Conflict` (409) when `concurrency_key` is stale, and
 * with `BadRequest` carrying `status: 422` when the change is not allowed in
 * the journey's state (e.g. editing an archived journey). Not retried by
 * default (a PATCH); pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateJourney = Endpoint.make({
  name: "updateJourney",
  method: "PATCH",
  route: "/apps/{app_id}/journeys/{journey_id}",
  key: "rest",
  request: (appId: string, journeyId: string, updateJourneyRequest: UpdateJourneyRequest, options?: CallOptions) => ({
    ...journeyOfApp(appId, journeyId, options),
    body: updateJourneyRequest
  }),
  body: Schema.Struct(updateJourneyRequestFields).pipe(Schema.filter(journeyLimits(true))),
  success: Journey,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Changes one node of a journey with a JSON Merge Patch
 * (`PATCH /apps/{app_id}/journeys/{journey_id}/nodes/{node_id}`), leaving
 * the rest of the graph and the users on other nodes alone; answers the
 * whole journey. An unknown node id fails with `NotFound`, a stale
 * `concurrency_key` with `Conflict`, a change the journey's state forbids
 * with `BadRequest` (`status: 422`). Not retried by default (a PATCH); pass
 * `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateJourneyNode = Endpoint.make({
  name: "updateJourneyNode",
  method: "PATCH",
  route: "/apps/{app_id}/journeys/{journey_id}/nodes/{node_id}",
  key: "rest",
  request: (
    appId: string,
    journeyId: string,
    nodeId: string,
    updateJourneyNodeRequest: UpdateJourneyNodeRequest,
    options?: CallOptions
  ) => ({ path: { app_id: appId, journey_id: journeyId, node_id: nodeId }, body: updateJourneyNodeRequest, options }),
  body: Schema.Struct(updateJourneyNodeRequestFields).pipe(
    Schema.filter((node) => graphIssue(node, "node", true) ?? true)
  ),
  success: Journey,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Deletes a journey for good, with its stats and reports
 * (`DELETE /apps/{app_id}/journeys/{journey_id}`); users in it stop. To stop
 * a journey and keep its data, archive it with `updateJourney` instead.
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteJourney = Endpoint.make({
  name: "deleteJourney",
  method: "DELETE",
  route: "/apps/{app_id}/journeys/{journey_id}",
  key: "rest",
  request: journeyOfApp,
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})

/**
 * Reads a journey's all-time statistics
 * (`GET /apps/{app_id}/journeys/{journey_id}/stats`): entered, completed and
 * exited-early counts, and the counts of each node and branch by id.
 *
 * @since 0.1.0
 * @category Operations
 */
export const viewJourneyStats = Endpoint.make({
  name: "viewJourneyStats",
  method: "GET",
  route: "/apps/{app_id}/journeys/{journey_id}/stats",
  key: "rest",
  request: journeyOfApp,
  success: JourneyStats,
  errors: { 404: NotFound }
})

/**
 * Copies a journey into a new `draft`
 * (`POST /apps/{app_id}/journeys/{journey_id}/duplicate`; in OneSignal's
 * reference, not in the official SDK 5.18), with optional `overrides`;
 * answers the copy. The source does not change, whatever its state. Without
 * a body (`{}` is sent), the copy matches the source and is named after it
 * with " (Copy)". Not retried by default (a second attempt could make a
 * second copy); pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const duplicateJourney = Endpoint.make({
  name: "duplicateJourney",
  method: "POST",
  route: "/apps/{app_id}/journeys/{journey_id}/duplicate",
  key: "rest",
  request: (
    appId: string,
    journeyId: string,
    duplicateJourneyRequest?: DuplicateJourneyRequest,
    options?: CallOptions
  ) => ({ ...journeyOfApp(appId, journeyId, options), body: duplicateJourneyRequest ?? {} }),
  body: Schema.Struct(duplicateJourneyRequestFields),
  success: Journey,
  errors: { 404: NotFound }
})
