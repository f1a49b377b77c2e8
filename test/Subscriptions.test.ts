import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import { GenericSuccessBoolResponse } from "../src/SharedModels.js"
import * as Subscriptions from "../src/Subscriptions.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import {
  appId,
  json,
  mockLayer,
  notificationId,
  orgMockLayer,
  orgSecretKey,
  scriptLayer,
  secretKey
} from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const subscriptionId = "7e4c5b9a-1f60-4d07-9b1a-2e8c8d2cae51"
const subscriptionPath = `/apps/${appId}/subscriptions/${subscriptionId}`

/** Checks what every REST-key request carries: the REST key, never the organization key. */
const expectRestKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
}

/** A created subscription as OneSignal answers it, with nulls and fields this library does not know. */
const realisticSubscription = {
  id: subscriptionId,
  app_id: appId,
  type: "SMS",
  token: "+15550100",
  enabled: true,
  notification_types: 1,
  session_time: 0,
  session_count: 1,
  sdk: null,
  device_model: null,
  device_os: null,
  rooted: false,
  test_type: null,
  app_version: null,
  net_type: null,
  carrier: "T-Mobile",
  web_auth: null,
  web_p256: null,
  created_at: 1700000000
}

describe("createSubscription", () => {
  it.effect("POSTs { subscription } to the user's subscriptions and decodes the SubscriptionBody", () =>
    Effect.gen(function*() {
      const result = yield* Subscriptions.createSubscription(appId, "email", "ann@example.com", {
        subscription: { type: "SMS", token: "+15550100", enabled: true },
        retain_previous_owner: false
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe(`https://onesignal.test/apps/${appId}/users/by/email/ann%40example.com/subscriptions`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({
        subscription: { type: "SMS", token: "+15550100", enabled: true },
        retain_previous_owner: false
      })
      expect(result).toBeInstanceOf(Subscriptions.SubscriptionBody)
      expect(result.subscription).toBeInstanceOf(Subscriptions.Subscription)
      expect(result.subscription?.id).toBe(subscriptionId)
      expect(result.subscription?.type).toBe("SMS")
      expect(result.subscription?.sdk).toBeNull()
      expect(result.subscription?.carrier).toBe("T-Mobile")
      expect("created_at" in result.subscription!).toBe(false)
      expect("a_field_added_next_year" in result).toBe(false)
    }).pipe(Effect.provide(mockLayer(() =>
      json(201, { subscription: realisticSubscription, a_field_added_next_year: 1 })
    ))))

  for (const status of [201, 202]) {
    it.effect(`decodes the same SubscriptionBody from a ${status}`, () =>
      Effect.gen(function*() {
        const result = yield* Subscriptions.createSubscription(appId, "external_id", "user-42", {
          subscription: { type: "Email", token: "ann@example.com" }
        })
        expect(result.subscription?.token).toBe("+15550100")
      }).pipe(Effect.provide(Layer.fresh(scriptLayer([json(status, { subscription: realisticSubscription })])))))
  }

  it.effect("fails with InvalidRequest and sends nothing when the body breaks the schema", () =>
    Effect.gen(function*() {
      const badType = yield* Effect.flip(Subscriptions.createSubscription(appId, "external_id", "user-42", {
        // a typo that TypeScript catches; JavaScript callers and casts reach the runtime check
        subscription: { type: "Sms" as "SMS", token: "+15550100" }
      }))
      expect(badType._tag).toBe("InvalidRequest")
      if (badType._tag !== "InvalidRequest") return
      expect(badType.route).toBe("/apps/{app_id}/users/by/{alias_label}/{alias_id}/subscriptions")
      expect(badType.issue).toContain("type")
      const missing = yield* Effect.flip(
        Subscriptions.createSubscription(appId, "external_id", "user-42", {} as Subscriptions.SubscriptionBodyInput)
      )
      expect(missing._tag).toBe("InvalidRequest")
      const fractional = yield* Effect.flip(Subscriptions.createSubscription(appId, "external_id", "user-42", {
        subscription: { type: "iOSPush", notification_types: 0.5 }
      }))
      expect(fractional._tag).toBe("InvalidRequest")
      const emptyAlias = yield* Effect.flip(
        Subscriptions.createSubscription(appId, "external_id", "", { subscription: { type: "Email" } })
      )
      expect(emptyAlias._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(201, { subscription: realisticSubscription })))))

  it.effect("a 409 (too many subscriptions) fails with Conflict, once (a POST is not retried)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Subscriptions.createSubscription(appId, "external_id", "user-42", {
        subscription: { type: "Email", token: "ann@example.com" }
      }))
      expect(error._tag).toBe("Conflict")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(mockLayer(() => json(409, { errors: ["User has the maximum number of subscriptions"] })))))
})

describe("updateSubscription", () => {
  it.effect("PATCHes { subscription } to /subscriptions/{id} and succeeds with void on an empty answer", () =>
    Effect.gen(function*() {
      const result = yield* Subscriptions.updateSubscription(appId, subscriptionId, {
        subscription: { enabled: false }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(subscriptionPath)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ subscription: { enabled: false } })
      expect(result).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => ({ status: 200 })))))

  it.effect("also succeeds when OneSignal sends a body with a 202", () =>
    Effect.gen(function*() {
      yield* Subscriptions.updateSubscription(appId, subscriptionId, { subscription: { enabled: true } })
      expect((yield* MockTransport.lastRequest).method).toBe("PATCH")
    }).pipe(Effect.provide(mockLayer(() => json(202, { success: true })))))

  it.effect("is not retried by default (a PATCH)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Subscriptions.updateSubscription(appId, subscriptionId, { subscription: { enabled: false } })
      )
      expect(error._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["unavailable"] }), { status: 200 }]))))
})

describe("deleteSubscription", () => {
  it.effect("DELETEs /subscriptions/{id} and succeeds with void on an empty 202", () =>
    Effect.gen(function*() {
      const result = yield* Subscriptions.deleteSubscription(appId, "sub 1/2")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/apps/${appId}/subscriptions/sub%201%2F2`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => ({ status: 202 })))))

  it.effect("is retried by default after a 503 (a DELETE)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Subscriptions.deleteSubscription(appId, subscriptionId))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(yield* MockTransport.requests).toHaveLength(2)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["unavailable"] }), { status: 202 }]))))
})

describe("transferSubscription", () => {
  it.effect("PATCHes { identity } to /subscriptions/{id}/owner and decodes the new owner's aliases", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.transferSubscription(appId, subscriptionId, {
        identity: { external_id: "user-43" }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`${subscriptionPath}/owner`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ identity: { external_id: "user-43" } })
      expect(result).toBeInstanceOf(Subscriptions.UserIdentityBody)
      expect(result.identity).toEqual({ external_id: "user-43", onesignal_id: "os-43" })
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { identity: { external_id: "user-43", onesignal_id: "os-43" }, extra: [1] })
    ))))

  it.effect("accepts a TransferSubscriptionRequestBody instance and rejects a body without identity", () =>
    Effect.gen(function*() {
      yield* Subscriptions.transferSubscription(
        appId,
        subscriptionId,
        new Subscriptions.TransferSubscriptionRequestBody({ identity: { onesignal_id: "os-43" } })
      )
      expect((yield* MockTransport.lastRequest).body).toEqual({ identity: { onesignal_id: "os-43" } })
      const error = yield* Effect.flip(
        Subscriptions.transferSubscription(appId, subscriptionId, {} as Subscriptions.TransferSubscriptionRequestBody)
      )
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(mockLayer(() => json(200, { identity: { onesignal_id: "os-43" } })))))
})

describe("updateSubscriptionByToken", () => {
  it.effect("PATCHes /subscriptions_by_token/{token_type}/{token} with the token percent-encoded", () =>
    Effect.gen(function*() {
      const result = yield* Subscriptions.updateSubscriptionByToken(appId, "Email", "ann@example.com", {
        subscription: { enabled: false }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`/apps/${appId}/subscriptions_by_token/Email/ann%40example.com`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ subscription: { enabled: false } })
      expect(result).toEqual({ queued: true })
    }).pipe(Effect.provide(mockLayer(() => json(202, { queued: true })))))

  it.effect("succeeds with undefined when the 202 has no body", () =>
    Effect.gen(function*() {
      const result = yield* Subscriptions.updateSubscriptionByToken(appId, "SMS", "+15550100", {
        subscription: { enabled: true }
      })
      expect((yield* MockTransport.lastRequest).path).toBe(`/apps/${appId}/subscriptions_by_token/SMS/%2B15550100`)
      expect(result).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => ({ status: 202 })))))
})

describe("unsubscribeEmailWithToken", () => {
  it.effect("POSTs to /notifications/{id}/unsubscribe with the token in the query and no body", () =>
    Effect.gen(function*() {
      const result = yield* Subscriptions.unsubscribeEmailWithToken(appId, notificationId, "tok/en+1=")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/apps/${appId}/notifications/${notificationId}/unsubscribe`)
      expect(request.query).toEqual({ token: "tok/en+1=" })
      expect(request.url).toContain("?token=tok%2Fen%2B1%3D")
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result).toBeInstanceOf(GenericSuccessBoolResponse)
      expect(result?.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(202, { success: true, extra: "x" })))))

  it.effect("decodes the documented { success: \"true\" } as the boolean true, and \"false\" as false", () =>
    Effect.gen(function*() {
      const yes = yield* Subscriptions.unsubscribeEmailWithToken(appId, notificationId, "token-1")
      const no = yield* Subscriptions.unsubscribeEmailWithToken(appId, notificationId, "token-2")
      expect(yes?.success).toBe(true)
      expect(no?.success).toBe(false)
      const odd = yield* Effect.flip(Subscriptions.unsubscribeEmailWithToken(appId, notificationId, "token-3"))
      expect(odd._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(Layer.fresh(scriptLayer([
      json(202, { success: "true" }),
      json(202, { success: "false" }),
      json(202, { success: "yes" })
    ])))))

  it.effect("succeeds with undefined when the 202 has no body", () =>
    Effect.gen(function*() {
      const result = yield* Subscriptions.unsubscribeEmailWithToken(appId, notificationId, "token-1")
      expect(result).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => ({ status: 202 })))))

  it.effect("rejects an empty token locally", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Subscriptions.unsubscribeEmailWithToken(appId, notificationId, ""))
      expect(error._tag).toBe("InvalidRequest")
      if (error._tag !== "InvalidRequest") return
      expect(error.issue).toContain("token")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(202, { success: true })))))
})

describe("services", () => {
  it.effect("the operations are methods of OneSignal, not of OneSignalOrganization", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      for (
        const name of [
          "createSubscription",
          "updateSubscription",
          "deleteSubscription",
          "transferSubscription",
          "updateSubscriptionByToken",
          "unsubscribeEmailWithToken"
        ]
      ) {
        expect(name in organization).toBe(false)
      }
    }).pipe(Effect.provide(orgMockLayer(() => json(200, {})))))

  it.effect("deleteSubscription through the OneSignal service", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* onesignal.deleteSubscription(appId, subscriptionId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(subscriptionPath)
      expectRestKey(request)
    }).pipe(Effect.provide(mockLayer(() => ({ status: 202 })))))
})

// Every documented status of every endpoint (OPERATIONS.md), mapped to its tag.
// 401/403/500/503/422 are common to all endpoints.
const body = { subscription: { enabled: false } }
const calls = {
  createSubscription: Subscriptions.createSubscription(appId, "external_id", "user-42", {
    subscription: { type: "Email", token: "ann@example.com" }
  }),
  updateSubscription: Subscriptions.updateSubscription(appId, subscriptionId, body),
  deleteSubscription: Subscriptions.deleteSubscription(appId, subscriptionId),
  transferSubscription: Subscriptions.transferSubscription(appId, subscriptionId, { identity: { external_id: "u" } }),
  updateSubscriptionByToken: Subscriptions.updateSubscriptionByToken(appId, "Email", "ann@example.com", body),
  unsubscribeEmailWithToken: Subscriptions.unsubscribeEmailWithToken(appId, notificationId, "token-1")
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  createSubscription: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  updateSubscription: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  deleteSubscription: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  transferSubscription: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  updateSubscriptionByToken: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  unsubscribeEmailWithToken: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]]
}

describeErrorStatuses({ calls, documented })
