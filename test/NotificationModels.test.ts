import { Schema } from "effect"
import { describe, expect, expectTypeOf, it } from "vitest"
import {
  CreateNotificationSuccessResponse,
  GetNotificationHistoryRequestBody,
  Notification,
  NotificationSlice,
  NotificationWithMeta
} from "../src/Notifications.js"
import { FilterExpression, GenericSuccessBoolResponse, LanguageStringMap } from "../src/SharedModels.js"

const appId = "8250eaf6-1a58-489e-b136-7c74a864b434"

/** A `GET /notifications/{id}` body in the shape OneSignal answers it. */
const getNotificationBody = {
  adm_big_picture: null,
  adm_group: null,
  adm_group_message: null,
  adm_large_icon: null,
  adm_small_icon: null,
  adm_sound: null,
  spoken_text: null,
  alexa_ssml: null,
  alexa_display_title: null,
  amazon_background_data: false,
  android_accent_color: "FFFF0000",
  android_group: null,
  android_group_message: null,
  android_led_color: null,
  android_sound: null,
  android_visibility: null,
  app_id: appId,
  big_picture: null,
  buttons: [{ id: "like", text: "Like", icon: "ic_menu_share" }],
  canceled: false,
  chrome_big_picture: null,
  chrome_icon: null,
  chrome_web_icon: "https://example.com/icon.png",
  chrome_web_image: null,
  chrome_web_badge: null,
  content_available: false,
  contents: { en: "Your order has shipped", es: "Tu pedido fue enviado" },
  converted: 4,
  data: { order_id: 123, nested: { ok: true } },
  delayed_option: "immediate",
  delivery_time_of_day: null,
  errored: 1,
  excluded_segments: [],
  failed: 2,
  firefox_icon: null,
  global_image: null,
  headings: null,
  id: "b98881cc-1e94-4366-bbd9-db8f3429292b",
  include_player_ids: null,
  include_external_user_ids: null,
  include_aliases: { external_id: ["user-1", "user-2"] },
  included_segments: ["Subscribed Users"],
  thread_id: null,
  ios_badgeCount: null,
  ios_badgeType: "None",
  ios_category: null,
  ios_interruption_level: "active",
  ios_relevance_score: 0,
  ios_sound: null,
  apns_alert: { "loc-key": "ORDER_SHIPPED" },
  target_content_identifier: null,
  isAdm: false,
  isAndroid: true,
  isChrome: false,
  isChromeWeb: false,
  isAlexa: false,
  isFirefox: false,
  isIos: true,
  isSafari: false,
  isWP: false,
  isWP_WNS: false,
  isEdge: false,
  isHuawei: null,
  isSMS: false,
  large_icon: null,
  priority: null,
  queued_at: 1_700_000_000,
  remaining: 0,
  send_after: 1_700_000_005,
  completed_at: null,
  small_icon: null,
  successful: 120,
  received: null,
  tags: null,
  filters: [
    { field: "tag", key: "level", relation: ">", value: "10" },
    { operator: "OR" },
    { field: "session_count", relation: "=", value: "1" }
  ],
  template_id: null,
  ttl: null,
  url: "https://example.com/orders/123",
  web_url: null,
  app_url: null,
  web_buttons: null,
  web_push_topic: null,
  wp_sound: null,
  wp_wns_sound: null,
  platform_delivery_stats: {
    ios: { successful: 70, failed: 1, errored: 0, converted: 3, received: null },
    android: { successful: 50, failed: 1, errored: 1, converted: 1, received: 48 },
    email: null,
    sms: { successful: 0, provider_successful: null }
  },
  outcomes: [
    { id: "os__click", value: 4, aggregation: "count" },
    { id: "purchase", value: 250, aggregation: "sum" }
  ],
  fcap_status: "uncapped",
  email_click_tracking_disabled: null,
  email_subject: null,
  email_body: "<html></html>",
  email_bcc: null,
  bcc_sent: null,
  sms_from: null,
  sms_media_urls: null,
  throttle_rate_per_minute: null,
  name: "Order shipped",
  mutable_content: true
}

describe("NotificationWithMeta", () => {
  const decode = Schema.decodeUnknownSync(NotificationWithMeta)

  it("decodes a real GET /notifications/{id} body with nulls, omissions and unknown fields", () => {
    const n = decode(getNotificationBody)

    expect(n).toBeInstanceOf(NotificationWithMeta)
    expect(n.id).toBe("b98881cc-1e94-4366-bbd9-db8f3429292b")
    expect(n.app_id).toBe(appId)
    expect(n.successful).toBe(120)
    expect(n.received).toBeNull()
    expect(n.completed_at).toBeNull()
    expect(n.send_after).toBe(1_700_000_005)
    expect(n.headings).toBeNull()
    expect(n.contents).toEqual({ en: "Your order has shipped", es: "Tu pedido fue enviado" })
    expect(n.isIos).toBe(true)
    expect(n.isHuawei).toBeNull()
    expect(n.ios_badgeType).toBe("None")
    expect(n.include_aliases).toEqual({ external_id: ["user-1", "user-2"] })
    expect(n.data).toEqual({ order_id: 123, nested: { ok: true } })
    expect(n.filters).toHaveLength(3)
    expect(n.filters?.[1]).toEqual({ operator: "OR" })
    expect(n.buttons?.[0]?.id).toBe("like")
    // omitted in the body
    expect(n.subtitle).toBeUndefined()
    expect(n.email_from_address).toBeUndefined()
    // unknown keys are dropped, not rejected
    expect(Object.keys(n)).not.toContain("fcap_status")
    expect(Object.keys(n)).not.toContain("isAlexa")
  })

  it("decodes platform_delivery_stats and outcomes", () => {
    const n = decode(getNotificationBody)

    expect(n.platform_delivery_stats?.ios?.successful).toBe(70)
    expect(n.platform_delivery_stats?.ios?.received).toBeNull()
    expect(n.platform_delivery_stats?.android?.received).toBe(48)
    expect(n.platform_delivery_stats?.email).toBeNull()
    expect(n.platform_delivery_stats?.sms?.provider_successful).toBeNull()
    expect(n.platform_delivery_stats?.chrome_web_push).toBeUndefined()
    expect(n.outcomes).toEqual([
      { id: "os__click", value: 4, aggregation: "count" },
      { id: "purchase", value: 250, aggregation: "sum" }
    ])
  })

  it("decodes email statistics", () => {
    const n = decode({
      app_id: appId,
      platform_delivery_stats: {
        email: { successful: 10, opened: 7, unique_opens: 5, clicks: 3, unique_clicks: 2, bounced: 1, unsubscribed: 0 }
      }
    })
    expect(n.platform_delivery_stats?.email?.opened).toBe(7)
    expect(n.platform_delivery_stats?.email?.reported_spam).toBeUndefined()
  })

  it("decodes an empty body", () => {
    const n = decode({})
    expect(n).toBeInstanceOf(NotificationWithMeta)
    expect(n.id).toBeUndefined()
  })

  it("still rejects a value of the wrong type", () => {
    expect(() => decode({ ...getNotificationBody, successful: "many" })).toThrow()
    expect(() => decode({ ...getNotificationBody, outcomes: [{ id: "x", value: 1, aggregation: 5 }] })).toThrow()
    expect(() => decode({ ...getNotificationBody, delayed_option: 3 })).toThrow()
  })

  it("keeps a value of a closed set that OneSignal added after this library (as its string or number)", () => {
    const decoded = decode({
      ...getNotificationBody,
      delayed_option: "a-new-value",
      ios_interruption_level: "ambient",
      android_visibility: 2,
      outcomes: [{ id: "x", value: 1, aggregation: "avg" }]
    })
    expect(decoded.delayed_option).toBe("a-new-value")
    expect(decoded.ios_interruption_level).toBe("ambient")
    expect(decoded.android_visibility).toBe(2)
    expect(decoded.outcomes?.[0]?.aggregation).toBe("avg")
  })
})

describe("NotificationSlice", () => {
  it("decodes a page of GET /notifications", () => {
    const slice = Schema.decodeUnknownSync(NotificationSlice)({
      total_count: 2,
      offset: 0,
      limit: 50,
      next_time_offset: "eyJ0IjoxNzAwMDAwMDA1fQ==",
      notifications: [getNotificationBody, { id: "second", contents: { en: "Hi" }, queued_at: 1_699_999_000 }]
    })

    expect(slice).toBeInstanceOf(NotificationSlice)
    expect(slice.total_count).toBe(2)
    expect(slice.next_time_offset).toBe("eyJ0IjoxNzAwMDAwMDA1fQ==")
    expect(slice.time_offset).toBeUndefined()
    expect(slice.notifications).toHaveLength(2)
    expect(slice.notifications?.[0]).toBeInstanceOf(NotificationWithMeta)
    expect(slice.notifications?.[0]?.platform_delivery_stats?.ios?.converted).toBe(3)
    expect(slice.notifications?.[1]?.id).toBe("second")
    expect(slice.notifications?.[1]?.successful).toBeUndefined()
  })

  it("rejects a page whose notifications are not a list", () => {
    expect(() => Schema.decodeUnknownSync(NotificationSlice)({ total_count: 1, notifications: {} })).toThrow()
  })
})

describe("Notification (request)", () => {
  const encodeRequest = Schema.encodeUnknownSync(Schema.Struct(Notification.fields))

  const request = {
    app_id: appId,
    include_aliases: { external_id: ["user-1"] },
    target_channel: "push",
    contents: { en: "Your order has shipped", "zh-Hans": "您的订单已发货", "pt-BR": "Seu pedido foi enviado" },
    headings: { en: "Order update" },
    data: { order_id: 123 },
    isAnyWeb: true,
    ios_badgeType: "Increase",
    ios_badgeCount: 1,
    ios_sound: null,
    android_visibility: -1,
    buttons: [{ id: "track", text: "Track" }],
    filters: [{ field: "tag", key: "vip", relation: "exists" }, { operator: "AND" }],
    send_after: "2015-09-24 14:00:00 GMT-0700",
    delayed_option: "timezone",
    delivery_time_of_day: "9:00AM",
    throttle_rate_per_minute: "100",
    idempotency_key: "6f0d1e2a-4c1b-4d8e-9a63-0c2b1d5e7f80"
  }

  it("encodes a valid plain object unchanged", () => {
    const encoded = encodeRequest(request)
    expect(encoded).toEqual(request)
    // explicit null survives: it means "no sound"
    expect(encoded).toHaveProperty("ios_sound", null)
    // extra language codes are kept
    expect(encoded.contents).toHaveProperty("pt-BR", "Seu pedido foi enviado")
  })

  it("accepts only app_id", () => {
    expect(encodeRequest({ app_id: appId })).toEqual({ app_id: appId })
  })

  it("rejects contents that is not a language map", () => {
    expect(() => encodeRequest({ ...request, contents: "Your order has shipped" })).toThrow(/contents/)
    expect(() => encodeRequest({ ...request, contents: { en: 42 } })).toThrow(/contents/)
  })

  it("rejects an unknown target_channel", () => {
    expect(() => encodeRequest({ ...request, target_channel: "fax" })).toThrow(/target_channel/)
  })

  it("rejects a request without app_id", () => {
    const { app_id: _, ...withoutAppId } = request
    expect(() => encodeRequest(withoutAppId)).toThrow(/app_id/)
  })

  it("rejects values outside the documented enumerations", () => {
    expect(() => encodeRequest({ ...request, ios_badgeType: "Decrease" })).toThrow(/ios_badgeType/)
    expect(() => encodeRequest({ ...request, android_visibility: 2 })).toThrow(/android_visibility/)
    expect(() => encodeRequest({ ...request, filters: [{ field: "tag", relation: "like" }] })).toThrow(/filters/)
    expect(() => encodeRequest({ ...request, ttl: 1.5 })).toThrow(/ttl/)
  })

  it("does not send keys that are not OneSignal's JSON keys (e.g. the SDK spelling is_ios)", () => {
    const encoded = encodeRequest({ app_id: appId, is_ios: true, isIos: false })
    expect(encoded).toEqual({ app_id: appId, isIos: false })
  })

  it("encodes a class instance and an equivalent plain object to the same JSON", () => {
    const instance = new Notification({
      app_id: appId,
      include_aliases: { external_id: ["user-1"] },
      target_channel: "push",
      contents: { en: "Your order has shipped", "zh-Hans": "您的订单已发货", "pt-BR": "Seu pedido foi enviado" },
      headings: { en: "Order update" },
      data: { order_id: 123 },
      isAnyWeb: true,
      ios_badgeType: "Increase",
      ios_badgeCount: 1,
      ios_sound: null,
      android_visibility: -1,
      buttons: [{ id: "track", text: "Track" }],
      filters: [{ field: "tag", key: "vip", relation: "exists" }, { operator: "AND" }],
      send_after: "2015-09-24 14:00:00 GMT-0700",
      delayed_option: "timezone",
      delivery_time_of_day: "9:00AM",
      throttle_rate_per_minute: "100",
      idempotency_key: "6f0d1e2a-4c1b-4d8e-9a63-0c2b1d5e7f80"
    })
    expect(instance).toBeInstanceOf(Notification)

    const fromInstance = JSON.stringify(Schema.encodeSync(Notification)(instance))
    const fromPlain = JSON.stringify(encodeRequest(request))
    expect(fromInstance).toBe(fromPlain)
    expect(JSON.parse(fromInstance)).toEqual(request)
  })

  it("the class constructor validates too", () => {
    expect(() => new Notification({ app_id: appId, target_channel: "fax" as never })).toThrow()
    // @ts-expect-error app_id is required
    expect(() => new Notification({ target_channel: "push" })).toThrow(/app_id/)
  })

  it("types: requests are optional-but-typed, responses optional-and-nullable", () => {
    expectTypeOf<Notification["app_id"]>().toEqualTypeOf<string>()
    expectTypeOf<Notification["ios_sound"]>().toEqualTypeOf<string | null | undefined>()
    expectTypeOf<Notification["target_channel"]>().toEqualTypeOf<"push" | "email" | "sms" | undefined>()
    expectTypeOf<Notification["send_after"]>().toEqualTypeOf<string | null | undefined>()
    expectTypeOf<NotificationWithMeta["app_id"]>().toEqualTypeOf<string | null | undefined>()
    expectTypeOf<NotificationWithMeta["send_after"]>().toEqualTypeOf<number | null | undefined>()
    expectTypeOf<NotificationWithMeta["successful"]>().toEqualTypeOf<number | null | undefined>()
    expect(Object.keys(Notification.fields)).toContain("idempotency_key")
    expect(Object.keys(NotificationWithMeta.fields)).toContain("platform_delivery_stats")
    expect(Object.keys(Notification.fields)).not.toContain("platform_delivery_stats")
  })
})

describe("other notification models", () => {
  it("CreateNotificationSuccessResponse keeps errors whatever their shape", () => {
    const decode = Schema.decodeUnknownSync(CreateNotificationSuccessResponse)
    const sent = decode({
      id: "b98881cc-1e94-4366-bbd9-db8f3429292b",
      external_id: null,
      errors: { invalid_aliases: { external_id: ["ghost"] } }
    })
    expect(sent.errors).toEqual({ invalid_aliases: { external_id: ["ghost"] } })
    expect(sent.external_id).toBeNull()

    const notSent = decode({ id: "", errors: ["All included players are not subscribed"] })
    expect(notSent.id).toBe("")
    expect(notSent.errors).toEqual(["All included players are not subscribed"])
  })

  it("GetNotificationHistoryRequestBody accepts only sent or clicked", () => {
    const encode = Schema.encodeUnknownSync(GetNotificationHistoryRequestBody)
    expect(encode(new GetNotificationHistoryRequestBody({ events: "clicked", app_id: appId }))).toEqual({
      events: "clicked",
      app_id: appId
    })
    expect(() => Schema.decodeUnknownSync(GetNotificationHistoryRequestBody)({ events: "opened" })).toThrow(/events/)
  })

  it("GenericSuccessBoolResponse decodes { success }", () => {
    expect(Schema.decodeUnknownSync(GenericSuccessBoolResponse)({ success: true }).success).toBe(true)
    expect(() => Schema.decodeUnknownSync(GenericSuccessBoolResponse)({ success: "yes" })).toThrow()
  })

  it("FilterExpression tells filters from operators", () => {
    const decode = Schema.decodeUnknownSync(FilterExpression)
    expect(decode({ operator: "OR" })).toEqual({ operator: "OR" })
    expect(decode({ field: "country", relation: "=", value: "FR" })).toEqual({
      field: "country",
      relation: "=",
      value: "FR"
    })
    expect(() => decode({ operator: "XOR" })).toThrow()
  })

  it("LanguageStringMap uses OneSignal's keys for Chinese", () => {
    const decoded = Schema.decodeUnknownSync(LanguageStringMap)({ en: "Hello", "zh-Hant": "你好" })
    expect(decoded["zh-Hant"]).toBe("你好")
    expect(() => Schema.decodeUnknownSync(LanguageStringMap)({ en: 1 })).toThrow()
  })
})
