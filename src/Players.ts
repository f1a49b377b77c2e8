/**
 * Players: the legacy device API. Before OneSignal's user model, every
 * device, email address and phone number of an app was a "player" with its
 * own id; these endpoints read, register, edit, delete and export those
 * records, and report sessions, purchases and time spent in the app.
 *
 * OneSignal keeps them running for existing integrations (the current
 * equivalents are the Users and Subscriptions APIs), and they take the same
 * REST API key as the rest of the `OneSignal` service. A player id is the id
 * of a subscription in the current API.
 *
 * The field set of a device is written once ({@link playerFields}); the
 * request models {@link Player} and {@link PlayerUpdate} and the response model
 * {@link PlayerRecord} are derived from it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { Conflict, NotFound } from "./OneSignalError.js"
import { GenericSuccessBoolResponse } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Enumerations and nested shapes
// -----------------------------------------------------------------------------

/**
 * The platform of a device record:
 *
 * | code | platform |
 * |---|---|
 * | 0 | iOS |
 * | 1 | Android |
 * | 2 | Amazon Fire |
 * | 3 | Windows Phone (MPNS) |
 * | 4 | Chrome App / Extension |
 * | 5 | Chrome web push |
 * | 6 | Windows (WNS) |
 * | 7 | Safari |
 * | 8 | Firefox |
 * | 9 | macOS |
 * | 10 | Alexa |
 * | 11 | Email |
 * | 13 | Huawei (apps built with the Huawei App Gallery SDK setup; Huawei devices on FCM are `1`) |
 * | 14 | SMS |
 *
 * Code 12 is not assigned. Responses accept any integer here, so that a
 * platform added by OneSignal later does not break decoding.
 *
 * @since 0.1.0
 * @category Models
 */
export const PlayerDeviceType = Schema.Literal(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14)

/**
 * @since 0.1.0
 * @category Models
 */
export type PlayerDeviceType = typeof PlayerDeviceType.Type

/**
 * Which iOS push certificate a development build uses: `1` development,
 * `2` ad hoc. App Store builds leave `test_type` out.
 *
 * @since 0.1.0
 * @category Models
 */
export const PlayerTestType = Schema.Literal(1, 2)

/**
 * @since 0.1.0
 * @category Models
 */
export type PlayerTestType = typeof PlayerTestType.Type

/**
 * The data tags of a device: flat key/value pairs with string or integer
 * values (no arrays, no nested objects). Sending `null` or `""` for a key
 * removes that tag; keys left out are kept. OneSignal allows 100 tags per
 * call and advises keeping a device's tags under about 1 KB.
 *
 * @since 0.1.0
 * @category Models
 */
export const PlayerTags = Schema.Record({
  key: Schema.String,
  value: Schema.NullOr(Schema.Union(Schema.String, Schema.Finite))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type PlayerTags = typeof PlayerTags.Type

/**
 * One in-app purchase reported with `createPlayerPurchase`. (Named so as not
 * to collide with the `Purchase` of the user model.)
 *
 * @since 0.1.0
 * @category Models
 */
export const PlayerPurchase = Schema.Struct({
  /** Your identifier of the item bought. */
  sku: Schema.String,
  /** What was paid; the 1.2.2 spec types it as a string (e.g. `"0.99"`), older docs as a number. */
  amount: Schema.Union(Schema.String, Schema.Finite),
  /** The currency of `amount`, as a 3-letter ISO 4217 code (e.g. `USD`); needed to convert it. */
  iso: Schema.String,
  /** How many items were bought. */
  count: Schema.optional(Schema.Int)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type PlayerPurchase = typeof PlayerPurchase.Type

// -----------------------------------------------------------------------------
// The field set of a device
// -----------------------------------------------------------------------------

const nullableString = Schema.NullOr(Schema.String)

// The fields `createPlayerSession` accepts, also part of every device record.
const sessionFields = {
  /** The app the device belongs to (a UUID, shown in Keys & IDs). */
  app_id: Schema.String,
  /**
   * The push token from Apple or Google (Apple tokens with every
   * non-alphanumeric character removed), or the email address for
   * `device_type` 11, or the phone number for 14.
   */
  identifier: nullableString,
  /** Language code, usually two lower-case letters; Chinese is `zh-Hans` or `zh-Hant`. */
  language: Schema.String,
  /** Offset from UTC in seconds, e.g. `-28800`. */
  timezone: Schema.NullOr(Schema.Int),
  /** Version of your app, e.g. `1.1`. */
  game_version: nullableString,
  /** Version of the operating system, e.g. `7.0.4`; for web push, the browser version. */
  device_os: nullableString,
  /** Make and model of the hardware, e.g. `iPhone5,1`. */
  device_model: nullableString,
  /**
   * The platform's advertising id: Android Advertising Id, iOS
   * identifierForVendor, Windows Phone 8.0 DeviceUniqueId, 8.1 AdvertisingId.
   */
  ad_id: nullableString,
  /** Name and version of the SDK or plugin making the call, if any. */
  sdk: nullableString,
  /** Data tags; see {@link PlayerTags}. */
  tags: Schema.NullOr(PlayerTags)
}

const deviceFields = {
  /** The platform; see {@link PlayerDeviceType}. Required when registering a device. */
  device_type: PlayerDeviceType,
  /** Your own id for the user of this device. */
  external_user_id: nullableString,
  /** With Identity Verification on: the HMAC of `external_user_id`, for any device that is not an email (11). */
  external_user_id_auth_hash: Schema.String,
  /** With Identity Verification on: the HMAC of the email address, for email records (11). */
  email_auth_hash: Schema.String,
  /** How many sessions the device has had; starts at 1. */
  session_count: Schema.Int,
  /** Total spent on in-app purchases, in USD, with up to two decimals (a number, or a string in older answers). */
  amount_spent: Schema.Union(Schema.Finite, Schema.String),
  /** Unix time (seconds) the device was first recorded. */
  created_at: Schema.Int,
  /** Seconds the app has been open on the device, in total. */
  playtime: Schema.Int,
  /** The iOS app icon badge count; not kept server-side for apps created after June 2018. */
  badge_count: Schema.Int,
  /** Unix time (seconds) of the device's last activity. */
  last_active: Schema.Int,
  /**
   * Subscription state: `1` subscribed, `-2` unsubscribed (other negative
   * values are error states). The SDKs set it on each app open; setting it
   * here on Android conflicts with the SDK's own subscription calls.
   */
  notification_types: Schema.Int,
  /** iOS development builds only: which push certificate to use; see {@link PlayerTestType}. */
  test_type: Schema.NullOr(PlayerTestType),
  /** Longitude of the device, for location-based segments. */
  long: Schema.Finite,
  /** Latitude of the device, for location-based segments. */
  lat: Schema.Finite,
  /** Country, as an ISO 3166-1 alpha-2 code. */
  country: Schema.String
}

type SessionFields = typeof sessionFields
type DeviceFields = typeof deviceFields

/**
 * The type of {@link playerFields}.
 *
 * @since 0.1.0
 * @category Fields
 */
export interface PlayerFields extends SessionFields, DeviceFields {}

/**
 * Every writable field of a device record, once, as plain schemas
 * (nullability included, optionality not): {@link Player},
 * {@link PlayerUpdate} and {@link PlayerRecord} are derived from it.
 *
 * @since 0.1.0
 * @category Fields
 */
export const playerFields: PlayerFields = { ...sessionFields, ...deviceFields }

// Fields only OneSignal sets, and the two enumerations widened for reading.
const recordOnlyFields = {
  /** The player id: OneSignal's id of the device record. */
  id: Schema.String,
  /** `true` when the device is unsubscribed (its push token no longer works). */
  invalid_identifier: Schema.Boolean,
  /**
   * The device's IP address, when OneSignal tracks it. Not part of the 1.2.2
   * `Player` schema; listed among the CSV export's columns.
   */
  ip: Schema.String,
  // OneSignal adds platforms and certificate kinds over time: a code this
  // library does not know yet must not fail the decoding of a whole page.
  /** The platform code; see {@link PlayerDeviceType} for the known ones. */
  device_type: Schema.Int,
  /** `1` development or `2` ad hoc iOS build; absent or null for App Store builds. */
  test_type: Schema.Int
}

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

// Named request shapes, so that endpoint declarations never read a class's
// `fields` at module level (which would keep every class of the module in a
// bundle that needs one endpoint).
const playerRequestFields = requestFields(playerFields, ["app_id", "device_type"])
const playerUpdateFields = requestFields(playerFields, ["app_id"])

/**
 * A device to register with `createPlayer` (`POST /players`): `app_id` and
 * `device_type` are required. For a push device set `identifier` to its push
 * token; for an email record (`device_type` 11) the address, for SMS (14) the
 * phone number. iOS development builds must set `test_type`.
 *
 * @since 0.1.0
 * @category Models
 */
export class Player extends Schema.Class<Player>("effect-onesignal/Player")(playerRequestFields) {}

/**
 * The changes to a device sent with `updatePlayer` (`PUT /players/{id}`):
 * the same fields as {@link Player}, where only `app_id` is required. Fields
 * left out are kept. A {@link Player} is accepted as well.
 *
 * @since 0.1.0
 * @category Models
 */
export class PlayerUpdate extends Schema.Class<PlayerUpdate>("effect-onesignal/PlayerUpdate")(playerUpdateFields) {}

/**
 * A device record as OneSignal answers it (`getPlayer`, `getPlayers`): the
 * fields of {@link playerFields} plus `id`, `invalid_identifier` and `ip`,
 * with `device_type` and `test_type` read as any integer (codes OneSignal adds
 * later must not fail a page). Every field may be missing or null.
 *
 * @since 0.1.0
 * @category Models
 */
export class PlayerRecord extends Schema.Class<PlayerRecord>("effect-onesignal/PlayerRecord")(
  lenientFields({ ...playerFields, ...recordOnlyFields })
) {}

/**
 * One page of `getPlayers`.
 *
 * @since 0.1.0
 * @category Models
 */
export class PlayerSlice extends Schema.Class<PlayerSlice>("effect-onesignal/PlayerSlice")(lenientFields({
  /** Devices of the app, across all pages. */
  total_count: Schema.Int,
  /** The offset this page starts at. */
  offset: Schema.Int,
  /** The page size that was applied. */
  limit: Schema.Int,
  /** The devices of this page. */
  players: Schema.Array(PlayerRecord)
})) {}

/**
 * The answer of `createPlayer`: the id of the new (or matched) device.
 *
 * @since 0.1.0
 * @category Models
 */
export class CreatePlayerSuccessResponse
  extends Schema.Class<CreatePlayerSuccessResponse>("effect-onesignal/CreatePlayerSuccessResponse")(lenientFields({
    /** Whether the device was recorded. */
    success: Schema.Boolean,
    /** The player id, to target or update this device later. */
    id: Schema.String
  }))
{}

/**
 * The answer of `updatePlayer`.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdatePlayerSuccessResponse
  extends Schema.Class<UpdatePlayerSuccessResponse>("effect-onesignal/UpdatePlayerSuccessResponse")(lenientFields({
    /** Whether the device was updated. */
    success: Schema.Boolean
  }))
{}

/**
 * The answer of `deletePlayer`.
 *
 * @since 0.1.0
 * @category Models
 */
export class DeletePlayerSuccessResponse
  extends Schema.Class<DeletePlayerSuccessResponse>("effect-onesignal/DeletePlayerSuccessResponse")(lenientFields({
    /** Whether the device record was deleted. */
    success: Schema.Boolean
  }))
{}

const updatePlayerTagsFields = {
  /**
   * The tags to set, as string values (at most 100 per call). A key with an
   * empty string removes that tag; keys left out are kept.
   */
  tags: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
}

/**
 * The body of `updatePlayerTags`.
 *
 * On Android, a tag set through the SDK's `sendTag` and then changed through
 * this endpoint cannot be set back to its former value through the SDK; use
 * different keys for SDK and API tags, or read the tags in the SDK first.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdatePlayerTagsRequestBody
  extends Schema.Class<UpdatePlayerTagsRequestBody>("effect-onesignal/UpdatePlayerTagsRequestBody")(updatePlayerTagsFields)
{}

/**
 * The answer of `updatePlayerTags`.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdatePlayerTagsSuccessResponse
  extends Schema.Class<UpdatePlayerTagsSuccessResponse>("effect-onesignal/UpdatePlayerTagsSuccessResponse")(lenientFields({
    /** Whether the tags were updated. */
    success: Schema.Boolean
  }))
{}

const exportFields = {
  /**
   * Columns to add to the default ones. Documented values: `location`,
   * `country`, `rooted`, `notification_types`, `ip`, `external_user_id`,
   * `web_auth`, `web_p256`.
   */
  extra_fields: Schema.optional(Schema.Array(Schema.String)),
  /** Only devices active after this time: a Unix time in seconds, as a string. */
  last_active_since: Schema.optional(Schema.String),
  /** Only the devices of this segment. */
  segment_name: Schema.optional(Schema.String)
}

/**
 * The optional body of `exportSubscriptions` / `exportPlayers`: which extra
 * columns, and which devices. The current docs (`ExportSubscriptionsRequestBody`)
 * and the 1.2.2 spec (`ExportPlayersRequestBody`) describe the same three
 * fields, so both names are this one schema.
 *
 * @since 0.1.0
 * @category Models
 */
export class ExportSubscriptionsRequestBody
  extends Schema.Class<ExportSubscriptionsRequestBody>("effect-onesignal/ExportSubscriptionsRequestBody")(exportFields)
{}

/**
 * The 1.2.2 name of {@link ExportSubscriptionsRequestBody} (the same schema).
 *
 * @since 0.1.0
 * @category Models
 */
export const ExportPlayersRequestBody = ExportSubscriptionsRequestBody

/**
 * @since 0.1.0
 * @category Models
 */
export type ExportPlayersRequestBody = ExportSubscriptionsRequestBody

/**
 * The answer of `exportSubscriptions` / `exportPlayers`: where the gzipped
 * CSV will be.
 *
 * @since 0.1.0
 * @category Models
 */
export class ExportSubscriptionsSuccessResponse
  extends Schema.Class<ExportSubscriptionsSuccessResponse>("effect-onesignal/ExportSubscriptionsSuccessResponse")(lenientFields({
    /** URL of the `.csv.gz` file; it answers an error until the file is ready, and lives 3 days. */
    csv_file_url: Schema.String
  }))
{}

/**
 * The 1.2.2 name of {@link ExportSubscriptionsSuccessResponse} (the same schema).
 *
 * @since 0.1.0
 * @category Models
 */
export const ExportPlayersSuccessResponse = ExportSubscriptionsSuccessResponse

/**
 * @since 0.1.0
 * @category Models
 */
export type ExportPlayersSuccessResponse = ExportSubscriptionsSuccessResponse

const sessionRequestFields = requestFields(sessionFields, [])

/**
 * The body of `createPlayerSession`: what changed on the device since its
 * last session. Every field is optional.
 *
 * @since 0.1.0
 * @category Models
 */
export const CreatePlayerSessionRequestBody = Schema.Struct(sessionRequestFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type CreatePlayerSessionRequestBody = typeof CreatePlayerSessionRequestBody.Type

/**
 * The body of `createPlayerPurchase`.
 *
 * @since 0.1.0
 * @category Models
 */
export const CreatePlayerPurchaseRequestBody = Schema.Struct({
  /** The purchases to record; at least one. */
  purchases: Schema.Array(PlayerPurchase).pipe(Schema.minItems(1)),
  /** `true` only when reporting purchases made before the app used OneSignal (e.g. on first launch). */
  existing: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type CreatePlayerPurchaseRequestBody = typeof CreatePlayerPurchaseRequestBody.Type

/**
 * The body of `updatePlayerSessionLength`.
 *
 * @since 0.1.0
 * @category Models
 */
export const UpdatePlayerSessionLengthRequestBody = Schema.Struct({
  /** Always `"ping"`. */
  state: Schema.Literal("ping"),
  /** Seconds the app was in the foreground, added to the device's `playtime`. */
  active_time: Schema.NonNegativeInt
})

/**
 * @since 0.1.0
 * @category Models
 */
export type UpdatePlayerSessionLengthRequestBody = typeof UpdatePlayerSessionLengthRequestBody.Type

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

const AppIdQuery = Schema.Struct({ app_id: Schema.NonEmptyString })

/**
 * Options of `getPlayers`: paging.
 *
 * @since 0.1.0
 * @category Models
 */
export interface GetPlayersOptions extends CallOptions {
  /** Page size, 1 to 300 (OneSignal's default and maximum is 300). */
  readonly limit?: number | undefined
  /** Offset of the page; results are sorted by id. */
  readonly offset?: number | undefined
}

const GetPlayersQuery = Schema.Struct({
  app_id: Schema.NonEmptyString,
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 300))),
  offset: Schema.optional(Schema.NonNegativeInt)
})

/**
 * Options of `getPlayer`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface GetPlayerOptions extends CallOptions {
  /** With Identity Verification on, for email records (`device_type` 11): the HMAC of the address. */
  readonly email_auth_hash?: string | undefined
}

const GetPlayerQuery = Schema.Struct({
  app_id: Schema.NonEmptyString,
  email_auth_hash: Schema.optional(Schema.NonEmptyString)
})

/**
 * Lists an app's devices, a page at a time (`GET /players`).
 *
 * OneSignal does not serve this for apps with more than 80,000 users; use
 * {@link exportSubscriptions} for those.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getPlayers = Endpoint.make({
  name: "getPlayers",
  method: "GET",
  route: "/players",
  key: "rest",
  request: (appId: string, options?: GetPlayersOptions) => ({
    query: { app_id: appId, limit: options?.limit, offset: options?.offset },
    options
  }),
  query: GetPlayersQuery,
  success: PlayerSlice
})

/**
 * Reads one device record (`GET /players/{player_id}`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getPlayer = Endpoint.make({
  name: "getPlayer",
  method: "GET",
  route: "/players/{player_id}",
  key: "rest",
  request: (appId: string, playerId: string, options?: GetPlayerOptions) => ({
    path: { player_id: playerId },
    query: { app_id: appId, email_auth_hash: options?.email_auth_hash },
    options
  }),
  query: GetPlayerQuery,
  success: PlayerRecord,
  errors: { 404: NotFound }
})

/**
 * Registers a device (`POST /players`). If a device with the same
 * `identifier` exists, OneSignal updates it instead and answers its id.
 *
 * Meant for OneSignal's own SDKs: a device registered this way misses what
 * the SDKs track by themselves (conversions, timezone, language, rich push).
 * Not retried by default (a POST without an idempotency key).
 *
 * @since 0.1.0
 * @category Operations
 */
export const createPlayer = Endpoint.make({
  name: "createPlayer",
  method: "POST",
  route: "/players",
  key: "rest",
  request: (player: Player, options?: CallOptions) => ({ body: player, options }),
  body: Schema.Struct(playerRequestFields),
  success: CreatePlayerSuccessResponse,
  errors: { 409: Conflict }
})

/**
 * Changes a device record (`PUT /players/{player_id}`). Only the fields
 * sent change. Retried by default: sending the same state twice is harmless.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updatePlayer = Endpoint.make({
  name: "updatePlayer",
  method: "PUT",
  route: "/players/{player_id}",
  key: "rest",
  request: (playerId: string, player: PlayerUpdate, options?: CallOptions) => ({
    path: { player_id: playerId },
    body: player,
    options
  }),
  body: Schema.Struct(playerUpdateFields),
  success: UpdatePlayerSuccessResponse,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Deletes one device record (`DELETE /players/{player_id}?app_id=`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const deletePlayer = Endpoint.make({
  name: "deletePlayer",
  method: "DELETE",
  route: "/players/{player_id}",
  key: "rest",
  request: (appId: string, playerId: string, options?: CallOptions) => ({
    path: { player_id: playerId },
    query: { app_id: appId },
    options
  }),
  query: AppIdQuery,
  success: DeletePlayerSuccessResponse,
  errors: { 404: NotFound }
})

/**
 * Sets or removes the tags of the devices carrying an external user id
 * (`PUT /apps/{app_id}/users/{external_user_id}`). The id must be set on the
 * device. Retried by default: setting the same tags twice is harmless.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updatePlayerTags = Endpoint.make({
  name: "updatePlayerTags",
  method: "PUT",
  route: "/apps/{app_id}/users/{external_user_id}",
  key: "rest",
  request: (
    appId: string,
    externalUserId: string,
    updatePlayerTagsRequestBody: UpdatePlayerTagsRequestBody,
    options?: CallOptions
  ) => ({
    path: { app_id: appId, external_user_id: externalUserId },
    body: updatePlayerTagsRequestBody,
    options
  }),
  body: Schema.Struct(updatePlayerTagsFields),
  success: UpdatePlayerTagsSuccessResponse,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Starts a gzipped CSV export of an app's devices
 * (`POST /players/csv_export?app_id=`), optionally limited to a segment or
 * to recently active devices and with extra columns. The file at
 * `csv_file_url` answers an error until it is ready (the docs say 403) and
 * stays available 3 days. OneSignal runs one export per account at a time.
 *
 * Not retried by default (a POST without an idempotency key): a retry would
 * start a second export.
 *
 * @since 0.1.0
 * @category Operations
 */
export const exportSubscriptions = Endpoint.make({
  name: "exportSubscriptions",
  method: "POST",
  route: "/players/csv_export",
  key: "rest",
  request: (
    appId: string,
    exportSubscriptionsRequestBody?: ExportSubscriptionsRequestBody,
    options?: CallOptions
  ) => ({
    query: { app_id: appId },
    body: exportSubscriptionsRequestBody ?? {},
    options
  }),
  query: AppIdQuery,
  body: Schema.Struct(exportFields),
  success: ExportSubscriptionsSuccessResponse
})

/**
 * The same endpoint as {@link exportSubscriptions} under its name in the
 * 1.2.2 API (`export_players`): one implementation, two names, both current
 * in their API version.
 *
 * @since 0.1.0
 * @category Operations
 */
export const exportPlayers = exportSubscriptions

/**
 * Records a new session of a device (legacy device API:
 * `POST /players/{player_id}/on_session`), with whatever changed since the
 * last one (language, app version, tags, ...).
 *
 * Not retried by default: each request counts a session.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createPlayerSession = Endpoint.make({
  name: "createPlayerSession",
  method: "POST",
  route: "/players/{player_id}/on_session",
  key: "rest",
  request: (playerId: string, body: CreatePlayerSessionRequestBody, options?: CallOptions) => ({
    path: { player_id: playerId },
    body,
    options
  }),
  body: CreatePlayerSessionRequestBody,
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})

/**
 * Records in-app purchases of a device (legacy device API:
 * `POST /players/{player_id}/on_purchase`), added to its `amount_spent`.
 *
 * Not retried by default: a repeated request would record the purchases
 * twice.
 *
 * @since 0.1.0
 * @category Operations
 */
export const createPlayerPurchase = Endpoint.make({
  name: "createPlayerPurchase",
  method: "POST",
  route: "/players/{player_id}/on_purchase",
  key: "rest",
  request: (playerId: string, body: CreatePlayerPurchaseRequestBody, options?: CallOptions) => ({
    path: { player_id: playerId },
    body,
    options
  }),
  body: CreatePlayerPurchaseRequestBody,
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})

/**
 * Adds foreground time to a device's `playtime` (legacy device API:
 * `POST /players/{player_id}/on_focus` with `{ state: "ping", active_time }`).
 *
 * Not retried by default: a repeated request would add the time twice.
 *
 * @since 0.1.0
 * @category Operations
 */
export const updatePlayerSessionLength = Endpoint.make({
  name: "updatePlayerSessionLength",
  method: "POST",
  route: "/players/{player_id}/on_focus",
  key: "rest",
  request: (playerId: string, body: UpdatePlayerSessionLengthRequestBody, options?: CallOptions) => ({
    path: { player_id: playerId },
    body,
    options
  }),
  body: UpdatePlayerSessionLengthRequestBody,
  success: GenericSuccessBoolResponse,
  errors: { 404: NotFound }
})
