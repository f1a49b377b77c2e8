/**
 * Journeys through the client (`OneSignal`, the endpoint functions and
 * `Pagination.journeys`) against the in-memory simulator: what is stored,
 * what is answered, the state transitions and their refusals, concurrency
 * keys, node updates, stats, duplicates, and the typed errors for unknown
 * ids, bad input and wrong keys. Time is driven by `TestClock`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { RestApiKey } from "../src/Credentials.js"
import * as Journeys from "../src/Journeys.js"
import { OneSignal } from "../src/OneSignal.js"
import * as Pagination from "../src/Pagination.js"
import * as Segments from "../src/Segments.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, simulatorLayer } from "./utils/simulator.js"

const unknownId = "0badc0de-0000-4000-8000-000000000000"
const otherAppId = "00000000-0000-4000-8000-000000000002"
const otherKey = "other-app-rest-key"

const twoApps: Simulator.SimulatorOptions = {
  apps: [
    { id: appId, restApiKey: Simulator.defaultRestApiKey },
    { id: otherAppId, restApiKey: otherKey }
  ]
}

const journeysInStore = Effect.map(Simulator.state, (state) => state.journeys)

/** A segment of the default app, for audiences and conditions (they must name real segments). */
const makeSegment = (name: string) =>
  Effect.map(
    Segments.createSegment(appId, { name, filters: [{ field: "tag", key: "plan", relation: "exists" }] }),
    (created) => created.id!
  )

/** A journey every activation accepts: a segment audience and a push, a wait and a yes/no on the push. */
const welcome = (segmentId: string): Journeys.CreateJourneyRequest => ({
  name: "Welcome series",
  audience: { kind: "segment", included_segment_ids: [segmentId] },
  nodes: [
    { kind: "send_push", client_node_id: "hello", template_id: "t-hello" },
    { kind: "wait", duration_seconds: 3600 },
    {
      kind: "yes_no",
      branches: [
        {
          condition: { kind: "on_notification_action", action: "clicked", client_node_id: "hello" },
          nodes: [{ kind: "tag", assignments: { engaged: "yes" } }]
        },
        { condition: { kind: "segment_membership", included_segment_ids: [segmentId] } }
      ]
    }
  ]
})

const failure = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.flip(effect)

// -----------------------------------------------------------------------------
// Create, view, list
// -----------------------------------------------------------------------------

describe("journeys against the simulator: create and read", () => {
  it.effect("createJourney makes a draft with ids on every node and branch, and viewJourney reads it back", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      yield* TestClock.adjust("10 seconds")
      const created = yield* onesignal.createJourney(appId, welcome(segmentId))
      expect(created).toBeInstanceOf(Journeys.Journey)
      expect(created.state).toBe("draft")
      expect(created.app_id).toBe(appId)
      expect(created.description).toBe("")
      expect(created.created_at).toBe("1970-01-01T00:00:10.000Z")
      expect(created.started_at).toBeNull()
      expect(created.created_source).toBe("public_api")
      expect(typeof created.concurrency_key).toBe("string")
      const [push, wait, yesNo] = created.nodes!
      expect([push?.kind, wait?.kind, yesNo?.kind]).toEqual(["send_push", "wait", "yes_no"])
      for (const node of [push, wait, yesNo]) expect(node?.id).toMatch(/^[0-9a-f-]{36}$/)
      const [yes, no] = yesNo!.branches!
      expect(yes?.id).toMatch(/^[0-9a-f-]{36}$/)
      expect(no?.nodes).toEqual([])
      // The condition's client_node_id became the id of the node it names.
      expect(yes?.condition).toEqual({ kind: "on_notification_action", action: "clicked", sending_node_id: push!.id })
      expect(yes?.nodes?.[0]?.id).toMatch(/^[0-9a-f-]{36}$/)

      const stored = yield* journeysInStore
      expect(stored).toHaveLength(1)
      expect(stored[0]).toMatchObject({ id: created.id, appId, state: "draft", createdAt: 10_000 })

      const read = yield* onesignal.viewJourney(appId, created.id!)
      expect(read.nodes).toEqual(created.nodes)
      expect(read.concurrency_key).toBe(created.concurrency_key)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("what the reference says create refuses is a BadRequest, and nothing is stored", () =>
    Effect.gen(function*() {
      const refused: ReadonlyArray<readonly [unknown, string]> = [
        [{ name: "x", state: "active" }, "state"],
        [{ name: "x", id: unknownId }, "id"],
        [{ name: "   " }, "name"],
        [{ name: "x", audience: { kind: "segment", included_segment_ids: [unknownId] } }, "segment"],
        [{ name: "x", audience: { kind: "event_trigger" } }, "audience.name"],
        [{ name: "x", nodes: [{ kind: "yes_no", branches: [{}] }] }, "exactly 2"],
        [{ name: "x", nodes: [{ kind: "split_range", branches: [{ weight: 50 }, { weight: 40 }] }] }, "sum to 100"],
        [{
          name: "x",
          nodes: [{ kind: "yes_no", branches: [{ condition: { kind: "on_notification_action", action: "opened", client_node_id: "nope" } }, {}] }]
        }, "nope"],
        [{ name: "x", nodes: [{ kind: "wait", client_node_id: "a" }, { kind: "wait", client_node_id: "a" }] }, "client_node_id"]
      ]
      for (const [body, mentions] of refused) {
        // Casts send what the client's own checks would refuse, to reach the simulator's.
        const error = yield* failure(
          Journeys.createJourney(appId, body as Journeys.CreateJourneyRequest, { retry: false })
        )
        expect(error._tag).toBe("BadRequest")
        if (error._tag !== "BadRequest") continue
        expect(error.status).toBe(400)
        expect(error.errors.join(" ")).toContain(mentions)
        expect(error.details[0]?.code).toBe("validation_error")
      }
      expect(yield* journeysInStore).toEqual([])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("another app's key is Unauthorized, an unknown app a BadRequest, another app's journey NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const mine = yield* onesignal.createJourney(appId, { name: "Mine" })
      const wrongKey = yield* failure(onesignal.createJourney(otherAppId, { name: "x" }))
      expect(wrongKey._tag).toBe("Unauthorized")
      const noApp = yield* failure(onesignal.viewJourneys(unknownId))
      expect(noApp._tag).toBe("BadRequest")
      const elsewhere = yield* failure(onesignal.viewJourney(otherAppId, mine.id!))
      expect(elsewhere._tag).toBe("Unauthorized")
      for (const call of [
        Effect.asVoid(onesignal.viewJourney(appId, unknownId)),
        Effect.asVoid(onesignal.viewJourneyStats(appId, unknownId)),
        Effect.asVoid(onesignal.updateJourney(appId, unknownId, { name: "x" })),
        Effect.asVoid(onesignal.updateJourneyNode(appId, unknownId, unknownId, { annotation: "x" })),
        Effect.asVoid(onesignal.deleteJourney(appId, unknownId)),
        Effect.asVoid(onesignal.duplicateJourney(appId, unknownId))
      ]) {
        const error = yield* failure(call)
        expect(error._tag).toBe("NotFound")
      }
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("a journey of another app is NotFound with that app's own key", () =>
    Effect.gen(function*() {
      const mine = yield* Journeys.createJourney(appId, { name: "Mine" })
      const asOtherApp = OneSignal.layer.pipe(Layer.provide(RestApiKey.layer(otherKey)))
      const error = yield* failure(
        Effect.flatMap(OneSignal, (other) => other.viewJourney(otherAppId, mine.id!)).pipe(Effect.provide(asOtherApp))
      )
      expect(error._tag).toBe("NotFound")
      const theirs = yield* Effect.flatMap(OneSignal, (other) => other.viewJourneys(otherAppId)).pipe(
        Effect.provide(asOtherApp)
      )
      expect(theirs.journeys).toEqual([])
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("a body that is not a JSON object is a BadRequest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* failure(
        onesignal.request({ method: "POST", path: "/apps/{app_id}/journeys", params: { app_id: appId }, body: "x" })
      )
      expect(error._tag).toBe("BadRequest")
      expect(yield* journeysInStore).toEqual([])
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("Pagination.journeys against the simulator", () => {
  /** Creates `count` journeys one millisecond apart, named by their creation order. */
  const createMany = (count: number) =>
    Effect.forEach(
      Array.from({ length: count }, (_, i) => i),
      (i) => Effect.zipRight(TestClock.adjust("1 millis"), Journeys.createJourney(appId, { name: `journey ${i}` })),
      { discard: true }
    )

  const lists = Effect.map(
    Simulator.requests,
    (all) => all.filter((request) => request.method === "GET" && request.path === `/apps/${appId}/journeys`)
  )

  it.effect("120 journeys at limit 50: each once, newest first, in 3 requests", () =>
    Effect.gen(function*() {
      yield* createMany(120)
      const names = Chunk.toReadonlyArray(
        yield* Stream.runCollect(Pagination.journeys(appId, { limit: 50 }))
      ).map((journey) => journey.name)
      expect(names).toHaveLength(120)
      expect(new Set(names).size).toBe(120)
      expect(names[0]).toBe("journey 119")
      expect(names[119]).toBe("journey 0")
      const requests = yield* lists
      expect(requests.map((request) => request.query["limit"])).toEqual(["50", "50", "50"])
      expect(requests[0]!.query["cursor"]).toBeUndefined()
      expect(requests[1]!.query["cursor"]).toBeDefined()
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("Stream.take makes only the requests it needs, and the default page is 50", () =>
    Effect.gen(function*() {
      yield* createMany(120)
      const first = yield* Stream.runCollect(Stream.take(Pagination.journeys(appId), 60))
      expect(first.length).toBe(60)
      expect((yield* lists).length).toBe(2)
      const pages = yield* Stream.runCollect(Stream.take(Pagination.journeyPages(appId), 1))
      expect(Chunk.unsafeHead(pages).journeys).toHaveLength(50)
      expect(Chunk.unsafeHead(pages).has_more).toBe(true)
      expect((yield* lists).length).toBe(3)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a journey deleted during a walk neither breaks the cursor nor shows up twice", () =>
    Effect.gen(function*() {
      yield* createMany(5)
      const first = yield* Journeys.viewJourneys(appId, { limit: 2 })
      yield* Journeys.deleteJourney(appId, first.journeys![1]!.id!)
      const rest = yield* Journeys.viewJourneys(appId, { limit: 2, cursor: first.next_cursor! })
      expect(rest.journeys?.map((journey) => journey.name)).toEqual(["journey 2", "journey 1"])
      const last = yield* Journeys.viewJourneys(appId, { limit: 2, cursor: rest.next_cursor! })
      expect(last.journeys?.map((journey) => journey.name)).toEqual(["journey 0"])
      expect(last.has_more).toBe(false)
      expect(last.next_cursor).toBeUndefined()
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a limit above 50 is lowered to 50 by the simulator; a forged cursor is a BadRequest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* createMany(3)
      const error = yield* failure(onesignal.viewJourneys(appId, { cursor: "not-a-cursor" }))
      expect(error._tag).toBe("BadRequest")
      if (error._tag === "BadRequest") expect(error.errors[0]).toContain("cursor")
      const page = yield* onesignal.request({ method: "GET", path: `/apps/${appId}/journeys`, query: { limit: "80" } })
      expect((page as { journeys: ReadonlyArray<unknown> }).journeys).toHaveLength(3)
    }).pipe(Effect.provide(simulatorLayer())))
})

// -----------------------------------------------------------------------------
// Update and state transitions
// -----------------------------------------------------------------------------

describe("journeys against the simulator: updates", () => {
  it.effect("a merge patch renames, clears with null, keeps node ids, adds nodes, and bumps the concurrency key", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const created = yield* onesignal.createJourney(appId, {
        ...welcome(segmentId),
        description: "first",
        reentry_rules: { duration_seconds: 600 },
        early_exit: { rules: { on_session: true, when_not_in_audience: true } }
      })
      yield* TestClock.adjust("1 minute")
      const [push, wait] = created.nodes!
      const updated = yield* onesignal.updateJourney(appId, created.id!, {
        name: "Welcome v2",
        description: null,
        reentry_rules: null,
        early_exit: { rules: { on_session: null } },
        nodes: [{ id: wait!.id!, kind: "wait", duration_seconds: 120 }, { kind: "send_email", template_id: "t-mail" }],
        concurrency_key: created.concurrency_key!
      })
      expect(updated.name).toBe("Welcome v2")
      expect(updated.description).toBe("")
      expect(updated.reentry_rules).toBeNull()
      expect(updated.early_exit).toEqual({ rules: { when_not_in_audience: true } })
      expect(updated.audience?.included_segment_ids).toEqual([segmentId])
      expect(updated.nodes?.map((node) => node.kind)).toEqual(["wait", "send_email"])
      expect(updated.nodes?.[0]).toMatchObject({ id: wait!.id, duration_seconds: 120 })
      expect(updated.nodes?.[1]?.id).not.toBe(push!.id)
      expect(updated.updated_at).toBe("1970-01-01T00:01:00.000Z")
      expect(updated.concurrency_key).not.toBe(created.concurrency_key)

      // The old key is stale now.
      const stale = yield* failure(
        onesignal.updateJourney(appId, created.id!, { name: "v3", concurrency_key: created.concurrency_key! })
      )
      expect(stale._tag).toBe("Conflict")
      if (stale._tag === "Conflict") expect(stale.status).toBe(409)
      expect((yield* onesignal.viewJourney(appId, created.id!)).name).toBe("Welcome v2")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a node id the journey does not have is a BadRequest; changing a node's kind a 422", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const created = yield* onesignal.createJourney(appId, { name: "x", nodes: [{ kind: "wait", duration_seconds: 60 }] })
      const wait = created.nodes![0]!
      const unknown = yield* failure(
        onesignal.updateJourney(appId, created.id!, { nodes: [{ id: unknownId, kind: "wait" }] })
      )
      expect(unknown._tag).toBe("BadRequest")
      if (unknown._tag === "BadRequest") expect(unknown.status).toBe(400)
      const kind = yield* failure(onesignal.updateJourney(appId, created.id!, { nodes: [{ id: wait.id!, kind: "tag" }] }))
      expect(kind._tag).toBe("BadRequest")
      if (kind._tag === "BadRequest") {
        expect(kind.status).toBe(422)
        expect(kind.errors[0]).toContain("keeps its kind")
      }
      expect((yield* onesignal.viewJourney(appId, created.id!)).nodes).toEqual(created.nodes)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("draft → active (with audience and nodes) → archived; what a state forbids is a 422", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const empty = yield* onesignal.createJourney(appId, { name: "Empty" })
      const cannotStart = yield* failure(onesignal.updateJourney(appId, empty.id!, { state: "active" }))
      expect(cannotStart._tag).toBe("BadRequest")
      if (cannotStart._tag === "BadRequest") expect(cannotStart.status).toBe(422)
      expect((yield* onesignal.viewJourney(appId, empty.id!)).state).toBe("draft")

      const journey = yield* onesignal.createJourney(appId, welcome(segmentId))
      yield* TestClock.adjust("5 seconds")
      const active = yield* onesignal.updateJourney(appId, journey.id!, { state: "active" })
      expect(active.state).toBe("active")
      expect(active.started_at).toBe("1970-01-01T00:00:05.000Z")

      const backToDraft = yield* failure(onesignal.updateJourney(appId, journey.id!, { state: "draft" }))
      expect(backToDraft._tag).toBe("BadRequest")
      if (backToDraft._tag === "BadRequest") {
        expect(backToDraft.status).toBe(422)
        expect(backToDraft.details[0]?.code).toBe("invalid_state")
      }

      yield* TestClock.adjust("5 seconds")
      const archived = yield* onesignal.updateJourney(appId, journey.id!, { state: "archived" })
      expect(archived.state).toBe("archived")
      expect(archived.archived_at).toBe("1970-01-01T00:00:10.000Z")
      for (const change of [{ name: "again" }, { state: "active" as const }]) {
        const error = yield* failure(onesignal.updateJourney(appId, journey.id!, change))
        expect(error._tag).toBe("BadRequest")
        if (error._tag === "BadRequest") expect(error.status).toBe(422)
      }
      const node = yield* failure(
        onesignal.updateJourneyNode(appId, journey.id!, archived.nodes![1]!.id!, { duration_seconds: 90 })
      )
      expect(node._tag).toBe("BadRequest")
      // The archived journey can still be read.
      expect((yield* onesignal.viewJourney(appId, journey.id!)).state).toBe("archived")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("scheduled needs a start_at 5 minutes ahead; the journey goes active when the clock gets there", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const journey = yield* onesignal.createJourney(appId, welcome(segmentId))
      const tooSoon = yield* failure(onesignal.updateJourney(appId, journey.id!, {
        state: "scheduled",
        schedule: { start_at: "1970-01-01T00:01:00.000Z" }
      }))
      expect(tooSoon._tag).toBe("BadRequest")
      if (tooSoon._tag === "BadRequest") expect(tooSoon.status).toBe(422)
      expect((yield* onesignal.viewJourney(appId, journey.id!)).schedule).toBeNull()

      const scheduled = yield* onesignal.updateJourney(appId, journey.id!, {
        state: "scheduled",
        schedule: { start_at: "1970-01-01T00:10:00.000Z" }
      })
      expect(scheduled.state).toBe("scheduled")
      yield* TestClock.adjust("9 minutes")
      expect((yield* onesignal.viewJourney(appId, journey.id!)).state).toBe("scheduled")
      yield* TestClock.adjust("1 minute")
      const started = yield* onesignal.viewJourney(appId, journey.id!)
      expect(started.state).toBe("active")
      expect(started.started_at).toBe("1970-01-01T00:10:00.000Z")
      const listed = yield* onesignal.viewJourneys(appId)
      expect(listed.journeys?.[0]?.state).toBe("active")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a scheduled journey may go back to draft", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const journey = yield* onesignal.createJourney(appId, {
        ...welcome(segmentId),
        schedule: { start_at: "1970-01-02T00:00:00.000Z" }
      })
      yield* onesignal.updateJourney(appId, journey.id!, { state: "scheduled" })
      const draft = yield* onesignal.updateJourney(appId, journey.id!, { state: "draft" })
      expect(draft.state).toBe("draft")
    }).pipe(Effect.provide(simulatorLayer())))
})

describe("journeys against the simulator: one node", () => {
  it.effect("updateJourneyNode merges into one node, at any depth, and leaves the others alone", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const journey = yield* onesignal.createJourney(appId, welcome(segmentId))
      const tag = journey.nodes![2]!.branches![0]!.nodes![0]!
      const updated = yield* onesignal.updateJourneyNode(appId, journey.id!, tag.id!, {
        annotation: "mark engaged users",
        assignments: { engaged: "true" },
        concurrency_key: journey.concurrency_key!
      })
      const after = updated.nodes![2]!.branches![0]!.nodes![0]!
      expect(after).toMatchObject({ id: tag.id, kind: "tag", annotation: "mark engaged users", assignments: { engaged: "true" } })
      expect("concurrency_key" in after).toBe(false)
      expect(updated.nodes?.slice(0, 2)).toEqual(journey.nodes?.slice(0, 2))
      const stale = yield* failure(onesignal.updateJourneyNode(appId, journey.id!, tag.id!, {
        annotation: "again",
        concurrency_key: journey.concurrency_key!
      }))
      expect(stale._tag).toBe("Conflict")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("an unknown node is NotFound; kind in the body is a BadRequest; null expiration waits indefinitely", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const journey = yield* onesignal.createJourney(appId, {
        name: "Wait for the event",
        nodes: [{
          kind: "wait_until",
          expiration: { duration_seconds: 86_400, exits: true },
          branches: [{ condition: { kind: "event_trigger", name: "purchase" } }]
        }]
      })
      const node = journey.nodes![0]!
      const missing = yield* failure(onesignal.updateJourneyNode(appId, journey.id!, unknownId, { annotation: "x" }))
      expect(missing._tag).toBe("NotFound")
      const kind = yield* failure(
        onesignal.updateJourneyNode(appId, journey.id!, node.id!, { kind: "wait" } as Journeys.UpdateJourneyNodeRequest)
      )
      expect(kind._tag).toBe("BadRequest")
      const forever = yield* onesignal.updateJourneyNode(appId, journey.id!, node.id!, { expiration: null })
      expect(forever.nodes?.[0]?.expiration).toBeUndefined()
      expect(forever.nodes?.[0]?.branches).toEqual(node.branches)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a live split keeps its branches: re-weighting it is a 422, re-weighting it in a draft is fine", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const journey = yield* onesignal.createJourney(appId, {
        name: "A/B",
        audience: { kind: "segment", included_segment_ids: [segmentId] },
        nodes: [{ kind: "split_range", branches: [{ weight: 50 }, { weight: 50 }] }]
      })
      const split = journey.nodes![0]!
      const reweight = (ids: boolean) => ({
        branches: split.branches!.map((branch, i) => ({ ...(ids ? { id: branch.id! } : {}), weight: i === 0 ? 70 : 30 }))
      })
      const draft = yield* onesignal.updateJourneyNode(appId, journey.id!, split.id!, reweight(true))
      expect(draft.nodes?.[0]?.branches?.map((branch) => branch.weight)).toEqual([70, 30])
      yield* onesignal.updateJourney(appId, journey.id!, { state: "active" })
      const live = yield* failure(onesignal.updateJourneyNode(appId, journey.id!, split.id!, { ...reweight(true), branches: reweight(true).branches.reverse() }))
      expect(live._tag).toBe("BadRequest")
      if (live._tag === "BadRequest") expect(live.status).toBe(422)
    }).pipe(Effect.provide(simulatorLayer())))
})

// -----------------------------------------------------------------------------
// Stats, delete, duplicate
// -----------------------------------------------------------------------------

describe("journeys against the simulator: stats, delete, duplicate", () => {
  it.effect("viewJourneyStats answers zeros for the journey and every node and branch, at any depth", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const journey = yield* onesignal.createJourney(appId, welcome(segmentId))
      const stats = yield* onesignal.viewJourneyStats(appId, journey.id!)
      expect(stats).toBeInstanceOf(Journeys.JourneyStats)
      expect([stats.id, stats.started, stats.completed, stats.exited_early]).toEqual([journey.id, 0, 0, 0])
      const [push, wait, yesNo] = journey.nodes!
      const tag = yesNo!.branches![0]!.nodes![0]!
      expect(Object.keys(stats.nodes!).sort()).toEqual([push!.id, wait!.id, yesNo!.id, tag.id].sort())
      expect(stats.nodes?.[push!.id!]).toMatchObject({ kind: "send_push", waiting: 0, message_stats: { totals: {} } })
      expect(stats.nodes?.[wait!.id!]?.message_stats).toBeUndefined()
      expect(stats.nodes?.[tag.id!]?.kind).toBe("tag")
      expect(stats.branches).toEqual(
        Object.fromEntries(yesNo!.branches!.map((branch) => [branch.id, { completed: 0 }]))
      )
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("deleteJourney removes it: a second delete, a read and its stats are NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const journey = yield* onesignal.createJourney(appId, { name: "Short-lived" })
      const deleted = yield* onesignal.deleteJourney(appId, journey.id!)
      expect(deleted.success).toBe(true)
      expect(yield* journeysInStore).toEqual([])
      for (const call of [
        Effect.asVoid(onesignal.deleteJourney(appId, journey.id!)),
        Effect.asVoid(onesignal.viewJourney(appId, journey.id!)),
        Effect.asVoid(onesignal.viewJourneyStats(appId, journey.id!))
      ]) {
        expect((yield* failure(call))._tag).toBe("NotFound")
      }
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("duplicateJourney copies into a new draft with new ids, links following; the source is unchanged", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const segmentId = yield* makeSegment("Trial")
      const source = yield* onesignal.createJourney(appId, { ...welcome(segmentId), description: "the original" })
      yield* onesignal.updateJourney(appId, source.id!, { state: "active" })
      yield* TestClock.adjust("1 second")
      const copy = yield* onesignal.duplicateJourney(appId, source.id!)
      expect(copy.id).not.toBe(source.id)
      expect(copy.state).toBe("draft")
      expect(copy.started_at).toBeNull()
      expect(copy.archived_at).toBeNull()
      expect(copy.name).toBe("Welcome series (Copy)")
      expect(copy.description).toBe("the original")
      expect(copy.audience).toEqual(source.audience)
      expect(copy.nodes?.map((node) => node.kind)).toEqual(source.nodes?.map((node) => node.kind))
      const sourceIds = new Set(source.nodes!.map((node) => node.id))
      for (const node of copy.nodes!) expect(sourceIds.has(node.id!)).toBe(false)
      expect(copy.nodes?.[2]?.branches?.[0]?.condition?.sending_node_id).toBe(copy.nodes?.[0]?.id)
      expect(copy.nodes?.[2]?.branches?.[0]?.id).not.toBe(source.nodes?.[2]?.branches?.[0]?.id)

      const again = yield* onesignal.viewJourney(appId, source.id!)
      expect(again.state).toBe("active")
      expect(again.nodes).toEqual(source.nodes)
      expect((yield* journeysInStore).map((journey) => journey.state)).toEqual(["active", "draft"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("duplicateJourney applies overrides: a name, a cleared description, a new graph", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const source = yield* onesignal.createJourney(appId, {
        name: "Original",
        description: "keep me out",
        nodes: [{ kind: "wait", duration_seconds: 60 }]
      })
      const copy = yield* onesignal.duplicateJourney(appId, source.id!, {
        overrides: { name: "Second edition", description: null, nodes: [{ kind: "send_sms", template_id: "t-sms" }] }
      })
      expect(copy.name).toBe("Second edition")
      expect(copy.description).toBe("")
      expect(copy.nodes?.map((node) => node.kind)).toEqual(["send_sms"])
      const refused = yield* failure(onesignal.duplicateJourney(appId, source.id!, {
        overrides: { state: "active" } as Journeys.DuplicateJourneyOverrides
      }))
      expect(refused._tag).toBe("BadRequest")
    }).pipe(Effect.provide(simulatorLayer())))
})
