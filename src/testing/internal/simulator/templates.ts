/**
 * The simulator's templates routes: create, view, list (by channel, 50 at
 * most a page), update, delete, and copy to another app (organization key).
 * A template is stored with its content fields as sent (`is_email` / `is_sms`
 * read as `isEmail` / `isSMS`); its channel follows from the two flags.
 */
import {
  isRecord,
  type Json,
  ok,
  reject,
  type Handlers,
  type RouteContext,
  type SimulatorReply,
  type Store,
  type TemplateRecord
} from "./core.js"
import { TargetChannel } from "../../../SharedModels.js"
import { isoDate, pageOf } from "./segments.js"

const templateNotFound = (): never => reject(404, "Template not found")

const findTemplate = (store: Store, appId: string, id: string): TemplateRecord => {
  const template = store.templates.get(id)
  return template !== undefined && template.appId === appId ? template : templateNotFound()
}

/** The channels a template may be for: the client's `TargetChannel`. */
const channels = new Set<string>(TargetChannel.literals)

const channelOf = (fields: Json): "push" | "email" | "sms" =>
  fields["isEmail"] === true ? "email" : fields["isSMS"] === true ? "sms" : "push"

/** A template as the API answers it (`TemplateResource`). */
const templateView = (template: TemplateRecord): Json => ({
  id: template.id,
  name: template.name,
  app_id: template.appId,
  created_at: isoDate(template.createdAt),
  updated_at: isoDate(template.updatedAt),
  channel: channelOf(template.fields),
  content: template.fields
})

const languageMapFields = ["contents", "headings", "subtitle"] as const

const textFields = ["email_subject", "email_body", ...languageMapFields] as const

/** Whether every `{{` and `{%` of a text is closed (a Liquid syntax check, coarse but telling). */
const liquidIsBalanced = (text: string): boolean => {
  const rest = text.replace(/\{\{[\s\S]*?\}\}/g, "").replace(/\{%[\s\S]*?%\}/g, "")
  return !rest.includes("{{") && !rest.includes("{%")
}

const isJsonText = (u: unknown): boolean => {
  if (typeof u !== "string") return false
  try {
    JSON.parse(u)
    return true
  } catch {
    return false
  }
}

const textsOf = (value: unknown): Array<string> =>
  typeof value === "string" ? [value] : isRecord(value) ? Object.values(value).flatMap(textsOf) : []

/**
 * Checks and normalizes the content fields of a create or update body: the
 * language maps hold strings, the channel flags are booleans (not both
 * true), at most 5 BCC addresses, `dynamic_content` is JSON in a string.
 * Rejects with 400 naming the field.
 */
const contentFields = (body: Json): Json => {
  const fields: Json = {}
  for (const [key, value] of Object.entries(body)) {
    if (key === "app_id" || key === "name") continue
    const normalized = key === "is_email" ? "isEmail" : key === "is_sms" ? "isSMS" : key
    fields[normalized] = value
  }
  for (const key of languageMapFields) {
    const map = fields[key]
    if (map === undefined) continue
    if (!isRecord(map) || Object.values(map).some((text) => typeof text !== "string")) {
      reject(400, `${key} must be an object of language code to text.`)
    }
  }
  for (const flag of ["isEmail", "isSMS"]) {
    if (fields[flag] !== undefined && typeof fields[flag] !== "boolean") reject(400, `${flag} must be a boolean.`)
  }
  for (const key of ["email_subject", "email_body"]) {
    const text = fields[key]
    if (text !== undefined && text !== null && typeof text !== "string") reject(400, `${key} must be a string.`)
  }
  const bcc = fields["email_bcc"]
  if (bcc !== undefined && bcc !== null) {
    if (!Array.isArray(bcc) || bcc.some((address) => typeof address !== "string")) {
      reject(400, "email_bcc must be a list of email addresses.")
    } else if (bcc.length > 5) {
      reject(400, `email_bcc may hold at most 5 addresses (got ${bcc.length}).`)
    }
  }
  const dynamic = fields["dynamic_content"]
  if (dynamic !== undefined && dynamic !== null && !isJsonText(dynamic)) {
    reject(400, "dynamic_content must be a JSON document in a string.")
  }
  return fields
}

/** Rejects content that could never be rendered: both channel flags set (400), or broken Liquid (422). */
const checkRenderable = (fields: Json): void => {
  if (fields["isEmail"] === true && fields["isSMS"] === true) {
    reject(400, "A template is for one channel: isEmail and isSMS cannot both be true.")
  }
  for (const key of textFields) {
    if (!textsOf(fields[key]).every(liquidIsBalanced)) {
      reject(422, `Liquid syntax error in ${key}: a "{{" or "{%" is not closed.`)
    }
  }
}

const validateName = (name: unknown): string =>
  typeof name === "string" && name.trim() !== "" ? name : reject(400, "name is required.")

const create = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(body["app_id"])
  const name = validateName(body["name"])
  if (body["contents"] === undefined) return reject(400, "contents is required.")
  const fields = contentFields(body)
  checkRenderable(fields)
  const id = context.newId()
  const template: TemplateRecord = {
    id,
    appId: app.id,
    name,
    fields,
    createdAt: context.nowMillis,
    updatedAt: context.nowMillis
  }
  context.store.templates.set(id, template)
  return ok(templateView(template))
}

const view = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.request.query["app_id"])
  return ok(templateView(findTemplate(context.store, app.id, context.params["template_id"]!)))
}

const list = (context: RouteContext): SimulatorReply => {
  const { query } = context.request
  const app = context.restApp(query["app_id"])
  const { limit, offset } = pageOf(query, 50)
  const channel = query["channel"]
  if (channel !== undefined && channel !== "" && !channels.has(channel)) {
    return reject(400, `channel must be push, email or sms (got ${JSON.stringify(channel)}).`)
  }
  const all = [...context.store.templates.values()].filter((template) =>
    template.appId === app.id && (channel === undefined || channel === "" || channelOf(template.fields) === channel)
  )
  return ok({ templates: all.slice(offset, offset + limit).map(templateView) })
}

const update = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.request.query["app_id"])
  const template = findTemplate(context.store, app.id, context.params["template_id"]!)
  const body = context.body()
  const name = body["name"] === undefined ? template.name : validateName(body["name"])
  const fields = { ...template.fields, ...contentFields(body) }
  checkRenderable(fields)
  template.name = name
  template.fields = fields
  template.updatedAt = context.nowMillis
  return ok(templateView(template))
}

const remove = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.request.query["app_id"])
  const template = findTemplate(context.store, app.id, context.params["template_id"]!)
  context.store.templates.delete(template.id)
  return ok({ success: true })
}

const copyToApp = (context: RouteContext): SimulatorReply => {
  context.organization()
  const { store } = context
  const sourceAppId = context.request.query["app_id"]
  if (sourceAppId === undefined || sourceAppId === "") return reject(400, "app_id is required.")
  if (!store.apps.has(sourceAppId)) return reject(400, `app_id not found: there is no app with id ${sourceAppId}.`)
  const body = context.body()
  const targetAppId = body["target_app_id"]
  if (typeof targetAppId !== "string" || targetAppId === "") return reject(400, "target_app_id is required.")
  if (!store.apps.has(targetAppId)) {
    return reject(400, `target_app_id not found: there is no app with id ${targetAppId}.`)
  }
  const source = findTemplate(store, sourceAppId, context.params["template_id"]!)
  const id = context.newId()
  const copy: TemplateRecord = {
    id,
    appId: targetAppId,
    name: source.name,
    fields: structuredClone(source.fields),
    createdAt: context.nowMillis,
    updatedAt: context.nowMillis
  }
  store.templates.set(id, copy)
  return ok(templateView(copy))
}

export const handlers: Handlers = {
  createTemplate: create,
  viewTemplates: list,
  viewTemplate: view,
  updateTemplate: update,
  deleteTemplate: remove,
  copyTemplateToApp: copyToApp
}
