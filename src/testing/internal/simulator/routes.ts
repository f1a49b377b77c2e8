/**
 * Every route of the simulator, from the resource modules.
 */
import type { Route } from "./core.js"
import { routes as activity } from "./activity.js"
import { routes as emailAnalytics } from "./emailAnalytics.js"
import { routes as exportFiles } from "./exports.js"
import { routes as journeys } from "./journeys.js"
import { routes as notifications } from "./notifications.js"
import { routes as organization } from "./organization.js"
import { routes as players } from "./players.js"
import { routes as segments } from "./segments.js"
import { routes as subscriptions } from "./subscriptions.js"
import { routes as templates } from "./templates.js"
import { routes as users } from "./users.js"

export const routes: ReadonlyArray<Route> = [
  ...notifications,
  ...users,
  ...subscriptions,
  ...segments,
  ...templates,
  ...journeys,
  ...activity,
  ...players,
  ...organization,
  ...emailAnalytics,
  ...exportFiles
]
