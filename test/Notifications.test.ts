import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, notificationId, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** A `GET /notifications/{id}` answer shaped like OneSignal's, with fields this library does not know. */
const realisticNotification = {
  id: notificationId,
  app_id: appId,
  contents: { en: "Your order has shipped", es: "Tu pedido fue enviado" },
  headings: { en: "Order update" },
  included_segments: [],
  excluded_segments: [],
  include_aliases: null,
  target_channel: "push",
  isIos: true,
  isAndroid: true,
  isAnyWeb: null,
  data: { order_id: 1234 },
  url: null,
  big_picture: null,
  buttons: null,
  web_buttons: null,
  ios_badgeType: "Increase",
  ios_badgeCount: 1,
  android_visibility: null,
  filters: null,
  successful: 12,
  failed: 1,
  errored: 0,
  converted: 3,
  received: 11,
  remaining: 0,
  queued_at: 1700000000,
  send_after: 1700000000,
  completed_at: 1700000042,
  canceled: false,
  throttle_rate_per_minute: null,
  platform_delivery_stats: {
    ios: { successful: 5, failed: 0, errored: 0, converted: 1, received: 5 },
    android: { successful: 7, failed: 1, errored: 0, converted: 2, received: 6 }
  },
  outcomes: [{ id: "os__click.count", value: 3, aggregation: "count" }],
  a_field_added_next_year: { nested: true },
  fcap_group_ids: null
}

describe("createNotification", () => {
  it.effect("POSTs the validated body with the REST key and a fresh UUID v4 idempotency key", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.createNotification({
        app_id: appId,
        contents: { en: "Hello" },
        include_aliases: { external_id: ["user-1"] },
        target_channel: "push",
        data: { order: 7 }
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://onesignal.test/notifications")
      expect(request.query).toEqual({})
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.headers.accept).toBe("application/json")
      expect(request.headers["user-agent"]).toMatch(/^effect-onesignal\//)
      const body = request.body as Record<string, unknown>
      expect(body).toEqual({
        app_id: appId,
        contents: { en: "Hello" },
        include_aliases: { external_id: ["user-1"] },
        target_channel: "push",
        data: { order: 7 },
        idempotency_key: body.idempotency_key
      })
      expect(body.idempotency_key).toMatch(uuidV4)
      expect(result).toBeInstanceOf(Notifications.NotificationSent)
      if (result._tag !== "Sent") throw new Error("expected Sent")
      expect(result.id).toBe(notificationId)
      expect(result.idempotencyKey).toBe(body.idempotency_key)
      expect(result.wasReplayed).toBe(false)
      expect(result.warnings).toEqual([])
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId, external_id: null, recipients: 3 })))))

  it.effect("uses the caller's idempotency key, from the options or from the body", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const a = yield* onesignal.createNotification(
        { app_id: appId, included_segments: ["Active Users"], contents: { en: "a" } },
        { idempotencyKey: "order-1234-shipped" }
      )
      const b = yield* onesignal.createNotification({
        app_id: appId,
        included_segments: ["Active Users"],
        contents: { en: "b" },
        idempotency_key: "from-the-body"
      })
      const [first, second] = yield* MockTransport.requests
      expect((first!.body as any).idempotency_key).toBe("order-1234-shipped")
      expect((second!.body as any).idempotency_key).toBe("from-the-body")
      expect(a.idempotencyKey).toBe("order-1234-shipped")
      expect(b.idempotencyKey).toBe("from-the-body")
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId })))))

  it.effect("accepts a Notification class instance like a plain object", () =>
    Effect.gen(function*() {
      const notification = new Notifications.Notification({
        app_id: appId,
        included_segments: ["Subscribed Users"],
        contents: { en: "Hi" }
      })
      yield* Notifications.createNotification(notification, { idempotencyKey: "k" })
      const request = yield* MockTransport.lastRequest
      expect(request.body).toEqual({
        app_id: appId,
        included_segments: ["Subscribed Users"],
        contents: { en: "Hi" },
        idempotency_key: "k"
      })
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId })))))

  it.effect("decodes partial failures (invalid aliases, player ids) into the Sent result", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.createNotification({
        app_id: appId,
        include_aliases: { external_id: ["u1", "ghost"] },
        target_channel: "push"
      })
      expect(result._tag).toBe("Sent")
      if (result._tag !== "Sent") return
      expect(result.invalidAliases).toEqual({ external_id: ["ghost"] })
      expect(result.invalidPlayerIds).toEqual(["p-1"])
      expect(result.warnings).toEqual(['invalid_phone_numbers: ["+1555"]'])
      expect(result.wasReplayed).toBe(true)
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, {
        id: notificationId,
        errors: {
          invalid_aliases: { external_id: ["ghost"] },
          invalid_player_ids: ["p-1"],
          invalid_phone_numbers: ["+1555"]
        }
      }, { "Idempotent-Replayed": "true" })
    ))))

  it.effect("decodes the not-sent branch (200 with an empty id) into NotSent with the reasons", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.createNotification({
        app_id: appId,
        include_aliases: { external_id: ["nobody"] },
        target_channel: "push"
      }, { idempotencyKey: "k-1" })
      expect(result).toBeInstanceOf(Notifications.NotificationNotSent)
      if (result._tag !== "NotSent") return
      expect(result.reasons).toEqual(["All included players are not subscribed"])
      expect(result.idempotencyKey).toBe("k-1")
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: "", errors: ["All included players are not subscribed"] })))))

  it.effect("fails with InvalidRequest and sends nothing when the body breaks the schema", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.createNotification({
        app_id: appId,
        included_segments: ["All"],
        // a typo that TypeScript would catch; JavaScript callers and casts reach the runtime check
        target_channel: "pusj" as "push"
      }))
      expect(error._tag).toBe("InvalidRequest")
      if (error._tag !== "InvalidRequest") return
      expect(error.route).toBe("/notifications")
      expect(error.issue).toContain("target_channel")
      const missingAppId = yield* Effect.flip(
        Notifications.createNotification({ included_segments: ["All"] } as unknown as Notifications.Notification)
      )
      expect(missingAppId._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId })))))

  it.effect("keeps fields the schema does not know yet (sent as given)", () =>
    Effect.gen(function*() {
      yield* Notifications.createNotification(
        { app_id: appId, included_segments: ["All"], brand_new_option: 1 } as Notifications.Notification,
        { idempotencyKey: "k" }
      )
      const request = yield* MockTransport.lastRequest
      expect((request.body as any).brand_new_option).toBe(1)
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: notificationId })))))
})

describe("getNotification", () => {
  it.effect("GETs /notifications/{id}?app_id= and decodes a realistic answer, ignoring unknown fields", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const notification = yield* onesignal.getNotification(appId, notificationId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/notifications/${notificationId}`)
      expect(request.query).toEqual({ app_id: appId })
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
      expect(request.bodyText ?? "").toBe("")
      expect(notification).toBeInstanceOf(Notifications.NotificationWithMeta)
      expect(notification.contents).toEqual({ en: "Your order has shipped", es: "Tu pedido fue enviado" })
      expect(notification.successful).toBe(12)
      expect(notification.ios_badgeType).toBe("Increase")
      expect(notification.url).toBeNull()
      expect(notification.platform_delivery_stats?.android?.failed).toBe(1)
      expect("a_field_added_next_year" in notification).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticNotification)))))

  it.effect("keeps enum values OneSignal added after this library, as they came", () =>
    Effect.gen(function*() {
      const notification = yield* Notifications.getNotification(appId, notificationId)
      expect(notification.delayed_option).toBe("a-new-value")
      expect(notification.ios_interruption_level).toBe("ambient")
      expect(notification.ios_badgeType).toBe("Decrease")
      expect(notification.huawei_visibility).toBe(2)
      expect(notification.filters?.[0]).toEqual({ field: "tag", key: "plan", relation: "starts_with", value: "p" })
      expect(notification.successful).toBe(12)
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, {
        ...realisticNotification,
        delayed_option: "a-new-value",
        ios_interruption_level: "ambient",
        ios_badgeType: "Decrease",
        huawei_visibility: 2,
        filters: [{ field: "tag", key: "plan", relation: "starts_with", value: "p" }]
      })
    ))))

  it.effect("percent-encodes the notification id", () =>
    Effect.gen(function*() {
      yield* Notifications.getNotification(appId, "a/b?c#d e")
      const request = yield* MockTransport.lastRequest
      expect(request.url).toBe(`https://onesignal.test/notifications/a%2Fb%3Fc%23d%20e?app_id=${appId}`)
    }).pipe(Effect.provide(mockLayer(() => json(200, { id: "x" })))))
})

describe("getNotifications", () => {
  it.effect("GETs /notifications with app_id, limit, offset, kind and time_offset, and decodes the page", () =>
    Effect.gen(function*() {
      const page = yield* Notifications.getNotifications(appId, { limit: 2, offset: 4, kind: 1 })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe("/notifications")
      expect(request.query).toEqual({ app_id: appId, limit: "2", offset: "4", kind: "1" })
      expect(page.total_count).toBe(9)
      expect(page.notifications).toHaveLength(2)
      expect(page.notifications?.[1]?.id).toBe("second")
      expect(page.next_time_offset).toBe("cursor-2")
      yield* Notifications.getNotifications(appId, { time_offset: "2025-01-01T00:00:00.000Z" })
      expect((yield* MockTransport.lastRequest).query).toEqual({
        app_id: appId,
        time_offset: "2025-01-01T00:00:00.000Z"
      })
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, {
        total_count: 9,
        offset: 4,
        limit: 2,
        next_time_offset: "cursor-2",
        notifications: [realisticNotification, { ...realisticNotification, id: "second" }]
      })
    ))))

  it.effect("rejects a limit over 50 locally", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Notifications.getNotifications(appId, { limit: 51 }))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))
})

describe("cancelNotification", () => {
  it.effect("DELETEs /notifications/{id}?app_id=", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.cancelNotification(appId, notificationId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/notifications/${notificationId}`)
      expect(request.query).toEqual({ app_id: appId })
      expect(request.headers.authorization).toBe(`Key ${secretKey}`)
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, other: 1 })))))
})

describe("getNotificationHistory", () => {
  it.effect("POSTs the history request body to /notifications/{id}/history", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.getNotificationHistory(notificationId, {
        events: "clicked",
        email: "ops@example.com",
        app_id: appId
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/notifications/${notificationId}/history`)
      // `id` too: the 1.2.2 spec requires it in the body.
      expect(request.body).toEqual({ events: "clicked", email: "ops@example.com", app_id: appId, id: notificationId })
      expect(result.destination_url).toBe("https://onesignal.test/exports/h.csv.gz")
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, { success: true, destination_url: "https://onesignal.test/exports/h.csv.gz" })
    ))))
})

describe("exportEvents", () => {
  it.effect("POSTs /notifications/{id}/export_events?app_id= without a body", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.exportEvents(notificationId, appId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/notifications/${notificationId}/export_events`)
      expect(request.query).toEqual({ app_id: appId })
      expect(request.bodyText ?? "").toBe("")
      expect(result.csv_file_url).toBe("https://onesignal.test/e.csv.gz")
    }).pipe(Effect.provide(mockLayer(() => json(200, { csv_file_url: "https://onesignal.test/e.csv.gz" })))))
})

describe("trackOpen", () => {
  it.effect("PUTs { app_id, opened: true } to /notifications/{id}", () =>
    Effect.gen(function*() {
      const result = yield* Notifications.trackOpen(appId, notificationId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PUT")
      expect(request.path).toBe(`/notifications/${notificationId}`)
      expect(request.body).toEqual({ app_id: appId, opened: true })
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true })))))
})

// Every documented status of every endpoint, mapped to its tag. 401/403/500 are
// common to all endpoints; undocumented 4xx statuses land in BadRequest.
const calls = {
  createNotification: Notifications.createNotification({ app_id: appId, included_segments: ["All"] }),
  getNotification: Notifications.getNotification(appId, notificationId),
  getNotifications: Notifications.getNotifications(appId),
  cancelNotification: Notifications.cancelNotification(appId, notificationId),
  getNotificationHistory: Notifications.getNotificationHistory(notificationId, { events: "sent", app_id: appId }),
  exportEvents: Notifications.exportEvents(notificationId, appId),
  trackOpen: Notifications.trackOpen(appId, notificationId)
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  createNotification: [[400, "BadRequest"], [429, "RateLimited"]],
  getNotification: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  getNotifications: [[400, "BadRequest"], [429, "RateLimited"]],
  cancelNotification: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  getNotificationHistory: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  exportEvents: [[400, "BadRequest"], [404, "NotFound"], [429, "RateLimited"]],
  trackOpen: [[400, "BadRequest"], [404, "NotFound"]]
}

describeErrorStatuses({ calls, documented })
