/**
 * Wire models shared by several OneSignal resources: audience filters,
 * localized text, buttons, alias targeting, delivery statistics and the
 * generic `{ success }` answer.
 *
 * Field names are OneSignal's JSON keys, exactly as they travel on the wire.
 *
 * @since 0.1.0
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { ReportedForm } from "./Fields.js"
import { lenient, lenientFields, withReportedForm } from "./internal/fields.js"

// -----------------------------------------------------------------------------
// Channels
// -----------------------------------------------------------------------------

/**
 * The delivery channel a message goes out on.
 *
 * @since 0.1.0
 * @category Models
 */
export const TargetChannel = Schema.Literal("push", "email", "sms")

/**
 * @since 0.1.0
 * @category Models
 */
export type TargetChannel = typeof TargetChannel.Type

// -----------------------------------------------------------------------------
// Free-form data
// -----------------------------------------------------------------------------

/**
 * A JSON object with arbitrary keys and values (custom data, APNs payload
 * parts, personalization data, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * @since 0.1.0
 * @category Models
 */
export type JsonObject = typeof JsonObject.Type

// -----------------------------------------------------------------------------
// Filters
// -----------------------------------------------------------------------------

/**
 * The comparison a filter applies between a user property and its `value`.
 *
 * @since 0.1.0
 * @category Models
 */
export const FilterRelation = Schema.Literal(
  ">",
  "<",
  "=",
  "!=",
  "exists",
  "not_exists",
  "time_elapsed_gt",
  "time_elapsed_lt",
  "in_array",
  "not_in_array"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type FilterRelation = typeof FilterRelation.Type

/** The fields of a filter, once; `relation` differs between requests and answers. */
const filterFieldsOf = <R extends Schema.Schema.AnyNoContext>(relation: R) => ({
  /** The user property compared, e.g. `tag`, `session_count`, `location`. */
  field: Schema.String,
  /** The tag name to compare; needed when `field` is `tag`. */
  key: Schema.optional(Schema.String),
  /** The right-hand operand; for `in_array` / `not_in_array`, up to 20 comma-separated values. */
  value: Schema.optional(Schema.Union(Schema.String, Schema.Finite)),
  /** For session-based fields: how many hours before or after the session. */
  hours_ago: Schema.optional(Schema.String),
  /** For `location`: the radius around `lat`/`long`, in meters. */
  radius: Schema.optional(Schema.Finite),
  /** For `location`: the latitude of the center point. */
  lat: Schema.optional(Schema.Finite),
  /** For `location`: the longitude of the center point. */
  long: Schema.optional(Schema.Finite),
  /** How `field` is compared with `value`. */
  relation
})

/**
 * One condition of an audience filter, e.g. `{ field: "tag", key: "level",
 * relation: ">", value: "10" }`.
 *
 * @since 0.1.0
 * @category Models
 */
export const Filter = Schema.Struct(filterFieldsOf(FilterRelation))

/**
 * @since 0.1.0
 * @category Models
 */
export type Filter = typeof Filter.Type

const OperatorValue = Schema.Literal("OR", "AND")

/**
 * Joins the filters around it: `{ operator: "OR" }` between two groups of
 * filters; consecutive filters without one are joined with AND.
 *
 * @since 0.1.0
 * @category Models
 */
export const Operator = Schema.Struct({
  /** Either `"AND"` or `"OR"`. */
  operator: OperatorValue
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Operator = typeof Operator.Type

/**
 * A filter or operator as OneSignal reports it (in a message or a
 * segment): a `relation` or `operator` added after this library was written
 * is kept as its string.
 *
 * @since 0.1.0
 * @category Models
 */
export const ReportedFilterExpression = Schema.Union(
  Schema.Struct(filterFieldsOf(lenient(FilterRelation))),
  Schema.Struct({ operator: lenient(OperatorValue) })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ReportedFilterExpression = typeof ReportedFilterExpression.Type

/**
 * One entry of a `filters` array: a condition or an `AND`/`OR` operator.
 *
 * @since 0.1.0
 * @category Models
 */
export const FilterExpression: FilterExpressionSchema = withReportedForm(
  Schema.Union(Filter, Operator),
  ReportedFilterExpression
)

/**
 * The schema of {@link FilterExpression}: strict, with its reported form for
 * answers beside it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface FilterExpressionSchema extends Schema.Union<[typeof Filter, typeof Operator]> {
  readonly [ReportedForm]: typeof ReportedFilterExpression
}

/**
 * @since 0.1.0
 * @category Models
 */
export type FilterExpression = typeof FilterExpression.Type

// -----------------------------------------------------------------------------
// Localized text
// -----------------------------------------------------------------------------

const text = Schema.optionalWith(Schema.String, { exact: true })

/**
 * Text per language, keyed by OneSignal's language codes. English (`en`) is
 * the fallback and is usually required by the endpoint using the map.
 * Codes not listed here are kept as additional string entries.
 *
 * @since 0.1.0
 * @category Models
 */
export const LanguageStringMap = Schema.Struct(
  {
    /** English; the fallback for users whose language has no entry. */
    en: text,
    /** Arabic. */
    ar: text,
    /** Bosnian. */
    bs: text,
    /** Bulgarian. */
    bg: text,
    /** Catalan. */
    ca: text,
    /** Simplified Chinese. */
    "zh-Hans": text,
    /** Traditional Chinese. */
    "zh-Hant": text,
    /** Chinese; treated as Simplified Chinese. */
    zh: text,
    /** Croatian. */
    hr: text,
    /** Czech. */
    cs: text,
    /** Danish. */
    da: text,
    /** Dutch. */
    nl: text,
    /** Estonian. */
    et: text,
    /** Finnish. */
    fi: text,
    /** French. */
    fr: text,
    /** Georgian. */
    ka: text,
    /** German. */
    de: text,
    /** Greek. */
    el: text,
    /** Hindi. */
    hi: text,
    /** Hebrew. */
    he: text,
    /** Hungarian. */
    hu: text,
    /** Indonesian. */
    id: text,
    /** Italian. */
    it: text,
    /** Japanese. */
    ja: text,
    /** Korean. */
    ko: text,
    /** Latvian. */
    lv: text,
    /** Lithuanian. */
    lt: text,
    /** Malay. */
    ms: text,
    /** Norwegian (Bokmål). */
    nb: text,
    /** Polish. */
    pl: text,
    /** Persian (Farsi). */
    fa: text,
    /** Portuguese. */
    pt: text,
    /** Punjabi. */
    pa: text,
    /** Romanian. */
    ro: text,
    /** Russian. */
    ru: text,
    /** Serbian. */
    sr: text,
    /** Slovak. */
    sk: text,
    /** Spanish. */
    es: text,
    /** Swedish. */
    sv: text,
    /** Thai. */
    th: text,
    /** Turkish. */
    tr: text,
    /** Ukrainian. */
    uk: text,
    /** Vietnamese. */
    vi: text
  },
  Schema.Record({ key: Schema.String, value: Schema.String })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type LanguageStringMap = typeof LanguageStringMap.Type

// -----------------------------------------------------------------------------
// Buttons
// -----------------------------------------------------------------------------

/**
 * An action button on a mobile push (iOS, Android and Android derivatives).
 *
 * @since 0.1.0
 * @category Models
 */
export const Button = Schema.Struct({
  /** Your identifier for the button, reported back when it is tapped. */
  id: Schema.String,
  /** The label shown on the button. */
  text: Schema.optional(Schema.String),
  /** An icon for the button; only Android displays it. */
  icon: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Button = typeof Button.Type

/**
 * An action button on a web push (Chrome 48+ and other supporting browsers).
 *
 * @since 0.1.0
 * @category Models
 */
export const WebButton = Schema.Struct({
  /** Your identifier for the button; required. */
  id: Schema.String,
  /** The label shown on the button. */
  text: Schema.optional(Schema.String),
  /** The URL of an image shown on the button. */
  icon: Schema.optional(Schema.String),
  /** The page opened when the button is clicked. */
  url: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type WebButton = typeof WebButton.Type

// -----------------------------------------------------------------------------
// Alias targeting
// -----------------------------------------------------------------------------

/**
 * Recipients by alias: each key is an alias label spelled exactly as in the
 * API (e.g. `external_id`, `onesignal_id`, or a custom label), each value the
 * alias ids to include, e.g. `{ external_id: ["user-1", "user-2"] }`.
 * Excludes every other targeting option; up to 2,000 ids per request; pair it
 * with `target_channel` when a user has several kinds of subscription.
 *
 * @since 0.1.0
 * @category Models
 */
export const IncludeAliases = Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })

/**
 * @since 0.1.0
 * @category Models
 */
export type IncludeAliases = typeof IncludeAliases.Type

// -----------------------------------------------------------------------------
// Outcomes
// -----------------------------------------------------------------------------

/**
 * One outcome measured for a message, e.g. `{ id: "os__click", value: 12,
 * aggregation: "count" }`.
 *
 * @since 0.1.0
 * @category Models
 */
export const OutcomeData = Schema.Struct(lenientFields({
  /** The outcome's name (OneSignal's built-in ones start with `os__`). */
  id: Schema.String,
  /** The measured amount: a count, or a total that may have decimals (`sum` of purchase values). */
  value: Schema.Finite,
  /** Whether `value` is a total (`sum`) or a number of occurrences (`count`). */
  aggregation: Schema.Literal("sum", "count")
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type OutcomeData = typeof OutcomeData.Type

/**
 * A list of outcomes, as embedded in a message and answered by the outcomes
 * endpoint.
 *
 * @since 0.1.0
 * @category Models
 */
export const OutcomesData = Schema.Struct({
  /** The outcomes measured. */
  outcomes: Schema.optional(Schema.NullOr(Schema.Array(OutcomeData)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type OutcomesData = typeof OutcomesData.Type

// -----------------------------------------------------------------------------
// Delivery statistics
// -----------------------------------------------------------------------------

const deliveryDataFields = {
  /** Messages handed over to the push service, carrier or email provider. */
  successful: Schema.Int,
  /** Messages addressed to subscriptions that had unsubscribed. */
  failed: Schema.Int,
  /** Messages that could not be sent because of an error. */
  errored: Schema.Int,
  /** Messages that were clicked. */
  converted: Schema.Int,
  /** Devices that confirmed receiving the message. */
  received: Schema.Int
}

/**
 * Delivery counters of one platform. Every counter may be missing or null.
 *
 * @since 0.1.0
 * @category Models
 */
export const DeliveryData = Schema.Struct(lenientFields(deliveryDataFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type DeliveryData = typeof DeliveryData.Type

const emailDeliveryFields = {
  /** Email opens, counting repeated opens. */
  opened: Schema.Int,
  /** Recipients who opened the email at least once. */
  unique_opens: Schema.Int,
  /** Link clicks, counting repeated clicks. */
  clicks: Schema.Int,
  /** Distinct link clicks by recipients. */
  unique_clicks: Schema.Int,
  /** Recipients whose address bounced (hard or soft). */
  bounced: Schema.Int,
  /** Recipients who flagged the email as spam. */
  reported_spam: Schema.Int,
  /** Recipients who used the email's unsubscribe link. */
  unsubscribed: Schema.Int
}

/**
 * The email-only counters added to {@link DeliveryData}.
 *
 * @since 0.1.0
 * @category Models
 */
export const PlatformDeliveryDataEmailAllOf = Schema.Struct(lenientFields(emailDeliveryFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type PlatformDeliveryDataEmailAllOf = typeof PlatformDeliveryDataEmailAllOf.Type

const smsDeliveryFields = {
  /** Messages the SMS provider reports as delivered. */
  provider_successful: Schema.Int,
  /** Messages the SMS provider reports as not delivered. */
  provider_failed: Schema.Int,
  /** Errors reported by the SMS provider. */
  provider_errored: Schema.Int
}

/**
 * The SMS-only counters added to {@link DeliveryData}.
 *
 * @since 0.1.0
 * @category Models
 */
export const PlatformDeliveryDataSmsAllOf = Schema.Struct(lenientFields(smsDeliveryFields))

/**
 * @since 0.1.0
 * @category Models
 */
export type PlatformDeliveryDataSmsAllOf = typeof PlatformDeliveryDataSmsAllOf.Type

/**
 * Email delivery counters: the common ones plus opens, clicks, bounces,
 * spam reports and unsubscribes.
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailDeliveryData = Schema.Struct(lenientFields({ ...deliveryDataFields, ...emailDeliveryFields }))

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailDeliveryData = typeof EmailDeliveryData.Type

/**
 * SMS delivery counters: the common ones plus what the SMS provider reported.
 *
 * @since 0.1.0
 * @category Models
 */
export const SmsDeliveryData = Schema.Struct(lenientFields({ ...deliveryDataFields, ...smsDeliveryFields }))

/**
 * @since 0.1.0
 * @category Models
 */
export type SmsDeliveryData = typeof SmsDeliveryData.Type

/**
 * Delivery counters broken out by platform. Platforms that were not targeted
 * are missing or null.
 *
 * @since 0.1.0
 * @category Models
 */
export const PlatformDeliveryData = Schema.Struct(lenientFields({
  /** Microsoft Edge web push. */
  edge_web_push: DeliveryData,
  /** Chrome web push. */
  chrome_web_push: DeliveryData,
  /** Firefox web push. */
  firefox_web_push: DeliveryData,
  /** Safari web push. */
  safari_web_push: DeliveryData,
  /** Android push. */
  android: DeliveryData,
  /** iOS push. */
  ios: DeliveryData,
  /** SMS, with the provider's own counters. */
  sms: SmsDeliveryData,
  /** Email, with open, click and bounce counters. */
  email: EmailDeliveryData
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type PlatformDeliveryData = typeof PlatformDeliveryData.Type

// -----------------------------------------------------------------------------
// Generic answers
// -----------------------------------------------------------------------------

/**
 * A boolean as OneSignal writes it in some answers: `true` / `false`, or the
 * strings `"true"` / `"false"` (the documented 202 of
 * `unsubscribeEmailWithToken` is `{ "success": "true" }`). Decodes to a
 * boolean; any other value fails.
 *
 * @since 0.1.0
 * @category Models
 */
export const WireBoolean: Schema.Schema<boolean, boolean | string> = Schema.Union(
  Schema.Boolean,
  Schema.transformOrFail(Schema.String, Schema.Boolean, {
    strict: true,
    decode: (text, _, ast) =>
      text === "true"
        ? ParseResult.succeed(true)
        : text === "false"
        ? ParseResult.succeed(false)
        : ParseResult.fail(new ParseResult.Type(ast, text, "expected a boolean, or \"true\" or \"false\"")),
    encode: (value) => ParseResult.succeed(value ? "true" : "false")
  })
)

/**
 * The `{ "success": true }` answer of several endpoints (cancel a message,
 * delete a segment, unsubscribe an email, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export class GenericSuccessBoolResponse extends Schema.Class<GenericSuccessBoolResponse>(
  "effect-onesignal/GenericSuccessBoolResponse"
)(lenientFields({
  /** Whether OneSignal carried out the request (also when written as `"true"`). */
  success: WireBoolean
})) {}
