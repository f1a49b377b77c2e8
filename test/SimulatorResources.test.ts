/**
 * Segments, templates, outcomes, custom events, Live Activities and in-app
 * messages through the client (`OneSignal` / `OneSignalOrganization`)
 * against the in-memory simulator: decoded results, the simulator's state
 * after each call, and the typed errors for unknown ids, bad input,
 * conflicts and wrong keys. Time is driven by `TestClock`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalOrganization } from "../src/OneSignalOrganization.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import * as Simulator from "../src/testing/Simulator.js"
import { appId, baseUrl, simulatorLayer } from "./utils/simulator.js"

const unknownId = "0badc0de-0000-4000-8000-000000000000"
const otherAppId = "00000000-0000-4000-8000-000000000002"
const otherKey = "other-app-rest-key"

/** The default app and a second one with its own REST key. */
const twoApps: Simulator.SimulatorOptions = {
  apps: [
    { id: appId, restApiKey: Simulator.defaultRestApiKey },
    { id: otherAppId, restApiKey: otherKey }
  ]
}

const levelFilters = [{ field: "tag", key: "level", relation: ">", value: "10" }] as const

/** Three users of the default app: two with a high level (one of them with two devices), one low. */
const players: ReadonlyArray<Simulator.SimulatorUser> = [
  {
    aliases: { external_id: "high-1" },
    properties: { tags: { level: "12" }, language: "en" },
    subscriptions: [
      { id: "sub-high-1-ios", type: "iOSPush", token: "t1" },
      { id: "sub-high-1-android", type: "AndroidPush", token: "t2" }
    ]
  },
  {
    aliases: { external_id: "high-2" },
    properties: { tags: { level: "20" }, language: "fr" },
    subscriptions: [{ id: "sub-high-2", type: "iOSPush", token: "t3", enabled: false }]
  },
  {
    aliases: { external_id: "low" },
    properties: { tags: { level: "3" }, language: "fr" },
    subscriptions: [{ id: "sub-low", type: "iOSPush", token: "t4" }]
  }
]

const state = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.state)

// -----------------------------------------------------------------------------
// Segments
// -----------------------------------------------------------------------------

describe("segments against the simulator", () => {
  it.effect("createSegment then getSegments and getSegment read it back, with its subscriber count", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* TestClock.adjust("10 seconds")
      const created = yield* onesignal.createSegment(appId, { name: "High level", filters: levelFilters })
      expect(created.success).toBe(true)
      expect(typeof created.id).toBe("string")

      const stored = (yield* state).segments
      expect(stored).toHaveLength(1)
      expect(stored[0]!.id).toBe(created.id)
      expect(stored[0]!.appId).toBe(appId)
      expect(stored[0]!.name).toBe("High level")
      expect(stored[0]!.filters).toEqual(levelFilters)

      const page = yield* onesignal.getSegments(appId)
      expect(page.total_count).toBe(1)
      expect(page.offset).toBe(0)
      expect(page.limit).toBe(300)
      expect(page.segments?.[0]).toMatchObject({
        id: created.id,
        name: "High level",
        app_id: appId,
        created_at: "1970-01-01T00:00:10.000Z",
        read_only: false,
        is_active: true
      })

      // high-1 has two enabled subscriptions; high-2's only one is disabled; low does not match.
      const brief = yield* onesignal.getSegment(appId, created.id!)
      expect(brief.subscriber_count).toBe(2)
      expect(brief.payload).toBeUndefined()

      const detailed = yield* onesignal.getSegment(appId, created.id!, { include_segment_detail: true })
      expect(detailed.payload).toMatchObject({
        id: created.id,
        name: "High level",
        description: null,
        created_at: 10,
        source: "api",
        filters: levelFilters
      })
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("OR groups and property filters count the users either group matches", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const created = yield* onesignal.createSegment(appId, {
        name: "English or low",
        filters: [
          { field: "language", relation: "=", value: "en" },
          { operator: "OR" },
          { field: "tag", key: "level", relation: "<", value: "5" }
        ]
      })
      const read = yield* onesignal.getSegment(appId, created.id!)
      expect(read.subscriber_count).toBe(3)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("createSegment keeps a given id; a second segment with the same name or id is a Conflict", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const id = "d6c5a3e1-9f17-44a1-9d10-7c0e4a2b1c8e"
      const created = yield* onesignal.createSegment(appId, { id, name: "VIP", filters: levelFilters })
      expect(created.id).toBe(id)

      const sameName = yield* Effect.flip(onesignal.createSegment(appId, { name: "VIP", filters: [] }))
      expect(sameName._tag).toBe("Conflict")
      if (sameName._tag === "Conflict") expect(sameName.errors[0]).toContain("VIP")

      const sameId = yield* Effect.flip(onesignal.createSegment(appId, { id, name: "Other", filters: [] }))
      expect(sameId._tag).toBe("Conflict")
      if (sameId._tag === "Conflict") expect(sameId.errors[0]).toContain(id)

      expect((yield* state).segments.map((segment) => segment.name)).toEqual(["VIP"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createSegment with a blank name or a tag filter without a key is a BadRequest naming the field", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const blank = yield* Effect.flip(onesignal.createSegment(appId, { name: "  ", filters: [] }))
      expect(blank._tag).toBe("BadRequest")
      if (blank._tag === "BadRequest") expect(blank.errors).toEqual(["name is required."])

      const noKey = yield* Effect.flip(
        onesignal.createSegment(appId, { name: "No key", filters: [{ field: "tag", relation: "=", value: "x" }] })
      )
      expect(noKey._tag).toBe("BadRequest")
      if (noKey._tag === "BadRequest") expect(noKey.errors[0]).toContain("filters[0].key")
      expect((yield* state).segments).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getSegments lists oldest first, paged with offset and limit", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ids: Array<string> = []
      for (const name of ["first", "second", "third"]) {
        ids.push((yield* onesignal.createSegment(appId, { name, filters: [] })).id!)
        yield* TestClock.adjust("1 second")
      }
      const page = yield* onesignal.getSegments(appId, { offset: 1, limit: 1 })
      expect(page.total_count).toBe(3)
      expect(page.offset).toBe(1)
      expect(page.limit).toBe(1)
      expect(page.segments?.map((segment) => segment.id)).toEqual([ids[1]])
      const rest = yield* onesignal.getSegments(appId, { offset: 1 })
      expect(rest.segments?.map((segment) => segment.name)).toEqual(["second", "third"])

      // The documented statuses: 201 for the list too; a limit above 300 is lowered, a malformed one refused.
      const simulator = yield* Simulator.Simulator
      const get = (query: string) =>
        simulator.handle(MockTransport.makeRecordedRequest({
          method: "GET",
          url: `${baseUrl}/apps/${appId}/segments${query}`,
          headers: { authorization: `Key ${Simulator.defaultRestApiKey}` }
        }))
      const big = yield* get("?limit=1000")
      expect(big._tag === "Response" && [big.status, (big.body as { limit: number }).limit]).toEqual([201, 300])
      const bad = yield* get("?offset=-1")
      expect(bad._tag === "Response" && [bad.status, bad.body]).toEqual([
        400,
        { errors: ["offset must be an integer of at least 0 (got \"-1\")."] }
      ])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateSegment renames, describes and replaces the filters", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { id } = yield* onesignal.createSegment(appId, { name: "Before", filters: levelFilters })
      yield* TestClock.adjust("1 minute")
      const filters = [{ field: "tag", key: "level", relation: "<", value: "5" }] as const
      const updated = yield* onesignal.updateSegment(appId, id!, {
        name: "After",
        description: "Low levels",
        filters
      })
      expect(updated).toMatchObject({ success: true, id })

      const read = yield* onesignal.getSegment(appId, id!, { include_segment_detail: true })
      expect(read.subscriber_count).toBe(1)
      expect(read.payload).toMatchObject({ name: "After", description: "Low levels", filters })
      const stored = (yield* state).segments[0]!
      expect(stored.updatedAt - stored.createdAt).toBe(60_000)

      // Only the name: filters and description are kept; "" clears the description.
      yield* onesignal.updateSegment(appId, id!, { name: "Renamed" })
      expect((yield* onesignal.getSegment(appId, id!, { include_segment_detail: true })).payload).toMatchObject({
        name: "Renamed",
        description: "Low levels",
        filters
      })
      yield* onesignal.updateSegment(appId, id!, { name: "Renamed", description: "" })
      expect((yield* onesignal.getSegment(appId, id!, { include_segment_detail: true })).payload?.description)
        .toBeNull()
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("updateSegment of an unknown segment is NotFound; renaming onto another segment's name is a BadRequest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const unknown = yield* Effect.flip(onesignal.updateSegment(appId, unknownId, { name: "x" }))
      expect(unknown._tag).toBe("NotFound")
      yield* onesignal.createSegment(appId, { name: "Taken", filters: [] })
      const { id } = yield* onesignal.createSegment(appId, { name: "Free", filters: [] })
      const clash = yield* Effect.flip(onesignal.updateSegment(appId, id!, { name: "Taken" }))
      expect(clash._tag).toBe("BadRequest")
      expect((yield* state).segments.map((segment) => segment.name).sort()).toEqual(["Free", "Taken"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("deleteSegment removes it; then getSegment and deleteSegment are NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { id } = yield* onesignal.createSegment(appId, { name: "Doomed", filters: [] })
      const deleted = yield* onesignal.deleteSegment(appId, id!)
      expect(deleted.success).toBe(true)
      expect((yield* state).segments).toHaveLength(0)
      expect((yield* Effect.flip(onesignal.getSegment(appId, id!)))._tag).toBe("NotFound")
      expect((yield* Effect.flip(onesignal.deleteSegment(appId, id!)))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a segment of another app is NotFound through this app", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const reply = yield* simulator.handle(MockTransport.makeRecordedRequest({
        method: "POST",
        url: `${baseUrl}/apps/${otherAppId}/segments`,
        headers: { authorization: `Key ${otherKey}` },
        bodyText: JSON.stringify({ name: "Elsewhere", filters: [] })
      }))
      expect(reply._tag === "Response" && reply.status).toBe(201)
      const id = (yield* state).segments[0]!.id
      const onesignal = yield* OneSignal
      expect((yield* Effect.flip(onesignal.getSegment(appId, id)))._tag).toBe("NotFound")
      // With this app's key, the other app is off limits.
      expect((yield* Effect.flip(onesignal.getSegment(otherAppId, id)))._tag).toBe("Unauthorized")
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("a wrong REST key is Unauthorized and creates nothing", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.createSegment(appId, { name: "x", filters: [] }))
      expect(error._tag).toBe("Unauthorized")
      expect((yield* Effect.flip(onesignal.getSegments(appId)))._tag).toBe("Unauthorized")
      expect((yield* state).segments).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong" }))))
})

// -----------------------------------------------------------------------------
// Templates
// -----------------------------------------------------------------------------

describe("templates against the simulator", () => {
  it.effect("createTemplate then viewTemplate returns the push template and its content", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const created = yield* onesignal.createTemplate({
        app_id: appId,
        name: "Welcome",
        contents: { en: "Hi {{ first_name }}" },
        headings: { en: "Welcome" }
      })
      expect(created.name).toBe("Welcome")
      expect(created.channel).toBe("push")
      expect(created.created_at).toBe("1970-01-01T00:00:00.000Z")
      expect(created.content).toEqual({ contents: { en: "Hi {{ first_name }}" }, headings: { en: "Welcome" } })

      const read = yield* onesignal.viewTemplate(created.id!, appId)
      expect(read.id).toBe(created.id)
      expect(read.content).toEqual(created.content)

      const stored = (yield* state).templates
      expect(stored).toHaveLength(1)
      expect(stored[0]).toMatchObject({ id: created.id, appId, name: "Welcome" })
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("viewTemplates filters by channel and pages with limit and offset", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const push = yield* onesignal.createTemplate({ app_id: appId, name: "Push", contents: { en: "p" } })
      const email = yield* onesignal.createTemplate({
        app_id: appId,
        name: "Email",
        contents: { en: "e" },
        isEmail: true,
        email_subject: "Hello",
        email_body: "<p>Hello</p>"
      })
      const sms = yield* onesignal.createTemplate({ app_id: appId, name: "SMS", contents: { en: "s" }, isSMS: true })
      expect([push.channel, email.channel, sms.channel]).toEqual(["push", "email", "sms"])
      expect(email.content?.isEmail).toBe(true)

      const all = yield* onesignal.viewTemplates(appId)
      expect(all.templates?.map((template) => template.name)).toEqual(["Push", "Email", "SMS"])
      const emails = yield* onesignal.viewTemplates(appId, { channel: "email" })
      expect(emails.templates?.map((template) => template.id)).toEqual([email.id])
      const page = yield* onesignal.viewTemplates(appId, { limit: 1, offset: 1 })
      expect(page.templates?.map((template) => template.id)).toEqual([email.id])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateTemplate changes only the fields given and moves updated_at", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const created = yield* onesignal.createTemplate({
        app_id: appId,
        name: "Draft",
        contents: { en: "v1" },
        headings: { en: "Title" }
      })
      yield* TestClock.adjust("1 hour")
      const updated = yield* onesignal.updateTemplate(created.id!, appId, { name: "Final", contents: { en: "v2" } })
      expect(updated.name).toBe("Final")
      expect(updated.content).toEqual({ contents: { en: "v2" }, headings: { en: "Title" } })
      expect(updated.created_at).toBe("1970-01-01T00:00:00.000Z")
      expect(updated.updated_at).toBe("1970-01-01T01:00:00.000Z")
      expect((yield* onesignal.viewTemplate(created.id!, appId)).name).toBe("Final")
      expect((yield* state).templates[0]!.fields).toEqual({ contents: { en: "v2" }, headings: { en: "Title" } })
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("deleteTemplate removes it; then view, update and delete are NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { id } = yield* onesignal.createTemplate({ app_id: appId, name: "Gone", contents: { en: "x" } })
      expect((yield* onesignal.deleteTemplate(id!, appId)).success).toBe(true)
      expect((yield* state).templates).toHaveLength(0)
      expect((yield* Effect.flip(onesignal.viewTemplate(id!, appId)))._tag).toBe("NotFound")
      expect((yield* Effect.flip(onesignal.updateTemplate(id!, appId, { name: "x" })))._tag).toBe("NotFound")
      expect((yield* Effect.flip(onesignal.deleteTemplate(id!, appId)))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("broken Liquid is a 422 and two channel flags a 400, both BadRequest; nothing is stored", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const liquid = yield* Effect.flip(
        onesignal.createTemplate({ app_id: appId, name: "x", contents: { en: "Hi {{ first_name" } })
      )
      expect(liquid._tag).toBe("BadRequest")
      if (liquid._tag === "BadRequest") {
        expect(liquid.status).toBe(422)
        expect(liquid.errors[0]).toContain("Liquid syntax error")
      }
      const both = yield* Effect.flip(
        onesignal.createTemplate({ app_id: appId, name: "x", contents: { en: "x" }, isEmail: true, isSMS: true })
      )
      expect(both._tag).toBe("BadRequest")
      if (both._tag === "BadRequest") expect(both.status).toBe(400)
      expect((yield* state).templates).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("copyTemplateToApp (organization key) makes a new template in the target app", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const organization = yield* OneSignalOrganization
      const source = yield* onesignal.createTemplate({ app_id: appId, name: "Shared", contents: { en: "Hello" } })
      yield* TestClock.adjust("1 minute")
      const copy = yield* organization.copyTemplateToApp(source.id!, appId, { target_app_id: otherAppId })
      expect(copy.id).not.toBe(source.id)
      expect(copy.name).toBe("Shared")
      expect(copy.content).toEqual({ contents: { en: "Hello" } })
      expect(copy.created_at).toBe("1970-01-01T00:01:00.000Z")

      const stored = (yield* state).templates
      expect(stored.map((template) => [template.appId, template.name])).toEqual([
        [appId, "Shared"],
        [otherAppId, "Shared"]
      ])
      // The copy belongs to the target app, not to the source app.
      expect((yield* Effect.flip(onesignal.viewTemplate(copy.id!, appId)))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("copyTemplateToApp of an unknown template is NotFound, to an unknown app a BadRequest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const organization = yield* OneSignalOrganization
      const unknown = yield* Effect.flip(
        organization.copyTemplateToApp(unknownId, appId, { target_app_id: otherAppId })
      )
      expect(unknown._tag).toBe("NotFound")
      const { id } = yield* onesignal.createTemplate({ app_id: appId, name: "x", contents: { en: "x" } })
      const noTarget = yield* Effect.flip(organization.copyTemplateToApp(id!, appId, { target_app_id: unknownId }))
      expect(noTarget._tag).toBe("BadRequest")
      if (noTarget._tag === "BadRequest") expect(noTarget.errors[0]).toContain("target_app_id")
      expect((yield* state).templates).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("copyTemplateToApp with the REST key in place of the organization key is Unauthorized", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const organization = yield* OneSignalOrganization
      const { id } = yield* onesignal.createTemplate({ app_id: appId, name: "x", contents: { en: "x" } })
      const error = yield* Effect.flip(organization.copyTemplateToApp(id!, appId, { target_app_id: otherAppId }))
      expect(error._tag).toBe("Unauthorized")
      expect((yield* state).templates).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps, organizationKey: Simulator.defaultRestApiKey }))))

  it.effect("a wrong REST key is Unauthorized", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.createTemplate({ app_id: appId, name: "x", contents: { en: "x" } }))
      expect(error._tag).toBe("Unauthorized")
      expect((yield* Effect.flip(onesignal.viewTemplates(appId)))._tag).toBe("Unauthorized")
      expect((yield* state).templates).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong" }))))
})

// -----------------------------------------------------------------------------
// Outcomes
// -----------------------------------------------------------------------------

describe("outcomes against the simulator", () => {
  it.effect("getOutcomes counts tracked opens as os__click; other outcomes are 0", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const sent = yield* onesignal.createNotification({
        app_id: appId,
        include_subscription_ids: ["sub-1"],
        contents: { en: "Hi" }
      })
      if (sent._tag !== "Sent") throw new Error(`expected Sent, got ${sent._tag}`)
      yield* Notifications.trackOpen(appId, sent.id)
      yield* Notifications.trackOpen(appId, sent.id)

      const result = yield* onesignal.getOutcomes(appId, ["os__click.count", "os__session_duration.sum"], {
        outcome_names2: "Sales, Purchase.sum",
        outcome_time_range: "1d"
      })
      expect(result.outcomes).toEqual([
        { id: "os__click", value: 2, aggregation: "count" },
        { id: "os__session_duration", value: 0, aggregation: "sum" },
        { id: "Sales, Purchase", value: 0, aggregation: "sum" }
      ])

      const influenced = yield* onesignal.getOutcomes(appId, "os__click.count", { outcome_attribution: "influenced" })
      expect(influenced.outcomes).toEqual([{ id: "os__click", value: 0, aggregation: "count" }])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a name without .count/.sum, or clicks summed, is a BadRequest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const noAggregation = yield* Effect.flip(onesignal.getOutcomes(appId, "os__click"))
      expect(noAggregation._tag).toBe("BadRequest")
      if (noAggregation._tag === "BadRequest") expect(noAggregation.errors[0]).toContain("outcome_names")
      const clickSum = yield* Effect.flip(onesignal.getOutcomes(appId, "os__click.sum"))
      expect(clickSum._tag).toBe("BadRequest")
      if (clickSum._tag === "BadRequest") expect(clickSum.errors).toEqual(["Clicks only support count aggregation."])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a request without outcome_names is a 400", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const reply = yield* simulator.handle(MockTransport.makeRecordedRequest({
        method: "GET",
        url: `${baseUrl}/apps/${appId}/outcomes`,
        headers: { authorization: `Key ${Simulator.defaultRestApiKey}` }
      }))
      expect(reply._tag === "Response" ? [reply.status, reply.body] : reply._tag).toEqual([
        400,
        { errors: ["outcome_names is required, e.g. os__click.count,os__session_duration.sum."] }
      ])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a wrong REST key is Unauthorized", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.getOutcomes(appId, "os__click.count"))
      expect(error._tag).toBe("Unauthorized")
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong" }))))
})

// -----------------------------------------------------------------------------
// Custom events
// -----------------------------------------------------------------------------

describe("custom events against the simulator", () => {
  it.effect("createCustomEvents stores the events of known users and answers {}", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const onesignalId = (yield* state).users.find((user) => user.aliases.external_id === "low")!.onesignalId
      yield* TestClock.adjust("5 seconds")
      const result = yield* onesignal.createCustomEvents(appId, {
        events: [
          { name: "purchase", external_id: "high-1", properties: { sku: "A-12", amount: 30 } },
          { name: "level_up", onesignal_id: onesignalId }
        ]
      })
      expect(result.failed).toEqual([])
      const events = (yield* state).customEvents
      expect(events.map((event) => event.fields.idempotency_key)).toEqual(
        result.events.map((event) => event.idempotency_key)
      )
      expect(events.map((event) => [event.appId, event.fields.name, event.receivedAt])).toEqual([
        [appId, "purchase", 5000],
        [appId, "level_up", 5000]
      ])
      expect(events[0]!.fields.properties).toEqual({ sku: "A-12", amount: 30 })
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("events of unknown users are reported in errors (202) and not stored; the others are", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const result = yield* onesignal.createCustomEvents(appId, {
        events: [{ name: "trial_started", external_id: "nobody" }, { name: "trial_started", external_id: "low" }]
      })
      expect(result.failed.map((failure) => ({ ...failure }))).toEqual([{
        event_user_id: "nobody",
        event_id: expect.any(String),
        error: { code: "not found", title: "failed to find a onesignal_id for user_id nobody" }
      }])
      expect(result.toResend.map((event) => event.external_id)).toEqual(["nobody"])
      expect((yield* state).customEvents.map((event) => event.fields.external_id)).toEqual(["low"])
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("a batch retried after a drop past the commit records each event once", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* Simulator.scriptFaults("POST /apps/:app_id/custom_events", [Simulator.Fault.DropAfterApply()])
      const fiber = yield* Effect.fork(onesignal.createCustomEvents(appId, {
        events: [{ name: "purchase", external_id: "low" }, { name: "purchase", external_id: "high-1" }]
      }))
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(fiber)
      const posts = (yield* Simulator.requests).filter((request) => request.path.endsWith("/custom_events"))
      expect(posts).toHaveLength(2)
      expect(posts[1]!.body).toEqual(posts[0]!.body)
      const stored = (yield* state).customEvents
      expect(stored.map((event) => event.fields.idempotency_key)).toEqual(
        result.events.map((event) => event.idempotency_key)
      )
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("an event over 2,024 bytes is refused with a BadRequest (a request built without the client)", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.request({
        method: "POST",
        path: "/apps/{app_id}/custom_events",
        params: { app_id: appId },
        body: { events: [{ name: "big", external_id: "low", properties: { text: "a".repeat(2_100) } }] }
      }))
      expect(error._tag).toBe("BadRequest")
      expect(error.message).toContain("2024 bytes")
      expect((yield* state).customEvents).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("an event whose idempotency_key was seen in the last four hours is ignored", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const event = { name: "checkout", external_id: "low", idempotency_key: "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9" }
      yield* onesignal.createCustomEvents(appId, { events: [event] })
      yield* TestClock.adjust("3 hours")
      yield* onesignal.createCustomEvents(appId, { events: [event] })
      expect((yield* state).customEvents).toHaveLength(1)
      yield* TestClock.adjust("2 hours")
      yield* onesignal.createCustomEvents(appId, { events: [event] })
      expect((yield* state).customEvents).toHaveLength(2)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("a malformed timestamp refuses the whole batch with a BadRequest naming the event", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.createCustomEvents(appId, {
        events: [{ name: "ok", external_id: "low" }, { name: "bad", external_id: "low", timestamp: "yesterday" }]
      }))
      expect(error._tag).toBe("BadRequest")
      if (error._tag === "BadRequest") expect(error.errors[0]).toContain("events[1].timestamp")
      expect((yield* state).customEvents).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("a wrong REST key is Unauthorized and stores nothing", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(
        onesignal.createCustomEvents(appId, { events: [{ name: "x", external_id: "low" }] })
      )
      expect(error._tag).toBe("Unauthorized")
      expect((yield* state).customEvents).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong", simulator: { users: players } }))))
})

// -----------------------------------------------------------------------------
// Live Activities
// -----------------------------------------------------------------------------

const startRequest = {
  name: "Order 42",
  activity_id: "order-42",
  event_attributes: { order: 42 },
  event_updates: { status: "preparing" },
  contents: { en: "Your order is being prepared" },
  headings: { en: "Order 42" },
  include_aliases: { external_id: ["high-1"] }
}

const liveActivities = Effect.map(state, (s) => s.liveActivities)

describe("live activities against the simulator", () => {
  it.effect("startLiveActivity stores the start and answers a notification id", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const started = yield* onesignal.startLiveActivity(appId, "OrderAttributes", startRequest)
      expect(typeof started.notification_id).toBe("string")
      const [activity] = yield* liveActivities
      expect(activity).toMatchObject({ appId, activityId: "order-42", tokens: {} })
      expect(activity!.events).toEqual([{ ...startRequest, event: "start", activity_type: "OrderAttributes" }])
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("a start with a known idempotency_key replays the first answer and starts nothing more", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const request = { ...startRequest, idempotency_key: "a1b2c3d4-0000-4000-8000-000000000042" }
      const first = yield* onesignal.startLiveActivity(appId, "OrderAttributes", request)
      const second = yield* onesignal.startLiveActivity(appId, "OrderAttributes", request)
      expect(second.notification_id).toBe(first.notification_id)
      expect((yield* liveActivities)[0]!.events).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a start without an audience is a BadRequest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const { include_aliases: _, ...noAudience } = startRequest
      const error = yield* Effect.flip(onesignal.startLiveActivity(appId, "OrderAttributes", noAudience))
      expect(error._tag).toBe("BadRequest")
      if (error._tag === "BadRequest") expect(error.errors[0]).toContain("You must include")
      expect(yield* liveActivities).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateLiveActivity records updates and the end; an ended or unknown activity refuses more", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* onesignal.startLiveActivity(appId, "OrderAttributes", startRequest)
      const updated = yield* onesignal.updateLiveActivity(appId, "order-42", {
        name: "On its way",
        event: "update",
        event_updates: { status: "shipped" }
      })
      expect(typeof updated.id).toBe("string")
      expect(updated.notification_id).toBe(updated.id)
      yield* onesignal.updateLiveActivity(appId, "order-42", {
        name: "Delivered",
        event: "end",
        event_updates: { status: "delivered" },
        dismissal_date: 3600
      })
      expect((yield* liveActivities)[0]!.events.map((event) => event.event)).toEqual(["start", "update", "end"])

      const afterEnd = yield* Effect.flip(onesignal.updateLiveActivity(appId, "order-42", {
        name: "Late",
        event: "update",
        event_updates: {}
      }))
      expect(afterEnd._tag).toBe("BadRequest")
      if (afterEnd._tag === "BadRequest") expect(afterEnd.errors[0]).toContain("already ended")

      const unknown = yield* Effect.flip(onesignal.updateLiveActivity(appId, "no-such-activity", {
        name: "x",
        event: "update",
        event_updates: {}
      }))
      expect(unknown._tag).toBe("NotFound")
      expect((yield* liveActivities)[0]!.events).toHaveLength(3)
    }).pipe(Effect.provide(simulatorLayer({ simulator: { users: players } }))))

  it.effect("beginLiveActivity registers a subscription's token and endLiveActivity removes it (204s)", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* Simulator.addUser({
        aliases: { external_id: "device-owner" },
        subscriptions: [{ id: "sub-ios", type: "iOSPush", token: "apns-1" }]
      })
      const begun = yield* onesignal.beginLiveActivity(appId, "match-7", {
        subscription_id: "sub-ios",
        push_token: "activity-token-1"
      })
      expect(begun).toBeUndefined()
      expect((yield* liveActivities)[0]).toMatchObject({
        activityId: "match-7",
        tokens: { "sub-ios": "activity-token-1" },
        events: []
      })
      // The token is now known: updates reach the activity.
      yield* onesignal.updateLiveActivity(appId, "match-7", { name: "Goal", event: "update", event_updates: {} })

      expect(yield* onesignal.endLiveActivity(appId, "match-7", "sub-ios")).toBeUndefined()
      expect((yield* liveActivities)[0]!.tokens).toEqual({})
      const methods = (yield* Simulator.requests).map((request) => request.method)
      expect(methods).toEqual(["POST", "POST", "DELETE"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("beginLiveActivity for an unknown subscription and endLiveActivity of an unknown activity are NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const begin = yield* Effect.flip(
        onesignal.beginLiveActivity(appId, "match-7", { subscription_id: unknownId, push_token: "t" })
      )
      expect(begin._tag).toBe("NotFound")
      const end = yield* Effect.flip(onesignal.endLiveActivity(appId, "match-7", unknownId))
      expect(end._tag).toBe("NotFound")
      expect(yield* liveActivities).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a wrong REST key is Unauthorized on every Live Activity route", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const errors = yield* Effect.all([
        Effect.flip(onesignal.startLiveActivity(appId, "OrderAttributes", startRequest)),
        Effect.flip(onesignal.updateLiveActivity(appId, "order-42", { name: "x", event: "end", event_updates: {} })),
        Effect.flip(onesignal.beginLiveActivity(appId, "order-42", { subscription_id: "sub-low", push_token: "t" })),
        Effect.flip(onesignal.endLiveActivity(appId, "order-42", "sub-low"))
      ])
      expect(errors.map((error) => error._tag)).toEqual(["Unauthorized", "Unauthorized", "Unauthorized", "Unauthorized"])
      expect(yield* liveActivities).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong", simulator: { users: players } }))))
})

// -----------------------------------------------------------------------------
// In-app messages
// -----------------------------------------------------------------------------

describe("in-app messages against the simulator", () => {
  it.effect("getEligibleIams of a known subscription is an empty manifest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* Simulator.addUser({
        aliases: { external_id: "reader" },
        subscriptions: [{ id: "sub-reader", type: "iOSPush", token: "apns-r" }]
      })
      const manifest = yield* onesignal.getEligibleIams(appId, "sub-reader")
      expect(manifest.in_app_messages).toEqual([])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getEligibleIams of an unknown subscription, or one of another app, is NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* Simulator.addUser({
        appId: otherAppId,
        aliases: { external_id: "elsewhere" },
        subscriptions: [{ id: "sub-elsewhere", type: "iOSPush", token: "apns-e" }]
      })
      const unknown = yield* Effect.flip(onesignal.getEligibleIams(appId, unknownId))
      expect(unknown._tag).toBe("NotFound")
      if (unknown._tag === "NotFound") expect(unknown.errors[0]).toContain(unknownId)
      expect((yield* Effect.flip(onesignal.getEligibleIams(appId, "sub-elsewhere")))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer({ simulator: twoApps }))))

  it.effect("a wrong REST key is Unauthorized", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.getEligibleIams(appId, "sub-low"))
      expect(error._tag).toBe("Unauthorized")
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong", simulator: { users: players } }))))
})
