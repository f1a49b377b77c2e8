/**
 * The simulator's legacy device ("player") routes: register, read, list,
 * edit, delete and export devices, set tags by external user id, and the
 * session, purchase and focus reports of the first SDKs.
 *
 * A player is a subscription of the store: `type` and `token` are derived
 * from `device_type` and `identifier`, and the other device fields live in
 * the record's `fields`. A subscription that belongs to a user (made with
 * the user model API) shows that user's `external_id` alias and tags, and
 * writes to them; a player registered here belongs to no user.
 */
import {
  accessDeniedMessage,
  authorizationToken,
  findUserByAlias,
  isAnyRestKey,
  isRecord,
  type Json,
  ok,
  parseNonNegativeInt,
  reject,
  respond,
  type Handlers,
  type RouteContext,
  seconds,
  type SimulatorReply,
  type Store,
  type SubscriptionRecord,
  type UserRecord
} from "./core.js"
import {
  checkFields,
  type FieldRule,
  integerRule,
  nullableRule,
  numberRule,
  oneOfRule,
  stringArrayRule,
  stringRule,
} from "./fields.js"

/**
 * The fields of `body` that `rules` knows, checked (400 `{ errors: [...] }`
 * naming a field of the wrong type); unknown fields are dropped.
 */
export const pickFields = (body: Json, rules: Readonly<Record<string, FieldRule>>): Json =>
  checkFields(body, rules, (issue) => reject(400, issue))

// -----------------------------------------------------------------------------
// Device types and fields
// -----------------------------------------------------------------------------

/**
 * The subscription `type` of each documented `device_type`. Windows Phone
 * (3) and Alexa (10) have no equivalent in the user model.
 */
const subscriptionTypeOf: Readonly<Record<number, string>> = {
  0: "iOSPush",
  1: "AndroidPush",
  2: "FireOSPush",
  4: "ChromeExtensionPush",
  5: "ChromePush",
  6: "WindowsPush",
  7: "SafariLegacyPush",
  8: "FirefoxPush",
  9: "macOSPush",
  11: "Email",
  13: "HuaweiPush",
  14: "SMS"
}

/** The `type` of a player whose `device_type` has no user-model equivalent. */
const unmappedType = "Unknown"

/** The `device_type` of each subscription type (Safari's current web push included). */
const deviceTypeOf: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(subscriptionTypeOf).map(([code, type]) => [type, Number(code)])),
  SafariPush: 7
}

const deviceTypes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14]

const tagsRule: FieldRule = {
  check: (u) =>
    isRecord(u) &&
    Object.values(u).every((v) => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v))),
  expected: "an object of string or number values"
}

const nullableString = nullableRule(stringRule)

const isNumeric = (text: string): boolean => text.trim() !== "" && Number.isFinite(Number(text))

/** The device fields a player request may carry (the identity-verification hashes are checked, not kept). */
const playerRules: Readonly<Record<string, FieldRule>> = {
  device_type: oneOfRule(deviceTypes),
  identifier: nullableString,
  language: stringRule,
  timezone: nullableRule(integerRule),
  game_version: nullableString,
  device_os: nullableString,
  device_model: nullableString,
  ad_id: nullableString,
  sdk: nullableString,
  tags: nullableRule(tagsRule),
  external_user_id: nullableString,
  session_count: integerRule,
  amount_spent: {
    check: (u) => (typeof u === "number" && Number.isFinite(u)) || (typeof u === "string" && isNumeric(u)),
    expected: "a number"
  },
  created_at: integerRule,
  playtime: integerRule,
  badge_count: integerRule,
  last_active: integerRule,
  notification_types: integerRule,
  test_type: nullableRule(oneOfRule([1, 2])),
  long: numberRule,
  lat: numberRule,
  country: stringRule
}

/** The fields a session report may carry. */
const sessionRules: Readonly<Record<string, FieldRule>> = {
  identifier: playerRules["identifier"]!,
  language: playerRules["language"]!,
  timezone: playerRules["timezone"]!,
  game_version: playerRules["game_version"]!,
  device_os: playerRules["device_os"]!,
  device_model: playerRules["device_model"]!,
  ad_id: playerRules["ad_id"]!,
  sdk: playerRules["sdk"]!,
  tags: playerRules["tags"]!
}

const identityRules: Readonly<Record<string, FieldRule>> = {
  external_user_id_auth_hash: stringRule,
  email_auth_hash: stringRule
}

const playerNotFound = (): never => reject(404, "Player not found")

// -----------------------------------------------------------------------------
// Views and changes
// -----------------------------------------------------------------------------

const userOf = (store: Store, player: SubscriptionRecord): UserRecord | undefined =>
  player.onesignalId === undefined ? undefined : store.users.get(player.onesignalId)

const tagsOfUser = (user: UserRecord): Record<string, string> =>
  isRecord(user.properties["tags"]) ? (user.properties["tags"] as Record<string, string>) : {}

/** The tags with `changes` applied: `null` or `""` removes a tag; values are kept as strings. */
const withTags = (current: Readonly<Record<string, unknown>>, changes: Json): Record<string, string> => {
  const next: Record<string, string> = {}
  for (const [key, value] of Object.entries(current)) {
    if (value !== null && value !== undefined && value !== "") next[key] = String(value)
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "") delete next[key]
    else next[key] = String(value)
  }
  return next
}

/** Sets tags on a player: on its user when it has one, else on the player. */
const setTags = (store: Store, player: SubscriptionRecord, changes: Json): void => {
  const user = userOf(store, player)
  if (user !== undefined) {
    user.properties = { ...user.properties, tags: withTags(tagsOfUser(user), changes) }
  } else {
    player.fields["tags"] = withTags(isRecord(player.fields["tags"]) ? player.fields["tags"] : {}, changes)
  }
}

/** The external user id of a player: its user's `external_id` alias, or its own field. */
const externalUserIdOf = (store: Store, player: SubscriptionRecord): string | null => {
  const user = userOf(store, player)
  if (user !== undefined) return user.aliases["external_id"] ?? null
  const own = player.fields["external_user_id"]
  return typeof own === "string" && own !== "" ? own : null
}

/**
 * Rejects with 409 an `external_user_id` that would become the alias of a
 * player's user while another user of the app has it.
 */
const checkExternalUserId = (store: Store, player: SubscriptionRecord, value: unknown): void => {
  const user = userOf(store, player)
  if (user === undefined || typeof value !== "string" || value === "") return
  const holder = findUserByAlias(store, player.appId, "external_id", value)
  if (holder !== undefined && holder !== user) {
    reject(409, `external_user_id ${value} belongs to another user of this app.`)
  }
}

/**
 * Sets the external user id of a player: on a player with a user it is the
 * user's `external_id` alias (checked first with `checkExternalUserId`).
 */
const setExternalUserId = (store: Store, player: SubscriptionRecord, value: string | null): void => {
  const user = userOf(store, player)
  const id = value === null || value === "" ? null : value
  if (user === undefined) {
    player.fields["external_user_id"] = id
  } else if (id === null) {
    const { external_id: _removed, ...rest } = user.aliases
    user.aliases = rest
  } else {
    user.aliases = { ...user.aliases, external_id: id }
  }
}

/** Whether a `notification_types` value means subscribed. */
const subscribedBy = (notificationTypes: unknown): boolean =>
  typeof notificationTypes !== "number" || notificationTypes > 0

/**
 * Applies checked device fields to a player: `device_type` and `identifier`
 * also set the subscription's `type` and `token`, `notification_types` its
 * `enabled`, tags are merged, and the external user id goes to the user when
 * there is one.
 */
const applyFields = (store: Store, player: SubscriptionRecord, fields: Json): void => {
  // Every check before the first change, so a rejected request changes nothing.
  checkExternalUserId(store, player, fields["external_user_id"])
  for (const [name, value] of Object.entries(fields)) {
    switch (name) {
      case "tags":
        if (value !== null) setTags(store, player, value as Json)
        break
      case "external_user_id":
        setExternalUserId(store, player, value as string | null)
        break
      case "device_type":
        player.type = subscriptionTypeOf[value as number] ?? unmappedType
        player.fields[name] = value
        break
      case "identifier":
        player.token = value === null ? undefined : (value as string)
        player.fields[name] = value
        break
      case "notification_types":
        player.enabled = subscribedBy(value)
        player.fields[name] = value
        break
      case "amount_spent":
        player.fields[name] = Number(value)
        break
      default:
        player.fields[name] = value
    }
  }
}

const numberField = (fields: Json, name: string): number | undefined => {
  const value = fields[name]
  return typeof value === "number" && Number.isFinite(value) ? value : undefined
}

/**
 * A subscription as the legacy API shows it (the `Player` model): its
 * device fields, with `device_type`, `identifier`, `invalid_identifier` and
 * `notification_types` derived from the subscription, and the counters
 * defaulted for subscriptions made with the user model API.
 */
export const playerView = (store: Store, player: SubscriptionRecord): Json => {
  const fields = player.fields
  const own: Json = {}
  for (const [name, rule] of Object.entries(playerRules)) {
    const value = fields[name]
    if (value !== undefined && rule.check(value)) own[name] = value
  }
  const user = userOf(store, player)
  const createdAt = numberField(fields, "created_at") ?? seconds(player.createdAt)
  const notificationTypes = numberField(fields, "notification_types")
  const language = own["language"] ?? user?.properties["language"]
  return {
    game_version: typeof fields["app_version"] === "string" ? fields["app_version"] : null,
    timezone: null,
    ad_id: null,
    test_type: null,
    ...own,
    id: player.id,
    app_id: player.appId,
    device_type: deviceTypeOf[player.type] ?? own["device_type"] ?? null,
    identifier: player.token ?? null,
    invalid_identifier: !player.enabled,
    notification_types: player.enabled
      ? (notificationTypes !== undefined && notificationTypes > 0 ? notificationTypes : 1)
      : (notificationTypes !== undefined && notificationTypes <= 0 ? notificationTypes : -2),
    ...(typeof language === "string" ? { language } : {}),
    session_count: numberField(fields, "session_count") ?? 1,
    amount_spent: numberField(fields, "amount_spent") ?? 0,
    playtime: numberField(fields, "playtime") ?? 0,
    badge_count: numberField(fields, "badge_count") ?? 0,
    created_at: createdAt,
    last_active: numberField(fields, "last_active") ?? createdAt,
    external_user_id: externalUserIdOf(store, player),
    tags: user !== undefined ? tagsOfUser(user) : (isRecord(fields["tags"]) ? fields["tags"] : {})
  }
}

const findPlayer = (store: Store, appId: string, id: string): SubscriptionRecord => {
  const player = store.subscriptions.get(id)
  return player !== undefined && player.appId === appId ? player : playerNotFound()
}

/**
 * The player of a `/players/{player_id}/...` report and its app. The body's
 * `app_id` is optional there: without it the player's own app is checked
 * against the key (and an unknown player is 404 once the key is known).
 */
const reportedPlayer = (context: RouteContext, body: Json): SubscriptionRecord => {
  const id = context.params["player_id"]!
  const hint = body["app_id"]
  if (typeof hint === "string" && hint !== "") return findPlayer(context.store, context.restApp(hint).id, id)
  const player = context.store.subscriptions.get(id)
  if (player === undefined) {
    const token = authorizationToken(context.request.headers)
    return token === undefined || !isAnyRestKey(context.store, token)
      ? reject(403, accessDeniedMessage)
      : playerNotFound()
  }
  context.restApp(player.appId)
  return player
}

// -----------------------------------------------------------------------------
// Handlers
// -----------------------------------------------------------------------------

const create = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(body["app_id"])
  if (body["device_type"] === undefined || body["device_type"] === null) {
    return reject(400, "device_type is required: the platform code of the device (0 iOS, 1 Android, 11 email, ...).")
  }
  // The identity-verification hashes are only checked for their type.
  pickFields(body, identityRules)
  const fields = pickFields(body, playerRules)
  const { nowMillis, store } = context
  const identifier = fields["identifier"]
  if (typeof identifier === "string" && identifier !== "") {
    for (const existing of store.subscriptions.values()) {
      if (existing.appId === app.id && existing.token === identifier) {
        applyFields(store, existing, fields)
        return ok({ success: true, id: existing.id })
      }
    }
  }
  const now = seconds(nowMillis)
  const player: SubscriptionRecord = {
    id: context.newId(),
    appId: app.id,
    onesignalId: undefined,
    type: unmappedType,
    token: undefined,
    enabled: true,
    fields: { session_count: 1, amount_spent: 0, playtime: 0, badge_count: 0, created_at: now, last_active: now },
    createdAt: nowMillis
  }
  applyFields(store, player, fields)
  store.subscriptions.set(player.id, player)
  return ok({ success: true, id: player.id })
}

const view = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.request.query["app_id"])
  return ok(playerView(context.store, findPlayer(context.store, app.id, context.params["player_id"]!)))
}

/** The largest and default page of `GET /players`. */
const maxPlayersPage = 300

const list = (context: RouteContext): SimulatorReply => {
  const { query } = context.request
  const app = context.restApp(query["app_id"])
  const limit = Math.min(Math.max(parseNonNegativeInt(query["limit"]) ?? maxPlayersPage, 1), maxPlayersPage)
  const offset = parseNonNegativeInt(query["offset"]) ?? 0
  const all = Array.from(context.store.subscriptions.values())
    .filter((player) => player.appId === app.id)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return ok({
    total_count: all.length,
    offset,
    limit,
    players: all.slice(offset, offset + limit).map((player) => playerView(context.store, player))
  })
}

const update = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const app = context.restApp(body["app_id"])
  const player = findPlayer(context.store, app.id, context.params["player_id"]!)
  pickFields(body, identityRules)
  applyFields(context.store, player, pickFields(body, playerRules))
  return ok({ success: true })
}

const remove = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.request.query["app_id"])
  const player = context.store.subscriptions.get(context.params["player_id"]!)
  // The 1.2.2 spec's 404 body is `{ success: false }`; the message says why.
  if (player === undefined || player.appId !== app.id) {
    return respond(404, { success: false, errors: ["Player not found"] })
  }
  context.store.subscriptions.delete(player.id)
  return ok({ success: true })
}

const updateTags = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const body = context.body()
  const externalUserId = context.params["external_user_id"]!
  const tags = body["tags"]
  if (tags !== undefined && tags !== null && !tagsRule.check(tags)) reject(400, `tags must be ${tagsRule.expected}.`)
  const { store } = context
  const players = Array.from(store.subscriptions.values()).filter((player) =>
    player.appId === app.id && externalUserIdOf(store, player) === externalUserId
  )
  const user = findUserByAlias(store, app.id, "external_id", externalUserId)
  if (players.length === 0 && user === undefined) {
    return reject(404, `No player or user of this app has the external_user_id ${externalUserId}.`)
  }
  if (isRecord(tags)) {
    const touchedUsers = new Set<string>()
    if (user !== undefined) {
      user.properties = { ...user.properties, tags: withTags(tagsOfUser(user), tags) }
      touchedUsers.add(user.onesignalId)
    }
    for (const player of players) {
      if (player.onesignalId !== undefined && touchedUsers.has(player.onesignalId)) continue
      setTags(store, player, tags)
      if (player.onesignalId !== undefined) touchedUsers.add(player.onesignalId)
    }
  }
  return ok({ success: true })
}

const exportRules: Readonly<Record<string, FieldRule>> = {
  extra_fields: stringArrayRule,
  last_active_since: stringRule,
  segment_name: stringRule
}

const exportCsv = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  context.restApp(context.request.query["app_id"] ?? body["app_id"])
  const fields = pickFields(body, exportRules)
  const since = fields["last_active_since"]
  if (typeof since === "string" && !/^\d+$/.test(since.trim())) {
    return reject(400, "last_active_since must be a Unix time in seconds, as a string.")
  }
  return ok({ csv_file_url: `${context.origin}/exports/players-${context.newId()}.csv.gz` })
}

const onSession = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const player = reportedPlayer(context, body)
  const fields = pickFields(body, sessionRules)
  applyFields(context.store, player, fields)
  player.fields["session_count"] = (numberField(player.fields, "session_count") ?? 1) + 1
  player.fields["last_active"] = seconds(context.nowMillis)
  return ok({ success: true })
}

const purchaseRules: Readonly<Record<string, FieldRule>> = {
  sku: stringRule,
  amount: playerRules["amount_spent"]!,
  iso: stringRule,
  count: integerRule
}

const onPurchase = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const player = reportedPlayer(context, body)
  const purchases = body["purchases"]
  if (!Array.isArray(purchases) || purchases.length === 0) {
    return reject(400, "purchases must be a non-empty array of { sku, amount, iso }.")
  }
  if (body["existing"] !== undefined && typeof body["existing"] !== "boolean") {
    return reject(400, "existing must be a boolean.")
  }
  let total = 0
  purchases.forEach((purchase: unknown, index) => {
    if (!isRecord(purchase)) return reject(400, `purchases[${index}] must be an object.`)
    const checked = pickFields(purchase, purchaseRules)
    for (const required of ["sku", "amount", "iso"]) {
      if (checked[required] === undefined) reject(400, `purchases[${index}].${required} is required.`)
    }
    total += Number(checked["amount"])
  })
  const spent = (numberField(player.fields, "amount_spent") ?? 0) + total
  player.fields["amount_spent"] = Math.round(spent * 100) / 100
  return ok({ success: true })
}

const onFocus = (context: RouteContext): SimulatorReply => {
  const body = context.body()
  const player = reportedPlayer(context, body)
  if (body["state"] !== "ping") return reject(400, "state must be \"ping\".")
  const activeTime = body["active_time"]
  if (typeof activeTime !== "number" || !Number.isInteger(activeTime) || activeTime < 0) {
    return reject(400, "active_time must be a non-negative integer (seconds).")
  }
  player.fields["playtime"] = (numberField(player.fields, "playtime") ?? 0) + activeTime
  return ok({ success: true })
}

export const handlers: Handlers = {
  getPlayers: list,
  createPlayer: create,
  exportSubscriptions: exportCsv,
  getPlayer: view,
  updatePlayer: update,
  deletePlayer: remove,
  createPlayerSession: onSession,
  createPlayerPurchase: onPurchase,
  updatePlayerSessionLength: onFocus,
  updatePlayerTags: updateTags
}
