/**
 * Custom events: things your users did that OneSignal should know about (a
 * purchase, a finished level, a viewed article), recorded against a user so
 * that journeys and segments can react to them.
 *
 * Every event carries its own `idempotency_key`. `createCustomEvents` gives
 * each event without one a UUID v4 when it is called, and sends the same
 * keys on every attempt: OneSignal drops an event whose key it saw in the
 * last four hours, so the default retry never records an event twice.
 *
 * Field names are OneSignal's JSON keys.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import type { ResponseMeta } from "./internal/endpoint.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import { JsonObject } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Limits
// -----------------------------------------------------------------------------

/**
 * The largest event OneSignal accepts, in bytes of its JSON (UTF-8), key
 * included.
 *
 * @since 0.1.0
 * @category Limits
 */
export const maxEventBytes = 2_024

/**
 * The largest request body OneSignal accepts, in bytes of its JSON (UTF-8):
 * 1 MB, counted as 1,000,000 bytes.
 *
 * @since 0.1.0
 * @category Limits
 */
export const maxRequestBytes = 1_000_000

const utf8 = new TextEncoder()

const jsonBytes = (value: unknown): number => utf8.encode(JSON.stringify(value)).length

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
   * Details of the event, e.g. `{ "plan": "pro" }`, usable in message
   * personalization and Journey conditions (the name in OneSignal's current
   * reference).
   */
  properties: JsonObject,
  /** The same details under the name the official SDK 5.18 models use. */
  payload: JsonObject,
  /**
   * The event's own key (a UUID), the same on every re-send: OneSignal
   * ignores an event whose key it saw in the last four hours (best effort).
   * A UUID v4 is set when `createCustomEvents` is called without one; give
   * your own (e.g. `idempotencyKeyFrom("events", orderId)`) to make a re-run
   * on another machine safe too.
   */
  idempotency_key: Schema.NonEmptyString
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
export class CustomEvent extends Schema.Class<CustomEvent>("effect-onesignal/CustomEvent")(customEvent) {}

const sizedEvent = customEvent.pipe(
  Schema.filter((event) => {
    const bytes = jsonBytes(event)
    return bytes <= maxEventBytes || `an event may be at most ${maxEventBytes} bytes of JSON; this one is ${bytes}`
  })
)

const customEventsRequestFields = {
  /** The events to record: at least one. */
  events: Schema.Array(sizedEvent).pipe(Schema.minItems(1))
}

/**
 * The body of `POST /apps/{app_id}/custom_events`: a batch of events. Plain
 * objects and {@link CustomEvent} instances are both accepted.
 *
 * @since 0.1.0
 * @category Models
 */
export class CustomEventsRequest
  extends Schema.Class<CustomEventsRequest>("effect-onesignal/CustomEventsRequest")(customEventsRequestFields)
{}

/**
 * Why OneSignal did not record an event, e.g. `{ code: "not found", title:
 * "failed to find a onesignal_id for user_id abc123" }`.
 *
 * @since 0.1.0
 * @category Models
 */
export const CustomEventError = Schema.Struct(lenientFields({
  /** A short machine-readable reason, e.g. `not found`. */
  code: Schema.String,
  /** What went wrong, in words. */
  title: Schema.String
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type CustomEventError = typeof CustomEventError.Type

/**
 * An event of the batch that OneSignal did not record.
 *
 * @since 0.1.0
 * @category Models
 */
export class FailedCustomEvent extends Schema.Class<FailedCustomEvent>("effect-onesignal/FailedCustomEvent")(lenientFields({
  /** The user id the event named (its `external_id`, or its `onesignal_id`). */
  event_user_id: Schema.String,
  /** OneSignal's id of the failed event. */
  event_id: Schema.String,
  /** Why it failed. */
  error: CustomEventError
})) {}

/**
 * The body of OneSignal's answer: `{}` when every event was recorded, a 202
 * with `errors` when some were not (the others were).
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateCustomEventsResponse
  extends Schema.Class<CreateCustomEventsResponse>("effect-onesignal/CreateCustomEventsResponse")(lenientFields({
    /** The events that failed; absent or empty when all were recorded. */
    errors: Schema.Array(FailedCustomEvent)
  }))
{}

/**
 * An event as it was sent: with the `idempotency_key` it carried on every
 * attempt.
 *
 * @since 0.1.0
 * @category Models
 */
export type SentCustomEvent = CustomEvent & { readonly idempotency_key: string }

/**
 * What `createCustomEvents` gives back: the failures OneSignal reported and
 * every event as sent (with its key).
 *
 * @since 0.1.0
 * @category Models
 */
export interface CreateCustomEventsResult {
  /** The events OneSignal reported as not recorded; empty when all were. */
  readonly failed: ReadonlyArray<FailedCustomEvent>
  /** Every event of the batch as sent, in order, each with its `idempotency_key`. */
  readonly events: ReadonlyArray<SentCustomEvent>
  /**
   * The events to send again: those a failure names, by its `event_id`
   * (when that is the event's key) or its `event_user_id` (the event's
   * `external_id` or `onesignal_id`). They keep their keys, so an event of
   * the same user that was in fact recorded is dropped by OneSignal rather
   * than counted twice.
   */
  readonly toResend: ReadonlyArray<SentCustomEvent>
}

const resultOf = (response: CreateCustomEventsResponse | undefined, meta: ResponseMeta): CreateCustomEventsResult => {
  const failed = response?.errors ?? []
  const events = (meta.requestBody as { readonly events: ReadonlyArray<SentCustomEvent> }).events
  if (failed.length === 0) return { failed, events, toResend: [] }
  const ids = new Set<string>()
  for (const failure of failed) {
    if (typeof failure.event_id === "string") ids.add(failure.event_id)
    if (typeof failure.event_user_id === "string") ids.add(failure.event_user_id)
  }
  const named = (id: string | null | undefined): boolean => typeof id === "string" && ids.has(id)
  const toResend = events.filter((event) =>
    named(event.idempotency_key) || named(event.external_id) || named(event.onesignal_id)
  )
  return { failed, events, toResend }
}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Records a batch of custom events (`POST /apps/{app_id}/custom_events`).
 *
 * Each event without an `idempotency_key` gets a UUID v4 when this function
 * is called; every attempt and every re-run of the returned effect sends the
 * same keys, so the call is retried by default like a GET (OneSignal drops a
 * key it saw in the last four hours). After a 5xx the whole batch is sent
 * again; after a 202, `toResend` lists the events to send again with
 * another call (their keys kept).
 *
 * Checked before anything is sent (`InvalidRequest`): at least one event,
 * each with a name and a user, at most {@link maxEventBytes} bytes per
 * event and {@link maxRequestBytes} per request.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createCustomEvents = Endpoint.make({
  name: "createCustomEvents",
  method: "POST",
  route: "/apps/{app_id}/custom_events",
  key: "rest",
  request: (appId: string, customEventsRequest: CustomEventsRequest, options?: CallOptions) => ({
    path: { app_id: appId },
    body: customEventsRequest,
    options
  }),
  body: Schema.Struct(customEventsRequestFields).pipe(
    Schema.filter((body) => {
      const bytes = jsonBytes(body)
      return bytes <= maxRequestBytes ||
        `a request may be at most ${maxRequestBytes} bytes of JSON; this one is ${bytes}: split the batch`
    })
  ),
  // An empty body (no `errors`) means every event was recorded.
  success: Schema.UndefinedOr(CreateCustomEventsResponse),
  itemIdempotencyField: { list: "events", field: "idempotency_key" },
  errors: { 404: NotFound },
  result: resultOf
})
