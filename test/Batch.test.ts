/**
 * Batch sends against the in-memory simulator: chunking at the default and
 * the legacy limit, deterministic chunk keys, resuming after a crash without
 * sending anyone twice, failed and not-sent chunks reported beside the sent
 * ones, a failing recipients stream, the concurrency bound (under
 * `TestClock`), and the options rejected before anything is sent.
 *
 * The large batches target subscription ids: the simulator counts them
 * without a lookup, while each alias is looked up by a scan of all users,
 * too slow for 45,001 of them.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Batch from "../src/Batch.js"
import * as Idempotency from "../src/Idempotency.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, simulatorLayer } from "./utils/simulator.js"

const message: Batch.BatchMessage = { app_id: appId, contents: { en: "Flash sale: 2 hours left" } }

const subscriptionId = (i: number): string => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`

function* subscriptionIds(count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield subscriptionId(i)
}

const posts = Effect.map(
  Simulator.requests,
  (all) => all.filter((r) => r.method === "POST" && r.path === "/notifications")
)

/** Every subscription id stored across the simulator's notifications, in order. */
const storedRecipients = Effect.map(
  Simulator.notifications(),
  (stored) => stored.flatMap((n) => n.fields["include_subscription_ids"] as ReadonlyArray<string>)
)

const expectEachOnce = (ids: ReadonlyArray<string>, count: number) => {
  expect(ids).toHaveLength(count)
  expect(new Set(ids).size).toBe(count)
}

const indexesOf = (chunks: ReadonlyArray<Batch.ChunkResult>) => chunks.map((c) => c.index)

const expectSent = (chunk: Batch.ChunkResult) => {
  if (chunk.outcome._tag !== "Sent") throw new Error(`chunk ${chunk.index}: expected Sent, got ${chunk.outcome._tag}`)
  return chunk.outcome
}

class CursorFailed extends Data.TaggedError("CursorFailed")<{ readonly after: number }> {}

describe("Batch.send", () => {
  it.effect("45,001 recipients: 3 requests at the default chunk size, each with its deterministic key", () =>
    Effect.gen(function*() {
      const started = Date.now()
      const result = yield* Batch.send(message, { subscriptionIds: subscriptionIds(45_001) }, {
        batchKey: "flash-sale"
      })
      expect(indexesOf(result.chunks)).toEqual([0, 1, 2])
      expect(result.chunks.map((c) => c.size)).toEqual([20_000, 20_000, 5_001])
      expect(result.totals).toMatchObject({
        chunks: 3,
        recipients: 45_001,
        sent: 3,
        notSent: 0,
        failed: 0,
        replayed: 0,
        sentRecipients: 45_001,
        invalidRecipients: 0
      })

      const requests = yield* posts
      expect(requests).toHaveLength(3)
      expect(requests.map((r) => (r.body as any).include_subscription_ids.length)).toEqual([20_000, 20_000, 5_001])
      const stored = yield* Simulator.notifications()
      expect(stored.map((n) => n.recipients)).toEqual([20_000, 20_000, 5_001])
      for (const [i, chunk] of result.chunks.entries()) {
        expect(chunk.idempotencyKey).toBe(Idempotency.idempotencyKeyFrom("flash-sale", `chunk-${i}`))
        expect(chunk.idempotencyKey).toBe(Batch.chunkIdempotencyKey("flash-sale", i))
        expect(expectSent(chunk).id).toBe(stored[i]!.id)
        expect(stored[i]!.fields["idempotency_key"]).toBe(chunk.idempotencyKey)
        expect(stored[i]!.fields["contents"]).toEqual({ en: "Flash sale: 2 hours left" })
      }
      expectEachOnce(yield* storedRecipients, 45_001)
      expect((yield* storedRecipients)[45_000]).toBe(subscriptionId(45_000))
      expect(Date.now() - started).toBeLessThan(10_000)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("45,001 recipients at chunkSize 2,000: 23 requests", () =>
    Effect.gen(function*() {
      const started = Date.now()
      const ids = Array.from(subscriptionIds(45_001))
      const result = yield* Batch.send(message, { subscriptionIds: ids }, {
        batchKey: "flash-sale",
        chunkSize: Batch.legacyChunkSize
      })
      expect(result.totals.chunks).toBe(23)
      expect(result.totals.sent).toBe(23)
      expect(result.chunks.map((c) => c.size)).toEqual([...Array.from({ length: 22 }, () => 2_000), 1_001])
      expect(indexesOf(result.chunks)).toEqual(Array.from({ length: 23 }, (_, i) => i))
      expect(yield* posts).toHaveLength(23)
      expectEachOnce(yield* storedRecipients, 45_001)
      expect(Date.now() - started).toBeLessThan(10_000)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("the chunk keys are the same on any machine: UUID v5 of chunk-<n> in the batch key's namespace", () =>
    Effect.gen(function*() {
      const result = yield* Batch.send(message, { subscriptionIds: subscriptionIds(3) }, {
        batchKey: "newsletter-2025-06",
        chunkSize: 2
      })
      // Computed with Python: uuid5(uuid5(packageNamespace, "newsletter-2025-06"), "chunk-<n>").
      expect(result.chunks.map((c) => c.idempotencyKey)).toEqual([
        "8b0919b0-e35f-53e9-8ea9-82f8da12afe5",
        "c69ba330-7263-5c3e-9c05-3efe3391a47d"
      ])
      expect((yield* posts).map((r) => (r.body as any).idempotency_key)).toEqual(
        result.chunks.map((c) => c.idempotencyKey)
      )
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a re-run after a crash halfway replays the finished chunks and sends the rest, each recipient once", () =>
    Effect.gen(function*() {
      const options = { batchKey: "flash-sale", chunkSize: 2_000, concurrency: 4 }
      // The first run dies after 10 chunk results: the chunks in flight are interrupted.
      const firstRun = yield* Batch.sendStream(message, { subscriptionIds: subscriptionIds(45_001) }, options).pipe(
        Stream.take(10),
        Stream.runCollect
      )
      expect(indexesOf(Chunk.toReadonlyArray(firstRun))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      const storedFirst = yield* Simulator.notifications()
      expect(storedFirst.length).toBeGreaterThanOrEqual(10)
      expect(storedFirst.length).toBeLessThan(23)
      const keysStoredFirst = new Set(storedFirst.map((n) => n.fields["idempotency_key"]))

      const rerun = yield* Batch.send(message, { subscriptionIds: subscriptionIds(45_001) }, options)
      expect(indexesOf(rerun.chunks)).toEqual(Array.from({ length: 23 }, (_, i) => i))
      expect(rerun.totals.sent).toBe(23)
      expect(rerun.totals.replayed).toBe(storedFirst.length)
      for (const chunk of rerun.chunks) {
        const sent = expectSent(chunk)
        expect(sent.wasReplayed).toBe(keysStoredFirst.has(chunk.idempotencyKey))
      }
      for (const chunk of firstRun) {
        expect(expectSent(rerun.chunks[chunk.index]!).id).toBe(expectSent(chunk).id)
      }

      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(23)
      expectEachOnce(yield* storedRecipients, 45_001)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a chunk that fails is reported Failed with its typed error, the others are Sent; a re-run sends it", () =>
    Effect.gen(function*() {
      const options = { batchKey: "flash-sale", chunkSize: 2_000, concurrency: 1, retry: false } as const
      yield* Simulator.scriptFaults("POST /notifications", [
        Simulator.Fault.None(),
        Simulator.Fault.ServerError({ status: 503 }),
        Simulator.Fault.None(),
        Simulator.Fault.DropBeforeApply()
      ])
      const first = yield* Batch.send(message, { subscriptionIds: subscriptionIds(9_000) }, options)
      expect(first.chunks.map((c) => c.outcome._tag)).toEqual(["Sent", "Failed", "Sent", "Failed", "Sent"])
      const failed = first.chunks[1]!.outcome
      if (failed._tag !== "Failed") throw new Error("expected Failed")
      expect(failed.error._tag).toBe("ServerError")
      expect(failed.error._tag === "ServerError" && failed.error.status).toBe(503)
      const dropped = first.chunks[3]!.outcome
      expect(dropped._tag === "Failed" && dropped.error._tag).toBe("TransportError")
      expect(first.totals).toMatchObject({ sent: 3, failed: 2, failedRecipients: 4_000, sentRecipients: 5_000 })
      expect(yield* Simulator.notifications()).toHaveLength(3)

      const rerun = yield* Batch.send(message, { subscriptionIds: subscriptionIds(9_000) }, options)
      expect(rerun.chunks.map((c) => expectSent(c).wasReplayed)).toEqual([true, false, true, false, true])
      expect(rerun.totals).toMatchObject({ sent: 5, failed: 0, replayed: 3 })
      expectEachOnce(yield* storedRecipients, 9_000)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("the client's retry rules apply to each chunk: a 429 is retried after Retry-After with the same key", () =>
    Effect.gen(function*() {
      yield* Simulator.scriptFaults("POST /notifications", [
        Simulator.Fault.None(),
        Simulator.Fault.RateLimited({ retryAfter: 2 })
      ])
      const fiber = yield* Effect.fork(
        Batch.send(message, { subscriptionIds: subscriptionIds(3) }, { batchKey: "k", chunkSize: 1, concurrency: 1 })
      )
      yield* TestClock.adjust("1 second")
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(fiber)
      expect(result.totals).toMatchObject({ sent: 3, failed: 0 })
      const keys = (yield* posts).map((r) => (r.body as any).idempotency_key)
      expect(keys).toEqual([0, 1, 1, 2].map((i) => Batch.chunkIdempotencyKey("k", i)))
      expect(yield* Simulator.notifications()).toHaveLength(3)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("aliases: unknown ones make a chunk NotSent with its reasons, or are listed as invalid in a Sent one", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 6; i++) yield* Simulator.addUser({ aliases: { external_id: `customer-${i}` } })
      const ids = [
        ...["customer-0", "customer-1", "customer-2", "customer-3", "customer-4"],
        ...["gone-0", "gone-1", "gone-2", "gone-3", "gone-4"],
        ...["customer-5", "gone-5"]
      ]
      const pushMessage: Batch.BatchMessage = { ...message, target_channel: "push" }
      const result = yield* Batch.send(pushMessage, { aliases: { label: "external_id", ids } }, {
        batchKey: "vip-push",
        chunkSize: 5
      })
      expect(result.chunks.map((c) => c.outcome._tag)).toEqual(["Sent", "NotSent", "Sent"])
      const notSent = result.chunks[1]!.outcome
      expect(notSent._tag === "NotSent" && notSent.reasons).toEqual(["All included players are not subscribed"])
      expect(expectSent(result.chunks[0]!).invalidAliases).toEqual({})
      expect(expectSent(result.chunks[2]!).invalidAliases).toEqual({ external_id: ["gone-5"] })
      expect(result.totals).toMatchObject({
        chunks: 3,
        recipients: 12,
        sent: 2,
        notSent: 1,
        failed: 0,
        sentRecipients: 7,
        notSentRecipients: 5,
        invalidRecipients: 1
      })

      const bodies = (yield* posts).map((r) => r.body as any)
      expect(bodies.map((b) => b.include_aliases)).toEqual([
        { external_id: ids.slice(0, 5) },
        { external_id: ids.slice(5, 10) },
        { external_id: ids.slice(10) }
      ])
      expect(bodies.every((b) => b.target_channel === "push")).toBe(true)

      // The same batch again, folded by the totals sink: everything replays, NotSent included.
      const totals = yield* Batch.sendStream(pushMessage, { aliases: { label: "external_id", ids } }, {
        batchKey: "vip-push",
        chunkSize: 5
      }).pipe(Stream.run(Batch.totals))
      expect(totals).toMatchObject({ chunks: 3, sent: 2, notSent: 1, replayed: 3, invalidRecipients: 1 })
      expect(yield* Simulator.notifications()).toHaveLength(2)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("emails go out as email_to and phone numbers as include_phone_numbers", () =>
    Effect.gen(function*() {
      const emails = yield* Batch.send(
        { app_id: appId, email_subject: "Your invoice", email_body: "<p>Hi</p>[unsubscribe_url]" },
        { emails: ["a@example.com", "b@example.com", "c@example.com"] },
        { batchKey: "invoices", chunkSize: 2 }
      )
      const texts = yield* Batch.send(
        { app_id: appId, name: "reminder", contents: { en: "See you tomorrow" } },
        { phoneNumbers: Stream.make("+15550000001", "+15550000002") },
        { batchKey: "reminders" }
      )
      expect(emails.totals.sent).toBe(2)
      expect(texts.totals.sent).toBe(1)
      const bodies = (yield* posts).map((r) => r.body as any)
      expect(bodies.map((b) => b.email_to)).toEqual([["a@example.com", "b@example.com"], ["c@example.com"], undefined])
      expect(bodies[2].include_phone_numbers).toEqual(["+15550000001", "+15550000002"])
      expect(bodies.every((b) => b.include_email_tokens === undefined && b.target_channel === undefined)).toBe(true)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("no recipients: no request, zero totals", () =>
    Effect.gen(function*() {
      const result = yield* Batch.send(message, { subscriptionIds: [] }, { batchKey: "nobody" })
      expect(result.chunks).toEqual([])
      expect(result.totals).toMatchObject({ chunks: 0, recipients: 0, sent: 0 })
      expect(yield* Simulator.requests).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("Batch.sendStream", () => {
  it.effect("a failing recipients stream: the chunks before it come out, the chunk being filled is not sent", () =>
    Effect.gen(function*() {
      const options = { batchKey: "from-cursor", chunkSize: 2_000 }
      const failing = Stream.fromIterable(subscriptionIds(4_500)).pipe(
        Stream.concat(Stream.fail(new CursorFailed({ after: 4_500 })))
      )
      const items = yield* Batch.sendStream(message, { subscriptionIds: failing }, options).pipe(
        Stream.either,
        Stream.runCollect
      )
      const [first, second, last] = Chunk.toReadonlyArray(items)
      expect(items.length).toBe(3)
      expect(Either.isRight(first!) && first.right.index).toBe(0)
      expect(Either.isRight(second!) && second.right.index).toBe(1)
      expect(Either.isLeft(last!) && last.left).toEqual(new CursorFailed({ after: 4_500 }))
      expect(yield* Simulator.notifications()).toHaveLength(2)
      expectEachOnce(yield* storedRecipients, 4_000)

      // Batch.send fails with the stream's typed error.
      const error = yield* Effect.flip(Batch.send(message, { subscriptionIds: failing }, options))
      expect(error).toBeInstanceOf(CursorFailed)

      // With the whole source, the same batch key sends the third chunk in full.
      const rerun = yield* Batch.send(message, { subscriptionIds: subscriptionIds(5_000) }, options)
      expect(rerun.chunks.map((c) => [c.size, expectSent(c).wasReplayed])).toEqual([
        [2_000, true],
        [2_000, true],
        [1_000, false]
      ])
      expectEachOnce(yield* storedRecipients, 5_000)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("at most `concurrency` chunks are in flight", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault(Simulator.Fault.Latency({ delay: "1 second" }), {
        route: "POST /notifications",
        times: 10
      })
      const fiber = yield* Effect.fork(
        Batch.send(message, { subscriptionIds: subscriptionIds(10) }, {
          batchKey: "slow",
          chunkSize: 1,
          concurrency: 3
        })
      )
      for (let second = 0; second <= 3; second++) {
        yield* TestClock.adjust(second === 0 ? "0 millis" : "1 second")
        // Arrived: the chunks done plus at most 3 in flight.
        expect(yield* posts).toHaveLength(Math.min(3 * (second + 1), 10))
        expect(yield* Simulator.notifications()).toHaveLength(Math.min(3 * second, 10))
      }
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(fiber)
      expect(indexesOf(result.chunks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      expect(result.totals.sent).toBe(10)
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("invalid batches", () => {
  const rejected = (
    issue: RegExp,
    batch: Effect.Effect<unknown, Batch.InvalidBatch | CursorFailed, any>
  ) =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(batch)
      expect(error).toBeInstanceOf(Batch.InvalidBatch)
      if (!(error instanceof Batch.InvalidBatch)) return
      expect(error.issue).toMatch(issue)
      expect(error.message).toContain("nothing was sent")
      expect(yield* Simulator.requests).toHaveLength(0)
    })

  const ids = { subscriptionIds: subscriptionIds(10) }

  it.effect("chunkSize outside 1..20,000, or not an integer", () =>
    Effect.gen(function*() {
      for (const chunkSize of [0, -1, 20_001, 2.5, Number.NaN]) {
        yield* rejected(
          /chunkSize must be an integer from 1 to 20000/,
          Batch.send(message, ids, { batchKey: "k", chunkSize })
        )
      }
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("concurrency below 1, an empty batch key", () =>
    Effect.gen(function*() {
      yield* rejected(/concurrency/, Batch.send(message, ids, { batchKey: "k", concurrency: 0 }))
      yield* rejected(/batchKey/, Batch.send(message, ids, { batchKey: "" }))
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("aliases without target_channel, or with an empty label", () =>
    Effect.gen(function*() {
      yield* rejected(
        /target_channel/,
        Batch.send(message, { aliases: { label: "external_id", ids: ["a"] } }, { batchKey: "k" })
      )
      yield* rejected(
        /label/,
        Batch.send({ ...message, target_channel: "push" }, { aliases: { label: "", ids: ["a"] } }, { batchKey: "k" })
      )
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a message with its own audience or idempotency key, or that is not a valid Notification", () =>
    Effect.gen(function*() {
      const withSegments = { ...message, included_segments: ["Subscribed Users"] } as Batch.BatchMessage
      yield* rejected(/included_segments/, Batch.send(withSegments, ids, { batchKey: "k" }))
      const withKey = { ...message, idempotency_key: "k" } as Batch.BatchMessage
      yield* rejected(/idempotency_key/, Batch.send(withKey, ids, { batchKey: "k" }))
      const noApp = { contents: { en: "hi" } } as unknown as Batch.BatchMessage
      yield* rejected(/not a valid Notification.*app_id/s, Batch.send(noApp, ids, { batchKey: "k" }))
      const badContents = { ...message, contents: "hi" } as unknown as Batch.BatchMessage
      yield* rejected(/not a valid Notification/, Batch.send(badContents, ids, { batchKey: "k" }))
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("recipients of no kind, of two kinds, or given as a single string", () =>
    Effect.gen(function*() {
      const none = {} as Batch.Recipients
      yield* rejected(/exactly one of/, Batch.send(message, none, { batchKey: "k" }))
      const two = { subscriptionIds: ["a"], emails: ["b@example.com"] } as unknown as Batch.Recipients
      yield* rejected(/exactly one of/, Batch.send(message, two, { batchKey: "k" }))
      const text = { subscriptionIds: "abc" } as unknown as Batch.Recipients
      yield* rejected(
        /subscriptionIds must be an Iterable/,
        Batch.sendStream(message, text, { batchKey: "k" }).pipe(Stream.runDrain)
      )
    }).pipe(Effect.provide(simulatorLayer())))
})
