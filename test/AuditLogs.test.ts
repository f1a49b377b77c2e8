import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as AuditLogs from "../src/AuditLogs.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, orgMockLayer, orgSecretKey, secretKey } from "./utils/harness.js"
import { describeErrorStatuses } from "./utils/statuses.js"

const organizationId = "4f1b3b8e-2c53-4b8e-9d2f-0d5b1e1c9a11"

/** A page of audit events as OneSignal answers it, with nulls and unknown fields. */
const page = {
  audit_logs: [
    {
      id: "6c1f8f0e-0c44-4a55-9a7e-3f1d2b3c4d5e",
      version: 1,
      action: "notification.sent",
      occurred_at: "2026-02-18T12:34:56Z",
      organization_id: organizationId,
      app_id: appId,
      actor: {
        type: "api_key",
        id: "0aa1b2c3-d4e5-46f7-8899-aabbccddeeff",
        name: "backend-eu",
        email: null,
        metadata: { key_name: "backend-eu" },
        role: "admin"
      },
      context: { ip: "203.0.113.7", country: "DE", user_agent: "effect-onesignal/0.1.0", metadata: null },
      targets: [{ type: "notification", id: "b98881cc-1e94-4366-bbd9-db8f3429292b", name: null, metadata: {} }],
      metadata: { recipients: 12 },
      severity: "info"
    },
    {
      id: "second",
      action: "member.invited",
      occurred_at: "2026-02-18T13:00:00Z",
      organization_id: organizationId,
      app_id: null,
      actor: null,
      context: null,
      targets: []
    }
  ],
  has_more: true,
  next_cursor: "eyJvZmZzZXQiOjJ9",
  request_id: "req-1"
}

const expectOrgKeyOnly = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(secretKey)
}

describe("listAuditLogs", () => {
  it.effect("GETs /organizations/{organization_id}/audit_logs with the time range and decodes the page", () =>
    Effect.gen(function*() {
      const result = yield* AuditLogs.listAuditLogs(organizationId, {
        start_time: "2026-02-01T00:00:00Z",
        end_time: new Date("2026-02-19T00:00:00Z"),
        limit: 50
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/organizations/${organizationId}/audit_logs`)
      expect(request.query).toEqual({
        start_time: "2026-02-01T00:00:00Z",
        end_time: "2026-02-19T00:00:00.000Z",
        limit: "50"
      })
      expect(request.bodyText).toBeUndefined()
      expectOrgKeyOnly(request)
      expect(result).toBeInstanceOf(AuditLogs.ListAuditLogsSuccessResponse)
      expect(result.has_more).toBe(true)
      expect(result.next_cursor).toBe("eyJvZmZzZXQiOjJ9")
      expect("request_id" in result).toBe(false)
      const [sent, invited] = result.audit_logs!
      expect(sent).toBeInstanceOf(AuditLogs.AuditLogEvent)
      expect(sent!.action).toBe("notification.sent")
      expect(sent!.version).toBe(1)
      expect(sent!.actor).toEqual({
        type: "api_key",
        id: "0aa1b2c3-d4e5-46f7-8899-aabbccddeeff",
        name: "backend-eu",
        email: null,
        metadata: { key_name: "backend-eu" }
      })
      expect(sent!.context?.country).toBe("DE")
      expect(sent!.context?.metadata).toBeNull()
      expect(sent!.targets?.[0]?.type).toBe("notification")
      expect(sent!.targets?.[0]?.name).toBeNull()
      expect(sent!.metadata).toEqual({ recipients: 12 })
      expect("severity" in sent!).toBe(false)
      expect(invited!.app_id).toBeNull()
      expect(invited!.actor).toBeNull()
      expect(invited!.version).toBeUndefined()
    }).pipe(Effect.provide(orgMockLayer(() => json(200, page)))))

  it.effect("sends a cursor and every filter, array filters as repeated parameters", () =>
    Effect.gen(function*() {
      yield* AuditLogs.listAuditLogs(organizationId, {
        cursor: "eyJvZmZzZXQiOjJ9",
        app_ids: [appId, "other-app"],
        actions: ["notification.sent", "segment.created"],
        actor_ids: ["actor-1"],
        actor_emails: ["ops@acme.test"],
        target_types: ["notification"],
        target_ids: ["target-1", "target-2"],
        ip_addresses: ["203.0.113.7"]
      })
      const request = yield* MockTransport.lastRequest
      const params = new URL(request.url).searchParams
      expect(params.get("cursor")).toBe("eyJvZmZzZXQiOjJ9")
      expect(params.getAll("app_ids")).toEqual([appId, "other-app"])
      expect(params.getAll("actions")).toEqual(["notification.sent", "segment.created"])
      expect(params.getAll("actor_ids")).toEqual(["actor-1"])
      expect(params.getAll("actor_emails")).toEqual(["ops@acme.test"])
      expect(params.getAll("target_types")).toEqual(["notification"])
      expect(params.getAll("target_ids")).toEqual(["target-1", "target-2"])
      expect(params.getAll("ip_addresses")).toEqual(["203.0.113.7"])
      expect([...params.keys()].filter((key) => key === "start_time" || key === "limit")).toEqual([])
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { audit_logs: [], has_more: false })))))

  it.effect("percent-encodes the organization id", () =>
    Effect.gen(function*() {
      yield* AuditLogs.listAuditLogs("acme org/eu@1", { cursor: "c" })
      const request = yield* MockTransport.lastRequest
      expect(request.url).toBe("https://onesignal.test/organizations/acme%20org%2Feu%401/audit_logs?cursor=c")
    }).pipe(Effect.provide(orgMockLayer(() => json(200, {})))))

  it.effect("is a method of OneSignalOrganization", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const result = yield* organization.listAuditLogs(organizationId, { start_time: "2026-02-01T00:00:00Z" })
      expect(result.audit_logs).toHaveLength(2)
      expectOrgKeyOnly(yield* MockTransport.lastRequest)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, page)))))

  it.effect("fails with InvalidRequest and sends nothing when the query breaks the schema", () =>
    Effect.gen(function*() {
      const noRange = yield* Effect.flip(AuditLogs.listAuditLogs(organizationId))
      expect(noRange._tag).toBe("InvalidRequest")
      if (noRange._tag !== "InvalidRequest") return
      expect(noRange.route).toBe("/organizations/{organization_id}/audit_logs")
      expect(noRange.issue).toContain("start_time is required unless cursor is given")
      const tooMany = yield* Effect.flip(AuditLogs.listAuditLogs(organizationId, {
        start_time: "2026-02-01T00:00:00Z",
        app_ids: Array.from({ length: 11 }, (_, i) => `app-${i}`)
      }))
      expect(tooMany._tag).toBe("InvalidRequest")
      const badLimit = yield* Effect.flip(AuditLogs.listAuditLogs(organizationId, { cursor: "c", limit: 101 }))
      expect(badLimit._tag).toBe("InvalidRequest")
      const badDate = yield* Effect.flip(AuditLogs.listAuditLogs(organizationId, { start_time: new Date("nope") }))
      expect(badDate._tag).toBe("InvalidRequest")
      const noOrganization = yield* Effect.flip(AuditLogs.listAuditLogs("", { cursor: "c" }))
      expect(noOrganization._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, page)))))
})

// Every documented status, mapped to its tag.
const documented: ReadonlyArray<readonly [number, string]> = [
  [400, "BadRequest"],
  [403, "Unauthorized"],
  [404, "NotFound"],
  [429, "RateLimited"],
  [401, "Unauthorized"],
  [500, "ServerError"],
  [422, "BadRequest"]
]

describeErrorStatuses({
  calls: { listAuditLogs: AuditLogs.listAuditLogs(organizationId, { cursor: "c" }) },
  documented: { listAuditLogs: documented },
  organization: true
})
