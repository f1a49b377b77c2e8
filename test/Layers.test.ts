import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { OrganizationApiKey, RestApiKey } from "../src/Credentials.js"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalClient } from "../src/OneSignalClient.js"
import { OneSignalConfig } from "../src/OneSignalConfig.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, notificationId, secretKey } from "./utils/harness.js"

const transport = () => MockTransport.layer(() => json(200, { id: notificationId }))

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

const get = Notifications.getNotification(appId, notificationId)

describe("RestApiKey / OrganizationApiKey", () => {
  it.effect("layerConfig reads ONESIGNAL_REST_API_KEY as a Redacted value", () =>
    Effect.gen(function*() {
      const key = yield* RestApiKey
      expect(Redacted.isRedacted(key)).toBe(true)
      expect(Redacted.value(key)).toBe("from-env")
    }).pipe(Effect.provide(RestApiKey.layerConfig()), withEnv({ ONESIGNAL_REST_API_KEY: "from-env" })))

  it.effect("a missing variable fails the layer with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.provide(RestApiKey, RestApiKey.layerConfig()))
      expect(error._op).toBe("MissingData")
      expect(String(error)).toContain("ONESIGNAL_REST_API_KEY")
      const orgError = yield* Effect.flip(Effect.provide(OrganizationApiKey, OrganizationApiKey.layerConfig()))
      expect(String(orgError)).toContain("ONESIGNAL_ORGANIZATION_API_KEY")
    }).pipe(withEnv({})))

  it.effect("an empty key is refused at startup", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.provide(RestApiKey, RestApiKey.layerConfig()))
      expect(String(error)).toContain("the key must not be empty")
      expect(String(error)).toContain("ONESIGNAL_REST_API_KEY")
    }).pipe(withEnv({ ONESIGNAL_REST_API_KEY: "  " })))

  it.effect("layer accepts a plain string or a Redacted", () =>
    Effect.gen(function*() {
      const a = yield* Effect.provide(RestApiKey, RestApiKey.layer("plain"))
      const b = yield* Effect.provide(RestApiKey, RestApiKey.layer(Redacted.make("wrapped")))
      expect(Redacted.value(a)).toBe("plain")
      expect(Redacted.value(b)).toBe("wrapped")
    }))
})

describe("OneSignal.layerConfig", () => {
  it.effect("reads the key and ONESIGNAL_API_URL from the environment", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* onesignal.getNotification(appId, notificationId)
      const request = yield* MockTransport.lastRequest
      expect(request.url).toBe(`http://127.0.0.1:4010/api/notifications/${notificationId}?app_id=${appId}`)
      expect(request.headers.authorization).toBe("Key env-key")
    }).pipe(
      Effect.provide(OneSignal.layerConfig().pipe(Layer.provideMerge(transport()))),
      withEnv({ ONESIGNAL_REST_API_KEY: "env-key", ONESIGNAL_API_URL: "http://127.0.0.1:4010/api/" })
    ))

  it.effect("defaults to https://api.onesignal.com without ONESIGNAL_API_URL", () =>
    Effect.gen(function*() {
      yield* get
      expect((yield* MockTransport.lastRequest).url).toMatch(/^https:\/\/api\.onesignal\.com\/notifications\//)
    }).pipe(
      Effect.provide(OneSignal.layerConfig().pipe(Layer.provideMerge(transport()))),
      withEnv({ ONESIGNAL_REST_API_KEY: "env-key" })
    ))

  it.effect("a missing key fails when the layer is built, before any request", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.provide(Effect.void, OneSignal.layerConfig().pipe(Layer.provide(transport()))))
      expect(String(error)).toContain("ONESIGNAL_REST_API_KEY")
    }).pipe(withEnv({})))
})

describe("OneSignalConfig", () => {
  const withConfig = (config: Parameters<typeof OneSignalConfig.layer>[0]) =>
    OneSignal.layer.pipe(
      Layer.provide(RestApiKey.layer(secretKey)),
      Layer.provide(OneSignalConfig.layer(config)),
      Layer.provideMerge(transport())
    )

  it.effect("the services work without any config layer (defaults)", () =>
    Effect.gen(function*() {
      yield* get
      const request = yield* MockTransport.lastRequest
      expect(request.url.startsWith("https://api.onesignal.com/")).toBe(true)
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
    }).pipe(Effect.provide(
      OneSignal.layer.pipe(Layer.provide(RestApiKey.layer(secretKey)), Layer.provideMerge(transport()))
    )))

  for (const scheme of ["Bearer", "Basic"] as const) {
    it.effect(`authScheme ${scheme} changes the Authorization header`, () =>
      Effect.gen(function*() {
        yield* get
        expect((yield* MockTransport.lastRequest).headers.authorization).toBe(`${scheme} ${secretKey}`)
      }).pipe(Effect.provide(withConfig({ authScheme: scheme }))))
  }

  it.effect("userAgent and a trailing slash in baseUrl", () =>
    Effect.gen(function*() {
      yield* get
      const request = yield* MockTransport.lastRequest
      expect(request.headers["user-agent"]).toBe("my-service/2.0")
      expect(request.url).toBe(`https://proxy.internal/onesignal/notifications/${notificationId}?app_id=${appId}`)
    }).pipe(Effect.provide(withConfig({ userAgent: "my-service/2.0", baseUrl: "https://proxy.internal/onesignal/" }))))

  it.effect("transformClient is applied to the HttpClient", () =>
    Effect.gen(function*() {
      yield* get
      expect((yield* MockTransport.lastRequest).headers["x-tenant"]).toBe("acme")
    }).pipe(Effect.provide(withConfig({
      transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("x-tenant", "acme"))
    }))))
})

describe("standalone functions", () => {
  it.effect("need only OneSignalClient", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.getNotification(appId, notificationId)
      expect(result.id).toBe(notificationId)
    }).pipe(Effect.provide(
      OneSignalClient.layer.pipe(Layer.provide(RestApiKey.layer(secretKey)), Layer.provide(transport()))
    )))

  it("the service's methods include the notifications endpoints and request", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      for (
        const name of [
          "cancelNotification",
          "createNotification",
          "exportEvents",
          "getNotification",
          "getNotificationHistory",
          "getNotifications",
          "trackOpen",
          "request"
        ]
      ) {
        expect(typeof (onesignal as unknown as Record<string, unknown>)[name], name).toBe("function")
      }
    }).pipe(
      Effect.provide(OneSignal.layer.pipe(Layer.provide(RestApiKey.layer(secretKey)), Layer.provide(transport()))),
      Effect.runPromise
    ))

  it("an organization service cannot be built from the REST key alone (compile-time)", () => {
    const program = Effect.flatMap(OneSignalOrganization, () => Effect.void)
    const restOnly = OneSignal.layer.pipe(Layer.provide(RestApiKey.layer(secretKey)), Layer.provide(transport()))
    // @ts-expect-error OneSignalOrganization is not provided by the REST layer
    const wrong: Effect.Effect<void> = program.pipe(Effect.provide(restOnly))
    // @ts-expect-error the organization layer needs an OrganizationApiKey, not a RestApiKey
    const alsoWrong: Effect.Effect<void> = program.pipe(
      Effect.provide(OneSignalOrganization.layer.pipe(Layer.provide(RestApiKey.layer(secretKey)), Layer.provide(transport())))
    )
    const right: Effect.Effect<void> = program.pipe(
      Effect.provide(
        OneSignalOrganization.layer.pipe(Layer.provide(OrganizationApiKey.layer("org")), Layer.provide(transport()))
      )
    )
    expect([wrong, alsoWrong, right].every(Effect.isEffect)).toBe(true)
  })
})
