// Every operation the client declares has a route in the simulator: the
// method and route template of each endpoint, with sample path parameters,
// match one of the simulator's route patterns.
import { describe, expect, it } from "@effect/vitest"
import * as Endpoint from "../../src/internal/endpoint.js"
import { routes } from "../../src/testing/internal/simulator/routes.js"
import * as MockTransport from "../../src/testing/MockTransport.js"
import { declaredEndpoints } from "../utils/endpoints.js"


const declared = new Map<string, { readonly method: string; readonly route: string }>()
for (const { endpoint } of declaredEndpoints) {
  const { method, route } = endpoint[Endpoint.TypeId]
  declared.set(`${method} ${route}`, { method, route })
}

describe("simulator coverage", () => {
  it("finds every declared route", () => {
    // 73 operations; aliases share a route (exportPlayers = exportSubscriptions).
    expect(declared.size).toBe(72)
  })

  for (const [key, { method, route }] of declared) {
    it(`has a route for ${key}`, () => {
      const path = route.replace(/\{([^}]+)\}/g, "sample-$1")
      const matching = routes.filter((candidate) => MockTransport.matchRoute(candidate.pattern, method, path))
      expect(matching.map((candidate) => candidate.pattern)).toHaveLength(1)
    })
  }
})
