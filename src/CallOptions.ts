/**
 * The options every operation takes as its last argument, beside its own
 * optional parameters: the retry policy and the time limit of the call, and
 * the idempotency key of the operations that carry one.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type { RetryPolicy } from "./RetryPolicy.js"

/**
 * Per-call options every operation accepts (as the last argument, beside the
 * operation's own optional parameters).
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions {
  /**
   * The retry policy of this call, or `false` for none. Passing a policy to a
   * call that is not safe to repeat (a POST without an idempotency key) is an
   * explicit opt-in to retrying it.
   */
  readonly retry?: RetryPolicy | false | undefined
  /** The time limit of each attempt; `OneSignalConfig`'s when absent. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * Per-call options of the operations that carry an idempotency key.
 *
 * @since 0.1.0
 * @category Models
 */
export interface IdempotentCallOptions extends CallOptions {
  /**
   * The idempotency key: the same key on every attempt and every re-run of
   * the returned effect. A random UUID v4 when absent. Derive it from a
   * business id to make a re-run on another machine replay instead of send.
   */
  readonly idempotencyKey?: string | undefined
}

