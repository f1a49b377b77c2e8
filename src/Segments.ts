/**
 * Segments: named audiences of an app, defined by filters on user properties
 * (tags, activity, location, ...). Messages target them by name through
 * `included_segments` / `excluded_segments`. Creating, updating and deleting
 * segments through the API needs a paid OneSignal plan.
 *
 * Every operation needs the REST API key and lives on the `OneSignal`
 * service.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { Conflict, NotFound } from "./OneSignalError.js"
import { FilterExpression, GenericSuccessBoolResponse } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

const filterList = Schema.Array(FilterExpression)

// The request shapes are named consts so that endpoint declarations use them
// directly: reading `Segment.fields` at module level would keep every class of
// the module in a bundle that needs only one endpoint.
const segmentRequestFields = requestFields({
  /** The segment's id (a UUID); OneSignal assigns one when it is left out. */
  id: Schema.String,
  /** The name shown in the dashboard and used in `included_segments`. */
  name: Schema.NonEmptyString,
  /** The conditions users must meet, joined by `{ operator: "OR" }` entries (AND otherwise). */
  filters: filterList
}, ["name", "filters"])

/**
 * A segment to create with `POST /apps/{app_id}/segments`: a name and the
 * filters (with `AND`/`OR` operators) that decide who belongs to it.
 *
 * @since 0.1.0
 * @category Models
 */
export class Segment extends Schema.Class<Segment>("effect-onesignal/Segment")(segmentRequestFields) {}

/**
 * One segment as listed by `GET /apps/{app_id}/segments`.
 *
 * @since 0.1.0
 * @category Models
 */
export class SegmentData extends Schema.Class<SegmentData>("effect-onesignal/SegmentData")(lenientFields({
  /** The segment's id. */
  id: Schema.String,
  /** The segment's name. */
  name: Schema.String,
  /** When the segment was created, as a date-time string. */
  created_at: Schema.String,
  /** When the segment was last changed, as a date-time string. */
  updated_at: Schema.String,
  /** The app the segment belongs to. */
  app_id: Schema.String,
  /** Whether the segment cannot be changed (e.g. OneSignal's built-in ones). */
  read_only: Schema.Boolean,
  /** Whether the segment is active. */
  is_active: Schema.Boolean
})) {}

/**
 * The definition of a segment, answered by `GET /apps/{app_id}/segments/{id}`
 * when `include_segment_detail` is `true`. Its `filters` have the shape
 * `createSegment` and `updateSegment` take, so they can be sent back as is.
 *
 * @since 0.1.0
 * @category Models
 */
export class SegmentDetails extends Schema.Class<SegmentDetails>("effect-onesignal/SegmentDetails")(lenientFields({
  /** The segment's id (a UUID v4). */
  id: Schema.String,
  /** The segment's name. */
  name: Schema.String,
  /** A free-text description of up to 255 characters; `null` when none was set. */
  description: Schema.String,
  /** When the segment was created, in Unix seconds. */
  created_at: Schema.Int,
  /** Where the segment comes from (e.g. the dashboard or the API). */
  source: Schema.String,
  /** The filters and operators that define the segment. */
  filters: filterList
})) {}

/**
 * The answer of `POST /apps/{app_id}/segments` (status 201).
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateSegmentSuccessResponse
  extends Schema.Class<CreateSegmentSuccessResponse>("effect-onesignal/CreateSegmentSuccessResponse")(lenientFields({
    /** Whether the segment was created. */
    success: Schema.Boolean,
    /** The id of the new segment. */
    id: Schema.String
  }))
{}

/**
 * The body of a 409 answer of `POST /apps/{app_id}/segments` (e.g. a segment
 * with the same id already exists). The call fails with `Conflict`, whose
 * `errors` carry these messages; the model is exported for callers that
 * decode such bodies themselves.
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateSegmentConflictResponse
  extends Schema.Class<CreateSegmentConflictResponse>("effect-onesignal/CreateSegmentConflictResponse")(lenientFields({
    /** Always `false` here. */
    success: Schema.Boolean,
    /** Why the segment was not created. */
    errors: Schema.Array(Schema.String)
  }))
{}

/**
 * The answer of `GET /apps/{app_id}/segments/{segment_id}`.
 *
 * @since 0.1.0
 * @category Models
 */
export class GetSegmentSuccessResponse
  extends Schema.Class<GetSegmentSuccessResponse>("effect-onesignal/GetSegmentSuccessResponse")(lenientFields({
    /** How many subscriptions the segment currently matches. */
    subscriber_count: Schema.Int,
    /** The segment's definition; only present with `include_segment_detail: true`. */
    payload: SegmentDetails
  }))
{}

/**
 * One page of `GET /apps/{app_id}/segments`.
 *
 * @since 0.1.0
 * @category Models
 */
export class GetSegmentsSuccessResponse
  extends Schema.Class<GetSegmentsSuccessResponse>("effect-onesignal/GetSegmentsSuccessResponse")(lenientFields({
    /** The number of segments of the app. */
    total_count: Schema.Int,
    /** The offset this page starts at (0 by default). */
    offset: Schema.Int,
    /** The page size that was applied (300 by default). */
    limit: Schema.Int,
    /** The segments of this page, oldest first. */
    segments: Schema.Array(SegmentData)
  }))
{}

const updateSegmentRequestFields = requestFields({
  /** The segment's name, required even when unchanged; at most 128 characters. */
  name: Schema.NonEmptyString.pipe(Schema.maxLength(128)),
  /** A description of at most 255 characters; `""` clears it, leaving it out keeps it. */
  description: Schema.String.pipe(Schema.maxLength(255)),
  /** When given, replaces every filter of the segment; at most 200 entries, operators included. */
  filters: filterList.pipe(Schema.maxItems(200))
}, ["name"])

/**
 * The body of `PATCH /apps/{app_id}/segments/{segment_id}`: the name (always
 * required), and optionally a new description and a new set of filters.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateSegmentRequest
  extends Schema.Class<UpdateSegmentRequest>("effect-onesignal/UpdateSegmentRequest")(updateSegmentRequestFields)
{}

/**
 * The answer of `PATCH /apps/{app_id}/segments/{segment_id}`.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateSegmentSuccessResponse
  extends Schema.Class<UpdateSegmentSuccessResponse>("effect-onesignal/UpdateSegmentSuccessResponse")(lenientFields({
    /** Whether the segment was updated. */
    success: Schema.Boolean,
    /** The id of the updated segment. */
    id: Schema.String
  }))
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Options of `getSegment`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface GetSegmentOptions extends CallOptions {
  /** `true` adds the segment's definition (`payload`: description, filters, ...) to the answer. */
  readonly include_segment_detail?: boolean | undefined
}

/**
 * Options of `getSegments`: paging.
 *
 * @since 0.1.0
 * @category Models
 */
export interface GetSegmentsOptions extends CallOptions {
  /** How many segments to skip; segments are sorted by creation date, oldest first. */
  readonly offset?: number | undefined
  /** Page size, 1 to 300 (300 when absent). */
  readonly limit?: number | undefined
}

const GetSegmentQuery = Schema.Struct({ include_segment_detail: Schema.optional(Schema.Boolean) })

const GetSegmentsQuery = Schema.Struct({
  offset: Schema.optional(Schema.NonNegativeInt),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 300)))
})

/**
 * Creates a segment from a name and filters (`POST /apps/{app_id}/segments`;
 * paid plans).
 *
 * The reference signature lists only `app_id`, but the segment travels in the
 * body, so it is the second argument. This endpoint does not change existing
 * segments: use `updateSegment`. Fails with `Conflict` (409) when OneSignal
 * refuses the segment as a duplicate. Not retried by default (a POST without
 * an idempotency key); pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createSegment = Endpoint.make({
  name: "createSegment",
  method: "POST",
  route: "/apps/{app_id}/segments",
  key: "rest",
  request: (appId: string, segment: Segment, options?: CallOptions) => ({ path: { app_id: appId }, body: segment, options }),
  body: Schema.Struct(segmentRequestFields),
  success: CreateSegmentSuccessResponse,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Reads one segment and how many subscriptions it matches
 * (`GET /apps/{app_id}/segments/{segment_id}`); with
 * `include_segment_detail: true`, also its description and filters.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getSegment = Endpoint.make({
  name: "getSegment",
  method: "GET",
  route: "/apps/{app_id}/segments/{segment_id}",
  key: "rest",
  request: (appId: string, segmentId: string, options?: GetSegmentOptions) => ({
    path: { app_id: appId, segment_id: segmentId },
    query: { include_segment_detail: options?.include_segment_detail },
    options
  }),
  query: GetSegmentQuery,
  success: GetSegmentSuccessResponse,
  errors: { 404: NotFound }
})

/**
 * Lists an app's segments, oldest first, a page at a time
 * (`GET /apps/{app_id}/segments`). OneSignal documents its success status as
 * 201; any 2xx is accepted.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getSegments = Endpoint.make({
  name: "getSegments",
  method: "GET",
  route: "/apps/{app_id}/segments",
  key: "rest",
  request: (appId: string, options?: GetSegmentsOptions) => ({
    path: { app_id: appId },
    query: { offset: options?.offset, limit: options?.limit },
    options
  }),
  query: GetSegmentsQuery,
  success: GetSegmentsSuccessResponse,
  errors: { 404: NotFound }
})

/**
 * Renames a segment and optionally replaces its description and filters
 * (`PATCH /apps/{app_id}/segments/{segment_id}`). `name` is required even
 * when it does not change; `filters`, when given, replace all existing ones.
 * A 403 (the key may not change this segment, e.g. a read-only one) fails
 * with `Unauthorized`. Not retried by default (a PATCH); pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateSegment = Endpoint.make({
  name: "updateSegment",
  method: "PATCH",
  route: "/apps/{app_id}/segments/{segment_id}",
  key: "rest",
  request: (appId: string, segmentId: string, updateSegmentRequest: UpdateSegmentRequest, options?: CallOptions) => ({
    path: { app_id: appId, segment_id: segmentId },
    body: updateSegmentRequest,
    options
  }),
  body: Schema.Struct(updateSegmentRequestFields),
  success: UpdateSegmentSuccessResponse,
  errors: { 404: NotFound }
})

/**
 * Deletes a segment, not the users in it
 * (`DELETE /apps/{app_id}/segments/{segment_id}`; paid plans). The key needs
 * admin access to the app.
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteSegment = Endpoint.make({
  name: "deleteSegment",
  method: "DELETE",
  route: "/apps/{app_id}/segments/{segment_id}",
  key: "rest",
  request: (appId: string, segmentId: string, options?: CallOptions) => ({ path: { app_id: appId, segment_id: segmentId }, options }),
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})

/**
 * The 1.2.2 API's name of {@link createSegment} (same route, same function).
 *
 * @deprecated use `createSegment`
 * @since 0.1.0
 * @category Operations
 */
export const createSegments = createSegment

/**
 * The 1.2.2 API's name of {@link deleteSegment} (same route, same function).
 *
 * @deprecated use `deleteSegment`
 * @since 0.1.0
 * @category Operations
 */
export const deleteSegments = deleteSegment
