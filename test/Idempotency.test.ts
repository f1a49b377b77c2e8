/**
 * Deterministic idempotency keys: the plain-TypeScript SHA-1 against the
 * FIPS 180 vectors and `node:crypto`, UUID v5 against RFC 9562's example and
 * keys computed by Python's `uuid.uuid5`, and the namespace rules. Then a
 * key derived from a business id, sent twice through the simulator, replays
 * within OneSignal's 30-day window and sends again after it.
 */
import { createHash } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import { IllegalArgumentException } from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as Idempotency from "../src/Idempotency.js"
import * as Notifications from "../src/Notifications.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, simulatorLayer } from "./utils/simulator.js"

const utf8 = new TextEncoder()
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")
const sha1Hex = (text: string): string => hex(Idempotency.sha1(utf8.encode(text)))

describe("sha1", () => {
  it("matches the FIPS 180 test vectors", () => {
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709")
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d")
    expect(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
      .toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    expect(hex(Idempotency.sha1(new Uint8Array(1_000_000).fill(0x61))))
      .toBe("34aa973cd4c4daa4f61eeb2bdbad27316534016f")
  })

  it("matches node:crypto for every length across the padding boundaries, and leaves its input alone", () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length * 7) & 0xff)
      const before = hex(bytes)
      expect(hex(Idempotency.sha1(bytes)), `length ${length}`).toBe(createHash("sha1").update(bytes).digest("hex"))
      expect(hex(bytes)).toBe(before)
    }
  })
})

describe("uuidV5", () => {
  it("gives RFC 9562's example: www.example.com in the DNS namespace", () => {
    expect(Idempotency.uuidV5(Idempotency.dnsNamespace, "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2"
    )
  })

  it("agrees with Python's uuid.uuid5, UTF-8 names included, and ignores the namespace's case", () => {
    expect(Idempotency.uuidV5(Idempotency.urlNamespace, "https://example.com/héllo ✓")).toBe(
      "8a7414d6-6356-51a1-948d-d18d059a4aa0"
    )
    expect(Idempotency.uuidV5(Idempotency.dnsNamespace.toUpperCase(), "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2"
    )
  })

  it("sets version 5 and the RFC variant, and agrees with a node:crypto construction", () => {
    for (let i = 0; i < 200; i++) {
      const name = `name-${i}-${"x".repeat(i)}`
      const key = Idempotency.uuidV5(Idempotency.urlNamespace, name)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const digest = createHash("sha1")
        .update(Buffer.from(Idempotency.urlNamespace.replace(/-/g, ""), "hex"))
        .update(name, "utf8")
        .digest()
      digest[6] = (digest[6]! & 0x0f) | 0x50
      digest[8] = (digest[8]! & 0x3f) | 0x80
      const expected = digest.subarray(0, 16).toString("hex")
      expect(key.replace(/-/g, "")).toBe(expected)
    }
  })

  it("throws IllegalArgumentException for a namespace that is not a UUID", () => {
    expect(() => Idempotency.uuidV5("order-shipped", "1")).toThrow(IllegalArgumentException)
    expect(() => Idempotency.uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c", "1")).toThrow(IllegalArgumentException)
    expect(() => Idempotency.uuidV5("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "1")).toThrow(IllegalArgumentException)
  })

  it("isUuid accepts the 8-4-4-4-12 hexadecimal form only", () => {
    expect(Idempotency.isUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(true)
    expect(Idempotency.isUuid("6BA7B810-9DAD-11D1-80B4-00C04FD430C8")).toBe(true)
    expect(Idempotency.isUuid("00000000-0000-0000-0000-000000000000")).toBe(true)
    expect(Idempotency.isUuid("6ba7b8109dad11d180b400c04fd430c8")).toBe(false)
    expect(Idempotency.isUuid("6ba7b810-9dad-11d1-80b4-00c04fd430cg")).toBe(false)
    expect(Idempotency.isUuid(" 6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(false)
  })
})

describe("idempotencyKeyFrom", () => {
  it("packageNamespace is the UUID v5 of the package's npm URL", () => {
    expect(Idempotency.uuidV5(Idempotency.urlNamespace, "https://www.npmjs.com/package/effect-onesignal")).toBe(
      Idempotency.packageNamespace
    )
  })

  it("hashes a name into packageNamespace, and takes a UUID namespace as it is", () => {
    // Computed with Python: uuid5(uuid5(packageNamespace, "order-shipped"), "order-1234").
    expect(Idempotency.namespaceFrom("order-shipped")).toBe("dc53b3c9-bdb2-50a5-8bb0-515994089e8c")
    expect(Idempotency.idempotencyKeyFrom("order-shipped", "order-1234")).toBe(
      "4769e670-9672-548e-8930-9f3801a85f40"
    )
    expect(Idempotency.namespaceFrom(Idempotency.dnsNamespace.toUpperCase())).toBe(Idempotency.dnsNamespace)
    expect(Idempotency.idempotencyKeyFrom(Idempotency.dnsNamespace, "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2"
    )
  })

  it("is stable, and different namespaces or business ids give different keys", () => {
    const key = Idempotency.idempotencyKeyFrom("order-shipped", "1234")
    expect(Idempotency.idempotencyKeyFrom("order-shipped", "1234")).toBe(key)
    expect(Idempotency.idempotencyKeyFrom("order-delivered", "1234")).not.toBe(key)
    expect(Idempotency.idempotencyKeyFrom("order-shipped", "1235")).not.toBe(key)
    expect(Idempotency.isUuid(key)).toBe(true)
  })

  it("the replay window is 30 days", () => {
    expect(Duration.toMillis(Idempotency.idempotencyWindow)).toBe(30 * 24 * 60 * 60 * 1000)
    expect(Duration.toMillis(Idempotency.idempotencyWindow)).toBe(Simulator.idempotencyWindowMillis)
  })

  it.effect("a derived key replays within 30 days and sends again after them", () =>
    Effect.gen(function*() {
      const message: Notifications.Notification = {
        app_id: appId,
        included_segments: ["Subscribed Users"],
        contents: { en: "Your order has shipped" }
      }
      const send = Notifications.createNotification(message, {
        idempotencyKey: Idempotency.idempotencyKeyFrom("order-shipped", "order-1234")
      })
      const first = yield* send
      expect(first._tag).toBe("Sent")
      expect(first.idempotencyKey).toBe("4769e670-9672-548e-8930-9f3801a85f40")
      expect(first.wasReplayed).toBe(false)

      yield* TestClock.adjust(Duration.subtract(Idempotency.idempotencyWindow, Duration.millis(1)))
      const replay = yield* send
      expect(replay.wasReplayed).toBe(true)
      expect(replay._tag === "Sent" && first._tag === "Sent" && replay.id === first.id).toBe(true)
      expect(yield* Simulator.notifications()).toHaveLength(1)

      yield* TestClock.adjust("1 millis")
      const again = yield* send
      expect(again.wasReplayed).toBe(false)
      expect(again._tag === "Sent" && first._tag === "Sent" && again.id !== first.id).toBe(true)
      const stored = yield* Simulator.notifications()
      expect(stored.map((n) => n.fields["idempotency_key"])).toEqual([first.idempotencyKey, first.idempotencyKey])
    }).pipe(Effect.provide(simulatorLayer())))
})
