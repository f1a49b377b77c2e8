/**
 * The legacy device (player) API, as a service still built on it would use
 * it: page through an app's devices, retag a user's devices by external id,
 * report a purchase, and start a CSV export for apps too large to page.
 *
 * Nothing runs at import time: `program` is an Effect that needs the
 * `OneSignal` service (provide `OneSignal.layerConfig()` and an HTTP client).
 */
import { Console, Effect } from "effect"
import { OneSignal } from "effect-onesignal"
import type { PlayerRecord } from "effect-onesignal/Players"

/** Reads every device of a small app (OneSignal serves at most 300 per page). */
export const allDevices = (appId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const devices: Array<PlayerRecord> = []
    let offset = 0
    while (true) {
      const page = yield* onesignal.getPlayers(appId, { limit: 300, offset })
      const players = page.players ?? []
      devices.push(...players)
      offset += players.length
      if (players.length === 0 || offset >= (page.total_count ?? 0)) return devices
    }
  })

/** Moves a user to the "pro" plan on every device carrying their external id. */
export const upgradeUser = (appId: string, externalUserId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    // an empty string removes a tag; tags left out are kept
    yield* onesignal.updatePlayerTags(appId, externalUserId, { tags: { plan: "pro", trial_ends: "" } })
  })

/**
 * Records a purchase on one device. Not retried by default (a repeat would
 * count it twice), so a failure is logged and left to the caller.
 */
export const recordPurchase = (playerId: string, sku: string, amount: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    yield* onesignal.createPlayerPurchase(playerId, { purchases: [{ sku, amount, iso: "USD" }] }).pipe(
      Effect.tapError((error) => Console.log(`purchase of ${sku} not recorded: ${error._tag}`))
    )
  })

/** The whole flow. */
export const program = (appId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const devices = yield* allDevices(appId).pipe(
      // larger apps are refused: fall back to the export
      Effect.catchTag("BadRequest", () => Effect.succeed([] as ReadonlyArray<PlayerRecord>))
    )
    const unsubscribed = devices.filter((device) => device.invalid_identifier === true)
    yield* Console.log(`${devices.length} devices, ${unsubscribed.length} unsubscribed`)

    yield* upgradeUser(appId, "user-42").pipe(
      Effect.catchTag("NotFound", () => Console.log("no device carries external id user-42"))
    )

    const first = devices[0]?.id
    if (first != null) yield* recordPurchase(first, "gems-100", "0.99").pipe(Effect.ignore)

    const device = first == null ? undefined : yield* onesignal.getPlayer(appId, first)
    yield* Console.log(`first device: platform ${device?.device_type ?? "?"}, last active ${device?.last_active ?? "?"}`)

    const { csv_file_url } = yield* onesignal.exportSubscriptions(appId, {
      extra_fields: ["external_user_id", "country"],
      segment_name: "Active Users"
    })
    yield* Console.log(`export started; the file will be at ${csv_file_url}`)
  })
