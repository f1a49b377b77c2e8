/**
 * The one registry of resource modules. The services' types and methods
 * (`OneSignal`, `OneSignalOrganization`), the tests' list of endpoints, the
 * simulator's route table and the README's resource table are derived from
 * it, so adding a resource module is adding it here and nothing else (the
 * package entry, whose ESM exports must be written out, is checked against
 * it by a test).
 *
 * @since 0.1.0
 */
import * as ApiKeys from "../ApiKeys.js"
import * as Apps from "../Apps.js"
import * as AuditLogs from "../AuditLogs.js"
import * as CustomEvents from "../CustomEvents.js"
import * as EmailAnalytics from "../EmailAnalytics.js"
import * as InAppMessages from "../InAppMessages.js"
import * as Journeys from "../Journeys.js"
import * as LiveActivities from "../LiveActivities.js"
import * as Notifications from "../Notifications.js"
import * as Outcomes from "../Outcomes.js"
import * as Players from "../Players.js"
import * as Segments from "../Segments.js"
import * as Subscriptions from "../Subscriptions.js"
import * as Templates from "../Templates.js"
import * as Users from "../Users.js"

/**
 * Every module that declares endpoints, by its name in the package entry.
 *
 * @since 0.1.0
 */
export const resources = {
  Notifications,
  Users,
  Subscriptions,
  Segments,
  Outcomes,
  Templates,
  LiveActivities,
  CustomEvents,
  InAppMessages,
  Players,
  EmailAnalytics,
  Journeys,
  Apps,
  ApiKeys,
  AuditLogs
} as const

/**
 * @since 0.1.0
 */
export type Resources = typeof resources
