/**
 * Organization tasks with the organization API key: provision an app for a
 * new environment, give it a REST API key restricted to the backend's
 * addresses, rotate that key, and review what happened in the audit log.
 *
 * Nothing runs at import time: `program` is an Effect, and `MainLayer` reads
 * `ONESIGNAL_ORGANIZATION_API_KEY` when it is built. Run it with e.g.
 *
 *   Effect.runPromise(program.pipe(Effect.provide(MainLayer)))
 */
import { FetchHttpClient } from "@effect/platform"
import { Config, Console, Effect, Layer, Option, Redacted } from "effect"
import { Notifications, OneSignal, OneSignalOrganization, RestApiKey } from "effect-onesignal"
import type { App } from "effect-onesignal/Apps"
import type { AuditLogEvent } from "effect-onesignal/AuditLogs"

/** The organization service over `fetch`, keyed from the environment. */
export const MainLayer = OneSignalOrganization.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

/**
 * Finds the app of an environment by name, or creates it with its iOS
 * settings. The `.p8` key comes from `Redacted` configuration and is unwrapped
 * only in the request.
 */
export const ensureApp = (name: string) =>
  Effect.gen(function*() {
    const organization = yield* OneSignalOrganization
    const apps = yield* organization.getApps()
    const existing = apps.find((app) => app.name === name)
    if (existing !== undefined) return existing

    const p8 = yield* Config.redacted("APNS_P8_BASE64")
    const created: App = yield* organization.createApp({
      name,
      apns_env: "production",
      apns_key_id: yield* Config.string("APNS_KEY_ID"),
      apns_team_id: yield* Config.string("APNS_TEAM_ID"),
      apns_bundle_id: yield* Config.string("APNS_BUNDLE_ID"),
      apns_p8: Redacted.value(p8)
    })
    yield* Console.log(`created app ${created.name} (${created.id})`)
    return created
  })

/**
 * Creates a REST key for the app that works only from the backend's
 * addresses. The token stays `Redacted`.
 */
export const createBackendKey = (appId: string, addresses: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const organization = yield* OneSignalOrganization
    const created = yield* organization.createApiKey(appId, {
      name: "backend",
      ip_allowlist_mode: "explicit",
      ip_allowlist: addresses
    })
    // Logging the answer is safe: the token prints as <redacted>.
    yield* Console.log("created key", created)
    return created
  })

/** Rotates the key named `name`, if the app has one; the new token stays `Redacted`. */
export const rotateKey = (appId: string, name: string) =>
  Effect.gen(function*() {
    const organization = yield* OneSignalOrganization
    const { tokens } = yield* organization.viewApiKeys(appId)
    const key = tokens?.find((token) => token.name === name)
    if (key?.token_id == null) return Option.none<Redacted.Redacted<string>>()
    const rotated = yield* organization.rotateApiKey(appId, key.token_id)
    return Option.fromNullable(rotated.formatted_token)
  })

/** Every audit event of the last `hours` hours for one app, following the cursor. */
export const recentEvents = (organizationId: string, appId: string, hours: number) =>
  Effect.gen(function*() {
    const organization = yield* OneSignalOrganization
    const events: Array<AuditLogEvent> = []
    let page = yield* organization.listAuditLogs(organizationId, {
      start_time: new Date(Date.now() - hours * 60 * 60 * 1000),
      app_ids: [appId],
      limit: 100
    })
    events.push(...(page.audit_logs ?? []))
    while (page.has_more === true && page.next_cursor != null) {
      page = yield* organization.listAuditLogs(organizationId, { cursor: page.next_cursor, limit: 100 })
      events.push(...(page.audit_logs ?? []))
    }
    return events
  }).pipe(
    // 403: not this key's organization, or no audit log entitlement
    Effect.catchTag("Unauthorized", (error) =>
      Effect.as(Console.error(`audit logs unavailable: ${error.message}`), [] as Array<AuditLogEvent>))
  )

/**
 * The whole flow: an app for the environment, a restricted key for it, a test
 * message sent with that new key (through the REST-key service), and the audit
 * trail of the last hour.
 */
export const program = Effect.gen(function*() {
  const organizationId = yield* Config.string("ONESIGNAL_ORGANIZATION_ID")
  const app = yield* ensureApp("shop-staging")
  if (app.id == null) return yield* Effect.dieMessage("OneSignal answered an app without an id")
  const appId = app.id

  const key = yield* createBackendKey(appId, ["203.0.113.7"])
  if (key.formatted_token != null) {
    // The new key is handed to the REST service without ever being unwrapped.
    const restLayer = OneSignal.layer.pipe(
      Layer.provide(RestApiKey.layer(key.formatted_token)),
      Layer.provide(FetchHttpClient.layer)
    )
    yield* Notifications.createNotification({
      app_id: appId,
      included_segments: ["Test Users"],
      contents: { en: "The staging app is ready" }
    }).pipe(Effect.provide(restLayer))
  }

  for (const event of yield* recentEvents(organizationId, appId, 1)) {
    yield* Console.log(`${event.occurred_at} ${event.action} by ${event.actor?.type ?? "unknown"}`)
  }
})
