import { describe, expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Simulator from "../../src/testing/Simulator.js"
import * as SimulatorServer from "../../src/testing/SimulatorServer.js"

const appId = Simulator.defaultAppId
const key = Simulator.defaultRestApiKey

const fetchJson = (url: string, init?: RequestInit) =>
  Effect.promise(async () => {
    const response = await fetch(url, init)
    return { status: response.status, headers: response.headers, body: await response.json() as any }
  })

const postNotification = (url: string, body: Record<string, unknown>) =>
  fetchJson(`${url}/notifications`, {
    method: "POST",
    headers: { "Authorization": `Key ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body)
  })

const segments = (extra: Record<string, unknown> = {}) => ({
  app_id: appId,
  included_segments: ["Subscribed Users"],
  contents: { en: "Hello" },
  ...extra
})

layer(SimulatorServer.layer({ port: 0, host: "127.0.0.1" }).pipe(Layer.provideMerge(Simulator.layerSimulator())))(
  "SimulatorServer",
  (it) => {
    it.effect("listens on 127.0.0.1 with a free port and answers fetch with JSON", () =>
      Effect.gen(function*() {
        const server = yield* SimulatorServer.SimulatorServer
        expect(server.host).toBe("127.0.0.1")
        expect(server.port).toBeGreaterThan(0)
        expect(server.url).toBe(`http://127.0.0.1:${server.port}`)

        const created = yield* postNotification(server.url, segments())
        expect(created.status).toBe(200)
        expect(created.headers.get("content-type")).toContain("application/json")
        expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/)

        const viewed = yield* fetchJson(`${server.url}/notifications/${created.body.id}?app_id=${appId}`, {
          headers: { Authorization: `Key ${key}` }
        })
        expect(viewed.status).toBe(200)
        expect(viewed.body.contents).toEqual({ en: "Hello" })

        const denied = yield* fetchJson(`${server.url}/notifications?app_id=${appId}`)
        expect(denied.status).toBe(403)
        expect(denied.body.errors[0]).toMatch(/^Access denied/)

        // The request went through the same handler and was recorded.
        const requests = yield* Simulator.requests
        const first = requests.find((r) => r.method === "POST")
        expect(first?.url).toBe(`${server.url}/notifications`)
        expect(first?.headers["authorization"]).toBe(`Key ${key}`)
        expect((first?.body as any).app_id).toBe(appId)
      }))

    it.effect("a fault header survives the wire (429 with Retry-After)", () =>
      Effect.gen(function*() {
        const { url } = yield* SimulatorServer.SimulatorServer
        yield* Simulator.injectFault(Simulator.Fault.RateLimited({ retryAfter: 7 }))
        const limited = yield* postNotification(url, segments())
        expect(limited.status).toBe(429)
        expect(limited.headers.get("retry-after")).toBe("7")
        expect(limited.body).toEqual({ errors: ["API rate limit exceeded"] })
      }))

    it.effect("DropBeforeApply closes the connection: fetch rejects, nothing stored", () =>
      Effect.gen(function*() {
        const { url } = yield* SimulatorServer.SimulatorServer
        yield* Simulator.reset
        yield* Simulator.injectFault(Simulator.Fault.DropBeforeApply(), { route: "POST /notifications" })
        const error = yield* Effect.flip(Effect.tryPromise(() =>
          fetch(`${url}/notifications`, {
            method: "POST",
            headers: { Authorization: `Key ${key}`, "Content-Type": "application/json" },
            body: JSON.stringify(segments())
          })
        ))
        expect(error._tag).toBe("UnknownException")
        expect(yield* Simulator.notifications()).toHaveLength(0)
        // The server is still up.
        expect((yield* postNotification(url, segments())).status).toBe(200)
      }))

    it.effect("DropAfterApply closes the connection but stores; the retry replays", () =>
      Effect.gen(function*() {
        const { url } = yield* SimulatorServer.SimulatorServer
        yield* Simulator.reset
        yield* Simulator.injectFault(Simulator.Fault.DropAfterApply())
        const body = segments({ idempotency_key: "3f0d3c52-3b8e-4b8f-a0c1-4f7c8e2b9d11" })
        // fetch rejects; `Effect.promise` turns the rejection into a defect.
        const dropped = yield* Effect.exit(postNotification(url, body))
        expect(dropped._tag).toBe("Failure")
        const stored = yield* Simulator.notifications()
        expect(stored).toHaveLength(1)
        const retry = yield* postNotification(url, body)
        expect(retry.status).toBe(200)
        expect(retry.headers.get("idempotent-replayed")).toBe("true")
        expect(retry.body.id).toBe(stored[0]?.id)
      }))
  }
)

describe("SimulatorServer.serve", () => {
  it.effect("returns the bound URL and stops listening when its scope closes", () =>
    Effect.gen(function*() {
      const url = yield* Effect.scoped(
        Effect.gen(function*() {
          const url = yield* SimulatorServer.serve({ port: 0 })
          expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
          const answer = yield* fetchJson(`${url}/nowhere`)
          expect(answer.status).toBe(404)
          expect(answer.body).toEqual({ errors: ["Not found: GET /nowhere"] })
          return url
        })
      )
      const afterClose = yield* Effect.exit(Effect.tryPromise(() => fetch(`${url}/nowhere`)))
      expect(afterClose._tag).toBe("Failure")
    }).pipe(Effect.provide(Simulator.layerSimulator())))

  it.effect("fails with SimulatorServerError when the port is taken", () =>
    Effect.gen(function*() {
      const error = yield* Effect.scoped(
        Effect.gen(function*() {
          const url = yield* SimulatorServer.serve({ port: 0 })
          const port = Number(new URL(url).port)
          return yield* Effect.flip(SimulatorServer.serve({ port }))
        })
      )
      expect(error._tag).toBe("SimulatorServerError")
      expect(error.message).toContain("EADDRINUSE")
    }).pipe(Effect.provide(Simulator.layerSimulator())))
})
