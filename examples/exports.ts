/**
 * CSV exports as streams: count an app's unsubscribed devices from the
 * subscriptions export, list who clicked a message, and keep the file of an
 * export to download it again later without starting another one.
 *
 * Nothing runs at import time: `program` is an Effect that needs the
 * `OneSignal` layer (which provides `OneSignalClient`) and an HTTP client.
 */
import { Console, Effect, Redacted, Schedule, Stream } from "effect"
import { Exports } from "effect-onesignal"

/** Devices per platform and how many are unsubscribed, from one pass over the export. */
export const audit = (appId: string) =>
  Exports.subscriptions(appId, { extra_fields: ["external_user_id", "country"] }).pipe(
    Stream.runFold(
      { total: 0, unsubscribed: 0, byPlatform: new Map<number, number>() },
      (acc, row) => {
        const platform = row.device_type ?? -1
        acc.byPlatform.set(platform, (acc.byPlatform.get(platform) ?? 0) + 1)
        return {
          total: acc.total + 1,
          unsubscribed: acc.unsubscribed + (row.invalid_identifier === true ? 1 : 0),
          byPlatform: acc.byPlatform
        }
      }
    )
  )

/** The external ids of whoever clicked a message, written out as they stream in. */
export const clickers = (appId: string, notificationId: string) =>
  Exports.history(appId, notificationId, "clicked", {
    // a large message: ask every 20 seconds, for up to 15 minutes
    poll: Schedule.spaced("20 seconds").pipe(Schedule.intersect(Schedule.recurs(45)))
  }).pipe(
    Stream.filter((row) => row.external_id !== undefined),
    Stream.runForEach((row) => Console.log(`${row.external_id} clicked at ${row.timestamp?.toISOString() ?? "?"}`))
  )

/** Starts an export once, and downloads its file twice (e.g. after a failure mid-way). */
export const exportOnce = (appId: string) =>
  Effect.gen(function*() {
    const file = yield* Exports.startSubscriptions(appId)
    // the URL is a secret for 3 days: keep it redacted, unwrap it only to store it
    yield* Console.log(`export started (${Redacted.value(file.url).length} characters of URL kept)`)
    const first = yield* Stream.runCount(Exports.download(file))
    const again = yield* Stream.runCount(Exports.download(file, { poll: { maxPolls: 1 } }))
    return { first, again }
  })

/** The whole flow, with the failures an export can end in. */
export const program = (appId: string, notificationId: string) =>
  Effect.gen(function*() {
    const { byPlatform, total, unsubscribed } = yield* audit(appId)
    yield* Console.log(`${total} devices, ${unsubscribed} unsubscribed, ${byPlatform.size} platforms`)
    yield* clickers(appId, notificationId)
  }).pipe(
    Effect.catchTags({
      ExportNotReady: (error) => Console.log(`gave up after ${error.polls} polls; try again later`),
      ExportExpired: () => Console.log("the file is gone; start a new export"),
      CsvParseError: (error) => Console.log(`bad file: ${error.message}`)
    })
  )
