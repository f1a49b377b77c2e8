/**
 * Users, aliases and subscriptions as a backend manages them: onboard a
 * customer with an email subscription, link the CRM id, add a phone number,
 * record a purchase, read everything back, and erase the customer on request.
 *
 * Nothing runs at import time: `program` is an Effect. Run it with
 *
 *   program.pipe(
 *     Effect.provide(OneSignal.layerConfig()),
 *     Effect.provide(FetchHttpClient.layer),
 *     Effect.runPromise
 *   )
 */
import { Config, Console, Effect } from "effect"
import { OneSignal } from "effect-onesignal"
import type { User } from "effect-onesignal/Users"

/** Creates the user for a new customer, or updates the one that already has these aliases. */
export const onboard = (appId: string, customerId: string, email: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const user = yield* onesignal.createUser(appId, {
      identity: { external_id: customerId },
      properties: { language: "en", timezone_id: "Europe/London", tags: { plan: "trial" } },
      subscriptions: [{ type: "Email", token: email, enabled: true }]
    }).pipe(
      // Several existing users own these aliases: report which, and stop.
      Effect.catchTag("Conflict", (conflict) =>
        Console.error(`aliases of ${customerId} belong to several users: ${JSON.stringify(conflict.details)}`).pipe(
          Effect.zipRight(Effect.fail(conflict))
        ))
    )
    yield* Console.log(`user ${user.identity?.onesignal_id ?? "(pending)"} for ${customerId}`)
    return user
  })

/** Links the CRM id as an alias and adds a phone number to the same user. */
export const linkCrmAndPhone = (appId: string, customerId: string, crmId: string, phone: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const aliases = yield* onesignal.createAlias(appId, "external_id", customerId, { identity: { crm_id: crmId } })
    yield* Console.log(`aliases now: ${Object.keys(aliases.identity ?? {}).join(", ")}`)
    const created = yield* onesignal.createSubscription(appId, "crm_id", crmId, {
      subscription: { type: "SMS", token: phone }
    })
    return created.subscription?.id ?? undefined
  })

/** Records a purchase (added to what OneSignal already has) and upgrades the plan tag. */
export const recordPurchase = (appId: string, customerId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    yield* onesignal.updateUser(appId, "external_id", customerId, {
      properties: { tags: { plan: "pro" } },
      deltas: { purchases: [{ sku: "plan-pro-monthly", amount: "9.99", iso: "GBP", count: 1 }] }
    })
  })

const describeUser = (user: User) =>
  [
    `language ${user.properties?.language ?? "?"}, spent ${user.properties?.amount_spent ?? 0}`,
    ...(user.subscriptions ?? []).map((s) => `  - ${s.type ?? "?"} ${s.id ?? "?"} enabled: ${s.enabled ?? "?"}`)
  ].join("\n")

/** Reads the user back by its email alias (percent-encoded in the path by the client). */
export const show = (appId: string, email: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const user = yield* onesignal.getUser(appId, "email", email).pipe(
      Effect.catchTag("NotFound", () => Effect.succeed(undefined))
    )
    yield* Console.log(user === undefined ? `no user with email ${email}` : describeUser(user))
  })

/** Opts the phone number out, then erases the customer (its aliases and subscriptions go with it). */
export const erase = (appId: string, customerId: string, phoneSubscriptionId: string | undefined) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    if (phoneSubscriptionId !== undefined) {
      yield* onesignal.updateSubscription(appId, phoneSubscriptionId, { subscription: { enabled: false } })
    }
    yield* onesignal.deleteUser(appId, "external_id", customerId)
    yield* Console.log(`erased ${customerId}`)
  })

/** The whole flow, reading the app id from `ONESIGNAL_APP_ID`. */
export const program = Effect.gen(function*() {
  const appId = yield* Config.string("ONESIGNAL_APP_ID")
  const customerId = "customer-1042"
  const email = "ann@example.com"
  yield* onboard(appId, customerId, email)
  const phoneId = yield* linkCrmAndPhone(appId, customerId, "crm-88123", "+447700900123")
  yield* recordPurchase(appId, customerId)
  yield* show(appId, email)
  yield* erase(appId, customerId, phoneId)
})
