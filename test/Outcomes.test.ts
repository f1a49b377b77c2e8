import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { OneSignal } from "../src/OneSignal.js"
import * as Outcomes from "../src/Outcomes.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

/** A `GET /apps/{app_id}/outcomes` answer shaped like OneSignal's, with a field this library does not know. */
const realisticOutcomes = {
  outcomes: [
    { id: "os__click", value: 412, aggregation: "count" },
    { id: "os__session_duration", value: 98231, aggregation: "count" },
    { id: "Purchase", value: 37, aggregation: "sum", currency: "USD" }
  ],
  generated_at: "2025-03-01T12:00:00Z"
}

/** The values of every occurrence of a query parameter, in order. */
const queryAll = (request: MockTransport.RecordedRequest, name: string) => new URL(request.url).searchParams.getAll(name)

describe("getOutcomes", () => {
  it.effect("GETs /apps/{app_id}/outcomes?outcome_names= with the REST key, through the OneSignal service", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const data = yield* onesignal.getOutcomes(appId, "os__click.count,os__session_duration.count")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/outcomes`)
      expect(request.query).toEqual({ outcome_names: "os__click.count,os__session_duration.count" })
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
      expect(Object.values(request.headers).join("\n")).not.toContain(orgSecretKey)
      expect(request.bodyText).toBeUndefined()
      expect(data.outcomes).toHaveLength(3)
      expect(data.outcomes?.[2]).toEqual({ id: "Purchase", value: 37, aggregation: "sum" })
      expect("generated_at" in data).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticOutcomes)))))

  it.effect("joins a list of names with commas, and sends every option under its wire name", () =>
    Effect.gen(function*() {
      yield* Outcomes.getOutcomes("app/1 @x", ["os__click.count", "Purchase.sum"], {
        outcome_names2: ["Sales, Purchase.count", "Refund, Partial.sum"],
        outcome_time_range: "1mo",
        outcome_platforms: [7, 8],
        outcome_attribution: "direct"
      })
      const request = yield* MockTransport.lastRequest
      expect(request.path).toBe("/apps/app%2F1%20%40x/outcomes")
      expect(queryAll(request, "outcome_names")).toEqual(["os__click.count,Purchase.sum"])
      expect(queryAll(request, "outcome_names[]")).toEqual(["Sales, Purchase.count", "Refund, Partial.sum"])
      expect(queryAll(request, "outcome_time_range")).toEqual(["1mo"])
      expect(queryAll(request, "outcome_platforms")).toEqual(["7,8"])
      expect(queryAll(request, "outcome_attribution")).toEqual(["direct"])
      expect(request.url).toContain("outcome_names%5B%5D=Sales%2C+Purchase.count")
    }).pipe(Effect.provide(mockLayer(() => json(200, { outcomes: [] })))))

  it.effect("takes outcome_names2 and outcome_platforms as strings too", () =>
    Effect.gen(function*() {
      yield* Outcomes.getOutcomes(appId, "os__click.count", {
        outcome_names2: "Sales, Purchase.count",
        outcome_platforms: "0,1"
      })
      const request = yield* MockTransport.lastRequest
      expect(request.query).toEqual({
        outcome_names: "os__click.count",
        "outcome_names[]": "Sales, Purchase.count",
        outcome_platforms: "0,1"
      })
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it.effect("decodes null or missing outcomes", () =>
    Effect.gen(function*() {
      const empty = yield* Outcomes.getOutcomes(appId, "os__click.count")
      expect(empty.outcomes).toBeNull()
      const missing = yield* Outcomes.getOutcomes(appId, "os__click.count")
      expect(missing.outcomes).toBeUndefined()
    }).pipe(Effect.provide(scriptLayer([json(200, { outcomes: null }), json(200, {})]))))

  it.effect("fails with InvalidRequest and sends nothing for requests that break the query schema", () =>
    Effect.gen(function*() {
      const commaInList = yield* Effect.flip(Outcomes.getOutcomes(appId, ["os__click.count", "Sales, Purchase.sum"]))
      expect(commaInList._tag).toBe("InvalidRequest")
      if (commaInList._tag !== "InvalidRequest") return
      expect(commaInList.route).toBe("/apps/{app_id}/outcomes")
      expect(commaInList.issue).toContain("outcome_names2")
      const noNames = yield* Effect.flip(Outcomes.getOutcomes(appId, []))
      expect(noNames._tag).toBe("InvalidRequest")
      const emptyNames = yield* Effect.flip(Outcomes.getOutcomes(appId, ""))
      expect(emptyNames._tag).toBe("InvalidRequest")
      const badRange = yield* Effect.flip(
        Outcomes.getOutcomes(appId, "os__click.count", { outcome_time_range: "1w" as "1d" })
      )
      expect(badRange._tag).toBe("InvalidRequest")
      const badAttribution = yield* Effect.flip(
        Outcomes.getOutcomes(appId, "os__click.count", { outcome_attribution: "total" as "direct" })
      )
      expect(badAttribution._tag).toBe("InvalidRequest")
      const badPlatform = yield* Effect.flip(
        Outcomes.getOutcomes(appId, "os__click.count", { outcome_platforms: [1.5] })
      )
      expect(badPlatform._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticOutcomes)))))
})

// Every documented status (200, 400, 429), plus the common ones and the 404 the
// app-keyed route declares.
const statuses: ReadonlyArray<readonly [number, string]> = [
  [400, "BadRequest"],
  [429, "RateLimited"],
  [401, "Unauthorized"],
  [403, "Unauthorized"],
  [404, "NotFound"],
  [500, "ServerError"],
  [422, "BadRequest"]
]

describeErrorStatuses({
  calls: { getOutcomes: Outcomes.getOutcomes(appId, "os__click.count") },
  documented: { getOutcomes: statuses }
})
