/**
 * The simulator's subscription routes (OneSignal's user model): add a
 * subscription to a user, change, delete and transfer one, read and upsert
 * the aliases of its owner, change one found by its token, and honour an
 * email unsubscribe link.
 *
 * Subscriptions live in `store.subscriptions` by id, with their owner's
 * `onesignal_id`; a type and token (push token, email address, phone
 * number) belong to at most one subscription of an app.
 *
 * The simulator renders no email, so its `{{subscription.unsubscribe_token}}`
 * is the subscription's id: `unsubscribeEmailWithToken` with the id of an
 * email subscription disables it.
 */
import {
  identityOf,
  ok,
  reject,
  respond,
  type Handlers,
  type RouteContext,
  type SimulatorReply,
  type Store,
  type SubscriptionRecord,
  type UserRecord
} from "./core.js"
import {
  addSubscription,
  aliasConflict,
  applySubscriptionChanges,
  badRequest,
  checkIdentity,
  checkSubscription,
  checkSubscriptionLimit,
  checkToken,
  createAliases,
  findSubscriptionByToken,
  findUserOrReject,
  rejectUserModel,
  type SubscriptionChanges,
  subscriptionTypes,
  subscriptionView
} from "./users.js"

const subscriptionNotFound = (id: string): never =>
  rejectUserModel(404, "subscription-not-found", `Subscription not found: this app has no subscription ${id}.`)

/** The subscription of the app with the path's `subscription_id`, or a 404. */
const subscriptionOfPath = (context: RouteContext, appId: string): SubscriptionRecord => {
  const id = context.params["subscription_id"]!
  const subscription = context.store.subscriptions.get(id)
  return subscription !== undefined && subscription.appId === appId ? subscription : subscriptionNotFound(id)
}

/** The user owning a subscription, or a 404 when it has none. */
const ownerOf = (store: Store, subscription: SubscriptionRecord): UserRecord => {
  const user = subscription.onesignalId === undefined ? undefined : store.users.get(subscription.onesignalId)
  return user ?? rejectUserModel(404, "user-not-found", `User not found: subscription ${subscription.id} has no user.`)
}

/** The `subscription` object of the request body, checked. */
const subscriptionOfBody = (context: RouteContext, creating: boolean): SubscriptionChanges => {
  const value = context.body()["subscription"]
  if (value === undefined || value === null) return badRequest("subscription is required.")
  return checkSubscription(value, "subscription", creating)
}

/**
 * Changes an existing subscription: the type and token it ends up with are
 * checked (an email address, an E.164 number), and a type and token another
 * subscription of the app has is a 409.
 */
const changeSubscription = (store: Store, subscription: SubscriptionRecord, changes: SubscriptionChanges): void => {
  const type = changes.type ?? subscription.type
  const token = changes.token ?? subscription.token
  if (changes.type !== undefined || changes.token !== undefined) {
    checkToken(type, token, "subscription")
    const holder = token === undefined ? undefined : findSubscriptionByToken(store, subscription.appId, type, token)
    if (holder !== undefined && holder !== subscription) {
      rejectUserModel(
        409,
        "subscription-conflict",
        `Another subscription of this app (${holder.id}) has this ${type} token.`
      )
    }
  }
  applySubscriptionChanges(subscription, changes)
}

const create = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const changes = subscriptionOfBody(context, true)
  checkToken(changes.type!, changes.token, "subscription")
  const retainRaw = body["retain_previous_owner"]
  if (retainRaw !== undefined && retainRaw !== null && typeof retainRaw !== "boolean") {
    return badRequest("retain_previous_owner must be a boolean.")
  }
  const { store } = context
  const user = findUserOrReject(store, app.id, context.params["alias_label"]!, context.params["alias_id"]!)
  const retain = retainRaw === true
  checkSubscriptionLimit(store, user, [changes], retain)
  const { created, subscription } = addSubscription(context, user, changes, retain)
  return respond(created ? 201 : 202, { subscription: subscriptionView(subscription) })
}

const update = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const changes = subscriptionOfBody(context, false)
  changeSubscription(context.store, subscriptionOfPath(context, app.id), changes)
  return respond(200, undefined)
}

const remove = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  context.store.subscriptions.delete(subscriptionOfPath(context, app.id).id)
  return respond(202, undefined)
}

/**
 * Moves a subscription to the user every alias of `identity` names: 404
 * when an alias names no user, 409 when they name different users or the
 * new owner is full.
 */
const transfer = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const { store } = context
  if (body["identity"] === undefined || body["identity"] === null) return badRequest("identity is required.")
  const identity = checkIdentity(body["identity"], "identity")
  const entries = Object.entries(identity)
  if (entries.length === 0) return badRequest("identity must name the new owner by at least one alias.")
  const subscription = subscriptionOfPath(context, app.id)
  const owners = new Set<UserRecord>()
  for (const [label, id] of entries) owners.add(findUserOrReject(store, app.id, label, id))
  if (owners.size > 1) return aliasConflict("The aliases of identity belong to different users.", identity)
  const [owner] = owners
  if (subscription.onesignalId !== owner!.onesignalId) {
    checkSubscriptionLimit(store, owner, [{
      type: subscription.type,
      token: subscription.token,
      enabled: undefined,
      fields: {}
    }], false)
    subscription.onesignalId = owner!.onesignalId
  }
  return ok({ identity: identityOf(owner!) })
}

const getOwnerAliases = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  return ok({ identity: identityOf(ownerOf(context.store, subscriptionOfPath(context, app.id))) })
}

const createOwnerAliases = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  return createAliases(context, () => ownerOf(context.store, subscriptionOfPath(context, app.id)))
}

const updateByToken = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const type = context.params["token_type"]!
  const token = context.params["token"]!
  if (!subscriptionTypes.has(type)) {
    return badRequest(`token_type must be one of ${[...subscriptionTypes].join(", ")} (got ${type}).`)
  }
  const changes = subscriptionOfBody(context, false)
  const subscription = findSubscriptionByToken(context.store, app.id, type, token) ??
    rejectUserModel(
      404,
      "subscription-not-found",
      `Subscription not found: this app has no ${type} subscription ${token}.`
    )
  changeSubscription(context.store, subscription, changes)
  return respond(202, {})
}

/**
 * `unsubscribeEmailWithToken`: the notification must be one of the app's;
 * a token that is the id of an email subscription of the app disables it,
 * any other non-empty token is accepted as it is.
 */
const unsubscribe = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const token = context.request.query["token"]
  if (token === undefined || token.trim() === "") {
    return reject(400, "token is required: the value of {{subscription.unsubscribe_token}} in the email.")
  }
  const notificationId = context.params["notification_id"]!
  const { store } = context
  if (!store.notifications.some((n) => n.id === notificationId && n.appId === app.id)) {
    return reject(404, "Notification not found")
  }
  const subscription = store.subscriptions.get(token)
  if (subscription !== undefined && subscription.appId === app.id && subscription.type === "Email") {
    subscription.enabled = false
  }
  return respond(202, { success: true })
}

export const handlers: Handlers = {
  createSubscription: create,
  updateSubscription: update,
  deleteSubscription: remove,
  transferSubscription: transfer,
  getAliasesBySubscription: getOwnerAliases,
  createAliasBySubscription: createOwnerAliases,
  updateSubscriptionByToken: updateByToken,
  unsubscribeEmailWithToken: unsubscribe
}

