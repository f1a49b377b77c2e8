import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as InAppMessages from "../src/InAppMessages.js"
import { OneSignal } from "../src/OneSignal.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const subscriptionId = "1c1b7a4e-6f0a-4c2d-9d7e-3b2f4b1f9e11"

/** A manifest shaped like what the SDKs download, with keys this library does not model. */
const manifest = {
  in_app_messages: [
    {
      id: "a4b3c2d1-0000-4000-8000-000000000001",
      variants: { all: { default: "c0ffee00-0000-4000-8000-000000000002" } },
      triggers: [[{ kind: "session_time", property: "session_time", operator: ">=", value: 30 }]],
      redisplay: { limit: 3, delay: 3600 },
      end_time: null,
      has_liquid: false
    },
    { id: "a4b3c2d1-0000-4000-8000-000000000003", variants: {}, triggers: [] }
  ],
  server_hint: "not part of the spec"
}

describe("getEligibleIams", () => {
  it.effect("GETs /apps/{app_id}/subscriptions/{subscription_id}/iams and keeps each message as sent", () =>
    Effect.gen(function*() {
      const result = yield* InAppMessages.getEligibleIams(appId, subscriptionId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/subscriptions/${subscriptionId}/iams`)
      expect(request.query).toEqual({})
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
      expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
      expect(request.bodyText).toBeUndefined()
      expect(result).toBeInstanceOf(InAppMessages.EligibleIamsResponse)
      expect(result.in_app_messages).toHaveLength(2)
      expect(result.in_app_messages?.[0]).toEqual(manifest.in_app_messages[0])
      expect("server_hint" in result).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, manifest)))))

  it.effect("is a method of the OneSignal service, and percent-encodes the subscription id", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.getEligibleIams(appId, "sub/1 @home")
      const request = yield* MockTransport.lastRequest
      expect(request.path).toBe(`/apps/${appId}/subscriptions/sub%2F1%20%40home/iams`)
      expect(result.in_app_messages).toBeNull()
    }).pipe(Effect.provide(mockLayer(() => json(200, { in_app_messages: null })))))

  it.effect("decodes an answer without the array, and rejects a non-object item", () =>
    Effect.gen(function*() {
      const empty = yield* InAppMessages.getEligibleIams(appId, subscriptionId)
      expect(empty.in_app_messages).toBeUndefined()
      const error = yield* Effect.flip(InAppMessages.getEligibleIams(appId, subscriptionId))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(
      Layer.fresh(scriptLayer([json(200, {}), json(200, { in_app_messages: ["not an object"] })]))
    )))

  it.effect("fails with InvalidRequest and sends nothing for an empty or dot-segment id", () =>
    Effect.gen(function*() {
      const empty = yield* Effect.flip(InAppMessages.getEligibleIams(appId, ""))
      expect(empty._tag).toBe("InvalidRequest")
      const dots = yield* Effect.flip(InAppMessages.getEligibleIams("..", subscriptionId))
      expect(dots._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, manifest)))))
})

// Every documented status (200, 400, 429), plus the statuses every endpoint may answer.
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
  calls: { getEligibleIams: InAppMessages.getEligibleIams(appId, subscriptionId) },
  documented: { getEligibleIams: statuses }
})
