/**
 * Every list endpoint as a `Stream`: of the items (`notifications`,
 * `players`, ...) or of the pages as the API answers them
 * (`notificationPages`, `playerPages`, ...).
 *
 * The streams are lazy: a page is requested when the stream is pulled that
 * far, so `Stream.take(60)` over 50-item pages makes two requests, and memory
 * holds one page at a time. Each page is requested through the endpoint
 * function (`Notifications.getNotifications`, ...), with the caller's
 * `CallOptions`: the same retry rules, typed errors and tracing as a single
 * call, applied page by page. A page that still fails after its retries ends
 * the stream with that error, after the items of the pages before it.
 *
 * A walk stops when a page is empty or shorter than the page size (offset
 * pages), or when the answer gives no cursor to go on with (`time_offset`,
 * audit log and journey pages). `total_count` is not trusted to stop: it can
 * change while the pages are read.
 *
 * The streams need the client of the endpoint's key in context, like the
 * endpoint functions: `OneSignalClient` (REST API key), or
 * `OneSignalOrganizationClient` (organization API key) for API keys and
 * audit logs. `OneSignal.layer` and `OneSignalOrganization.layer` provide
 * them.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { type ApiKeyToken, viewApiKeys } from "./ApiKeys.js"
import {
  type AuditLogEvent,
  listAuditLogs,
  type ListAuditLogsOptions,
  type ListAuditLogsSuccessResponse
} from "./AuditLogs.js"
import type { CallOptions } from "./CallOptions.js"
import {
  type JourneyListItem,
  type JourneyListResponse,
  viewJourneys,
  type ViewJourneysOptions
} from "./Journeys.js"
import {
  getNotifications,
  type GetNotificationsOptions,
  type NotificationSlice,
  type NotificationWithMeta
} from "./Notifications.js"
import type { OneSignalClient, OneSignalOrganizationClient } from "./OneSignalClient.js"
import type { CommonError, NotFound } from "./OneSignalError.js"
import { getPlayers, type GetPlayersOptions, type PlayerRecord, type PlayerSlice } from "./Players.js"
import {
  getSegments,
  type GetSegmentsOptions,
  type GetSegmentsSuccessResponse,
  type SegmentData
} from "./Segments.js"
import {
  type TemplateResource,
  type TemplatesListResponse,
  viewTemplates,
  type ViewTemplatesOptions
} from "./Templates.js"

// -----------------------------------------------------------------------------
// Walking pages
// -----------------------------------------------------------------------------

/**
 * Requests the page of `start`, then the page of each state `next` reads off
 * the page before, until it reads none. The next page is requested only when
 * the stream is pulled past the current one.
 */
const walk = <S, P, E, R>(
  start: S,
  fetch: (state: S) => Effect.Effect<P, E, R>,
  next: (page: P, state: S) => Option.Option<S>
): Stream.Stream<P, E, R> =>
  Stream.paginateEffect(start, (state) => Effect.map(fetch(state), (page) => [page, next(page, state)] as const))

/** The items of each page, in order, one chunk per page. */
const itemsOf = <P, A, E, R>(
  pages: Stream.Stream<P, E, R>,
  items: (page: P) => ReadonlyArray<A> | null | undefined
): Stream.Stream<A, E, R> => Stream.mapConcatChunk(pages, (page) => Chunk.unsafeFromArray(items(page) ?? []))

/**
 * The offset of the next page, or none when this page was the last: empty,
 * or shorter than the page size. The page size is the smaller of the one
 * asked for and the one the answer says was applied, so a server applying a
 * smaller limit than asked does not end the walk early.
 */
const nextOffset = (
  offset: number,
  received: number,
  requested: number,
  applied: number | null | undefined
): Option.Option<number> => {
  const pageSize = typeof applied === "number" && applied > 0 ? Math.min(applied, requested) : requested
  return received === 0 || received < pageSize ? Option.none() : Option.some(offset + received)
}

const nonEmpty = (cursor: string | null | undefined): Option.Option<string> =>
  typeof cursor === "string" && cursor !== "" ? Option.some(cursor) : Option.none()

const spanOptions = (operation: string, mode: "offset" | "time_offset" | "cursor" | "single") => ({
  attributes: { "onesignal.operation": operation, "onesignal.pagination": mode },
  captureStackTrace: false
})

const notificationsByOffset = spanOptions("getNotifications", "offset")
const notificationsByTime = spanOptions("getNotifications", "time_offset")
const playersByOffset = spanOptions("getPlayers", "offset")
const segmentsByOffset = spanOptions("getSegments", "offset")
const templatesByOffset = spanOptions("viewTemplates", "offset")
const apiKeysAtOnce = spanOptions("viewApiKeys", "single")
const auditLogsByCursor = spanOptions("listAuditLogs", "cursor")
const journeysByCursor = spanOptions("viewJourneys", "cursor")

// -----------------------------------------------------------------------------
// Notifications
// -----------------------------------------------------------------------------

/**
 * The pages of an app's messages (`GET /notifications`), in one of two
 * walks:
 *
 * - by offset (no `time_offset`): newest first, from `offset` (0 when
 *   absent), `limit` messages a page (1 to 50, 50 when absent), until a page
 *   is shorter than that. Messages sent while the walk runs shift the pages
 *   (offsets count from the newest): walk by `time_offset` to read a
 *   changing list exactly once.
 * - by `time_offset` (an ISO 8601 time such as `2025-01-01T00:00:00.000Z`,
 *   or a `next_time_offset` kept from an earlier walk): oldest `send_after`
 *   first, each page from the previous page's `next_time_offset`, until a
 *   page is empty or has no `next_time_offset`, as OneSignal documents. The
 *   last page is then the empty one, and its `next_time_offset` is where a
 *   later walk resumes. `offset` can't be combined with it (OneSignal
 *   answers 400: `BadRequest`).
 *
 * `kind` filters both walks. Every page the API answered is emitted, an
 * empty last one included.
 *
 * @since 0.1.0
 * @category Streams
 */
export const notificationPages = (
  appId: string,
  options?: GetNotificationsOptions
): Stream.Stream<NotificationSlice, CommonError, OneSignalClient> => {
  const timeOffset = options?.time_offset
  if (timeOffset !== undefined && timeOffset !== "") {
    return walk(
      timeOffset,
      (cursor) => getNotifications(appId, { ...options, time_offset: cursor }),
      (page) => (page.notifications?.length ?? 0) === 0 ? Option.none() : nonEmpty(page.next_time_offset)
    ).pipe(Stream.withSpan("OneSignal.Pagination.notificationPages", notificationsByTime))
  }
  const limit = options?.limit ?? 50
  return walk(
    options?.offset ?? 0,
    (offset) => getNotifications(appId, { ...options, time_offset: undefined, limit, offset }),
    (page, offset) => nextOffset(offset, page.notifications?.length ?? 0, limit, page.limit)
  ).pipe(Stream.withSpan("OneSignal.Pagination.notificationPages", notificationsByOffset))
}

/**
 * An app's messages one by one, with their delivery statistics: the items of
 * {@link notificationPages} (same options, same walks).
 *
 * @since 0.1.0
 * @category Streams
 */
export const notifications = (
  appId: string,
  options?: GetNotificationsOptions
): Stream.Stream<NotificationWithMeta, CommonError, OneSignalClient> =>
  itemsOf(notificationPages(appId, options), (page) => page.notifications)

// -----------------------------------------------------------------------------
// Players
// -----------------------------------------------------------------------------

/**
 * The pages of an app's devices (`GET /players`), sorted by id, from
 * `offset` (0 when absent), `limit` devices a page (1 to 300, 300 when
 * absent), until a page is shorter than that. OneSignal does not serve this
 * for apps with more than 80,000 users (use `Players.exportSubscriptions`).
 *
 * @since 0.1.0
 * @category Streams
 */
export const playerPages = (
  appId: string,
  options?: GetPlayersOptions
): Stream.Stream<PlayerSlice, CommonError, OneSignalClient> => {
  const limit = options?.limit ?? 300
  return walk(
    options?.offset ?? 0,
    (offset) => getPlayers(appId, { ...options, limit, offset }),
    (page, offset) => nextOffset(offset, page.players?.length ?? 0, limit, page.limit)
  ).pipe(Stream.withSpan("OneSignal.Pagination.playerPages", playersByOffset))
}

/**
 * An app's devices one by one: the items of {@link playerPages}.
 *
 * @since 0.1.0
 * @category Streams
 */
export const players = (
  appId: string,
  options?: GetPlayersOptions
): Stream.Stream<PlayerRecord, CommonError, OneSignalClient> =>
  itemsOf(playerPages(appId, options), (page) => page.players)

// -----------------------------------------------------------------------------
// Segments
// -----------------------------------------------------------------------------

/**
 * The pages of an app's segments (`GET /apps/{app_id}/segments`), oldest
 * first, from `offset` (0 when absent), `limit` segments a page (1 to 300,
 * 300 when absent), until a page is shorter than that.
 *
 * @since 0.1.0
 * @category Streams
 */
export const segmentPages = (
  appId: string,
  options?: GetSegmentsOptions
): Stream.Stream<GetSegmentsSuccessResponse, CommonError | NotFound, OneSignalClient> => {
  const limit = options?.limit ?? 300
  return walk(
    options?.offset ?? 0,
    (offset) => getSegments(appId, { ...options, limit, offset }),
    (page, offset) => nextOffset(offset, page.segments?.length ?? 0, limit, page.limit)
  ).pipe(Stream.withSpan("OneSignal.Pagination.segmentPages", segmentsByOffset))
}

/**
 * An app's segments one by one: the items of {@link segmentPages}.
 *
 * @since 0.1.0
 * @category Streams
 */
export const segments = (
  appId: string,
  options?: GetSegmentsOptions
): Stream.Stream<SegmentData, CommonError | NotFound, OneSignalClient> =>
  itemsOf(segmentPages(appId, options), (page) => page.segments)

// -----------------------------------------------------------------------------
// Templates
// -----------------------------------------------------------------------------

/**
 * The pages of an app's templates (`GET /templates`), optionally of one
 * `channel`, from `offset` (0 when absent), `limit` templates a page (1 to
 * 50, 50 when absent), until a page is shorter than that.
 *
 * @since 0.1.0
 * @category Streams
 */
export const templatePages = (
  appId: string,
  options?: ViewTemplatesOptions
): Stream.Stream<TemplatesListResponse, CommonError, OneSignalClient> => {
  const limit = options?.limit ?? 50
  return walk(
    options?.offset ?? 0,
    (offset) => viewTemplates(appId, { ...options, limit, offset }),
    (page, offset) => nextOffset(offset, page.templates?.length ?? 0, limit, undefined)
  ).pipe(Stream.withSpan("OneSignal.Pagination.templatePages", templatesByOffset))
}

/**
 * An app's templates one by one: the items of {@link templatePages}.
 *
 * @since 0.1.0
 * @category Streams
 */
export const templates = (
  appId: string,
  options?: ViewTemplatesOptions
): Stream.Stream<TemplateResource, CommonError, OneSignalClient> =>
  itemsOf(templatePages(appId, options), (page) => page.templates)

// -----------------------------------------------------------------------------
// API keys
// -----------------------------------------------------------------------------

/**
 * An app's API keys one by one (`GET /apps/{app_id}/auth/tokens`; ids and
 * settings, never the tokens). OneSignal answers them all in one page, so
 * this is one request; it is a stream to read like the other lists. Needs
 * the organization key.
 *
 * @since 0.1.0
 * @category Streams
 */
export const apiKeys = (
  appId: string,
  options?: CallOptions
): Stream.Stream<ApiKeyToken, CommonError | NotFound, OneSignalOrganizationClient> =>
  Stream.fromIterableEffect(Effect.map(viewApiKeys(appId, options), (answer) => answer.tokens ?? [])).pipe(
    Stream.withSpan("OneSignal.Pagination.apiKeys", apiKeysAtOnce)
  )

// -----------------------------------------------------------------------------
// Audit logs
// -----------------------------------------------------------------------------

/**
 * The pages of an organization's audit log
 * (`GET /organizations/{organization_id}/audit_logs`), oldest first: the
 * first page from `start_time` (and `end_time`), or from `cursor` to resume
 * a walk; each next page from the previous page's `next_cursor`, with the
 * same `limit` and filters, until a page says `has_more: false`, gives no
 * `next_cursor`, or is empty. Needs the organization key; a request without
 * `start_time` or `cursor` fails with `InvalidRequest`.
 *
 * @since 0.1.0
 * @category Streams
 */
export const auditLogPages = (
  organizationId: string,
  options: ListAuditLogsOptions
): Stream.Stream<ListAuditLogsSuccessResponse, CommonError | NotFound, OneSignalOrganizationClient> =>
  walk(
    options,
    (request) => listAuditLogs(organizationId, request),
    (page) =>
      page.has_more !== true || (page.audit_logs?.length ?? 0) === 0
        ? Option.none()
        : Option.map(nonEmpty(page.next_cursor), (cursor) => ({
          ...options,
          start_time: undefined,
          end_time: undefined,
          cursor
        }))
  ).pipe(Stream.withSpan("OneSignal.Pagination.auditLogPages", auditLogsByCursor))

/**
 * An organization's audit events one by one: the items of
 * {@link auditLogPages}.
 *
 * @since 0.1.0
 * @category Streams
 */
export const auditLogs = (
  organizationId: string,
  options: ListAuditLogsOptions
): Stream.Stream<AuditLogEvent, CommonError | NotFound, OneSignalOrganizationClient> =>
  itemsOf(auditLogPages(organizationId, options), (page) => page.audit_logs)

// -----------------------------------------------------------------------------
// Journeys
// -----------------------------------------------------------------------------

/** Where a journey walk is: the cursor of the next page, and every cursor followed so far. */
interface JourneyWalk {
  readonly cursor: string | undefined
  readonly seen: ReadonlySet<string>
}

/**
 * The pages of an app's journeys (`GET /apps/{app_id}/journeys`), newest
 * first, in their summary form: the first page from `cursor` (the start
 * when absent), each next page from the previous page's `next_cursor`, with
 * the same `limit` (1 to 50, OneSignal's default 50 when absent), until a
 * page says `has_more: false`, gives no `next_cursor`, is empty, or hands
 * back a cursor the walk already followed (which would never end).
 *
 * @since 0.1.0
 * @category Streams
 */
export const journeyPages = (
  appId: string,
  options?: ViewJourneysOptions
): Stream.Stream<JourneyListResponse, CommonError | NotFound, OneSignalClient> => {
  const first = options?.cursor
  return walk<JourneyWalk, JourneyListResponse, CommonError | NotFound, OneSignalClient>(
    { cursor: first, seen: new Set(first === undefined ? [] : [first]) },
    (state) => viewJourneys(appId, { ...options, cursor: state.cursor }),
    (page, state) =>
      page.has_more !== true || (page.journeys?.length ?? 0) === 0
        ? Option.none()
        : Option.flatMap(nonEmpty(page.next_cursor), (cursor) =>
          state.seen.has(cursor)
            ? Option.none()
            : Option.some({ cursor, seen: new Set([...state.seen, cursor]) }))
  ).pipe(Stream.withSpan("OneSignal.Pagination.journeyPages", journeysByCursor))
}

/**
 * An app's journeys one by one, newest first, in their summary form: the
 * items of {@link journeyPages}. Read one with `Journeys.viewJourney` for
 * its nodes and `concurrency_key`.
 *
 * @since 0.1.0
 * @category Streams
 */
export const journeys = (
  appId: string,
  options?: ViewJourneysOptions
): Stream.Stream<JourneyListItem, CommonError | NotFound, OneSignalClient> =>
  itemsOf(journeyPages(appId, options), (page) => page.journeys)
