/**
 * Apps: the OneSignal apps of an organization and their platform settings
 * (Android/FCM sender, APNs certificates or p8 key, web push origins, Safari
 * web push). List them, read one, create one, change one. Every call here
 * needs the organization API key (`OneSignalOrganization`).
 *
 * The field set of an app is written once ({@link appWritableFields} and
 * {@link appReadOnlyFields}); the response model {@link App} and the request
 * models {@link CreateAppRequest} / {@link UpdateAppRequest} are derived from
 * it.
 *
 * Several request fields are credentials (`apns_p12_password`, `apns_p8`,
 * `gcm_key`, `safari_apns_p12_password`, ...), and an app read back carries
 * `basic_auth_key`. They travel as plain strings: read them from `Redacted`
 * configuration (`Config.redacted`) and unwrap them only where the request is
 * built, and keep decoded apps out of logs.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"

// -----------------------------------------------------------------------------
// Enumerations
// -----------------------------------------------------------------------------

/**
 * Which APNs environment an iOS app pushes through: `sandbox` for
 * development builds, `production` for App Store / TestFlight builds.
 *
 * @since 0.1.0
 * @category Models
 */
export const ApnsEnv = Schema.Literal("sandbox", "production")

/**
 * @since 0.1.0
 * @category Models
 */
export type ApnsEnv = typeof ApnsEnv.Type

// -----------------------------------------------------------------------------
// The field set of an app
// -----------------------------------------------------------------------------

const nullableString = Schema.NullOr(Schema.String)

const writableFields = {
  /** The app's name on the dashboard's app list; it can be changed later. */
  name: Schema.String,
  /** Android: the Google project number (FCM "Sender ID"). */
  android_gcm_sender_id: Schema.String,
  /** Android: the Google push messaging server key. A credential. */
  gcm_key: nullableString,
  /** Web push (every browser but Safari): the site's URL; needed before any other web push setting. */
  chrome_web_origin: nullableString,
  /** Chrome Apps / Extensions only (not web push): the Google push messaging key. A credential. */
  chrome_key: nullableString,
  /** Web push (every browser but Safari): default notification icon URL, 256x256 (at least 80x80). */
  chrome_web_default_notification_icon: nullableString,
  /** Web push (every browser but Safari): subdomain used to offer web push on a non-HTTPS site. */
  chrome_web_sub_domain: nullableString,
  /** iOS: the APNs environment, `sandbox` or `production`. */
  apns_env: Schema.NullOr(ApnsEnv),
  /** iOS: the APNs `.p12` certificate, Base64-encoded. A credential. */
  apns_p12: Schema.String,
  /** iOS: the password of `apns_p12`; needed with a `.p12` certificate. A credential. */
  apns_p12_password: Schema.String,
  /** Safari web push: the `.p12` certificate, Base64-encoded. A credential. */
  safari_apns_p12: Schema.String,
  /** Safari web push: the password of `safari_apns_p12`. A credential. */
  safari_apns_p12_password: Schema.String,
  /** iOS with a `.p8` key: the key's identifier. */
  apns_key_id: nullableString,
  /** iOS with a `.p8` key: the Apple developer team id. */
  apns_team_id: nullableString,
  /** iOS with a `.p8` key: the app's bundle id. */
  apns_bundle_id: nullableString,
  /** iOS with a `.p8` key: the key itself, Base64-encoded. A credential. */
  apns_p8: nullableString,
  /** Safari web push: the site's origin, scheme included (`https://example.com`). */
  safari_site_origin: nullableString,
  /** Safari web push: URL of a 256x256 PNG icon; the smaller sizes are derived from it. */
  safari_icon_256_256: Schema.String,
  /** Web push, all browsers: the site name; needs both `chrome_web_origin` and `safari_site_origin`. */
  site_name: nullableString,
  /** The organization the app belongs to (its id). */
  organization_id: Schema.String,
  /** iOS: put the notification's additional `data` at the root of the APNs payload instead of under `custom`. */
  additional_data_is_root_payload: Schema.Boolean
}

type WritableFields = typeof writableFields

/**
 * The type of {@link appWritableFields}.
 *
 * @since 0.1.0
 * @category Fields
 */
export interface AppWritableFields extends WritableFields {}

/**
 * The fields of an app a caller can set, as plain schemas (nullability
 * included, optionality not).
 *
 * @since 0.1.0
 * @category Fields
 */
export const appWritableFields: AppWritableFields = writableFields

const readOnlyFields = {
  /** The app id (a UUID). */
  id: Schema.String,
  /** Number of subscriptions (players) of the app. */
  players: Schema.Int,
  /** Number of subscriptions that can currently receive messages. */
  messageable_players: Schema.Int,
  /** When the app was last changed (ISO 8601). */
  updated_at: Schema.String,
  /** When the app was created (ISO 8601). */
  created_at: Schema.String,
  /** iOS: the APNs certificate OneSignal holds, as OneSignal reports it. */
  apns_certificates: nullableString,
  /** Safari web push: the certificate OneSignal holds, as OneSignal reports it. */
  safari_apns_certificates: Schema.String,
  /** Safari web push: the website push id OneSignal registered. */
  safari_push_id: nullableString,
  /** Safari web push: the 16x16 icon derived from `safari_icon_256_256`. */
  safari_icon_16_16: Schema.String,
  /** Safari web push: the 32x32 icon derived from `safari_icon_256_256`. */
  safari_icon_32_32: Schema.String,
  /** Safari web push: the 64x64 icon derived from `safari_icon_256_256`. */
  safari_icon_64_64: Schema.String,
  /** Safari web push: the 128x128 icon derived from `safari_icon_256_256`. */
  safari_icon_128_128: Schema.String,
  /** The app's legacy REST API key. A credential: keep decoded apps out of logs. */
  basic_auth_key: nullableString
}

type ReadOnlyFields = typeof readOnlyFields

/**
 * The type of {@link appReadOnlyFields}.
 *
 * @since 0.1.0
 * @category Fields
 */
export interface AppReadOnlyFields extends ReadOnlyFields {}

/**
 * The fields of an app only OneSignal sets (ids, counters, timestamps,
 * derived icons, the legacy REST key).
 *
 * @since 0.1.0
 * @category Fields
 */
export const appReadOnlyFields: AppReadOnlyFields = readOnlyFields

/**
 * The type of {@link appFields}.
 *
 * @since 0.1.0
 * @category Fields
 */
export interface AppFields extends ReadOnlyFields, WritableFields {}

/**
 * Every field of an app: {@link appReadOnlyFields} and
 * {@link appWritableFields}.
 *
 * @since 0.1.0
 * @category Fields
 */
export const appFields: AppFields = { ...readOnlyFields, ...writableFields }

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

// Named so that the endpoint declarations use them directly: reading
// `CreateAppRequest.fields` at module level would keep every class of the
// module in a bundle that needs only one endpoint.
const createAppRequestFields = requestFields(writableFields, ["name"])
const updateAppRequestFields = requestFields(writableFields, [])

/**
 * An app as OneSignal answers it (`GET /apps`, `GET /apps/{app_id}`, and the
 * create/update answers). Every field may be missing or null; the
 * certificate, password and key fields are usually absent from answers.
 *
 * @since 0.1.0
 * @category Models
 */
export class App extends Schema.Class<App>("effect-onesignal/App")(lenientFields(appFields)) {}

/**
 * The answer of `GET /apps`: every app of the organization.
 *
 * @since 0.1.0
 * @category Models
 */
export const AppList = Schema.Array(App)

/**
 * @since 0.1.0
 * @category Models
 */
export type AppList = typeof AppList.Type

/**
 * The body of `POST /apps`: `name` is required, every platform setting is
 * optional and can be added later with `updateApp`.
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateAppRequest extends Schema.Class<CreateAppRequest>("effect-onesignal/CreateAppRequest")(createAppRequestFields) {}

/**
 * The body of `PUT /apps/{app_id}`: only the fields to change.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateAppRequest extends Schema.Class<UpdateAppRequest>("effect-onesignal/UpdateAppRequest")(updateAppRequestFields) {}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Lists every app of the organization (`GET /apps`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getApps = Endpoint.make({
  name: "getApps",
  method: "GET",
  route: "/apps",
  key: "org",
  request: (options?: CallOptions) => ({ options }),
  sensitiveResponse: true,
  success: AppList
})

/**
 * Reads one app with its settings (`GET /apps/{app_id}`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getApp = Endpoint.make({
  name: "getApp",
  method: "GET",
  route: "/apps/{app_id}",
  key: "org",
  request: (appId: string, options?: CallOptions) => ({ path: { app_id: appId }, options }),
  sensitiveResponse: true,
  success: App,
  errors: { 404: NotFound }
})

/**
 * Creates an app (`POST /apps`) and answers it with its new `id`.
 *
 * Not retried by default: a repeated request could create a second app.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createApp = Endpoint.make({
  name: "createApp",
  method: "POST",
  route: "/apps",
  key: "org",
  request: (app: CreateAppRequest, options?: CallOptions) => ({ body: app, options }),
  body: Schema.Struct(createAppRequestFields),
  sensitiveResponse: true,
  success: App
})

/**
 * Changes the name or platform settings of an app (`PUT /apps/{app_id}`).
 * Send only the fields to change.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateApp = Endpoint.make({
  name: "updateApp",
  method: "PUT",
  route: "/apps/{app_id}",
  key: "org",
  request: (appId: string, app: UpdateAppRequest, options?: CallOptions) => ({ path: { app_id: appId }, body: app, options }),
  body: Schema.Struct(updateAppRequestFields),
  sensitiveResponse: true,
  success: App,
  errors: { 404: NotFound }
})
