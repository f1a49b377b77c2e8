/**
 * Client-side rate limiting, opt-in: requests wait for their turn under
 * OneSignal's published limits instead of earning 429s. A burst queues and
 * drains at the bucket's rate.
 *
 * OneSignal's buckets:
 *
 * - creating and cancelling messages (`POST /notifications`,
 *   `DELETE /notifications/{id}`): 150 requests per second on free plans,
 *   6,000 on paid plans;
 * - users and subscriptions (`/apps/{app_id}/users...`,
 *   `/apps/{app_id}/subscriptions...`): 1,000 requests per second per app.
 *
 * Other requests are not limited. The limiter wraps the `HttpClient` the
 * services use, so every attempt of a retried call takes its own turn.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 * import { OneSignal, RateLimiter } from "effect-onesignal"
 *
 * const OneSignalLive = OneSignal.layerConfig().pipe(
 *   Layer.provide(RateLimiter.layer(RateLimiter.free)),
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * Requests per second of each bucket; `undefined` or `Infinity` leaves a
 * bucket unlimited.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Limits {
  /** Creating and cancelling messages, for all apps of this client together. */
  readonly messagesPerSecond?: number | undefined
  /** The users and subscriptions routes, for each app on its own. */
  readonly usersAndSubscriptionsPerSecondPerApp?: number | undefined
}

/**
 * OneSignal's limits for free plans: 150 message requests per second, 1,000
 * users and subscriptions requests per second per app.
 *
 * @since 0.1.0
 * @category Presets
 */
export const free: Limits = { messagesPerSecond: 150, usersAndSubscriptionsPerSecondPerApp: 1_000 }

/**
 * OneSignal's limits for paid plans: 6,000 message requests per second,
 * 1,000 users and subscriptions requests per second per app.
 *
 * @since 0.1.0
 * @category Presets
 */
export const paid: Limits = { messagesPerSecond: 6_000, usersAndSubscriptionsPerSecondPerApp: 1_000 }

/**
 * A bucket as the generic cell rate algorithm keeps it: up to `rate`
 * requests pass at once, then one every `1/rate` second. `next` is the time
 * at which the bucket would be empty again; taking a turn moves it by one
 * interval, so waiting requests are served in the order they arrived.
 */
interface Bucket {
  readonly intervalMillis: number
  readonly toleranceMillis: number
  next: number
}

const makeBucket = (perSecond: number): Bucket => {
  const intervalMillis = 1000 / perSecond
  return { intervalMillis, toleranceMillis: intervalMillis * Math.max(0, Math.floor(perSecond) - 1), next: 0 }
}

/** How long the request must wait for its turn (0 when it may go now); takes the turn. */
const takeTurn = (bucket: Bucket, now: number): number => {
  const start = Math.max(bucket.next, now)
  const wait = Math.max(0, start - bucket.toleranceMillis - now)
  bucket.next = start + bucket.intervalMillis
  return wait
}

const isLimited = (perSecond: number | undefined): perSecond is number =>
  perSecond !== undefined && Number.isFinite(perSecond)

/** The path of a request URL, without origin, query, or the legacy `/api/v1` prefix. */
const pathOf = (url: string): string => {
  const scheme = url.indexOf("://")
  const start = scheme < 0 ? 0 : url.indexOf("/", scheme + 3)
  if (start < 0) return "/"
  let end = url.length
  const query = url.indexOf("?", start)
  if (query >= 0) end = query
  const hash = url.indexOf("#", start)
  if (hash >= 0 && hash < end) end = hash
  const path = url.slice(start, end)
  return path.startsWith("/api/v1/") ? path.slice("/api/v1".length) : path
}

const messageRoute = /^\/notifications\/?$/
const cancelRoute = /^\/notifications\/[^/]+\/?$/
const usersRoute = /^\/apps\/([^/]+)\/(?:users|subscriptions|subscriptions_by_token)(?:\/|$)/

/**
 * Which bucket a request belongs to: `"messages"`, `"users:<app id>"`, or
 * `undefined` for requests no bucket limits.
 *
 * @since 0.1.0
 * @category Classification
 */
export const bucketOf = (request: Pick<HttpClientRequest.HttpClientRequest, "method" | "url">): string | undefined => {
  const path = pathOf(request.url)
  if (
    (request.method === "POST" && messageRoute.test(path)) || (request.method === "DELETE" && cancelRoute.test(path))
  ) {
    return "messages"
  }
  const users = usersRoute.exec(path)
  return users === null ? undefined : `users:${users[1]}`
}

const validate = (name: string, perSecond: number | undefined): void => {
  if (perSecond !== undefined && !(perSecond > 0)) {
    throw new RangeError(`RateLimiter: ${name} must be a positive number of requests per second (got ${perSecond})`)
  }
}

/**
 * Builds a function that wraps an `HttpClient` so that its requests take
 * their turn in the buckets of `limits`. The buckets live as long as the
 * returned function: wrap one client per program (the layer does).
 *
 * Throws a `RangeError` for a limit that is not a positive number.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (limits: Limits): Effect.Effect<(client: HttpClient.HttpClient) => HttpClient.HttpClient> =>
  Effect.sync(() => {
    validate("messagesPerSecond", limits.messagesPerSecond)
    validate("usersAndSubscriptionsPerSecondPerApp", limits.usersAndSubscriptionsPerSecondPerApp)
    const messages = isLimited(limits.messagesPerSecond) ? makeBucket(limits.messagesPerSecond) : undefined
    const perApp = limits.usersAndSubscriptionsPerSecondPerApp
    const users = new Map<string, Bucket>()

    const bucketFor = (key: string): Bucket | undefined => {
      if (key === "messages") return messages
      if (!isLimited(perApp)) return undefined
      let bucket = users.get(key)
      if (bucket === undefined) {
        bucket = makeBucket(perApp)
        users.set(key, bucket)
      }
      return bucket
    }

    return HttpClient.transform((effect, request) => {
      const key = bucketOf(request)
      const bucket = key === undefined ? undefined : bucketFor(key)
      if (bucket === undefined) return effect
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const wait = takeTurn(bucket, now)
        return wait === 0 ? effect : Effect.zipRight(Effect.sleep(wait), effect)
      })
    })
  })

/**
 * Replaces the `HttpClient` in context with one limited to `limits` (e.g.
 * `RateLimiter.free` or `RateLimiter.paid`). Provide it between the services
 * and the transport.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (limits: Limits): Layer.Layer<HttpClient.HttpClient, never, HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.flatMap(make(limits), (limit) => Effect.map(HttpClient.HttpClient, limit))
  )
