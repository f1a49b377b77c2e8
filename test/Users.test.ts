import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as Subscriptions from "../src/Subscriptions.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import * as Users from "../src/Users.js"
import { appId, json, mockLayer, orgMockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const subscriptionId = "7e4c5b9a-1f60-4d07-9b1a-2e8c8d2cae51"
const onesignalId = "1d7b6c8e-3b2a-4f0e-9a1c-5e6d7f8a9b0c"
const usersPath = `/apps/${appId}/users`

/** Checks what every REST-key request carries: the REST key, never the organization key. */
const expectRestKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
}

/** A `GET /users/by/...` answer shaped like OneSignal's, with nulls and fields this library does not know. */
const realisticUser = {
  properties: {
    tags: { plan: "pro", score: "42" },
    language: "de",
    timezone_id: "Europe/Berlin",
    lat: 52.52,
    long: 13.405,
    country: "DE",
    first_active: 1700000000,
    last_active: 1700003600,
    amount_spent: 12.5,
    purchases: [{ sku: "com.example.coins100", amount: "0.99", iso: "EUR", count: 2, store: "play" }],
    ip: null,
    a_property_added_later: true
  },
  identity: { onesignal_id: onesignalId, external_id: "user-42", email: "ann@example.com" },
  subscriptions: [
    {
      id: "sub-email",
      app_id: appId,
      type: "Email",
      token: "ann@example.com",
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
      carrier: null,
      web_auth: null,
      web_p256: null
    },
    {
      id: "sub-ios",
      type: "iOSPush",
      token: "0f3c9a1b2d4e5f60718293a4b5c6d7e8f9012345",
      enabled: true,
      notification_types: 1,
      session_time: 3600,
      session_count: 12,
      sdk: "050200",
      device_model: "iPhone14,2",
      device_os: "17.1",
      rooted: false,
      test_type: 1,
      app_version: "1.0.0",
      net_type: 0,
      carrier: "Verizon"
    },
    { id: "sub-future", type: "SomeFuturePush", enabled: false, notification_types: -2 }
  ],
  a_field_added_next_year: { nested: true }
}

describe("createUser", () => {
  it.effect("POSTs the validated user to /apps/{app_id}/users with the REST key and decodes the User", () =>
    Effect.gen(function*() {
      const user = yield* Users.createUser(appId, {
        identity: { external_id: "user-42" },
        properties: {
          tags: { plan: "pro" },
          language: "de",
          purchases: [{ sku: "com.example.coins100", amount: "0.99", iso: "EUR" }]
        },
        subscriptions: [{ type: "Email", token: "ann@example.com", enabled: true }],
        subscription_options: { retain_previous_owner: true }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe(`https://onesignal.test${usersPath}`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({
        identity: { external_id: "user-42" },
        properties: {
          tags: { plan: "pro" },
          language: "de",
          purchases: [{ sku: "com.example.coins100", amount: "0.99", iso: "EUR" }]
        },
        subscriptions: [{ type: "Email", token: "ann@example.com", enabled: true }],
        subscription_options: { retain_previous_owner: true }
      })
      expect(user).toBeInstanceOf(Users.User)
      expect(user.identity).toEqual({ onesignal_id: onesignalId, external_id: "user-42", email: "ann@example.com" })
    }).pipe(Effect.provide(mockLayer(() => json(201, realisticUser)))))

  for (const status of [200, 201, 202]) {
    it.effect(`decodes the same User from a ${status}`, () =>
      Effect.gen(function*() {
        const user = yield* Users.createUser(appId, { identity: { external_id: "user-42" } })
        expect(user).toBeInstanceOf(Users.User)
        expect(user.identity?.onesignal_id).toBe(onesignalId)
        expect(user.subscriptions?.[0]).toBeInstanceOf(Subscriptions.Subscription)
      }).pipe(Effect.provide(Layer.fresh(scriptLayer([json(status, realisticUser)])))))
  }

  it.effect("fails with InvalidRequest and sends nothing when the user breaks the schema", () =>
    Effect.gen(function*() {
      const badType = yield* Effect.flip(Users.createUser(appId, {
        // a typo that TypeScript catches; JavaScript callers and casts reach the runtime check
        subscriptions: [{ type: "Emial" as "Email", token: "ann@example.com" }]
      }))
      expect(badType._tag).toBe("InvalidRequest")
      if (badType._tag !== "InvalidRequest") return
      expect(badType.route).toBe("/apps/{app_id}/users")
      expect(badType.issue).toContain("type")
      const missingSku = yield* Effect.flip(Users.createUser(appId, {
        properties: { purchases: [{ amount: "0.99", iso: "USD" } as Users.PurchaseInput] }
      }))
      expect(missingSku._tag).toBe("InvalidRequest")
      if (missingSku._tag !== "InvalidRequest") return
      expect(missingSku.issue).toContain("sku")
      const nullLanguage = yield* Effect.flip(
        Users.createUser(appId, { properties: { language: null as unknown as string } })
      )
      expect(nullLanguage._tag).toBe("InvalidRequest")
      const emptyAppId = yield* Effect.flip(Users.createUser("", {}))
      expect(emptyAppId._tag).toBe("InvalidRequest")
      // JSON has no NaN or Infinity: JSON.stringify would send them as null.
      for (const notANumber of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        const nonFinite = yield* Effect.flip(Users.createUser(appId, { properties: { amount_spent: notANumber } }))
        expect(nonFinite._tag).toBe("InvalidRequest")
        if (nonFinite._tag !== "InvalidRequest") return
        expect(nonFinite.issue).toContain("amount_spent")
      }
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(201, realisticUser)))))

  it.effect("a 409 fails with Conflict whose details decode as CreateUserConflictResponse", () =>
    Effect.gen(function*() {
      const conflict = yield* Effect.flip(Users.createUser(appId, {
        identity: { external_id: "user-42", email: "ann@example.com" }
      }))
      expect(conflict._tag).toBe("Conflict")
      if (conflict._tag !== "Conflict") return
      expect(conflict.status).toBe(409)
      expect(conflict.errors).toEqual(["Multiple User Identity Conflict"])
      const body = yield* Schema.decodeUnknown(Users.CreateUserConflictResponse)({ errors: conflict.details })
      expect(body.errors?.[0]?.code).toBe("user-2")
      expect(body.errors?.[0]?.meta?.conflicting_aliases).toEqual({ external_id: "user-42", email: "ann@example.com" })
    }).pipe(Effect.provide(mockLayer(() =>
      json(409, {
        errors: [{
          code: "user-2",
          title: "Multiple User Identity Conflict",
          meta: { conflicting_aliases: { external_id: "user-42", email: "ann@example.com" } }
        }]
      })
    ))))

  it.effect("is not retried by default (a POST without an idempotency key)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Users.createUser(appId, { identity: { external_id: "user-42" } }))
      expect(error._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["unavailable"] }), json(201, realisticUser)]))))
})

describe("getUser", () => {
  it.effect("GETs /apps/{app_id}/users/by/{alias_label}/{alias_id} with the alias id percent-encoded", () =>
    Effect.gen(function*() {
      const user = yield* Users.getUser(appId, "email", "ann@example.com")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/users/by/email/ann%40example.com`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(user).toBeInstanceOf(Users.User)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticUser)))))

  it.effect("decodes a realistic user: nulls, unknown fields and an unknown subscription type", () =>
    Effect.gen(function*() {
      const user = yield* Users.getUser(appId, "external_id", "user-42")
      expect(user.properties).toBeInstanceOf(Users.PropertiesObject)
      expect(user.properties?.tags).toEqual({ plan: "pro", score: "42" })
      expect(user.properties?.lat).toBe(52.52)
      expect(user.properties?.first_active).toBe(1700000000)
      expect(user.properties?.ip).toBeNull()
      expect(user.properties?.purchases?.[0]).toBeInstanceOf(Users.Purchase)
      expect(user.properties?.purchases?.[0]?.count).toBe(2)
      expect("a_property_added_later" in user.properties!).toBe(false)
      expect(user.subscriptions).toHaveLength(3)
      const [email, ios, future] = user.subscriptions!
      expect(email?.type).toBe("Email")
      expect(email?.sdk).toBeNull()
      expect(ios?.type).toBe("iOSPush")
      expect(ios?.device_model).toBe("iPhone14,2")
      expect(ios?.test_type).toBe(1)
      expect(future?.type).toBe("SomeFuturePush")
      expect(future?.notification_types).toBe(-2)
      expect("a_field_added_next_year" in user).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticUser)))))

  it.effect("decodes an answer where OneSignal left everything out or null", () =>
    Effect.gen(function*() {
      const empty = yield* Users.getUser(appId, "onesignal_id", onesignalId)
      expect(empty.properties).toBeUndefined()
      const nulls = yield* Users.getUser(appId, "onesignal_id", onesignalId)
      expect(nulls.properties).toBeNull()
      expect(nulls.subscriptions).toBeNull()
    }).pipe(Effect.provide(
      scriptLayer([json(200, {}), json(200, { properties: null, identity: null, subscriptions: null })])
    )))

  it.effect("fails with ResponseDecodeError when a field has the wrong type", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Users.getUser(appId, "external_id", "user-42"))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(mockLayer(() => json(200, { properties: { lat: "north" } })))))

  it.effect("is a method of the OneSignal service (not of OneSignalOrganization), as is its former name", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const user = yield* onesignal.getUser(appId, "external_id", "a/b c")
      expect(user.identity?.external_id).toBe("user-42")
      yield* onesignal.fetchUser(appId, "external_id", "user-42")
      const [first, second] = yield* MockTransport.requests
      expect(first!.path).toBe(`/apps/${appId}/users/by/external_id/a%2Fb%20c`)
      expect(second!.path).toBe(`/apps/${appId}/users/by/external_id/user-42`)
      expectRestKey(first!)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticUser)))))

  it.effect("is absent from the OneSignalOrganization service", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      expect("getUser" in organization).toBe(false)
      expect("createUser" in organization).toBe(false)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, {})))))
})

describe("updateUser", () => {
  it.effect("PATCHes properties and deltas and decodes the PropertiesBody of the 202", () =>
    Effect.gen(function*() {
      const result = yield* Users.updateUser(appId, "external_id", "user-42", {
        properties: { tags: { plan: "team" }, timezone_id: "Europe/Paris" },
        refresh_device_metadata: true,
        deltas: {
          session_count: 1,
          session_time: 120,
          purchases: [{ sku: "com.example.coins100", amount: "0.99", iso: "USD", count: 1 }]
        }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`${usersPath}/by/external_id/user-42`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({
        properties: { tags: { plan: "team" }, timezone_id: "Europe/Paris" },
        refresh_device_metadata: true,
        deltas: {
          session_count: 1,
          session_time: 120,
          purchases: [{ sku: "com.example.coins100", amount: "0.99", iso: "USD", count: 1 }]
        }
      })
      expect(result).toBeInstanceOf(Users.PropertiesBody)
      expect(result.properties?.tags).toEqual({ plan: "team" })
      expect(result.properties?.language).toBeNull()
    }).pipe(Effect.provide(mockLayer(() =>
      json(202, { properties: { tags: { plan: "team" }, language: null, extra: 1 } })
    ))))

  it.effect("accepts UpdateUserRequest and PropertiesDeltas class instances", () =>
    Effect.gen(function*() {
      const body = new Users.UpdateUserRequest({
        deltas: new Users.PropertiesDeltas({ session_count: 2 })
      })
      yield* Users.updateUser(appId, "external_id", "user-42", body)
      expect((yield* MockTransport.lastRequest).body).toEqual({ deltas: { session_count: 2 } })
    }).pipe(Effect.provide(mockLayer(() => json(202, { properties: {} })))))

  it.effect("rejects a fractional session count locally", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Users.updateUser(appId, "external_id", "user-42", { deltas: { session_count: 1.5 } })
      )
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(202, {})))))

  it.effect("is not retried by default (deltas would be added twice)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Users.updateUser(appId, "external_id", "user-42", { deltas: { session_count: 1 } })
      )
      expect(error._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["unavailable"] }), json(202, {})]))))
})

describe("deleteUser", () => {
  it.effect("DELETEs the user and succeeds with void on an empty 200", () =>
    Effect.gen(function*() {
      const result = yield* Users.deleteUser(appId, "phone_number", "+1 555 0100")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`${usersPath}/by/phone_number/%2B1%20555%200100`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => ({ status: 200 })))))

  it.effect("is retried by default after a 503 (a DELETE)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Users.deleteUser(appId, "external_id", "user-42"))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect(yield* MockTransport.requests).toHaveLength(2)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["unavailable"] }), { status: 200 }]))))
})

describe("aliases", () => {
  it.effect("createAlias PATCHes { identity } to .../identity and decodes the user's aliases", () =>
    Effect.gen(function*() {
      const result = yield* Users.createAlias(appId, "external_id", "user-42", { identity: { crm_id: "c-981" } })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`${usersPath}/by/external_id/user-42/identity`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ identity: { crm_id: "c-981" } })
      expect(result).toBeInstanceOf(Users.UserIdentityBody)
      expect(result.identity).toEqual({ onesignal_id: onesignalId, external_id: "user-42", crm_id: "c-981" })
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { identity: { onesignal_id: onesignalId, external_id: "user-42", crm_id: "c-981" }, other: 1 })
    ))))

  it.effect("createAlias requires identity, with string ids", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.flip(
        Users.createAlias(appId, "external_id", "user-42", {} as Users.UserIdentityBodyInput)
      )
      expect(missing._tag).toBe("InvalidRequest")
      const numeric = yield* Effect.flip(
        Users.createAlias(appId, "external_id", "user-42", { identity: { crm_id: 981 as unknown as string } })
      )
      expect(numeric._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it.effect("createAliasBySubscription PATCHes { identity } to /subscriptions/{id}/user/identity", () =>
    Effect.gen(function*() {
      const result = yield* Users.createAliasBySubscription(appId, subscriptionId, {
        identity: { external_id: "user-42" }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`/apps/${appId}/subscriptions/${subscriptionId}/user/identity`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ identity: { external_id: "user-42" } })
      expect(result.identity?.external_id).toBe("user-42")
    }).pipe(Effect.provide(mockLayer(() => json(200, { identity: { external_id: "user-42" } })))))

  it.effect("deleteAlias DELETEs .../identity/{alias_label_to_delete} and decodes the remaining aliases", () =>
    Effect.gen(function*() {
      const result = yield* Users.deleteAlias(appId, "email", "ann@example.com", "crm id")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`${usersPath}/by/email/ann%40example.com/identity/crm%20id`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result.identity).toEqual({ onesignal_id: onesignalId, email: "ann@example.com" })
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { identity: { onesignal_id: onesignalId, email: "ann@example.com" } })
    ))))

  it.effect("getAliases GETs .../identity and decodes the aliases", () =>
    Effect.gen(function*() {
      const result = yield* Users.getAliases(appId, "onesignal_id", onesignalId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`${usersPath}/by/onesignal_id/${onesignalId}/identity`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(result.identity).toEqual({ onesignal_id: onesignalId, external_id: "user-42" })
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { identity: { onesignal_id: onesignalId, external_id: "user-42" } })
    ))))

  it.effect("getAliasesBySubscription GETs /subscriptions/{id}/user/identity", () =>
    Effect.gen(function*() {
      const result = yield* Users.getAliasesBySubscription(appId, "sub/1")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/subscriptions/sub%2F1/user/identity`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(result.identity).toBeNull()
    }).pipe(Effect.provide(mockLayer(() => json(200, { identity: null })))))

  it("keeps the former operation names as the same endpoints", () => {
    expect(Users.fetchUser).toBe(Users.getUser)
    expect(Users.fetchUserIdentity).toBe(Users.getAliases)
    expect(Users.fetchAliases).toBe(Users.getAliasesBySubscription)
    expect(Users.identifyUserByAlias).toBe(Users.createAlias)
    expect(Users.identifyUserBySubscriptionId).toBe(Users.createAliasBySubscription)
  })

  it("re-exports the identity models of the Subscriptions module", () => {
    expect(Users.UserIdentityBody).toBe(Subscriptions.UserIdentityBody)
    expect(Users.IdentityObject).toBe(Subscriptions.IdentityObject)
  })
})

// Every documented status of every endpoint (OPERATIONS.md), mapped to its tag.
// 401/403/500/503/422 are common to all endpoints.
const calls = {
  createUser: Users.createUser(appId, { identity: { external_id: "user-42" } }),
  getUser: Users.getUser(appId, "external_id", "user-42"),
  updateUser: Users.updateUser(appId, "external_id", "user-42", { properties: { language: "en" } }),
  deleteUser: Users.deleteUser(appId, "external_id", "user-42"),
  createAlias: Users.createAlias(appId, "external_id", "user-42", { identity: { crm_id: "c-1" } }),
  createAliasBySubscription: Users.createAliasBySubscription(appId, subscriptionId, { identity: { crm_id: "c-1" } }),
  deleteAlias: Users.deleteAlias(appId, "external_id", "user-42", "crm_id"),
  getAliases: Users.getAliases(appId, "external_id", "user-42"),
  getAliasesBySubscription: Users.getAliasesBySubscription(appId, subscriptionId)
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  // No user id in the route: an undocumented 404 stays a BadRequest with its status.
  createUser: [[400, "BadRequest"], [404, "BadRequest"], [409, "Conflict"], [429, "RateLimited"]],
  getUser: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  updateUser: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  deleteUser: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  createAlias: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  createAliasBySubscription: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  deleteAlias: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  getAliases: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  getAliasesBySubscription: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]]
}

describeErrorStatuses({ calls, documented })
