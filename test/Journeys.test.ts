/**
 * The Journeys API (beta) through the mock transport, as a user calls it:
 * method, path (percent-encoded ids), query, key and body of every
 * operation; decoding of realistic answers that carry fields and enum
 * values this library does not know; every documented error status; local
 * validation (`InvalidRequest`, nothing sent); the retry rules (GET and
 * DELETE retried, POST and PATCH not) on `TestClock`; and the journey
 * streams' stopping rules.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Journeys from "../src/Journeys.js"
import { OneSignal } from "../src/OneSignal.js"
import * as Pagination from "../src/Pagination.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgSecretKey, scriptLayer, secretKey, steadyRetry } from "./utils/harness.js"
import { commonStatuses, describeErrorStatuses } from "./utils/statuses.js"

const journeyId = "5f0c1e2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f"
const nodeId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
/** Ids with characters that must be percent-encoded in a path segment. */
const oddJourneyId = "journey/1 @beta"
const oddJourneyPath = "journey%2F1%20%40beta"
const oddNodeId = "node ?#1"
const oddNodePath = "node%20%3F%231"
const segmentId = "d6c5a3e1-9f17-44a1-9d10-7c0e4a2b1c8e"

/** Checks that a request carried the REST key and nothing of the organization key. */
const expectRestKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(Object.values(request.headers).join("\n")).not.toContain(orgSecretKey)
}

const requestCount = Effect.map(MockTransport.requests, (all) => all.length)

/**
 * A `Journey` as OneSignal answers it, with a field this library does not
 * know at every level, a state and a node kind added after it was written,
 * nulls, and a branching node whose branches hold nodes.
 */
const realisticJourney = {
  id: journeyId,
  app_id: appId,
  name: "Welcome series",
  description: null,
  state: "paused",
  created_at: "2026-03-01T10:00:00.000Z",
  updated_at: "2026-03-01T10:05:00.000Z",
  started_at: null,
  archived_at: null,
  created_source: "public_api",
  owner_team: "growth",
  audience: {
    kind: "segment",
    included_segment_ids: [segmentId],
    excluded_segment_ids: [],
    future_additions_only: false,
    estimated_size: 1200
  },
  early_exit: { rules: { on_session: true, on_segment: null, when_not_in_audience: false }, tag_on_early_exit: { left: "1" } },
  reentry_rules: { duration_seconds: 86_400 },
  schedule: { start_at: null, stop_at: null, error: null },
  nodes: [
    { id: nodeId, kind: "wait", client_node_id: "first-wait", duration_seconds: 3600, annotation: "", position: 1 },
    { id: "c0ffee00-0000-4000-8000-000000000002", kind: "send_whatsapp", template_id: "t-1" },
    {
      id: "c0ffee00-0000-4000-8000-000000000003",
      kind: "yes_no",
      branches: [
        {
          id: "b0000000-0000-4000-8000-000000000001",
          condition: { kind: "on_notification_action", action: "swiped", sending_node_id: nodeId },
          nodes: [{ id: "c0ffee00-0000-4000-8000-000000000004", kind: "tag", assignments: { clicked: "yes" } }],
          label: "yes"
        },
        { id: "b0000000-0000-4000-8000-000000000002", condition: { kind: "segment_membership" }, nodes: [] }
      ]
    }
  ],
  concurrency_key: "rev-7"
}

const realisticList = {
  journeys: [
    {
      id: journeyId,
      app_id: appId,
      name: "Welcome series",
      state: "active",
      created_at: "2026-03-01T10:00:00.000Z",
      updated_at: "2026-03-01T10:05:00.000Z",
      started_at: "2026-03-01T10:05:00.000Z",
      archived_at: null,
      created_source: "dashboard",
      schedule: null,
      reentry_rules: null,
      audience: { kind: "event_trigger" },
      tags: ["onboarding"]
    },
    { id: "older", name: "Old", state: "sunsetting", audience: { kind: "csv_upload" } }
  ],
  has_more: true,
  next_cursor: "opaque-cursor-2",
  total_estimate: 2
}

const realisticStats = {
  id: journeyId,
  started: 120,
  completed: 80,
  exited_early: 5,
  nodes: {
    [nodeId]: { kind: "wait", waiting: 10, completed: 110, exited_early: 0 },
    "c0ffee00-0000-4000-8000-000000000002": {
      kind: "send_whatsapp",
      waiting: 0,
      completed: 100,
      exited_early: 5,
      message_stats: { totals: { sent: 100, delivered: 97, read: 40 }, by_day: [] }
    }
  },
  branches: { "b0000000-0000-4000-8000-000000000001": { completed: 30, rate: 0.3 } },
  generated_at: "2026-03-02T00:00:00Z"
}

const waitNode: Journeys.JourneyNodeInput = { kind: "wait", duration_seconds: 3600 }

// -----------------------------------------------------------------------------
// createJourney
// -----------------------------------------------------------------------------

describe("createJourney", () => {
  it.effect("POSTs the journey to /apps/{app_id}/journeys with the REST key and decodes the 201, through the service", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const body: Journeys.CreateJourneyRequest = {
        name: "Welcome series",
        description: "Onboard new users",
        audience: { kind: "segment", included_segment_ids: [segmentId] },
        early_exit: { rules: { on_session: true } },
        reentry_rules: { duration_seconds: 86_400 },
        nodes: [
          { kind: "send_push", client_node_id: "hello", template_id: "t-1" },
          waitNode,
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
      }
      const journey = yield* onesignal.createJourney(appId, body)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe(`https://onesignal.test/apps/${appId}/journeys`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual(body)

      expect(journey).toBeInstanceOf(Journeys.Journey)
      expect(journey.state).toBe("paused")
      expect(journey.description).toBeNull()
      expect("owner_team" in journey).toBe(false)
      expect(journey.audience?.included_segment_ids).toEqual([segmentId])
      expect("estimated_size" in journey.audience!).toBe(false)
      expect(journey.early_exit?.rules?.on_segment).toBeNull()
      expect(journey.nodes).toHaveLength(3)
      expect(journey.nodes?.[0]).toBeInstanceOf(Journeys.JourneyNode)
      expect("position" in journey.nodes![0]!).toBe(false)
      expect(journey.nodes?.[1]?.kind).toBe("send_whatsapp")
      const branch = journey.nodes?.[2]?.branches?.[0]
      expect(branch).toBeInstanceOf(Journeys.JourneyBranch)
      expect(branch?.condition?.action).toBe("swiped")
      expect(branch?.nodes?.[0]).toBeInstanceOf(Journeys.JourneyNode)
      expect(branch?.nodes?.[0]?.assignments).toEqual({ clicked: "yes" })
      expect("label" in branch!).toBe(false)
      expect(journey.concurrency_key).toBe("rev-7")
    }).pipe(Effect.provide(mockLayer(() => json(201, realisticJourney)))))

  it.effect("accepts a CreateJourneyRequest instance and percent-encodes the app id", () =>
    Effect.gen(function*() {
      yield* Journeys.createJourney("app/1 @x", new Journeys.CreateJourneyRequest({ name: "Only a name" }))
      const request = yield* MockTransport.lastRequest
      expect(request.path).toBe("/apps/app%2F1%20%40x/journeys")
      expect(request.body).toEqual({ name: "Only a name" })
    }).pipe(Effect.provide(mockLayer(() => json(201, { id: journeyId, state: "draft" })))))

  it.effect("fails with InvalidRequest and sends nothing for ids, broken limits or values out of the closed sets", () =>
    Effect.gen(function*() {
      const bad: ReadonlyArray<readonly [unknown, string]> = [
        [{ nodes: [waitNode] }, "name"],
        [{ name: "" }, "name"],
        [{ name: "x".repeat(301) }, "name"],
        [{ name: "x", description: "d".repeat(1025) }, "description"],
        [{ name: "x", nodes: [{ id: nodeId, kind: "wait", duration_seconds: 60 }] }, "client_node_id"],
        [{ name: "x", nodes: [{ kind: "yes_no", branches: [{ id: "b1" }] }] }, "branches[0].id"],
        [{ name: "x", nodes: [{ kind: "teleport" }] }, "kind"],
        [{ name: "x", nodes: [{ kind: "wait", duration_seconds: 30 }] }, "duration_seconds"],
        [{ name: "x", nodes: [{ kind: "wait", duration_seconds: 90.5 }] }, "duration_seconds"],
        [{ name: "x", audience: { kind: "csv_upload" } }, "kind"],
        [{ name: "x", audience: { kind: "event_trigger", attributes: [[], []] } }, "attributes"],
        [{ name: "x", reentry_rules: { duration_seconds: 60 } }, "reentry_rules"],
        [{
          name: "x",
          nodes: [{ kind: "time_window", windows: [{ start: { hour: 24 } }] }]
        }, "windows[0].start"],
        [{ name: "x", nodes: [{ kind: "yes_no", branches: [{ nodes: [{ kind: "wait", duration_seconds: 1 }] }] }] },
          "branches[0].nodes[0].duration_seconds"]
      ]
      for (const [body, mentions] of bad) {
        const error = yield* Effect.flip(Journeys.createJourney(appId, body as Journeys.CreateJourneyRequest))
        expect(error._tag).toBe("InvalidRequest")
        if (error._tag !== "InvalidRequest") continue
        expect(error.route).toBe("/apps/{app_id}/journeys")
        expect(error.issue).toContain(mentions)
      }
      const emptyAppId = yield* Effect.flip(Journeys.createJourney("", { name: "x" }))
      expect(emptyAppId._tag).toBe("InvalidRequest")
      expect(yield* requestCount).toBe(0)
    }).pipe(Effect.provide(mockLayer(() => json(201, realisticJourney)))))

  it.effect("is not retried by default (a POST without an idempotency key); retry opts in", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Journeys.createJourney(appId, { name: "x" }))
      expect(error._tag).toBe("ServerError")
      expect(yield* requestCount).toBe(1)
      const fiber = yield* Effect.fork(Journeys.createJourney(appId, { name: "x" }, { retry: steadyRetry }))
      yield* TestClock.adjust("500 millis")
      const journey = yield* Fiber.join(fiber)
      expect(journey.id).toBe(journeyId)
      expect(yield* requestCount).toBe(3)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["down"] }), json(503, { errors: ["down"] }), json(201, realisticJourney)]))))
})

// -----------------------------------------------------------------------------
// viewJourneys
// -----------------------------------------------------------------------------

describe("viewJourneys", () => {
  it.effect("GETs /apps/{app_id}/journeys with cursor and limit and decodes the page", () =>
    Effect.gen(function*() {
      const page = yield* Journeys.viewJourneys(appId, { cursor: "opaque-cursor-1", limit: 2 })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/journeys`)
      expect(request.query).toEqual({ cursor: "opaque-cursor-1", limit: "2" })
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(page).toBeInstanceOf(Journeys.JourneyListResponse)
      expect(page.has_more).toBe(true)
      expect(page.next_cursor).toBe("opaque-cursor-2")
      expect("total_estimate" in page).toBe(false)
      expect(page.journeys?.[0]).toBeInstanceOf(Journeys.JourneyListItem)
      expect(page.journeys?.[0]?.audience?.kind).toBe("event_trigger")
      expect(page.journeys?.[0]?.schedule).toBeNull()
      expect("tags" in page.journeys![0]!).toBe(false)
      expect(page.journeys?.[1]?.state).toBe("sunsetting")
      expect(page.journeys?.[1]?.audience?.kind).toBe("csv_upload")
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticList)))))

  it.effect("sends no query without options", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const page = yield* onesignal.viewJourneys(appId)
      const request = yield* MockTransport.lastRequest
      expect(request.url).toBe(`https://onesignal.test/apps/${appId}/journeys`)
      expect(page.journeys).toEqual([])
      expect(page.next_cursor).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => json(200, { journeys: [], has_more: false })))))

  it.effect("rejects a limit outside 1 to 50 and an empty cursor locally", () =>
    Effect.gen(function*() {
      for (const options of [{ limit: 51 }, { limit: 0 }, { limit: 2.5 }, { cursor: "" }]) {
        const error = yield* Effect.flip(Journeys.viewJourneys(appId, options))
        expect(error._tag).toBe("InvalidRequest")
      }
      expect(yield* requestCount).toBe(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticList)))))
})

// -----------------------------------------------------------------------------
// viewJourney, viewJourneyStats
// -----------------------------------------------------------------------------

describe("viewJourney", () => {
  it.effect("GETs /apps/{app_id}/journeys/{journey_id} with the id percent-encoded", () =>
    Effect.gen(function*() {
      const journey = yield* Journeys.viewJourney(appId, oddJourneyId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/journeys/${oddJourneyPath}`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(journey).toBeInstanceOf(Journeys.Journey)
      expect(journey.nodes?.[2]?.branches?.[1]?.nodes).toEqual([])
      expect(journey.reentry_rules?.duration_seconds).toBe(86_400)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticJourney)))))

  it.effect("is retried after a 503 (a GET), on the clock", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Journeys.viewJourney(appId, journeyId))
      yield* TestClock.adjust("499 millis")
      expect(yield* requestCount).toBe(1)
      yield* TestClock.adjust("1 millis")
      const journey = yield* Fiber.join(fiber)
      expect(journey.id).toBe(journeyId)
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["busy"] }), json(200, realisticJourney)]))))

  it.effect("an answer that is not a journey fails with ResponseDecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Journeys.viewJourney(appId, journeyId))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: journeyId, nodes: [{ kind: 7 }] })))))
})

describe("viewJourneyStats", () => {
  it.effect("GETs .../journeys/{journey_id}/stats and decodes the counts by node and branch id", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const stats = yield* onesignal.viewJourneyStats(appId, oddJourneyId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/journeys/${oddJourneyPath}/stats`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(stats).toBeInstanceOf(Journeys.JourneyStats)
      expect(stats.started).toBe(120)
      expect(stats.nodes?.[nodeId]).toBeInstanceOf(Journeys.JourneyNodeStats)
      expect(stats.nodes?.[nodeId]?.waiting).toBe(10)
      const message = stats.nodes?.["c0ffee00-0000-4000-8000-000000000002"]
      expect(message?.kind).toBe("send_whatsapp")
      expect(message?.message_stats?.totals).toEqual({ sent: 100, delivered: 97, read: 40 })
      expect("by_day" in message!.message_stats!).toBe(false)
      expect(stats.branches?.["b0000000-0000-4000-8000-000000000001"]).toEqual({ completed: 30 })
      expect("generated_at" in stats).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticStats)))))
})

// -----------------------------------------------------------------------------
// updateJourney, updateJourneyNode
// -----------------------------------------------------------------------------

describe("updateJourney", () => {
  it.effect("PATCHes the merge patch, nulls and state included, to /apps/{app_id}/journeys/{journey_id}", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const patch: Journeys.UpdateJourneyRequest = {
        name: "Welcome series v2",
        description: null,
        schedule: null,
        early_exit: { rules: { on_session: null } },
        nodes: [{ id: nodeId, kind: "wait", duration_seconds: 7200 }, { kind: "send_email", template_id: "t-2" }],
        state: "active",
        concurrency_key: "rev-7"
      }
      const journey = yield* onesignal.updateJourney(appId, oddJourneyId, patch)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`/apps/${appId}/journeys/${oddJourneyPath}`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual(patch)
      expect(journey).toBeInstanceOf(Journeys.Journey)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticJourney)))))

  it.effect("refuses a state it cannot move to (processing) and bad ids locally", () =>
    Effect.gen(function*() {
      const processing = yield* Effect.flip(
        Journeys.updateJourney(appId, journeyId, { state: "processing" } as unknown as Journeys.UpdateJourneyRequest)
      )
      expect(processing._tag).toBe("InvalidRequest")
      if (processing._tag === "InvalidRequest") expect(processing.issue).toContain("state")
      const emptyId = yield* Effect.flip(Journeys.updateJourney(appId, "", { name: "x" }))
      expect(emptyId._tag).toBe("InvalidRequest")
      const dot = yield* Effect.flip(Journeys.updateJourney(appId, "..", { name: "x" }))
      expect(dot._tag).toBe("InvalidRequest")
      expect(yield* requestCount).toBe(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticJourney)))))

  it.effect("a stale concurrency_key (409, coded body) fails with Conflict carrying OneSignal's message and code", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Journeys.updateJourney(appId, journeyId, { name: "x", concurrency_key: "old" }))
      expect(error._tag).toBe("Conflict")
      if (error._tag !== "Conflict") return
      expect(error.status).toBe(409)
      expect(error.errors).toEqual(["The journey changed since it was read."])
      expect(error.details[0]?.code).toBe("conflict")
    }).pipe(Effect.provide(
      scriptLayer([json(409, { errors: [{ code: "conflict", title: "The journey changed since it was read." }] })])
    )))

  it.effect("is not retried by default (a PATCH)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Journeys.updateJourney(appId, journeyId, { name: "x" }))
      expect(error._tag).toBe("ServerError")
      expect(yield* requestCount).toBe(1)
    }).pipe(Effect.provide(scriptLayer([json(500, { errors: ["oops"] })]))))
})

describe("updateJourneyNode", () => {
  it.effect("PATCHes one node to .../journeys/{journey_id}/nodes/{node_id}, both ids percent-encoded", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const patch: Journeys.UpdateJourneyNodeRequest = {
        duration_seconds: 1800,
        annotation: "shorter",
        expiration: null,
        concurrency_key: "rev-7"
      }
      const journey = yield* onesignal.updateJourneyNode(appId, oddJourneyId, oddNodeId, patch)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`/apps/${appId}/journeys/${oddJourneyPath}/nodes/${oddNodePath}`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual(patch)
      expect(journey).toBeInstanceOf(Journeys.Journey)
      expect(journey.nodes?.[0]?.id).toBe(nodeId)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticJourney)))))

  it.effect("checks the node's limits and closed sets locally", () =>
    Effect.gen(function*() {
      const bad: ReadonlyArray<Journeys.UpdateJourneyNodeRequest> = [
        { duration_seconds: 31_556_953 },
        { relative_to: "sunrise" as "last_active_time" },
        { annotation: "a".repeat(1025) },
        { assignments: { ["k".repeat(256)]: "v" } },
        { branches: Array.from({ length: 26 }, () => ({ weight: 1 })) },
        { expiration: { duration_seconds: 10 } }
      ]
      for (const patch of bad) {
        const error = yield* Effect.flip(Journeys.updateJourneyNode(appId, journeyId, nodeId, patch))
        expect(error._tag).toBe("InvalidRequest")
      }
      const emptyNode = yield* Effect.flip(Journeys.updateJourneyNode(appId, journeyId, "", { annotation: "x" }))
      expect(emptyNode._tag).toBe("InvalidRequest")
      expect(yield* requestCount).toBe(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticJourney)))))

  it.effect("an unknown node id (404) fails with NotFound", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Journeys.updateJourneyNode(appId, journeyId, nodeId, { annotation: "x" }))
      expect(error._tag).toBe("NotFound")
      if (error._tag !== "NotFound") return
      expect(error.errors).toEqual(["Node not found"])
    }).pipe(Effect.provide(scriptLayer([json(404, { errors: [{ code: "not_found", title: "Node not found" }] })]))))
})

// -----------------------------------------------------------------------------
// deleteJourney, duplicateJourney
// -----------------------------------------------------------------------------

describe("deleteJourney", () => {
  it.effect("DELETEs /apps/{app_id}/journeys/{journey_id} without a body", () =>
    Effect.gen(function*() {
      const result = yield* Journeys.deleteJourney(appId, oddJourneyId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/apps/${appId}/journeys/${oddJourneyPath}`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result.success).toBe(true)
      expect("deleted_at" in result).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, deleted_at: "2026-03-01T00:00:00Z" })))))

  it.effect("is retried after a 429 (a DELETE), no sooner than Retry-After", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Journeys.deleteJourney(appId, journeyId))
      yield* TestClock.adjust("1999 millis")
      expect(yield* requestCount).toBe(1)
      yield* TestClock.adjust("1 millis")
      expect((yield* Fiber.join(fiber)).success).toBe(true)
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(
      scriptLayer([json(429, { errors: ["slow down"] }, { "Retry-After": "2" }), json(200, { success: true })])
    )))
})

describe("duplicateJourney", () => {
  it.effect("POSTs {} to .../journeys/{journey_id}/duplicate without a body, and decodes the copy", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const copy = yield* onesignal.duplicateJourney(appId, oddJourneyId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/apps/${appId}/journeys/${oddJourneyPath}/duplicate`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({})
      expect(copy).toBeInstanceOf(Journeys.Journey)
      expect(copy.state).toBe("paused")
    }).pipe(Effect.provide(mockLayer(() => json(201, realisticJourney)))))

  it.effect("sends the overrides, and refuses ids in the overriding nodes locally", () =>
    Effect.gen(function*() {
      const overrides: Journeys.DuplicateJourneyOverrides = {
        name: "Welcome series v2",
        description: null,
        nodes: [waitNode]
      }
      yield* Journeys.duplicateJourney(appId, journeyId, new Journeys.DuplicateJourneyRequest({ overrides }))
      expect((yield* MockTransport.lastRequest).body).toEqual({ overrides })
      const withId = yield* Effect.flip(
        Journeys.duplicateJourney(appId, journeyId, { overrides: { nodes: [{ id: nodeId, kind: "wait" }] } })
      )
      expect(withId._tag).toBe("InvalidRequest")
      const longName = yield* Effect.flip(
        Journeys.duplicateJourney(appId, journeyId, { overrides: { name: "n".repeat(301) } })
      )
      expect(longName._tag).toBe("InvalidRequest")
      expect(yield* requestCount).toBe(1)
    }).pipe(Effect.provide(mockLayer(() => json(201, realisticJourney)))))

  it.effect("is not retried by default (a second attempt could make a second copy)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Journeys.duplicateJourney(appId, journeyId))
      expect(error._tag).toBe("TransportError")
      expect(yield* requestCount).toBe(1)
    }).pipe(Effect.provide(scriptLayer([MockTransport.fail("connection reset")]))))
})

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

describe("models", () => {
  it("request models stay strict: an unknown node kind or state does not decode", () => {
    expect(() => Schema.decodeUnknownSync(Journeys.JourneyNodeInput)({ kind: "teleport" })).toThrow()
    expect(() => Schema.decodeUnknownSync(Journeys.UpdateJourneyRequest)({ state: "paused" })).toThrow()
    expect(Schema.decodeUnknownSync(Journeys.JourneyNodeInput)({ kind: "wait" })).toEqual({ kind: "wait" })
  })

  it("response models keep unknown closed-set values, at any depth, and accept nulls", () => {
    const node = Schema.decodeUnknownSync(Journeys.JourneyNode)({
      kind: "loop",
      relative_to: "sunrise",
      windows: null,
      branches: [{ condition: { kind: "lottery", action: null }, nodes: [{ kind: "teleport", branches: null }] }]
    })
    expect(node.kind).toBe("loop")
    expect(node.relative_to).toBe("sunrise")
    expect(node.branches?.[0]?.condition?.kind).toBe("lottery")
    expect(node.branches?.[0]?.nodes?.[0]?.kind).toBe("teleport")
    const audience = Schema.decodeUnknownSync(Journeys.JourneyAudience)({
      kind: "csv_upload",
      attributes: [[{ key: "plan", operator: "matches_regex", value: "pro.*" }]]
    })
    expect(audience.attributes?.[0]?.[0]?.operator).toBe("matches_regex")
  })
})

// -----------------------------------------------------------------------------
// The journey streams, page by page
// -----------------------------------------------------------------------------

const page = (ids: ReadonlyArray<string>, next?: { readonly has_more: boolean; readonly next_cursor?: string }) => ({
  journeys: ids.map((id) => ({ id, name: id, state: "draft" })),
  has_more: next?.has_more ?? false,
  ...(next?.next_cursor === undefined ? {} : { next_cursor: next.next_cursor })
})

const collectIds = <E, R>(stream: Stream.Stream<Journeys.JourneyListItem, E, R>) =>
  Effect.map(Stream.runCollect(stream), (items) => Chunk.toReadonlyArray(items).map((item) => item.id))

describe("Pagination.journeys", () => {
  it.effect("follows next_cursor with the same limit, from the given cursor, until has_more is false", () =>
    Effect.gen(function*() {
      const ids = yield* collectIds(Pagination.journeys(appId, { limit: 2, cursor: "start" }))
      expect(ids).toEqual(["a", "b", "c", "d", "e"])
      const queries = (yield* MockTransport.requests).map((request) => request.query)
      expect(queries).toEqual([
        { cursor: "start", limit: "2" },
        { cursor: "c2", limit: "2" },
        { cursor: "c3", limit: "2" }
      ])
    }).pipe(Effect.provide(scriptLayer([
      json(200, page(["a", "b"], { has_more: true, next_cursor: "c2" })),
      json(200, page(["c", "d"], { has_more: true, next_cursor: "c3" })),
      json(200, page(["e"]))
    ]))))

  it.effect("stops on a cursor it already followed instead of walking in circles", () =>
    Effect.gen(function*() {
      const ids = yield* collectIds(Pagination.journeys(appId))
      expect(ids).toEqual(["a", "b", "c"])
      expect(yield* requestCount).toBe(3)
    }).pipe(Effect.provide(scriptLayer([
      json(200, page(["a"], { has_more: true, next_cursor: "c2" })),
      json(200, page(["b"], { has_more: true, next_cursor: "c3" })),
      json(200, page(["c"], { has_more: true, next_cursor: "c2" }))
    ]))))

  it.effect("stops when has_more comes without a cursor, or with an empty page", () =>
    Effect.gen(function*() {
      const noCursor = yield* collectIds(Pagination.journeys(appId))
      expect(noCursor).toEqual(["a"])
      const empty = yield* collectIds(Pagination.journeys(appId))
      expect(empty).toEqual([])
      expect(yield* requestCount).toBe(2)
    }).pipe(Effect.provide(scriptLayer([
      json(200, page(["a"], { has_more: true })),
      json(200, page([], { has_more: true, next_cursor: "c9" }))
    ]))))

  it.effect("a page that fails ends the stream with its error, after the items before it", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const error = yield* Effect.flip(
        Stream.runForEach(Pagination.journeys(appId), (item) => Effect.sync(() => seen.push(item.id!)))
      )
      expect(seen).toEqual(["a"])
      expect(error._tag).toBe("NotFound")
    }).pipe(Effect.provide(scriptLayer([
      json(200, page(["a"], { has_more: true, next_cursor: "c2" })),
      json(404, { errors: ["gone"] })
    ]))))

  it.effect("journeyPages emits every page the API answered", () =>
    Effect.gen(function*() {
      const pages = yield* Stream.runCollect(Pagination.journeyPages(appId))
      expect(Chunk.toReadonlyArray(pages).map((p) => p.journeys?.length)).toEqual([1, 0])
    }).pipe(Effect.provide(scriptLayer([
      json(200, page(["a"], { has_more: true, next_cursor: "c2" })),
      json(200, page([], { has_more: false }))
    ]))))
})

// -----------------------------------------------------------------------------
// Error statuses
// -----------------------------------------------------------------------------

// Every documented status of every operation, mapped to its tag; 404 is
// declared on every route (each is keyed by an app id, most by a journey id).
const calls = {
  createJourney: Journeys.createJourney(appId, { name: "x" }),
  viewJourneys: Journeys.viewJourneys(appId),
  viewJourney: Journeys.viewJourney(appId, journeyId),
  updateJourney: Journeys.updateJourney(appId, journeyId, { name: "x" }),
  updateJourneyNode: Journeys.updateJourneyNode(appId, journeyId, nodeId, { annotation: "x" }),
  deleteJourney: Journeys.deleteJourney(appId, journeyId),
  viewJourneyStats: Journeys.viewJourneyStats(appId, journeyId),
  duplicateJourney: Journeys.duplicateJourney(appId, journeyId)
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  createJourney: [[400, "BadRequest"], [403, "Unauthorized"], [429, "RateLimited"]],
  viewJourneys: [[400, "BadRequest"], [403, "Unauthorized"], [429, "RateLimited"]],
  viewJourney: [[404, "NotFound"], [429, "RateLimited"]],
  updateJourney: [
    [400, "BadRequest"],
    [403, "Unauthorized"],
    [404, "NotFound"],
    [409, "Conflict"],
    [422, "BadRequest"],
    [429, "RateLimited"]
  ],
  updateJourneyNode: [
    [400, "BadRequest"],
    [403, "Unauthorized"],
    [404, "NotFound"],
    [409, "Conflict"],
    [422, "BadRequest"],
    [429, "RateLimited"]
  ],
  deleteJourney: [[403, "Unauthorized"], [404, "NotFound"], [429, "RateLimited"]],
  viewJourneyStats: [[404, "NotFound"], [429, "RateLimited"]],
  duplicateJourney: [[400, "BadRequest"], [403, "Unauthorized"], [404, "NotFound"], [429, "RateLimited"]]
}

describeErrorStatuses({ calls, documented, common: [...commonStatuses, [404, "NotFound"], [409, "BadRequest"]] })
