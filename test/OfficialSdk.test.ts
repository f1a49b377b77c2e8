/**
 * The simulator speaks OneSignal's wire format, not only ours: the official
 * promise-based SDK (`@onesignal/node-onesignal`, a dev dependency only)
 * sends to the loopback `SimulatorServer` and gets OneSignal's answers and
 * errors back. Live clock, real sockets on 127.0.0.1.
 */
import * as OneSignalSdk from "@onesignal/node-onesignal"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Simulator from "../src/testing/Simulator.js"
import * as SimulatorServer from "../src/testing/SimulatorServer.js"

const appId = Simulator.defaultAppId

const serverLayer = () =>
  Layer.fresh(
    SimulatorServer.layer({ port: 0, host: "127.0.0.1" }).pipe(
      Layer.provideMerge(Simulator.layerSimulator({ users: [{ aliases: { external_id: "customer-1" } }] }))
    )
  )

/** The official SDK's API object pointed at the simulator server, with `key`. */
const officialApi = (url: string, key: string = Simulator.defaultRestApiKey) =>
  new OneSignalSdk.DefaultApi(
    OneSignalSdk.createConfiguration({
      restApiKey: key,
      baseServer: new OneSignalSdk.ServerConfiguration(url, {})
    })
  )

const notification = (extra: Partial<OneSignalSdk.Notification>): OneSignalSdk.Notification =>
  Object.assign(new OneSignalSdk.Notification(), { app_id: appId, contents: { en: "From the official SDK" }, ...extra })

describe("the official SDK against the simulator server", () => {
  it.live("sends a notification that the simulator stores, and reads it back", () =>
    Effect.gen(function*() {
      const { url } = yield* SimulatorServer.SimulatorServer
      const api = officialApi(url)
      const created = yield* Effect.promise(() =>
        api.createNotification(notification({ included_segments: ["Subscribed Users"] }))
      )
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/)

      const stored = yield* Simulator.notifications(appId)
      expect(stored.map((n) => n.id)).toEqual([created.id])
      expect(stored[0]!.fields["contents"]).toEqual({ en: "From the official SDK" })
      // What went over the wire: the SDK's own route and auth header.
      const [request] = yield* Simulator.requests
      expect(request!.method).toBe("POST")
      expect(request!.path).toBe("/notifications")
      expect(request!.headers["authorization"]).toBe(`Key ${Simulator.defaultRestApiKey}`)

      const read = yield* Effect.promise(() => api.getNotification(appId, created.id!))
      expect(read.id).toBe(created.id)
      expect(read.contents).toEqual({ en: "From the official SDK" })
    }).pipe(Effect.provide(serverLayer())))

  it.live("gets the alias rules: target_channel required, unknown aliases not sent", () =>
    Effect.gen(function*() {
      const { url } = yield* SimulatorServer.SimulatorServer
      const api = officialApi(url)
      const missingChannel = yield* Effect.flip(Effect.tryPromise(() =>
        api.createNotification(notification({ include_aliases: { external_id: ["customer-1"] } }))
      ))
      expect((missingChannel.error as OneSignalSdk.ApiException<unknown>).code).toBe(400)

      const unknown = yield* Effect.promise(() =>
        api.createNotification(
          notification({ include_aliases: { external_id: ["nobody"] }, target_channel: "push" })
        )
      )
      expect(unknown.id).toBe("")
      expect(unknown.errors).toEqual(["All included players are not subscribed"])
      expect(yield* Simulator.notifications(appId)).toHaveLength(0)
    }).pipe(Effect.provide(serverLayer())))

  it.live("a wrong key is a 403 and an injected 429 reaches the SDK as an ApiException", () =>
    Effect.gen(function*() {
      const { url } = yield* SimulatorServer.SimulatorServer
      const wrongKey = yield* Effect.flip(Effect.tryPromise(() =>
        officialApi(url, "not-a-key").createNotification(notification({ included_segments: ["All"] }))
      ))
      expect((wrongKey.error as OneSignalSdk.ApiException<unknown>).code).toBe(403)

      yield* Simulator.injectFault(Simulator.Fault.RateLimited({ retryAfter: 30 }))
      const limited = yield* Effect.flip(Effect.tryPromise(() =>
        officialApi(url).createNotification(notification({ included_segments: ["All"] }))
      ))
      const exception = limited.error as OneSignalSdk.ApiException<unknown>
      expect(exception.code).toBe(429)
      expect(exception.headers["retry-after"]).toBe("30")
      expect(yield* Simulator.notifications(appId)).toHaveLength(0)
    }).pipe(Effect.provide(serverLayer())))
})
