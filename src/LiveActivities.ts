/**
 * Live Activities: the iOS lock-screen and Dynamic Island widgets that show
 * a task in progress (a delivery, a match score). Start one remotely on the
 * devices of an audience, push content updates to it or end it, and — with
 * the older token endpoints — register or remove the push token an app
 * received for an activity it started itself.
 *
 * Field names are OneSignal's JSON keys.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import { FilterExpression, IncludeAliases, JsonObject, LanguageStringMap } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Enumerations
// -----------------------------------------------------------------------------

/**
 * What an update does to a running Live Activity: change its content
 * (`update`) or finish it (`end`).
 *
 * @since 0.1.0
 * @category Models
 */
export const LiveActivityUpdateEvent = Schema.Literal("update", "end")

/**
 * @since 0.1.0
 * @category Models
 */
export type LiveActivityUpdateEvent = typeof LiveActivityUpdateEvent.Type

// -----------------------------------------------------------------------------
// Start
// -----------------------------------------------------------------------------

const nullableStrings = Schema.NullOr(Schema.Array(Schema.String))

const startLiveActivityFields = {
  /** Internal label of the campaign, for the dashboard only; recipients never see it. */
  name: Schema.String,
  /** Always `start`; filled in when omitted. */
  event: Schema.Literal("start"),
  /** Your own unique id for this activity, used later to update or end it. */
  activity_id: Schema.String,
  /** The static attributes the activity starts with (the `ActivityAttributes` of the app). */
  event_attributes: JsonObject,
  /** The initial dynamic state; must match the `ContentState` the app declares. */
  event_updates: JsonObject,
  /** The alert body shown when the activity starts, by language. */
  contents: LanguageStringMap,
  /** The alert title shown when the activity starts, by language. */
  headings: LanguageStringMap,
  /** Unix time (seconds) after which iOS marks the activity as stale. */
  stale_date: Schema.Int,
  /** APNs priority: `10` (immediate, the default) or `5` (delivered when power allows). */
  priority: Schema.Int,
  /** iOS 15+: how prominent the alert is within its group, between 0 and 1. */
  ios_relevance_score: Schema.NullOr(Schema.Finite),
  /**
   * A key that makes a repeated request return the first one's result instead
   * of starting again (kept by OneSignal for 30 days). Not set automatically:
   * this POST is not retried unless the call opts in.
   */
  idempotency_key: Schema.NullOr(Schema.String),
  /** Users to start it for, by alias label and ids (e.g. `{ external_id: [...] }`). */
  include_aliases: IncludeAliases,
  /** Subscriptions to start it on; excludes the other targeting fields. */
  include_subscription_ids: nullableStrings,
  /** Segment names to include; combine only with `excluded_segments`. */
  included_segments: nullableStrings,
  /** Segment names to leave out of `included_segments`. */
  excluded_segments: nullableStrings,
  /** An audience described by filters instead of segments. */
  filters: Schema.NullOr(Schema.Array(FilterExpression))
}

// Named so that the endpoint declaration never reads `StartLiveActivityRequest.fields`.
const startLiveActivityRequestFields = requestFields(startLiveActivityFields, [
  "name",
  "activity_id",
  "event_attributes",
  "event_updates",
  "contents",
  "headings"
])

/**
 * The body of `POST /apps/{app_id}/activities/activity/{activity_type}`:
 * what the new Live Activity shows and whose devices it starts on.
 *
 * @since 0.1.0
 * @category Models
 */
export class StartLiveActivityRequest
  extends Schema.Class<StartLiveActivityRequest>("effect-onesignal/StartLiveActivityRequest")(startLiveActivityRequestFields)
{}

/**
 * The 201 answer of `startLiveActivity`.
 *
 * @since 0.1.0
 * @category Models
 */
export class StartLiveActivitySuccessResponse
  extends Schema.Class<StartLiveActivitySuccessResponse>("effect-onesignal/StartLiveActivitySuccessResponse")(lenientFields({
    /** Id of the message that carried the start to the devices. */
    notification_id: Schema.String
  }))
{}

// -----------------------------------------------------------------------------
// Update
// -----------------------------------------------------------------------------

const updateLiveActivityFields = {
  /** Internal label of the update, for the dashboard only. */
  name: Schema.String,
  /** `update` to change the content, `end` to finish the activity. */
  event: LiveActivityUpdateEvent,
  /** The new dynamic state; must match the `ContentState` the app declares. */
  event_updates: JsonObject,
  /** An alert body to show with the update, by language. */
  contents: LanguageStringMap,
  /** An alert title to show with the update, by language. */
  headings: LanguageStringMap,
  /** A sound file bundled with the app to play; without it the update is silent. */
  sound: Schema.String,
  /** The iOS sound to play (a field of the newer SDK models, beside `sound`). */
  ios_sound: Schema.String,
  /** Unix time (seconds) after which iOS marks the activity as stale. */
  stale_date: Schema.Int,
  /** Unix time (seconds) at which an ended activity leaves the lock screen; only with `event: "end"`. */
  dismissal_date: Schema.Int,
  /**
   * APNs priority: `10` (immediate, the default) or `5`. APNs limits how many
   * high-priority updates an app may send per hour and may throttle beyond.
   */
  priority: Schema.Int,
  /** iOS 15+: how prominent the alert is within its group, between 0 and 1. */
  ios_relevance_score: Schema.NullOr(Schema.Finite),
  /**
   * The 1.2.2 spec's name for the dismissal time.
   *
   * @deprecated use `dismissal_date`
   */
  dismiss_at: Schema.Finite
}

const updateLiveActivityBody = Schema.Struct(
  requestFields(updateLiveActivityFields, ["name", "event", "event_updates"])
).pipe(
  Schema.filter((update) =>
    (update.dismissal_date === undefined && update.dismiss_at === undefined) || update.event === "end" ||
    "dismissal_date and dismiss_at are only allowed when event is \"end\""
  )
)

/**
 * The body of `POST /apps/{app_id}/live_activities/{activity_id}/notifications`.
 * A dismissal time is accepted only together with `event: "end"`.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateLiveActivityRequest
  extends Schema.Class<UpdateLiveActivityRequest>("effect-onesignal/UpdateLiveActivityRequest")(updateLiveActivityBody)
{}

/**
 * The answer of `updateLiveActivity`. The current docs name the message id
 * `id`, the 1.2.2 spec `notification_id`: both are read.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateLiveActivitySuccessResponse
  extends Schema.Class<UpdateLiveActivitySuccessResponse>("effect-onesignal/UpdateLiveActivitySuccessResponse")(lenientFields({
    /** Id of the message that carried the update. */
    id: Schema.String,
    /** The same id under the 1.2.2 spec's name. */
    notification_id: Schema.String,
    /** Recipients that were skipped (1.2.2 spec): a list of messages or an object of invalid ids. */
    errors: Schema.Unknown
  }))
{}

// -----------------------------------------------------------------------------
// Push-token registration (1.2.2 spec)
// -----------------------------------------------------------------------------

const beginLiveActivityFields = {
  /** The push token iOS gave the app for this activity. */
  push_token: Schema.String,
  /** The subscription (device) the activity runs on. */
  subscription_id: Schema.String
}

/**
 * The body of `POST /apps/{app_id}/live_activities/{activity_id}/token`.
 *
 * @since 0.1.0
 * @category Models
 */
export class BeginLiveActivityRequest
  extends Schema.Class<BeginLiveActivityRequest>("effect-onesignal/BeginLiveActivityRequest")(beginLiveActivityFields)
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Starts a Live Activity remotely on the iOS devices of an audience
 * (`POST /apps/{app_id}/activities/activity/{activity_type}`, 201).
 * `activityType` is the name of the activity's attributes struct in the app.
 * `event` is sent as `start` when omitted.
 *
 * A POST without an idempotency key: not retried unless `retry` is passed
 * (set `idempotency_key` in the body before opting in).
 *
 * @since 0.1.0
 * @category Operations
 */
export const startLiveActivity = Endpoint.make({
  name: "startLiveActivity",
  method: "POST",
  route: "/apps/{app_id}/activities/activity/{activity_type}",
  key: "rest",
  request: (
    appId: string,
    activityType: string,
    startLiveActivityRequest: StartLiveActivityRequest,
    options?: CallOptions
  ) => ({
    path: { app_id: appId, activity_type: activityType },
    body: { ...startLiveActivityRequest, event: startLiveActivityRequest.event ?? "start" },
    options
  }),
  body: Schema.Struct(startLiveActivityRequestFields),
  success: StartLiveActivitySuccessResponse,
  errors: { 404: NotFound }
})

/**
 * Pushes new content to a running Live Activity, or ends it
 * (`POST /apps/{app_id}/live_activities/{activity_id}/notifications`).
 * `activityId` is the `activity_id` the activity was started with.
 *
 * Not retried unless `retry` is passed: a repeated update is delivered twice.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateLiveActivity = Endpoint.make({
  name: "updateLiveActivity",
  method: "POST",
  route: "/apps/{app_id}/live_activities/{activity_id}/notifications",
  key: "rest",
  request: (
    appId: string,
    activityId: string,
    updateLiveActivityRequest: UpdateLiveActivityRequest,
    options?: CallOptions
  ) => ({ path: { app_id: appId, activity_id: activityId }, body: updateLiveActivityRequest, options }),
  body: updateLiveActivityBody,
  success: UpdateLiveActivitySuccessResponse,
  errors: { 404: NotFound }
})

/**
 * Registers the push token of a Live Activity that the app started on a
 * device, so that later updates reach it
 * (`POST /apps/{app_id}/live_activities/{activity_id}/token`, 204 with no
 * body). From the 1.2.2 spec; the current docs no longer list it.
 *
 * @since 0.1.0
 * @category Operations
 */
export const beginLiveActivity = Endpoint.make({
  name: "beginLiveActivity",
  method: "POST",
  route: "/apps/{app_id}/live_activities/{activity_id}/token",
  key: "rest",
  request: (
    appId: string,
    activityId: string,
    beginLiveActivityRequest: BeginLiveActivityRequest,
    options?: CallOptions
  ) => ({ path: { app_id: appId, activity_id: activityId }, body: beginLiveActivityRequest, options }),
  body: Schema.Struct(beginLiveActivityFields),
  success: Schema.Void,
  errors: { 404: NotFound }
})

/**
 * Removes a device's Live Activity push token, so the activity gets no more
 * updates on that subscription
 * (`DELETE /apps/{app_id}/live_activities/{activity_id}/token/{subscription_id}`,
 * 204 with no body). From the 1.2.2 spec; the current docs no longer list it.
 *
 * @since 0.1.0
 * @category Operations
 */
export const endLiveActivity = Endpoint.make({
  name: "endLiveActivity",
  method: "DELETE",
  route: "/apps/{app_id}/live_activities/{activity_id}/token/{subscription_id}",
  key: "rest",
  request: (appId: string, activityId: string, subscriptionId: string, options?: CallOptions) => ({
    path: { app_id: appId, activity_id: activityId, subscription_id: subscriptionId },
    options
  }),
  success: Schema.Void,
  errors: { 404: NotFound }
})
