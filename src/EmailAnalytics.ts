/**
 * Email analytics, for apps sending with OneSignal Email: the app's sender
 * reputation (bounce and spam complaint rates over the last day, week and
 * month), and delivery, open, click, bounce, failure and complaint counts of
 * one sending domain per inbox provider (Gmail, Outlook, Yahoo, Apple, ...),
 * as totals or over time.
 *
 * Every operation needs the REST API key and lives on the `OneSignal`
 * service.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import { JsonObject } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

/**
 * Bounce and spam complaint rates over one time window.
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailReputationWindow = Schema.Struct(lenientFields({
  /** The share of emails that bounced in the window. */
  bounce_rate: Schema.Finite,
  /** The share of emails reported as spam in the window. */
  complaint_rate: Schema.Finite
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailReputationWindow = typeof EmailReputationWindow.Type

/**
 * The answer of `GET /apps/{app_id}/email_analytics/delivery_metrics`: the
 * app's email reputation over three rolling windows.
 *
 * @since 0.1.0
 * @category Models
 */
export class EmailReputationResponse extends Schema.Class<EmailReputationResponse>("effect-onesignal/EmailReputationResponse")(
  lenientFields({
    /** Rates over the last 24 hours. */
    last_24_hours: EmailReputationWindow,
    /** Rates over the last 7 days. */
    last_7_days: EmailReputationWindow,
    /** Rates over the last 30 days. */
    last_30_days: EmailReputationWindow
  })
) {}

/**
 * How finely `getEmailProviderMetricsTimeseries` buckets its counts: per
 * hour, day or month. Hourly series reach back at most 60 days, the others
 * 365 days.
 *
 * @since 0.1.0
 * @category Models
 */
export const EmailMetricsGranularity = Schema.Literal("hourly", "daily", "monthly")

/**
 * @since 0.1.0
 * @category Models
 */
export type EmailMetricsGranularity = typeof EmailMetricsGranularity.Type

/**
 * The answer of `GET /apps/{app_id}/email_analytics/provider_metrics`: the
 * counts of one sending domain, one entry per inbox provider. The list is
 * empty when the domain is not one of the app's, or not active for sending.
 *
 * The entries are kept as OneSignal sends them (JSON objects): their fields
 * are not modeled yet.
 *
 * @since 0.1.0
 * @category Models
 */
export class EmailProviderMetricsResponse
  extends Schema.Class<EmailProviderMetricsResponse>("effect-onesignal/EmailProviderMetricsResponse")(lenientFields({
    /** Delivery, open, click, bounce, failure and spam complaint counts, one entry per inbox provider. */
    providers: Schema.Array(JsonObject)
  }))
{}

/**
 * The answer of `GET /apps/{app_id}/email_analytics/provider_metrics_timeseries`:
 * the counts of one sending domain over time, totaled across the requested
 * inbox providers (all of them when none were named). The list is empty
 * when the domain is not one of the app's, or not active for sending.
 *
 * The entries are kept as OneSignal sends them (JSON objects): their fields
 * are not modeled yet.
 *
 * @since 0.1.0
 * @category Models
 */
export class EmailProviderMetricsTimeseriesResponse
  extends Schema.Class<EmailProviderMetricsTimeseriesResponse>("effect-onesignal/EmailProviderMetricsTimeseriesResponse")(
    lenientFields({
      /** The counts of each event (delivery, open, click, bounce, failure, complaint), by time bucket. */
      events: Schema.Array(JsonObject)
    })
  )
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Options of `getEmailProviderMetrics`: the sending domain and the time
 * range (all three required), and the per-call options.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EmailProviderMetricsOptions extends CallOptions {
  /** The sending domain to report on, e.g. `mail.example.com`. */
  readonly domain: string
  /** Start of the range (ISO 8601 string or `Date`): before `end`, at most 365 days ago. */
  readonly start: string | Date
  /** End of the range (ISO 8601 string or `Date`): after `start`. */
  readonly end: string | Date
}

/**
 * Options of `getEmailProviderMetricsTimeseries`: the sending domain and the
 * time range (required), the bucket size and inbox providers, and the
 * per-call options.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EmailProviderMetricsTimeseriesOptions extends EmailProviderMetricsOptions {
  /** `hourly` (start at most 60 days ago), `daily` or `monthly`. */
  readonly granularity?: EmailMetricsGranularity | undefined
  /** Only these inbox providers (e.g. `gmail`, `outlook`), sent as `providers[]`; all when absent. */
  readonly providers?: ReadonlyArray<string> | undefined
}

// An invalid `Date` becomes "" so that the query schema rejects it
// (`InvalidRequest`) instead of `toISOString` throwing.
const isoTime = (time: string | Date | undefined): string | undefined =>
  time instanceof Date ? (Number.isNaN(time.getTime()) ? "" : time.toISOString()) : time

/** A date-time string `Date.parse` understands. */
const DateTimeString = Schema.NonEmptyString.pipe(
  Schema.filter((text) => !Number.isNaN(Date.parse(text)) || "must be an ISO 8601 date-time")
)

const rangeFields = {
  domain: Schema.NonEmptyString,
  start: DateTimeString,
  end: DateTimeString
}

const startBeforeEnd = (query: { readonly start: string; readonly end: string }) =>
  Date.parse(query.start) < Date.parse(query.end) || "start must be before end"

const ProviderMetricsQuery = Schema.Struct(rangeFields).pipe(Schema.filter(startBeforeEnd))

const ProviderMetricsTimeseriesQuery = Schema.Struct({
  ...rangeFields,
  granularity: Schema.optional(EmailMetricsGranularity),
  "providers[]": Schema.optional(Schema.Array(Schema.NonEmptyString))
}).pipe(Schema.filter(startBeforeEnd))

/** The query of a provider metrics request, dates as strings. */
const rangeOf = (options: EmailProviderMetricsOptions | undefined) => ({
  domain: options?.domain,
  start: isoTime(options?.start),
  end: isoTime(options?.end)
})

/**
 * Reads the app's email reputation: bounce and spam complaint rates over the
 * last 24 hours, 7 days and 30 days
 * (`GET /apps/{app_id}/email_analytics/delivery_metrics`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getEmailReputation = Endpoint.make({
  name: "getEmailReputation",
  method: "GET",
  route: "/apps/{app_id}/email_analytics/delivery_metrics",
  key: "rest",
  request: (appId: string, options?: CallOptions) => ({ path: { app_id: appId }, options }),
  success: EmailReputationResponse,
  errors: { 404: NotFound }
})

/**
 * Reads the delivery, open, click, bounce, failure and spam complaint counts
 * of one sending domain over a time range, per inbox provider
 * (`GET /apps/{app_id}/email_analytics/provider_metrics`). Not in the
 * official SDKs yet; named like `getEmailReputation`.
 *
 * A range whose `start` is not before its `end`, or a date that does not
 * parse, fails locally with `InvalidRequest`.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getEmailProviderMetrics = Endpoint.make({
  name: "getEmailProviderMetrics",
  method: "GET",
  route: "/apps/{app_id}/email_analytics/provider_metrics",
  key: "rest",
  request: (appId: string, options: EmailProviderMetricsOptions) => ({
    path: { app_id: appId },
    query: rangeOf(options),
    options
  }),
  query: ProviderMetricsQuery,
  success: EmailProviderMetricsResponse,
  errors: { 404: NotFound }
})

/**
 * Reads the same counts as `getEmailProviderMetrics` over time, bucketed by
 * hour, day or month and totaled across the given inbox providers (all of
 * them when none are given)
 * (`GET /apps/{app_id}/email_analytics/provider_metrics_timeseries`). Not in
 * the official SDKs yet; named like `getEmailProviderMetrics`.
 *
 * `providers` are sent as repeated `providers[]` parameters. A range whose
 * `start` is not before its `end`, a date that does not parse or an unknown
 * granularity fails locally with `InvalidRequest`.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getEmailProviderMetricsTimeseries = Endpoint.make({
  name: "getEmailProviderMetricsTimeseries",
  method: "GET",
  route: "/apps/{app_id}/email_analytics/provider_metrics_timeseries",
  key: "rest",
  request: (appId: string, options: EmailProviderMetricsTimeseriesOptions) => ({
    path: { app_id: appId },
    query: { ...rangeOf(options), granularity: options?.granularity, "providers[]": options?.providers },
    options
  }),
  query: ProviderMetricsTimeseriesQuery,
  success: EmailProviderMetricsTimeseriesResponse,
  errors: { 404: NotFound }
})
