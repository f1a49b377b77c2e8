// Every operation of shared/reference/OPERATIONS.md is on the service its key
// belongs to, and on no other. The list below is checked against that file
// whenever it is present beside the project (it is in CI).
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { OrganizationApiKey, RestApiKey } from "../src/Credentials.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as MockTransport from "../src/testing/MockTransport.js"

const organizationOperations = [
  "copyTemplateToApp",
  "createApiKey",
  "createApp",
  "deleteApiKey",
  "getApp",
  "getApps",
  "listAuditLogs",
  "rotateApiKey",
  "updateApiKey",
  "updateApp",
  "viewApiKeys"
]

const restOperations = [
  // A. current API
  "cancelNotification",
  "createAlias",
  "createAliasBySubscription",
  "createCustomEvents",
  "createNotification",
  "createSegment",
  "createSubscription",
  "createTemplate",
  "createUser",
  "deleteAlias",
  "deleteSegment",
  "deleteSubscription",
  "deleteTemplate",
  "deleteUser",
  "exportEvents",
  "exportSubscriptions",
  "getAliases",
  "getAliasesBySubscription",
  "getNotification",
  "getNotificationHistory",
  "getNotifications",
  "getOutcomes",
  "getSegment",
  "getSegments",
  "getUser",
  "startLiveActivity",
  "transferSubscription",
  "unsubscribeEmailWithToken",
  "updateLiveActivity",
  "updateSegment",
  "updateSubscription",
  "updateSubscriptionByToken",
  "updateTemplate",
  "updateUser",
  "viewTemplate",
  "viewTemplates",
  // B. seed API operations still served
  "beginLiveActivity",
  "endLiveActivity",
  "getEligibleIams",
  "getPlayers",
  "getPlayer",
  "createPlayer",
  "updatePlayer",
  "deletePlayer",
  "updatePlayerTags",
  "exportPlayers",
  // C. legacy device endpoints
  "createPlayerSession",
  "createPlayerPurchase",
  "updatePlayerSessionLength",
  "trackOpen",
  // D. today's API (official SDK 5.18 and the current reference)
  "createJourney",
  "viewJourneys",
  "viewJourney",
  "updateJourney",
  "updateJourneyNode",
  "deleteJourney",
  "viewJourneyStats",
  "getEmailReputation",
  "estimateNotificationRecipients"
]

/** The routes of OneSignal's current reference that SDK 5.18 lacks (OPERATIONS.md D, below its table). */
const referenceOnlyOperations = ["duplicateJourney", "getEmailProviderMetrics", "getEmailProviderMetricsTimeseries"]

const operationsFile = fileURLToPath(new URL("../../shared/reference/OPERATIONS.md", import.meta.url))

const transport = MockTransport.layer(() => ({ status: 200, body: {} }))
const services = Layer.mergeAll(
  OneSignal.layer.pipe(Layer.provide(RestApiKey.layer("rest"))),
  OneSignalOrganization.layer.pipe(Layer.provide(OrganizationApiKey.layer("org")))
).pipe(Layer.provide(transport))

const methodsOf = (service: object) =>
  new Set(Object.keys(service).filter((name) => typeof (service as Record<string, unknown>)[name] === "function"))

describe("OPERATIONS.md", () => {
  it.effect("every REST-key operation is a method of OneSignal and not of OneSignalOrganization", () =>
    Effect.gen(function*() {
      const rest = methodsOf(yield* OneSignal)
      const org = methodsOf(yield* OneSignalOrganization)
      const missing = [...restOperations, ...referenceOnlyOperations].filter((name) => !rest.has(name))
      const misplaced = [...restOperations, ...referenceOnlyOperations].filter((name) => org.has(name))
      expect(missing).toEqual([])
      expect(misplaced).toEqual([])
    }).pipe(Effect.provide(services)))

  it.effect("every organization-key operation is a method of OneSignalOrganization and not of OneSignal", () =>
    Effect.gen(function*() {
      const rest = methodsOf(yield* OneSignal)
      const org = methodsOf(yield* OneSignalOrganization)
      expect(organizationOperations.filter((name) => !org.has(name))).toEqual([])
      expect(organizationOperations.filter((name) => rest.has(name))).toEqual([])
    }).pipe(Effect.provide(services)))

  it.effect("both services have the generic request", () =>
    Effect.gen(function*() {
      expect(methodsOf(yield* OneSignal).has("request")).toBe(true)
      expect(methodsOf(yield* OneSignalOrganization).has("request")).toBe(true)
    }).pipe(Effect.provide(services)))

  it.runIf(existsSync(operationsFile))("the lists above are exactly OPERATIONS.md's (checked when shared/ is present)", () => {
    const text = readFileSync(operationsFile, "utf8")
    const rows = [...text.matchAll(/^\| `(\w+)` \| [A-Za-z]+ \| `[^`]+`[^|]* \| (rest|org) \|/gm)]
    const fromFile = {
      rest: rows.filter((row) => row[2] === "rest").map((row) => row[1]!).sort(),
      org: rows.filter((row) => row[2] === "org").map((row) => row[1]!).sort()
    }
    expect(fromFile.rest).toEqual([...restOperations].sort())
    expect(fromFile.org).toEqual([...organizationOperations].sort())
    expect(text).toContain("| `request` | any |")
  })
})
