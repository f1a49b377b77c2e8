/**
 * Users, aliases and subscriptions through the client (`OneSignal`) against
 * the in-memory simulator: decoded results, the simulator's state after
 * each call, the statuses OneSignal documents (checked on the simulator's
 * raw replies), and the typed errors for unknown users and subscriptions,
 * bad input, alias conflicts and wrong keys. Ends with a user created
 * through the API and reached by `include_aliases` in `createNotification`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { OneSignal } from "../src/OneSignal.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import * as Simulator from "../src/testing/Simulator.js"
import * as Users from "../src/Users.js"
import { appId, baseUrl, simulatorLayer } from "./utils/simulator.js"

const unknownId = "0badc0de-0000-4000-8000-000000000000"

const state = Effect.flatMap(Simulator.Simulator, (simulator) => simulator.state)

/** Sends one request straight to the simulator (REST key of the default app) and returns its reply. */
const send = (method: string, path: string, body?: unknown) =>
  Effect.flatMap(Simulator.Simulator, (simulator) =>
    simulator.handle(MockTransport.makeRecordedRequest({
      method,
      url: `${baseUrl}${path}`,
      headers: { authorization: `Key ${Simulator.defaultRestApiKey}`, "content-type": "application/json" },
      bodyText: body === undefined ? undefined : JSON.stringify(body)
    })))

const statusOf = (reply: Simulator.SimulatorReply): number => reply._tag === "Drop" ? 0 : reply.status
const bodyOf = (reply: Simulator.SimulatorReply): any => reply._tag === "Response" ? reply.body : undefined

/** Creates Ann (external_id ann-1, an email and an iOS subscription) through the client. */
const createAnn = Effect.flatMap(OneSignal, (onesignal) =>
  onesignal.createUser(appId, {
    identity: { external_id: "ann-1" },
    properties: { language: "en", tags: { plan: "trial", level: 3 } },
    subscriptions: [
      { type: "Email", token: "ann@example.com", enabled: true },
      { type: "iOSPush", token: "ios-token-ann", notification_types: 1, device_model: "iPhone14,2" }
    ]
  }))

// -----------------------------------------------------------------------------
// Users
// -----------------------------------------------------------------------------

describe("users against the simulator", () => {
  it.effect("createUser then getUser returns the aliases, properties and subscriptions", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const created = yield* createAnn
      expect(created).toBeInstanceOf(Users.User)
      const onesignalId = created.identity?.onesignal_id
      expect(typeof onesignalId).toBe("string")
      expect(created.identity).toEqual({ external_id: "ann-1", onesignal_id: onesignalId })
      expect(created.properties?.language).toBe("en")
      expect(created.properties?.tags).toEqual({ plan: "trial", level: "3" })
      expect(created.subscriptions?.map((s) => [s.type, s.token, s.enabled])).toEqual([
        ["Email", "ann@example.com", true],
        ["iOSPush", "ios-token-ann", true]
      ])

      const read = yield* onesignal.getUser(appId, "external_id", "ann-1")
      expect(read.identity).toEqual(created.identity)
      expect(read.properties?.tags).toEqual({ plan: "trial", level: "3" })
      expect(read.subscriptions?.map((s) => s.id)).toEqual(created.subscriptions?.map((s) => s.id))
      expect(read.subscriptions?.[1]?.device_model).toBe("iPhone14,2")
      expect(read.subscriptions?.[0]?.notification_types).toBe(1)
      const byId = yield* onesignal.getUser(appId, "onesignal_id", onesignalId!)
      expect(byId.identity).toEqual(created.identity)

      const { subscriptions, users } = yield* state
      expect(users).toHaveLength(1)
      expect(users[0]!.onesignalId).toBe(onesignalId)
      expect(users[0]!.aliases).toEqual({ external_id: "ann-1" })
      expect(subscriptions.map((s) => [s.type, s.onesignalId])).toEqual([
        ["Email", onesignalId],
        ["iOSPush", onesignalId]
      ])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createUser answers 201 for a new user, 200 with the known user (and its new subscription)", () =>
    Effect.gen(function*() {
      const first = yield* send("POST", `/apps/${appId}/users`, { identity: { external_id: "bob" } })
      expect(statusOf(first)).toBe(201)
      const onesignalId = bodyOf(first).identity.onesignal_id
      const again = yield* send("POST", `/apps/${appId}/users`, {
        identity: { external_id: "bob", crm_id: "c-7" },
        properties: { country: "FR" },
        subscriptions: [{ type: "SMS", token: "+33612345678" }]
      })
      expect(statusOf(again)).toBe(200)
      expect(bodyOf(again).identity).toEqual({ external_id: "bob", crm_id: "c-7", onesignal_id: onesignalId })

      const read = yield* (yield* OneSignal).getUser(appId, "crm_id", "c-7")
      expect(read.identity?.onesignal_id).toBe(onesignalId)
      expect(read.properties?.country).toBe("FR")
      expect(read.subscriptions?.map((s) => s.token)).toEqual(["+33612345678"])
      expect((yield* state).users).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createUser with aliases of two different users fails with Conflict listing the conflicting aliases", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* onesignal.createUser(appId, { identity: { external_id: "u1" } })
      yield* onesignal.createUser(appId, { identity: { external_id: "u2", email: "u2@example.com" } })
      const conflict = yield* Effect.flip(onesignal.createUser(appId, {
        identity: { external_id: "u1", email: "u2@example.com", crm_id: "new" },
        subscriptions: [{ type: "Email", token: "new@example.com" }]
      }))
      expect(conflict._tag).toBe("Conflict")
      if (conflict._tag !== "Conflict") return
      expect(conflict.status).toBe(409)
      expect(conflict.errors).toEqual(["Multiple User Identity Conflict"])
      const body = yield* Schema.decodeUnknown(Users.CreateUserConflictResponse)({ errors: conflict.details })
      expect(body.errors?.[0]?.code).toBe("user-2")
      expect(body.errors?.[0]?.meta?.conflicting_aliases).toEqual({ external_id: "u1", email: "u2@example.com" })
      const { subscriptions, users } = yield* state
      expect(users.map((u) => u.aliases)).toEqual([
        { external_id: "u1" },
        { external_id: "u2", email: "u2@example.com" }
      ])
      expect(subscriptions).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createUser rejects a bad email token or tag value with BadRequest naming the field, storing nothing", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const badEmail = yield* Effect.flip(onesignal.createUser(appId, {
        identity: { external_id: "x" },
        subscriptions: [{ type: "Email", token: "not-an-email" }]
      }))
      expect(badEmail._tag).toBe("BadRequest")
      if (badEmail._tag !== "BadRequest") return
      expect(badEmail.status).toBe(400)
      expect(badEmail.errors[0]).toContain("subscriptions[0].token")
      const badTag = yield* Effect.flip(onesignal.createUser(appId, {
        identity: { external_id: "x" },
        properties: { tags: { nested: { no: "objects" } } }
      }))
      expect(badTag._tag).toBe("BadRequest")
      if (badTag._tag !== "BadRequest") return
      expect(badTag.errors[0]).toContain("properties.tags.nested")
      const { subscriptions, users } = yield* state
      expect(users).toHaveLength(0)
      expect(subscriptions).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createUser moves an existing subscription with the same type and token to the new user", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const emailId = ann.subscriptions?.[0]?.id
      const other = yield* onesignal.createUser(appId, {
        identity: { external_id: "ann-2" },
        subscriptions: [{ type: "Email", token: "ANN@example.com" }]
      })
      expect(other.subscriptions?.map((s) => s.id)).toEqual([emailId])
      const stored = (yield* state).subscriptions.find((s) => s.id === emailId)
      expect(stored?.onesignalId).toBe(other.identity?.onesignal_id)
      const annNow = yield* onesignal.getUser(appId, "external_id", "ann-1")
      expect(annNow.subscriptions?.map((s) => s.type)).toEqual(["iOSPush"])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getUser of an unknown alias fails with NotFound; an alias with @ is found percent-encoded", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const error = yield* Effect.flip(onesignal.getUser(appId, "external_id", "nobody"))
      expect(error._tag).toBe("NotFound")
      if (error._tag !== "NotFound") return
      expect(error.status).toBe(404)
      expect(error.errors[0]).toContain("external_id = nobody")
      yield* onesignal.createUser(appId, { identity: { email: "zoe@example.com" } })
      const zoe = yield* onesignal.getUser(appId, "email", "zoe@example.com")
      expect(zoe.identity?.email).toBe("zoe@example.com")
      const last = (yield* Simulator.requests).at(-1)!
      expect(last.url).toContain("/users/by/email/zoe%40example.com")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateUser merges tags, sets properties, adds deltas and answers 202 with the properties", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* createAnn
      const result = yield* onesignal.updateUser(appId, "external_id", "ann-1", {
        properties: { language: "fr", tags: { plan: "", level: null as unknown as string, score: 42 } },
        deltas: {
          session_count: 2,
          session_time: 60,
          purchases: [{ sku: "coins", amount: "0.99", iso: "USD", count: 2 }]
        }
      })
      expect(result).toBeInstanceOf(Users.PropertiesBody)
      expect(result.properties?.language).toBe("fr")
      yield* onesignal.updateUser(appId, "external_id", "ann-1", { deltas: { session_count: 1 } })

      const read = yield* onesignal.getUser(appId, "external_id", "ann-1")
      expect(read.properties?.language).toBe("fr")
      expect(read.properties?.tags).toEqual({ score: "42" })
      expect(read.properties?.amount_spent).toBe(1.98)
      expect(read.properties?.purchases?.map((p) => p.sku)).toEqual(["coins"])
      const user = (yield* state).users[0]!
      expect(user.properties["session_count"]).toBe(3)
      expect(user.properties["session_time"]).toBe(60)

      const reply = yield* send("PATCH", `/apps/${appId}/users/by/external_id/ann-1`, {
        properties: { country: "BE" }
      })
      expect(statusOf(reply)).toBe(202)
      expect(bodyOf(reply)).toEqual({ properties: { country: "BE" } })
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateUser of an unknown user fails with NotFound and a bad property with BadRequest", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const missing = yield* Effect.flip(
        onesignal.updateUser(appId, "external_id", "nobody", { properties: { language: "en" } })
      )
      expect(missing._tag).toBe("NotFound")
      yield* createAnn
      const bad = yield* Effect.flip(onesignal.updateUser(appId, "external_id", "ann-1", {
        properties: { tags: { list: [1, 2] } }
      }))
      expect(bad._tag).toBe("BadRequest")
      expect((yield* state).users[0]!.properties["tags"]).toEqual({ plan: "trial", level: "3" })
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("deleteUser removes the user and its subscriptions; a second delete fails with NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* createAnn
      yield* onesignal.createUser(appId, {
        identity: { external_id: "keep" },
        subscriptions: [{ type: "AndroidPush", token: "a1" }]
      })
      const result = yield* onesignal.deleteUser(appId, "external_id", "ann-1")
      expect(result).toBeUndefined()
      const { subscriptions, users } = yield* state
      expect(users.map((u) => u.aliases)).toEqual([{ external_id: "keep" }])
      expect(subscriptions.map((s) => s.token)).toEqual(["a1"])
      expect((yield* Effect.flip(onesignal.getUser(appId, "external_id", "ann-1")))._tag).toBe("NotFound")
      expect((yield* Effect.flip(onesignal.deleteUser(appId, "external_id", "ann-1")))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createAlias upserts aliases and answers the full identity; an alias of another user is a Conflict", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const onesignalId = ann.identity?.onesignal_id
      const result = yield* onesignal.createAlias(appId, "external_id", "ann-1", {
        identity: { crm_id: "c-1", facebook_id: "fb-1" }
      })
      expect(result).toBeInstanceOf(Users.UserIdentityBody)
      expect(result.identity).toEqual({
        external_id: "ann-1",
        crm_id: "c-1",
        facebook_id: "fb-1",
        onesignal_id: onesignalId
      })
      const changed = yield* onesignal.createAlias(appId, "crm_id", "c-1", { identity: { crm_id: "c-2" } })
      expect(changed.identity?.crm_id).toBe("c-2")
      expect((yield* state).users[0]!.aliases).toEqual({ external_id: "ann-1", crm_id: "c-2", facebook_id: "fb-1" })

      yield* onesignal.createUser(appId, { identity: { external_id: "bob" } })
      const conflict = yield* Effect.flip(
        onesignal.createAlias(appId, "external_id", "bob", { identity: { crm_id: "c-2" } })
      )
      expect(conflict._tag).toBe("Conflict")
      if (conflict._tag !== "Conflict") return
      expect(conflict.details[0]?.meta).toEqual({ conflicting_aliases: { crm_id: "c-2" } })
      const badId = yield* Effect.flip(
        onesignal.createAlias(appId, "external_id", "bob", { identity: { onesignal_id: unknownId } })
      )
      expect(badId._tag).toBe("BadRequest")
      const empty = yield* Effect.flip(onesignal.createAlias(appId, "external_id", "bob", { identity: {} }))
      expect(empty._tag).toBe("BadRequest")
      const missing = yield* Effect.flip(
        onesignal.createAlias(appId, "external_id", "nobody", { identity: { crm_id: "c-9" } })
      )
      expect(missing._tag).toBe("NotFound")
      expect((yield* state).users[1]!.aliases).toEqual({ external_id: "bob" })
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getAliases lists the aliases with onesignal_id; unknown user is NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const result = yield* onesignal.getAliases(appId, "external_id", "ann-1")
      expect(result.identity).toEqual({ external_id: "ann-1", onesignal_id: ann.identity?.onesignal_id })
      expect((yield* Effect.flip(onesignal.getAliases(appId, "external_id", "nobody")))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("deleteAlias removes one alias and answers the rest; onesignal_id cannot be deleted", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      yield* onesignal.createAlias(appId, "external_id", "ann-1", { identity: { crm_id: "c-1" } })
      const result = yield* onesignal.deleteAlias(appId, "crm_id", "c-1", "external_id")
      expect(result.identity).toEqual({ crm_id: "c-1", onesignal_id: ann.identity?.onesignal_id })
      expect((yield* state).users[0]!.aliases).toEqual({ crm_id: "c-1" })
      const own = yield* Effect.flip(onesignal.deleteAlias(appId, "crm_id", "c-1", "onesignal_id"))
      expect(own._tag).toBe("BadRequest")
      if (own._tag !== "BadRequest") return
      expect(own.errors[0]).toContain("onesignal_id")
      const absent = yield* Effect.flip(onesignal.deleteAlias(appId, "crm_id", "c-1", "external_id"))
      expect(absent._tag).toBe("NotFound")
      expect((yield* Effect.flip(onesignal.getUser(appId, "external_id", "ann-1")))._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a wrong key is Unauthorized on the user routes, and nothing is stored", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const create = yield* Effect.flip(onesignal.createUser(appId, { identity: { external_id: "x" } }))
      expect(create._tag).toBe("Unauthorized")
      if (create._tag !== "Unauthorized") return
      expect(create.status).toBe(403)
      expect((yield* Effect.flip(onesignal.getUser(appId, "external_id", "x")))._tag).toBe("Unauthorized")
      expect((yield* Effect.flip(onesignal.getAliases(appId, "external_id", "x")))._tag).toBe("Unauthorized")
      expect((yield* state).users).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong" }))))

  it.effect("an unknown app id is BadRequest", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* OneSignal).createUser(unknownId, { identity: { external_id: "x" } }))
      expect(error._tag).toBe("BadRequest")
      expect((yield* state).users).toHaveLength(0)
    }).pipe(Effect.provide(simulatorLayer())))
})

// -----------------------------------------------------------------------------
// Subscriptions
// -----------------------------------------------------------------------------

describe("subscriptions against the simulator", () => {
  it.effect("createSubscription adds a subscription to the user (201) and getUser shows it", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const result = yield* onesignal.createSubscription(appId, "external_id", "ann-1", {
        subscription: { type: "SMS", token: "+15555550100", enabled: true }
      })
      const id = result.subscription?.id
      expect(result.subscription?.type).toBe("SMS")
      expect(result.subscription?.token).toBe("+15555550100")
      expect(result.subscription?.enabled).toBe(true)
      const stored = (yield* state).subscriptions.find((s) => s.id === id)
      expect(stored?.onesignalId).toBe(ann.identity?.onesignal_id)
      const read = yield* onesignal.getUser(appId, "external_id", "ann-1")
      expect(read.subscriptions?.map((s) => s.type)).toEqual(["Email", "iOSPush", "SMS"])

      const reply = yield* send("POST", `/apps/${appId}/users/by/external_id/ann-1/subscriptions`, {
        subscription: { type: "AndroidPush", token: "android-1" }
      })
      expect(statusOf(reply)).toBe(201)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createSubscription with a token another user has moves it (202), unless retain_previous_owner", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const bob = yield* onesignal.createUser(appId, { identity: { external_id: "bob" } })
      const emailId = ann.subscriptions?.[0]?.id
      const kept = yield* send("POST", `/apps/${appId}/users/by/external_id/bob/subscriptions`, {
        subscription: { type: "Email", token: "ann@example.com" },
        retain_previous_owner: true
      })
      expect(statusOf(kept)).toBe(202)
      expect((yield* state).subscriptions.find((s) => s.id === emailId)?.onesignalId).toBe(ann.identity?.onesignal_id)
      const moved = yield* send("POST", `/apps/${appId}/users/by/external_id/bob/subscriptions`, {
        subscription: { type: "Email", token: "ann@example.com" }
      })
      expect(statusOf(moved)).toBe(202)
      expect(bodyOf(moved).subscription.id).toBe(emailId)
      expect((yield* state).subscriptions.find((s) => s.id === emailId)?.onesignalId).toBe(bob.identity?.onesignal_id)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("createSubscription: unknown user NotFound, bad phone BadRequest, a 21st subscription Conflict", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const missing = yield* Effect.flip(onesignal.createSubscription(appId, "external_id", "nobody", {
        subscription: { type: "Email", token: "x@example.com" }
      }))
      expect(missing._tag).toBe("NotFound")
      yield* onesignal.createUser(appId, {
        identity: { external_id: "full" },
        subscriptions: Array.from({ length: 20 }, (_, i) => ({ type: "AndroidPush" as const, token: `device-${i}` }))
      })
      const badPhone = yield* Effect.flip(onesignal.createSubscription(appId, "external_id", "full", {
        subscription: { type: "SMS", token: "0612345678" }
      }))
      expect(badPhone._tag).toBe("BadRequest")
      if (badPhone._tag !== "BadRequest") return
      expect(badPhone.errors[0]).toContain("E.164")
      const full = yield* Effect.flip(onesignal.createSubscription(appId, "external_id", "full", {
        subscription: { type: "Email", token: "full@example.com" }
      }))
      expect(full._tag).toBe("Conflict")
      expect((yield* state).subscriptions).toHaveLength(20)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateSubscription changes it (200); a taken token is Conflict, an unknown id NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const [email, ios] = ann.subscriptions!
      const result = yield* onesignal.updateSubscription(appId, email!.id!, {
        subscription: { enabled: false, token: "ann.new@example.com" }
      })
      expect(result).toBeUndefined()
      const stored = (yield* state).subscriptions.find((s) => s.id === email!.id)
      expect(stored?.enabled).toBe(false)
      expect(stored?.token).toBe("ann.new@example.com")
      const read = yield* onesignal.getUser(appId, "external_id", "ann-1")
      expect(read.subscriptions?.[0]?.notification_types).toBe(-2)

      const reply = yield* send("PATCH", `/apps/${appId}/subscriptions/${ios!.id}`, {
        subscription: { app_version: "2.0.0" }
      })
      expect(statusOf(reply)).toBe(200)
      expect((yield* state).subscriptions.find((s) => s.id === ios!.id)?.fields["app_version"]).toBe("2.0.0")

      yield* onesignal.createUser(appId, {
        identity: { external_id: "bob" },
        subscriptions: [{ type: "Email", token: "bob@example.com" }]
      })
      const taken = yield* Effect.flip(onesignal.updateSubscription(appId, email!.id!, {
        subscription: { token: "bob@example.com" }
      }))
      expect(taken._tag).toBe("Conflict")
      const missing = yield* Effect.flip(
        onesignal.updateSubscription(appId, unknownId, { subscription: { enabled: true } })
      )
      expect(missing._tag).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("deleteSubscription answers 202 and removes it; again is NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const emailId = ann.subscriptions![0]!.id!
      const reply = yield* send("DELETE", `/apps/${appId}/subscriptions/${emailId}`)
      expect(statusOf(reply)).toBe(202)
      expect((yield* state).subscriptions.map((s) => s.type)).toEqual(["iOSPush"])
      const iosId = ann.subscriptions![1]!.id!
      expect(yield* onesignal.deleteSubscription(appId, iosId)).toBeUndefined()
      expect((yield* state).subscriptions).toHaveLength(0)
      expect((yield* Effect.flip(onesignal.deleteSubscription(appId, iosId)))._tag).toBe("NotFound")
      expect((yield* onesignal.getUser(appId, "external_id", "ann-1")).subscriptions).toEqual([])
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("transferSubscription moves it to the user of the identity and answers that user's aliases", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const bob = yield* onesignal.createUser(appId, { identity: { external_id: "bob", crm_id: "c-b" } })
      const iosId = ann.subscriptions![1]!.id!
      const result = yield* onesignal.transferSubscription(appId, iosId, { identity: { crm_id: "c-b" } })
      expect(result.identity).toEqual({ external_id: "bob", crm_id: "c-b", onesignal_id: bob.identity?.onesignal_id })
      expect((yield* state).subscriptions.find((s) => s.id === iosId)?.onesignalId).toBe(bob.identity?.onesignal_id)
      expect((yield* onesignal.getUser(appId, "external_id", "bob")).subscriptions?.map((s) => s.id)).toEqual([iosId])

      const nobody = yield* Effect.flip(
        onesignal.transferSubscription(appId, iosId, { identity: { external_id: "nobody" } })
      )
      expect(nobody._tag).toBe("NotFound")
      const split = yield* Effect.flip(onesignal.transferSubscription(appId, iosId, {
        identity: { external_id: "ann-1", crm_id: "c-b" }
      }))
      expect(split._tag).toBe("Conflict")
      const unknown = yield* Effect.flip(
        onesignal.transferSubscription(appId, unknownId, { identity: { external_id: "bob" } })
      )
      expect(unknown._tag).toBe("NotFound")
      expect((yield* state).subscriptions.find((s) => s.id === iosId)?.onesignalId).toBe(bob.identity?.onesignal_id)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("getAliasesBySubscription and createAliasBySubscription read and upsert the owner's aliases", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const emailId = ann.subscriptions![0]!.id!
      const read = yield* onesignal.getAliasesBySubscription(appId, emailId)
      expect(read.identity).toEqual({ external_id: "ann-1", onesignal_id: ann.identity?.onesignal_id })
      const added = yield* onesignal.createAliasBySubscription(appId, emailId, { identity: { crm_id: "c-1" } })
      expect(added.identity).toEqual({ external_id: "ann-1", crm_id: "c-1", onesignal_id: ann.identity?.onesignal_id })
      expect((yield* state).users[0]!.aliases).toEqual({ external_id: "ann-1", crm_id: "c-1" })

      yield* onesignal.createUser(appId, {
        identity: { external_id: "bob" },
        subscriptions: [{ type: "AndroidPush", token: "b" }]
      })
      const bobSub = (yield* state).subscriptions.find((s) => s.token === "b")!.id
      const conflict = yield* Effect.flip(
        onesignal.createAliasBySubscription(appId, bobSub, { identity: { crm_id: "c-1" } })
      )
      expect(conflict._tag).toBe("Conflict")
      expect((yield* Effect.flip(onesignal.getAliasesBySubscription(appId, unknownId)))._tag).toBe("NotFound")
      expect(
        (yield* Effect.flip(onesignal.createAliasBySubscription(appId, unknownId, { identity: { a: "b" } })))._tag
      ).toBe("NotFound")
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("updateSubscriptionByToken finds the subscription by type and token (202); unknown token is NotFound", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const result = yield* onesignal.updateSubscriptionByToken(appId, "Email", "Ann@Example.com", {
        subscription: { enabled: false }
      })
      expect(result).toEqual({})
      const email = (yield* state).subscriptions.find((s) => s.id === ann.subscriptions![0]!.id)
      expect(email?.enabled).toBe(false)
      const reply = yield* send("PATCH", `/apps/${appId}/subscriptions_by_token/iOSPush/ios-token-ann`, {
        subscription: { notification_types: -2 }
      })
      expect(statusOf(reply)).toBe(202)
      expect((yield* state).subscriptions.find((s) => s.token === "ios-token-ann")?.enabled).toBe(false)
      const missing = yield* Effect.flip(onesignal.updateSubscriptionByToken(appId, "SMS", "+15555550199", {
        subscription: { enabled: false }
      }))
      expect(missing._tag).toBe("NotFound")
      const badType = yield* send("PATCH", `/apps/${appId}/subscriptions_by_token/Fax/123`, {
        subscription: { enabled: false }
      })
      expect(statusOf(badType)).toBe(400)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("unsubscribeEmailWithToken (the subscription id as token) disables the email subscription", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      const ann = yield* createAnn
      const emailId = ann.subscriptions![0]!.id!
      const sent = yield* onesignal.createNotification({
        app_id: appId,
        target_channel: "email",
        include_aliases: { external_id: ["ann-1"] },
        email_subject: "News",
        email_body: "<p>Hello</p>"
      })
      if (sent._tag !== "Sent") throw new Error("expected Sent")
      const other = yield* onesignal.unsubscribeEmailWithToken(appId, sent.id, "some-other-token")
      expect(other?.success).toBe(true)
      expect((yield* state).subscriptions.find((s) => s.id === emailId)?.enabled).toBe(true)
      const result = yield* onesignal.unsubscribeEmailWithToken(appId, sent.id, emailId)
      expect(result?.success).toBe(true)
      expect((yield* state).subscriptions.find((s) => s.id === emailId)?.enabled).toBe(false)
      const reply = yield* send("POST", `/apps/${appId}/notifications/${sent.id}/unsubscribe?token=${emailId}`)
      expect(statusOf(reply)).toBe(202)
      const missing = yield* Effect.flip(onesignal.unsubscribeEmailWithToken(appId, unknownId, emailId))
      expect(missing._tag).toBe("NotFound")
      const noToken = yield* send("POST", `/apps/${appId}/notifications/${sent.id}/unsubscribe?token=`)
      expect(statusOf(noToken)).toBe(400)
    }).pipe(Effect.provide(simulatorLayer())))

  it.effect("a wrong key is Unauthorized on the subscription routes, and nothing changes", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* Simulator.addUser({
        aliases: { external_id: "ann-1" },
        subscriptions: [{ id: "sub-1", type: "Email", token: "ann@example.com" }]
      })
      const create = yield* Effect.flip(onesignal.createSubscription(appId, "external_id", "ann-1", {
        subscription: { type: "SMS", token: "+15555550100" }
      }))
      expect(create._tag).toBe("Unauthorized")
      const update = yield* Effect.flip(
        onesignal.updateSubscription(appId, "sub-1", { subscription: { enabled: false } })
      )
      expect(update._tag).toBe("Unauthorized")
      expect((yield* Effect.flip(onesignal.deleteSubscription(appId, "sub-1")))._tag).toBe("Unauthorized")
      expect((yield* Effect.flip(onesignal.getAliasesBySubscription(appId, "sub-1")))._tag).toBe("Unauthorized")
      const { subscriptions } = yield* state
      expect(subscriptions.map((s) => [s.id, s.enabled])).toEqual([["sub-1", true]])
    }).pipe(Effect.provide(simulatorLayer({ key: "wrong" }))))
})

// -----------------------------------------------------------------------------
// End to end
// -----------------------------------------------------------------------------

describe("a user created through the API is reachable by alias", () => {
  it.effect("createUser with external_id and an email, then createNotification to the alias over email is Sent", () =>
    Effect.gen(function*() {
      const onesignal = yield* OneSignal
      yield* onesignal.createUser(appId, {
        identity: { external_id: "customer-9" },
        subscriptions: [{ type: "Email", token: "customer9@example.com" }]
      })
      const sent = yield* onesignal.createNotification({
        app_id: appId,
        target_channel: "email",
        include_aliases: { external_id: ["customer-9"] },
        email_subject: "Welcome",
        email_body: "<p>Thanks for joining.</p>"
      })
      expect(sent._tag).toBe("Sent")
      if (sent._tag !== "Sent") return
      expect(sent.invalidAliases).toEqual({})
      const stored = yield* Simulator.notifications()
      expect(stored).toHaveLength(1)
      expect(stored[0]!.id).toBe(sent.id)
      expect(stored[0]!.recipients).toBe(1)

      const notSent = yield* onesignal.createNotification({
        app_id: appId,
        target_channel: "email",
        include_aliases: { external_id: ["customer-unknown"] },
        email_subject: "Welcome",
        email_body: "<p>Thanks for joining.</p>"
      })
      expect(notSent._tag).toBe("NotSent")
      if (notSent._tag !== "NotSent") return
      expect(notSent.reasons).toEqual(["All included players are not subscribed"])
      expect(yield* Simulator.notifications()).toHaveLength(1)
    }).pipe(Effect.provide(simulatorLayer())))
})
