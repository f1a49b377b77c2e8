/**
 * Retry policies: `Schedule`s over the error of a failed attempt.
 *
 * The default policy backs off exponentially with jitter, caps each wait,
 * stops after a bounded number of retries, never waits less than the
 * server's `Retry-After`, and gives up (instead of hanging) when the server
 * asks for a wait longer than `maxRetryAfter`.
 *
 * A policy decides *when* to try again. *Whether* a failure is retried at all
 * is decided before it: only errors for which `isRetryable` holds, and only on
 * calls that are safe to repeat — GET, PUT and DELETE, and the POSTs that
 * carry an idempotency key (`createNotification`). A POST without a key is
 * retried only when the call passes its own `retry` option.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type { OneSignalError } from "./OneSignalError.js"

export {
  /**
   * @since 0.1.0
   * @category Guards
   */
  isRetryable
} from "./OneSignalError.js"

/**
 * A retry policy: a `Schedule` fed with each failed attempt's error.
 *
 * @since 0.1.0
 * @category Models
 */
export type RetryPolicy = Schedule.Schedule<unknown, OneSignalError>

/**
 * Settings of the default policy.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The first backoff wait. Default 500 ms. */
  readonly baseDelay?: Duration.DurationInput | undefined
  /** How much each wait grows. Default 2. */
  readonly factor?: number | undefined
  /** The longest backoff wait. Default 10 s. */
  readonly maxDelay?: Duration.DurationInput | undefined
  /** How many retries after the first attempt. Default 4. */
  readonly maxRetries?: number | undefined
  /** The longest `Retry-After` honoured; a longer one fails at once. Default 60 s. */
  readonly maxRetryAfter?: Duration.DurationInput | undefined
  /** Randomize each backoff wait between 80% and 120%. Default true. */
  readonly jitter?: boolean | undefined
}

/**
 * The wait a failure asks for: the `Retry-After` of a `RateLimited` error,
 * zero otherwise.
 *
 * @since 0.1.0
 * @category Utils
 */
export const retryAfter = (error: OneSignalError): Duration.Duration =>
  error._tag === "RateLimited" ? Option.getOrElse(error.retryAfter, () => Duration.zero) : Duration.zero

/**
 * Builds a policy: exponential backoff (with jitter unless disabled), each
 * wait capped at `maxDelay` and raised to the server's `Retry-After`, at most
 * `maxRetries` retries, and none when `Retry-After` exceeds `maxRetryAfter`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): RetryPolicy => {
  const maxDelay = Duration.decode(options.maxDelay ?? "10 seconds")
  const maxRetryAfter = Duration.decode(options.maxRetryAfter ?? "60 seconds")
  const exponential = Schedule.exponential(options.baseDelay ?? "500 millis", options.factor ?? 2)
  const backoff = Schedule.modifyDelay(
    options.jitter === false ? exponential : Schedule.jittered(exponential),
    (_, delay) => Duration.min(delay, maxDelay)
  )
  return Schedule.identity<OneSignalError>().pipe(
    Schedule.intersect(backoff),
    Schedule.intersect(Schedule.recurs(options.maxRetries ?? 4)),
    Schedule.whileInput((error: OneSignalError) => Duration.lessThanOrEqualTo(retryAfter(error), maxRetryAfter)),
    Schedule.modifyDelay(([[error]], delay) => Duration.max(delay, retryAfter(error)))
  )
}

/**
 * The default policy: `make()` with its defaults (500 ms doubling, jittered,
 * at most 10 s between attempts, 4 retries, `Retry-After` up to 60 s).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const defaultPolicy: RetryPolicy = make()

/**
 * A policy that never retries.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const none: RetryPolicy = Schedule.stop
