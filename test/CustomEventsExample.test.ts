// examples/custom-events.ts against the simulator: a job run twice and a
// failed event sent again record each order step exactly once.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Simulator from "../src/testing/Simulator.js"
import { program } from "../examples/custom-events.js"
import { simulatorLayer } from "../examples/on-simulator.js"

describe("examples/custom-events.ts", () => {
  it.effect("records every order step once, the unknown customer's after they sign up", () =>
    Effect.gen(function*() {
      yield* program(Simulator.defaultAppId)
      const recorded = (yield* Simulator.state).customEvents
      expect(recorded.map((event) => [event.fields.external_id, event.fields.name])).toEqual([
        ["customer-7", "order_paid"],
        ["customer-7", "order_shipped"],
        ["customer-8", "order_paid"]
      ])
      expect(new Set(recorded.map((event) => event.fields.idempotency_key)).size).toBe(3)
      const posts = (yield* Simulator.requests).filter((request) => request.path.endsWith("/custom_events"))
      expect(posts).toHaveLength(3)
    }).pipe(Effect.provide(simulatorLayer())))
})
