import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as Players from "../src/Players.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgMockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { commonStatuses, errorStatusTests } from "./utils/statuses.js"

const playerId = "1dd608f2-c6a1-11e3-851d-000c2940e62c"
/** An id that needs percent-encoding in a path segment. */
const awkwardId = "user@example.com/42 b"
const awkwardIdEncoded = "user%40example.com%2F42%20b"

/** A device record shaped like OneSignal's answers, with nulls and fields this library does not know. */
const realisticPlayer = {
  id: playerId,
  identifier: "ce777617da7f548fe7a9ab6febb56cf39fba6d382000c0395666288d961ee566",
  session_count: 12,
  language: "en",
  timezone: -28800,
  game_version: "1.4.2",
  device_os: "17.2",
  device_type: 0,
  device_model: "iPhone14,2",
  ad_id: null,
  tags: { level: "10", plan: "free" },
  last_active: 1700000000,
  playtime: 5400,
  amount_spent: 4.98,
  created_at: 1690000000,
  invalid_identifier: false,
  badge_count: 0,
  sdk: "050100",
  test_type: null,
  ip: "203.0.113.7",
  external_user_id: "user-42",
  notification_types: 1,
  rooted: false,
  web_auth: null,
  a_field_added_next_year: { nested: true }
}

/** Asserts the request carried the REST key and not the organization key. */
const expectRestKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
}

describe("getPlayers", () => {
  it.effect("GETs /players with app_id, limit and offset, and decodes a realistic page", () =>
    Effect.gen(function*() {
      const page = yield* Players.getPlayers(appId, { limit: 2, offset: 300 })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe("/players")
      expect(request.query).toEqual({ app_id: appId, limit: "2", offset: "300" })
      expectRestKey(request)
      expect(request.bodyText ?? "").toBe("")
      expect(page).toBeInstanceOf(Players.PlayerSlice)
      expect(page.total_count).toBe(3)
      expect(page.players).toHaveLength(2)
      const [first, second] = page.players ?? []
      expect(first).toBeInstanceOf(Players.PlayerRecord)
      expect(first?.tags).toEqual({ level: "10", plan: "free" })
      expect(first?.ad_id).toBeNull()
      expect(first?.ip).toBe("203.0.113.7")
      expect(first !== undefined && "a_field_added_next_year" in first).toBe(false)
      // a platform code this library does not know, a string amount, nulls everywhere
      expect(second?.device_type).toBe(17)
      expect(second?.amount_spent).toBe("0.0")
      expect(second?.timezone).toBeNull()
      expect(second?.tags).toBeNull()
      expect(second?.session_count).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, {
        total_count: 3,
        offset: 300,
        limit: 2,
        players: [
          realisticPlayer,
          { id: "second", device_type: 17, amount_spent: "0.0", timezone: null, tags: null, identifier: null }
        ],
        next_cursor: "ignored"
      })
    ))))

  it.effect("sends only app_id when no paging is given", () =>
    Effect.gen(function*() {
      yield* Players.getPlayers(appId)
      expect((yield* MockTransport.lastRequest).query).toEqual({ app_id: appId })
    }).pipe(Effect.provide(mockLayer(() => json(200, { total_count: 0, offset: 0, limit: 300, players: [] })))))

  it.effect("rejects a limit outside 1..300, a negative offset and an empty app id locally", () =>
    Effect.gen(function*() {
      const tooMany = yield* Effect.flip(Players.getPlayers(appId, { limit: 301 }))
      expect(tooMany._tag).toBe("InvalidRequest")
      if (tooMany._tag === "InvalidRequest") {
        expect(tooMany.route).toBe("/players")
        expect(tooMany.issue).toContain("limit")
      }
      expect((yield* Effect.flip(Players.getPlayers(appId, { limit: 0 })))._tag).toBe("InvalidRequest")
      expect((yield* Effect.flip(Players.getPlayers(appId, { limit: 2.5 })))._tag).toBe("InvalidRequest")
      expect((yield* Effect.flip(Players.getPlayers(appId, { offset: -1 })))._tag).toBe("InvalidRequest")
      expect((yield* Effect.flip(Players.getPlayers("")))._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
      yield* Players.getPlayers(appId, { limit: 300 })
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))
})

describe("getPlayer", () => {
  it.effect("GETs /players/{id}?app_id=&email_auth_hash= with the id percent-encoded", () =>
    Effect.gen(function*() {
      const player = yield* Players.getPlayer(appId, awkwardId, { email_auth_hash: "a1b2c3" })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe(
        `https://onesignal.test/players/${awkwardIdEncoded}?app_id=${appId}&email_auth_hash=a1b2c3`
      )
      expect(request.query).toEqual({ app_id: appId, email_auth_hash: "a1b2c3" })
      expectRestKey(request)
      expect(player).toBeInstanceOf(Players.PlayerRecord)
      expect(player.id).toBe(playerId)
      expect(player.device_type).toBe(0)
      expect(player.external_user_id).toBe("user-42")
      expect(player.test_type).toBeNull()
      expect(player.amount_spent).toBe(4.98)
      expect(player.last_active).toBe(1700000000)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticPlayer)))))

  it.effect("fails with ResponseDecodeError when a known field has the wrong type", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Players.getPlayer(appId, playerId))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(mockLayer(() => json(200, { ...realisticPlayer, session_count: "twelve" })))))
})

describe("createPlayer", () => {
  it.effect("POSTs the device to /players and decodes the new id", () =>
    Effect.gen(function*() {
      const result = yield* Players.createPlayer({
        app_id: appId,
        device_type: 11,
        identifier: "someone@example.com",
        language: "en",
        timezone: null,
        tags: { plan: "pro", seats: 3, legacy: null },
        amount_spent: 0
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/players")
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({
        app_id: appId,
        device_type: 11,
        identifier: "someone@example.com",
        language: "en",
        timezone: null,
        tags: { plan: "pro", seats: 3, legacy: null },
        amount_spent: 0
      })
      expect(result).toBeInstanceOf(Players.CreatePlayerSuccessResponse)
      expect(result.success).toBe(true)
      expect(result.id).toBe(playerId)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, id: playerId, external_user_id: null })))))

  it.effect("accepts a Player class instance like a plain object", () =>
    Effect.gen(function*() {
      const player = new Players.Player({ app_id: appId, device_type: 1, identifier: "fcm-token", test_type: 1 })
      yield* Players.createPlayer(player)
      expect((yield* MockTransport.lastRequest).body).toEqual({
        app_id: appId,
        device_type: 1,
        identifier: "fcm-token",
        test_type: 1
      })
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, id: playerId })))))

  it.effect("fails with InvalidRequest and sends nothing without device_type or with an unassigned one", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.flip(
        Players.createPlayer({ app_id: appId } as unknown as Players.Player)
      )
      expect(missing._tag).toBe("InvalidRequest")
      if (missing._tag === "InvalidRequest") expect(missing.issue).toContain("device_type")
      const unassigned = yield* Effect.flip(
        Players.createPlayer({ app_id: appId, device_type: 12 as Players.PlayerDeviceType })
      )
      expect(unassigned._tag).toBe("InvalidRequest")
      const nestedTag = yield* Effect.flip(
        Players.createPlayer({
          app_id: appId,
          device_type: 5,
          tags: { nested: { no: "objects" } } as unknown as Players.PlayerTags
        })
      )
      expect(nestedTag._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, id: playerId })))))

  it.effect("is not retried by default (a POST without an idempotency key)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.flip(Players.createPlayer({ app_id: appId, device_type: 1 })))
      yield* TestClock.adjust("1 minute")
      expect((yield* Fiber.join(fiber))._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(mockLayer(() => json(503, { errors: ["unavailable"] })))))
})

describe("updatePlayer", () => {
  it.effect("PUTs the changes to /players/{id} with the id percent-encoded", () =>
    Effect.gen(function*() {
      const result = yield* Players.updatePlayer(awkwardId, {
        app_id: appId,
        language: "es",
        tags: { plan: "" },
        notification_types: -2
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PUT")
      expect(request.path).toBe(`/players/${awkwardIdEncoded}`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ app_id: appId, language: "es", tags: { plan: "" }, notification_types: -2 })
      expect(result).toBeInstanceOf(Players.UpdatePlayerSuccessResponse)
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, unknown: [1] })))))

  it.effect("requires app_id but not device_type", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Players.updatePlayer(playerId, { language: "es" } as unknown as Players.PlayerUpdate)
      )
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
      yield* Players.updatePlayer(playerId, { app_id: appId, game_version: "2.0" })
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true })))))

  it.effect("is retried by default (setting the same state twice is harmless)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Players.updatePlayer(playerId, { app_id: appId, language: "fr" }))
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(fiber)).success).toBe(true)
      expect((yield* MockTransport.requests).map((r) => r.method)).toEqual(["PUT", "PUT"])
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["busy"] }), json(200, { success: true })]))))
})

describe("deletePlayer", () => {
  it.effect("DELETEs /players/{id}?app_id= and is retried by default", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Players.deletePlayer(appId, awkwardId))
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(fiber)
      const requests = yield* MockTransport.requests
      expect(requests.map((r) => r.method)).toEqual(["DELETE", "DELETE"])
      const request = requests[1]!
      expect(request.path).toBe(`/players/${awkwardIdEncoded}`)
      expect(request.query).toEqual({ app_id: appId })
      expectRestKey(request)
      expect(request.bodyText ?? "").toBe("")
      expect(result).toBeInstanceOf(Players.DeletePlayerSuccessResponse)
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(scriptLayer([MockTransport.fail("reset"), json(200, { success: true, extra: "x" })]))))

  it.effect("maps the documented 404 body ({ success: false }) to NotFound", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Players.deletePlayer(appId, playerId))
      expect(error._tag).toBe("NotFound")
    }).pipe(Effect.provide(mockLayer(() => json(404, { success: false })))))
})

describe("updatePlayerTags", () => {
  it.effect("PUTs the tags to /apps/{app_id}/users/{external_user_id}", () =>
    Effect.gen(function*() {
      const result = yield* Players.updatePlayerTags(appId, awkwardId, {
        tags: { rank: "", category: "", class: "my_new_value" }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PUT")
      expect(request.path).toBe(`/apps/${appId}/users/${awkwardIdEncoded}`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({ tags: { rank: "", category: "", class: "my_new_value" } })
      expect(result).toBeInstanceOf(Players.UpdatePlayerTagsSuccessResponse)
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, meta: null })))))

  it.effect("rejects non-string tag values locally", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Players.updatePlayerTags(appId, "user-1", { tags: { level: 3 } } as unknown as Players.UpdatePlayerTagsRequestBody)
      )
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true })))))
})

describe("exportSubscriptions / exportPlayers", () => {
  it.effect("POSTs /players/csv_export?app_id= with the filters and decodes the file URL", () =>
    Effect.gen(function*() {
      const result = yield* Players.exportSubscriptions(appId, {
        extra_fields: ["location", "external_user_id"],
        last_active_since: "1469392779",
        segment_name: "Active Users"
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/players/csv_export")
      expect(request.query).toEqual({ app_id: appId })
      expectRestKey(request)
      expect(request.body).toEqual({
        extra_fields: ["location", "external_user_id"],
        last_active_since: "1469392779",
        segment_name: "Active Users"
      })
      expect(result).toBeInstanceOf(Players.ExportSubscriptionsSuccessResponse)
      expect(result.csv_file_url).toBe("https://onesignal.test/csv_exports/users.csv.gz")
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { csv_file_url: "https://onesignal.test/csv_exports/users.csv.gz", expires: null })
    ))))

  it.effect("sends an empty JSON object when no body is given", () =>
    Effect.gen(function*() {
      yield* Players.exportSubscriptions(appId)
      const request = yield* MockTransport.lastRequest
      expect(request.body).toEqual({})
      expect(request.query).toEqual({ app_id: appId })
    }).pipe(Effect.provide(mockLayer(() => json(200, { csv_file_url: null })))))

  it.effect("exportPlayers is the same endpoint under its 1.2.2 name", () =>
    Effect.gen(function*() {
      expect(Players.exportPlayers).toBe(Players.exportSubscriptions)
      expect(Players.ExportPlayersRequestBody).toBe(Players.ExportSubscriptionsRequestBody)
      expect(Players.ExportPlayersSuccessResponse).toBe(Players.ExportSubscriptionsSuccessResponse)
      const result = yield* Players.exportPlayers(appId, { segment_name: "VIP" })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe("/players/csv_export")
      expect(request.body).toEqual({ segment_name: "VIP" })
      expect(result.csv_file_url).toBe("https://onesignal.test/x.csv.gz")
    }).pipe(Effect.provide(mockLayer(() => json(200, { csv_file_url: "https://onesignal.test/x.csv.gz" })))))

  it.effect("rejects a malformed body locally", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Players.exportSubscriptions(appId, { extra_fields: "ip" } as unknown as Players.ExportSubscriptionsRequestBody)
      )
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))
})

describe("legacy device calls", () => {
  it.effect("createPlayerSession POSTs the session changes to /players/{id}/on_session", () =>
    Effect.gen(function*() {
      const result = yield* Players.createPlayerSession(awkwardId, {
        language: "de",
        game_version: "1.5.0",
        timezone: 3600,
        tags: { last_screen: "checkout" }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/players/${awkwardIdEncoded}/on_session`)
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.body).toEqual({
        language: "de",
        game_version: "1.5.0",
        timezone: 3600,
        tags: { last_screen: "checkout" }
      })
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, id: playerId, later: 1 })))))

  it.effect("createPlayerPurchase POSTs the purchases to /players/{id}/on_purchase", () =>
    Effect.gen(function*() {
      const result = yield* Players.createPlayerPurchase(playerId, {
        purchases: [{ sku: "gems-100", amount: "0.99", iso: "USD" }, { sku: "gems-500", amount: 3.99, iso: "EUR", count: 2 }],
        existing: false
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/players/${playerId}/on_purchase`)
      expectRestKey(request)
      expect(request.body).toEqual({
        purchases: [{ sku: "gems-100", amount: "0.99", iso: "USD" }, { sku: "gems-500", amount: 3.99, iso: "EUR", count: 2 }],
        existing: false
      })
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true })))))

  it.effect("updatePlayerSessionLength POSTs { state: \"ping\", active_time } to /players/{id}/on_focus", () =>
    Effect.gen(function*() {
      const result = yield* Players.updatePlayerSessionLength(playerId, { state: "ping", active_time: 60 })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/players/${playerId}/on_focus`)
      expectRestKey(request)
      expect(request.body).toEqual({ state: "ping", active_time: 60 })
      // lenient: an answer without `success` still decodes
      expect(result.success).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => json(200, { received: true })))))

  it.effect("reject malformed bodies locally and send nothing", () =>
    Effect.gen(function*() {
      const noPurchases = yield* Effect.flip(Players.createPlayerPurchase(playerId, { purchases: [] }))
      expect(noPurchases._tag).toBe("InvalidRequest")
      const noIso = yield* Effect.flip(Players.createPlayerPurchase(playerId, {
        purchases: [{ sku: "x", amount: "1" } as Players.PlayerPurchase]
      }))
      expect(noIso._tag).toBe("InvalidRequest")
      const badState = yield* Effect.flip(
        Players.updatePlayerSessionLength(playerId, { state: "pong" as "ping", active_time: 60 })
      )
      expect(badState._tag).toBe("InvalidRequest")
      const negative = yield* Effect.flip(Players.updatePlayerSessionLength(playerId, { state: "ping", active_time: -5 }))
      expect(negative._tag).toBe("InvalidRequest")
      const badTimezone = yield* Effect.flip(
        Players.createPlayerSession(playerId, { timezone: "UTC" as unknown as number })
      )
      expect(badTimezone._tag).toBe("InvalidRequest")
      const emptyId = yield* Effect.flip(Players.createPlayerSession("", {}))
      expect(emptyId._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true })))))

  const notRetried = {
    createPlayerSession: Players.createPlayerSession(playerId, { language: "en" }),
    createPlayerPurchase: Players.createPlayerPurchase(playerId, { purchases: [{ sku: "s", amount: "1", iso: "USD" }] }),
    updatePlayerSessionLength: Players.updatePlayerSessionLength(playerId, { state: "ping", active_time: 30 })
  }
  for (const [name, call] of Object.entries(notRetried)) {
    it.effect(`${name}: a 503 is not retried by default (a repeat would count twice)`, () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(Effect.flip(call))
        yield* TestClock.adjust("1 minute")
        const error = yield* Fiber.join(fiber)
        expect(error._tag).toBe("ServerError")
        expect(yield* MockTransport.requests).toHaveLength(1)
      }).pipe(Effect.provide(mockLayer(() => json(503, { errors: ["unavailable"] })))))
  }

  it.effect("createPlayerPurchase is retried when the call opts in", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Players.createPlayerPurchase(
        playerId,
        { purchases: [{ sku: "s", amount: "1", iso: "USD" }] },
        { retry: RetryPolicy.make({ jitter: false }) }
      ))
      yield* TestClock.adjust("1 second")
      expect((yield* Fiber.join(fiber)).success).toBe(true)
      expect(yield* MockTransport.requests).toHaveLength(2)
    }).pipe(Effect.provide(scriptLayer([json(503, { errors: ["busy"] }), json(200, { success: true })]))))
})

describe("the services", () => {
  it.effect("every player operation is a method of OneSignal (REST key)", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      for (
        const name of [
          "getPlayers",
          "getPlayer",
          "createPlayer",
          "updatePlayer",
          "deletePlayer",
          "updatePlayerTags",
          "exportSubscriptions",
          "exportPlayers",
          "createPlayerSession",
          "createPlayerPurchase",
          "updatePlayerSessionLength"
        ]
      ) {
        expect(typeof (onesignal as unknown as Record<string, unknown>)[name]).toBe("function")
      }
      const player = yield* onesignal.getPlayer(appId, playerId)
      expect(player.id).toBe(playerId)
      const exported = yield* onesignal.exportPlayers(appId)
      expect(exported.csv_file_url).toBe("https://onesignal.test/p.csv.gz")
      const [get, post] = yield* MockTransport.requests
      expect(get!.path).toBe(`/players/${playerId}`)
      expectRestKey(get!)
      expect(post!.path).toBe("/players/csv_export")
      expectRestKey(post!)
    }).pipe(Effect.provide(mockLayer((request) =>
      request.method === "GET"
        ? json(200, realisticPlayer)
        : json(200, { csv_file_url: "https://onesignal.test/p.csv.gz" })
    ))))

  it.effect("no player operation is a method of OneSignalOrganization", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      expect("getPlayer" in organization).toBe(false)
      expect("exportSubscriptions" in organization).toBe(false)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, {})))))
})

// Every documented status of every operation (OPERATIONS.md), mapped to its
// tag; 404 where the route is keyed by an id; 401/403/5xx common to all.
const calls = {
  getPlayers: Players.getPlayers(appId),
  getPlayer: Players.getPlayer(appId, playerId),
  createPlayer: Players.createPlayer({ app_id: appId, device_type: 1 }),
  updatePlayer: Players.updatePlayer(playerId, { app_id: appId, language: "en" }),
  deletePlayer: Players.deletePlayer(appId, playerId),
  updatePlayerTags: Players.updatePlayerTags(appId, "user-42", { tags: { a: "1" } }),
  exportSubscriptions: Players.exportSubscriptions(appId),
  createPlayerSession: Players.createPlayerSession(playerId, {}),
  createPlayerPurchase: Players.createPlayerPurchase(playerId, { purchases: [{ sku: "s", amount: "1", iso: "USD" }] }),
  updatePlayerSessionLength: Players.updatePlayerSessionLength(playerId, { state: "ping", active_time: 1 })
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  getPlayers: [[400, "BadRequest"], [429, "RateLimited"]],
  getPlayer: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  createPlayer: [[400, "BadRequest"], [409, "Conflict"], [429, "RateLimited"]],
  updatePlayer: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  deletePlayer: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  updatePlayerTags: [[400, "BadRequest"], [404, "NotFound"], [409, "Conflict"], [429, "RateLimited"]],
  exportSubscriptions: [[400, "BadRequest"], [429, "RateLimited"]],
  createPlayerSession: [[400, "BadRequest"], [404, "NotFound"]],
  createPlayerPurchase: [[400, "BadRequest"], [404, "NotFound"]],
  updatePlayerSessionLength: [[400, "BadRequest"], [404, "NotFound"]]
}

describe("error statuses", () => {
  // 404 without a declared NotFound lands in BadRequest with its status
  errorStatusTests({ calls, documented, common: [...commonStatuses, [404, "BadRequest"]] })

  it.effect("a structured 409 body lands in Conflict.details", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Players.createPlayer({ app_id: appId, device_type: 0 }))
      expect(error._tag).toBe("Conflict")
      if (error._tag !== "Conflict") return
      expect(error.errors.join(" ")).toContain("already")
      expect(error.details.length).toBeGreaterThan(0)
    }).pipe(Effect.provide(
      Layer.fresh(scriptLayer([
        json(409, { errors: [{ code: "device-exists", title: "Device already exists", meta: { id: playerId } }] })
      ], { retry: RetryPolicy.none }))
    )))
})
