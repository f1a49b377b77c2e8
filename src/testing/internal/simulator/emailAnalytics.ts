/**
 * The simulator's email analytics routes: the app's reputation (the
 * simulator records no bounces or complaints, so every rate is 0) and the
 * counts of one sending domain per inbox provider, as totals or by time
 * bucket, derived from the email messages it stored.
 *
 * A message counts for a domain when its `email_sender_domain` is that
 * domain, or its `email_from_address` is an address of it; its recipients
 * are its `email_to` / `include_email_tokens` addresses and the email
 * subscriptions of the users its `include_aliases` reach, and an address's
 * inbox provider is its domain (`gmail.com`). A domain no stored message was
 * sent from is unknown: its lists are empty, as OneSignal answers for a
 * domain that is not active for sending. Every message counts as delivered.
 */
import {
  findUserByAlias,
  isRecord,
  type NotificationRecord,
  ok,
  reject,
  type Handlers,
  type RouteContext,
  seconds,
  type SimulatorReply,
  type Store,
  subscriptionsOf
} from "./core.js"

const dayMillis = 24 * 60 * 60 * 1000

/** How far back a range may start: 365 days, 60 for an hourly series. */
const maxAgeDays = { hourly: 60, daily: 365, monthly: 365 } as const

type Granularity = keyof typeof maxAgeDays

const isGranularity = (u: string): u is Granularity => Object.hasOwn(maxAgeDays, u)

const reputation = (context: RouteContext): SimulatorReply => {
  context.restApp(context.params["app_id"])
  const window = { bounce_rate: 0, complaint_rate: 0 }
  return ok({ last_24_hours: window, last_7_days: window, last_30_days: window })
}

/** A required date-time query parameter, in millis; a 400 naming it otherwise. */
const timeParameter = (query: Readonly<Record<string, string>>, name: string): number => {
  const raw = query[name]
  if (raw === undefined || raw.trim() === "") return reject(400, `${name} is required: an ISO 8601 date-time.`)
  const millis = Date.parse(raw)
  return Number.isNaN(millis) ? reject(400, `${name} must be an ISO 8601 date-time (got ${JSON.stringify(raw)}).`) : millis
}

interface Range {
  readonly domain: string
  readonly startMillis: number
  readonly endMillis: number
}

/** The `domain`, `start` and `end` of a request, checked as the API documents them. */
const rangeOf = (context: RouteContext, maxDays: number): Range => {
  const { query } = context.request
  const domain = query["domain"]
  if (domain === undefined || domain.trim() === "") {
    return reject(400, "domain is required: the sending domain to report on.")
  }
  const startMillis = timeParameter(query, "start")
  const endMillis = timeParameter(query, "end")
  if (startMillis >= endMillis) reject(400, "start must be before end.")
  if (context.nowMillis - startMillis > maxDays * dayMillis) {
    reject(400, `start must be at most ${maxDays} days ago.`)
  }
  return { domain: domain.toLowerCase(), startMillis, endMillis }
}

const domainOfAddress = (address: string): string | undefined => {
  const at = address.lastIndexOf("@")
  return at > 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : undefined
}

/** The sending domain of a stored message, when it is an email with one. */
const sendingDomainOf = (notification: NotificationRecord): string | undefined => {
  const { fields } = notification
  const domain = fields["email_sender_domain"]
  if (typeof domain === "string" && domain !== "") return domain.toLowerCase()
  const from = fields["email_from_address"]
  return typeof from === "string" ? domainOfAddress(from) : undefined
}

/** The email addresses a stored message went to. */
const recipientsOf = (store: Store, notification: NotificationRecord): Array<string> => {
  const { fields } = notification
  const addresses: Array<string> = []
  for (const field of ["email_to", "include_email_tokens"]) {
    const list = fields[field]
    if (Array.isArray(list)) for (const item of list) if (typeof item === "string") addresses.push(item)
  }
  const aliases = fields["include_aliases"]
  if (isRecord(aliases) && fields["target_channel"] === "email") {
    for (const [label, ids] of Object.entries(aliases)) {
      if (!Array.isArray(ids)) continue
      for (const id of ids) {
        const user = typeof id === "string" ? findUserByAlias(store, notification.appId, label, id) : undefined
        if (user === undefined) continue
        for (const subscription of subscriptionsOf(store, user)) {
          if (subscription.type === "Email" && subscription.enabled && subscription.token !== undefined) {
            addresses.push(subscription.token)
          }
        }
      }
    }
  }
  return addresses
}

/** One delivery of a stored message: when (millis) and to which inbox provider. */
interface Delivery {
  readonly atMillis: number
  readonly provider: string
}

/** The deliveries of the app's email messages from `range.domain` within the range and before now. */
const deliveriesOf = (context: RouteContext, appId: string, range: Range): Array<Delivery> => {
  const out: Array<Delivery> = []
  const nowSeconds = seconds(context.nowMillis)
  for (const notification of context.store.notifications) {
    if (notification.appId !== appId || notification.canceled || notification.sendAfter > nowSeconds) continue
    if (sendingDomainOf(notification) !== range.domain) continue
    const atMillis = notification.sendAfter * 1000
    if (atMillis < range.startMillis || atMillis >= range.endMillis) continue
    for (const address of recipientsOf(context.store, notification)) {
      const provider = domainOfAddress(address)
      if (provider !== undefined) out.push({ atMillis, provider })
    }
  }
  return out
}

/** The counts of `delivered` deliveries: the simulator records no opens, clicks, bounces, failures or complaints. */
const counts = (delivered: number) => ({
  delivered,
  opened: 0,
  clicked: 0,
  bounced: 0,
  failed: 0,
  spam_complaints: 0
})

const providerMetrics = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const range = rangeOf(context, maxAgeDays.daily)
  const byProvider = new Map<string, number>()
  for (const { provider } of deliveriesOf(context, app.id, range)) {
    byProvider.set(provider, (byProvider.get(provider) ?? 0) + 1)
  }
  return ok({
    providers: [...byProvider].sort(([a], [b]) => a.localeCompare(b)).map(([provider, delivered]) => ({
      provider,
      ...counts(delivered)
    }))
  })
}

/** The start of the bucket `millis` falls in (UTC). */
const bucketOf = (millis: number, granularity: Granularity): number => {
  const date = new Date(millis)
  switch (granularity) {
    case "hourly":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours())
    case "daily":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
    case "monthly":
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth())
  }
}

const providerMetricsTimeseries = (context: RouteContext): SimulatorReply => {
  const app = context.restApp(context.params["app_id"])
  const raw = context.request.query["granularity"]
  const granularity = raw === undefined || raw === "" ? "daily" : raw
  if (!isGranularity(granularity)) {
    return reject(400, `granularity must be one of ${Object.keys(maxAgeDays).join(", ")} (got ${JSON.stringify(raw)}).`)
  }
  const range = rangeOf(context, maxAgeDays[granularity])
  const wanted = new Set(
    new URL(context.request.url).searchParams.getAll("providers[]").map((provider) => provider.toLowerCase())
  )
  const byBucket = new Map<number, number>()
  for (const { atMillis, provider } of deliveriesOf(context, app.id, range)) {
    if (wanted.size > 0 && !wanted.has(provider)) continue
    const bucket = bucketOf(atMillis, granularity)
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + 1)
  }
  return ok({
    events: [...byBucket].sort(([a], [b]) => a - b).map(([bucket, delivered]) => ({
      timestamp: new Date(bucket).toISOString(),
      ...counts(delivered)
    }))
  })
}

export const handlers: Handlers = {
  getEmailReputation: reputation,
  getEmailProviderMetrics: providerMetrics,
  getEmailProviderMetricsTimeseries: providerMetricsTimeseries
}
