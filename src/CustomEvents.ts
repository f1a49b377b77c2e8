/**
 * Custom events: things your users did that OneSignal should know about (a
 * purchase, a finished level, a viewed article), recorded against a user so
 * that journeys and segments can react to them.
 *
 * Field names are OneSignal's JSON keys.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { IdempotentCallOptions } from "./internal/endpoint.js"
import { requestFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import { JsonObject } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

const nullableString = Schema.NullOr(Schema.String)

const customEventFields = {
  /** What happened: the event's name, at most 128 characters. */
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)),
  /** The External ID of the user it happened to (this or `onesignal_id` is required). */
  external_id: nullableString,
  /** The OneSignal ID of the user it happened to (this or `external_id` is required). */
  onesignal_id: nullableString,
  /**
   * When it happened, as an ISO 8601 date-time string; the time of receipt
   * when omitted (a date in the past is also replaced by it).
   */
  timestamp: Schema.String,
  /**
   * Details of the event, e.g. `{ "sku": "A-12", "amount": 30 }` (the name in
   * the reference docs and the SDK models).
   */
  payload: JsonObject,
  /**
   * Details of the event under the name OneSignal's current API reference
   * uses instead of `payload`; usable in message personalization and
   * Journey conditions.
   */
  properties: JsonObject,
  /**
   * A unique id of this event (a UUID), the same on every re-send: OneSignal
   * ignores a repeated key within about four hours, on a best-effort basis.
   * From OneSignal's current API reference; not set automatically.
   */
  idempotency_key: Schema.String
}

const hasUser = (id: string | null | undefined): boolean => typeof id === "string" && id.length > 0

// Named so that the endpoint declaration never reads `CustomEvent.fields`.
const customEvent = Schema.Struct(requestFields(customEventFields, ["name"])).pipe(
  Schema.filter((event) =>
    hasUser(event.external_id) || hasUser(event.onesignal_id) || "an event needs an external_id or a onesignal_id"
  )
)

/**
 * One event that happened to a user. Identify the user by `external_id` or
 * `onesignal_id` (at least one, checked before sending); fields not listed
 * here are sent as given.
 *
 * @since 0.1.0
 * @category Models
 */
export class CustomEvent extends Schema.Class<CustomEvent>("CustomEvent")(customEvent) {}

const customEventsRequestFields = {
  /** The events to record. */
  events: Schema.Array(customEvent)
}

/**
 * The body of `POST /apps/{app_id}/integrations/custom_events`: a batch of
 * events. Plain objects and {@link CustomEvent} instances are both accepted.
 *
 * @since 0.1.0
 * @category Models
 */
export class CustomEventsRequest
  extends Schema.Class<CustomEventsRequest>("CustomEventsRequest")(customEventsRequestFields)
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Records a batch of custom events
 * (`POST /apps/{app_id}/integrations/custom_events`). The answer is a
 * free-form JSON object, decoded as sent: empty when every event was
 * recorded; OneSignal's current reference also describes a 202 whose
 * `errors` lists the events that failed (the others were recorded), so check
 * `errors` before assuming all went through.
 *
 * An `Idempotency-Key` header is fixed when this function is called — the
 * caller's `options.idempotencyKey`, or a new UUID v4 — and sent on every
 * attempt, so the call is retried like a GET. Derive the key from your own
 * event ids to make a re-run elsewhere safe too.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createCustomEvents = Endpoint.make({
  name: "createCustomEvents",
  method: "POST",
  route: "/apps/{app_id}/integrations/custom_events",
  key: "rest",
  request: (appId: string, customEventsRequest: CustomEventsRequest, options?: IdempotentCallOptions) => ({
    path: [appId],
    body: customEventsRequest,
    options
  }),
  body: Schema.Struct(customEventsRequestFields),
  success: JsonObject,
  idempotencyHeader: "Idempotency-Key",
  errors: [NotFound]
})
