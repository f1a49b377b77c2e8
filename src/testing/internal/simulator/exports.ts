/**
 * The simulator's export files: `GET /exports/:file` serves the files whose
 * URLs `POST /players/csv_export`, `POST /notifications/{id}/export_events`
 * and `POST /notifications/{id}/history` hand out, as a pre-signed storage
 * URL would (no authorization).
 *
 * A file answers "not ready" to its first `readyAfterPolls` GETs: 404
 * `NoSuchKey` for players and events exports, 403 `AccessDenied` for
 * history exports, as OneSignal documents them. Then it answers 200 with the
 * gzipped CSV, built from the store when it is served, plus `syntheticRows`
 * generated rows. Three days after the export started, the file is gone
 * (403, as an expired pre-signed URL answers).
 *
 * The CSV is compressed with the web-standard `CompressionStream`, fed in
 * batches, so the simulator stays runtime-neutral (no `node:zlib`) and a
 * file of a million rows never exists uncompressed in memory.
 */
import * as Effect from "effect/Effect"
import * as Exports from "../../../Exports.js"
import {
  type ExportKind,
  type ExportRecord,
  isRecord,
  type Json,
  type NotificationRecord,
  type Route,
  type RouteContext,
  seconds,
  SimulatorReply,
  type Store,
  type SubscriptionRecord
} from "./core.js"
import { playerView } from "./players.js"

/** How long a file stays available: 3 days. */
export const exportLifetimeMillis = 3 * 24 * 60 * 60 * 1000

// -----------------------------------------------------------------------------
// Recording the exports the API starts
// -----------------------------------------------------------------------------

/** The operations that start an export, by name, and the kind of file each hands out. */
const exportOperations: Readonly<Record<string, ExportKind>> = {
  exportSubscriptions: "players",
  exportEvents: "events",
  getNotificationHistory: "history"
}

const fileOf = (url: unknown): string | undefined => {
  if (typeof url !== "string") return undefined
  const index = url.lastIndexOf("/exports/")
  return index === -1 ? undefined : url.slice(index + "/exports/".length)
}

/**
 * Records the export a successful `reply` of an export route handed out, so
 * that its file can be served: which app, which message, which columns.
 * Called by the dispatcher after every reply; does nothing for other routes.
 * An events or history export of a message that was exported before gets the
 * same file name: the new export replaces the file, and polling starts over.
 */
export const recordExport = (operation: string | undefined, context: RouteContext, reply: SimulatorReply): void => {
  const kind = operation === undefined ? undefined : exportOperations[operation]
  if (kind === undefined || reply._tag !== "Response" || reply.status !== 200 || !isRecord(reply.body)) return
  const file = fileOf(kind === "history" ? reply.body["destination_url"] : reply.body["csv_file_url"])
  if (file === undefined) return
  const body = isRecord(context.request.body) ? context.request.body : {}
  const appId = context.request.query["app_id"] ?? body["app_id"]
  if (typeof appId !== "string") return
  const extra = body["extra_fields"]
  const since = body["last_active_since"]
  context.store.exports.set(file, {
    file,
    kind,
    appId,
    notificationId: context.params["notification_id"],
    events: typeof body["events"] === "string" ? body["events"] : undefined,
    extraFields: Array.isArray(extra) ? extra.filter((name): name is string => typeof name === "string") : [],
    lastActiveSince: typeof since === "string" && /^\d+$/.test(since.trim()) ? Number(since) : undefined,
    createdAt: context.nowMillis,
    polls: []
  })
}

// -----------------------------------------------------------------------------
// CSV
// -----------------------------------------------------------------------------

const needsQuotes = /[",\r\n]/

/** One RFC 4180 field: quoted when it holds a quote, a comma or a line break. */
const field = (value: unknown): string => {
  if (value === undefined || value === null) return ""
  const text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value)
  return needsQuotes.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

/** One record, CRLF-terminated as RFC 4180 writes it. */
const line = (values: ReadonlyArray<unknown>): string => values.map(field).join(",") + "\r\n"

/** `2024-05-01 12:00:00`: the date and time of a Unix time in seconds, in UTC. */
const dateTime = (unixSeconds: number): string =>
  new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace("T", " ")

/** A UUID v4 made from a row number, so that synthetic rows are reproducible. */
const syntheticId = (index: number): string =>
  `00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`

// -----------------------------------------------------------------------------
// Players export
// -----------------------------------------------------------------------------

// The columns the client's row schemas decode, in file order.
const playerColumns = Exports.columns.subscriptions.default

const playerExtraColumns: ReadonlySet<string> = new Set(Exports.columns.subscriptions.extra)

const playerCell = (view: Json, column: string): unknown => {
  switch (column) {
    case "last_active":
    case "created_at":
      return typeof view[column] === "number" ? dateTime(view[column]) : undefined
    case "invalid_identifier":
    case "rooted":
      return typeof view[column] === "boolean" ? (view[column] ? "t" : "f") : undefined
    case "tags":
      return isRecord(view["tags"]) ? JSON.stringify(view["tags"]) : undefined
    case "location":
      return typeof view["lat"] === "number" && typeof view["long"] === "number"
        ? `${view["lat"]},${view["long"]}`
        : undefined
    default:
      return view[column]
  }
}

const syntheticPlayer = (index: number, nowSeconds: number, columns: ReadonlyArray<string>): Array<unknown> => {
  const values: Record<string, unknown> = {
    id: syntheticId(index),
    identifier: `synthetic-token-${index}`,
    session_count: 1 + (index % 50),
    language: index % 3 === 0 ? "es" : "en",
    timezone: -28800,
    game_version: "1.0.0",
    device_os: "14",
    device_type: 1,
    // Every seventh model has a comma and a quote, so that clients meet quoted fields.
    device_model: index % 7 === 0 ? "Pixel 7, \"Pro\"" : "Pixel 7",
    tags: JSON.stringify({ synthetic: String(index) }),
    last_active: dateTime(nowSeconds),
    playtime: index % 3600,
    amount_spent: index % 10 === 0 ? "9.99" : "0",
    created_at: dateTime(nowSeconds - 86_400),
    invalid_identifier: index % 5 === 0 ? "t" : "f",
    badge_count: 0,
    external_user_id: `synthetic-user-${index}`,
    notification_types: index % 5 === 0 ? -2 : 1,
    country: "US"
  }
  return columns.map((column) => values[column])
}

/** A file's lines: the header and the rows read from the store, then `synthetic` generated rows. */
interface FileLines {
  readonly stored: ReadonlyArray<string>
  readonly synthetic: (index: number) => string
}

const playerLines = (store: Store, record: ExportRecord, nowSeconds: number): FileLines => {
  const columns: ReadonlyArray<string> = [
    ...playerColumns,
    ...record.extraFields.filter((name, i) => playerExtraColumns.has(name) && record.extraFields.indexOf(name) === i)
  ]
  const stored = [line(columns)]
  for (const subscription of subscriptionsOf(store, record.appId)) {
    const view = playerView(store, subscription)
    if (record.lastActiveSince !== undefined && Number(view["last_active"]) < record.lastActiveSince) continue
    stored.push(line(columns.map((column) => playerCell(view, column))))
  }
  return { stored, synthetic: (i) => line(syntheticPlayer(i, nowSeconds, columns)) }
}

const subscriptionsOf = (store: Store, appId: string): Array<SubscriptionRecord> => {
  const out: Array<SubscriptionRecord> = []
  for (const subscription of store.subscriptions.values()) {
    if (subscription.appId === appId) out.push(subscription)
  }
  return out
}

// -----------------------------------------------------------------------------
// Events and history exports
// -----------------------------------------------------------------------------

interface Recipient {
  readonly subscriptionId: string
  readonly subscription: SubscriptionRecord | undefined
}

const channelOf = (type: string): string => type === "Email" ? "email" : type === "SMS" ? "sms" : "push"

/**
 * Who a message went to, as far as the store tells: the subscriptions it
 * named, the subscriptions of the channel of the users its aliases named,
 * and every subscription of the app for a segment send.
 */
const recipientsOf = (store: Store, notification: NotificationRecord): Array<Recipient> => {
  const out: Array<Recipient> = []
  const seen = new Set<string>()
  const add = (subscriptionId: string, subscription: SubscriptionRecord | undefined) => {
    if (seen.has(subscriptionId)) return
    seen.add(subscriptionId)
    out.push({ subscriptionId, subscription })
  }
  const fields = notification.fields
  for (const name of ["include_subscription_ids", "include_player_ids"]) {
    const ids = fields[name]
    if (!Array.isArray(ids)) continue
    for (const id of ids) {
      if (typeof id !== "string") continue
      const subscription = store.subscriptions.get(id)
      add(id, subscription !== undefined && subscription.appId === notification.appId ? subscription : undefined)
    }
  }
  const aliases = fields["include_aliases"]
  const channel = fields["target_channel"]
  if (isRecord(aliases)) {
    for (const [label, ids] of Object.entries(aliases)) {
      if (!Array.isArray(ids)) continue
      for (const user of store.users.values()) {
        if (user.appId !== notification.appId) continue
        const matches = label === "onesignal_id" ? ids.includes(user.onesignalId) : ids.includes(user.aliases[label])
        if (!matches) continue
        for (const subscription of store.subscriptions.values()) {
          if (subscription.onesignalId === user.onesignalId && channelOf(subscription.type) === channel) {
            add(subscription.id, subscription)
          }
        }
      }
    }
  }
  if (Array.isArray(fields["included_segments"]) && fields["included_segments"].length > 0) {
    for (const subscription of subscriptionsOf(store, notification.appId)) {
      if (subscription.enabled) add(subscription.id, subscription)
    }
  }
  return out
}

const eventColumns = Exports.columns.events

const userIds = (store: Store, subscription: SubscriptionRecord | undefined) => {
  const user = subscription?.onesignalId === undefined ? undefined : store.users.get(subscription.onesignalId)
  return { onesignalId: user?.onesignalId, externalId: user?.aliases["external_id"] }
}

const eventLines = (store: Store, notification: NotificationRecord): FileLines => {
  const stored = [line(eventColumns)]
  const sent = notification.canceled ? undefined : dateTime(notification.sendAfter)
  const clicked = dateTime(notification.sendAfter + 60)
  for (const [index, { subscription, subscriptionId }] of recipientsOf(store, notification).entries()) {
    const { externalId, onesignalId } = userIds(store, subscription)
    // The first `converted` recipients are the ones who opened it.
    const opened = sent !== undefined && index < notification.converted
    stored.push(line([
      externalId,
      subscriptionId,
      subscription?.type,
      sent,
      sent,
      opened ? clicked : undefined,
      onesignalId,
      undefined,
      undefined,
      undefined
    ]))
  }
  const synthetic = (i: number): string => {
    const failed = i % 20 === 19
    return line([
      `synthetic-user-${i}`,
      syntheticId(i),
      "AndroidPush",
      sent,
      failed ? undefined : sent,
      !failed && i % 10 === 0 ? clicked : undefined,
      syntheticId(i + 1_000_000_000),
      failed ? sent : undefined,
      undefined,
      failed ? "Subscription is no longer valid, \"NotRegistered\"" : undefined
    ])
  }
  return { stored, synthetic }
}

const historyLines = (store: Store, record: ExportRecord, notification: NotificationRecord): FileLines => {
  const clickedOnly = record.events === "clicked"
  const stored = [
    line(
      // `timestamp` (the last column) is in `clicked` exports only.
      clickedOnly ? Exports.columns.history : Exports.columns.history.filter((column) => column !== "timestamp")
    )
  ]
  const recipients = recipientsOf(store, notification)
  const clickedAt = notification.sendAfter + 60
  const rows = clickedOnly ? recipients.slice(0, notification.converted) : recipients
  for (const { subscription, subscriptionId } of rows) {
    const { externalId, onesignalId } = userIds(store, subscription)
    const channel = subscription === undefined ? "push" : channelOf(subscription.type)
    stored.push(line(
      clickedOnly
        ? [subscriptionId, onesignalId, externalId, channel, clickedAt]
        : [subscriptionId, onesignalId, externalId, channel]
    ))
  }
  const synthetic = (i: number): string => {
    const values = [syntheticId(i), syntheticId(i + 1_000_000_000), `synthetic-user-${i}`, "push"]
    return line(clickedOnly ? [...values, clickedAt] : values)
  }
  return { stored, synthetic }
}

function* allLines(lines: FileLines, synthetic: number): Generator<string> {
  yield* lines.stored
  for (let i = 0; i < synthetic; i++) yield lines.synthetic(i)
}

// -----------------------------------------------------------------------------
// Serving a file
// -----------------------------------------------------------------------------

const encoder = new TextEncoder()

/** Characters of CSV handed to the compressor at a time. */
const batchChars = 64 * 1024

/** Gzips lines with `CompressionStream`, a batch at a time. */
const gzip = (lines: Iterable<string>): Effect.Effect<Uint8Array> =>
  Effect.promise(async () => {
    const compressor = new CompressionStream("gzip")
    const compressed = new Response(compressor.readable).arrayBuffer()
    const writer = compressor.writable.getWriter()
    let batch = ""
    for (const text of lines) {
      batch += text
      if (batch.length >= batchChars) {
        await writer.write(encoder.encode(batch))
        batch = ""
      }
    }
    if (batch.length > 0) await writer.write(encoder.encode(batch))
    await writer.close()
    return new Uint8Array(await compressed)
  })

const xml = (status: number, code: string, message: string): SimulatorReply =>
  SimulatorReply.Raw({
    status,
    headers: { "content-type": "application/xml" },
    bytes: encoder.encode(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
    )
  })

const noSuchKey = () => xml(404, "NoSuchKey", "The specified key does not exist.")

const accessDenied = () => xml(403, "AccessDenied", "Access Denied")

const expired = () => xml(403, "AccessDenied", "Request has expired")

/** What a file that is not there yet answers: 403 for history exports, 404 for the others. */
const notReady = (kind: ExportKind): SimulatorReply => kind === "history" ? accessDenied() : noSuchKey()

const serveFile = (context: RouteContext): SimulatorReply | Effect.Effect<SimulatorReply> => {
  const { nowMillis, store } = context
  const name = context.params["file"]!
  const record = store.exports.get(name)
  if (record === undefined) return notReady(name.startsWith("history-") ? "history" : "players")
  record.polls.push(nowMillis)
  if (nowMillis - record.createdAt >= exportLifetimeMillis) return expired()
  if (record.polls.length <= store.exportSettings.readyAfterPolls) return notReady(record.kind)
  const notification = record.notificationId === undefined
    ? undefined
    : store.notifications.find((n) => n.id === record.notificationId && n.appId === record.appId)
  // The rows of the store are read now, while the request applies; only the
  // synthetic rows (which read nothing) are generated while compressing.
  let lines: FileLines
  if (record.kind === "players") {
    lines = playerLines(store, record, seconds(nowMillis))
  } else if (notification === undefined) {
    return noSuchKey()
  } else {
    lines = record.kind === "events" ? eventLines(store, notification) : historyLines(store, record, notification)
  }
  return Effect.map(gzip(allLines(lines, store.exportSettings.syntheticRows)), (bytes) =>
    SimulatorReply.Raw({
      status: 200,
      headers: { "content-type": "text/csv", "content-disposition": `attachment; filename="${name}"` },
      bytes
    }))
}

export const routes: ReadonlyArray<Route> = [
  { pattern: "GET /exports/:file", handle: serveFile }
]
