/**
 * CSV exports as one workflow: start the export, poll its file until it is
 * ready, download it, gunzip it, parse it, and stream typed rows, without
 * ever holding the file in memory.
 *
 * OneSignal answers an export request with the URL of a file that does not
 * exist yet. The subscriptions (players) and events files answer 404 until
 * they are ready; the notification history file answers 403. The file URL is
 * a pre-signed storage URL: it is fetched with the client's `HttpClient` but
 * without the `Authorization` header, and it is never put into an error
 * (whoever holds it can download the export for 3 days).
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Exports } from "effect-onesignal"
 *
 * const unsubscribed = Exports.subscriptions("YOUR_APP_ID").pipe(
 *   Stream.filter((row) => row.invalid_identifier === true),
 *   Stream.runCount
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { CallOptions } from "./CallOptions.js"
import * as Csv from "./internal/csv.js"
import * as Endpoint from "./internal/endpoint.js"
import { inflate } from "./internal/gunzip.js"
import * as Notifications from "./Notifications.js"
import { type Client, OneSignalClient } from "./OneSignalClient.js"
import type { OneSignalError } from "./OneSignalError.js"
import * as Players from "./Players.js"
import type { RetryPolicy } from "./RetryPolicy.js"

// -----------------------------------------------------------------------------
// Kinds and files
// -----------------------------------------------------------------------------

/**
 * Which export: `subscriptions` (`exportSubscriptions`, the players CSV),
 * `events` (`exportEvents`) or `history` (`getNotificationHistory`).
 *
 * @since 0.1.0
 * @category Models
 */
export type ExportKind = "subscriptions" | "events" | "history"

/**
 * An export OneSignal has started: its kind and the URL of its file, kept
 * `Redacted` (the URL alone grants access to the file). Keep it to download
 * the file again, or later, without starting another export.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ExportFile<K extends ExportKind = ExportKind> {
  readonly kind: K
  readonly url: Redacted.Redacted<string>
}

/**
 * Makes an `ExportFile` from a URL obtained elsewhere (a previous run, the
 * email OneSignal sent).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeFile = <K extends ExportKind>(kind: K, url: string | Redacted.Redacted<string>): ExportFile<K> => ({
  kind,
  url: Redacted.isRedacted(url) ? url : Redacted.make(url)
})

// -----------------------------------------------------------------------------
// Errors
// -----------------------------------------------------------------------------

/**
 * The export file was still not ready when the poll schedule ended.
 * `polls` is how many times the file was requested, `status` its last answer.
 *
 * @since 0.1.0
 * @category Errors
 */
export class ExportNotReady extends Schema.TaggedError<ExportNotReady>("effect-onesignal/ExportNotReady")(
  "ExportNotReady",
  {
    kind: Schema.Literal("subscriptions", "events", "history"),
    polls: Schema.Number,
    status: Schema.Number
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `the ${this.kind} export was not ready after ${this.polls} polls (last answer: HTTP ${this.status})`
  }
}

/**
 * The export file is gone: a 410, or a 403 where 403 does not mean "not
 * ready" (a subscriptions or events export; a pre-signed URL answers 403
 * once it has expired, 3 days after the export). Start a new export.
 *
 * @since 0.1.0
 * @category Errors
 */
export class ExportExpired extends Schema.TaggedError<ExportExpired>("effect-onesignal/ExportExpired")(
  "ExportExpired",
  {
    kind: Schema.Literal("subscriptions", "events", "history"),
    status: Schema.Number
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `the ${this.kind} export file is no longer available (HTTP ${this.status}); start a new export`
  }
}

/**
 * The file could not be downloaded: the connection failed or timed out
 * (after the retry policy), the storage answered an unexpected status, or
 * the body is not valid gzip. Neither the URL nor the body is kept.
 *
 * @since 0.1.0
 * @category Errors
 */
export class ExportDownloadError extends Schema.TaggedError<ExportDownloadError>(
  "effect-onesignal/ExportDownloadError"
)("ExportDownloadError", {
  kind: Schema.Literal("subscriptions", "events", "history"),
  reason: Schema.Literal("Transport", "Timeout", "Status", "Decompression"),
  /** The HTTP status, for `Status`. */
  status: Schema.optional(Schema.Number),
  description: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `downloading the ${this.kind} export failed: ${this.reason}: ${this.description}`
  }
}

/**
 * The file is not valid CSV (RFC 4180), not valid UTF-8, or a cell of a
 * known column does not have its type. `line` is the line of the file where
 * the problem is (for a record, the line it starts on); `column` the column,
 * when one is at fault. The cell's value is never part of the error.
 *
 * @since 0.1.0
 * @category Errors
 */
export class CsvParseError extends Schema.TaggedError<CsvParseError>("effect-onesignal/CsvParseError")(
  "CsvParseError",
  {
    line: Schema.Number,
    column: Schema.optional(Schema.String),
    issue: Schema.String
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `CSV line ${this.line}${this.column === undefined ? "" : `, column ${this.column}`}: ${this.issue}`
  }
}

/**
 * What downloading an export file can fail with.
 *
 * @since 0.1.0
 * @category Errors
 */
export type ExportError = ExportNotReady | ExportExpired | ExportDownloadError | CsvParseError

// -----------------------------------------------------------------------------
// Cell schemas
// -----------------------------------------------------------------------------

const digits = /^\d+$/
const dateTimeWithoutZone = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/

/** The two-digit number at `at`, or `NaN`. */
const twoDigits = (text: string, at: number): number => {
  const tens = text.charCodeAt(at) - 48
  const units = text.charCodeAt(at + 1) - 48
  return tens >= 0 && tens <= 9 && units >= 0 && units <= 9 ? tens * 10 + units : Number.NaN
}

/** A date from its UTC parts, when they are in range (`NaN` for a part that was not digits is not). */
const utc = (
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number
): Date | undefined => {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59)) {
    return undefined
  }
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  return Number.isNaN(time) ? undefined : new Date(time)
}

/**
 * Reads a date as OneSignal's files write them: a Unix time in seconds
 * (`1628189160`), `2024-05-01 12:00:00` (UTC), or any date `Date.parse`
 * reads (ISO 8601 with a zone).
 */
const parseDate = (text: string): Date | undefined => {
  // The common form, `YYYY-MM-DD HH:MM:SS`, read without a regex (a million rows have two each).
  if (text.length === 19 && text.charCodeAt(4) === 45 && text.charCodeAt(13) === 58 && text.charCodeAt(10) === 32) {
    const year = twoDigits(text, 0) * 100 + twoDigits(text, 2)
    const date = utc(
      year,
      twoDigits(text, 5),
      twoDigits(text, 8),
      twoDigits(text, 11),
      twoDigits(text, 14),
      twoDigits(text, 17),
      0
    )
    if (date !== undefined && text.charCodeAt(7) === 45 && text.charCodeAt(16) === 58) return date
  }
  if (digits.test(text)) return new Date(Number(text) * 1000)
  const parts = dateTimeWithoutZone.exec(text)
  if (parts !== null) {
    return utc(
      Number(parts[1]),
      Number(parts[2]),
      Number(parts[3]),
      Number(parts[4]),
      Number(parts[5]),
      parts[6] === undefined ? 0 : Number(parts[6]),
      parts[7] === undefined ? 0 : Math.floor(Number(parts[7]) * 1000)
    )
  }
  const millis = Date.parse(text)
  return Number.isNaN(millis) ? undefined : new Date(millis)
}

/**
 * A date cell: a Unix time in seconds, `YYYY-MM-DD HH:MM:SS` (UTC), or ISO
 * 8601. Encodes as ISO 8601.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DateFromCsv: Schema.Schema<Date, string> = Schema.transformOrFail(Schema.String, Schema.DateFromSelf, {
  strict: true,
  decode: (text, _, ast) => {
    const date = parseDate(text)
    return date === undefined
      ? ParseResult.fail(new ParseResult.Type(ast, text, "expected a date"))
      : ParseResult.succeed(date)
  },
  encode: (date) => ParseResult.succeed(date.toISOString())
}).annotations({ identifier: "effect-onesignal/DateFromCsv" })

const booleans: ReadonlyMap<string, boolean> = new Map([
  ["t", true],
  ["f", false],
  ["true", true],
  ["false", false],
  ["TRUE", true],
  ["FALSE", false],
  ["1", true],
  ["0", false]
])

/**
 * A boolean cell: `t`/`f` as OneSignal writes them (`true`/`false` and
 * `1`/`0` are read as well). Encodes as `t`/`f`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BooleanFromCsv = Schema.transform(
  Schema.Literal("t", "f", "true", "false", "TRUE", "FALSE", "1", "0"),
  Schema.Boolean,
  { strict: true, decode: (text) => booleans.get(text)!, encode: (b) => (b ? "t" : "f") }
).annotations({ identifier: "effect-onesignal/BooleanFromCsv" })

/**
 * A tags cell: a JSON object.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TagsFromCsv: Schema.Schema<{ readonly [x: string]: unknown }, string> = Schema.parseJson(
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
).annotations({ identifier: "effect-onesignal/TagsFromCsv" })

/**
 * The fast path of each cell schema: the same answer as the schema for any
 * cell it accepts, `undefined` for one it may not (the schema then decides,
 * and its error is the one reported). Rows are decoded by these, a million
 * of them in seconds; a file with a bad cell goes through the schema.
 */
const cellParsers: ReadonlyMap<Schema.Schema.Any, (text: string) => unknown> = new Map<
  Schema.Schema.Any,
  (text: string) => unknown
>([
  [Schema.String, (text) => text],
  [Schema.NumberFromString, (text) => {
    const n = Number(text)
    if (Number.isNaN(n)) return text === "NaN" ? n : undefined
    return n === 0 && text.trim() === "" ? undefined : n
  }],
  [DateFromCsv, parseDate],
  [BooleanFromCsv, (text) => booleans.get(text)],
  [TagsFromCsv, (text) => {
    try {
      const value: unknown = JSON.parse(text)
      return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined
    } catch {
      return undefined
    }
  }]
])

type Columns = Readonly<Record<string, Schema.Schema<any, any, never>>>

/** Every column but the required ones is optional: an empty cell is an absent property. */
const optionalColumns = <C extends Columns>(columns: C): { readonly [K in keyof C]: Schema.optional<C[K]> } =>
  Object.fromEntries(Object.entries(columns).map(([name, schema]) => [name, Schema.optional(schema)])) as {
    readonly [K in keyof C]: Schema.optional<C[K]>
  }

/** The columns a file has that its schema does not name, as strings. */
const Extra = Schema.Record({ key: Schema.String, value: Schema.String })

// -----------------------------------------------------------------------------
// Row schemas
// -----------------------------------------------------------------------------

/** The columns of a subscriptions export file after `id`, in file order. */
const subscriptionDefaultColumns = {
  /** Push token, email address or phone number. */
  identifier: Schema.String,
  session_count: Schema.NumberFromString,
  language: Schema.String,
  /** Seconds from UTC (deprecated by OneSignal: see `timezone_id`). */
  timezone: Schema.NumberFromString,
  game_version: Schema.String,
  device_os: Schema.String,
  /** 0 iOS, 1 Android, 5 Chrome, 11 email, 14 SMS, ... */
  device_type: Schema.NumberFromString,
  device_model: Schema.String,
  ad_id: Schema.String,
  tags: TagsFromCsv,
  last_active: DateFromCsv,
  /** Seconds the app was open. */
  playtime: Schema.NumberFromString,
  /** In USD. */
  amount_spent: Schema.NumberFromString,
  created_at: DateFromCsv,
  /** `true` when unsubscribed. */
  invalid_identifier: BooleanFromCsv,
  badge_count: Schema.NumberFromString
}

/** The columns `extra_fields` can add to a subscriptions export file. */
const subscriptionExtraColumns = {
  external_user_id: Schema.String,
  notification_types: Schema.NumberFromString,
  /** Latitude and longitude, as OneSignal writes them. */
  location: Schema.String,
  country: Schema.String,
  rooted: BooleanFromCsv,
  ip: Schema.String,
  web_auth: Schema.String,
  web_p256: Schema.String,
  timezone_id: Schema.String
}

const subscriptionColumns = { ...subscriptionDefaultColumns, ...subscriptionExtraColumns }

/**
 * A row of the subscriptions (players) export, decoded from its CSV cells.
 * Every documented column is typed (the default ones and the `extra_fields`
 * ones); an empty cell is an absent property. Columns the schema does not
 * know are kept in `extra`, as strings.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SubscriptionRow = Schema.Struct({
  /** The subscription (player) id. */
  id: Schema.String,
  ...optionalColumns(subscriptionColumns),
  extra: Extra
}).annotations({ identifier: "effect-onesignal/SubscriptionRow" })

/**
 * @since 0.1.0
 * @category Schemas
 */
export type SubscriptionRow = typeof SubscriptionRow.Type

const eventColumns = {
  external_user_id: Schema.String,
  subscription_id: Schema.String,
  /** The platform or channel of the subscription. */
  device_type: Schema.String,
  sent: DateFromCsv,
  delivered: DateFromCsv,
  clicked: DateFromCsv,
  onesignal_id: Schema.String,
  failed: DateFromCsv,
  unsubscribed: DateFromCsv,
  failure_message: Schema.String
}

/**
 * A row of a message's events export: one subscription and when each event
 * happened to it. Columns the schema does not know are kept in `extra`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EventRow = Schema.Struct({
  ...optionalColumns(eventColumns),
  extra: Extra
}).annotations({ identifier: "effect-onesignal/EventRow" })

/**
 * @since 0.1.0
 * @category Schemas
 */
export type EventRow = typeof EventRow.Type

const historyColumns = {
  onesignal_id: Schema.String,
  external_id: Schema.String,
  /** `push`, `email` or `sms`. */
  target_channel: Schema.String,
  /** When it was clicked (`clicked` exports only). */
  timestamp: DateFromCsv
}

/**
 * A row of a message's history export: a subscription the message was sent
 * to, or that clicked it (`timestamp` is only in `clicked` exports).
 * Columns the schema does not know are kept in `extra`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const HistoryRow = Schema.Struct({
  /** The subscription (player) id. */
  player_id: Schema.String,
  ...optionalColumns(historyColumns),
  extra: Extra
}).annotations({ identifier: "effect-onesignal/HistoryRow" })

/**
 * @since 0.1.0
 * @category Schemas
 */
export type HistoryRow = typeof HistoryRow.Type

/**
 * The columns of each export file, in the order OneSignal writes them (the
 * id column first): what the row schemas decode. `subscriptions.extra` are
 * the columns a subscriptions export adds when `extra_fields` asks for them.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const columns = {
  subscriptions: {
    default: ["id", ...Object.keys(subscriptionDefaultColumns)],
    extra: Object.keys(subscriptionExtraColumns)
  },
  events: Object.keys(eventColumns),
  history: ["player_id", ...Object.keys(historyColumns)]
} as const

/**
 * The row type of an export kind.
 *
 * @since 0.1.0
 * @category Models
 */
export type RowOf<K extends ExportKind> = K extends "subscriptions" ? SubscriptionRow
  : K extends "events" ? EventRow
  : HistoryRow

interface RowDecoder {
  /** The fast parser of each column the schema names. */
  readonly parsers: ReadonlyMap<string, (text: string) => unknown>
  readonly required: ReadonlyArray<string>
  /** The schema's own decoding: the reference, and the source of errors. */
  readonly decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>
  /** What a column's cell must be, for error messages. */
  readonly expected: ReadonlyMap<string, string>
}

const expectations: ReadonlyMap<Schema.Schema.Any, string> = new Map<Schema.Schema.Any, string>([
  [Schema.String, "text"],
  [Schema.NumberFromString, "a number"],
  [DateFromCsv, "a date"],
  [BooleanFromCsv, "t or f"],
  [TagsFromCsv, "a JSON object"]
])

const rowDecoder = (
  schema: Schema.Schema<any, any, never>,
  required: Columns,
  optional: Columns
): RowDecoder => {
  const parsers = new Map<string, (text: string) => unknown>()
  const expected = new Map<string, string>()
  for (const [name, column] of Object.entries({ ...required, ...optional })) {
    parsers.set(name, cellParsers.get(column)!)
    expected.set(name, expectations.get(column)!)
  }
  return { parsers, required: Object.keys(required), decode: Schema.decodeUnknownEither(schema), expected }
}

const decoders: Readonly<Record<ExportKind, RowDecoder>> = {
  subscriptions: rowDecoder(SubscriptionRow, { id: Schema.String }, subscriptionColumns),
  events: rowDecoder(EventRow, {}, eventColumns),
  history: rowDecoder(HistoryRow, { player_id: Schema.String }, historyColumns)
}

// -----------------------------------------------------------------------------
// CSV
// -----------------------------------------------------------------------------

const parseError = (issue: Csv.CsvIssue): CsvParseError =>
  new CsvParseError(
    issue.column === undefined
      ? { line: issue.line, issue: issue.issue }
      : { line: issue.line, column: issue.column, issue: issue.issue }
  )

/**
 * Reads CSV (RFC 4180) from UTF-8 bytes, incrementally: chunks may be cut
 * anywhere, inside a quoted field or a multi-byte character. Each record is
 * an array of its fields (the header is the first record); empty lines are
 * skipped. Fails with `CsvParseError` on malformed CSV or invalid UTF-8.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parseCsv = <E, R>(
  bytes: Stream.Stream<Uint8Array, E, R>
): Stream.Stream<ReadonlyArray<string>, E | CsvParseError, R> => Csv.parseCsv(bytes, parseError)

const columnError = (
  kind: ExportKind,
  line: number,
  error: ParseResult.ParseError,
  cells: Record<string, unknown>
): Csv.CsvIssue => {
  const path = ParseResult.ArrayFormatter.formatErrorSync(error)[0]?.path ?? []
  const column = typeof path[0] === "string" ? path[0] : undefined
  if (column === undefined) return new Csv.CsvIssue(line, `the row does not match the ${kind} schema`)
  return new Csv.CsvIssue(
    line,
    cells[column] === undefined
      ? "the cell is empty"
      : `the cell is not ${decoders[kind].expected.get(column) ?? "valid"}`,
    column
  )
}

/**
 * Maps the header to the kind's columns, then decodes each record: by the
 * columns' fast parsers, or, when one of them cannot tell, by the row schema
 * (which gives the same value, or the error).
 */
const typedRows = <K extends ExportKind>(kind: K) => () => {
  const decoder = decoders[kind]
  let header: ReadonlyArray<string> | undefined
  let parsers: ReadonlyArray<((text: string) => unknown) | undefined> = []
  const bySchema = (fields: ReadonlyArray<string>, line: number): RowOf<K> => {
    const cells: Record<string, unknown> = {}
    const extra: Record<string, string> = {}
    for (let i = 0; i < fields.length; i++) {
      if (parsers[i] === undefined) extra[header![i]!] = fields[i]!
      else if (fields[i] !== "") cells[header![i]!] = fields[i]
    }
    cells["extra"] = extra
    const decoded = decoder.decode(cells)
    if (Either.isLeft(decoded)) throw columnError(kind, line, decoded.left, cells)
    return decoded.right as RowOf<K>
  }
  return (fields: Array<string>, line: number): RowOf<K> | undefined => {
    if (header === undefined) {
      const seen = new Set<string>()
      for (const name of fields) {
        if (seen.has(name)) throw new Csv.CsvIssue(line, "the header names this column twice", name)
        seen.add(name)
      }
      header = fields
      parsers = fields.map((name) => decoder.parsers.get(name))
      return undefined
    }
    if (fields.length !== header.length) {
      throw new Csv.CsvIssue(line, `the record has ${fields.length} fields, the header ${header.length}`)
    }
    const row: Record<string, unknown> = {}
    const extra: Record<string, string> = {}
    for (let i = 0; i < fields.length; i++) {
      const text = fields[i]!
      const parse = parsers[i]
      if (parse === undefined) {
        extra[header[i]!] = text
      } else if (text !== "") {
        const value = parse(text)
        if (value === undefined) return bySchema(fields, line)
        row[header[i]!] = value
      }
    }
    for (const name of decoder.required) {
      if (row[name] === undefined) return bySchema(fields, line)
    }
    row["extra"] = extra
    return row as RowOf<K>
  }
}

/**
 * Turns the bytes of an export file (gzipped or not) into typed rows: the
 * same steps as `download` after the file is ready, for a file obtained
 * another way.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const decodeFile = <K extends ExportKind>(kind: K) =>
<E, R>(
  bytes: Stream.Stream<Uint8Array, E, R>
): Stream.Stream<RowOf<K>, E | ExportDownloadError | CsvParseError, R> =>
  Csv.csvStream(
    inflate(bytes, (error) =>
      new ExportDownloadError({
        kind,
        reason: "Decompression",
        description: `the file is not valid gzip${error instanceof Error ? `: ${error.message}` : ""}`,
        cause: error
      })),
    typedRows(kind),
    parseError
  )

// -----------------------------------------------------------------------------
// Polling and downloading
// -----------------------------------------------------------------------------

/**
 * A fixed poll: every `interval` (default 10 seconds), at most `maxPolls`
 * requests of the file in all (default 60).
 *
 * @since 0.1.0
 * @category Models
 */
export interface PollOptions {
  readonly interval?: Duration.DurationInput | undefined
  readonly maxPolls?: number | undefined
}

/**
 * How to fetch an export file.
 *
 * @since 0.1.0
 * @category Models
 */
export interface DownloadOptions {
  /**
   * When to ask again while the file is not ready: a `Schedule` (fed with
   * the status of each "not ready" answer; when it ends, the download fails
   * with `ExportNotReady`), or `PollOptions`. Default: every 10 seconds, at
   * most 60 requests (OneSignal suggests 10 seconds; most exports take 1-3
   * minutes, large ones about 2,000 rows a second).
   */
  readonly poll?: Schedule.Schedule<unknown, number> | PollOptions | undefined
  /**
   * The retry policy of each request of the file when it fails transiently
   * (connection, timeout, 429, 5xx), or `false`; `OneSignalConfig`'s when
   * absent. These retries do not count as polls.
   */
  readonly retry?: RetryPolicy | false | undefined
  /** The time limit for the file's answer to begin (not for the whole download); `OneSignalConfig`'s when absent. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * How to run an export: the options of the request that starts it
 * (`request`), and those of its file.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ExportOptions extends DownloadOptions {
  /** Options of the call starting the export (not retried by default: a retry could start a second export). */
  readonly request?: CallOptions | undefined
}

/**
 * Options of a history export.
 *
 * @since 0.1.0
 * @category Models
 */
export interface HistoryExportOptions extends ExportOptions {
  /** An address OneSignal also sends the report to. */
  readonly email?: string | undefined
}

const pollSchedule = (options: PollOptions): Schedule.Schedule<unknown, number> =>
  Schedule.spaced(options.interval ?? "10 seconds").pipe(
    Schedule.intersect(Schedule.recurs(Math.max(0, Math.floor(options.maxPolls ?? 60) - 1)))
  )

const defaultPoll = pollSchedule({})

/** The route the errors of a file request name (never the URL). */
const fileRoute = (kind: ExportKind): string => `<${kind} export file>`

const notReady = (kind: ExportKind, status: number): boolean => status === 404 || (kind === "history" && status === 403)

/** What a failed request of the file becomes, once the retry policy gave up. */
const fileError = (kind: ExportKind, error: OneSignalError): ExportExpired | ExportDownloadError => {
  if (error._tag === "TransportError") {
    return new ExportDownloadError({
      kind,
      reason: error.reason === "Timeout" ? "Timeout" : "Transport",
      description: error.description,
      cause: error.cause
    })
  }
  const status = "status" in error ? error.status : undefined
  // A 403 that does not mean "not ready" is an expired pre-signed URL.
  if (status === 403 || status === 410) return new ExportExpired({ kind, status })
  return new ExportDownloadError({
    kind,
    reason: "Status",
    status,
    description: `the file answered HTTP ${status ?? "?"}`
  })
}

/**
 * Polls the file until it is ready, then gives its answer (the body not
 * read). Each request of the file goes through the pipeline of the
 * endpoints (`Endpoint.download`: timeout, retry policy, status errors,
 * span), without the `Authorization` header; its "not ready" answers are
 * what the poll schedule repeats on, and its retries are not polls.
 */
const awaitFile = (
  client: Client,
  file: ExportFile,
  options: DownloadOptions | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, ExportNotReady | ExportExpired | ExportDownloadError> => {
  const kind = file.kind
  const poll = options?.poll === undefined
    ? defaultPoll
    : Schedule.isSchedule(options.poll)
    ? options.poll as Schedule.Schedule<unknown, number>
    : pollSchedule(options.poll as PollOptions)
  const request: Endpoint.DownloadRequest = {
    url: Redacted.value(file.url),
    name: "Exports.requestFile",
    route: fileRoute(kind),
    notReady: (status) => notReady(kind, status),
    attributes: { "onesignal.export.kind": kind },
    retry: options?.retry,
    timeout: options?.timeout
  }
  return Effect.suspend(() => {
    let polls = 0
    const awaited = Effect.flatMap(Schedule.driver(poll), (driver) => {
      const loop: Effect.Effect<
        HttpClientResponse.HttpClientResponse,
        ExportNotReady | ExportExpired | ExportDownloadError
      > = Effect.flatMap(
        Effect.mapError(
          Effect.suspend(() => {
            polls++
            return Endpoint.download(client, request)
          }),
          (error) => fileError(kind, error)
        ),
        (answer) =>
          answer._tag === "Ready"
            ? Effect.succeed(answer.response)
            : Effect.matchEffect(driver.next(answer.status), {
              onFailure: () => Effect.fail(new ExportNotReady({ kind, polls, status: answer.status })),
              onSuccess: () => loop
            })
      )
      return loop
    })
    // Neither the URL nor anything of the file goes into the span.
    return Endpoint.traced(
      awaited,
      "OneSignal.Exports.awaitFile",
      { "onesignal.export.kind": kind },
      () => ({ "onesignal.export.polls": polls })
    )
  })
}

const bodyOf = (
  kind: ExportKind,
  response: HttpClientResponse.HttpClientResponse
): Stream.Stream<Uint8Array, ExportDownloadError> =>
  Stream.mapError(
    response.stream,
    (error) =>
      new ExportDownloadError({
        kind,
        reason: "Transport",
        description: error.description ?? "the body could not be read",
        cause: error.cause
      })
  )

/**
 * Downloads an export file as typed rows: polls it on the `poll` schedule
 * while it answers "not ready" (404; 403 too for a history export), then
 * streams its body through gunzip, UTF-8 decoding and the CSV reader, and
 * decodes each record with the kind's row schema. The file is never held in
 * memory; stopping the stream early (e.g. `Stream.take`) aborts the
 * download. Running the stream again downloads the file again.
 *
 * @since 0.1.0
 * @category Downloading
 */
export const download = <K extends ExportKind>(
  file: ExportFile<K>,
  options?: DownloadOptions
): Stream.Stream<RowOf<K>, ExportError, OneSignalClient> =>
  Stream.unwrap(
    Effect.flatMap(OneSignalClient, (client) =>
      Effect.map(awaitFile(client, file, options), (response) => decodeFile(file.kind)(bodyOf(file.kind, response))))
  )

// -----------------------------------------------------------------------------
// Starting exports
// -----------------------------------------------------------------------------

/**
 * An export's start answer as the export functions read it: the file URL
 * required, non-empty. An answer without it fails as a `ResponseDecodeError`
 * of the start endpoint (its route and path) whose issue names the field.
 */
const withUrl = <F extends string>(field: F) =>
  Schema.Struct({ [field]: Schema.NonEmptyString } as { readonly [K in F]: typeof Schema.NonEmptyString })
    .annotations({ message: () => ({ message: `the answer has no ${field}`, override: true }) })

// The start endpoints, their answers decoded by `withUrl`.
const exportSubscriptions = Endpoint.withSuccess(Players.exportSubscriptions, withUrl("csv_file_url"))
const exportEvents = Endpoint.withSuccess(Notifications.exportEvents, withUrl("csv_file_url"))
const getNotificationHistory = Endpoint.withSuccess(Notifications.getNotificationHistory, withUrl("destination_url"))

/**
 * Starts a subscriptions (players) export (`exportSubscriptions`) and gives
 * its file.
 *
 * @since 0.1.0
 * @category Starting
 */
export const startSubscriptions = (
  appId: string,
  body?: Players.ExportSubscriptionsRequestBody,
  options?: CallOptions
): Effect.Effect<ExportFile<"subscriptions">, OneSignalError, OneSignalClient> =>
  Effect.map(exportSubscriptions(appId, body, options), (answer) => makeFile("subscriptions", answer.csv_file_url))

/**
 * Starts a message's events export (`exportEvents`) and gives its file.
 *
 * @since 0.1.0
 * @category Starting
 */
export const startEvents = (
  appId: string,
  notificationId: string,
  options?: CallOptions
): Effect.Effect<ExportFile<"events">, OneSignalError, OneSignalClient> =>
  Effect.map(exportEvents(notificationId, appId, options), (answer) => makeFile("events", answer.csv_file_url))

/**
 * Starts a message's history export (`getNotificationHistory`: who it was
 * `sent` to, or who `clicked` it) and gives its file.
 *
 * @since 0.1.0
 * @category Starting
 */
export const startHistory = (
  appId: string,
  notificationId: string,
  events: Notifications.NotificationHistoryEvents,
  options?: CallOptions & { readonly email?: string | undefined }
): Effect.Effect<ExportFile<"history">, OneSignalError, OneSignalClient> =>
  Effect.map(
    getNotificationHistory(
      notificationId,
      options?.email === undefined ? { app_id: appId, events } : { app_id: appId, events, email: options.email },
      options
    ),
    (answer) => makeFile("history", answer.destination_url)
  )

// -----------------------------------------------------------------------------
// The whole workflow
// -----------------------------------------------------------------------------

/**
 * Exports an app's subscriptions (players) and streams them as typed rows:
 * starts the export, polls the file, downloads and parses it. `body` picks
 * extra columns (`extra_fields`) and filters (`segment_name`,
 * `last_active_since`). Each run starts a new export (OneSignal runs one at
 * a time per account): keep the file of `startSubscriptions` to download it
 * again.
 *
 * @since 0.1.0
 * @category Exports
 */
export const subscriptions = (
  appId: string,
  body?: Players.ExportSubscriptionsRequestBody,
  options?: ExportOptions
): Stream.Stream<SubscriptionRow, OneSignalError | ExportError, OneSignalClient> =>
  Stream.unwrap(Effect.map(startSubscriptions(appId, body, options?.request), (file) => download(file, options)))

/**
 * Exports a message's events (sent, delivered, clicked, failed,
 * unsubscribed, by subscription) and streams them as typed rows.
 *
 * @since 0.1.0
 * @category Exports
 */
export const events = (
  appId: string,
  notificationId: string,
  options?: ExportOptions
): Stream.Stream<EventRow, OneSignalError | ExportError, OneSignalClient> =>
  Stream.unwrap(Effect.map(startEvents(appId, notificationId, options?.request), (file) => download(file, options)))

/**
 * Exports who a message was `sent` to, or who `clicked` it (paid plans,
 * within 7 days of sending), and streams them as typed rows. The file
 * answers 403 until it is ready.
 *
 * @since 0.1.0
 * @category Exports
 */
export const history = (
  appId: string,
  notificationId: string,
  events: Notifications.NotificationHistoryEvents,
  options?: HistoryExportOptions
): Stream.Stream<HistoryRow, OneSignalError | ExportError, OneSignalClient> =>
  Stream.unwrap(
    Effect.map(
      startHistory(
        appId,
        notificationId,
        events,
        options?.email === undefined ? options?.request : { ...options.request, email: options.email }
      ),
      (file) => download(file, options)
    )
  )
