/**
 * Exactly-once delivery under faults, end to end: hundreds of concurrent
 * `createNotification` calls, each with its own idempotency key, through
 * `FetchHttpClient` to the simulator served on 127.0.0.1, while the simulator
 * answers 429s, 503s, slow answers and dropped connections (before and after
 * storing the message) from a script built up front from a seeded PRNG.
 *
 * The script is applied in arrival order, and the simulator records every
 * request in that same order, so the n-th `POST /notifications` it recorded
 * is the one that got the n-th fault: the test replays each key's history
 * from the recorded requests and checks the client's outcome against it.
 *
 * Real sockets need the live clock; `Retry-After` is 0 or an HTTP-date in the
 * past and the backoff is 1 ms doubling up to 8 ms, so real waiting stays
 * small.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import { RestApiKey } from "../src/Credentials.js"
import type * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalConfig } from "../src/OneSignalConfig.js"
import type { OneSignalError } from "../src/OneSignalError.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import type { RecordedRequest } from "../src/testing/MockTransport.js"
import * as Simulator from "../src/testing/Simulator.js"
import * as SimulatorServer from "../src/testing/SimulatorServer.js"

const appId = Simulator.defaultAppId
const sends = 500
const concurrency = 32
const postRoute = "POST /notifications"
const getRoute = "GET /notifications/:notification_id"

// -----------------------------------------------------------------------------
// A deterministic fault script
// -----------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, so the fault script is the same on every run. */
const prng = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The faults the script draws from; the names are what the report counts. */
type Kind =
  | "None"
  | "Latency"
  | "RateLimited (Retry-After: 0)"
  | "RateLimited (past HTTP-date)"
  | "ServerError 503"
  | "DropBeforeApply"
  | "DropAfterApply"

interface Step {
  readonly kind: Kind
  readonly fault: Simulator.Fault
}

/** Kinds after which the simulator answered normally, having applied the request. */
const answered = (kind: Kind): boolean => kind === "None" || kind === "Latency"

/** Probabilities of the kinds other than `None` (which takes the rest). */
type Mix = Readonly<Partial<Record<Exclude<Kind, "None">, number>>>

const makeScript = (seed: number, length: number, mix: Mix): ReadonlyArray<Step> => {
  const random = prng(seed)
  const weights = Object.entries(mix) as ReadonlyArray<[Exclude<Kind, "None">, number]>
  return Array.from({ length }, (): Step => {
    let roll = random()
    for (const [kind, weight] of weights) {
      if (roll < weight) {
        switch (kind) {
          case "Latency":
            return { kind, fault: Simulator.Fault.Latency({ delay: `${1 + Math.floor(random() * 4)} millis` }) }
          case "RateLimited (Retry-After: 0)":
            return { kind, fault: Simulator.Fault.RateLimited({ retryAfter: 0 }) }
          case "RateLimited (past HTTP-date)":
            return { kind, fault: Simulator.Fault.RateLimited({ retryAfter: new Date(Date.UTC(2020, 0, 1)) }) }
          case "ServerError 503":
            return { kind, fault: Simulator.Fault.ServerError({ status: 503 }) }
          case "DropBeforeApply":
            return { kind, fault: Simulator.Fault.DropBeforeApply() }
          case "DropAfterApply":
            return { kind, fault: Simulator.Fault.DropAfterApply() }
        }
      }
      roll -= weight
    }
    return { kind: "None", fault: Simulator.Fault.None() }
  })
}

const countKinds = (names: Iterable<string>): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1
  return counts
}

/** About a third of the requests get a fault; drops after the commit are the interesting ones. */
const postMix: Mix = {
  "Latency": 0.08,
  "RateLimited (Retry-After: 0)": 0.06,
  "RateLimited (past HTTP-date)": 0.03,
  "ServerError 503": 0.08,
  "DropBeforeApply": 0.05,
  "DropAfterApply": 0.1
}

/** Reads are safe to repeat: any fault, including a drop after the (read-only) handling. */
const getMix: Mix = {
  "Latency": 0.05,
  "RateLimited (Retry-After: 0)": 0.05,
  "ServerError 503": 0.08,
  "DropBeforeApply": 0.04,
  "DropAfterApply": 0.04
}

// -----------------------------------------------------------------------------
// The stack under test
// -----------------------------------------------------------------------------

/**
 * A fresh simulator on a free loopback port and the `OneSignal` service
 * reaching it through `fetch`, with the given retry policy.
 */
const serverLayer = (retry: RetryPolicy.RetryPolicy) => {
  const server = SimulatorServer.layer({ port: 0, host: "127.0.0.1" }).pipe(
    Layer.provideMerge(Simulator.layerSimulator())
  )
  const client = Layer.unwrapEffect(
    Effect.map(SimulatorServer.SimulatorServer, ({ url }) =>
      OneSignal.layer.pipe(
        Layer.provide(RestApiKey.layer(Simulator.defaultRestApiKey)),
        Layer.provide(OneSignalConfig.layer({ baseUrl: url, retry }))
      ))
  )
  return Layer.fresh(client.pipe(Layer.provide(FetchHttpClient.layer), Layer.provideMerge(server)))
}

/** Waits of 1, 2, 4, 8, 8, ... ms: enough retries that a run of faults on one key never exhausts them. */
const generousRetry = RetryPolicy.make({ jitter: false, baseDelay: "1 millis", maxDelay: "8 millis", maxRetries: 16 })

/** One retry only: with this fault rate, many sends exhaust it. */
const scarceRetry = RetryPolicy.make({ jitter: false, baseDelay: "1 millis", maxRetries: 1 })

const keyOf = (i: number) => `order-${i}`
const textOf = (i: number) => `order ${i} shipped`

const message = (i: number): Notifications.Notification => ({
  app_id: appId,
  included_segments: ["Subscribed Users"],
  contents: { en: textOf(i) }
})

/** Sends `indexes` concurrently, each with its own key; every outcome is kept, none short-circuits. */
const sendAll = (indexes: ReadonlyArray<number>, retry: RetryPolicy.RetryPolicy) =>
  Effect.flatMap(OneSignal, (onesignal) =>
    Effect.forEach(
      indexes,
      (i) =>
        onesignal.createNotification(message(i), { idempotencyKey: keyOf(i), retry }).pipe(
          Effect.either,
          Effect.map((outcome) => ({ i, outcome }))
        ),
      { concurrency }
    ))

type Outcome = Either.Either<Notifications.CreateNotificationResult, OneSignalError>

const posts = (requests: ReadonlyArray<RecordedRequest>) =>
  requests.filter((request) => request.method === "POST" && request.path === "/notifications")

const bodyOf = (request: RecordedRequest) =>
  request.body as { readonly idempotency_key?: unknown; readonly contents?: { readonly en?: unknown } }

/**
 * What the simulator did for each send, in arrival order: the fault kind of
 * each of its requests (the n-th POST got the n-th step of the script; past
 * its end, none), and the idempotency keys those requests carried. A send is
 * recognised by its text, not by its key, so a key that changed between
 * attempts would show.
 */
const historyBySend = (requests: ReadonlyArray<RecordedRequest>, script: ReadonlyArray<Step>) => {
  const byText = new Map<string, { readonly kinds: Array<Kind>; readonly keys: Array<unknown> }>()
  posts(requests).forEach((request, n) => {
    const body = bodyOf(request)
    const text = String(body.contents?.en)
    const entry = byText.get(text) ?? { kinds: [], keys: [] }
    entry.kinds.push(script[n]?.kind ?? "None")
    entry.keys.push(body.idempotency_key)
    byText.set(text, entry)
  })
  return byText
}

/** Stored messages per idempotency key, and per text. */
const storedCounts = (stored: ReadonlyArray<Simulator.StoredNotification>) => {
  const byKey = new Map<string, number>()
  const byText = new Map<string, number>()
  for (const notification of stored) {
    const fields = notification.fields as { idempotency_key?: string; contents?: { en?: string } }
    byKey.set(String(fields.idempotency_key), (byKey.get(String(fields.idempotency_key)) ?? 0) + 1)
    byText.set(String(fields.contents?.en), (byText.get(String(fields.contents?.en)) ?? 0) + 1)
  }
  return { byKey, byText }
}

const duplicatesIn = (counts: ReadonlyMap<string, number>): number =>
  Array.from(counts.values()).reduce((sum, count) => sum + Math.max(0, count - 1), 0)

const failureTags = (outcomes: ReadonlyArray<{ readonly outcome: Outcome }>) =>
  countKinds(
    outcomes.flatMap(({ outcome }) => Either.isLeft(outcome) ? [outcome.left._tag] : [])
  )

/**
 * How many requests a run takes: the script is consumed in arrival order
 * whatever key each request carries, and a run ends with its last send's
 * answered request, so the count is fixed by the script alone.
 */
const requestsToAnswer = (script: ReadonlyArray<Step>, answers: number): number => {
  let seen = 0
  for (let n = 0; n < script.length; n++) {
    if (answered(script[n]!.kind) && ++seen === answers) return n + 1
  }
  return script.length + answers - seen
}

const indexes = Array.from({ length: sends }, (_, i) => i)

describe("exactly once over loopback HTTP, under injected faults", () => {
  it.live(`${sends} sends at concurrency ${concurrency}: every one stored once, replays where the drop came after the commit`, () =>
    Effect.gen(function*() {
      const started = performance.now()
      // Longer than the requests can consume, so every POST of the run is scripted.
      const postScript = makeScript(0x0ee7_0001, sends * 3, postMix)
      const getScript = makeScript(0x0ee7_0002, sends * 3, getMix)
      yield* Simulator.scriptFaults(postRoute, postScript.map((step) => step.fault))
      yield* Simulator.scriptFaults(getRoute, getScript.map((step) => step.fault))

      const outcomes = yield* sendAll(indexes, generousRetry)

      // Every send succeeded (the retries absorb every run of faults), with its own key.
      const failures = failureTags(outcomes)
      expect(failures).toEqual({})
      const results = outcomes.map(({ i, outcome }) => {
        if (Either.isLeft(outcome)) throw new Error(`send ${i} failed: ${outcome.left._tag}`)
        expect(outcome.right._tag).toBe("Sent")
        expect(outcome.right.idempotencyKey).toBe(keyOf(i))
        return { i, result: outcome.right as Notifications.NotificationSent }
      })

      // The simulator holds exactly one message per key, one per send, with distinct ids.
      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(sends)
      const { byKey, byText } = storedCounts(stored)
      expect(duplicatesIn(byKey)).toBe(0)
      expect(duplicatesIn(byText)).toBe(0)
      expect(new Set(byKey.keys())).toEqual(new Set(indexes.map(keyOf)))
      expect(new Set(stored.map((n) => n.id)).size).toBe(sends)
      const storedIdOf = new Map(
        stored.map((n) => [String((n.fields as { idempotency_key?: string }).idempotency_key), n.id])
      )

      // Each send's history at the simulator explains its outcome.
      const requests = yield* Simulator.requests
      const history = historyBySend(requests, postScript)
      expect(history.size).toBe(sends)
      let replayed = 0
      for (const { i, result } of results) {
        const { keys, kinds } = history.get(textOf(i))!
        // The same key on every attempt.
        expect(new Set(keys)).toEqual(new Set([keyOf(i)]))
        // The last attempt was answered; none after it.
        expect(answered(kinds[kinds.length - 1]!)).toBe(true)
        expect(kinds.slice(0, -1).some(answered)).toBe(false)
        // Replayed exactly when an earlier attempt was stored before its connection dropped.
        expect(result.wasReplayed).toBe(kinds.slice(0, -1).includes("DropAfterApply"))
        // The id returned is the stored message's, replay or not.
        expect(result.id).toBe(storedIdOf.get(keyOf(i)))
        if (result.wasReplayed) replayed++
      }
      const postCount = posts(requests).length
      expect(postCount).toBe(requestsToAnswer(postScript, sends))
      const appliedPost = countKinds(postScript.slice(0, postCount).map((step) => step.kind))
      expect(replayed).toBeGreaterThan(0)
      expect(replayed).toBeLessThanOrEqual(appliedPost["DropAfterApply"] ?? 0)

      // Read every message back through faulty GETs: each id leads to its own text.
      const onesignal = yield* OneSignal
      yield* Effect.forEach(
        results,
        ({ i, result }) =>
          Effect.map(onesignal.getNotification(appId, result.id), (read) => {
            expect(read.id).toBe(result.id)
            expect(read.contents).toEqual({ en: textOf(i) })
          }),
        { concurrency }
      )
      const getCount = (yield* Simulator.requests).filter((request) => request.method === "GET").length
      const appliedGet = countKinds(getScript.slice(0, getCount).map((step) => step.kind))
      expect(getCount).toBe(requestsToAnswer(getScript, sends))
      expect(yield* Simulator.notifications()).toHaveLength(sends)

      // The figures of the reliability report.
      console.info(JSON.stringify({
        test: "exactly once, generous retries",
        sends,
        concurrency,
        postRequests: postCount,
        postRetries: postCount - sends,
        postFaultsApplied: appliedPost,
        postFaultsScripted: countKinds(postScript.map((step) => step.kind)),
        replayed,
        failures,
        duplicates: duplicatesIn(byKey),
        getRequests: getCount,
        getRetries: getCount - sends,
        getFaultsApplied: appliedGet,
        durationMs: Math.round(performance.now() - started)
      }))
    }).pipe(Effect.provide(serverLayer(generousRetry))))

  it.live(`${sends} sends with one retry each: failures are typed, nothing doubles, re-runs with the same keys converge`, () =>
    Effect.gen(function*() {
      const started = performance.now()
      // Half the requests fail, so a single retry is often not enough.
      const postScript = makeScript(0x0ee7_0003, sends * 3, {
        "RateLimited (Retry-After: 0)": 0.12,
        "ServerError 503": 0.14,
        "DropBeforeApply": 0.1,
        "DropAfterApply": 0.14
      })
      yield* Simulator.scriptFaults(postRoute, postScript.map((step) => step.fault))

      const first = yield* sendAll(indexes, scarceRetry)
      const firstFailures = failureTags(first)
      const failed = first.flatMap(({ i, outcome }) => Either.isLeft(outcome) ? [i] : [])
      expect(failed.length).toBeGreaterThan(0)
      // Only the retryable errors the faults produce, each a typed `OneSignalError`.
      for (const { outcome } of first) {
        if (Either.isLeft(outcome)) {
          expect(["RateLimited", "ServerError", "TransportError"]).toContain(outcome.left._tag)
          expect(RetryPolicy.isRetryable(outcome.left)).toBe(true)
        }
      }

      // A failed send is stored once if one of its attempts was applied before a drop, else not at all.
      const afterFirst = storedCounts(yield* Simulator.notifications())
      expect(duplicatesIn(afterFirst.byKey)).toBe(0)
      const firstHistory = historyBySend(yield* Simulator.requests, postScript)
      let storedThoughFailed = 0
      for (const i of failed) {
        const applied = firstHistory.get(textOf(i))!.kinds.includes("DropAfterApply")
        expect(afterFirst.byKey.get(keyOf(i)) ?? 0).toBe(applied ? 1 : 0)
        if (applied) storedThoughFailed++
      }
      expect(storedThoughFailed).toBeGreaterThan(0)

      // Re-run the failed sends with the same keys (as a job re-run would) until none fails.
      let pending = failed
      let rounds = 0
      let replayedOnRerun = 0
      const rerunFailures: Array<number> = []
      const rerunResults = new Map<number, Notifications.CreateNotificationResult>()
      while (pending.length > 0) {
        rounds++
        expect(rounds).toBeLessThanOrEqual(20)
        const outcomes = yield* sendAll(pending, scarceRetry)
        rerunFailures.push(outcomes.filter(({ outcome }) => Either.isLeft(outcome)).length)
        for (const { i, outcome } of outcomes) {
          if (Either.isLeft(outcome)) continue
          rerunResults.set(i, outcome.right)
          if (outcome.right.wasReplayed) replayedOnRerun++
        }
        expect(duplicatesIn(storedCounts(yield* Simulator.notifications()).byKey)).toBe(0)
        pending = outcomes.flatMap(({ i, outcome }) => Either.isLeft(outcome) ? [i] : [])
      }
      // The failed sends that had been stored came back as replays of that message, not as new ones.
      const storedIdOf = new Map(
        (yield* Simulator.notifications()).map((n) => [
          String((n.fields as { idempotency_key?: string }).idempotency_key),
          n.id
        ])
      )
      for (const i of failed) {
        const result = rerunResults.get(i)!
        expect(result.idempotencyKey).toBe(keyOf(i))
        if (afterFirst.byKey.has(keyOf(i))) expect(result.wasReplayed).toBe(true)
        expect(result._tag === "Sent" && result.id).toBe(storedIdOf.get(keyOf(i)))
      }
      expect(replayedOnRerun).toBeGreaterThanOrEqual(storedThoughFailed)

      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(sends)
      const { byKey, byText } = storedCounts(stored)
      expect(duplicatesIn(byKey)).toBe(0)
      expect(duplicatesIn(byText)).toBe(0)
      expect(new Set(byKey.keys())).toEqual(new Set(indexes.map(keyOf)))
      const requests = yield* Simulator.requests
      for (const [text, { keys }] of historyBySend(requests, postScript)) {
        expect(new Set(keys).size, text).toBe(1)
      }

      const postCount = posts(requests).length
      expect(postCount).toBe(requestsToAnswer(postScript, sends))
      console.info(JSON.stringify({
        test: "exactly once, one retry, re-runs",
        sends,
        concurrency,
        firstRunFailures: firstFailures,
        storedThoughFailed,
        rerunRounds: rounds,
        failuresPerRerun: rerunFailures,
        replayedOnRerun,
        postRequests: postCount,
        postRetries: postCount - sends,
        postFaultsApplied: countKinds(postScript.slice(0, postCount).map((step) => step.kind)),
        duplicates: duplicatesIn(byKey),
        durationMs: Math.round(performance.now() - started)
      }))
    }).pipe(Effect.provide(serverLayer(scarceRetry))))
})
