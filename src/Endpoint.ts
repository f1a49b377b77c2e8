/**
 * The type of every operation's standalone function
 * (`Notifications.createNotification`, ...): a function returning an
 * `Effect` that needs the client of its key, the REST API key's
 * `OneSignalClient` or the organization key's `OneSignalOrganizationClient`.
 * Useful to write a helper that takes any endpoint of one kind.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { Compiled } from "./internal/endpoint.js"
import type { OneSignalClient, OneSignalOrganizationClient } from "./OneSignalClient.js"

/**
 * Which credential an endpoint needs: the REST API key (`rest`) or the
 * Organization API key (`org`).
 *
 * @since 0.1.0
 * @category Models
 */
export type KeyKind = "rest" | "org"

/**
 * The brand under which an endpoint carries its compiled declaration.
 *
 * @since 0.1.0
 * @category Symbols
 */
export const TypeId: unique symbol = Symbol.for("effect-onesignal/Endpoint")

/**
 * @since 0.1.0
 * @category Symbols
 */
export type TypeId = typeof TypeId

/**
 * The client an endpoint of a key kind needs.
 *
 * @since 0.1.0
 * @category Models
 */
export type ClientOf<K extends KeyKind> = K extends "org" ? OneSignalOrganizationClient : OneSignalClient

/**
 * An endpoint as users see it: a function returning an `Effect` that needs
 * the matching client, and the key kind it needs.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Endpoint<Args extends ReadonlyArray<any>, A, E, K extends KeyKind> {
  (...args: Args): Effect.Effect<A, E, ClientOf<K>>
  readonly key: K
  /** @internal */
  readonly [TypeId]: Compiled
}
