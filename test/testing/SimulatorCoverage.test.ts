// Every operation the client declares has a route in the simulator: the
// method and route template of each endpoint, with sample path parameters,
// match one of the simulator's route patterns (the table is derived from the
// declarations), and a handler of the route modules answers it rather than
// the stub a new declaration gets.
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Endpoint from "../../src/internal/endpoint.js"
import { SimulatorReply } from "../../src/testing/internal/simulator/core.js"
import {
  handlers,
  operations,
  patternOf,
  routes,
  routeTable
} from "../../src/testing/internal/simulator/routes.js"
import * as MockTransport from "../../src/testing/MockTransport.js"
import { declaredEndpoints, exportedEndpoints } from "../utils/endpoints.js"


const declared = new Map<string, { readonly method: string; readonly route: string }>()
for (const { endpoint } of declaredEndpoints) {
  const { method, route } = endpoint[Endpoint.TypeId]
  declared.set(`${method} ${route}`, { method, route })
}

describe("simulator coverage", () => {
  it("finds every declared route", () => {
    // One route per endpoint the package exports (aliases are the same function).
    expect(exportedEndpoints.size).toBeGreaterThan(70)
    expect(declared.size).toBe(exportedEndpoints.size)
  })

  it("every declared operation has a handler (none is answered by the not-simulated stub)", () => {
    expect(operations.filter(({ name }) => handlers[name] === undefined).map(({ name }) => name)).toEqual([])
  })

  it("every handler answers a declared operation (no stale or misspelt name)", () => {
    const names = new Set(operations.map(({ name }) => name))
    expect(Object.keys(handlers).filter((name) => !names.has(name))).toEqual([])
  })

  it("a declared operation without a handler gets a route that answers 501 and names it", () => {
    const table = routeTable([{ name: "viewWidgets", method: "GET", route: "/apps/{app_id}/widgets" }], {}, [])
    expect(table.map((route) => route.pattern)).toEqual(["GET /apps/:app_id/widgets"])
    expect(patternOf("DELETE", "/a/{b}/c/{d}")).toBe("DELETE /a/:b/c/:d")
    const reply = table[0]!.handle({} as never)
    expect(Effect.isEffect(reply)).toBe(false)
    const response = reply as SimulatorReply
    expect(response._tag).toBe("Response")
    if (response._tag === "Response") {
      expect(response.status).toBe(501)
      expect(JSON.stringify(response.body)).toContain("does not model viewWidgets")
    }
  })

  for (const [key, { method, route }] of declared) {
    it(`has a route for ${key}`, () => {
      const path = route.replace(/\{([^}]+)\}/g, "sample-$1")
      const matching = routes.filter((candidate) => MockTransport.matchRoute(candidate.pattern, method, path))
      expect(matching.map((candidate) => candidate.pattern)).toHaveLength(1)
    })
  }
})
