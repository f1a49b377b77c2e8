import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as Templates from "../src/Templates.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import {
  appId,
  json,
  mockLayer,
  orgMockLayer,
  orgSecretKey,
  scriptLayer,
  secretKey
} from "./utils/harness.js"
import { commonStatuses, errorStatusTests } from "./utils/statuses.js"

const templateId = "e4d3c2b1-a09f-4f1e-8d7c-6b5a4f3e2d1c"
const targetAppId = "0c8a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b"
/** An id with characters that must be percent-encoded in a path segment. */
const oddTemplateId = "tpl/1 @welcome"
const oddTemplatePath = "tpl%2F1%20%40welcome"

/** A template as OneSignal answers it, with fields this library does not know and a null. */
const realisticTemplate = {
  id: templateId,
  name: "Welcome email",
  created_at: "2025-01-15T09:30:00.000Z",
  updated_at: null,
  channel: "email",
  content: {
    subject: "Welcome aboard",
    email_body: "<p>Hi {{ first_name | default: 'there' }}</p>",
    isEmail: true,
    isSMS: false,
    email_bcc: null
  },
  folder_id: "f-1",
  archived: false
}

const expectRestKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${secretKey}`)
  expect(Object.values(request.headers).join("\n")).not.toContain(orgSecretKey)
}

const expectOrgKey = (request: MockTransport.RecordedRequest) => {
  expect(request.headers.authorization).toBe(`Key ${orgSecretKey}`)
  expect(Object.values(request.headers).join("\n")).not.toContain(secretKey)
}

describe("createTemplate", () => {
  it.effect("POSTs the template to /templates with the REST key and the JSON keys isEmail/isSMS", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const template = yield* onesignal.createTemplate({
        app_id: appId,
        name: "Welcome email",
        contents: { en: "Welcome!" },
        isEmail: true,
        isSMS: false,
        email_subject: "Welcome aboard",
        email_body: "<p>Hi</p>",
        email_bcc: ["audit@example.com"],
        dynamic_content: null
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.url).toBe("https://onesignal.test/templates")
      expect(request.query).toEqual({})
      expectRestKey(request)
      expect(request.headers["content-type"]).toBe("application/json")
      expect(request.body).toEqual({
        app_id: appId,
        name: "Welcome email",
        contents: { en: "Welcome!" },
        isEmail: true,
        isSMS: false,
        email_subject: "Welcome aboard",
        email_body: "<p>Hi</p>",
        email_bcc: ["audit@example.com"],
        dynamic_content: null
      })
      expect(template).toBeInstanceOf(Templates.TemplateResource)
      expect(template.id).toBe(templateId)
      expect(template.channel).toBe("email")
      expect(template.updated_at).toBeNull()
      expect(template.content?.isEmail).toBe(true)
      expect("folder_id" in template).toBe(false)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticTemplate)))))

  it.effect("fails with InvalidRequest and sends nothing when the template breaks the schema", () =>
    Effect.gen(function*() {
      const noContents = yield* Effect.flip(Templates.createTemplate(
        { app_id: appId, name: "x" } as unknown as Templates.CreateTemplateRequest
      ))
      expect(noContents._tag).toBe("InvalidRequest")
      if (noContents._tag !== "InvalidRequest") return
      expect(noContents.route).toBe("/templates")
      expect(noContents.issue).toContain("contents")
      const tooManyBcc = yield* Effect.flip(Templates.createTemplate({
        app_id: appId,
        name: "x",
        contents: { en: "x" },
        email_bcc: ["a@x", "b@x", "c@x", "d@x", "e@x", "f@x"]
      }))
      expect(tooManyBcc._tag).toBe("InvalidRequest")
      const snakeCaseFlag = yield* Effect.flip(Templates.createTemplate({
        app_id: appId,
        name: "x",
        contents: { en: "x" },
        isSMS: "yes" as unknown as boolean
      }))
      expect(snakeCaseFlag._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticTemplate)))))

  it.effect("a 422 lands in BadRequest with its status", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Templates.createTemplate({ app_id: appId, name: "x", contents: { en: "{{ broken" } })
      )
      expect(error._tag).toBe("BadRequest")
      if (error._tag !== "BadRequest") return
      expect(error.status).toBe(422)
      expect(error.errors).toEqual(["Liquid syntax error"])
    }).pipe(Effect.provide(scriptLayer([json(422, { errors: ["Liquid syntax error"] })]))))
})

describe("viewTemplate", () => {
  it.effect("GETs /templates/{template_id}?app_id= with a percent-encoded id", () =>
    Effect.gen(function*() {
      const template = yield* Templates.viewTemplate(oddTemplateId, appId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe(`/templates/${oddTemplatePath}`)
      expect(request.query).toEqual({ app_id: appId })
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(template.name).toBe("Welcome email")
      expect(template.created_at).toBe("2025-01-15T09:30:00.000Z")
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticTemplate)))))
})

describe("viewTemplates", () => {
  it.effect("GETs /templates with app_id, limit, offset and channel and decodes the list", () =>
    Effect.gen(function*() {
      const list = yield* Templates.viewTemplates(appId, { limit: 2, offset: 4, channel: "push" })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("GET")
      expect(request.path).toBe("/templates")
      expect(request.query).toEqual({ app_id: appId, limit: "2", offset: "4", channel: "push" })
      expectRestKey(request)
      expect(list).toBeInstanceOf(Templates.TemplatesListResponse)
      expect(list.templates).toHaveLength(2)
      expect(list.templates?.[1]).toBeInstanceOf(Templates.TemplateResource)
      expect(list.templates?.[1]?.channel).toBe("push")
      expect(list.templates?.[1]?.content).toBeNull()
      yield* Templates.viewTemplates(appId)
      expect((yield* MockTransport.lastRequest).query).toEqual({ app_id: appId })
    }).pipe(Effect.provide(mockLayer(() =>
      json(200, {
        templates: [realisticTemplate, { id: "t-2", name: "Push", channel: "push", content: null }],
        total_count: 2
      })
    ))))

  it.effect("rejects a limit over 50 and an unknown channel locally", () =>
    Effect.gen(function*() {
      expect((yield* Effect.flip(Templates.viewTemplates(appId, { limit: 51 })))._tag).toBe("InvalidRequest")
      expect((yield* Effect.flip(Templates.viewTemplates(appId, { channel: "fax" as "sms" })))._tag).toBe(
        "InvalidRequest"
      )
      expect((yield* Effect.flip(Templates.viewTemplates("")))._tag).toBe("InvalidRequest")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(mockLayer(() => json(200, { templates: [] })))))
})

describe("updateTemplate", () => {
  it.effect("PATCHes only the given fields to /templates/{template_id}?app_id=", () =>
    Effect.gen(function*() {
      const template = yield* Templates.updateTemplate(oddTemplateId, appId, {
        name: "Welcome email v2",
        headings: { en: "Hello", fr: "Bonjour" },
        email_bcc: null
      })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("PATCH")
      expect(request.path).toBe(`/templates/${oddTemplatePath}`)
      expect(request.query).toEqual({ app_id: appId })
      expectRestKey(request)
      expect(request.body).toEqual({ name: "Welcome email v2", headings: { en: "Hello", fr: "Bonjour" }, email_bcc: null })
      expect(template.id).toBe(templateId)
    }).pipe(Effect.provide(mockLayer(() => json(200, realisticTemplate)))))
})

describe("deleteTemplate", () => {
  it.effect("DELETEs /templates/{template_id}?app_id=", () =>
    Effect.gen(function*() {
      const result = yield* Templates.deleteTemplate(oddTemplateId, appId)
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("DELETE")
      expect(request.path).toBe(`/templates/${oddTemplatePath}`)
      expect(request.query).toEqual({ app_id: appId })
      expect(request.bodyText).toBeUndefined()
      expectRestKey(request)
      expect(result.success).toBe(true)
    }).pipe(Effect.provide(mockLayer(() => json(200, { success: true, template_id: templateId })))))
})

describe("copyTemplateToApp", () => {
  it.effect("POSTs { target_app_id } with the ORGANIZATION key, through the OneSignalOrganization service", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      const copy = yield* organization.copyTemplateToApp(oddTemplateId, appId, { target_app_id: targetAppId })
      const request = yield* MockTransport.lastRequest
      expect(request.method).toBe("POST")
      expect(request.path).toBe(`/templates/${oddTemplatePath}/copy_to_app`)
      expect(request.query).toEqual({ app_id: appId })
      expectOrgKey(request)
      expect(request.body).toEqual({ target_app_id: targetAppId })
      expect(copy).toBeInstanceOf(Templates.TemplateResource)
      expect(copy.id).toBe("f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f")
    }).pipe(Effect.provide(orgMockLayer(() =>
      json(200, { ...realisticTemplate, id: "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f", app_id: targetAppId })
    ))))

  it("is declared with the organization key", () => {
    expect(Templates.copyTemplateToApp.key).toBe("org")
    expect(Templates.createTemplate.key).toBe("rest")
  })

  it.effect("is a method of OneSignalOrganization only; the REST operations are not", () =>
    Effect.gen(function*() {
      const organization = yield* OneSignalOrganization
      expect(typeof organization.copyTemplateToApp).toBe("function")
      expect("createTemplate" in organization).toBe(false)
      expect("viewTemplates" in organization).toBe(false)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, {})))))

  it.effect("is not a method of OneSignal (and does not compile there)", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      expect("copyTemplateToApp" in onesignal).toBe(false)
      expect(typeof onesignal.createTemplate).toBe("function")
      // @ts-expect-error copyTemplateToApp needs the organization key
      expect(onesignal.copyTemplateToApp).toBeUndefined()
    }).pipe(Effect.provide(mockLayer(() => json(200, {})))))

  it.effect("fails with InvalidRequest and sends nothing without a target app", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Templates.copyTemplateToApp(templateId, appId, {} as Templates.CopyTemplateRequest)
      )
      expect(error._tag).toBe("InvalidRequest")
      if (error._tag !== "InvalidRequest") return
      expect(error.issue).toContain("target_app_id")
      expect(yield* MockTransport.requests).toHaveLength(0)
    }).pipe(Effect.provide(orgMockLayer(() => json(200, realisticTemplate)))))
})

// Every documented status of every operation, mapped to its tag. 404 is declared
// on the routes keyed by a template id.
const restCalls = {
  createTemplate: Templates.createTemplate({ app_id: appId, name: "x", contents: { en: "x" } }),
  viewTemplate: Templates.viewTemplate(templateId, appId),
  viewTemplates: Templates.viewTemplates(appId),
  updateTemplate: Templates.updateTemplate(templateId, appId, { name: "y" }),
  deleteTemplate: Templates.deleteTemplate(templateId, appId)
}

const documented: Record<keyof typeof restCalls | "copyTemplateToApp", ReadonlyArray<readonly [number, string]>> = {
  createTemplate: [[400, "BadRequest"], [422, "BadRequest"]],
  viewTemplate: [[400, "BadRequest"], [404, "NotFound"]],
  viewTemplates: [[400, "BadRequest"], [429, "RateLimited"]],
  updateTemplate: [[400, "BadRequest"], [404, "NotFound"]],
  deleteTemplate: [[400, "BadRequest"], [404, "NotFound"]],
  copyTemplateToApp: [[400, "BadRequest"], [404, "NotFound"]]
}

// The organization-scoped copy runs on its own layer.
const { copyTemplateToApp, ...restDocumented } = documented

const common: ReadonlyArray<readonly [number, string]> = [...commonStatuses, [429, "RateLimited"]]

const expectStatus = (call: Effect.Effect<unknown, any, any>, status: number, tag: string) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(call)
    expect(error._tag).toBe(tag)
    expect(error.status).toBe(status)
    expect(error.errors).toEqual([`status ${status}`])
    expect(yield* MockTransport.requests).toHaveLength(1)
  })

const reply = (status: number) => [json(status, { errors: [`status ${status}`] })]

describe("error statuses", () => {
  errorStatusTests({ calls: restCalls, documented: restDocumented, common })
  errorStatusTests({
    calls: { copyTemplateToApp: Templates.copyTemplateToApp(templateId, appId, { target_app_id: targetAppId }) },
    documented: { copyTemplateToApp },
    organization: true,
    common
  })

  it.effect("a 404 on a route without an id stays a BadRequest", () =>
    expectStatus(Templates.viewTemplates(appId), 404, "BadRequest").pipe(Effect.provide(
      Layer.fresh(scriptLayer(reply(404), { retry: RetryPolicy.none }))
    )))
})
