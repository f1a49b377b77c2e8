/**
 * Batch sends: one message to any number of recipients, in chunks under
 * OneSignal's per-request limit, a few chunks at a time, each chunk with a
 * deterministic idempotency key.
 *
 * The recipients flow: they are read lazily (an `Iterable` or a `Stream`),
 * grouped into chunks of `chunkSize`, and each chunk is released as soon as
 * its request is answered. Memory stays that of `concurrency` chunks, however
 * many recipients there are.
 *
 * The key of chunk `n` is `Idempotency.idempotencyKeyFrom(batchKey,
 * "chunk-" + n)`. Running the same batch again — after a crash, a deploy, on
 * another machine — replays the chunks OneSignal already accepted (their
 * result has `wasReplayed: true`) and sends only the others, as long as the
 * message and the recipients, in the same order, are the same, and the first
 * run was less than 30 days ago (OneSignal's idempotency window).
 *
 * Every chunk is reported, in order: `Sent`, `NotSent` (OneSignal accepted
 * the request but created no message) or `Failed` (the typed error of its
 * request, after the client's retries). A failed chunk never stops the
 * others.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import { namespaceFrom, uuidV5 } from "./Idempotency.js"
import type { CallOptions } from "./CallOptions.js"
import { createNotification, Notification, NotificationNotSent, NotificationSent } from "./Notifications.js"
import type { OneSignalClient } from "./OneSignalClient.js"
import {
  BadRequest,
  Conflict,
  InvalidRequest,
  NotFound,
  type OneSignalError,
  RateLimited,
  ResponseDecodeError,
  ServerError,
  TransportError,
  Unauthorized
} from "./OneSignalError.js"

// -----------------------------------------------------------------------------
// Constants
// -----------------------------------------------------------------------------

/**
 * The largest chunk, and the default: 20,000 recipients per request, the
 * maximum OneSignal's current documentation gives for `include_aliases`,
 * `include_subscription_ids`, `email_to` and `include_phone_numbers`. The
 * generated SDK models still state 2,000 ({@link legacyChunkSize}).
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxChunkSize = 20_000

/**
 * 2,000 recipients per request: the limit the generated OneSignal SDK models
 * and older API references state. Pass it as `chunkSize` to stay under it
 * (e.g. if requests of 20,000 are refused with `BadRequest`).
 *
 * @since 0.1.0
 * @category Constants
 */
export const legacyChunkSize = 2_000

/**
 * How many chunks are in flight at once when `concurrency` is not given.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultConcurrency = 4

// -----------------------------------------------------------------------------
// Inputs
// -----------------------------------------------------------------------------

/**
 * Recipient ids: any `Iterable` (an array, a `Set`, a generator, read
 * lazily) or a `Stream` (e.g. rows of a database cursor), whose failure
 * fails the batch.
 *
 * @since 0.1.0
 * @category Models
 */
export type RecipientIds<E = never, R = never> = Iterable<string> | Stream.Stream<string, E, R>

/**
 * Who receives the message, one kind per batch:
 *
 * - `aliases`: users by an alias label and its ids (`external_id`,
 *   `onesignal_id`, or a custom label), sent as `include_aliases`. The
 *   message must name its `target_channel` (`push`, `email` or `sms`).
 * - `subscriptionIds`: subscriptions, sent as `include_subscription_ids`.
 * - `emails`: email addresses, sent as `email_to` (the current field;
 *   `include_email_tokens` is its deprecated alias). Unknown addresses
 *   create users.
 * - `phoneNumbers`: E.164 phone numbers already subscribed, sent as
 *   `include_phone_numbers`.
 *
 * @since 0.1.0
 * @category Models
 */
export type Recipients<E = never, R = never> =
  | { readonly aliases: { readonly label: string; readonly ids: RecipientIds<E, R> } }
  | { readonly subscriptionIds: RecipientIds<E, R> }
  | { readonly emails: RecipientIds<E, R> }
  | { readonly phoneNumbers: RecipientIds<E, R> }

/** The fields that pick recipients or carry an idempotency key: the batch sets them. */
const reservedFields = [
  "included_segments",
  "excluded_segments",
  "include_subscription_ids",
  "include_email_tokens",
  "email_to",
  "include_phone_numbers",
  "include_ios_tokens",
  "include_wp_wns_uris",
  "include_amazon_reg_ids",
  "include_chrome_reg_ids",
  "include_chrome_web_reg_ids",
  "include_android_reg_ids",
  "include_aliases",
  "include_player_ids",
  "include_external_user_ids",
  "filters",
  "idempotency_key",
  "external_id"
] as const

/**
 * The message of a batch: a `Notification` without its audience (segments,
 * ids, aliases, filters) and without an idempotency key, which the batch
 * sets for each chunk.
 *
 * @since 0.1.0
 * @category Models
 */
export type BatchMessage = Omit<Notification, (typeof reservedFields)[number]>

/**
 * Options of a batch.
 *
 * `retry` and `timeout` apply to each chunk's request, as for
 * `createNotification`: by default the client's retry policy (a chunk's
 * request carries an idempotency key, so it is safe to retry) and the
 * client's timeout per attempt.
 *
 * @since 0.1.0
 * @category Models
 */
export interface BatchOptions extends CallOptions {
  /**
   * Names this send, once: the chunks' idempotency keys derive from it. Run
   * the same batch again with the same key to resume it; use a new key for a
   * new send (reusing a key within 30 days replays the old chunks instead of
   * sending the new message). A UUID is used as the key namespace as it is;
   * any other string is hashed into one (see `Idempotency.namespaceFrom`).
   */
  readonly batchKey: string
  /**
   * Recipients per request, from 1 to {@link maxChunkSize} (the default).
   * Keep the same value when resuming a batch: it decides which recipients
   * make up chunk `n`.
   */
  readonly chunkSize?: number | undefined
  /** How many chunks are in flight at once; {@link defaultConcurrency} when absent. */
  readonly concurrency?: number | undefined
}

// -----------------------------------------------------------------------------
// Errors
// -----------------------------------------------------------------------------

/**
 * The batch was rejected before anything was sent: an option out of range,
 * recipients of no known kind, alias targeting without a `target_channel`,
 * an audience or idempotency key in the message, or a message that is not a
 * valid `Notification`.
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidBatch extends Schema.TaggedError<InvalidBatch>("effect-onesignal/InvalidBatch")(
  "InvalidBatch",
  {
    /** What is wrong; it names options and fields, never recipients. */
    issue: Schema.String
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `invalid batch, nothing was sent: ${this.issue}`
  }
}

// -----------------------------------------------------------------------------
// Results
// -----------------------------------------------------------------------------

const OneSignalErrorSchema = Schema.Union(
  BadRequest,
  Unauthorized,
  NotFound,
  Conflict,
  RateLimited,
  ServerError,
  TransportError,
  ResponseDecodeError,
  InvalidRequest
)

/**
 * A chunk's request failed: `error` is its typed error, after the retries
 * the call's policy allowed. Its recipients were not sent to, unless the
 * failure came after OneSignal accepted the request (a dropped connection, a
 * timeout): running the batch again with the same `batchKey` settles that
 * without sending twice.
 *
 * @since 0.1.0
 * @category Results
 */
export class ChunkFailed extends Schema.TaggedClass<ChunkFailed>("effect-onesignal/ChunkFailed")("Failed", {
  /** The error of the chunk's request. */
  error: OneSignalErrorSchema
}) {}

/**
 * What became of a chunk: `Sent` (a message was created, or replayed; it
 * lists the recipients OneSignal did not know), `NotSent` (accepted, but no
 * message was created; `reasons` says why) or `Failed`.
 *
 * @since 0.1.0
 * @category Results
 */
export type ChunkOutcome = NotificationSent | NotificationNotSent | ChunkFailed

/**
 * The result of one chunk. The recipients themselves are not kept.
 *
 * @since 0.1.0
 * @category Results
 */
export class ChunkResult extends Schema.Class<ChunkResult>("effect-onesignal/ChunkResult")({
  /** The chunk's position in the batch, from 0. */
  index: Schema.Int,
  /** How many recipients the chunk had. */
  size: Schema.Int,
  /** The idempotency key of the chunk's request. */
  idempotencyKey: Schema.String,
  /** What became of the chunk. */
  outcome: Schema.Union(NotificationSent, NotificationNotSent, ChunkFailed)
}) {}

/**
 * Counts over the chunks of a batch.
 *
 * @since 0.1.0
 * @category Results
 */
export class BatchTotals extends Schema.Class<BatchTotals>("effect-onesignal/BatchTotals")({
  /** Chunks sent or attempted. */
  chunks: Schema.Int,
  /** Recipients in them. */
  recipients: Schema.Int,
  /** Chunks that are `Sent` (replayed ones included). */
  sent: Schema.Int,
  /** Chunks that are `NotSent`. */
  notSent: Schema.Int,
  /** Chunks that `Failed`. */
  failed: Schema.Int,
  /** Chunks OneSignal answered from an earlier request with the same key (sent or not). */
  replayed: Schema.Int,
  /** Recipients in `Sent` chunks, the invalid ones included. */
  sentRecipients: Schema.Int,
  /** Recipients in `NotSent` chunks. */
  notSentRecipients: Schema.Int,
  /** Recipients in `Failed` chunks. */
  failedRecipients: Schema.Int,
  /** Recipients OneSignal reported as invalid in `Sent` chunks (unknown aliases or subscription ids). */
  invalidRecipients: Schema.Int
}) {}

/**
 * The result of a batch: every chunk, by index, and the totals.
 *
 * @since 0.1.0
 * @category Results
 */
export class BatchResult extends Schema.Class<BatchResult>("effect-onesignal/BatchResult")({
  /** Every chunk, by index. */
  chunks: Schema.Array(ChunkResult),
  /** The counts over them. */
  totals: BatchTotals
}) {}

const unchecked = { disableValidation: true } as const

const zeroTotals = new BatchTotals({
  chunks: 0,
  recipients: 0,
  sent: 0,
  notSent: 0,
  failed: 0,
  replayed: 0,
  sentRecipients: 0,
  notSentRecipients: 0,
  failedRecipients: 0,
  invalidRecipients: 0
}, unchecked)

const countInvalid = (sent: NotificationSent): number => {
  let count = sent.invalidPlayerIds.length + sent.invalidExternalUserIds.length
  for (const ids of Object.values(sent.invalidAliases)) count += ids.length
  return count
}

const addChunk = (totals: BatchTotals, chunk: ChunkResult): BatchTotals => {
  const { outcome, size } = chunk
  const replayed = outcome._tag !== "Failed" && outcome.wasReplayed ? 1 : 0
  return new BatchTotals({
    chunks: totals.chunks + 1,
    recipients: totals.recipients + size,
    sent: totals.sent + (outcome._tag === "Sent" ? 1 : 0),
    notSent: totals.notSent + (outcome._tag === "NotSent" ? 1 : 0),
    failed: totals.failed + (outcome._tag === "Failed" ? 1 : 0),
    replayed: totals.replayed + replayed,
    sentRecipients: totals.sentRecipients + (outcome._tag === "Sent" ? size : 0),
    notSentRecipients: totals.notSentRecipients + (outcome._tag === "NotSent" ? size : 0),
    failedRecipients: totals.failedRecipients + (outcome._tag === "Failed" ? size : 0),
    invalidRecipients: totals.invalidRecipients + (outcome._tag === "Sent" ? countInvalid(outcome) : 0)
  }, unchecked)
}

/**
 * A sink adding up the chunk results of {@link sendStream} into
 * {@link BatchTotals}, without keeping them.
 *
 * @since 0.1.0
 * @category Sinks
 */
export const totals: Sink.Sink<BatchTotals, ChunkResult> = Sink.foldLeft(zeroTotals, addChunk)

/**
 * The idempotency key of chunk `index` of the batch `batchKey`:
 * `Idempotency.idempotencyKeyFrom(batchKey, "chunk-" + index)`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const chunkIdempotencyKey = (batchKey: string, index: number): string =>
  uuidV5(namespaceFrom(batchKey), `chunk-${index}`)

// -----------------------------------------------------------------------------
// Planning
// -----------------------------------------------------------------------------

interface Plan<E, R> {
  readonly source: Stream.Stream<string, E, R>
  readonly toNotification: (ids: ReadonlyArray<string>) => Notification
  readonly chunkSize: number
  readonly concurrency: number
  readonly namespace: string
  readonly callOptions: CallOptions
}

let validateMessage: ((u: unknown) => Either.Either<unknown, ParseResult.ParseError>) | undefined

/** Checks the message as `createNotification` would, before any chunk is made. */
const messageIssue = (message: BatchMessage): string | undefined => {
  if (typeof message !== "object" || message === null) return "the message must be an object"
  for (const field of reservedFields) {
    if ((message as Record<string, unknown>)[field] !== undefined) {
      return `the message must not set ${field}: the batch sets the audience and the idempotency key of each chunk`
    }
  }
  validateMessage ??= Schema.encodeUnknownEither(Schema.Struct(Notification.fields))
  const checked = validateMessage(message)
  return Either.isLeft(checked) ? `the message is not a valid Notification: ${checked.left.message}` : undefined
}

const isPositiveInt = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 1

const sourceOf = <E, R>(ids: RecipientIds<E, R>, what: string): Stream.Stream<string, E, R> | InvalidBatch => {
  if (Predicate.hasProperty(ids, Stream.StreamTypeId)) return ids as Stream.Stream<string, E, R>
  if (typeof ids !== "string" && Predicate.isIterable(ids)) return Stream.fromIterable(ids)
  return new InvalidBatch({ issue: `${what} must be an Iterable of strings or a Stream of strings` })
}

const planOf = <E, R>(
  message: BatchMessage,
  recipients: Recipients<E, R>,
  options: BatchOptions
): Plan<E, R> | InvalidBatch => {
  const invalid = (issue: string) => new InvalidBatch({ issue })
  if (typeof options?.batchKey !== "string" || options.batchKey.length === 0) {
    return invalid("batchKey must be a non-empty string")
  }
  const chunkSize = options.chunkSize ?? maxChunkSize
  if (!isPositiveInt(chunkSize) || chunkSize > maxChunkSize) {
    return invalid(`chunkSize must be an integer from 1 to ${maxChunkSize} (got ${String(chunkSize)})`)
  }
  const concurrency = options.concurrency ?? defaultConcurrency
  if (!isPositiveInt(concurrency)) {
    return invalid(`concurrency must be a positive integer (got ${String(concurrency)})`)
  }
  const issue = messageIssue(message)
  if (issue !== undefined) return invalid(issue)

  const kinds = typeof recipients === "object" && recipients !== null
    ? (["aliases", "subscriptionIds", "emails", "phoneNumbers"] as const).filter((kind) => kind in recipients)
    : []
  if (kinds.length !== 1) {
    return invalid("recipients must have exactly one of aliases, subscriptionIds, emails or phoneNumbers")
  }
  const kind = kinds[0]!
  let source: Stream.Stream<string, E, R> | InvalidBatch
  let toNotification: (ids: ReadonlyArray<string>) => Notification
  if (kind === "aliases") {
    const aliases: unknown = (recipients as { readonly aliases: unknown }).aliases
    if (typeof aliases !== "object" || aliases === null) return invalid("aliases must be an object: { label, ids }")
    const { ids, label } = aliases as { readonly label: unknown; readonly ids: RecipientIds<E, R> }
    if (typeof label !== "string" || label.length === 0) return invalid("aliases.label must be a non-empty string")
    if (message.target_channel === undefined) {
      return invalid("alias targeting needs the message's target_channel: push, email or sms")
    }
    source = sourceOf(ids, "aliases.ids")
    toNotification = (chunk) => ({ ...message, include_aliases: { [label]: chunk } })
  } else {
    const ids = (recipients as Record<typeof kind, RecipientIds<E, R>>)[kind]
    source = sourceOf(ids, kind)
    toNotification = kind === "subscriptionIds"
      ? (chunk) => ({ ...message, include_subscription_ids: chunk })
      : kind === "emails"
      ? (chunk) => ({ ...message, email_to: chunk })
      : (chunk) => ({ ...message, include_phone_numbers: chunk })
  }
  if (source instanceof InvalidBatch) return source
  return {
    source,
    toNotification,
    chunkSize,
    concurrency,
    namespace: namespaceFrom(options.batchKey),
    callOptions: { retry: options.retry, timeout: options.timeout }
  }
}

// -----------------------------------------------------------------------------
// Running
// -----------------------------------------------------------------------------

/** What the chunker hands on: recipients to send, or the failure of the source. */
type Piece<E> = Chunk.Chunk<string> | SourceFailed<E>

class SourceFailed<E> {
  constructor(readonly error: E) {}
}

const sourceEnded: unique symbol = Symbol("effect-onesignal/Batch/sourceEnded")

/**
 * Chunks that go out. A chunk shorter than `chunkSize` can only be the last
 * one; when the source fails instead of ending, the chunk it was filling is
 * dropped, not sent: sending it under chunk `n`'s key would make a later run
 * replay it instead of sending the full chunk `n`.
 */
const chunksOf = <E, R>(source: Stream.Stream<string, E, R>, chunkSize: number): Stream.Stream<Piece<E>, never, R> =>
  source.pipe(
    Stream.grouped(chunkSize),
    Stream.map((chunk): Piece<E> | typeof sourceEnded => chunk),
    Stream.catchAll((error) => Stream.succeed(new SourceFailed(error))),
    Stream.concat(Stream.succeed(sourceEnded)),
    Stream.mapAccum(
      undefined as Chunk.Chunk<string> | undefined,
      (held, piece): readonly [Chunk.Chunk<string> | undefined, ReadonlyArray<Piece<E>>] => {
        if (piece === sourceEnded) return [undefined, held === undefined ? [] : [held]]
        if (piece instanceof SourceFailed) return [undefined, [piece]]
        return piece.length < chunkSize ? [piece, []] : [undefined, [piece]]
      }
    ),
    Stream.mapConcat(identity)
  )

const sendChunk = <E>(
  plan: Plan<E, unknown>,
  ids: Chunk.Chunk<string>,
  index: number
): Effect.Effect<ChunkResult, never, OneSignalClient> => {
  const idempotencyKey = uuidV5(plan.namespace, `chunk-${index}`)
  const result = (outcome: ChunkOutcome) =>
    new ChunkResult({ index, size: ids.length, idempotencyKey, outcome }, unchecked)
  return createNotification(plan.toNotification(Chunk.toReadonlyArray(ids)), {
    ...plan.callOptions,
    idempotencyKey
  }).pipe(
    Effect.matchEffect({
      onFailure: (error: OneSignalError) => Effect.succeed(result(new ChunkFailed({ error }, unchecked))),
      onSuccess: (outcome) => Effect.succeed(result(outcome))
    })
  )
}

const run = <E, R>(plan: Plan<E, R>): Stream.Stream<ChunkResult, E, R | OneSignalClient> =>
  chunksOf(plan.source, plan.chunkSize).pipe(
    Stream.zipWithIndex,
    // A failed chunk is a result, never a failure: nothing interrupts the chunks in flight.
    Stream.mapEffect(
      ([piece, index]): Effect.Effect<ChunkResult | SourceFailed<E>, never, OneSignalClient> =>
        piece instanceof SourceFailed ? Effect.succeed(piece) : sendChunk(plan, piece, index),
      { concurrency: plan.concurrency }
    ),
    // In order: the source's failure comes out after the chunks made before it.
    Stream.mapEffect((item) => item instanceof SourceFailed ? Effect.fail(item.error) : Effect.succeed(item))
  )

/**
 * Sends `message` to `recipients` in chunks and emits each chunk's result,
 * in chunk order, as soon as it and the chunks before it are done; results
 * are not kept, so a caller folding them (e.g. with {@link totals}) holds
 * nothing per chunk. At most `concurrency` chunks are in flight.
 *
 * Fails with `InvalidBatch` before anything is sent when the options, the
 * message or the recipients are invalid, and with the source's error when a
 * recipients `Stream` fails: the chunks made before the failure are emitted
 * first; the chunk being filled is not sent. Interrupting the stream (e.g.
 * `Stream.take`) interrupts the chunks in flight. Either way, running the
 * batch again with the same `batchKey` replays what went out and sends the
 * rest.
 *
 * @example
 * ```ts
 * import { Console, Effect, Stream } from "effect"
 * import { Batch } from "effect-onesignal"
 *
 * declare const subscriptionIds: Stream.Stream<string>
 *
 * const program = Batch.sendStream(
 *   { app_id: "your-app-id", contents: { en: "Flash sale: 2 hours left" } },
 *   { subscriptionIds },
 *   { batchKey: "flash-sale-2025-06-01" }
 * ).pipe(
 *   Stream.tap((chunk) => Console.log(`chunk ${chunk.index}: ${chunk.outcome._tag}`)),
 *   Stream.run(Batch.totals)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const sendStream = <E = never, R = never>(
  message: BatchMessage,
  recipients: Recipients<E, R>,
  options: BatchOptions
): Stream.Stream<ChunkResult, InvalidBatch | E, R | OneSignalClient> =>
  Stream.unwrap(Effect.suspend(() => {
    const plan = planOf(message, recipients, options)
    return plan instanceof InvalidBatch ? Effect.fail(plan) : Effect.succeed(run(plan))
  }))

/**
 * Sends `message` to `recipients` in chunks of `chunkSize` (20,000 by
 * default), `concurrency` (4) at a time, each through `createNotification`
 * with its own deterministic idempotency key, and reports every chunk, in
 * order, with totals.
 *
 * A chunk that fails is reported as `Failed` with its typed error; the
 * others go on. The effect fails only with `InvalidBatch` (nothing was sent)
 * or with the error of a recipients `Stream` (then use {@link sendStream} to
 * see the chunks that went out before it; a new run with the same
 * `batchKey` replays them). The result holds one small record per chunk,
 * never the recipients; for batches of very many chunks, use
 * {@link sendStream}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Batch } from "effect-onesignal"
 *
 * declare const customerIds: ReadonlyArray<string>
 *
 * const program = Batch.send(
 *   { app_id: "your-app-id", target_channel: "push", contents: { en: "Our summer sale starts now" } },
 *   { aliases: { label: "external_id", ids: customerIds } },
 *   { batchKey: "summer-sale-2025" }
 * ).pipe(
 *   Effect.tap((result) => Effect.log(`${result.totals.sent}/${result.totals.chunks} chunks sent`))
 * )
 * ```
 *
 * @since 0.1.0
 * @category Operations
 */
export const send = <E = never, R = never>(
  message: BatchMessage,
  recipients: Recipients<E, R>,
  options: BatchOptions
): Effect.Effect<BatchResult, InvalidBatch | E, R | OneSignalClient> =>
  Effect.map(
    Stream.runFold(
      sendStream(message, recipients, options),
      { chunks: [] as Array<ChunkResult>, totals: zeroTotals },
      (acc, chunk) => {
        acc.chunks.push(chunk)
        return { chunks: acc.chunks, totals: addChunk(acc.totals, chunk) }
      }
    ),
    (acc) => new BatchResult(acc, unchecked)
  )
