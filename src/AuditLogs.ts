/**
 * Audit logs: who did what in an organization (messages sent, segments
 * created, members invited, keys rotated, ...), with the actor, the
 * resources acted on and the request context. Events are read a page at a
 * time over a time range of at most the last 90 days, oldest first. Needs the
 * organization API key (`OneSignalOrganization`) and an Enterprise plan with
 * audit logs enabled.
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
 * Who performed an audited action: a team member, an API key, OneSignal
 * itself, ...
 *
 * @since 0.1.0
 * @category Models
 */
export const AuditLogActor = Schema.Struct(lenientFields({
  /** The actor's email address, when there is one. */
  email: Schema.String,
  /** The actor's id (a UUID). */
  id: Schema.String,
  /** Further data about the actor. */
  metadata: JsonObject,
  /** The actor's display name, when there is one. */
  name: Schema.String,
  /** The kind of actor, e.g. `member`, `api_key`, `system`. */
  type: Schema.String
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type AuditLogActor = typeof AuditLogActor.Type

/**
 * Where an audited request came from.
 *
 * @since 0.1.0
 * @category Models
 */
export const AuditLogContext = Schema.Struct(lenientFields({
  /** Country code derived from `ip`. */
  country: Schema.String,
  /** The IP address of the request. */
  ip: Schema.String,
  /** Further data about the request. */
  metadata: JsonObject,
  /** The user agent of the client that sent the request. */
  user_agent: Schema.String
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type AuditLogContext = typeof AuditLogContext.Type

/**
 * A resource an audited action was performed on.
 *
 * @since 0.1.0
 * @category Models
 */
export const AuditLogTarget = Schema.Struct(lenientFields({
  /** The resource's id (a UUID). */
  id: Schema.String,
  /** Further data about the resource. */
  metadata: JsonObject,
  /** The resource's display name, when there is one. */
  name: Schema.String,
  /** The kind of resource, e.g. `notification`, `segment`, `journey`, `app`. */
  type: Schema.String
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type AuditLogTarget = typeof AuditLogTarget.Type

/**
 * One audited action.
 *
 * @since 0.1.0
 * @category Models
 */
export class AuditLogEvent extends Schema.Class<AuditLogEvent>("effect-onesignal/AuditLogEvent")(lenientFields({
  /** What was done, e.g. `notification.sent`, `segment.created`, `member.invited`. */
  action: Schema.String,
  /** Who did it; absent when unknown. */
  actor: AuditLogActor,
  /** The app concerned (a UUID); absent for organization-level events. */
  app_id: Schema.String,
  /** Where the request came from; absent when not captured. */
  context: AuditLogContext,
  /** The event's id (a UUID). */
  id: Schema.String,
  /** Further data about the event. */
  metadata: JsonObject,
  /** When it happened, RFC 3339 (e.g. `2026-02-18T12:34:56Z`). */
  occurred_at: Schema.String,
  /** The organization the event belongs to (a UUID). */
  organization_id: Schema.String,
  /** The resources acted on; may be empty for organization-level events. */
  targets: Schema.Array(AuditLogTarget),
  /** Version of the event's format. */
  version: Schema.Int
})) {}

/**
 * One page of `GET /organizations/{organization_id}/audit_logs`.
 *
 * @since 0.1.0
 * @category Models
 */
export class ListAuditLogsSuccessResponse
  extends Schema.Class<ListAuditLogsSuccessResponse>("effect-onesignal/ListAuditLogsSuccessResponse")(lenientFields({
    /** The events of this page, oldest first (by `occurred_at`). */
    audit_logs: Schema.Array(AuditLogEvent),
    /** Whether more events follow; fetch them with `next_cursor`. */
    has_more: Schema.Boolean,
    /** Pass it as `cursor` to get the next page; present only when `has_more` is true. */
    next_cursor: Schema.String
  }))
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Options of `listAuditLogs`: the time range or a cursor, the page size and
 * the filters. Either `start_time` or `cursor` is required.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ListAuditLogsOptions extends CallOptions {
  /** Start of the range (ISO 8601 string or `Date`), within the last 90 days; required unless `cursor` is given. */
  readonly start_time?: string | Date | undefined
  /** End of the range (ISO 8601 string or `Date`), after `start_time`; now when absent. */
  readonly end_time?: string | Date | undefined
  /** A previous page's `next_cursor`; when given, `start_time` and `end_time` are ignored. */
  readonly cursor?: string | undefined
  /** Events per page, 1 to 100. */
  readonly limit?: number | undefined
  /** Only events of these apps (ids), up to 10; organization-level events are always included. */
  readonly app_ids?: ReadonlyArray<string> | undefined
  /** Only these actions (e.g. `notification.sent`), up to 20. */
  readonly actions?: ReadonlyArray<string> | undefined
  /** Only events by these actors (ids), up to 10. */
  readonly actor_ids?: ReadonlyArray<string> | undefined
  /** Only events by these actors (email addresses), up to 10. */
  readonly actor_emails?: ReadonlyArray<string> | undefined
  /** Only events on resources of these types (e.g. `notification`, `segment`), up to 10. */
  readonly target_types?: ReadonlyArray<string> | undefined
  /** Only events on these resources (ids), up to 10. */
  readonly target_ids?: ReadonlyArray<string> | undefined
  /** Only events from these IP addresses, up to 10. */
  readonly ip_addresses?: ReadonlyArray<string> | undefined
}

const upTo = (n: number) => Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(n)))

const ListAuditLogsQuery = Schema.Struct({
  start_time: Schema.optional(Schema.NonEmptyString),
  end_time: Schema.optional(Schema.NonEmptyString),
  cursor: Schema.optional(Schema.NonEmptyString),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 100))),
  app_ids: upTo(10),
  actions: upTo(20),
  actor_ids: upTo(10),
  actor_emails: upTo(10),
  target_types: upTo(10),
  target_ids: upTo(10),
  ip_addresses: upTo(10)
}).pipe(
  Schema.filter((query) =>
    query.start_time !== undefined || query.cursor !== undefined || "start_time is required unless cursor is given"
  )
)

// An invalid `Date` becomes "" so that the query schema rejects it
// (`InvalidRequest`) instead of `toISOString` throwing.
const isoTime = (time: string | Date | undefined): string | undefined =>
  time instanceof Date ? (Number.isNaN(time.getTime()) ? "" : time.toISOString()) : time

/**
 * Reads a page of an organization's audit log
 * (`GET /organizations/{organization_id}/audit_logs`), over a time range
 * (`start_time`, `end_time`) or from a previous page's `next_cursor`, with
 * optional filters. Array filters are sent as repeated query parameters
 * (`app_ids=a&app_ids=b`).
 *
 * `organizationId` must be the organization of the API key: another one
 * answers 403 (`Unauthorized`). A request without `start_time` or `cursor`
 * fails locally with `InvalidRequest`.
 *
 * @since 0.1.0
 * @category Operations
 */
export const listAuditLogs = Endpoint.make({
  name: "listAuditLogs",
  method: "GET",
  route: "/organizations/{organization_id}/audit_logs",
  key: "org",
  request: (organizationId: string, options?: ListAuditLogsOptions) => ({
    path: { organization_id: organizationId },
    query: {
      start_time: isoTime(options?.start_time),
      end_time: isoTime(options?.end_time),
      cursor: options?.cursor,
      limit: options?.limit,
      app_ids: options?.app_ids,
      actions: options?.actions,
      actor_ids: options?.actor_ids,
      actor_emails: options?.actor_emails,
      target_types: options?.target_types,
      target_ids: options?.target_ids,
      ip_addresses: options?.ip_addresses
    },
    options
  }),
  query: ListAuditLogsQuery,
  success: ListAuditLogsSuccessResponse,
  errors: { 404: NotFound }
})
