/**
 * The simulator's user routes (OneSignal's user model): create a user (or
 * find an existing one by its aliases), read, update and delete it, and
 * upsert, list and delete its aliases.
 *
 * A user lives in `store.users` by its `onesignal_id`, its other aliases in
 * `aliases`; its subscriptions live in `store.subscriptions` with the
 * owner's `onesignal_id`. This module also holds what the subscription
 * routes share with it: the user model's error bodies
 * (`{ "errors": [{ "code", "title" }] }`), alias upserts, and the
 * validation and view of a subscription.
 */
import { SubscriptionType } from "../../../Subscriptions.js"
import {
  findUserByAlias,
  identityOf,
  isRecord,
  type Json,
  ok,
  respond,
  rejectWith,
  type Handlers,
  type RouteContext,
  seconds,
  type SimulatorReply,
  type Store,
  type SubscriptionRecord,
  subscriptionsOf,
  type UserRecord
} from "./core.js"
import { booleanRule, checkFields, type FieldRule, integerRule, numberRule, stringRule } from "./fields.js"

// -----------------------------------------------------------------------------
// Errors
// -----------------------------------------------------------------------------

/** The title OneSignal gives a `createUser` whose aliases belong to different users. */
export const identityConflictTitle = "Multiple User Identity Conflict"

/** How many subscriptions one user may have; one more is a 409. */
export const maxSubscriptionsPerUser = 20

/**
 * Stops the handler with the user model's error body,
 * `{ "errors": [{ "code", "title", "meta"? }] }` (OneSignal's `GenericError`
 * for these routes).
 */
export const rejectUserModel = (status: number, code: string, title: string, meta?: Json): never =>
  rejectWith(respond(status, { errors: [meta === undefined ? { code, title } : { code, title, meta }] }))

/** Stops the handler with a 400 naming what is wrong with the request. */
export const badRequest = (title: string): never => rejectUserModel(400, "invalid-request", title)

/** Stops the handler with a 409: aliases of the request belong to other users. */
export const aliasConflict = (title: string, conflicting: Record<string, string>): never =>
  rejectUserModel(409, "user-2", title, { conflicting_aliases: conflicting })

const userNotFound = (label: string, id: string): never =>
  rejectUserModel(404, "user-not-found", `User not found: no user of this app has the alias ${label} = ${id}.`)

/** The user of the app with the alias `label` = `id`, or a 404. */
export const findUserOrReject = (store: Store, appId: string, label: string, id: string): UserRecord =>
  findUserByAlias(store, appId, label, id) ?? userNotFound(label, id)

const userOfPath = (context: RouteContext, appId: string): UserRecord =>
  findUserOrReject(context.store, appId, context.params["alias_label"]!, context.params["alias_id"]!)

// -----------------------------------------------------------------------------
// Field checks
// -----------------------------------------------------------------------------

/** Checks the fields of `value` that `rules` knows (400 naming a wrong one) and returns them; others are dropped. */
const pickChecked = (value: Json, rules: Readonly<Record<string, FieldRule>>, field: string): Json =>
  checkFields(value, rules, badRequest, field)

/**
 * Checks an `identity` object: alias labels to non-empty string ids.
 * Rejects with 400 naming the field.
 */
export const checkIdentity = (value: unknown, field: string): Record<string, string> => {
  if (!isRecord(value)) return badRequest(`${field} must be an object of alias label to alias id.`)
  const out: Record<string, string> = {}
  for (const [label, id] of Object.entries(value)) {
    if (label.trim() === "") badRequest(`${field} has an empty alias label.`)
    if (typeof id !== "string" || id === "") badRequest(`${field}.${label} must be a non-empty string.`)
    out[label] = id as string
  }
  return out
}

/**
 * Upserts aliases on a user: a label it has gets the new id, a new label is
 * added. An alias of another user of the app is a 409 (nothing changes);
 * `onesignal_id` may only name the user itself.
 */
export const upsertAliases = (store: Store, user: UserRecord, aliases: Readonly<Record<string, string>>): void => {
  const conflicting: Record<string, string> = {}
  for (const [label, id] of Object.entries(aliases)) {
    if (label === "onesignal_id") {
      if (id !== user.onesignalId) badRequest("identity.onesignal_id is assigned by OneSignal and cannot be changed.")
      continue
    }
    const holder = findUserByAlias(store, user.appId, label, id)
    if (holder !== undefined && holder !== user) conflicting[label] = id
  }
  if (Object.keys(conflicting).length > 0) {
    aliasConflict("The alias belongs to another user of this app.", conflicting)
  }
  const next = { ...user.aliases }
  for (const [label, id] of Object.entries(aliases)) {
    if (label !== "onesignal_id") next[label] = id
  }
  user.aliases = next
}

// -----------------------------------------------------------------------------
// Properties
// -----------------------------------------------------------------------------

const propertyRules: Readonly<Record<string, FieldRule>> = {
  language: stringRule,
  timezone_id: stringRule,
  lat: numberRule,
  long: numberRule,
  country: stringRule,
  first_active: integerRule,
  last_active: integerRule,
  amount_spent: numberRule,
  ip: stringRule
}

/** Checks a list of purchases (`sku`, `amount` as a decimal string, `iso`; `count` optional). */
const checkPurchases = (value: unknown, field: string): Array<Json> => {
  if (!Array.isArray(value)) return badRequest(`${field} must be an array of purchases.`)
  return value.map((purchase, i) => {
    const at = `${field}[${i}]`
    if (!isRecord(purchase)) return badRequest(`${at} must be an object.`)
    for (const name of ["sku", "amount", "iso"]) {
      const v = purchase[name]
      if (typeof v !== "string" || v === "") badRequest(`${at}.${name} is required (a non-empty string).`)
    }
    if (!Number.isFinite(Number(purchase["amount"]))) badRequest(`${at}.amount must be a decimal string, e.g. "0.99".`)
    if (purchase["count"] !== undefined && !integerRule.check(purchase["count"])) badRequest(`${at}.count must be an integer.`)
    return { ...purchase }
  })
}

/** Checks tag changes: string, number or boolean values; `""` or `null` removes the tag. */
const checkTags = (value: unknown, field: string): Json => {
  if (!isRecord(value)) return badRequest(`${field} must be an object of tag key to value.`)
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && typeof v !== "string" && typeof v !== "boolean" && !numberRule.check(v)) {
      badRequest(`${field}.${key} must be a string or a number (or "" / null to remove the tag).`)
    }
  }
  return value
}

/**
 * Checks a `properties` object: the documented fields are type-checked
 * (400 naming the field), `null` unsets one, and fields the model does not
 * list are kept as given.
 */
export const checkProperties = (value: unknown, field: string): Json => {
  if (!isRecord(value)) return badRequest(`${field} must be an object.`)
  const out: Json = { ...value }
  for (const [name, rule] of Object.entries(propertyRules)) {
    const v = value[name]
    if (v !== undefined && v !== null && !rule.check(v)) badRequest(`${field}.${name} must be ${rule.expected}.`)
  }
  if (value["tags"] !== undefined && value["tags"] !== null) out["tags"] = checkTags(value["tags"], `${field}.tags`)
  if (value["purchases"] !== undefined && value["purchases"] !== null) {
    out["purchases"] = checkPurchases(value["purchases"], `${field}.purchases`)
  }
  return out
}

/** The tags with `changes` applied: `null` or `""` removes a tag; values are kept as strings, as OneSignal does. */
const withTags = (current: unknown, changes: Json): Record<string, string> => {
  const next: Record<string, string> = {}
  if (isRecord(current)) {
    for (const [key, value] of Object.entries(current)) {
      if (value !== null && value !== undefined && value !== "") next[key] = String(value)
    }
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") delete next[key]
    else next[key] = String(value)
  }
  return next
}

/** Applies checked properties to a user: tags merge, `null` unsets a field, the rest is set. */
export const applyProperties = (user: UserRecord, properties: Json): void => {
  const next: Json = { ...user.properties }
  for (const [name, value] of Object.entries(properties)) {
    if (name === "tags") {
      next["tags"] = value === null ? {} : withTags(next["tags"], value as Json)
    } else if (value === null) {
      delete next[name]
    } else {
      next[name] = value
    }
  }
  user.properties = next
}

const numberOf = (u: unknown): number => (typeof u === "number" && Number.isFinite(u) ? u : 0)

/** Checks `deltas`: integer `session_time` / `session_count`, and purchases. */
const checkDeltas = (value: unknown): Json => {
  if (!isRecord(value)) return badRequest("deltas must be an object.")
  const out = pickChecked(value, { session_time: integerRule, session_count: integerRule }, "deltas")
  if (value["purchases"] !== undefined) out["purchases"] = checkPurchases(value["purchases"], "deltas.purchases")
  return out
}

/**
 * Adds `deltas` to a user: session time and count are added to the
 * properties of the same name, purchases are appended and their total
 * (`amount` × `count`, currency not converted) added to `amount_spent`.
 */
const applyDeltas = (user: UserRecord, deltas: Json): void => {
  const next: Json = { ...user.properties }
  for (const name of ["session_time", "session_count"]) {
    if (deltas[name] !== undefined) next[name] = numberOf(next[name]) + (deltas[name] as number)
  }
  const purchases = deltas["purchases"] as Array<Json> | undefined
  if (purchases !== undefined && purchases.length > 0) {
    const previous = Array.isArray(next["purchases"]) ? next["purchases"] : []
    next["purchases"] = [...previous, ...purchases]
    const total = purchases.reduce(
      (sum, p) => sum + Number(p["amount"]) * (typeof p["count"] === "number" ? p["count"] : 1),
      0
    )
    next["amount_spent"] = Math.round((numberOf(next["amount_spent"]) + total) * 100) / 100
  }
  user.properties = next
}

// -----------------------------------------------------------------------------
// Subscriptions (shared with the subscription routes)
// -----------------------------------------------------------------------------

/** The subscription types of the user model, as the client declares them. */
export const subscriptionTypes: ReadonlySet<string> = new Set(SubscriptionType.literals)

const subscriptionFieldRules: Readonly<Record<string, FieldRule>> = {
  notification_types: integerRule,
  session_time: integerRule,
  session_count: integerRule,
  sdk: stringRule,
  device_model: stringRule,
  device_os: stringRule,
  rooted: booleanRule,
  test_type: integerRule,
  app_version: stringRule,
  net_type: integerRule,
  carrier: stringRule,
  web_auth: stringRule,
  web_p256: stringRule
}

/** A checked subscription of a request: what it sets. */
export interface SubscriptionChanges {
  readonly type: string | undefined
  readonly token: string | undefined
  readonly enabled: boolean | undefined
  /** The other documented fields (`notification_types`, `sdk`, ...). */
  readonly fields: Json
}

/**
 * Checks a subscription of a request: `type` one of the documented types
 * (required when `creating`), `token` a non-empty string, `enabled` a
 * boolean, the other documented fields by type; `id` and unknown fields are
 * ignored. Rejects with 400 naming the field.
 */
export const checkSubscription = (value: unknown, field: string, creating: boolean): SubscriptionChanges => {
  if (!isRecord(value)) return badRequest(`${field} must be an object.`)
  const type = value["type"]
  if (type === undefined || type === null) {
    if (creating) badRequest(`${field}.type is required: one of ${[...subscriptionTypes].join(", ")}.`)
  } else if (typeof type !== "string" || !subscriptionTypes.has(type)) {
    badRequest(`${field}.type must be one of ${[...subscriptionTypes].join(", ")} (got ${JSON.stringify(type)}).`)
  }
  const token = value["token"]
  if (token !== undefined && token !== null && (typeof token !== "string" || token === "")) {
    badRequest(`${field}.token must be a non-empty string.`)
  }
  const enabled = value["enabled"]
  if (enabled !== undefined && enabled !== null && typeof enabled !== "boolean") {
    badRequest(`${field}.enabled must be a boolean.`)
  }
  return {
    type: typeof type === "string" ? type : undefined,
    token: typeof token === "string" ? token : undefined,
    enabled: typeof enabled === "boolean" ? enabled : undefined,
    fields: pickChecked(value, subscriptionFieldRules, field)
  }
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const e164Pattern = /^\+[1-9]\d{6,14}$/

/** Checks the token a subscription of `type` ends up with: an email address, an E.164 number. */
export const checkToken = (type: string, token: string | undefined, field: string): void => {
  if (type === "Email") {
    if (token === undefined) badRequest(`${field}.token is required for an Email subscription: the email address.`)
    else if (!emailPattern.test(token)) badRequest(`${field}.token must be an email address (got ${token}).`)
  } else if (type === "SMS") {
    if (token === undefined) badRequest(`${field}.token is required for an SMS subscription: the phone number.`)
    else if (!e164Pattern.test(token)) {
      badRequest(`${field}.token must be a phone number in E.164 format, e.g. +15555550100 (got ${token}).`)
    }
  }
}

/** Whether two tokens of a type are the same (email addresses ignore case). */
const sameToken = (type: string, a: string, b: string): boolean =>
  type === "Email" ? a.toLowerCase() === b.toLowerCase() : a === b

/** The subscription of the app with this type and token. */
export const findSubscriptionByToken = (
  store: Store,
  appId: string,
  type: string,
  token: string
): SubscriptionRecord | undefined => {
  for (const subscription of store.subscriptions.values()) {
    if (
      subscription.appId === appId && subscription.type === type && subscription.token !== undefined &&
      sameToken(type, subscription.token, token)
    ) return subscription
  }
  return undefined
}

/**
 * Applies checked changes to a subscription: `enabled` when given, else
 * `notification_types` decides it (positive means subscribed).
 */
export const applySubscriptionChanges = (subscription: SubscriptionRecord, changes: SubscriptionChanges): void => {
  if (changes.type !== undefined) subscription.type = changes.type
  if (changes.token !== undefined) subscription.token = changes.token
  subscription.fields = { ...subscription.fields, ...changes.fields }
  const notificationTypes = changes.fields["notification_types"]
  if (changes.enabled !== undefined) subscription.enabled = changes.enabled
  else if (typeof notificationTypes === "number") subscription.enabled = notificationTypes > 0
}

/**
 * A subscription as the user model shows it (`Subscription`): its
 * documented fields, with `notification_types` derived from `enabled`
 * (`-2`, unsubscribed, when disabled) and the session counters defaulted.
 */
export const subscriptionView = (subscription: SubscriptionRecord): Json => {
  const own: Json = {}
  for (const [name, rule] of Object.entries(subscriptionFieldRules)) {
    const value = subscription.fields[name]
    if (value !== undefined && rule.check(value)) own[name] = value
  }
  const notificationTypes = own["notification_types"] as number | undefined
  return {
    ...own,
    id: subscription.id,
    app_id: subscription.appId,
    type: subscription.type,
    token: subscription.token ?? null,
    enabled: subscription.enabled,
    notification_types: subscription.enabled
      ? (notificationTypes !== undefined && notificationTypes > 0 ? notificationTypes : 1)
      : (notificationTypes !== undefined && notificationTypes <= 0 ? notificationTypes : -2),
    session_time: own["session_time"] ?? 0,
    session_count: own["session_count"] ?? 1
  }
}

/**
 * Where a subscription of a request goes for `user`: the app's subscription
 * with the same type and token when there is one (moved to the user unless
 * `retainPreviousOwner` and another user owns it), else a new one.
 */
const subscriptionTarget = (
  store: Store,
  user: UserRecord,
  changes: SubscriptionChanges
): { readonly existing: SubscriptionRecord | undefined; readonly joins: boolean } => {
  const existing = changes.token === undefined || changes.type === undefined
    ? undefined
    : findSubscriptionByToken(store, user.appId, changes.type, changes.token)
  return { existing, joins: existing === undefined || existing.onesignalId !== user.onesignalId }
}

/**
 * Rejects with 409 when adding `incoming` subscriptions would give the user
 * more than `maxSubscriptionsPerUser`.
 */
export const checkSubscriptionLimit = (
  store: Store,
  user: UserRecord | undefined,
  incoming: ReadonlyArray<SubscriptionChanges>,
  retainPreviousOwner: boolean
): void => {
  let count = user === undefined ? 0 : subscriptionsOf(store, user).length
  for (const changes of incoming) {
    if (user === undefined) {
      count++
      continue
    }
    const { existing, joins } = subscriptionTarget(store, user, changes)
    if (joins && !(retainPreviousOwner && existing?.onesignalId !== undefined)) count++
  }
  if (count > maxSubscriptionsPerUser) {
    rejectUserModel(
      409,
      "subscription-limit",
      `Operation is not permitted: a user can have at most ${maxSubscriptionsPerUser} subscriptions.`
    )
  }
}

/**
 * Adds a checked subscription to a user. A subscription of the app with
 * the same type and token is moved to the user and changed (left with its
 * owner, unchanged, when `retainPreviousOwner` and another user owns it);
 * otherwise a new one is stored. Says which.
 */
export const addSubscription = (
  context: RouteContext,
  user: UserRecord,
  changes: SubscriptionChanges,
  retainPreviousOwner: boolean
): { readonly subscription: SubscriptionRecord; readonly created: boolean } => {
  const { existing } = subscriptionTarget(context.store, user, changes)
  if (existing !== undefined) {
    const ownedByAnother = existing.onesignalId !== undefined && existing.onesignalId !== user.onesignalId &&
      context.store.users.has(existing.onesignalId)
    if (!(retainPreviousOwner && ownedByAnother)) {
      existing.onesignalId = user.onesignalId
      applySubscriptionChanges(existing, changes)
    }
    return { subscription: existing, created: false }
  }
  const subscription: SubscriptionRecord = {
    id: context.newId(),
    appId: user.appId,
    onesignalId: user.onesignalId,
    type: changes.type!,
    token: changes.token,
    enabled: true,
    fields: {},
    createdAt: context.nowMillis
  }
  applySubscriptionChanges(subscription, changes)
  context.store.subscriptions.set(subscription.id, subscription)
  return { subscription, created: true }
}

// -----------------------------------------------------------------------------
// Views
// -----------------------------------------------------------------------------

/** A user as `GET /users/by/...` answers it: properties, identity (`onesignal_id` included), subscriptions. */
export const userView = (store: Store, user: UserRecord): Json => ({
  properties: { ...user.properties },
  identity: identityOf(user),
  subscriptions: subscriptionsOf(store, user).map(subscriptionView)
})

// -----------------------------------------------------------------------------
// Routes
// -----------------------------------------------------------------------------

/**
 * The one user the aliases of a `createUser` name: `undefined` when none
 * does; 409 with the conflicting aliases when they name several users, or
 * name a user that has another id for one of the labels.
 */
const userOfIdentity = (store: Store, appId: string, identity: Readonly<Record<string, string>>) => {
  const found = new Set<UserRecord>()
  const known: Record<string, string> = {}
  for (const [label, id] of Object.entries(identity)) {
    const user = findUserByAlias(store, appId, label, id)
    if (user !== undefined) {
      found.add(user)
      known[label] = id
    } else if (label === "onesignal_id") {
      badRequest(`identity.onesignal_id: there is no user ${id} in this app.`)
    }
  }
  if (found.size > 1) return aliasConflict(identityConflictTitle, known)
  const [user] = found
  if (user === undefined) return undefined
  const mismatched: Record<string, string> = {}
  for (const [label, id] of Object.entries(identity)) {
    const own = label === "onesignal_id" ? user.onesignalId : user.aliases[label]
    if (own !== undefined && own !== id) mismatched[label] = id
  }
  if (Object.keys(mismatched).length > 0) return aliasConflict(identityConflictTitle, { ...known, ...mismatched })
  return user
}

const create = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const { store } = context
  const identity = body["identity"] === undefined || body["identity"] === null
    ? {}
    : checkIdentity(body["identity"], "identity")
  const properties = body["properties"] === undefined || body["properties"] === null
    ? {}
    : checkProperties(body["properties"], "properties")
  const rawSubscriptions = body["subscriptions"] ?? []
  if (!Array.isArray(rawSubscriptions)) return badRequest("subscriptions must be an array of subscriptions.")
  const subscriptions = rawSubscriptions.map((value, i) => {
    const changes = checkSubscription(value, `subscriptions[${i}]`, true)
    checkToken(changes.type!, changes.token, `subscriptions[${i}]`)
    return changes
  })
  const options = body["subscription_options"]
  if (options !== undefined && options !== null && !isRecord(options)) {
    return badRequest("subscription_options must be an object.")
  }
  const retain = isRecord(options) && options["retain_previous_owner"] === true

  const existing = userOfIdentity(store, app.id, identity)
  checkSubscriptionLimit(store, existing, subscriptions, retain)
  const nowSeconds = seconds(context.nowMillis)
  const user: UserRecord = existing ?? {
    onesignalId: context.newId(),
    appId: app.id,
    aliases: {},
    properties: { first_active: nowSeconds, last_active: nowSeconds },
    createdAt: context.nowMillis
  }
  upsertAliases(store, user, identity)
  if (existing === undefined) store.users.set(user.onesignalId, user)
  applyProperties(user, properties)
  for (const changes of subscriptions) addSubscription(context, user, changes, retain)
  return respond(existing === undefined ? 201 : 200, userView(store, user))
}

const view = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  return ok(userView(context.store, userOfPath(context, app.id)))
}

const update = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const properties = body["properties"] === undefined || body["properties"] === null
    ? undefined
    : checkProperties(body["properties"], "properties")
  const deltas = body["deltas"] === undefined || body["deltas"] === null ? undefined : checkDeltas(body["deltas"])
  const refresh = body["refresh_device_metadata"]
  if (refresh !== undefined && refresh !== null && typeof refresh !== "boolean") {
    return badRequest("refresh_device_metadata must be a boolean.")
  }
  const user = userOfPath(context, app.id)
  if (properties !== undefined) applyProperties(user, properties)
  if (deltas !== undefined) applyDeltas(user, deltas)
  return respond(202, { properties: properties ?? {} })
}

const remove = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const { store } = context
  const user = userOfPath(context, app.id)
  for (const subscription of subscriptionsOf(store, user)) store.subscriptions.delete(subscription.id)
  store.users.delete(user.onesignalId)
  return respond(200, undefined)
}

/**
 * Checks the request body's `identity`, then upserts its aliases on the
 * user `findUser` finds (which may reject with 404) and answers 200 with
 * all of its aliases (`createAlias`, `createAliasBySubscription`).
 */
export const createAliases = (context: RouteContext, findUser: () => UserRecord): SimulatorReply => {
  const body = context.body()
  if (body["identity"] === undefined || body["identity"] === null) return badRequest("identity is required.")
  const identity = checkIdentity(body["identity"], "identity")
  if (Object.keys(identity).length === 0) return badRequest("identity must name at least one alias.")
  const user = findUser()
  upsertAliases(context.store, user, identity)
  return ok({ identity: identityOf(user) })
}

const createAlias = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  return createAliases(context, () => userOfPath(context, app.id))
}

const getAliases = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  return ok({ identity: identityOf(userOfPath(context, app.id)) })
}

const deleteAlias = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const label = context.params["alias_label_to_delete"]!
  if (label === "onesignal_id") return badRequest("onesignal_id cannot be deleted: it is the user's own id.")
  const user = userOfPath(context, app.id)
  if (user.aliases[label] === undefined) {
    return rejectUserModel(404, "alias-not-found", `Alias not found: the user has no alias labelled ${label}.`)
  }
  const { [label]: _removed, ...rest } = user.aliases
  user.aliases = rest
  return ok({ identity: identityOf(user) })
}

export const handlers: Handlers = {
  createUser: create,
  getUser: view,
  updateUser: update,
  deleteUser: remove,
  getAliases,
  createAlias,
  deleteAlias
}
