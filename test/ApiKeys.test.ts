import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { inspect } from "node:util"
import * as ApiKeys from "../src/ApiKeys.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, orgMockLayer, orgScriptLayer, orgSecretKey, secretKey } from "./utils/harness.js"
import { commonStatuses, describeErrorStatuses } from "./utils/statuses.js"

const tokenId = "0aa1b2c3-d4e5-46f7-8899-aabbccddeeff"
const newToken = "os_v2_app_NEWTOKEN-shown-once-7q2w3e4r5t6y"

/** `GET /apps/{app_id}/auth/tokens` as OneSignal answers it, with nulls and unknown fields. */
const tokenList = {
  tokens: [
    {
      token_id: tokenId,
      updated_at: "2025-03-01T10:00:00.000Z",
      created_at: "2025-02-01T10:00:00.000Z",
      name: "backend-eu",
      ip_allowlist_mode: "explicit",
      ip_allowlist: ["203.0.113.7", "198.51.100.0/24"],
      last_used_at: "2025-03-02T08:00:00.000Z"
    },
    {
      token_id: "b2",
      updated_at: null,
      created_at: "2025-01-01T00:00:00.000Z",
      name: "ci",
      ip_allowlist_mode: "disabled",
      ip_allowlist: null
    }
  ],
  total: 2
}

const expectOrgKeyOnly = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
  expect(JSON.stringify(request.headers)).not.toContain(secretKey)
}

describe("viewApiKeys", () => {
  it.effect("GETs /apps/{app_id}/auth/tokens with the organization key and decodes the keys", () =>
    Effect.gen(function*() {
      const list = yield* ApiKeys.viewApiKeys(appId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/apps/${appId}/auth/tokens`)
      expect(request.query).toEqual({})
      expect(request.bodyText).toBeUndefined()
      expectOrgKeyOnly(request)
      expect(list).toBeInstanceOf(ApiKeys.ApiKeyTokensListResponse)
      expect(list.tokens).toHaveLength(2)
      const [first, second] = list.tokens!
      expect(first).toBeInstanceOf(ApiKeys.ApiKeyToken)
      expect(first!.name).toBe("backend-eu")
      expect(first!.ip_allowlist_mode).toBe("explicit")
      expect(first!.ip_allowlist).toEqual(["203.0.113.7", "198.51.100.0/24"])
      expect("last_used_at" in first!).toBe(false)
      expect(second!.updated_at).toBeNull()
      expect(second!.ip_allowlist).toBeNull()
      expect("total" in list).toBe(false)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, tokenList)))))

  it.effect("is a method of OneSignalOrganization", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const list = yield* organization.viewApiKeys(appId)
      expect(list.tokens?.[0]?.token_id).toBe(tokenId)
      expectOrgKeyOnly(yield* MockTransport.lastRequest)
      expect(Object.keys(organization)).toEqual(
        expect.arrayContaining(["viewApiKeys", "createApiKey", "updateApiKey", "rotateApiKey", "deleteApiKey"])
      )
    }).pipe(Effect.provide(orgMockLayer(() => json(200, tokenList)))))
})

describe("createApiKey", () => {
  it.effect("POSTs the settings and decodes the token as a Redacted value that never prints", () =>
    Effect.gen(function*() {
      const created = yield* ApiKeys.createApiKey(appId, {
        name: "backend-eu",
        ip_allowlist_mode: "explicit",
        ip_allowlist: ["203.0.113.7"]
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/apps/${appId}/auth/tokens`)
      expect(request.headers["content-type"]).toBe("application/json")
      expectOrgKeyOnly(request)
      expect(request.body).toEqual({ name: "backend-eu", ip_allowlist_mode: "explicit", ip_allowlist: ["203.0.113.7"] })
      expect(created).toBeInstanceOf(ApiKeys.CreateApiKeyResponse)
      expect(created.token_id).toBe(tokenId)
      expect(Redacted.isRedacted(created.formatted_token)).toBe(true)
      expect(Redacted.value(created.formatted_token!)).toBe(newToken)
      // however the answer is shown, the token is not
      for (
        const shown of [
          String(created),
          JSON.stringify(created),
          JSON.stringify({ created }),
          inspect(created, { depth: 10 }),
          Inspectable.format(created),
          String(created.formatted_token)
        ]
      ) {
        expect(shown).not.toContain(newToken)
        expect(shown).not.toContain("NEWTOKEN")
      }
      // ...while the rest of the answer is shown
      expect(String(created)).toContain(tokenId)
      expect(JSON.stringify(created)).toContain(tokenId)
      expect(inspect(created)).toContain(tokenId)
    }).pipe(Effect.provide(orgMockLayer(() =>
      json(200, { token_id: tokenId, formatted_token: newToken, created_at: "2025-03-01T10:00:00Z" })
    ))))

  it.effect("sends an empty settings object and decodes a null token", () =>
    Effect.gen(function*() {
      const created = yield* ApiKeys.createApiKey(appId, new ApiKeys.CreateApiKeyRequest({}))
      expect((yield* MockTransport.lastRequest).body).toEqual({})
      expect(created.formatted_token).toBeNull()
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { token_id: tokenId, formatted_token: null })))))

  it.effect("fails with InvalidRequest and sends nothing on an unknown allowlist mode", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        ApiKeys.createApiKey(appId, { name: "x", ip_allowlist_mode: "open" as "disabled" })
      )
      expect(error._tag).toBe("InvalidRequest")
      if (error._tag !== "InvalidRequest") return
      expect(error.route).toBe("/apps/{app_id}/auth/tokens")
      expect(error.issue).toContain("ip_allowlist_mode")
      const badList = yield* Effect.flip(
        ApiKeys.createApiKey(appId, { ip_allowlist: "203.0.113.7" as unknown as ReadonlyArray<string> })
      )
      expect(badList._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, {})))))

  it.effect("a malformed answer fails with ResponseDecodeError that shows the token nowhere", () =>
    Effect.gen(function*() {
      for (const call of [ApiKeys.createApiKey(appId, { name: "x" }), ApiKeys.rotateApiKey(appId, tokenId)]) {
        const error = yield* Effect.flip(call)
        expect(error._tag).toBe("ResponseDecodeError")
        if (error._tag !== "ResponseDecodeError") return
        expect(error.issue).toContain("details withheld")
        expect(error.body).toBe("")
        for (const text of [String(error), error.message, JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(newToken)
        }
      }
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { token_id: 42, formatted_token: newToken })))))
})

describe("updateApiKey", () => {
  it.effect("PATCHes /apps/{app_id}/auth/tokens/{token_id}, percent-encoding both ids", () =>
    Effect.gen(function*() {
      const result = yield* ApiKeys.updateApiKey("app/1", "token @2", {
        ip_allowlist_mode: "disabled",
        ip_allowlist: []
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.url).toBe("https://onesignal.test/apps/app%2F1/auth/tokens/token%20%402")
      expectOrgKeyOnly(request)
      expect(request.body).toEqual({ ip_allowlist_mode: "disabled", ip_allowlist: [] })
      expect(result).toEqual({ success: true, token_id: tokenId })
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { success: true, token_id: tokenId })))))
})

describe("rotateApiKey", () => {
  it.effect("POSTs /apps/{app_id}/auth/tokens/{token_id}/rotate without a body, and redacts the new token", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const rotated = yield* organization.rotateApiKey(appId, tokenId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/apps/${appId}/auth/tokens/${tokenId}/rotate`)
      expect(request.bodyText).toBeUndefined()
      expectOrgKeyOnly(request)
      expect(rotated.token_id).toBe(tokenId)
      expect(Redacted.value(rotated.formatted_token!)).toBe(newToken)
      expect(String(rotated)).not.toContain(newToken)
      expect(JSON.stringify(rotated)).not.toContain(newToken)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { token_id: tokenId, formatted_token: newToken })))))

  it.effect("is never retried by default (a second rotation would revoke the unseen new token)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(ApiKeys.rotateApiKey(appId, tokenId))
      expect(error._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(1)
    }).pipe(Effect.provide(Layer.fresh(orgScriptLayer([
      json(503, { errors: ["busy"] }),
      json(200, { token_id: tokenId, formatted_token: newToken })
    ])))))
})

describe("deleteApiKey", () => {
  it.effect("DELETEs /apps/{app_id}/auth/tokens/{token_id} and decodes the free-form answer", () =>
    Effect.gen(function*() {
      const result = yield* ApiKeys.deleteApiKey(appId, tokenId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/apps/${appId}/auth/tokens/${tokenId}`)
      expect(request.bodyText).toBeUndefined()
      expectOrgKeyOnly(request)
      expect(result).toEqual({ success: true })
    }).pipe(Effect.provide(orgMockLayer(() => json(200, { success: true })))))

  it.effect("fails with InvalidRequest on an empty token id, sending nothing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(ApiKeys.deleteApiKey(appId, ""))
      expect(error._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, {})))))
})

// Every documented status of every endpoint, mapped to its tag. The routes are
// keyed by ids, so 404 is NotFound.
const calls = {
  viewApiKeys: ApiKeys.viewApiKeys(appId),
  createApiKey: ApiKeys.createApiKey(appId, { name: "x" }),
  updateApiKey: ApiKeys.updateApiKey(appId, tokenId, { name: "y" }),
  rotateApiKey: ApiKeys.rotateApiKey(appId, tokenId),
  deleteApiKey: ApiKeys.deleteApiKey(appId, tokenId)
}

const documented: Record<keyof typeof calls, ReadonlyArray<readonly [number, string]>> = {
  viewApiKeys: [[400, "BadRequest"]],
  createApiKey: [[400, "BadRequest"]],
  updateApiKey: [[400, "BadRequest"]],
  rotateApiKey: [[400, "BadRequest"]],
  deleteApiKey: [[400, "BadRequest"]]
}

describeErrorStatuses({
  calls,
  documented,
  organization: true,
  common: [...commonStatuses, [404, "NotFound"], [429, "RateLimited"]]
})
