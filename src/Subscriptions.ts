/**
 * Subscriptions: the channels through which a user is reached — a device's
 * push token, an email address or a phone number — each owned by one user.
 * Add one to a user, change it (e.g. opt it out), move it to another user,
 * delete it, find it by its token, and honour an email unsubscribe link.
 *
 * The user identity models ({@link IdentityObject}, {@link UserIdentityBody})
 * are defined here because `transferSubscription` answers with them; the
 * `Users` module re-exports them (it imports from this module, never the
 * other way round).
 *
 * Each model comes in two forms built from one field list: the class (e.g.
 * {@link Subscription}) is what OneSignal answers, decoded leniently (every
 * field may be missing or `null`); the `...Input` struct (e.g.
 * {@link SubscriptionInput}) is what a request accepts, checked strictly
 * before anything is sent.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { Conflict, NotFound } from "./OneSignalError.js"
import { GenericSuccessBoolResponse, JsonObject } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Subscription types
// -----------------------------------------------------------------------------

/**
 * The kind of a subscription: a push platform, `Email` or `SMS`.
 *
 * @since 0.1.0
 * @category Models
 */
export const SubscriptionType = Schema.Literal(
  "iOSPush",
  "AndroidPush",
  "FireOSPush",
  "ChromeExtensionPush",
  "ChromePush",
  "WindowsPush",
  "SafariLegacyPush",
  "FirefoxPush",
  "macOSPush",
  "HuaweiPush",
  "SafariPush",
  "Email",
  "SMS"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type SubscriptionType = typeof SubscriptionType.Type

/**
 * A subscription type as OneSignal reports it: one of {@link SubscriptionType},
 * or a type added after this library was written (kept as its string rather
 * than failing the whole answer).
 */
const reportedSubscriptionType: Schema.Schema<SubscriptionType | (string & {})> = Schema.String

// -----------------------------------------------------------------------------
// Subscription
// -----------------------------------------------------------------------------

/** The fields of a subscription, once; `type` differs between requests and answers. */
const subscriptionFieldsOf = <T extends Schema.Schema.AnyNoContext>(type: T) => ({
  /** The subscription id, assigned by OneSignal. */
  id: Schema.String,
  /** The channel: a push platform, `Email` or `SMS`. */
  type,
  /** The address of the channel: a push token, an email address, or a phone number in E.164 format. */
  token: Schema.String,
  /** Whether messages are delivered to it; set `false` to opt it out without deleting it. */
  enabled: Schema.Boolean,
  /** Delivery status: positive when messages can be delivered, else a code saying why not (e.g. `-2` unsubscribed). */
  notification_types: Schema.Int,
  /** Total time spent in the app, in seconds. */
  session_time: Schema.Int,
  /** How many sessions the device has had. */
  session_count: Schema.Int,
  /** The version of the OneSignal SDK on the device. */
  sdk: Schema.String,
  /** The device's hardware model, e.g. `iPhone14,2`. */
  device_model: Schema.String,
  /** The operating system version, e.g. `17.1`. */
  device_os: Schema.String,
  /** Whether the Android device is rooted (or the iOS device jailbroken). */
  rooted: Schema.Boolean,
  /** iOS builds only: `1` development, `2` ad hoc; omitted for production. */
  test_type: Schema.Int,
  /** The version of your app on the device. */
  app_version: Schema.String,
  /** The network the device was on: `0` Wi-Fi, `1` mobile data. */
  net_type: Schema.Int,
  /** The mobile carrier's name. */
  carrier: Schema.String,
  /** Web push: the subscription's `auth` encryption key. */
  web_auth: Schema.String,
  /** Web push: the subscription's `p256dh` public key. */
  web_p256: Schema.String
})

const subscriptionInputFields = requestFields(subscriptionFieldsOf(SubscriptionType), [])

/**
 * A subscription as a request gives it (`createSubscription`,
 * `updateSubscription`, `createUser`): every field optional, `type` one of
 * the documented {@link SubscriptionType}s. Creating one usually needs
 * `type` and `token` (for `Email`/`SMS`, the address or number).
 *
 * @since 0.1.0
 * @category Models
 */
export const SubscriptionInput = Schema.Struct(subscriptionInputFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type SubscriptionInput = typeof SubscriptionInput.Type

/**
 * A subscription as OneSignal answers it (in a user, or after creating one).
 * Every field may be missing or `null`; `type` is typed with the documented
 * {@link SubscriptionType}s but keeps an unknown newer type as its string.
 *
 * @since 0.1.0
 * @category Models
 */
export class Subscription extends Schema.Class<Subscription>("effect-onesignal/Subscription")(
  lenientFields(subscriptionFieldsOf(reportedSubscriptionType))
) {}

/** The fields of a subscription body, once; the subscription's form differs. */
const subscriptionBodyFieldsOf = <S extends Schema.Schema.AnyNoContext>(subscription: S) => ({
  /** The subscription to create or the changes to apply. */
  subscription,
  /**
   * `createSubscription` only (from the 1.2.2 spec): when the token already
   * belongs to another user, keep that user as the owner instead of moving
   * the subscription to this one.
   */
  retain_previous_owner: Schema.Boolean
})

const subscriptionBodyInputFields = requestFields(subscriptionBodyFieldsOf(SubscriptionInput), ["subscription"])

/**
 * The body of `createSubscription`, `updateSubscription` and
 * `updateSubscriptionByToken`: `{ subscription: {...} }`.
 *
 * @since 0.1.0
 * @category Models
 */
export const SubscriptionBodyInput = Schema.Struct(subscriptionBodyInputFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type SubscriptionBodyInput = typeof SubscriptionBodyInput.Type

/**
 * `{ subscription }` as OneSignal answers it (`createSubscription`).
 *
 * @since 0.1.0
 * @category Models
 */
export class SubscriptionBody extends Schema.Class<SubscriptionBody>("effect-onesignal/SubscriptionBody")(
  lenientFields(subscriptionBodyFieldsOf(Subscription))
) {}

// -----------------------------------------------------------------------------
// Identity (shared with the Users module)
// -----------------------------------------------------------------------------

/**
 * A user's aliases: alias label to alias id, e.g. `{ external_id: "user-42",
 * onesignal_id: "..." }`. `onesignal_id` is assigned by OneSignal;
 * `external_id` and custom labels are yours.
 *
 * @since 0.1.0
 * @category Models
 */
export const IdentityObject = Schema.Record({ key: Schema.String, value: Schema.String })

/**
 * @since 0.1.0
 * @category Models
 */
export type IdentityObject = typeof IdentityObject.Type

const userIdentityBodyFields = {
  /** The aliases, by label. */
  identity: IdentityObject
}

const userIdentityBodyInputFields = requestFields(userIdentityBodyFields, ["identity"])

/**
 * The body of `createAlias` / `createAliasBySubscription`: the aliases to
 * add to the user (or to change, when the label exists), e.g.
 * `{ identity: { crm_id: "c-981" } }`.
 *
 * @since 0.1.0
 * @category Models
 */
export const UserIdentityBodyInput = Schema.Struct(userIdentityBodyInputFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type UserIdentityBodyInput = typeof UserIdentityBodyInput.Type

/**
 * A user's aliases as OneSignal answers them (`getAliases`, `createAlias`,
 * `deleteAlias`, `transferSubscription`, ...): `{ identity: {...} }`.
 *
 * @since 0.1.0
 * @category Models
 */
export class UserIdentityBody extends Schema.Class<UserIdentityBody>("effect-onesignal/UserIdentityBody")(
  lenientFields(userIdentityBodyFields)
) {}

// -----------------------------------------------------------------------------
// Transfer
// -----------------------------------------------------------------------------

const transferSubscriptionRequestFields = {
  /** One alias of the user that receives the subscription, e.g. `{ external_id: "user-42" }`. */
  identity: Schema.Record({ key: Schema.String, value: Schema.String })
}

/**
 * The body of `transferSubscription`: the user that becomes the owner,
 * designated by one of its aliases.
 *
 * @since 0.1.0
 * @category Models
 */
export class TransferSubscriptionRequestBody
  extends Schema.Class<TransferSubscriptionRequestBody>("effect-onesignal/TransferSubscriptionRequestBody")(
    transferSubscriptionRequestFields
  )
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

const UnsubscribeQuery = Schema.Struct({ token: Schema.NonEmptyString })

/**
 * Adds a subscription (typically an email address or a phone number) to the
 * user identified by an alias
 * (`POST /apps/{app_id}/users/by/{alias_label}/{alias_id}/subscriptions`).
 * OneSignal answers 201 when it created the subscription and 202 when it
 * accepted it for processing; both decode to the same {@link SubscriptionBody}.
 * A 409 means the user already has the maximum number of subscriptions.
 *
 * Not retried by default (a POST without an idempotency key).
 *
 * @since 0.1.0
 * @category Operations
 */
export const createSubscription = Endpoint.make({
  name: "createSubscription",
  method: "POST",
  route: "/apps/{app_id}/users/by/{alias_label}/{alias_id}/subscriptions",
  key: "rest",
  request: (
    appId: string,
    aliasLabel: string,
    aliasId: string,
    subscriptionBody: SubscriptionBodyInput,
    options?: CallOptions
  ) => ({ path: { app_id: appId, alias_label: aliasLabel, alias_id: aliasId }, body: subscriptionBody, options }),
  body: SubscriptionBodyInput,
  success: SubscriptionBody,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Changes a subscription's properties, e.g. `{ subscription: { enabled:
 * false } }` to opt it out
 * (`PATCH /apps/{app_id}/subscriptions/{subscription_id}`). OneSignal answers
 * without a body.
 *
 * Not retried by default (a PATCH).
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateSubscription = Endpoint.make({
  name: "updateSubscription",
  method: "PATCH",
  route: "/apps/{app_id}/subscriptions/{subscription_id}",
  key: "rest",
  request: (appId: string, subscriptionId: string, subscriptionBody: SubscriptionBodyInput, options?: CallOptions) => ({
    path: { app_id: appId, subscription_id: subscriptionId },
    body: subscriptionBody,
    options
  }),
  body: SubscriptionBodyInput,
  success: Schema.Void,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Deletes a subscription (`DELETE /apps/{app_id}/subscriptions/{subscription_id}`).
 * OneSignal answers 202 without a body.
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteSubscription = Endpoint.make({
  name: "deleteSubscription",
  method: "DELETE",
  route: "/apps/{app_id}/subscriptions/{subscription_id}",
  key: "rest",
  request: (appId: string, subscriptionId: string, options?: CallOptions) => ({
    path: { app_id: appId, subscription_id: subscriptionId },
    options
  }),
  success: Schema.Void,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Moves a subscription to another user, designated by one of its aliases
 * (`PATCH /apps/{app_id}/subscriptions/{subscription_id}/owner`), and
 * answers with the new owner's aliases.
 *
 * Not retried by default (a PATCH).
 *
 * @since 0.1.0
 * @category Operations
 */
export const transferSubscription = Endpoint.make({
  name: "transferSubscription",
  method: "PATCH",
  route: "/apps/{app_id}/subscriptions/{subscription_id}/owner",
  key: "rest",
  request: (
    appId: string,
    subscriptionId: string,
    transferSubscriptionRequestBody: TransferSubscriptionRequestBody,
    options?: CallOptions
  ) => ({ path: { app_id: appId, subscription_id: subscriptionId }, body: transferSubscriptionRequestBody, options }),
  body: Schema.Struct(transferSubscriptionRequestFields),
  success: UserIdentityBody,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Changes a subscription found by its token instead of its id — an email
 * address, a phone number or a push token, with its type
 * (`PATCH /apps/{app_id}/subscriptions_by_token/{token_type}/{token}`).
 * OneSignal answers 202; whatever JSON object it sends back is returned
 * as-is (`undefined` for an empty body).
 *
 * Not retried by default (a PATCH).
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateSubscriptionByToken = Endpoint.make({
  name: "updateSubscriptionByToken",
  method: "PATCH",
  route: "/apps/{app_id}/subscriptions_by_token/{token_type}/{token}",
  key: "rest",
  request: (
    appId: string,
    tokenType: SubscriptionType,
    token: string,
    subscriptionBody: SubscriptionBodyInput,
    options?: CallOptions
  ) => ({ path: { app_id: appId, token_type: tokenType, token: token }, body: subscriptionBody, options }),
  body: SubscriptionBodyInput,
  success: Schema.Union(Schema.Undefined, JsonObject),
  errors: { 404: NotFound }
})

/**
 * Unsubscribes the email address a message was sent to, for a custom
 * unsubscribe landing page
 * (`POST /apps/{app_id}/notifications/{notification_id}/unsubscribe?token=...`).
 * `token` is the value the email got from the
 * `{{subscription.unsubscribe_token}}` personalization tag. OneSignal answers
 * 202 with `{ success }` (`undefined` if the body is empty).
 *
 * Not retried by default (a POST without an idempotency key).
 *
 * @since 0.1.0
 * @category Operations
 */
export const unsubscribeEmailWithToken = Endpoint.make({
  name: "unsubscribeEmailWithToken",
  method: "POST",
  route: "/apps/{app_id}/notifications/{notification_id}/unsubscribe",
  key: "rest",
  request: (appId: string, notificationId: string, token: string, options?: CallOptions) => ({
    path: { app_id: appId, notification_id: notificationId },
    query: { token },
    options
  }),
  query: UnsubscribeQuery,
  success: Schema.Union(Schema.Undefined, GenericSuccessBoolResponse),
  errors: { 404: NotFound }
})
