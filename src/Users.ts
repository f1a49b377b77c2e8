/**
 * Users and their aliases. A user is one person across channels: their
 * properties (tags, language, location, purchases, ...), their aliases
 * (`onesignal_id`, your `external_id`, custom labels) and their
 * subscriptions (see the `Subscriptions` module). Every user route names the
 * user by one alias, `/users/by/{alias_label}/{alias_id}`; alias ids are often
 * email addresses or phone numbers and are percent-encoded in the path.
 *
 * Each model shared by requests and answers comes in two forms built from
 * one field list: the class (e.g. {@link User}) is what OneSignal answers,
 * decoded leniently (every field may be missing or `null`); the `...Input`
 * struct (e.g. {@link UserInput}) is what a request accepts, checked strictly
 * before anything is sent.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields, requestFields } from "./internal/fields.js"
import { Conflict, NotFound } from "./OneSignalError.js"
import { JsonObject } from "./SharedModels.js"
import {
  IdentityObject,
  Subscription,
  SubscriptionInput,
  UserIdentityBody,
  UserIdentityBodyInput
} from "./Subscriptions.js"

export {
  /**
   * A user's aliases, by label (defined in the `Subscriptions` module).
   *
   * @since 0.1.0
   * @category Models
   */
  IdentityObject,
  /**
   * `{ identity }` as OneSignal answers it (defined in the `Subscriptions` module).
   *
   * @since 0.1.0
   * @category Models
   */
  UserIdentityBody,
  /**
   * The body of `createAlias` (defined in the `Subscriptions` module).
   *
   * @since 0.1.0
   * @category Models
   */
  UserIdentityBodyInput
} from "./Subscriptions.js"

// -----------------------------------------------------------------------------
// Purchases
// -----------------------------------------------------------------------------

const purchaseFields = {
  /** Your identifier of the purchased item, e.g. `com.example.coins100`. */
  sku: Schema.String,
  /** The price paid, as a decimal string, e.g. `"0.99"`. */
  amount: Schema.String,
  /** The ISO 4217 currency code of `amount`, e.g. `USD`; needed to convert it. */
  iso: Schema.String,
  /** How many items were bought. */
  count: Schema.Int
}

/**
 * A purchase to record on a user: `sku`, `amount` and `iso` are required.
 *
 * @since 0.1.0
 * @category Models
 */
export const PurchaseInput = Schema.Struct(requestFields(purchaseFields, ["sku", "amount", "iso"]))

/**
 * @since 0.1.0
 * @category Models
 */
export type PurchaseInput = typeof PurchaseInput.Type

/**
 * An in-app purchase as OneSignal answers it. Every field may be missing or
 * `null`.
 *
 * @since 0.1.0
 * @category Models
 */
export class Purchase extends Schema.Class<Purchase>("effect-onesignal/Purchase")(lenientFields(purchaseFields)) {}

// -----------------------------------------------------------------------------
// Properties
// -----------------------------------------------------------------------------

/** The fields of a user's properties, once; the purchases' form differs. */
const propertiesObjectFieldsOf = <P extends Schema.Schema.AnyNoContext>(purchase: P) => ({
  /** Data tags: your key/value data about the user, used in segments and personalization. */
  tags: JsonObject,
  /** The user's language, as an ISO 639-1 code, e.g. `en`. */
  language: Schema.String,
  /** The user's time zone, as an IANA name, e.g. `America/Los_Angeles`. */
  timezone_id: Schema.String,
  /** Latitude of the user's location. */
  lat: Schema.Finite,
  /** Longitude of the user's location. */
  long: Schema.Finite,
  /** The user's country, as an ISO 3166-1 alpha-2 code, e.g. `US`. */
  country: Schema.String,
  /** When the user was first active, as a Unix time in seconds. */
  first_active: Schema.Int,
  /** When the user was last active, as a Unix time in seconds. */
  last_active: Schema.Int,
  /** Total amount the user spent, in USD. */
  amount_spent: Schema.Finite,
  /** In-app purchases of the user. */
  purchases: Schema.Array(purchase),
  /** The user's IP address. */
  ip: Schema.String
})

const propertiesObjectInputFields = requestFields(propertiesObjectFieldsOf(PurchaseInput), [])

/**
 * A user's properties as a request sets them (`createUser`, `updateUser`).
 * Every field is optional; fields left out are not changed.
 *
 * @since 0.1.0
 * @category Models
 */
export const PropertiesObjectInput = Schema.Struct(propertiesObjectInputFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type PropertiesObjectInput = typeof PropertiesObjectInput.Type

/**
 * A user's properties as OneSignal answers them. Every field may be missing
 * or `null`.
 *
 * @since 0.1.0
 * @category Models
 */
export class PropertiesObject extends Schema.Class<PropertiesObject>("effect-onesignal/PropertiesObject")(
  lenientFields(propertiesObjectFieldsOf(Purchase))
) {}

const propertiesDeltasFields = requestFields({
  /** Seconds to add to the user's total session time. */
  session_time: Schema.Int,
  /** Sessions to add to the user's session count. */
  session_count: Schema.Int,
  /** Purchases to add to the user's purchases (and to `amount_spent`). */
  purchases: Schema.Array(PurchaseInput)
}, [])

/**
 * Increments for `updateUser`: amounts added to the user's current values
 * rather than replacing them.
 *
 * @since 0.1.0
 * @category Models
 */
export class PropertiesDeltas extends Schema.Class<PropertiesDeltas>("effect-onesignal/PropertiesDeltas")(propertiesDeltasFields) {}

const updateUserRequestFields = requestFields({
  /** Properties to set; fields left out are not changed. */
  properties: PropertiesObjectInput,
  /** Whether OneSignal should refresh the user's device metadata (IP, country, ...); `false` when left out. */
  refresh_device_metadata: Schema.Boolean,
  /** Amounts to add to the user's session time, session count and purchases. */
  deltas: Schema.Struct(propertiesDeltasFields)
}, [])

/**
 * The body of `updateUser`: properties to set and amounts to add.
 *
 * @since 0.1.0
 * @category Models
 */
export class UpdateUserRequest extends Schema.Class<UpdateUserRequest>("effect-onesignal/UpdateUserRequest")(updateUserRequestFields) {}

/**
 * The answer of `updateUser`: `{ properties }`, the properties that were
 * applied. Every field may be missing or `null`.
 *
 * @since 0.1.0
 * @category Models
 */
export class PropertiesBody extends Schema.Class<PropertiesBody>("effect-onesignal/PropertiesBody")(lenientFields({
  /** The user's properties. */
  properties: PropertiesObject
})) {}

// -----------------------------------------------------------------------------
// User
// -----------------------------------------------------------------------------

/**
 * Options of `createUser` for subscriptions that already belong to another
 * user (from the 1.2.2 spec; the current reference no longer lists them).
 *
 * @since 0.1.0
 * @category Models
 */
export const UserSubscriptionOptions = Schema.Struct({
  /** Keep an existing subscription with its current owner instead of moving it to the new user. */
  retain_previous_owner: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type UserSubscriptionOptions = typeof UserSubscriptionOptions.Type

/** The fields of a user, once; the nested models' forms differ. */
const userFieldsOf = <P extends Schema.Schema.AnyNoContext, S extends Schema.Schema.AnyNoContext>(
  properties: P,
  subscription: S
) => ({
  /** The user's properties. */
  properties,
  /** The user's aliases, by label; in a `createUser` request they also find an existing user. */
  identity: IdentityObject,
  /** The user's subscriptions (push devices, email addresses, phone numbers). */
  subscriptions: Schema.Array(subscription),
  /** `createUser` only: what to do with subscriptions owned by another user (1.2.2 spec). */
  subscription_options: UserSubscriptionOptions
})

const userInputFields = requestFields(userFieldsOf(PropertiesObjectInput, SubscriptionInput), [])

/**
 * The body of `createUser`: properties, aliases (`identity`) and
 * subscriptions, all optional. When an alias in `identity` already belongs
 * to a user, that user is updated instead of a new one being created.
 *
 * @since 0.1.0
 * @category Models
 */
export const UserInput = Schema.Struct(userInputFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type UserInput = typeof UserInput.Type

/**
 * A user as OneSignal answers it: properties, aliases and subscriptions.
 * Every field may be missing or `null`.
 *
 * @since 0.1.0
 * @category Models
 */
export class User extends Schema.Class<User>("effect-onesignal/User")(lenientFields(userFieldsOf(PropertiesObject, Subscription))) {}

// -----------------------------------------------------------------------------
// The 409 answer of createUser
// -----------------------------------------------------------------------------

/**
 * The `meta` of an entry of a {@link CreateUserConflictResponse}.
 *
 * @since 0.1.0
 * @category Models
 */
export const CreateUserConflictResponseErrorsItemsMeta = Schema.Struct(lenientFields({
  /** The aliases of the request that already belong to other users, by label. */
  conflicting_aliases: JsonObject
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type CreateUserConflictResponseErrorsItemsMeta = typeof CreateUserConflictResponseErrorsItemsMeta.Type

/**
 * One entry of a {@link CreateUserConflictResponse}.
 *
 * @since 0.1.0
 * @category Models
 */
export const CreateUserConflictResponseErrorsInner = Schema.Struct(lenientFields({
  /** A machine-readable code of the conflict. */
  code: Schema.String,
  /** A human-readable description of the conflict. */
  title: Schema.String,
  /** Details, such as the conflicting aliases. */
  meta: CreateUserConflictResponseErrorsItemsMeta
}))

/**
 * @since 0.1.0
 * @category Models
 */
export type CreateUserConflictResponseErrorsInner = typeof CreateUserConflictResponseErrorsInner.Type

/**
 * The body of a 409 from `createUser`: the aliases of the request belong to
 * more than one existing user.
 *
 * The call fails with a `Conflict` error whose `details` holds the entries of
 * `errors` (`code`, `title`, `meta`), so this model is not decoded by the
 * call itself; decode the entries when you need the conflicting aliases:
 *
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { OneSignal } from "effect-onesignal"
 * import { CreateUserConflictResponse } from "effect-onesignal/Users"
 *
 * const signUp = (appId: string, externalId: string) =>
 *   Effect.flatMap(OneSignal, (onesignal) =>
 *     onesignal.createUser(appId, { identity: { external_id: externalId } }).pipe(
 *       Effect.catchTag("Conflict", (conflict) =>
 *         Schema.decodeUnknown(CreateUserConflictResponse)({ errors: conflict.details }))
 *     ))
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export class CreateUserConflictResponse
  extends Schema.Class<CreateUserConflictResponse>("effect-onesignal/CreateUserConflictResponse")(lenientFields({
    /** One entry per conflict. */
    errors: Schema.Array(CreateUserConflictResponseErrorsInner)
  }))
{}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/** A user of an app, named by one of its aliases. */
const userByAlias = (appId: string, aliasLabel: string, aliasId: string, options?: CallOptions) => ({
  path: { app_id: appId, alias_label: aliasLabel, alias_id: aliasId },
  options
})

/** A user of an app, named by one of its subscriptions. */
const userBySubscription = (appId: string, subscriptionId: string, options?: CallOptions) => ({
  path: { app_id: appId, subscription_id: subscriptionId },
  options
})

/**
 * Creates a user with properties, aliases and subscriptions
 * (`POST /apps/{app_id}/users`). When an alias of `identity` already belongs
 * to a user, that user is updated instead. OneSignal answers 200, 201 or 202;
 * all three decode to the same {@link User}.
 *
 * A 409 (the aliases belong to more than one user) fails with `Conflict`; its
 * `details` holds the entries of the {@link CreateUserConflictResponse}.
 * Not retried by default (a POST without an idempotency key).
 *
 * @since 0.1.0
 * @category Operations
 */
export const createUser = Endpoint.make({
  name: "createUser",
  method: "POST",
  route: "/apps/{app_id}/users",
  key: "rest",
  request: (appId: string, user: UserInput, options?: CallOptions) => ({ path: { app_id: appId }, body: user, options }),
  body: UserInput,
  success: User,
  errors: { 409: Conflict }
})

/**
 * Reads a user's properties, aliases and subscriptions
 * (`GET /apps/{app_id}/users/by/{alias_label}/{alias_id}`), e.g.
 * `getUser(appId, "external_id", "user-42")`.
 *
 * @since 0.1.0
 * @category Operations
 */
export const getUser = Endpoint.make({
  name: "getUser",
  method: "GET",
  route: "/apps/{app_id}/users/by/{alias_label}/{alias_id}",
  key: "rest",
  request: userByAlias,
  success: User,
  errors: { 404: NotFound }
})

/**
 * Sets a user's properties and adds to its counters
 * (`PATCH /apps/{app_id}/users/by/{alias_label}/{alias_id}`). OneSignal
 * answers 202 with the properties it applied.
 *
 * Not retried by default (a PATCH; `deltas` would be added twice).
 *
 * @since 0.1.0
 * @category Operations
 */
export const updateUser = Endpoint.make({
  name: "updateUser",
  method: "PATCH",
  route: "/apps/{app_id}/users/by/{alias_label}/{alias_id}",
  key: "rest",
  request: (
    appId: string,
    aliasLabel: string,
    aliasId: string,
    updateUserRequest: UpdateUserRequest,
    options?: CallOptions
  ) => ({ path: { app_id: appId, alias_label: aliasLabel, alias_id: aliasId }, body: updateUserRequest, options }),
  body: Schema.Struct(updateUserRequestFields),
  success: PropertiesBody,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Deletes a user with all its aliases and subscriptions
 * (`DELETE /apps/{app_id}/users/by/{alias_label}/{alias_id}`). OneSignal
 * answers without a body.
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteUser = Endpoint.make({
  name: "deleteUser",
  method: "DELETE",
  route: "/apps/{app_id}/users/by/{alias_label}/{alias_id}",
  key: "rest",
  request: userByAlias,
  success: Schema.Void,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Adds aliases to a user named by another alias, or changes them when the
 * label exists (`PATCH /apps/{app_id}/users/by/{alias_label}/{alias_id}/identity`),
 * and answers with all of the user's aliases. A 409 means an alias already
 * belongs to another user.
 *
 * Not retried by default (a PATCH).
 *
 * @since 0.1.0
 * @category Operations
 */
export const createAlias = Endpoint.make({
  name: "createAlias",
  method: "PATCH",
  route: "/apps/{app_id}/users/by/{alias_label}/{alias_id}/identity",
  key: "rest",
  request: (
    appId: string,
    aliasLabel: string,
    aliasId: string,
    userIdentityBody: UserIdentityBodyInput,
    options?: CallOptions
  ) => ({ path: { app_id: appId, alias_label: aliasLabel, alias_id: aliasId }, body: userIdentityBody, options }),
  body: UserIdentityBodyInput,
  success: UserIdentityBody,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Adds aliases to the user owning a subscription, or changes them when the
 * label exists (`PATCH /apps/{app_id}/subscriptions/{subscription_id}/user/identity`),
 * and answers with all of the user's aliases.
 *
 * Not retried by default (a PATCH).
 *
 * @since 0.1.0
 * @category Operations
 */
export const createAliasBySubscription = Endpoint.make({
  name: "createAliasBySubscription",
  method: "PATCH",
  route: "/apps/{app_id}/subscriptions/{subscription_id}/user/identity",
  key: "rest",
  request: (appId: string, subscriptionId: string, userIdentityBody: UserIdentityBodyInput, options?: CallOptions) => ({
    path: { app_id: appId, subscription_id: subscriptionId },
    body: userIdentityBody,
    options
  }),
  body: UserIdentityBodyInput,
  success: UserIdentityBody,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Removes one alias (by its label) from a user named by an alias
 * (`DELETE /apps/{app_id}/users/by/{alias_label}/{alias_id}/identity/{alias_label_to_delete}`),
 * and answers with the aliases that remain.
 *
 * @since 0.1.0
 * @category Operations
 */
export const deleteAlias = Endpoint.make({
  name: "deleteAlias",
  method: "DELETE",
  route: "/apps/{app_id}/users/by/{alias_label}/{alias_id}/identity/{alias_label_to_delete}",
  key: "rest",
  request: (appId: string, aliasLabel: string, aliasId: string, aliasLabelToDelete: string, options?: CallOptions) => ({
    path: { app_id: appId, alias_label: aliasLabel, alias_id: aliasId, alias_label_to_delete: aliasLabelToDelete },
    options
  }),
  success: UserIdentityBody,
  errors: { 404: NotFound, 409: Conflict }
})

/**
 * Lists the aliases of a user named by one of them
 * (`GET /apps/{app_id}/users/by/{alias_label}/{alias_id}/identity`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getAliases = Endpoint.make({
  name: "getAliases",
  method: "GET",
  route: "/apps/{app_id}/users/by/{alias_label}/{alias_id}/identity",
  key: "rest",
  request: userByAlias,
  success: UserIdentityBody,
  errors: { 404: NotFound }
})

/**
 * Lists the aliases of the user owning a subscription
 * (`GET /apps/{app_id}/subscriptions/{subscription_id}/user/identity`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getAliasesBySubscription = Endpoint.make({
  name: "getAliasesBySubscription",
  method: "GET",
  route: "/apps/{app_id}/subscriptions/{subscription_id}/user/identity",
  key: "rest",
  request: userBySubscription,
  success: UserIdentityBody,
  errors: { 404: NotFound }
})

// -----------------------------------------------------------------------------
// Former names
// -----------------------------------------------------------------------------

/**
 * The former name of {@link getUser} (operation id `fetch_user`).
 *
 * @deprecated use `getUser`
 * @since 0.1.0
 * @category Operations
 */
export const fetchUser = getUser

/**
 * The former name of {@link getAliases} (operation id `fetch_user_identity`).
 *
 * @deprecated use `getAliases`
 * @since 0.1.0
 * @category Operations
 */
export const fetchUserIdentity = getAliases

/**
 * The former name of {@link getAliasesBySubscription} (operation id `fetch_aliases`).
 *
 * @deprecated use `getAliasesBySubscription`
 * @since 0.1.0
 * @category Operations
 */
export const fetchAliases = getAliasesBySubscription

/**
 * The former name of {@link createAlias} (operation id `identify_user_by_alias`).
 *
 * @deprecated use `createAlias`
 * @since 0.1.0
 * @category Operations
 */
export const identifyUserByAlias = createAlias

/**
 * The former name of {@link createAliasBySubscription} (operation id
 * `identify_user_by_subscription_id`).
 *
 * @deprecated use `createAliasBySubscription`
 * @since 0.1.0
 * @category Operations
 */
export const identifyUserBySubscriptionId = createAliasBySubscription
