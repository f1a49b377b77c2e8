/**
 * The client over real sockets: the simulator served on 127.0.0.1 by
 * `SimulatorServer` (a free port), reached with `FetchHttpClient`. These tests
 * run on the live clock (real sockets cannot be driven by `TestClock`); the
 * retry policy's 1 ms base delay keeps the real backoff to a few milliseconds.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { RestApiKey } from "../src/Credentials.js"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalConfig } from "../src/OneSignalConfig.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as Simulator from "../src/testing/Simulator.js"
import * as SimulatorServer from "../src/testing/SimulatorServer.js"

const appId = Simulator.defaultAppId

/**
 * A fresh simulator served on a free loopback port, and the `OneSignal`
 * service pointed at it through `fetch`.
 */
const serverLayer = () => {
  const server = SimulatorServer.layer({ port: 0, host: "127.0.0.1" }).pipe(
    Layer.provideMerge(Simulator.layerSimulator())
  )
  const client = Layer.unwrapEffect(
    Effect.map(SimulatorServer.SimulatorServer, ({ url }) =>
      OneSignal.layer.pipe(
        Layer.provide(RestApiKey.layer(Simulator.defaultRestApiKey)),
        Layer.provide(
          OneSignalConfig.layer({ baseUrl: url, retry: RetryPolicy.make({ jitter: false, baseDelay: "1 millis" }) })
        )
      ))
  )
  return Layer.fresh(client.pipe(Layer.provide(FetchHttpClient.layer), Layer.provideMerge(server)))
}

const toSegment = (text: string): Notifications.Notification => ({
  app_id: appId,
  included_segments: ["Subscribed Users"],
  contents: { en: text }
})

describe("the client over a loopback SimulatorServer", () => {
  it.live("send and read back over HTTP", () =>
    Effect.gen(function*() {
      const { url } = yield* SimulatorServer.SimulatorServer
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const onesignal = yield* OneSignal
      const result = yield* onesignal.createNotification(toSegment("over the wire"))
      expect(result._tag).toBe("Sent")
      if (result._tag !== "Sent") throw new Error("expected Sent")
      expect(result.wasReplayed).toBe(false)

      const read = yield* Notifications.getNotification(appId, result.id)
      expect(read.id).toBe(result.id)
      expect(read.contents).toEqual({ en: "over the wire" })
      expect(read.canceled).toBe(false)

      const stored = yield* Simulator.notifications()
      expect(stored.map((n) => n.id)).toEqual([result.id])
      const [post] = yield* Simulator.requests
      expect(post!.url).toBe(`${url}/notifications`)
      expect(post!.headers.authorization).toBe(`Key ${Simulator.defaultRestApiKey}`)
      expect((post!.body as Record<string, unknown>).idempotency_key).toBe(result.idempotencyKey)
    }).pipe(Effect.provide(serverLayer())))

  it.live("a connection dropped before the commit, with retries off: TransportError (Transport), nothing stored", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "DropBeforeApply" }, { route: "POST /notifications" })
      const error = yield* Effect.flip(
        Notifications.createNotification(toSegment("dropped"), { retry: false })
      )
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") throw new Error(`expected TransportError, got ${error._tag}`)
      expect(error.reason).toBe("Transport")
      expect(error.route).toBe("/notifications")
      // The platform's request (with its Authorization header) is not kept.
      expect(JSON.stringify(error)).not.toContain(Simulator.defaultRestApiKey)
      expect(error.message).not.toContain(Simulator.defaultRestApiKey)
      expect(yield* Simulator.requests).toHaveLength(1)
      expect(yield* Simulator.notifications()).toHaveLength(0)
    }).pipe(Effect.provide(serverLayer())))

  it.live("a connection dropped after the commit: the retry replays the original id, one stored", () =>
    Effect.gen(function*() {
      yield* Simulator.injectFault({ _tag: "DropAfterApply" }, { route: "POST /notifications" })
      const result = yield* (yield* OneSignal).createNotification(toSegment("dropped after"))
      expect(result._tag).toBe("Sent")
      if (result._tag !== "Sent") throw new Error("expected Sent")
      expect(result.wasReplayed).toBe(true)
      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(1)
      expect(result.id).toBe(stored[0]!.id)
      const requests = yield* Simulator.requests
      expect(requests).toHaveLength(2)
      for (const request of requests) {
        expect((request.body as Record<string, unknown>).idempotency_key).toBe(result.idempotencyKey)
      }
    }).pipe(Effect.provide(serverLayer())))
})
