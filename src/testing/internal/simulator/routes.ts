/**
 * The simulator's route table, derived from the client's declarations: one
 * route per declared operation of the registry, its pattern made from the
 * operation's method and route template, answered by the handler of that
 * name. An operation no route module handles yet (a new declaration) gets a
 * stub that answers 501 and names it, so every declared route is served.
 * Routes that are not operations (the export files) come after.
 */
import * as Endpoint from "../../../internal/endpoint.js"
import { resources } from "../../../internal/resources.js"
import { handlers as activity } from "./activity.js"
import { errors, type Handler, type Handlers, type Route } from "./core.js"
import { handlers as emailAnalytics } from "./emailAnalytics.js"
import { routes as exportFiles } from "./exports.js"
import { handlers as journeys } from "./journeys.js"
import { handlers as notifications } from "./notifications.js"
import { handlers as organization } from "./organization.js"
import { handlers as players } from "./players.js"
import { handlers as segments } from "./segments.js"
import { handlers as subscriptions } from "./subscriptions.js"
import { handlers as templates } from "./templates.js"
import { handlers as users } from "./users.js"

/** Every handler, by operation name. */
export const handlers: Handlers = {
  ...notifications,
  ...users,
  ...subscriptions,
  ...segments,
  ...templates,
  ...journeys,
  ...activity,
  ...players,
  ...organization,
  ...emailAnalytics
}

/** A declared operation, as the simulator routes it. */
export interface Operation {
  readonly name: string
  readonly method: string
  readonly route: string
}

/** Every operation the registry declares, once (an alias is the same function). */
export const operations: ReadonlyArray<Operation> = (() => {
  const seen = new Set<unknown>()
  const out: Array<Operation> = []
  for (const module of Object.values(resources)) {
    for (const value of Object.values(module)) {
      if (typeof value !== "function" || !(Endpoint.TypeId in value) || seen.has(value)) continue
      seen.add(value)
      const { method, name, route } = (value as Endpoint.Endpoint<ReadonlyArray<any>, unknown, unknown, any>)[
        Endpoint.TypeId
      ]
      out.push({ name, method, route })
    }
  }
  return out
})()

/** `GET /apps/{app_id}` → `GET /apps/:app_id`: the pattern of a route template. */
export const patternOf = (method: string, route: string): string =>
  `${method} ${route.replace(/\{([^}]+)\}/g, ":$1")}`

/** What answers an operation no route module handles yet. */
export const notSimulated = (name: string): Handler => () =>
  errors(501, `The simulator does not model ${name} yet: add a handler named ${name} to a route module.`)

/** The route table of `operations` answered by `byName`, then the routes that are not operations. */
export const routeTable = (
  declared: ReadonlyArray<Operation>,
  byName: Handlers,
  extra: ReadonlyArray<Route>
): ReadonlyArray<Route> => [
  ...declared.map(({ method, name, route }) => ({
    pattern: patternOf(method, route),
    operation: name,
    handle: byName[name] ?? notSimulated(name)
  })),
  ...extra
]

export const routes: ReadonlyArray<Route> = routeTable(operations, handlers, exportFiles)
