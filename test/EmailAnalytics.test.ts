/**
 * The email analytics operations through the mock transport: the request
 * each one sends (method, path, query, key), how answers decode, what is
 * refused locally, and every documented status.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as EmailAnalytics from "../src/EmailAnalytics.js"
import { OneSignal } from "../src/OneSignal.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, orgSecretKey, scriptLayer, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const expectRestKeyOnly = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(orgSecretKey)
}

/** A reputation answer with a null window and fields this library does not know. */
const reputationAnswer = {
  last_24_hours: { bounce_rate: 0.012, complaint_rate: 0.0004, sample_size: 2400 },
  last_7_days: { bounce_rate: 0.009, complaint_rate: 0.0002 },
  last_30_days: null,
  sending_domains: ["mail.acme.test"]
}

const range = { domain: "mail.acme.test", start: "2026-02-01T00:00:00Z", end: "2026-03-01T00:00:00Z" }

describe("getEmailReputation", () => {
  it.effect("GETs /apps/{app_id}/email_analytics/delivery_metrics with the REST key and decodes the windows", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const reputation = yield* onesignal.getEmailReputation(appId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/email_analytics/delivery_metrics`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectRestKeyOnly(request)
      expect(reputation).toBeInstanceOf(EmailAnalytics.EmailReputationResponse)
      expect(reputation.last_24_hours).toEqual({ bounce_rate: 0.012, complaint_rate: 0.0004 })
      expect(reputation.last_7_days?.complaint_rate).toBe(0.0002)
      expect(reputation.last_30_days).toBeNull()
      expect("sending_domains" in reputation).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, reputationAnswer)))))

  it.effect("percent-encodes the app id and refuses an empty one locally", () =>
    Effect.gen(function*() {
      yield* EmailAnalytics.getEmailReputation("a b/c")
      expect((yield* MockTransport.lastRequest).url).toBe(
        "https://onesignal.test/apps/a%20b%2Fc/email_analytics/delivery_metrics"
      )
      const error = yield* Effect.flip(EmailAnalytics.getEmailReputation(""))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it.effect("fails with ResponseDecodeError on a rate of the wrong type", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(EmailAnalytics.getEmailReputation(appId))
      expect(error._tag).toBe("ResponseDecodeError")
    }).pipe(Effect.provide(mockLayer(() => json(200, { last_7_days: { bounce_rate: "high" } })))))

  it.effect("is retried (a GET) after a 429", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(EmailAnalytics.getEmailReputation(appId))
      yield* TestClock.adjust("2 seconds")
      const reputation = yield* Fiber.join(fiber)
      expect(reputation.last_7_days?.bounce_rate).toBe(0.009)
      expect(yield* MockTransport.requests).toHaveLength(2)
    }).pipe(
      Effect.provide(
        Layer.fresh(scriptLayer([json(429, { errors: ["slow down"] }, { "retry-after": "1" }), json(200, reputationAnswer)]))
      )
    ))
})

describe("getEmailProviderMetrics", () => {
  it.effect("GETs /apps/{app_id}/email_analytics/provider_metrics with the domain and range", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const metrics = yield* onesignal.getEmailProviderMetrics(appId, {
        domain: "mail.acme.test",
        start: new Date("2026-02-01T00:00:00Z"),
        end: "2026-03-01T00:00:00Z"
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/email_analytics/provider_metrics`)
      expect(request.query).toEqual({
        domain: "mail.acme.test",
        start: "2026-02-01T00:00:00.000Z",
        end: "2026-03-01T00:00:00Z"
      })
      expectRestKeyOnly(request)
      expect(metrics).toBeInstanceOf(EmailAnalytics.EmailProviderMetricsResponse)
      expect(metrics.providers).toEqual([
        { provider: "gmail", delivered: 120, opened: 80, bounced: 1, deliverability: "degraded" },
        { provider: "a-provider-added-later", delivered: 3 }
      ])
      expect("domain" in metrics).toBe(false)
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, {
        providers: [
          { provider: "gmail", delivered: 120, opened: 80, bounced: 1, deliverability: "degraded" },
          { provider: "a-provider-added-later", delivered: 3 }
        ],
        domain: "mail.acme.test"
      })
    ))))

  it.effect("decodes the empty list of an unknown domain", () =>
    Effect.gen(function*() {
      const metrics = yield* EmailAnalytics.getEmailProviderMetrics(appId, { ...range, domain: "unknown.test" })
      expect(metrics.providers).toEqual([])
    }).pipe(Effect.provide(mockLayer(() => json(200, { providers: [] })))))

  it.effect("fails with InvalidRequest and sends nothing on a bad range or no domain", () =>
    Effect.gen(function*() {
      const refused: ReadonlyArray<EmailAnalytics.EmailProviderMetricsOptions> = [
        { ...range, start: range.end, end: range.start },
        { ...range, end: range.start },
        { ...range, start: "last tuesday" },
        { ...range, end: new Date("nope") },
        { ...range, domain: "" },
        { start: range.start, end: range.end } as unknown as EmailAnalytics.EmailProviderMetricsOptions
      ]
      for (const query of refused) {
        const error = yield* Effect.flip(EmailAnalytics.getEmailProviderMetrics(appId, query))
        expect(error._tag).toBe("InvalidRequest")
      }
      const reversed = yield* Effect.flip(
        EmailAnalytics.getEmailProviderMetrics(appId, { ...range, start: range.end, end: range.start })
      )
      expect(reversed._tag === "InvalidRequest" && reversed.issue).toContain("start must be before end")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { providers: [] })))))
})

describe("getEmailProviderMetricsTimeseries", () => {
  it.effect("GETs .../provider_metrics_timeseries with granularity and providers[] as repeated parameters", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const series = yield* onesignal.getEmailProviderMetricsTimeseries(appId, {
        ...range,
        granularity: "daily",
        providers: ["gmail", "outlook"]
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/email_analytics/provider_metrics_timeseries`)
      const params = new URL(request.url).searchParams
      expect(params.get("domain")).toBe("mail.acme.test")
      expect(params.get("start")).toBe(range.start)
      expect(params.get("end")).toBe(range.end)
      expect(params.get("granularity")).toBe("daily")
      expect(params.getAll("providers[]")).toEqual(["gmail", "outlook"])
      expect(params.has("providers")).toBe(false)
      expectRestKeyOnly(request)
      expect(series).toBeInstanceOf(EmailAnalytics.EmailProviderMetricsTimeseriesResponse)
      expect(series.events).toEqual([
        { timestamp: "2026-02-01T00:00:00Z", delivered: 40, spam_complaints: 0, trend: "rising" }
      ])
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, {
        events: [{ timestamp: "2026-02-01T00:00:00Z", delivered: 40, spam_complaints: 0, trend: "rising" }],
        granularity: "daily"
      })
    ))))

  it.effect("sends neither granularity nor providers[] when absent", () =>
    Effect.gen(function*() {
      const series = yield* EmailAnalytics.getEmailProviderMetricsTimeseries(appId, range)
      const request = yield* MockTransport.lastRequest
      expect(Object.keys(request.query).sort()).toEqual(["domain", "end", "start"])
      expect(series.events).toBeNull()
    }).pipe(Effect.provide(mockLayer(() => json(200, { events: null })))))

  it.effect("fails with InvalidRequest and sends nothing on an unknown granularity or a bad range", () =>
    Effect.gen(function*() {
      const refused = [
        { ...range, granularity: "weekly" },
        { ...range, granularity: "daily", start: range.end, end: range.start },
        { ...range, providers: [""] }
      ]
      for (const query of refused) {
        const error = yield* Effect.flip(
          EmailAnalytics.getEmailProviderMetricsTimeseries(
            appId,
            query as unknown as EmailAnalytics.EmailProviderMetricsTimeseriesOptions
          )
        )
        expect(error._tag).toBe("InvalidRequest")
      }
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { events: [] })))))
})

// Every documented status, mapped to its tag. The reference-only operations
// document no statuses of their own: they share getEmailReputation's.
const documented: ReadonlyArray<readonly [number, string]> = [
  [400, "BadRequest"],
  [404, "NotFound"],
  [429, "RateLimited"]
]

describeErrorStatuses({
  calls: {
    getEmailReputation: EmailAnalytics.getEmailReputation(appId),
    getEmailProviderMetrics: EmailAnalytics.getEmailProviderMetrics(appId, range),
    getEmailProviderMetricsTimeseries: EmailAnalytics.getEmailProviderMetricsTimeseries(appId, {
      ...range,
      granularity: "hourly"
    })
  },
  documented: {
    getEmailReputation: documented,
    getEmailProviderMetrics: documented,
    getEmailProviderMetricsTimeseries: documented
  }
})
