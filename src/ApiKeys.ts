/**
 * App API keys ("Rich Authentication Tokens"): the REST API keys of one app,
 * each with a name and an optional IP allowlist. List them, create one,
 * change its name or allowlist, rotate it (revoke the token and issue a new
 * one with the same settings), delete it. Every call here needs the
 * organization API key (`OneSignalOrganization`).
 *
 * The token itself is shown once, by `createApiKey` and `rotateApiKey`. It is
 * decoded as a `Redacted` value, so it never shows up when the answer is
 * printed, logged or serialized: unwrap it with `Redacted.value` where it is
 * stored.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import { JsonObject } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

/**
 * Whether a key is usable from anywhere (`disabled`) or only from the
 * addresses of its `ip_allowlist` (`explicit`).
 *
 * @since 0.1.0
 * @category Models
 */
export const ApiKeyIpAllowlistMode = Schema.Literal("disabled", "explicit")

/**
 * @since 0.1.0
 * @category Models
 */
export type ApiKeyIpAllowlistMode = typeof ApiKeyIpAllowlistMode.Type

const settingsFields = {
  /** A label for the key, shown on the dashboard. */
  name: Schema.String,
  /** `explicit` to accept requests only from `ip_allowlist`, `disabled` to accept them from anywhere. */
  ip_allowlist_mode: ApiKeyIpAllowlistMode,
  /** The IP addresses or CIDR ranges allowed to use the key when the mode is `explicit`. */
  ip_allowlist: Schema.Array(Schema.String)
}

// Named so that the endpoint declarations use them directly (reading a
// class's `.fields` at module level would keep every class in the bundle).
const apiKeySettingsRequestFields = requestFields(settingsFields, [])

/**
 * A key of an app as `GET /apps/{app_id}/auth/tokens` lists it: its id and
 * settings, never the token itself.
 *
 * @since 0.1.0
 * @category Models
 */
export class ApiKeyToken extends Schema.Class<ApiKeyToken>("effect-onesignal/ApiKeyToken")(lenientFields({
  /** The key's id, used by the update, rotate and delete calls (not the token). */
  token_id: Schema.String,
  /** When the key was last changed. */
  updated_at: Schema.String,
  /** When the key was created. */
  created_at: Schema.String,
  ...settingsFields
})) {}

/**
 * The answer of `GET /apps/{app_id}/auth/tokens`.
 *
 * @since 0.1.0
 * @category Models
 */
export class ApiKeyTokensListResponse
  extends Schema.Class<ApiKeyTokensListResponse>("effect-onesignal/ApiKeyTokensListResponse")(lenientFields({
    /** The app's keys. */
    tokens: Schema.Array(ApiKeyToken)
  }))
{}

/**
 * The body of `POST /apps/{app_id}/auth/tokens`.
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateApiKeyRequest
  extends Schema.Class<CreateApiKeyRequest>("effect-onesignal/CreateApiKeyRequest")(apiKeySettingsRequestFields)
{}

/**
 * The body of `PATCH /apps/{app_id}/auth/tokens/{token_id}`: the settings to
 * change.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateApiKeyRequest
  extends Schema.Class<UpdateApiKeyRequest>("effect-onesignal/UpdateApiKeyRequest")(apiKeySettingsRequestFields)
{}

/**
 * The answer of `createApiKey` and `rotateApiKey`: the key's id and the
 * token to authenticate with. OneSignal shows the token only in this answer.
 * It is a `Redacted` value (printing or serializing the answer shows
 * `<redacted>`); `Redacted.value(response.formatted_token)` gives the string.
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateApiKeyResponse extends Schema.Class<CreateApiKeyResponse>("effect-onesignal/CreateApiKeyResponse")(lenientFields({
  /** The key's id. */
  token_id: Schema.String,
  /** The token, for the `Authorization: Key ...` header of REST calls. A secret. */
  formatted_token: Schema.Redacted(Schema.String)
})) {}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

const apiKeysBody = Schema.Struct(apiKeySettingsRequestFields)

/**
 * Lists the API keys of an app (`GET /apps/{app_id}/auth/tokens`): ids and
 * settings, not the tokens.
 *
 * @since 0.1.0
 * @category Operations
 */
export const viewApiKeys = Endpoint.make({
  name: "viewApiKeys",
  method: "GET",
  route: "/apps/{app_id}/auth/tokens",
  key: "org",
  request: (appId: string, options?: CallOptions) => ({ path: { app_id: appId }, options }),
  success: ApiKeyTokensListResponse,
  errors: { 404: NotFound }
})

/**
 * Creates an API key for an app (`POST /apps/{app_id}/auth/tokens`). The
 * answer holds the token, the only time OneSignal shows it.
 *
 * Not retried by default: a repeated request could create a second key.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createApiKey = Endpoint.make({
  name: "createApiKey",
  method: "POST",
  route: "/apps/{app_id}/auth/tokens",
  key: "org",
  request: (appId: string, createApiKeyRequest: CreateApiKeyRequest, options?: CallOptions) => ({
    path: { app_id: appId },
    body: createApiKeyRequest,
    options
  }),
  body: apiKeysBody,
  sensitiveResponse: true,
  success: CreateApiKeyResponse,
  errors: { 404: NotFound }
})

/**
 * Changes the name or IP allowlist of an API key
 * (`PATCH /apps/{app_id}/auth/tokens/{token_id}`). Answers a free-form
 * object.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateApiKey = Endpoint.make({
  name: "updateApiKey",
  method: "PATCH",
  route: "/apps/{app_id}/auth/tokens/{token_id}",
  key: "org",
  request: (appId: string, tokenId: string, updateApiKeyRequest: UpdateApiKeyRequest, options?: CallOptions) => ({
    path: { app_id: appId, token_id: tokenId },
    body: updateApiKeyRequest,
    options
  }),
  body: apiKeysBody,
  success: JsonObject,
  errors: { 404: NotFound }
})

/**
 * Revokes an API key's token and issues a new one with the same settings
 * (`POST /apps/{app_id}/auth/tokens/{token_id}/rotate`). The answer holds the
 * new token.
 *
 * Not retried by default: a second rotation would revoke the token the first
 * one issued, which the caller never saw.
 *
 * @since 0.1.0
 * @category Operations
 */
export const rotateApiKey = Endpoint.make({
  name: "rotateApiKey",
  method: "POST",
  route: "/apps/{app_id}/auth/tokens/{token_id}/rotate",
  key: "org",
  request: (appId: string, tokenId: string, options?: CallOptions) => ({ path: { app_id: appId, token_id: tokenId }, options }),
  sensitiveResponse: true,
  success: CreateApiKeyResponse,
  errors: { 404: NotFound }
})

/**
 * Deletes an API key (`DELETE /apps/{app_id}/auth/tokens/{token_id}`): its
 * token stops working. Takes the key's id, not the token. Answers a
 * free-form object.
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteApiKey = Endpoint.make({
  name: "deleteApiKey",
  method: "DELETE",
  route: "/apps/{app_id}/auth/tokens/{token_id}",
  key: "org",
  request: (appId: string, tokenId: string, options?: CallOptions) => ({ path: { app_id: appId, token_id: tokenId }, options }),
  success: JsonObject,
  errors: { 404: NotFound }
})
