/**
 * The organization API (apps, API keys, audit logs) and the legacy players
 * API of the client against the in-memory simulator: decoded results, the
 * simulator's state, the typed errors, and the keys (an API key made with
 * `createApiKey` authorizes REST calls until it is deleted or rotated).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Apps from "../src/Apps.js"
import * as AuditLogs from "../src/AuditLogs.js"
import { OneSignal } from "../src/OneSignal.js"
import type * as OneSignalError from "../src/OneSignalError.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as Players from "../src/Players.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, baseUrl, simulatorLayer } from "./utils/simulator.js"

const organizationId = Simulator.defaultOrganizationId
const unknownId = "0badc0de-0000-4000-8000-000000000000"
const otherAppId = "00000000-0000-4000-8000-000000000002"
const otherRestKey = "other-rest-key"
const twoApps: Simulator.SimulatorOptions = {
  apps: [
    { id: appId, restApiKey: Simulator.defaultRestApiKey, name: "Main" },
    { id: otherAppId, restApiKey: otherRestKey, name: "Other" }
  ]
}
/** When the tests' clock starts: a realistic date, so that audit log ranges make sense. */
const startOfTest = Date.parse("2026-02-18T12:00:00Z")

/** Sends one request straight to the simulator's handler and answers its status and JSON body. */
const send = (
  method: string,
  path: string,
  key: string,
  body?: unknown
): Effect.Effect<{ readonly status: number; readonly body: unknown }, never, Simulator.Simulator> =>
  Effect.flatMap(Simulator.Simulator, (simulator) =>
    simulator.handle(MockTransport.makeRecordedRequest({
      method,
      url: `${baseUrl}${path}`,
      headers: { authorization: `Key ${key}`, "content-type": "application/json" },
      bodyText: body === undefined ? undefined : JSON.stringify(body)
    }))).pipe(
      Effect.map((reply) =>
        reply._tag === "Response" ? { status: reply.status, body: reply.body } : { status: -1, body: reply }
      )
    )

/** Sends a notification to a segment of the default app with `key`, straight to the simulator. */
const notifyWith = (key: string, app: string = appId) =>
  send("POST", "/notifications", key, {
    app_id: app,
    included_segments: ["Subscribed Users"],
    contents: { en: "Hello" }
  })

/** The error a call must fail with: its tag, and the HTTP status and messages when it has them. */
const failure = <A, R>(effect: Effect.Effect<A, OneSignalError.OneSignalError, R>) =>
  Effect.map(Effect.flip(effect), (error) => ({
    _tag: error._tag,
    status: "status" in error ? error.status : undefined,
    errors: "errors" in error ? error.errors : []
  }))

const state = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.state)

const auditActions = Effect.map(state, (s) => s.auditLogs.map((record) => record.fields["action"]))

// -----------------------------------------------------------------------------
// Apps
// -----------------------------------------------------------------------------

describe("apps against the simulator", () => {
  it.effect("getApps lists the simulator's apps with their REST keys as basic_auth_key", () =>
    Effect.gen(function*() {
      const apps = yield* (yield* OneSignalOrganization).getApps()
      expect(apps.map((app) => [app.id, app.name, app.basic_auth_key])).toEqual([
        [appId, "Main", Simulator.defaultRestApiKey],
        [otherAppId, "Other", otherRestKey]
      ])
      expect(apps[0]).toBeInstanceOf(Apps.App)
      expect(apps[0]!.organization_id).toBe(organizationId)
      expect(apps[0]!.players).toBe(0)
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("createApp stores an app with a new REST key, and getApp / getApps read it back", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const created = yield* organization.createApp({
        name: "Staging",
        apns_env: "sandbox",
        apns_p8: "c2VjcmV0LXA4LWtleQ==",
        site_name: "Acme"
      })
      expect(created).toBeInstanceOf(Apps.App)
      expect(created.name).toBe("Staging")
      expect(created.apns_env).toBe("sandbox")
      expect(created.site_name).toBe("Acme")
      expect(created.organization_id).toBe(organizationId)
      expect(created.basic_auth_key).toEqual(expect.any(String))
      // The p8 key is stored, never answered.
      expect(created.apns_p8).toBeUndefined()
      expect(created.id).not.toBe(appId)

      const { apps } = yield* state
      const stored = apps.find((app) => app.id === created.id)!
      expect(stored.organizationId).toBe(organizationId)
      expect(stored.restApiKey).toBe(created.basic_auth_key)
      expect(stored.restApiKey).not.toBe(Simulator.defaultRestApiKey)
      expect(stored.fields).toMatchObject({ name: "Staging", apns_p8: "c2VjcmV0LXA4LWtleQ==" })

      const read = yield* organization.getApp(created.id!)
      expect(read.name).toBe("Staging")
      expect(read.created_at).toBe(created.created_at)
      expect((yield* organization.getApps()).map((app) => app.id)).toEqual([appId, created.id])

      // The new app's REST key sends to it, and only to it.
      const sent = yield* notifyWith(created.basic_auth_key!, created.id!)
      expect(sent.status).toBe(200)
      expect((yield* notifyWith(created.basic_auth_key!, appId)).status).toBe(403)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createApp with a blank name or another organization is BadRequest, and nothing is stored", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const blank = yield* failure(organization.createApp({ name: "  " }))
      expect(blank._tag).toBe("BadRequest")
      expect(blank.errors[0]).toContain("name")
      const elsewhere = yield* failure(organization.createApp({ name: "x", organization_id: unknownId }))
      expect(elsewhere._tag).toBe("BadRequest")
      expect(elsewhere.errors[0]).toContain("organization_id")
      // A body the client would refuse to send: no name, a wrongly typed field.
      const raw = yield* send("POST", "/apps", Simulator.defaultOrganizationApiKey, { apns_env: "sandbox" })
      expect(raw.status).toBe(400)
      const badEnv = yield* send("POST", "/apps", Simulator.defaultOrganizationApiKey, { name: "x", apns_env: "dev" })
      expect(badEnv).toEqual({ status: 400, body: { errors: [expect.stringContaining("apns_env")] } })
      expect((yield* state).apps).toHaveLength(1)
      expect((yield* state).auditLogs).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateApp changes only the fields sent and moves updated_at; unknown apps are NotFound", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const organization = yield* OneSignalOrganization
      const created = yield* organization.createApp({ name: "Shop", chrome_web_origin: "https://shop.test" })
      yield* TestClock.adjust("1 hour")
      const updated = yield* organization.updateApp(created.id!, { name: "Acme Shop", gcm_key: "secret-gcm" })
      expect(updated.name).toBe("Acme Shop")
      expect(updated.chrome_web_origin).toBe("https://shop.test")
      expect(updated.gcm_key).toBeUndefined()
      expect(updated.created_at).toBe("2026-02-18T12:00:00.000Z")
      expect(updated.updated_at).toBe("2026-02-18T13:00:00.000Z")
      const stored = (yield* state).apps.find((app) => app.id === created.id)!
      expect(stored.fields).toEqual({
        name: "Acme Shop",
        chrome_web_origin: "https://shop.test",
        gcm_key: "secret-gcm"
      })
      expect((yield* organization.getApp(created.id!)).name).toBe("Acme Shop")

      const missing = yield* failure(organization.getApp(unknownId))
      expect(missing._tag).toBe("NotFound")
      expect(missing.errors).toEqual(["App not found"])
      expect((yield* failure(organization.updateApp(unknownId, { name: "x" })))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("app routes need the organization key: a wrong one or a REST key is Unauthorized", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const error = yield* failure(organization.getApps())
      expect(error._tag).toBe("Unauthorized")
      expect(error.status).toBe(403)
      expect((yield* failure(organization.createApp({ name: "x" })))._tag).toBe("Unauthorized")
      const withRestKey = yield* send("GET", `/apps/${appId}`, Simulator.defaultRestApiKey)
      expect(withRestKey.status).toBe(403)
      expect((yield* state).apps).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer({ organizationKey: "wrong" }))))
})

// -----------------------------------------------------------------------------
// API keys
// -----------------------------------------------------------------------------

describe("API keys against the simulator", () => {
  it.effect("createApiKey answers a token that authorizes REST calls for its app, and viewApiKeys lists it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const organization = yield* OneSignalOrganization
      const created = yield* organization.createApiKey(appId, {
        name: "backend",
        ip_allowlist_mode: "explicit",
        ip_allowlist: ["203.0.113.7"]
      })
      const token = Redacted.value(created.formatted_token!)
      expect(token).toMatch(/^os_v2_app_/)
      expect(token).not.toBe(Simulator.defaultRestApiKey)

      const { apiKeys } = yield* state
      expect(apiKeys).toHaveLength(1)
      expect(apiKeys[0]).toMatchObject({ id: created.token_id, appId, secret: token })

      const listed = yield* organization.viewApiKeys(appId)
      expect(listed.tokens).toHaveLength(1)
      expect(listed.tokens![0]).toMatchObject({
        token_id: created.token_id,
        name: "backend",
        ip_allowlist_mode: "explicit",
        ip_allowlist: ["203.0.113.7"],
        created_at: "2026-02-18T12:00:00.000Z",
        updated_at: "2026-02-18T12:00:00.000Z"
      })
      expect(JSON.stringify(listed)).not.toContain(token)
      expect((yield* organization.viewApiKeys(otherAppId)).tokens).toEqual([])

      // The token sends a notification for its app, not for another one.
      const sent = yield* notifyWith(token)
      expect(sent.status).toBe(200)
      expect((yield* Simulator.notifications(appId))).toHaveLength(1)
      expect((yield* notifyWith(token, otherAppId)).status).toBe(403)
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("updateApiKey changes the settings; explicit mode without addresses is BadRequest", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const organization = yield* OneSignalOrganization
      const { token_id } = yield* organization.createApiKey(appId, { name: "ci" })
      yield* TestClock.adjust("1 minute")
      const answer = yield* organization.updateApiKey(appId, token_id!, { name: "ci-eu", ip_allowlist: ["10.0.0.0/8"] })
      expect(answer).toMatchObject({ token_id, name: "ci-eu", ip_allowlist: ["10.0.0.0/8"] })
      const [listed] = (yield* organization.viewApiKeys(appId)).tokens!
      expect(listed!.name).toBe("ci-eu")
      expect(listed!.ip_allowlist_mode).toBe("disabled")
      expect(listed!.updated_at).toBe("2026-02-18T12:01:00.000Z")
      expect((yield* state).apiKeys[0]!.fields).toEqual({
        name: "ci-eu",
        ip_allowlist_mode: "disabled",
        ip_allowlist: ["10.0.0.0/8"]
      })

      const bad = yield* failure(
        organization.updateApiKey(appId, token_id!, { ip_allowlist_mode: "explicit", ip_allowlist: [] })
      )
      expect(bad._tag).toBe("BadRequest")
      expect(bad.errors[0]).toContain("ip_allowlist")
      expect((yield* state).apiKeys[0]!.fields["ip_allowlist_mode"]).toBe("disabled")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("rotateApiKey issues a new token: the old one is refused with 403, the new one works", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const created = yield* organization.createApiKey(appId, { name: "rotating" })
      const oldToken = Redacted.value(created.formatted_token!)
      const rotated = yield* organization.rotateApiKey(appId, created.token_id!)
      const newToken = Redacted.value(rotated.formatted_token!)
      expect(rotated.token_id).toBe(created.token_id)
      expect(newToken).not.toBe(oldToken)
      expect((yield* state).apiKeys[0]!.secret).toBe(newToken)
      expect((yield* notifyWith(oldToken)).status).toBe(403)
      expect((yield* notifyWith(newToken)).status).toBe(200)
      expect((yield* organization.viewApiKeys(appId)).tokens![0]!.name).toBe("rotating")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("deleteApiKey removes the key: its token gets 403, and the key is then NotFound", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const created = yield* organization.createApiKey(appId, { name: "short-lived" })
      const token = Redacted.value(created.formatted_token!)
      expect((yield* notifyWith(token)).status).toBe(200)
      const deleted = yield* organization.deleteApiKey(appId, created.token_id!)
      expect(deleted).toEqual({ success: true })
      expect((yield* state).apiKeys).toEqual([])
      expect((yield* organization.viewApiKeys(appId)).tokens).toEqual([])
      expect((yield* notifyWith(token)).status).toBe(403)

      const again = yield* failure(organization.deleteApiKey(appId, created.token_id!))
      expect(again._tag).toBe("NotFound")
      expect(again.errors).toEqual(["API key not found"])
      expect((yield* failure(organization.rotateApiKey(appId, unknownId)))._tag).toBe("NotFound")
      expect((yield* failure(organization.updateApiKey(appId, unknownId, { name: "x" })))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a key is found only under its own app; unknown apps are NotFound", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const { token_id } = yield* organization.createApiKey(appId, { name: "main" })
      const elsewhere = yield* failure(organization.rotateApiKey(otherAppId, token_id!))
      expect(elsewhere._tag).toBe("NotFound")
      const calls: ReadonlyArray<Effect.Effect<unknown, OneSignalError.OneSignalError>> = [
        organization.viewApiKeys(unknownId),
        organization.createApiKey(unknownId, { name: "x" }),
        organization.deleteApiKey(unknownId, token_id!)
      ]
      for (const call of calls) {
        const error = yield* failure(call)
        expect(error._tag).toBe("NotFound")
        expect(error.errors).toEqual(["App not found"])
      }
      expect((yield* state).apiKeys).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("API key routes need the organization key", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      expect((yield* failure(organization.createApiKey(appId, { name: "x" })))._tag).toBe("Unauthorized")
      expect((yield* failure(organization.viewApiKeys(appId)))._tag).toBe("Unauthorized")
      expect((yield* state).apiKeys).toEqual([])
    }).pipe(Effect.provide(simulatorLayer({ organizationKey: Simulator.defaultRestApiKey }))))
})

// -----------------------------------------------------------------------------
// Audit logs
// -----------------------------------------------------------------------------

/** Makes one app and one key, and changes, rotates and deletes the key: six audited writes. */
const sixAuditedWrites = Effect.gen(function*() {
  const organization = yield* OneSignalOrganization
  const app = yield* organization.createApp({ name: "Audited" })
  yield* TestClock.adjust("1 second")
  yield* organization.updateApp(app.id!, { name: "Audited app", apns_p12_password: "hunter2" })
  yield* TestClock.adjust("1 second")
  const key = yield* organization.createApiKey(app.id!, { name: "audited-key" })
  yield* TestClock.adjust("1 second")
  yield* organization.updateApiKey(app.id!, key.token_id!, { name: "audited-key-2" })
  yield* TestClock.adjust("1 second")
  const rotated = yield* organization.rotateApiKey(app.id!, key.token_id!)
  yield* TestClock.adjust("1 second")
  yield* organization.deleteApiKey(app.id!, key.token_id!)
  return {
    appId: app.id!,
    tokenId: key.token_id!,
    secrets: [app.basic_auth_key!, Redacted.value(key.formatted_token!), Redacted.value(rotated.formatted_token!)]
  }
})

describe("audit logs against the simulator", () => {
  it.effect("every organization write is audited, oldest first, without any secret", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const written = yield* sixAuditedWrites
      expect(yield* auditActions).toEqual([
        "app.created",
        "app.updated",
        "api_key.created",
        "api_key.updated",
        "api_key.rotated",
        "api_key.deleted"
      ])

      const organization = yield* OneSignalOrganization
      const page = yield* organization.listAuditLogs(organizationId, { start_time: new Date(startOfTest) })
      expect(page).toBeInstanceOf(AuditLogs.ListAuditLogsSuccessResponse)
      expect(page.has_more).toBe(false)
      expect(page.next_cursor).toBeUndefined()
      const events = page.audit_logs!
      expect(events.map((event) => event.action)).toEqual([
        "app.created",
        "app.updated",
        "api_key.created",
        "api_key.updated",
        "api_key.rotated",
        "api_key.deleted"
      ])
      expect(events[0]).toBeInstanceOf(AuditLogs.AuditLogEvent)
      expect(events[0]).toMatchObject({
        organization_id: organizationId,
        app_id: written.appId,
        occurred_at: "2026-02-18T12:00:00Z",
        version: 1,
        actor: { type: "api_key" },
        targets: [{ type: "app", id: written.appId, name: "Audited" }]
      })
      expect(events[1]!.metadata).toEqual({ changed_fields: ["name", "apns_p12_password"] })
      expect(events[5]!.occurred_at).toBe("2026-02-18T12:00:05Z")
      expect(events[5]!.targets).toEqual([{ type: "api_key", id: written.tokenId, name: "audited-key-2" }])
      expect(new Set(events.map((event) => event.id)).size).toBe(6)

      const everything = JSON.stringify([(yield* state).auditLogs, page])
      for (const secret of [...written.secrets, "hunter2"]) expect(everything).not.toContain(secret)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("listAuditLogs pages with next_cursor and filters by action, target type, app and time", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const written = yield* sixAuditedWrites
      const organization = yield* OneSignalOrganization

      const first = yield* organization.listAuditLogs(organizationId, { start_time: new Date(startOfTest), limit: 4 })
      expect(first.audit_logs!.map((event) => event.action)).toEqual([
        "app.created",
        "app.updated",
        "api_key.created",
        "api_key.updated"
      ])
      expect(first.has_more).toBe(true)
      const second = yield* organization.listAuditLogs(organizationId, { cursor: first.next_cursor!, limit: 4 })
      expect(second.audit_logs!.map((event) => event.action)).toEqual(["api_key.rotated", "api_key.deleted"])
      expect(second.has_more).toBe(false)
      expect(second.next_cursor).toBeUndefined()

      const keysOnly = yield* organization.listAuditLogs(organizationId, {
        start_time: new Date(startOfTest),
        target_types: ["api_key"],
        actions: ["api_key.created", "api_key.deleted", "app.created"]
      })
      expect(keysOnly.audit_logs!.map((event) => event.action)).toEqual(["api_key.created", "api_key.deleted"])
      const byApp = yield* organization.listAuditLogs(organizationId, {
        start_time: new Date(startOfTest),
        app_ids: [appId]
      })
      expect(byApp.audit_logs).toEqual([])
      const ofWrittenApp = yield* organization.listAuditLogs(organizationId, {
        start_time: new Date(startOfTest),
        app_ids: [written.appId, appId],
        target_ids: [written.tokenId]
      })
      expect(ofWrittenApp.audit_logs).toHaveLength(4)
      const window = yield* organization.listAuditLogs(organizationId, {
        start_time: "2026-02-18T12:00:01Z",
        end_time: "2026-02-18T12:00:02Z"
      })
      expect(window.audit_logs!.map((event) => event.action)).toEqual(["app.updated", "api_key.created"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("another organization is NotFound; a range out of bounds or a foreign cursor is BadRequest", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const organization = yield* OneSignalOrganization
      const other = yield* failure(organization.listAuditLogs(unknownId, { start_time: new Date(startOfTest) }))
      expect(other._tag).toBe("NotFound")
      const old = yield* failure(organization.listAuditLogs(organizationId, { start_time: "2025-01-01T00:00:00Z" }))
      expect(old._tag).toBe("BadRequest")
      expect(old.errors[0]).toContain("90 days")
      const backwards = yield* failure(organization.listAuditLogs(organizationId, {
        start_time: "2026-02-18T11:00:00Z",
        end_time: "2026-02-18T10:00:00Z"
      }))
      expect(backwards._tag).toBe("BadRequest")
      const cursor = yield* failure(organization.listAuditLogs(organizationId, { cursor: "not-a-cursor" }))
      expect(cursor._tag).toBe("BadRequest")
      expect(cursor.errors[0]).toContain("cursor")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("listAuditLogs needs the organization key", () =>
    Effect.gen(function*() {
      const error = yield* failure(
        (yield* OneSignalOrganization).listAuditLogs(organizationId, { start_time: new Date(0) })
      )
      expect(error._tag).toBe("Unauthorized")
      expect(error.status).toBe(403)
    }).pipe(Effect.provide(simulatorLayer({ organizationKey: "wrong" }))))
})

// -----------------------------------------------------------------------------
// Players
// -----------------------------------------------------------------------------

const iosToken = "ce777617da7f548fe7a9ab6febb56cf39fba6d382000c0395666288d961ee566"

const iosPlayer = (extra: Partial<Players.Player> = {}): Players.Player => ({
  app_id: appId,
  device_type: 0,
  identifier: iosToken,
  language: "en",
  timezone: -28800,
  game_version: "1.4.2",
  device_model: "iPhone14,2",
  device_os: "17.2",
  tags: { level: "10", plan: "free" },
  ...extra
})

/** A user with a push subscription, made with the user model (as `Simulator.addUser` does). */
const seededUser: Simulator.SimulatorUser = {
  aliases: { external_id: "user-42" },
  onesignalId: "aaaaaaaa-0000-4000-8000-000000000042",
  properties: { tags: { vip: "yes" }, language: "fr" },
  subscriptions: [{ id: "ffffffff-0000-4000-8000-000000000001", type: "AndroidPush", token: "fcm-token-1" }]
}

describe("players against the simulator", () => {
  it.effect("createPlayer registers a subscription, and getPlayer reads the device back", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const onesignal = yield* OneSignal
      const created = yield* onesignal.createPlayer(iosPlayer({ external_user_id: "legacy-1", test_type: 1 }))
      expect(created.success).toBe(true)

      const [subscription] = (yield* state).subscriptions
      expect(subscription).toMatchObject({
        id: created.id,
        appId,
        onesignalId: undefined,
        type: "iOSPush",
        token: iosToken,
        enabled: true
      })
      expect(subscription!.fields).toMatchObject({ device_type: 0, language: "en", external_user_id: "legacy-1" })

      const player = yield* onesignal.getPlayer(appId, created.id!)
      expect(player).toBeInstanceOf(Players.PlayerRecord)
      expect(player).toMatchObject({
        id: created.id,
        app_id: appId,
        device_type: 0,
        identifier: iosToken,
        invalid_identifier: false,
        notification_types: 1,
        language: "en",
        timezone: -28800,
        game_version: "1.4.2",
        device_model: "iPhone14,2",
        device_os: "17.2",
        test_type: 1,
        tags: { level: "10", plan: "free" },
        external_user_id: "legacy-1",
        session_count: 1,
        amount_spent: 0,
        playtime: 0,
        created_at: startOfTest / 1000,
        last_active: startOfTest / 1000
      })

      // The same identifier updates the device instead of adding one.
      const again = yield* onesignal.createPlayer(iosPlayer({ language: "de" }))
      expect(again.id).toBe(created.id)
      expect((yield* state).subscriptions).toHaveLength(1)
      expect((yield* onesignal.getPlayer(appId, created.id!)).language).toBe("de")

      // Email and SMS records become Email and SMS subscriptions.
      const email = yield* onesignal.createPlayer({ app_id: appId, device_type: 11, identifier: "a@example.com" })
      const sms = yield* onesignal.createPlayer({ app_id: appId, device_type: 14, identifier: "+15555550100" })
      const byId = new Map((yield* state).subscriptions.map((s) => [s.id, s]))
      expect(byId.get(email.id!)).toMatchObject({ type: "Email", token: "a@example.com" })
      expect(byId.get(sms.id!)).toMatchObject({ type: "SMS", token: "+15555550100" })
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createPlayer checks the body: a bad device type or field is 400; an unknown app is BadRequest", () =>
    Effect.gen(function*() {
      const noType = yield* send("POST", "/players", Simulator.defaultRestApiKey, { app_id: appId })
      expect(noType).toEqual({ status: 400, body: { errors: [expect.stringContaining("device_type")] } })
      const badType = yield* send("POST", "/players", Simulator.defaultRestApiKey, { app_id: appId, device_type: 12 })
      expect(badType.status).toBe(400)
      const badTimezone = yield* send("POST", "/players", Simulator.defaultRestApiKey, {
        app_id: appId,
        device_type: 1,
        timezone: "UTC"
      })
      expect(badTimezone).toEqual({ status: 400, body: { errors: ["timezone must be an integer or null."] } })
      const unknownApp = yield* failure((yield* OneSignal).createPlayer(iosPlayer({ app_id: unknownId })))
      expect(unknownApp._tag).toBe("BadRequest")
      expect((yield* state).subscriptions).toEqual([])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getPlayers pages by id with total_count, and shows user-model subscriptions as players", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ids = [seededUser.subscriptions![0]!.id!]
      for (const n of [1, 2, 3]) {
        ids.push((yield* onesignal.createPlayer(iosPlayer({ identifier: `token-${n}` }))).id!)
      }
      ids.sort()
      const first = yield* onesignal.getPlayers(appId, { limit: 3 })
      expect(first).toBeInstanceOf(Players.PlayerSlice)
      expect(first.total_count).toBe(4)
      expect(first.limit).toBe(3)
      expect(first.offset).toBe(0)
      expect(first.players!.map((p) => p.id)).toEqual(ids.slice(0, 3))
      const second = yield* onesignal.getPlayers(appId, { limit: 3, offset: 3 })
      expect(second.players!.map((p) => p.id)).toEqual(ids.slice(3))
      expect((yield* onesignal.getPlayers(appId)).limit).toBe(300)

      const fromUser = yield* onesignal.getPlayer(appId, seededUser.subscriptions![0]!.id!)
      expect(fromUser).toMatchObject({
        device_type: 1,
        identifier: "fcm-token-1",
        external_user_id: "user-42",
        tags: { vip: "yes" },
        language: "fr"
      })
      const other = yield* send("GET", `/players?app_id=${otherAppId}`, otherRestKey)
      expect(other).toEqual({ status: 200, body: { total_count: 0, offset: 0, limit: 300, players: [] } })
    }).pipe(Effect.provide(simulatorLayer({ simulator: { ...twoApps, users: [seededUser] } }))))

  it.effect("updatePlayer changes the fields sent: tags merge, \"\" deletes, -2 sets invalid_identifier", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { id } = yield* onesignal.createPlayer(iosPlayer())
      const result = yield* onesignal.updatePlayer(id!, {
        app_id: appId,
        identifier: "new-token",
        tags: { level: "11", plan: "", coins: 40 },
        notification_types: -2,
        amount_spent: "1.50"
      })
      expect(result.success).toBe(true)
      const player = yield* onesignal.getPlayer(appId, id!)
      expect(player).toMatchObject({
        identifier: "new-token",
        tags: { level: "11", coins: "40" },
        invalid_identifier: true,
        notification_types: -2,
        amount_spent: 1.5,
        language: "en"
      })
      expect((yield* state).subscriptions[0]).toMatchObject({ token: "new-token", enabled: false })

      const missing = yield* failure(onesignal.updatePlayer(unknownId, { app_id: appId, language: "fr" }))
      expect(missing._tag).toBe("NotFound")
      expect(missing.errors).toEqual(["Player not found"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updatePlayer's external_user_id on a user's subscription is its alias; another user's is Conflict", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* Simulator.addUser({ aliases: { external_id: "taken" } })
      const subscriptionId = seededUser.subscriptions![0]!.id!
      const conflict = yield* failure(
        onesignal.updatePlayer(subscriptionId, { app_id: appId, external_user_id: "taken", tags: { tier: "x" } })
      )
      expect(conflict._tag).toBe("Conflict")
      // The rejected request changed nothing.
      expect((yield* onesignal.getPlayer(appId, subscriptionId)).tags).toEqual({ vip: "yes" })
      yield* onesignal.updatePlayer(subscriptionId, {
        app_id: appId,
        external_user_id: "user-43",
        tags: { tier: "gold" }
      })
      const user = (yield* state).users.find((u) => u.onesignalId === seededUser.onesignalId)!
      expect(user.aliases).toEqual({ external_id: "user-43" })
      expect(user.properties["tags"]).toEqual({ vip: "yes", tier: "gold" })
      expect((yield* onesignal.getPlayer(appId, subscriptionId)).external_user_id).toBe("user-43")
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: [seededUser] } }))))

  it.effect("deletePlayer removes the subscription; an unknown or deleted player is NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { id } = yield* onesignal.createPlayer(iosPlayer())
      const result = yield* onesignal.deletePlayer(appId, id!)
      expect(result.success).toBe(true)
      expect((yield* state).subscriptions).toEqual([])
      expect((yield* failure(onesignal.getPlayer(appId, id!)))._tag).toBe("NotFound")
      const again = yield* failure(onesignal.deletePlayer(appId, id!))
      expect(again._tag).toBe("NotFound")
      expect(again.status).toBe(404)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updatePlayerTags sets tags on every device and user with the external user id", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const legacy = yield* onesignal.createPlayer(iosPlayer({ external_user_id: "user-42" }))
      const bystander = yield* onesignal.createPlayer(iosPlayer({ identifier: "t-2", external_user_id: "user-7" }))
      const result = yield* onesignal.updatePlayerTags(appId, "user-42", { tags: { level: "", vip: "no", new: "1" } })
      expect(result.success).toBe(true)
      expect((yield* onesignal.getPlayer(appId, legacy.id!)).tags).toEqual({ plan: "free", vip: "no", new: "1" })
      expect((yield* onesignal.getPlayer(appId, bystander.id!)).tags).toEqual({ level: "10", plan: "free" })
      const user = (yield* state).users[0]!
      expect(user.properties["tags"]).toEqual({ vip: "no", new: "1" })
      const linked = yield* onesignal.getPlayer(appId, seededUser.subscriptions![0]!.id!)
      expect(linked.tags).toEqual({ vip: "no", new: "1" })

      const missing = yield* failure(onesignal.updatePlayerTags(appId, "nobody", { tags: { a: "1" } }))
      expect(missing._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: [seededUser] } }))))

  it.effect("exportSubscriptions / exportPlayers answer a CSV URL on the simulator's origin", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const first = yield* onesignal.exportSubscriptions(appId, { extra_fields: ["country"], segment_name: "Active" })
      expect(first.csv_file_url).toMatch(new RegExp(`^${baseUrl}/exports/players-[0-9a-f-]{36}\\.csv\\.gz$`))
      const second = yield* Players.exportPlayers(appId)
      expect(second.csv_file_url).not.toBe(first.csv_file_url)
      const [request] = yield* Simulator.requests
      expect(request!.query).toEqual({ app_id: appId })
      const badSince = yield* failure(onesignal.exportSubscriptions(appId, { last_active_since: "yesterday" }))
      expect(badSince._tag).toBe("BadRequest")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("on_session counts a session, on_purchase adds to amount_spent, on_focus adds playtime", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(startOfTest)
      const onesignal = yield* OneSignal
      const { id } = yield* onesignal.createPlayer(iosPlayer())
      yield* TestClock.adjust("1 hour")

      const session = yield* onesignal.createPlayerSession(id!, { game_version: "1.5.0", tags: { level: "12" } })
      expect(session.success).toBe(true)
      const purchase = yield* onesignal.createPlayerPurchase(id!, {
        purchases: [{ sku: "coins-100", amount: "0.99", iso: "USD" }, { sku: "skin", amount: 4, iso: "USD" }]
      })
      expect(purchase.success).toBe(true)
      const focus = yield* onesignal.updatePlayerSessionLength(id!, { state: "ping", active_time: 60 })
      expect(focus.success).toBe(true)
      yield* onesignal.updatePlayerSessionLength(id!, { state: "ping", active_time: 30 })

      const player = yield* onesignal.getPlayer(appId, id!)
      expect(player).toMatchObject({
        session_count: 2,
        last_active: startOfTest / 1000 + 3600,
        created_at: startOfTest / 1000,
        game_version: "1.5.0",
        tags: { level: "12", plan: "free" },
        amount_spent: 4.99,
        playtime: 90
      })
      expect((yield* state).subscriptions[0]!.fields).toMatchObject({ session_count: 2, playtime: 90 })

      const missing = yield* failure(onesignal.createPlayerSession(unknownId, {}))
      expect(missing._tag).toBe("NotFound")
      expect((yield* failure(onesignal.updatePlayerSessionLength(unknownId, { state: "ping", active_time: 1 }))))
        .toMatchObject({ _tag: "NotFound" })
      const badPing = yield* send("POST", `/players/${id}/on_focus`, Simulator.defaultRestApiKey, {
        state: "pong",
        active_time: 1
      })
      expect(badPing.status).toBe(400)
      const noPurchases = yield* send("POST", `/players/${id}/on_purchase`, Simulator.defaultRestApiKey, {
        purchases: []
      })
      expect(noPurchases.status).toBe(400)
      expect((yield* onesignal.getPlayer(appId, id!)).playtime).toBe(90)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("player routes need the app's REST key: a wrong one, another app's or the org key is Unauthorized", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* failure(onesignal.createPlayer(iosPlayer()))
      expect(error._tag).toBe("Unauthorized")
      expect(error.status).toBe(403)
      expect((yield* failure(onesignal.getPlayers(appId)))._tag).toBe("Unauthorized")
      expect((yield* failure(onesignal.createPlayerSession(unknownId, {})))._tag).toBe("Unauthorized")
      expect((yield* state).subscriptions).toEqual([])

      // A player of the default app, reached with the other app's key or the organization key.
      const created = yield* send("POST", "/players", Simulator.defaultRestApiKey, { app_id: appId, device_type: 1 })
      const id = (created.body as { id: string }).id
      expect((yield* send("POST", `/players/${id}/on_session`, otherRestKey, {})).status).toBe(403)
      expect((yield* send("GET", `/players/${id}?app_id=${appId}`, otherRestKey)).status).toBe(403)
      expect((yield* send("GET", `/players/${id}?app_id=${appId}`, Simulator.defaultOrganizationApiKey)).status)
        .toBe(403)
      expect((yield* send("GET", `/players/${id}?app_id=${appId}`, Simulator.defaultRestApiKey)).status).toBe(200)
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong", simulator: twoApps }))))
})
