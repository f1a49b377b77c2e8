/**
 * Deterministic idempotency keys: the same business event always gets the
 * same key, so a re-run of a send — after a crash, on another machine, from a
 * queue that delivers twice — replays OneSignal's first answer instead of
 * sending again.
 *
 * Keys are name-based UUIDs, version 5 (RFC 9562, section 5.5; RFC 4122
 * before it): the SHA-1 of a namespace UUID's 16 bytes followed by the name's
 * UTF-8 bytes, cut to 16 bytes, with the version and variant bits set. They
 * match what any other UUID v5 implementation computes (Python's
 * `uuid.uuid5`, the `uuid` package's `v5`, Java's name-based UUIDs with
 * SHA-1), so a service written in another language can derive the same keys.
 *
 * Everything here is synchronous and portable: SHA-1 is written out in plain
 * TypeScript (no `node:crypto`, no `crypto.subtle`, which is asynchronous),
 * so it runs unchanged on Node, Bun, Deno and in browsers.
 *
 * OneSignal remembers an idempotency key for 30 days
 * ({@link idempotencyWindow}): a re-run within 30 days of the first request
 * replays; a re-run after that sends again.
 *
 * @since 0.1.0
 */
import { IllegalArgumentException } from "effect/Cause"
import * as Duration from "effect/Duration"

// -----------------------------------------------------------------------------
// Constants
// -----------------------------------------------------------------------------

/**
 * The namespace of fully-qualified domain names (RFC 9562, section 6.6).
 *
 * @since 0.1.0
 * @category Constants
 */
export const dnsNamespace = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"

/**
 * The namespace of URLs (RFC 9562, section 6.6).
 *
 * @since 0.1.0
 * @category Constants
 */
export const urlNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"

/**
 * The namespace under which {@link namespaceFrom} turns a name that is not a
 * UUID (e.g. `"order-shipped"`) into a namespace UUID. It is itself the UUID
 * v5 of `https://www.npmjs.com/package/effect-onesignal` in the URL
 * namespace, and it never changes: changing it would change every key
 * derived from a name.
 *
 * @since 0.1.0
 * @category Constants
 */
export const packageNamespace = "28ebc35d-20da-5dea-ac55-b21b1d29b840"

/**
 * How long OneSignal remembers an idempotency key: 30 days from the first
 * request that carried it. Within the window a repeat is answered with the
 * first result (`Idempotent-Replayed: true`, `wasReplayed` in this library's
 * results); after it, the same key sends again.
 *
 * @since 0.1.0
 * @category Constants
 */
export const idempotencyWindow: Duration.Duration = Duration.days(30)

// -----------------------------------------------------------------------------
// SHA-1
// -----------------------------------------------------------------------------

// The message schedule, reused by every call (all calls are synchronous).
const schedule = new Int32Array(80)

/**
 * The SHA-1 digest (FIPS 180-4) of some bytes: 20 bytes.
 *
 * SHA-1 is broken for collision resistance; it is here because UUID v5 is
 * defined with it, not to protect anything.
 *
 * @since 0.1.0
 * @category Hashing
 */
export const sha1 = (data: Uint8Array): Uint8Array => {
  const length = data.length
  // The message, a 1 bit, zeros, and the 64-bit big-endian bit length, in whole 64-byte blocks.
  const padded = new Uint8Array((Math.floor((length + 8) / 64) + 1) * 64)
  padded.set(data)
  padded[length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000))
  view.setUint32(padded.length - 4, (length * 8) >>> 0)

  let h0 = 0x67452301
  let h1 = 0xefcdab89 | 0
  let h2 = 0x98badcfe | 0
  let h3 = 0x10325476
  let h4 = 0xc3d2e1f0 | 0
  const w = schedule
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(offset + t * 4)
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!
      w[t] = (x << 1) | (x >>> 31)
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    for (let t = 0; t < 80; t++) {
      let f: number
      let k: number
      if (t < 20) {
        f = (b & c) | (~b & d)
        k = 0x5a827999
      } else if (t < 40) {
        f = b ^ c ^ d
        k = 0x6ed9eba1
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d)
        k = 0x8f1bbcdc | 0
      } else {
        f = b ^ c ^ d
        k = 0xca62c1d6 | 0
      }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = temp
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
  }

  const digest = new Uint8Array(20)
  const out = new DataView(digest.buffer)
  out.setInt32(0, h0)
  out.setInt32(4, h1)
  out.setInt32(8, h2)
  out.setInt32(12, h3)
  out.setInt32(16, h4)
  return digest
}

// -----------------------------------------------------------------------------
// UUIDs
// -----------------------------------------------------------------------------

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const hexOctets: ReadonlyArray<string> = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"))

const utf8 = new TextEncoder()

/**
 * Tells whether a string is a UUID in the standard text form: 32 hexadecimal
 * digits in groups of 8-4-4-4-12 separated by hyphens, in either case (any
 * version, the nil and max UUIDs included).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isUuid = (s: string): boolean => uuidPattern.test(s)

const uuidBytes = (uuid: string, into: Uint8Array): void => {
  const hex = uuid.replace(/-/g, "")
  for (let i = 0; i < 16; i++) into[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
}

/**
 * The name-based UUID, version 5, of `name` in the namespace
 * `namespaceUuid` (RFC 9562, section 5.5), in lower case; e.g.
 * `uuidV5(dnsNamespace, "www.example.com")` is
 * `"2ed6657d-e927-568b-95e1-2665a8aea6a2"`. The name is hashed as UTF-8 (a
 * lone surrogate becomes U+FFFD, as `TextEncoder` writes it).
 *
 * @throws IllegalArgumentException when `namespaceUuid` is not a UUID (see
 *   {@link isUuid}); use {@link namespaceFrom} to turn any name into one.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const uuidV5 = (namespaceUuid: string, name: string): string => {
  if (!isUuid(namespaceUuid)) {
    throw new IllegalArgumentException(
      "uuidV5: the namespace must be a UUID (32 hexadecimal digits grouped 8-4-4-4-12)"
    )
  }
  const nameBytes = utf8.encode(name)
  const input = new Uint8Array(16 + nameBytes.length)
  uuidBytes(namespaceUuid, input)
  input.set(nameBytes, 16)
  const hash = sha1(input)
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  let out = ""
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += "-"
    out += hexOctets[hash[i]!]
  }
  return out
}

/**
 * The namespace UUID a name stands for: a UUID is taken as it is (in lower
 * case), so keys can live in a namespace of your own or one shared with
 * another system; any other string (`"order-shipped"`) becomes
 * `uuidV5(packageNamespace, name)`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const namespaceFrom = (namespace: string): string =>
  isUuid(namespace) ? namespace.toLowerCase() : uuidV5(packageNamespace, namespace)

/**
 * A deterministic idempotency key for one business event: the UUID v5 of
 * `businessId` in the namespace {@link namespaceFrom}`(namespace)`. The same
 * two strings give the same key on every machine and in every run; different
 * namespaces keep equal business ids apart (`"order-shipped"` and
 * `"order-delivered"` of order 1234 get different keys).
 *
 * Pass it as `idempotencyKey` to `createNotification`: OneSignal sends once
 * per key and replays its first answer to any repeat within 30 days
 * ({@link idempotencyWindow}); a repeat after 30 days sends again. Use a key
 * for one message only: a different message sent with a key already used
 * within the window is not sent, the first message's answer comes back.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Idempotency, OneSignal } from "effect-onesignal"
 *
 * const notifyShipped = (appId: string, orderId: string, externalId: string) =>
 *   Effect.flatMap(OneSignal, (onesignal) =>
 *     onesignal.createNotification(
 *       {
 *         app_id: appId,
 *         include_aliases: { external_id: [externalId] },
 *         target_channel: "push",
 *         contents: { en: "Your order has shipped" }
 *       },
 *       { idempotencyKey: Idempotency.idempotencyKeyFrom("order-shipped", orderId) }
 *     ))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const idempotencyKeyFrom = (namespace: string, businessId: string): string =>
  uuidV5(namespaceFrom(namespace), businessId)
