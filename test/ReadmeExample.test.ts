// The "Testing your service" example of the README, verbatim: keep them in sync.
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Fiber, Layer, TestClock } from "effect"
import { OneSignal, type OneSignalError, RestApiKey } from "effect-onesignal"
import { Simulator } from "effect-onesignal/testing"

// The service under test: tells a customer that their order has shipped.
class Orders extends Context.Tag("app/Orders")<Orders, {
  readonly shipped: (orderId: string, customerId: string) => Effect.Effect<"Sent" | "NotSent", OneSignalError>
}>() {}

const OrdersLive = Layer.effect(
  Orders,
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    return {
      shipped: (orderId, customerId) =>
        onesignal.createNotification({
          app_id: Simulator.defaultAppId,
          target_channel: "push",
          include_aliases: { external_id: [customerId] },
          contents: { en: `Order ${orderId} has shipped` }
        }, { idempotencyKey: `order-${orderId}-shipped` }).pipe(Effect.map((result) => result._tag))
    }
  })
)

// OneSignal answered by the in-memory simulator: no network, no real key.
const TestLayer = OrdersLive.pipe(
  Layer.provide(OneSignal.layer),
  Layer.provide(RestApiKey.layer(Simulator.defaultRestApiKey)),
  Layer.provideMerge(Simulator.layer({ users: [{ aliases: { external_id: "customer-1" } }] }))
)

describe("Orders", () => {
  it.effect("notifies exactly once, even when OneSignal rate-limits the first try", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "RateLimited", retryAfter: 5 }, { route: "POST /notifications" })
      const orders = yield* Orders
      const fiber = yield* Effect.fork(orders.shipped("o-1", "customer-1"))
      yield* TestClock.adjust("5 seconds") // the client honours Retry-After: 5
      expect(yield* Fiber.join(fiber)).toBe("Sent")
      expect(yield* orders.shipped("o-1", "customer-1")).toBe("Sent") // a re-run replays
      expect(yield* Simulator.notifications()).toHaveLength(1)
    }).pipe(Effect.provide(TestLayer)))

  it.effect("reports NotSent for a customer OneSignal does not know", () =>
    Effect.gen(function*() {
      const orders = yield* Orders
      expect(yield* orders.shipped("o-2", "stranger")).toBe("NotSent")
    }).pipe(Effect.provide(TestLayer)))
})
