/**
 * Reading whole lists as streams, as a nightly job would: pull the messages
 * sent since the last run and keep the cursor for the next one, count an
 * app's devices by platform, list the inactive segments, and go through the
 * organization's audit events of the last day. Pages are requested as the
 * streams are read, one page in memory at a time, each with the client's
 * retries.
 *
 * Nothing runs at import time: `program` is an Effect that needs the clients
 * of both keys, e.g.
 *
 *   program(appId, organizationId, lastCursor).pipe(
 *     Effect.provide(Layer.mergeAll(OneSignal.layerConfig(), OneSignalOrganization.layerConfig())),
 *     Effect.provide(FetchHttpClient.layer),
 *     Effect.runPromise
 *   )
 */
import { Console, Effect, HashMap, Option, Stream } from "effect"
import { Pagination } from "effect-onesignal"

/**
 * Logs every message sent since `cursor` (an ISO time the first time, then
 * the cursor this returned), oldest first, and returns where the next run
 * starts: the `next_time_offset` of the last page.
 */
export const messagesSince = (appId: string, cursor: string) =>
  Pagination.notificationPages(appId, { time_offset: cursor }).pipe(
    Stream.tap((page) =>
      Effect.forEach(
        page.notifications ?? [],
        (message) =>
          Console.log(`${message.id}: ${message.successful ?? 0} delivered, ${message.converted ?? 0} opened`),
        { discard: true }
      )
    ),
    Stream.runFold(cursor, (last, page) => page.next_time_offset ?? last)
  )

/** How many devices the app has per `device_type`, counted as the pages arrive. */
export const devicesByType = (appId: string) =>
  Pagination.players(appId).pipe(
    Stream.runFold(
      HashMap.empty<number, number>(),
      (counts, player) =>
        HashMap.modifyAt(counts, player.device_type ?? -1, (count) => Option.some(Option.getOrElse(count, () => 0) + 1))
    )
  )

/** The names of the segments that are not active. */
export const inactiveSegments = (appId: string) =>
  Pagination.segments(appId).pipe(
    Stream.filter((segment) => segment.is_active === false),
    Stream.map((segment) => segment.name ?? segment.id ?? "?"),
    Stream.runCollect
  )

/** The organization's audit events of the last day, at most `max` of them, logged one per line. */
export const lastDayOfAuditLog = (organizationId: string, max: number) =>
  Pagination.auditLogs(organizationId, { start_time: new Date(Date.now() - 24 * 60 * 60 * 1000), limit: 100 }).pipe(
    Stream.take(max),
    Stream.runForEach((event) => Console.log(`${event.occurred_at} ${event.action} by ${event.actor?.type ?? "?"}`))
  )

/** The whole job; returns the cursor to start from next time. */
export const program = (appId: string, organizationId: string, cursor: string) =>
  Effect.gen(function*() {
    const next = yield* messagesSince(appId, cursor)
    const devices = yield* devicesByType(appId)
    for (const [type, count] of devices) yield* Console.log(`device_type ${type}: ${count}`)
    const inactive = yield* inactiveSegments(appId)
    yield* Console.log(`inactive segments: ${[...inactive].join(", ") || "none"}`)
    yield* lastDayOfAuditLog(organizationId, 500)
    return next
  })
