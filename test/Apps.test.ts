import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as Apps from "../src/Apps.js"
import { OrganizationApiKey, RestApiKey } from "../src/Credentials.js"
import { OneSignalClient, OneSignalOrganizationClient } from "../src/OneSignalClient.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, orgMockLayer, orgScriptLayer, orgSecretKey, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const organizationId = "4f1b3b8e-2c53-4b8e-9d2f-0d5b1e1c9a11"

/** An app as `GET /apps/{app_id}` answers it, with nulls and fields this library does not know. */
const realisticApp = {
  id: appId,
  name: "Acme Shop",
  players: 15234,
  messageable_players: 14002,
  updated_at: "2024-05-02T09:14:22.123Z",
  created_at: "2021-11-18T17:03:10.000Z",
  gcm_key: null,
  chrome_web_origin: "https://shop.acme.test",
  chrome_key: null,
  chrome_web_default_notification_icon: "https://shop.acme.test/icon-256.png",
  chrome_web_sub_domain: null,
  apns_env: "production",
  apns_certificates: null,
  safari_apns_certificates: "",
  apns_key_id: "ABC123DEFG",
  apns_team_id: "TEAM123456",
  apns_bundle_id: "test.acme.shop",
  apns_p8: null,
  safari_site_origin: "https://shop.acme.test",
  safari_push_id: "web.onesignal.auto.0123456789",
  safari_icon_16_16: "public/safari_packages/x/icons/16x16.png",
  safari_icon_32_32: "public/safari_packages/x/icons/16x16@2x.png",
  safari_icon_64_64: "public/safari_packages/x/icons/32x32@2x.png",
  safari_icon_128_128: "public/safari_packages/x/icons/128x128.png",
  safari_icon_256_256: "public/safari_packages/x/icons/128x128@2x.png",
  site_name: "Acme Shop",
  basic_auth_key: "NGEwMGZmMjItY2NkNy0xMWUzLTk5ZDUtMDAwYzI5NDBlNjJj",
  additional_data_is_root_payload: false,
  // not in the documented model
  android_gcm_sender_id_configured: true,
  fcm_v1_service_account_json: null,
  email_settings: { provider: "onesignal" }
}

describe("getApps", () => {
  it.effect("GETs /apps with the organization key and decodes every app", () =>
    Effect.gen(function*() {
      const apps = yield* Apps.getApps()
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe("https://onesignal.test/apps")
      expect(request.query).toEqual({})
      expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
      expect(JSON.stringify(request.headers)).not.toContain(secretKey)
      expect(request.bodyText).toBeUndefined()
      expect(apps).toHaveLength(2)
      expect(apps[0]).toBeInstanceOf(Apps.App)
      expect(apps[0]!.name).toBe("Acme Shop")
      expect(apps[0]!.players).toBe(15234)
      expect(apps[0]!.apns_env).toBe("production")
      expect(apps[0]!.gcm_key).toBeNull()
      expect("email_settings" in apps[0]!).toBe(false)
      expect(apps[1]!.id).toBe("second-app")
      expect(apps[1]!.apns_env).toBeNull()
    }).pipe(Effect.provide(orgMockLayer(() =>
      json(200, [realisticApp, { id: "second-app", name: "Staging", apns_env: null, players: 0 }])
    ))))

  it.effect("is a method of OneSignalOrganization", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const apps = yield* organization.getApps()
      expect(apps.map((app) => app.id)).toEqual([appId])
      const request = yield* MockTransport.lastRequest
      expect(request.path).toBe("/apps")
      expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
      expect(Object.keys(organization)).toEqual(
        expect.arrayContaining(["getApps", "getApp", "createApp", "updateApp"])
      )
    }).pipe(Effect.provide(orgMockLayer(() => json(200, [realisticApp])))))

  it("cannot run with only the REST client (compile-time), runs with the organization client", async () => {
    const transport = MockTransport.layer(() => json(200, []))
    const restClient = OneSignalClient.layer.pipe(Layer.provide(RestApiKey.layer(secretKey)), Layer.provide(transport))
    const orgClient = OneSignalOrganizationClient.layer.pipe(
      Layer.provide(OrganizationApiKey.layer(orgSecretKey)),
      Layer.provide(transport)
    )
    // @ts-expect-error getApps needs OneSignalOrganizationClient, which the REST layer does not provide
    const wrong: Effect.Effect<Apps.AppList, unknown> = Apps.getApps().pipe(Effect.provide(restClient))
    const right: Effect.Effect<Apps.AppList, unknown> = Apps.getApps().pipe(Effect.provide(orgClient))
    // what the compiler refuses also fails at run time: the organization client is missing
    expect(Exit.isFailure(await Effect.runPromiseExit(wrong))).toBe(true)
    expect(await Effect.runPromise(right)).toEqual([])
  })
})

describe("getApp", () => {
  it.effect("GETs /apps/{app_id}, percent-encoding the id, and decodes the app", () =>
    Effect.gen(function*() {
      const app = yield* Apps.getApp("team apps/acme@prod")
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.url).toBe("https://onesignal.test/apps/team%20apps%2Facme%40prod")
      expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
      expect(JSON.stringify(request.headers)).not.toContain(secretKey)
      expect(app).toBeInstanceOf(Apps.App)
      expect(app.id).toBe(appId)
      expect(app.messageable_players).toBe(14002)
      expect(app.created_at).toBe("2021-11-18T17:03:10.000Z")
      expect(app.safari_push_id).toBe("web.onesignal.auto.0123456789")
      expect(app.apns_p8).toBeNull()
      expect(app.additional_data_is_root_payload).toBe(false)
      expect(app.organization_id).toBeUndefined()
      expect("fcm_v1_service_account_json" in app).toBe(false)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, realisticApp)))))

  it.effect("fails with ResponseDecodeError when a documented field has the wrong type", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Apps.getApp(appId))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { ...realisticApp, apns_env: 42 })))))

  it.effect("keeps an apns_env value this library does not know", () =>
    Effect.gen(function*() {
      const app = yield* Apps.getApp(appId)
      expect(app.apns_env).toBe("staging")
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { ...realisticApp, apns_env: "staging" })))))
})

describe("createApp", () => {
  it.effect("POSTs the app to /apps and decodes the created app", () =>
    Effect.gen(function*() {
      const app = yield* Apps.createApp({
        name: "Acme Shop",
        apns_env: "sandbox",
        apns_key_id: "ABC123DEFG",
        apns_team_id: "TEAM123456",
        apns_bundle_id: "test.acme.shop",
        apns_p8: "LS0tLS1CRUdJTi...",
        chrome_web_origin: "https://shop.acme.test",
        site_name: null,
        organization_id: organizationId,
        additional_data_is_root_payload: true
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://onesignal.test/apps")
      expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({
        name: "Acme Shop",
        apns_env: "sandbox",
        apns_key_id: "ABC123DEFG",
        apns_team_id: "TEAM123456",
        apns_bundle_id: "test.acme.shop",
        apns_p8: "LS0tLS1CRUdJTi...",
        chrome_web_origin: "https://shop.acme.test",
        site_name: null,
        organization_id: organizationId,
        additional_data_is_root_payload: true
      })
      expect(app.id).toBe(appId)
      expect(app.basic_auth_key).toBe(realisticApp.basic_auth_key)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, realisticApp)))))

  it.effect("accepts a CreateAppRequest instance", () =>
    Effect.gen(function*() {
      yield* Apps.createApp(new Apps.CreateAppRequest({ name: "Staging", safari_icon_256_256: "https://x.test/i.png" }))
      expect((yield* MockTransport.lastRequest).body).toEqual({
        name: "Staging",
        safari_icon_256_256: "https://x.test/i.png"
      })
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { id: "new", name: "Staging" })))))

  it.effect("fails with InvalidRequest and sends nothing without a name or with a bad apns_env", () =>
    Effect.gen(function*() {
      const noName = yield* Effect.flip(Apps.createApp({ apns_env: "sandbox" } as unknown as Apps.CreateAppRequest))
      expect(noName._tag).toBe("InvalidRequest")
      if (noName._tag !== "InvalidRequest") return
      expect(noName.route).toBe("/apps")
      expect(noName.issue).toContain("name")
      const badEnv = yield* Effect.flip(Apps.createApp({ name: "x", apns_env: "staging" as "sandbox" }))
      expect(badEnv._tag).toBe("InvalidRequest")
      if (badEnv._tag !== "InvalidRequest") return
      expect(badEnv.issue).toContain("apns_env")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, realisticApp)))))

  it.effect("is not retried by default (a repeat could create a second app)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Apps.createApp({ name: "x" }))
      expect(error._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(Layer.fresh(orgScriptLayer([json(503, { errors: ["busy"] }), json(200, realisticApp)])))))
})

describe("updateApp", () => {
  it.effect("PUTs the changed fields to /apps/{app_id}", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const app = yield* organization.updateApp(appId, { name: "Acme Store", gcm_key: null, apns_env: "production" })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PUT")
      expect(request.path).toBe(`/apps/${appId}`)
      expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
      expect(JSON.stringify(request.headers)).not.toContain(secretKey)
      expect(request.body).toEqual({ name: "Acme Store", gcm_key: null, apns_env: "production" })
      expect(app.name).toBe("Acme Store")
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { ...realisticApp, name: "Acme Store" })))))

  it.effect("is retried (a PUT) after a 503", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Apps.updateApp(appId, { site_name: "Acme" }))
      yield* TestClock.adjust("500 millis")
      const app = yield* Fiber.join(fiber)
      expect(app.id).toBe(appId)
      const requests = yield* MockTransport.requests
      expect(requests.map((r) => r.method)).toEqual(["PUT", "PUT"])
      expect(requests[1]!.body).toEqual({ site_name: "Acme" })
    }).pipe(
      Effect.provide(Layer.fresh(orgScriptLayer([json(503, { errors: ["busy"] }), json(200, realisticApp)])))
    ))

  it.effect("fails with InvalidRequest on a field of the wrong type, sending nothing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Apps.updateApp(appId, { players: 3, name: 42 } as unknown as Apps.UpdateAppRequest))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, realisticApp)))))
})

// Every documented status of every endpoint, mapped to its tag.
const calls = {
  getApps: Apps.getApps(),
  getApp: Apps.getApp(appId),
  createApp: Apps.createApp({ name: "Acme" }),
  updateApp: Apps.updateApp(appId, { name: "Acme" })
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  getApps: [[400, "BadRequest"], [429, "RateLimited"]],
  getApp: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  createApp: [[400, "BadRequest"], [429, "RateLimited"]],
  updateApp: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]]
}

describeErrorStatuses({ calls, documented, organization: true })
