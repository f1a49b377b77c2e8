/**
 * Outcomes: what users did after receiving messages — clicks, session
 * durations, and custom outcomes the app reports — aggregated per app.
 * OneSignal keeps outcome data for about 30 days; export it regularly to keep
 * it longer.
 *
 * The answer is `OutcomesData` (from `SharedModels`): a list of
 * `{ id, value, aggregation }`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { NotFound } from "./OneSignalError.js"
import { OutcomesData } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Query values
// -----------------------------------------------------------------------------

/**
 * The period `getOutcomes` covers: the last hour (`1h`, OneSignal's default),
 * day (`1d`) or month (`1mo`).
 *
 * @since 0.1.0
 * @category Models
 */
export const OutcomeTimeRange = Schema.Literal("1h", "1d", "1mo")

/**
 * @since 0.1.0
 * @category Models
 */
export type OutcomeTimeRange = typeof OutcomeTimeRange.Type

/**
 * Which outcomes `getOutcomes` counts: those caused `direct`ly by a message,
 * those `influenced` by one, or `unattributed` ones. All of them (the total)
 * when absent.
 *
 * @since 0.1.0
 * @category Models
 */
export const OutcomeAttribution = Schema.Literal("direct", "influenced", "unattributed")

/**
 * @since 0.1.0
 * @category Models
 */
export type OutcomeAttribution = typeof OutcomeAttribution.Type

/**
 * A comma-separated query value given either as the string itself or as a
 * list whose items are joined with commas; items must not contain a comma.
 */
const commaSeparated = (item: Schema.Schema<string>) =>
  Schema.Union(
    Schema.NonEmptyString,
    Schema.transform(Schema.String, Schema.NonEmptyArray(item), {
      strict: true,
      decode: (s) => s.split(",") as unknown as readonly [string, ...Array<string>],
      encode: (items) => items.join(",")
    })
  )

const OutcomeNameInList = Schema.NonEmptyString.pipe(
  Schema.pattern(/^[^,]*$/, {
    message: () => "an outcome name containing a comma cannot be part of a comma-separated list: use outcome_names2"
  })
)

const PlatformIdInList = Schema.String.pipe(Schema.pattern(/^\d+$/))

const GetOutcomesQuery = Schema.Struct({
  outcome_names: commaSeparated(OutcomeNameInList),
  "outcome_names[]": Schema.optional(Schema.Union(Schema.NonEmptyString, Schema.NonEmptyArray(Schema.NonEmptyString))),
  outcome_time_range: Schema.optional(OutcomeTimeRange),
  outcome_platforms: Schema.optional(commaSeparated(PlatformIdInList)),
  outcome_attribution: Schema.optional(OutcomeAttribution)
})

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Options of `getOutcomes`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface GetOutcomesOptions extends CallOptions {
  /**
   * Outcome names that contain a comma (e.g. `"Sales, Purchase.sum"`), which
   * `outcome_names` cannot carry. Each one is sent as its own
   * `outcome_names[]` query parameter (the name the official SDKs give it is
   * kept here).
   */
  readonly outcome_names2?: string | ReadonlyArray<string> | undefined
  /** The period covered: `1h` (OneSignal's default), `1d` or `1mo`. */
  readonly outcome_time_range?: OutcomeTimeRange | undefined
  /**
   * Device platform ids to count (e.g. `"0"` for iOS, `[7, 8]` for Safari and
   * Firefox), as a comma-separated string or a list; all platforms when absent.
   */
  readonly outcome_platforms?: string | ReadonlyArray<number> | undefined
  /** `direct`, `influenced` or `unattributed`; all of them when absent. */
  readonly outcome_attribution?: OutcomeAttribution | undefined
}

/**
 * Reads an app's outcome totals (`GET /apps/{app_id}/outcomes`).
 *
 * `outcomeNames` says which outcomes and which aggregation, as
 * `name.count` or `name.sum` — e.g. `"os__click.count,os__session_duration.count"`
 * or `["os__click.count", "Purchase.sum"]` (a list is joined with commas into
 * the one `outcome_names` parameter). OneSignal's own outcomes start with
 * `os__`; clicks only support `count`. A name containing a comma cannot be in
 * that list (the request fails with `InvalidRequest`): pass it in
 * `options.outcome_names2`.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getOutcomes = Endpoint.make({
  name: "getOutcomes",
  method: "GET",
  route: "/apps/{app_id}/outcomes",
  key: "rest",
  request: (appId: string, outcomeNames: string | ReadonlyArray<string>, options?: GetOutcomesOptions) => ({
    path: { app_id: appId },
    query: {
      outcome_names: outcomeNames,
      "outcome_names[]": options?.outcome_names2,
      outcome_time_range: options?.outcome_time_range,
      outcome_platforms: Array.isArray(options?.outcome_platforms)
        ? options.outcome_platforms.map(String)
        : options?.outcome_platforms,
      outcome_attribution: options?.outcome_attribution
    },
    options
  }),
  query: GetOutcomesQuery,
  success: OutcomesData,
  errors: { 404: NotFound }
})
