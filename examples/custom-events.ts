/**
 * Custom events from a shop's order pipeline: each order step becomes an
 * event whose idempotency key is derived from the order, so a job that runs
 * twice (a retry after a timeout, a re-run on another machine) records each
 * step once. Events OneSignal could not record — here, those of a customer
 * who has no OneSignal user yet — come back in `toResend` and are sent again
 * once the user exists, with the same keys.
 *
 * `recordSteps` and `program` are Effects that need the `OneSignal` service;
 * run this file (`npx tsx examples/custom-events.ts`) to see them against the
 * embedded simulator.
 */
import { Console, Effect } from "effect"
import { idempotencyKeyFrom, OneSignal } from "effect-onesignal"
import type { CustomEvent } from "effect-onesignal/CustomEvents"
import { Simulator } from "effect-onesignal/testing"
import { runWhenMain } from "./on-simulator.js"

/** One step of an order, as the shop's pipeline reports it. */
export interface OrderStep {
  readonly orderId: string
  readonly customerId: string
  readonly step: "paid" | "shipped" | "delivered"
}

const eventOf = ({ customerId, orderId, step }: OrderStep): CustomEvent => ({
  name: `order_${step}`,
  external_id: customerId,
  properties: { order_id: orderId },
  // Derived from the order and the step: the same key wherever the job runs.
  idempotency_key: idempotencyKeyFrom("order-steps", `${orderId}/${step}`)
})

/** Records a batch of order steps; gives back the events to send again. */
export const recordSteps = (appId: string, steps: ReadonlyArray<OrderStep>) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const result = yield* onesignal.createCustomEvents(appId, { events: steps.map(eventOf) })
    for (const failure of result.failed) {
      yield* Console.log(`  not recorded for ${failure.event_user_id}: ${failure.error?.title ?? "unknown error"}`)
    }
    yield* Console.log(
      `  ${result.events.length - result.toResend.length} of ${result.events.length} accepted` +
        " (OneSignal drops an event whose key it has seen)"
    )
    return result.toResend
  })

const steps: ReadonlyArray<OrderStep> = [
  { orderId: "order-1001", customerId: "customer-7", step: "paid" },
  { orderId: "order-1001", customerId: "customer-7", step: "shipped" },
  { orderId: "order-1002", customerId: "customer-8", step: "paid" }
]

/**
 * The journey of the example: customer-8 is unknown at first, so their
 * event fails; the job runs again (nothing is recorded twice); customer-8
 * signs up, and the failed event is sent again with its key.
 */
export const program = (appId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    yield* onesignal.createUser(appId, { identity: { external_id: "customer-7" } })

    yield* Console.log("First run of the job:")
    const toResend = yield* recordSteps(appId, steps)

    yield* Console.log("The same job again (a re-run after a crash):")
    yield* recordSteps(appId, steps)

    yield* onesignal.createUser(appId, { identity: { external_id: "customer-8" } })
    yield* Console.log(`customer-8 signed up; sending ${toResend.length} event(s) again:`)
    const result = yield* onesignal.createCustomEvents(appId, { events: toResend })
    yield* Console.log(`  ${result.failed.length} failed`)
  })

runWhenMain(
  import.meta.url,
  program(Simulator.defaultAppId).pipe(
    Effect.zipRight(Effect.flatMap(Simulator.state, (state) =>
      Console.log(`The simulator recorded ${state.customEvents.length} events.`)))
  )
)
