/**
 * Our client against the official Node SDK as installed
 * (`@onesignal/node-onesignal`, a dev dependency): every operation of its
 * `DefaultApi` is an endpoint of ours with the same name, on the service of
 * its key, with the same method, route template and key; every endpoint of
 * ours the SDK lacks is listed below; every model of the SDK has a schema of
 * ours declaring each of its wire fields. Operation names, model names and
 * wire fields come from the SDK at run time (test/utils/sdkContract.ts reads
 * them); `differences` is the only hand-written list, and an entry no longer
 * needed fails the test too. Bumping the SDK shows exactly what changed.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import {
  check,
  type Difference,
  type Finding,
  type OurSide,
  readOurs,
  readSdk,
  type SdkSide
} from "./utils/sdkContract.js"

const legacyPlayers = "the 1.2.2 players API (OPERATIONS.md B): still served, dropped by the SDK 5 line"
const legacyDevice = "a legacy device endpoint of the first Python wrapper (OPERATIONS.md C), still served"
const referenceOnly = (page: string) =>
  `in OneSignal's current reference (${page}), not in the SDK yet (OPERATIONS.md D)`
const renamed = "the 1.2.2 name of this operation, renamed in the current API (OPERATIONS.md B): a deprecated alias"
const fragment = (of: string) =>
  `a composition fragment the SDK's generator emits for ${of} (allOf); no operation takes or returns it alone, ` +
  `and our ${of} declares its fields`

/** Every deliberate difference between SDK 5.18 and our client, with its reason. */
const differences: ReadonlyArray<Difference> = [
  // Operations we send differently.
  {
    kind: "operation",
    operation: "exportSubscriptions",
    aspect: "route",
    sdk: "/players/csv_export?app_id={app_id}",
    ours: "/players/csv_export",
    reason: "the SDK writes its app_id query parameter into the route template; our route is the path and " +
      "app_id is a query parameter (AppIdQuery), so the same request goes over the wire"
  },

  // Endpoints of ours the SDK lacks.
  { kind: "extraEndpoint", endpoint: "beginLiveActivity", reason: `the Live Activity token route of ${legacyPlayers}` },
  { kind: "extraEndpoint", endpoint: "endLiveActivity", reason: `the Live Activity token route of ${legacyPlayers}` },
  { kind: "extraEndpoint", endpoint: "getEligibleIams", reason: `the in-app messages route of ${legacyPlayers}` },
  { kind: "extraEndpoint", endpoint: "getPlayers", reason: legacyPlayers },
  { kind: "extraEndpoint", endpoint: "getPlayer", reason: legacyPlayers },
  { kind: "extraEndpoint", endpoint: "createPlayer", reason: legacyPlayers },
  { kind: "extraEndpoint", endpoint: "updatePlayer", reason: legacyPlayers },
  { kind: "extraEndpoint", endpoint: "deletePlayer", reason: legacyPlayers },
  { kind: "extraEndpoint", endpoint: "updatePlayerTags", reason: legacyPlayers },
  { kind: "extraEndpoint", endpoint: "createPlayerSession", reason: legacyDevice },
  { kind: "extraEndpoint", endpoint: "createPlayerPurchase", reason: legacyDevice },
  { kind: "extraEndpoint", endpoint: "updatePlayerSessionLength", reason: legacyDevice },
  { kind: "extraEndpoint", endpoint: "trackOpen", reason: legacyDevice },
  // The routes of OneSignal's current reference that SDK 5.18 lacks (OPERATIONS.md D).
  { kind: "extraEndpoint", endpoint: "duplicateJourney", reason: referenceOnly("duplicate-journey (beta)") },
  { kind: "extraEndpoint", endpoint: "getEmailProviderMetrics", reason: referenceOnly("provider-metrics") },
  {
    kind: "extraEndpoint",
    endpoint: "getEmailProviderMetricsTimeseries",
    reason: referenceOnly("provider-metrics-timeseries")
  },

  // Second names of our endpoints (the same declaration, so the same function).
  {
    kind: "alias",
    endpoint: "exportPlayers",
    of: "exportSubscriptions",
    reason: "the 1.2.2 name of the same route (OPERATIONS.md B): one implementation, two names"
  },
  { kind: "alias", endpoint: "fetchUser", of: "getUser", reason: renamed },
  { kind: "alias", endpoint: "fetchUserIdentity", of: "getAliases", reason: renamed },
  { kind: "alias", endpoint: "fetchAliases", of: "getAliasesBySubscription", reason: renamed },
  { kind: "alias", endpoint: "identifyUserByAlias", of: "createAlias", reason: renamed },
  { kind: "alias", endpoint: "identifyUserBySubscriptionId", of: "createAliasBySubscription", reason: renamed },
  { kind: "alias", endpoint: "createSegments", of: "createSegment", reason: renamed },
  { kind: "alias", endpoint: "deleteSegments", of: "deleteSegment", reason: renamed },

  // SDK models whose fields another model of ours holds.
  { kind: "model", sdk: "BasicNotification", ours: "Notification", reason: fragment("Notification") },
  { kind: "model", sdk: "BasicNotificationAllOf", ours: "Notification", reason: fragment("Notification") },
  { kind: "model", sdk: "NotificationAllOf", ours: "Notification", reason: fragment("Notification") },
  { kind: "model", sdk: "NotificationTarget", ours: "Notification", reason: fragment("Notification") },
  { kind: "model", sdk: "SegmentNotificationTarget", ours: "Notification", reason: fragment("Notification") },
  { kind: "model", sdk: "SubscriptionNotificationTarget", ours: "Notification", reason: fragment("Notification") },
  {
    kind: "model",
    sdk: "NotificationWithMetaAllOf",
    ours: "NotificationWithMeta",
    reason: fragment("NotificationWithMeta")
  },
  {
    kind: "model",
    sdk: "EstimateNotificationRecipientsRequestAllOf",
    ours: "EstimateNotificationRecipientsRequest",
    reason: fragment("EstimateNotificationRecipientsRequest")
  },
  {
    kind: "model",
    sdk: "BasicNotificationAllOfAndroidBackgroundLayout",
    ours: "AndroidBackgroundLayout",
    reason: "the generator names the shape of android_background_layout after its path in the spec; " +
      "ours is named for what it is"
  },
  {
    kind: "model",
    sdk: "RateLimitError",
    ours: "RateLimited",
    reason: "a 429 body is not a model: it fails as our RateLimited error, which keeps its errors and limit"
  },
  {
    kind: "noModel",
    sdk: "GenericError",
    reason: "an error body is not a model: src/internal/errorBody.ts turns every shape of it into the errors and " +
      "details of the tagged error of its status, and success (false) is the failure itself"
  }
]

const area = (findings: ReadonlyArray<Finding>, name: Finding["area"]) =>
  findings.filter((finding) => finding.area === name).map((finding) => finding.message)

/** Expects no findings; the failure prints them one a line. */
const expectNone = (messages: ReadonlyArray<string>) =>
  expect(messages.length, `${messages.length} differences:\n${messages.join("\n")}\n`).toBe(0)

let sdk: SdkSide
let ours: OurSide
let findings: ReadonlyArray<Finding>

beforeAll(async () => {
  sdk = await readSdk()
  ours = readOurs()
  findings = check(sdk, ours, differences)
})

describe("the official SDK as installed", () => {
  it("is read: its operations, with method, route and key, and its models, with wire fields", () => {
    expect(sdk.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(sdk.operations.length).toBeGreaterThan(0)
    expect(sdk.models.length).toBeGreaterThan(0)
    expect(sdk.operations.find((operation) => operation.name === "getNotification")).toEqual({
      name: "getNotification",
      method: "GET",
      route: "/notifications/{notification_id}",
      auth: "rest_api_key"
    })
    expect(sdk.operations.find((operation) => operation.name === "getApp")?.auth).toBe("organization_api_key")
    expect(sdk.operations.find((operation) => operation.name === "deleteAlias")?.route).toBe(
      "/apps/{app_id}/users/by/{alias_label}/{alias_id}/identity/{alias_label_to_delete}"
    )
    expect(sdk.models.find((model) => model.name === "Filter")?.fields).toContain("hours_ago")
  })
})

describe("our client against the official SDK", () => {
  it("has every SDK operation under its name, on the service of its key, with its method, route and key", () => {
    expectNone(area(findings, "operations"))
  })

  it("lists every endpoint of ours that the SDK lacks, with a reason", () => {
    expectNone(area(findings, "endpoints"))
  })

  it("declares every wire field of every SDK model", () => {
    expectNone(area(findings, "models"))
  })

  it("needs every entry of the table of differences", () => {
    expectNone(area(findings, "table"))
  })
})

describe("negative control: the check fails on each kind of drift", () => {
  /** The findings `modified` has and the real inputs have not, and those it lost. */
  const drift = (modified: ReadonlyArray<Finding>) => {
    const before = new Set(findings.map((finding) => finding.message))
    const after = new Set(modified.map((finding) => finding.message))
    return {
      added: [...after].filter((message) => !before.has(message)),
      removed: [...before].filter((message) => !after.has(message))
    }
  }
  const withOurModel = (name: string, fields: ReadonlySet<string>): OurSide => ({
    ...ours,
    models: new Map([...ours.models, [name, fields]])
  })

  it("our model without one of the SDK's fields", () => {
    const fields = new Set(ours.models.get("App"))
    fields.delete("name")
    expect(drift(check(sdk, withOurModel("App", fields), differences))).toEqual({
      added: [`SDK ${sdk.version} model App field \`name\`: not declared by our App`],
      removed: []
    })
  })

  it("an SDK model with a field we do not have", () => {
    const modified: SdkSide = {
      ...sdk,
      models: sdk.models.map((model) =>
        model.name === "Segment" ? { ...model, fields: [...model.fields, "added_in_a_new_sdk"] } : model
      )
    }
    expect(drift(check(modified, ours, differences))).toEqual({
      added: [`SDK ${sdk.version} model Segment field \`added_in_a_new_sdk\`: not declared by our Segment`],
      removed: []
    })
  })

  it("an SDK operation on another route, with another method, or with the other key", () => {
    const modified: SdkSide = {
      ...sdk,
      operations: sdk.operations.map((operation) =>
        operation.name === "getApp"
          ? { ...operation, route: "/apps/{app_id}/v2" }
          : operation.name === "viewTemplate"
          ? { ...operation, method: "POST" }
          : operation.name === "getSegments"
          ? { ...operation, auth: "organization_api_key" }
          : operation
      )
    }
    expect(drift(check(modified, ours, differences))).toEqual({
      added: [
        `SDK ${sdk.version} operation getApp route: SDK /apps/{app_id}/v2, ours /apps/{app_id}`,
        `SDK ${sdk.version} operation getSegments key: SDK organization_api_key, ours rest`,
        `SDK ${sdk.version} operation getSegments (organization_api_key): not a method of our OneSignalOrganization service`,
        `SDK ${sdk.version} operation viewTemplate method: SDK POST, ours GET`
      ],
      removed: []
    })
  })

  it("a new SDK operation, and one of ours that is no longer listed", () => {
    const modified: SdkSide = {
      ...sdk,
      operations: [
        ...sdk.operations,
        { name: "archiveApp", method: "POST", route: "/apps/{app_id}/archive", auth: "organization_api_key" }
      ]
    }
    const table = differences.filter((entry) => !(entry.kind === "extraEndpoint" && entry.endpoint === "trackOpen"))
    expect(drift(check(modified, ours, table))).toEqual({
      added: [
        `SDK ${sdk.version} operation archiveApp (POST /apps/{app_id}/archive, organization_api_key): no endpoint of that name exported by src/index.ts`,
        `our endpoint trackOpen (PUT /notifications/{notification_id}, rest): not an operation of SDK ${sdk.version} and not in the table of differences`
      ],
      removed: []
    })
  })

  it("stale entries of the table", () => {
    const table: ReadonlyArray<Difference> = [
      ...differences,
      { kind: "extraEndpoint", endpoint: "getApp", reason: "stale: the SDK has it" },
      { kind: "alias", endpoint: "fetchUser", of: "getAliases", reason: "stale: it is an alias of getUser" },
      { kind: "operation", operation: "getApp", aspect: "method", sdk: "GET", ours: "PUT", reason: "stale: both GET" },
      { kind: "model", sdk: "App", ours: "Notification", reason: "stale: we export App" },
      { kind: "noModel", sdk: "NoSuchModel", reason: "stale: no such SDK model" },
      { kind: "field", model: "App", field: "name", reason: "stale: our App declares it" }
    ]
    expect(drift(check(sdk, ours, table))).toEqual({
      added: [
        `table entry our endpoint getApp: no longer needed, SDK ${sdk.version} has an operation getApp`,
        `table entry alias fetchUser of getAliases: no longer needed, fetchUser is an alias of getUser`,
        `table entry operation getApp method (SDK GET, ours PUT): no longer needed, now SDK GET, ours GET`,
        `table entry SDK model App held by our Notification: no longer needed, src/index.ts exports a schema App itself`,
        `table entry SDK model NoSuchModel without counterpart: no longer needed, SDK ${sdk.version} has no model NoSuchModel`,
        `table entry SDK model App field \`name\`: no longer needed, our counterpart of App declares \`name\``
      ],
      removed: []
    })
  })

  it("a complete small case: every kind of finding, and nothing else", () => {
    const fakeSdk: SdkSide = {
      version: "9.9.9",
      operations: [
        { name: "getThing", method: "GET", route: "/things/{thing_id}", auth: "rest_api_key" },
        { name: "exportThings", method: "POST", route: "/things/csv?app_id={app_id}", auth: "rest_api_key" },
        { name: "dropThing", method: "DELETE", route: "/things/{thing_id}", auth: "rest_api_key" }
      ],
      models: [
        { name: "Thing", fields: ["id", "name", "kind"] },
        { name: "ThingAllOf", fields: ["name"] },
        { name: "ThingError", fields: ["errors"] }
      ]
    }
    const fakeOurs: OurSide = {
      endpoints: [
        { name: "getThing", declared: "getThing", method: "GET", route: "/things/{thing_id}", key: "org" },
        { name: "exportThings", declared: "exportThings", method: "POST", route: "/things/csv", key: "rest" },
        { name: "fetchThing", declared: "getThing", method: "GET", route: "/things/{thing_id}", key: "org" },
        { name: "legacyThing", declared: "legacyThing", method: "PUT", route: "/legacy/{thing_id}", key: "rest" }
      ],
      services: { rest: new Set(["exportThings", "legacyThing"]), org: new Set(["getThing", "fetchThing"]) },
      models: new Map([["Thing", new Set(["id", "name"])]])
    }
    const table: ReadonlyArray<Difference> = [
      {
        kind: "operation",
        operation: "exportThings",
        aspect: "route",
        sdk: "/things/csv?app_id={app_id}",
        ours: "/things/csv",
        reason: "app_id as a query parameter"
      },
      { kind: "notProvided", operation: "dropThing", reason: "the reference removed it" },
      { kind: "model", sdk: "ThingAllOf", ours: "Thing", reason: "fragment" },
      { kind: "field", model: "Thing", field: "kind", reason: "the reference names it type" },
      { kind: "extraEndpoint", endpoint: "fetchThing", reason: "it is an alias, so this entry is wrong" }
    ]
    expect(check(fakeSdk, fakeOurs, table).map((finding) => `${finding.area}: ${finding.message}`)).toEqual([
      "operations: SDK 9.9.9 operation getThing key: SDK rest_api_key, ours org",
      "operations: SDK 9.9.9 operation getThing (rest_api_key): not a method of our OneSignal service",
      "endpoints: our fetchThing (alias of getThing; GET /things/{thing_id}, org): not an operation of SDK 9.9.9 and not in the table of differences",
      "endpoints: our endpoint legacyThing (PUT /legacy/{thing_id}, rest): not an operation of SDK 9.9.9 and not in the table of differences",
      "models: SDK 9.9.9 model ThingError (1 field): no schema of that name exported by src/index.ts, and not in the table of differences",
      "table: table entry our endpoint fetchThing: no longer needed, fetchThing is an alias of getThing"
    ])
  })
})
