/**
 * The errors every OneSignal call can fail with.
 *
 * Each error is a `Schema.TaggedError`, so users catch them by tag
 * (`Effect.catchTag("NotFound", ...)`) and can encode them. None of them
 * carries a credential: the `Authorization` header is never copied into an
 * error, and transport failures keep only the low-level cause (never the
 * platform's request object, whose JSON form prints headers in clear).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * One structured entry of an error body, as OneSignal sends in
 * `{"errors":[{"code":"...","title":"...","meta":{...}}]}`.
 *
 * @since 0.1.0
 * @category Models
 */
export const ErrorDetail = Schema.Struct({
  code: Schema.optional(Schema.String),
  title: Schema.optional(Schema.String),
  meta: Schema.optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ErrorDetail = typeof ErrorDetail.Type

/**
 * The brand every error of `OneSignalError` carries, so that
 * `isOneSignalError` tells them from another library's (or the user's own)
 * error with the same `_tag`. It sits on the class, not on the instance: it is
 * not a schema field, so it is neither encoded nor printed by `JSON.stringify`.
 *
 * @since 0.1.0
 * @category Type Ids
 */
export const TypeId: unique symbol = Symbol.for("effect-onesignal/OneSignalError")

/**
 * @since 0.1.0
 * @category Type Ids
 */
export type TypeId = typeof TypeId

const responseFields = {
  /** The HTTP method of the call. */
  method: Schema.String,
  /** The route template, e.g. `/notifications/{notification_id}`: safe to log. */
  route: Schema.String,
  /** The path that was requested, with its parameters filled in. */
  path: Schema.String,
  /** The HTTP status OneSignal answered with. */
  status: Schema.Number,
  /** The messages of the error body, normalized to strings whatever its shape. */
  errors: Schema.Array(Schema.String),
  /** The structured entries of the error body, when it had any. */
  details: Schema.Array(ErrorDetail)
}

const describe = (self: {
  readonly method: string
  readonly route: string
  readonly status: number
  readonly errors: ReadonlyArray<string>
}): string =>
  `${self.method} ${self.route} answered ${self.status}` +
  (self.errors.length > 0 ? `: ${self.errors.join("; ")}` : "")

/**
 * OneSignal rejected the request (HTTP 400). Statuses in the 4xx range that the
 * endpoint does not document (e.g. a 404 from a mistyped base URL, or 408) also
 * land here, with their real `status`.
 *
 * @since 0.1.0
 * @category Errors
 */
export class BadRequest extends Schema.TaggedError<BadRequest>("effect-onesignal/BadRequest")(
  "BadRequest",
  responseFields
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this)
  }
}

/**
 * The key was missing, invalid, or of the wrong kind (HTTP 401 or 403). The
 * key itself is never part of the error.
 *
 * @since 0.1.0
 * @category Errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>("effect-onesignal/Unauthorized")(
  "Unauthorized",
  responseFields
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this)
  }
}

/**
 * The resource does not exist (HTTP 404 on an endpoint keyed by an id).
 *
 * @since 0.1.0
 * @category Errors
 */
export class NotFound extends Schema.TaggedError<NotFound>("effect-onesignal/NotFound")(
  "NotFound",
  responseFields
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this)
  }
}

/**
 * The request conflicts with the current state (HTTP 409), e.g. an alias that
 * already belongs to another user. `details` keeps the structured entries.
 *
 * @since 0.1.0
 * @category Errors
 */
export class Conflict extends Schema.TaggedError<Conflict>("effect-onesignal/Conflict")(
  "Conflict",
  responseFields
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this)
  }
}

/**
 * Too many requests (HTTP 429). `retryAfter` is the wait the server asked for
 * in its `Retry-After` header (seconds or HTTP-date), when it sent one.
 *
 * @since 0.1.0
 * @category Errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>("effect-onesignal/RateLimited")(
  "RateLimited",
  {
    ...responseFields,
    retryAfter: Schema.OptionFromSelf(Schema.DurationFromSelf),
    /** The `limit` field of OneSignal's rate-limit body, when present. */
    limit: Schema.optional(Schema.String)
  }
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    const wait = Option.match(this.retryAfter, {
      onNone: () => "",
      onSome: (d) => ` (retry after ${Duration.format(d)})`
    })
    return describe(this) + wait
  }
}

/**
 * OneSignal failed (HTTP 5xx).
 *
 * @since 0.1.0
 * @category Errors
 */
export class ServerError extends Schema.TaggedError<ServerError>("effect-onesignal/ServerError")(
  "ServerError",
  responseFields
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return describe(this)
  }
}

/**
 * The request did not get an answer: connection refused or reset, DNS, a body
 * cut short, or the call's timeout. `cause` is the low-level failure (a network
 * error or a `TimeoutException`), never the platform's request object.
 *
 * @since 0.1.0
 * @category Errors
 */
export class TransportError extends Schema.TaggedError<TransportError>("effect-onesignal/TransportError")(
  "TransportError",
  {
    method: Schema.String,
    route: Schema.String,
    path: Schema.String,
    reason: Schema.Literal("Transport", "Timeout", "InvalidUrl"),
    description: Schema.String,
    cause: Schema.optional(Schema.Defect)
  }
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.method} ${this.route}: ${this.reason}: ${this.description}`
  }
}

/**
 * OneSignal answered with a success status, but the body was not JSON or did
 * not match the response schema. `body` is a short excerpt of what came back.
 *
 * @since 0.1.0
 * @category Errors
 */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>(
  "effect-onesignal/ResponseDecodeError"
)("ResponseDecodeError", {
  method: Schema.String,
  route: Schema.String,
  path: Schema.String,
  status: Schema.Number,
  issue: Schema.String,
  body: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.method} ${this.route} answered ${this.status} with an unexpected body: ${this.issue}`
  }
}

/**
 * The request failed local validation against its schema; nothing was sent.
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>("effect-onesignal/InvalidRequest")(
  "InvalidRequest",
  {
    method: Schema.String,
    route: Schema.String,
    issue: Schema.String
  }
) {
  /**
   * @since 0.1.0
   */
  get [TypeId](): TypeId {
    return TypeId
  }

  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `invalid request for ${this.method} ${this.route}: ${this.issue}`
  }
}

/**
 * The errors any call can fail with, whatever the endpoint.
 *
 * @since 0.1.0
 * @category Errors
 */
export type CommonError =
  | BadRequest
  | Unauthorized
  | RateLimited
  | ServerError
  | TransportError
  | ResponseDecodeError
  | InvalidRequest

/**
 * Every error of the client.
 *
 * @since 0.1.0
 * @category Errors
 */
export type OneSignalError = CommonError | NotFound | Conflict

/**
 * Tells whether a value is one of this library's errors, by its `TypeId`
 * brand: another error with the same `_tag` (a user's own
 * `Data.TaggedError("NotFound")`, a plain `{ _tag: "NotFound" }`) is not.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isOneSignalError = (u: unknown): u is OneSignalError => Predicate.hasProperty(u, TypeId)

/**
 * Tells whether an error is worth another attempt: rate limits, timeouts and
 * transport failures, HTTP 408, and HTTP 500, 502, 503 and 504. Whether a call
 * is retried at all also depends on the call being safe to repeat (see
 * `RetryPolicy`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isRetryable = (error: OneSignalError): boolean => {
  switch (error._tag) {
    case "RateLimited":
      return true
    case "TransportError":
      return error.reason !== "InvalidUrl"
    case "ServerError":
      return error.status === 500 || error.status === 502 || error.status === 503 || error.status === 504
    case "BadRequest":
      return error.status === 408
    default:
      return false
  }
}
