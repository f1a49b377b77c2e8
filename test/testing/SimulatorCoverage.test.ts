// Every operation the client declares has a route in the simulator: the
// method and route template of each endpoint, with sample path parameters,
// match one of the simulator's route patterns.
import { describe, expect, it } from "@effect/vitest"
import * as Endpoint from "../../src/internal/endpoint.js"
import { routes } from "../../src/testing/internal/simulator/routes.js"
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

  for (const [key, { method, route }] of declared) {
    it(`has a route for ${key}`, () => {
      const path = route.replace(/\{([^}]+)\}/g, "sample-$1")
      const matching = routes.filter((candidate) => MockTransport.matchRoute(candidate.pattern, method, path))
      expect(matching.map((candidate) => candidate.pattern)).toHaveLength(1)
    })
  }
})
