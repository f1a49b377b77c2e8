/**
 * The resource modules of the client and the endpoints they declare, for
 * tests that check something of every endpoint (parsers, simulator routes,
 * properties).
 */
import * as ApiKeys from "../../src/ApiKeys.js"
import * as Apps from "../../src/Apps.js"
import * as AuditLogs from "../../src/AuditLogs.js"
import * as CustomEvents from "../../src/CustomEvents.js"
import * as EmailAnalytics from "../../src/EmailAnalytics.js"
import * as InAppMessages from "../../src/InAppMessages.js"
import * as Endpoint from "../../src/internal/endpoint.js"
import * as Journeys from "../../src/Journeys.js"
import * as LiveActivities from "../../src/LiveActivities.js"
import * as Notifications from "../../src/Notifications.js"
import * as Outcomes from "../../src/Outcomes.js"
import * as Players from "../../src/Players.js"
import * as Segments from "../../src/Segments.js"
import * as Subscriptions from "../../src/Subscriptions.js"
import * as Templates from "../../src/Templates.js"
import * as Users from "../../src/Users.js"

/** Every module that declares endpoints, by name. */
export const resourceModules = {
  ApiKeys,
  Apps,
  AuditLogs,
  CustomEvents,
  EmailAnalytics,
  InAppMessages,
  Journeys,
  LiveActivities,
  Notifications,
  Outcomes,
  Players,
  Segments,
  Subscriptions,
  Templates,
  Users
} as const

export type AnyEndpoint = Endpoint.Endpoint<ReadonlyArray<any>, unknown, unknown, Endpoint.KeyKind>

/** A declared endpoint: the module and export name it was first found under, and the endpoint. */
export interface DeclaredEndpoint {
  readonly module: string
  readonly name: string
  readonly endpoint: AnyEndpoint
}

/**
 * Every declared endpoint once: deprecated aliases (`fetchUser` = `getUser`)
 * and `exportPlayers` = `exportSubscriptions` are the same function, listed
 * under the first name found.
 */
export const declaredEndpoints: ReadonlyArray<DeclaredEndpoint> = (() => {
  const out: Array<DeclaredEndpoint> = []
  const seen = new Set<unknown>()
  for (const [module, exports] of Object.entries(resourceModules)) {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== "function" || !(Endpoint.TypeId in value) || seen.has(value)) continue
      seen.add(value)
      out.push({ module, name, endpoint: value as unknown as AnyEndpoint })
    }
  }
  return out
})()
