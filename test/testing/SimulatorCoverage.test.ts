// Every operation the client declares has a route in the simulator: the
// method and route template of each endpoint, with sample path parameters,
// match one of the simulator's route patterns.
import { describe, expect, it } from "@effect/vitest"
import * as ApiKeys from "../../src/ApiKeys.js"
import * as Apps from "../../src/Apps.js"
import * as AuditLogs from "../../src/AuditLogs.js"
import * as CustomEvents from "../../src/CustomEvents.js"
import * as InAppMessages from "../../src/InAppMessages.js"
import * as Endpoint from "../../src/internal/endpoint.js"
import * as LiveActivities from "../../src/LiveActivities.js"
import * as Notifications from "../../src/Notifications.js"
import * as Outcomes from "../../src/Outcomes.js"
import * as Players from "../../src/Players.js"
import * as Segments from "../../src/Segments.js"
import * as Subscriptions from "../../src/Subscriptions.js"
import { routes } from "../../src/testing/internal/simulator/routes.js"
import * as MockTransport from "../../src/testing/MockTransport.js"
import * as Templates from "../../src/Templates.js"
import * as Users from "../../src/Users.js"

const modules = [
  ApiKeys,
  Apps,
  AuditLogs,
  CustomEvents,
  InAppMessages,
  LiveActivities,
  Notifications,
  Outcomes,
  Players,
  Segments,
  Subscriptions,
  Templates,
  Users
]

const declared = new Map<string, { readonly method: string; readonly route: string }>()
for (const module of modules) {
  for (const value of Object.values(module)) {
    if (typeof value === "function" && Endpoint.TypeId in value) {
      const compiled = (value as unknown as Endpoint.Endpoint<any, any, any, any>)[Endpoint.TypeId]
      declared.set(`${compiled.method} ${compiled.route}`, { method: compiled.method, route: compiled.route })
    }
  }
}

describe("simulator coverage", () => {
  it("finds every declared route", () => {
    // 61 operations; aliases share a route (exportPlayers = exportSubscriptions).
    expect(declared.size).toBe(60)
  })

  for (const [key, { method, route }] of declared) {
    it(`has a route for ${key}`, () => {
      const path = route.replace(/\{([^}]+)\}/g, "sample-$1")
      const matching = routes.filter((candidate) => MockTransport.matchRoute(candidate.pattern, method, path))
      expect(matching.map((candidate) => candidate.pattern)).toHaveLength(1)
    })
  }
})
