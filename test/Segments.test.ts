import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { OneSignal } from "../src/OneSignal.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as Segments from "../src/Segments.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { commonStatuses, errorStatusTests } from "./utils/statuses.js"

const segmentId = "d6c5a3e1-9f17-44a1-9d10-7c0e4a2b1c8e"
/** An id with characters that must be percent-encoded in a path segment. */
const oddSegmentId = "seg/1 @beta"
const oddSegmentPath = "seg%2F1%20%40beta"

const filters: ReadonlyArray<Segments.Segment["filters"][number]> = [
  { field: "tag", key: "level", relation: ">", value: "10" },
  { operator: "OR" },
  { field: "last_session", relation: ">", hours_ago: "720" }
]

/** Checks that a request carried the REST key and nothing of the organization key. */
const expectRestKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(Object.values(request.headers).join("\n")).not.toContain(orgSecretKey)
}

/** A `GET /apps/{app_id}/segments/{id}?include_segment_detail=true` answer, with fields this library does not know. */
const realisticSegment = {
  subscriber_count: 1532,
  payload: {
    id: segmentId,
    name: "Level 10+ or lapsed",
    description: null,
    created_at: 1700000000,
    source: "api",
    filters,
    owner_team: "growth"
  },
  computed_at: "2025-03-01T12:00:00Z"
}

/** A `GET /apps/{app_id}/segments` answer, with fields this library does not know and some nulls. */
const realisticSegmentList = {
  total_count: 2,
  offset: 0,
  limit: 300,
  segments: [
    {
      id: "b1c2d3e4-0000-4000-8000-000000000001",
      name: "Subscribed Users",
      created_at: "2023-05-01T10:00:00.000Z",
      updated_at: "2023-05-01T10:00:00.000Z",
      app_id: appId,
      read_only: true,
      is_active: true,
      kind: "default"
    },
    {
      id: segmentId,
      name: "Level 10+ or lapsed",
      created_at: "2025-02-11T08:30:00.000Z",
      updated_at: null,
      app_id: appId,
      read_only: false,
      is_active: null
    }
  ],
  next_page: null
}

describe("createSegment", () => {
  it.effect("POSTs the segment to /apps/{app_id}/segments with the REST key, through the OneSignal service", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const created = yield* onesignal.createSegment(appId, { name: "Level 10+ or lapsed", filters })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe(`https://onesignal.test/apps/${appId}/segments`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({ name: "Level 10+ or lapsed", filters })
      expect(created).toBeInstanceOf(Segments.CreateSegmentSuccessResponse)
      expect(created.success).toBe(true)
      expect(created.id).toBe(segmentId)
      expect("warnings" in created).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(201, { success: true, id: segmentId, warnings: null })))))

  it.effect("accepts a Segment instance and percent-encodes the app id", () =>
    Effect.gen(function*() {
      const segment = new Segments.Segment({ id: segmentId, name: "VIP", filters: [{ field: "tag", key: "vip", relation: "exists" }] })
      yield* Segments.createSegment("app/1 @x", segment)
      const request = yield* MockTransport.lastRequest
      expect(request.path).toBe("/apps/app%2F1%20%40x/segments")
      expect(request.body).toEqual({ id: segmentId, name: "VIP", filters: [{ field: "tag", key: "vip", relation: "exists" }] })
    }).pipe(Effect.provide(mockLayer(() => json(201, { success: true, id: segmentId })))))

  it.effect("fails with InvalidRequest and sends nothing when the segment breaks the schema", () =>
    Effect.gen(function*() {
      const badRelation = yield* Effect.flip(Segments.createSegment(appId, {
        name: "Broken",
        filters: [{ field: "tag", key: "level", relation: "≥" as ">", value: "1" }]
      }))
      expect(badRelation._tag).toBe("InvalidRequest")
      if (badRelation._tag !== "InvalidRequest") return
      expect(badRelation.route).toBe("/apps/{app_id}/segments")
      expect(badRelation.issue).toContain("relation")
      const noFilters = yield* Effect.flip(
        Segments.createSegment(appId, { name: "No filters" } as unknown as Segments.Segment)
      )
      expect(noFilters._tag).toBe("InvalidRequest")
      const emptyName = yield* Effect.flip(Segments.createSegment(appId, { name: "", filters }))
      expect(emptyName._tag).toBe("InvalidRequest")
      const emptyAppId = yield* Effect.flip(Segments.createSegment("", { name: "x", filters }))
      expect(emptyAppId._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(201, { success: true, id: segmentId })))))

  it.effect("a 409 with OneSignal's conflict body fails with Conflict carrying its messages", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Segments.createSegment(appId, { id: segmentId, name: "Dup", filters }))
      expect(error._tag).toBe("Conflict")
      if (error._tag !== "Conflict") return
      expect(error.status).toBe(409)
      expect(error.errors).toEqual(["Segment with this id already exists"])
    }).pipe(Effect.provide(
      scriptLayer([json(409, { success: false, errors: ["Segment with this id already exists"] })])
    )))

  it("exports the 409 body as a lenient model", () => {
    const body = { success: false, errors: ["Segment with this id already exists"], trace: "x" }
    const decoded = Schema.decodeUnknownSync(Segments.CreateSegmentConflictResponse)(body)
    expect(decoded).toBeInstanceOf(Segments.CreateSegmentConflictResponse)
    expect(decoded.errors).toEqual(["Segment with this id already exists"])
    expect("trace" in decoded).toBe(false)
    expect(Schema.decodeUnknownSync(Segments.CreateSegmentConflictResponse)({ success: null }).success).toBeNull()
  })

  it("keeps the 1.2.2 name as a deprecated alias of the same function", () => {
    expect(Segments.createSegments).toBe(Segments.createSegment)
    expect(Segments.deleteSegments).toBe(Segments.deleteSegment)
  })
})

describe("getSegment", () => {
  it.effect("GETs /apps/{app_id}/segments/{segment_id} with include_segment_detail and decodes the details", () =>
    Effect.gen(function*() {
      const result = yield* Segments.getSegment(appId, oddSegmentId, { include_segment_detail: true })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/segments/${oddSegmentPath}`)
      expect(request.query).toEqual({ include_segment_detail: "true" })
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result).toBeInstanceOf(Segments.GetSegmentSuccessResponse)
      expect(result.subscriber_count).toBe(1532)
      expect(result.payload).toBeInstanceOf(Segments.SegmentDetails)
      expect(result.payload?.description).toBeNull()
      expect(result.payload?.created_at).toBe(1700000000)
      expect(result.payload?.filters).toEqual(filters)
      expect("owner_team" in result.payload!).toBe(false)
      expect("computed_at" in result).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticSegment)))))

  it.effect("sends no query without options, and decodes an answer without payload", () =>
    Effect.gen(function*() {
      const result = yield* Segments.getSegment(appId, segmentId)
      const request = yield* MockTransport.lastRequest
      expect(request.url).toBe(`https://onesignal.test/apps/${appId}/segments/${segmentId}`)
      expect(result.subscriber_count).toBe(7)
      expect(result.payload).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => json(200, { subscriber_count: 7 })))))
})

describe("getSegments", () => {
  it.effect("GETs /apps/{app_id}/segments with offset and limit and decodes the page (documented status 201)", () =>
    Effect.gen(function*() {
      const page = yield* Segments.getSegments(appId, { offset: 5, limit: 2 })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/segments`)
      expect(request.query).toEqual({ offset: "5", limit: "2" })
      expectRestKey(request)
      expect(page).toBeInstanceOf(Segments.GetSegmentsSuccessResponse)
      expect(page.total_count).toBe(2)
      expect(page.segments).toHaveLength(2)
      expect(page.segments?.[0]).toBeInstanceOf(Segments.SegmentData)
      expect(page.segments?.[0]?.read_only).toBe(true)
      expect(page.segments?.[1]?.updated_at).toBeNull()
      expect(page.segments?.[1]?.is_active).toBeNull()
      expect("kind" in page.segments![0]!).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(201, realisticSegmentList)))))

  it.effect("rejects a limit over 300 or a negative offset locally", () =>
    Effect.gen(function*() {
      const tooMany = yield* Effect.flip(Segments.getSegments(appId, { limit: 301 }))
      expect(tooMany._tag).toBe("InvalidRequest")
      const negative = yield* Effect.flip(Segments.getSegments(appId, { offset: -1 }))
      expect(negative._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticSegmentList)))))
})

describe("updateSegment", () => {
  it.effect("PATCHes name, description and filters to /apps/{app_id}/segments/{segment_id}", () =>
    Effect.gen(function*() {
      const result = yield* Segments.updateSegment(appId, oddSegmentId, {
        name: "Level 10+",
        description: "",
        filters: [filters[0]!]
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`/apps/${appId}/segments/${oddSegmentPath}`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ name: "Level 10+", description: "", filters: [filters[0]] })
      expect(result).toBeInstanceOf(Segments.UpdateSegmentSuccessResponse)
      expect(result.success).toBe(true)
      expect(result.id).toBe(segmentId)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, id: segmentId, updated_at: 1 })))))

  it.effect("requires a name and at most 200 filter entries", () =>
    Effect.gen(function*() {
      const noName = yield* Effect.flip(
        Segments.updateSegment(appId, segmentId, { filters } as unknown as Segments.UpdateSegmentRequest)
      )
      expect(noName._tag).toBe("InvalidRequest")
      const tooLong = yield* Effect.flip(Segments.updateSegment(appId, segmentId, { name: "x".repeat(129) }))
      expect(tooLong._tag).toBe("InvalidRequest")
      const many = Array.from({ length: 201 }, () => filters[0]!)
      const tooMany = yield* Effect.flip(Segments.updateSegment(appId, segmentId, { name: "x", filters: many }))
      expect(tooMany._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true })))))
})

describe("deleteSegment", () => {
  it.effect("DELETEs /apps/{app_id}/segments/{segment_id} without a body", () =>
    Effect.gen(function*() {
      const result = yield* Segments.deleteSegment(appId, oddSegmentId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/apps/${appId}/segments/${oddSegmentPath}`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, deleted_at: null })))))

  it.effect("the deprecated deleteSegments is the same method on the service", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.deleteSegments(appId, segmentId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/apps/${appId}/segments/${segmentId}`)
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true })))))
})

// Every documented status of every operation, mapped to its tag; 404 is declared
// on every route (all are keyed by an app id, some by a segment id too).
const calls = {
  createSegment: Segments.createSegment(appId, { name: "x", filters }),
  getSegment: Segments.getSegment(appId, segmentId),
  getSegments: Segments.getSegments(appId),
  updateSegment: Segments.updateSegment(appId, segmentId, { name: "x" }),
  deleteSegment: Segments.deleteSegment(appId, segmentId)
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  createSegment: [[400, "BadRequest"], [409, "Conflict"], [429, "RateLimited"]],
  getSegment: [[400, "BadRequest"], [429, "RateLimited"]],
  getSegments: [[400, "BadRequest"], [429, "RateLimited"]],
  updateSegment: [[400, "BadRequest"], [403, "Unauthorized"], [429, "RateLimited"]],
  deleteSegment: [[400, "BadRequest"], [429, "RateLimited"]]
}

describe("error statuses", () => {
  errorStatusTests({ calls, documented, common: [...commonStatuses, [404, "NotFound"]] })

  it.effect("a 409 on an operation without a documented 409 stays a BadRequest", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Segments.getSegment(appId, segmentId))
      expect(error._tag).toBe("BadRequest")
    }).pipe(Effect.provide(
      Layer.fresh(scriptLayer([json(409, { errors: ["conflict"] })], { retry: RetryPolicy.none }))
    )))
})
