/**
 * A delivery app's backend: when an order ships it starts a Live Activity on
 * the customer's iPhone, moves it along as the courier gets closer, ends it on
 * delivery, and records each step as a custom event for journeys and
 * segments. Everything goes through the `OneSignal` service, so the programs
 * below run against the real API or the testing layers alike.
 *
 * Nothing runs at import time; provide the layers and run `program`, e.g.
 *
 *   program("order-1234", "user-42").pipe(
 *     Effect.provide(OneSignal.layerConfig()),
 *     Effect.provide(FetchHttpClient.layer),
 *     Effect.runPromise
 *   )
 */
import { Config, Console, Effect } from "effect"
import { idempotencyKeyFrom, OneSignal } from "effect-onesignal"

/** The name of the `ActivityAttributes` struct of the iOS app's Live Activity. */
const activityType = "DeliveryAttributes"

/**
 * Records one step of an order as a custom event. The event's idempotency
 * key is derived from the order and the step, so a re-run after a crash (even
 * on another machine, within OneSignal's four hours) is dropped by OneSignal
 * instead of counted twice.
 */
const recordStep = (appId: string, orderId: string, externalId: string, step: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    yield* onesignal.createCustomEvents(appId, {
      events: [{
        name: `order_${step}`,
        external_id: externalId,
        timestamp: new Date().toISOString(),
        properties: { order_id: orderId },
        idempotency_key: idempotencyKeyFrom("order-steps", `${orderId}/${step}`)
      }]
    })
  })

/**
 * Starts, updates and ends the delivery activity of one order, recording
 * each step. A failed event recording is logged and does not stop the
 * activity flow.
 */
export const program = (orderId: string, externalId: string) =>
  Effect.gen(function*() {
    const appId = yield* Config.string("ONESIGNAL_APP_ID")
    const onesignal = yield* OneSignal
    const record = (step: string) =>
      recordStep(appId, orderId, externalId, step).pipe(
        Effect.catchAll((error) => Console.error(`could not record ${step}: ${error.message}`))
      )

    const started = yield* onesignal.startLiveActivity(appId, activityType, {
      name: `Delivery of ${orderId}`,
      activity_id: orderId,
      event_attributes: { order_id: orderId },
      event_updates: { status: "shipped", eta_minutes: 45 },
      headings: { en: "Your order has shipped" },
      contents: { en: "Follow it from your lock screen" },
      include_aliases: { external_id: [externalId] },
      idempotency_key: `${orderId}-live-activity`
    })
    yield* Console.log(`started the activity (message ${started.notification_id ?? "unknown"})`)
    yield* record("shipped")

    yield* onesignal.updateLiveActivity(appId, orderId, {
      name: `Delivery of ${orderId}: nearby`,
      event: "update",
      event_updates: { status: "nearby", eta_minutes: 5 },
      headings: { en: "Almost there" },
      contents: { en: "Your courier is five minutes away" },
      sound: "default"
    })
    yield* record("nearby")

    yield* onesignal.updateLiveActivity(appId, orderId, {
      name: `Delivery of ${orderId}: delivered`,
      event: "end",
      event_updates: { status: "delivered", eta_minutes: 0 },
      // Leave the final state on the lock screen for an hour.
      dismissal_date: Math.floor(Date.now() / 1000) + 60 * 60
    })
    yield* record("delivered")
  }).pipe(
    Effect.catchTags({
      BadRequest: (e) => Console.error(`OneSignal refused the Live Activity request: ${e.errors.join("; ")}`),
      InvalidRequest: (e) => Console.error(`the request is malformed: ${e.issue}`)
    })
  )
