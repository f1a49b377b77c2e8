/**
 * Templates: reusable message content (push, email or SMS) saved in an app,
 * which a message uses through its `template_id`.
 *
 * Creating, reading, listing, updating and deleting templates needs the REST
 * API key (methods of the `OneSignal` service); copying a template to another
 * app of the organization needs the Organization API key (`copyTemplateToApp`,
 * a method of the `OneSignalOrganization` service).
 *
 * Two request fields are not snake_case on the wire: `isEmail` and `isSMS`
 * (some SDKs expose them as `is_email` / `is_sms`); the JSON keys are used here.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import { GenericSuccessBoolResponse, JsonObject, LanguageStringMap, TargetChannel } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

const templateContentFields = {
  /** The template's name, shown in the dashboard. */
  name: Schema.NonEmptyString,
  /** The message text per language (`en` at least); supports Liquid personalization. */
  contents: LanguageStringMap,
  /** The push title per language. */
  headings: LanguageStringMap,
  /** The iOS subtitle per language. */
  subtitle: LanguageStringMap,
  /** `true` makes it an email template. */
  isEmail: Schema.Boolean,
  /** Email: the subject line. */
  email_subject: Schema.NullOr(Schema.String),
  /** Email: the body, HTML allowed. */
  email_body: Schema.NullOr(Schema.String),
  /** Email: up to 5 BCC addresses; only with OneSignal's own email provider. */
  email_bcc: Schema.NullOr(Schema.Array(Schema.String).pipe(Schema.maxItems(5))),
  /** `true` makes it an SMS template. */
  isSMS: Schema.Boolean,
  /** Dynamic content for personalization, as a JSON document in a string. */
  dynamic_content: Schema.NullOr(Schema.String)
}

// The request shapes are named consts so that endpoint declarations use them
// directly: reading `CreateTemplateRequest.fields` at module level would keep
// every class of the module in a bundle that needs only one endpoint.
const createTemplateRequestFields = requestFields({
  /** The app the template belongs to (a UUID). */
  app_id: Schema.NonEmptyString,
  ...templateContentFields
}, ["app_id", "name", "contents"])

const updateTemplateRequestFields = requestFields(templateContentFields, [])

/**
 * A template to create with `POST /templates`: the app, a name and the
 * content; `isEmail` / `isSMS` select the email or SMS channel (push
 * otherwise).
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateTemplateRequest
  extends Schema.Class<CreateTemplateRequest>("effect-onesignal/CreateTemplateRequest")(createTemplateRequestFields)
{}

/**
 * The changes of `PATCH /templates/{template_id}`: every field is optional
 * and only the fields given are changed.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateTemplateRequest
  extends Schema.Class<UpdateTemplateRequest>("effect-onesignal/UpdateTemplateRequest")(updateTemplateRequestFields)
{}

const copyTemplateRequestFields = {
  /** The app to copy the template into (a UUID, in the same organization). */
  target_app_id: Schema.NonEmptyString
}

/**
 * The body of `POST /templates/{template_id}/copy_to_app`.
 *
 * @since 0.1.0
 * @category Models
 */
export class CopyTemplateRequest
  extends Schema.Class<CopyTemplateRequest>("effect-onesignal/CopyTemplateRequest")(copyTemplateRequestFields)
{}

/**
 * A template as OneSignal answers it (create, read, update, copy, list).
 *
 * @since 0.1.0
 * @category Models
 */
export class TemplateResource extends Schema.Class<TemplateResource>("effect-onesignal/TemplateResource")(lenientFields({
  /** The template's id (a UUID); a message refers to it as `template_id`. */
  id: Schema.String,
  /** The template's name. */
  name: Schema.String,
  /** When the template was created, as an ISO 8601 date-time string. */
  created_at: Schema.String,
  /** When the template was last changed, as an ISO 8601 date-time string. */
  updated_at: Schema.String,
  /** The channel the template is for: `push`, `email` or `sms`. */
  channel: TargetChannel,
  /** The rendered content and the channel/platform flags, keyed as OneSignal sends them. */
  content: JsonObject
})) {}

/**
 * One page of `GET /templates`.
 *
 * @since 0.1.0
 * @category Models
 */
export class TemplatesListResponse extends Schema.Class<TemplatesListResponse>("effect-onesignal/TemplatesListResponse")(lenientFields({
  /** The templates of this page. */
  templates: Schema.Array(TemplateResource)
})) {}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

const AppIdQuery = Schema.Struct({ app_id: Schema.NonEmptyString })

/** A template of an app: its id in the path, the app in the query. */
const templateOfApp = (templateId: string, appId: string, options?: CallOptions) => ({
  path: { template_id: templateId },
  query: { app_id: appId },
  options
})

/**
 * Options of `viewTemplates`: paging and the channel.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ViewTemplatesOptions extends CallOptions {
  /** Page size, 1 to 50 (OneSignal's default and maximum is 50). */
  readonly limit?: number | undefined
  /** How many templates to skip (0 when absent). */
  readonly offset?: number | undefined
  /** Only the templates of this channel: `push`, `email` or `sms`. */
  readonly channel?: TargetChannel | undefined
}

const ViewTemplatesQuery = Schema.Struct({
  app_id: Schema.NonEmptyString,
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 50))),
  offset: Schema.optional(Schema.NonNegativeInt),
  channel: Schema.optional(TargetChannel)
})

/**
 * Creates a push, email or SMS template (`POST /templates`). A 422
 * (OneSignal rejected the content) fails with `BadRequest` carrying
 * `status: 422`. Not retried by default (a POST without an idempotency key);
 * pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createTemplate = Endpoint.make({
  name: "createTemplate",
  method: "POST",
  route: "/templates",
  key: "rest",
  request: (createTemplateRequest: CreateTemplateRequest, options?: CallOptions) => ({
    body: createTemplateRequest,
    options
  }),
  body: Schema.Struct(createTemplateRequestFields),
  success: TemplateResource
})

/**
 * Reads one template (`GET /templates/{template_id}?app_id=`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const viewTemplate = Endpoint.make({
  name: "viewTemplate",
  method: "GET",
  route: "/templates/{template_id}",
  key: "rest",
  request: templateOfApp,
  query: AppIdQuery,
  success: TemplateResource,
  errors: { 404: NotFound }
})

/**
 * Lists an app's templates a page at a time, optionally of one channel only
 * (`GET /templates?app_id=`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const viewTemplates = Endpoint.make({
  name: "viewTemplates",
  method: "GET",
  route: "/templates",
  key: "rest",
  request: (appId: string, options?: ViewTemplatesOptions) => ({
    query: { app_id: appId, limit: options?.limit, offset: options?.offset, channel: options?.channel },
    options
  }),
  query: ViewTemplatesQuery,
  success: TemplatesListResponse
})

/**
 * Changes the fields given of a template
 * (`PATCH /templates/{template_id}?app_id=`). Not retried by default (a
 * PATCH); pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateTemplate = Endpoint.make({
  name: "updateTemplate",
  method: "PATCH",
  route: "/templates/{template_id}",
  key: "rest",
  request: (
    templateId: string,
    appId: string,
    updateTemplateRequest: UpdateTemplateRequest,
    options?: CallOptions
  ) => ({ ...templateOfApp(templateId, appId, options), body: updateTemplateRequest }),
  query: AppIdQuery,
  body: Schema.Struct(updateTemplateRequestFields),
  success: TemplateResource,
  errors: { 404: NotFound }
})

/**
 * Deletes a template (`DELETE /templates/{template_id}?app_id=`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteTemplate = Endpoint.make({
  name: "deleteTemplate",
  method: "DELETE",
  route: "/templates/{template_id}",
  key: "rest",
  request: templateOfApp,
  query: AppIdQuery,
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})

/**
 * Copies a template of `appId` into another app of the same organization
 * (`POST /templates/{template_id}/copy_to_app?app_id=`); the copy gets a new
 * id, returned in the answer.
 *
 * Needs the Organization API key: this is a method of
 * `OneSignalOrganization`, not of `OneSignal`. Not retried by default (a
 * second attempt could make a second copy); pass `retry` to opt in.
 *
 * @since 0.1.0
 * @category Operations
 */
export const copyTemplateToApp = Endpoint.make({
  name: "copyTemplateToApp",
  method: "POST",
  route: "/templates/{template_id}/copy_to_app",
  key: "org",
  request: (templateId: string, appId: string, copyTemplateRequest: CopyTemplateRequest, options?: CallOptions) => ({
    ...templateOfApp(templateId, appId, options),
    body: copyTemplateRequest
  }),
  query: AppIdQuery,
  body: Schema.Struct(copyTemplateRequestFields),
  success: TemplateResource,
  errors: { 404: NotFound }
})
