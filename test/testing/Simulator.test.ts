import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as TestClock from "effect/TestClock"
import * as MockTransport from "../../src/testing/MockTransport.js"
import * as Simulator from "../../src/testing/Simulator.js"

const base = "https://api.onesignal.com"
const appId = Simulator.defaultAppId
const key = Simulator.defaultRestApiKey
const otherApp = "00000000-0000-4000-8000-000000000002"
const otherKey = "other-key"
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const noTargeting = "You must include which players, segments, or tags you wish to send this notification to."

const authed = (token: string = key, scheme = "Key") => HttpClientRequest.setHeader("Authorization", `${scheme} ${token}`)

const send = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(request)
    const body: any = yield* response.json
    return { status: response.status, headers: response.headers, body }
  })

const postNotification = (body: Record<string, unknown>, token: string = key) =>
  send(HttpClientRequest.post(`${base}/notifications`).pipe(authed(token), HttpClientRequest.bodyUnsafeJson(body)))

const segments = (extra: Record<string, unknown> = {}) => ({
  app_id: appId,
  included_segments: ["Subscribed Users"],
  contents: { en: "Hello" },
  ...extra
})

const getNotification = (id: string, app: string = appId, token: string = key) =>
  send(
    HttpClientRequest.get(`${base}/notifications/${id}`).pipe(authed(token), HttpClientRequest.setUrlParam("app_id", app))
  )

const listNotifications = (params: Record<string, string>) =>
  send(
    HttpClientRequest.get(`${base}/notifications`).pipe(
      authed(),
      HttpClientRequest.setUrlParams({ app_id: appId, ...params })
    )
  )

describe("Simulator", () => {
  describe("auth", () => {
    const twoApps = Simulator.layer({ apps: [{ id: appId, restApiKey: key }, { id: otherApp, restApiKey: otherKey }] })

    it.effect("403 without a key, with a wrong key, and with the key of another app", () =>
      Effect.gen(function*() {
        const none = yield* send(HttpClientRequest.post(`${base}/notifications`).pipe(
          HttpClientRequest.bodyUnsafeJson(segments())
        ))
        expect(none.status).toBe(403)
        expect(none.body.errors[0]).toMatch(/^Access denied/)

        const wrong = yield* postNotification(segments(), "not-a-key")
        expect(wrong.status).toBe(403)
        expect(wrong.body.errors[0]).toMatch(/^Access denied/)

        const otherAppsKey = yield* postNotification(segments(), otherKey)
        expect(otherAppsKey.status).toBe(403)
        expect(otherAppsKey.body.errors[0]).toMatch(/^Access denied/)

        const getWithOtherKey = yield* send(
          HttpClientRequest.get(`${base}/notifications`).pipe(
            authed(otherKey),
            HttpClientRequest.setUrlParam("app_id", appId)
          )
        )
        expect(getWithOtherKey.status).toBe(403)

        expect(yield* Simulator.notifications()).toHaveLength(0)
      }).pipe(Effect.provide(twoApps)))

    it.effect("accepts Key, Bearer and Basic schemes; each app with its own key", () =>
      Effect.gen(function*() {
        expect((yield* postNotification(segments())).status).toBe(200)
        const bearer = yield* send(HttpClientRequest.post(`${base}/notifications`).pipe(
          authed(key, "Bearer"),
          HttpClientRequest.bodyUnsafeJson(segments())
        ))
        expect(bearer.status).toBe(200)
        const basic = yield* send(HttpClientRequest.post(`${base}/notifications`).pipe(
          authed(key, "basic"),
          HttpClientRequest.bodyUnsafeJson(segments())
        ))
        expect(basic.status).toBe(200)
        const other = yield* postNotification(segments({ app_id: otherApp }), otherKey)
        expect(other.status).toBe(200)

        expect(yield* Simulator.notifications(appId)).toHaveLength(3)
        expect(yield* Simulator.notifications(otherApp)).toHaveLength(1)
      }).pipe(Effect.provide(twoApps)))

    it.effect("400 without app_id or with an unknown app_id", () =>
      Effect.gen(function*() {
        const missing = yield* postNotification({ included_segments: ["All"] })
        expect(missing.status).toBe(400)
        expect(missing.body.errors[0]).toMatch(/^app_id not found/)
        const unknown = yield* postNotification(segments({ app_id: "nope" }))
        expect(unknown.status).toBe(400)
        expect(unknown.body.errors[0]).toMatch(/^app_id not found/)
      }).pipe(Effect.provide(Simulator.layer())))
  })

  describe("POST /notifications validation", () => {
    it.effect("400 with OneSignal's message when there is no targeting", () =>
      Effect.gen(function*() {
        const none = yield* postNotification({ app_id: appId, contents: { en: "Hi" } })
        expect(none.status).toBe(400)
        expect(none.body).toEqual({ errors: [noTargeting] })
        const empty = yield* postNotification({ app_id: appId, included_segments: [], contents: { en: "Hi" } })
        expect(empty.status).toBe(400)
        expect(empty.body).toEqual({ errors: [noTargeting] })
        expect(yield* Simulator.notifications()).toHaveLength(0)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("accepts the other targeting fields", () =>
      Effect.gen(function*() {
        for (
          const targeting of [
            { include_subscription_ids: ["s1"] },
            { filters: [{ field: "tag", key: "a", relation: "=", value: "b" }] },
            { email_to: ["a@example.com"] },
            { include_ios_tokens: ["t"] },
            { include_android_reg_ids: ["r"] }
          ]
        ) {
          const response = yield* postNotification({ app_id: appId, ...targeting })
          expect(response.status).toBe(200)
        }
        expect(yield* Simulator.notifications()).toHaveLength(5)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("400 when include_aliases comes without target_channel", () =>
      Effect.gen(function*() {
        const response = yield* postNotification({ app_id: appId, include_aliases: { external_id: ["u1"] } })
        expect(response.status).toBe(400)
        expect(response.body.errors[0]).toContain("target_channel is required")
        expect(yield* Simulator.notifications()).toHaveLength(0)
      }).pipe(Effect.provide(Simulator.layer({ users: [{ aliases: { external_id: "u1" } }] }))))

    it.effect("200 with the not-sent answer when no alias is known, storing nothing", () =>
      Effect.gen(function*() {
        const response = yield* postNotification({
          app_id: appId,
          include_aliases: { external_id: ["ghost-1", "ghost-2"] },
          target_channel: "push"
        })
        expect(response.status).toBe(200)
        expect(response.body).toEqual({ id: "", errors: ["All included players are not subscribed"] })
        expect(yield* Simulator.notifications()).toHaveLength(0)
      }).pipe(Effect.provide(Simulator.layer({ users: [{ aliases: { external_id: "u1" } }] }))))

    it.effect("200 with invalid_aliases when some aliases are unknown; addUser makes them known", () =>
      Effect.gen(function*() {
        const partial = yield* postNotification({
          app_id: appId,
          include_aliases: { external_id: ["u1", "x"] },
          target_channel: "push"
        })
        expect(partial.status).toBe(200)
        expect(partial.body.id).toMatch(uuidV4)
        expect(partial.body.errors).toEqual({ invalid_aliases: { external_id: ["x"] } })

        yield* Simulator.addUser({ aliases: { external_id: "x" } })
        const full = yield* postNotification({
          app_id: appId,
          include_aliases: { external_id: ["u1", "x"] },
          target_channel: "push"
        })
        expect(full.status).toBe(200)
        expect(full.body).toEqual({ id: full.body.id, external_id: null })

        const stored = yield* Simulator.notifications()
        expect(stored.map((n) => n.id)).toEqual([partial.body.id, full.body.id])
        expect(stored.map((n) => n.recipients)).toEqual([1, 2])
      }).pipe(Effect.provide(Simulator.layer({ users: [{ aliases: { external_id: "u1" } }] }))))
  })

  describe("notifications routes", () => {
    it.effect("stores, views, lists newest first with pagination, and cancels", () =>
      Effect.gen(function*() {
        yield* TestClock.adjust("1000 seconds")
        const ids: Array<string> = []
        for (const n of [1, 2, 3]) {
          const created = yield* postNotification(segments({ contents: { en: `n${n}` } }))
          expect(created.status).toBe(200)
          expect(created.body).toEqual({ id: created.body.id, external_id: null })
          expect(created.body.id).toMatch(uuidV4)
          ids.push(created.body.id)
          yield* TestClock.adjust("10 seconds")
        }
        expect(new Set(ids).size).toBe(3)

        const viewed = yield* getNotification(ids[0]!)
        expect(viewed.status).toBe(200)
        expect(viewed.body).toMatchObject({
          id: ids[0],
          app_id: appId,
          contents: { en: "n1" },
          included_segments: ["Subscribed Users"],
          queued_at: 1000,
          send_after: 1000,
          completed_at: 1000,
          canceled: false,
          successful: 0,
          failed: 0,
          errored: 0,
          converted: 0,
          remaining: 0,
          platform_delivery_stats: {},
          data: null,
          url: null
        })

        const page1 = yield* listNotifications({ limit: "2" })
        expect(page1.status).toBe(200)
        expect(page1.body.total_count).toBe(3)
        expect(page1.body.offset).toBe(0)
        expect(page1.body.limit).toBe(2)
        expect(page1.body.notifications.map((n: any) => n.id)).toEqual([ids[2], ids[1]])
        const page2 = yield* listNotifications({ limit: "2", offset: "2" })
        expect(page2.body.notifications.map((n: any) => n.id)).toEqual([ids[0]])
        const defaults = yield* listNotifications({})
        expect(defaults.body.limit).toBe(50)
        expect(defaults.body.notifications).toHaveLength(3)
        const capped = yield* listNotifications({ limit: "500" })
        expect(capped.body.limit).toBe(50)

        const canceled = yield* send(
          HttpClientRequest.del(`${base}/notifications/${ids[1]}`).pipe(
            authed(),
            HttpClientRequest.setUrlParam("app_id", appId)
          )
        )
        expect(canceled.status).toBe(200)
        expect(canceled.body).toEqual({ success: true })
        expect((yield* getNotification(ids[1]!)).body.canceled).toBe(true)
        expect((yield* getNotification(ids[0]!)).body.canceled).toBe(false)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("a future send_after is not delivered until the Clock reaches it", () =>
      Effect.gen(function*() {
        const created = yield* postNotification({
          app_id: appId,
          include_subscription_ids: ["s1", "s2"],
          send_after: new Date(60_000).toISOString()
        })
        const before = yield* getNotification(created.body.id)
        expect(before.body).toMatchObject({ send_after: 60, completed_at: null, remaining: 2, successful: 0 })
        yield* TestClock.adjust("1 minute")
        const after = yield* getNotification(created.body.id)
        expect(after.body).toMatchObject({ completed_at: 60, remaining: 0, successful: 2 })
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("track open, history and export_events", () =>
      Effect.gen(function*() {
        const { body: { id } } = yield* postNotification(segments())
        const opened = yield* send(
          HttpClientRequest.put(`${base}/notifications/${id}`).pipe(
            authed(),
            HttpClientRequest.bodyUnsafeJson({ app_id: appId, opened: true })
          )
        )
        expect(opened.body).toEqual({ success: true })
        expect((yield* getNotification(id)).body.converted).toBe(1)

        const history = yield* send(
          HttpClientRequest.post(`${base}/notifications/${id}/history`).pipe(
            authed(),
            HttpClientRequest.bodyUnsafeJson({ app_id: appId, events: "sent", email: "me@example.com" })
          )
        )
        expect(history.status).toBe(200)
        expect(history.body).toEqual({ success: true, destination_url: `${base}/exports/history-${id}.csv.gz` })

        const exported = yield* send(
          HttpClientRequest.post(`${base}/notifications/${id}/export_events`).pipe(
            authed(),
            HttpClientRequest.setUrlParam("app_id", appId)
          )
        )
        expect(exported.status).toBe(200)
        expect(exported.body.csv_file_url).toBe(`${base}/exports/events-${id}.csv.gz`)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("404s: unknown notification on every route, notification of another app, unknown route", () =>
      Effect.gen(function*() {
        const unknownId = "11111111-1111-4111-8111-111111111111"
        const notFound = { errors: ["Notification not found"] }
        const view = yield* getNotification(unknownId)
        expect(view.status).toBe(404)
        expect(view.body).toEqual(notFound)
        const cancel = yield* send(
          HttpClientRequest.del(`${base}/notifications/${unknownId}`).pipe(
            authed(),
            HttpClientRequest.setUrlParam("app_id", appId)
          )
        )
        expect(cancel.status).toBe(404)
        expect(cancel.body).toEqual(notFound)
        const open = yield* send(
          HttpClientRequest.put(`${base}/notifications/${unknownId}`).pipe(
            authed(),
            HttpClientRequest.bodyUnsafeJson({ app_id: appId, opened: true })
          )
        )
        expect(open.status).toBe(404)
        const history = yield* send(
          HttpClientRequest.post(`${base}/notifications/${unknownId}/history`).pipe(
            authed(),
            HttpClientRequest.bodyUnsafeJson({ app_id: appId, events: "clicked" })
          )
        )
        expect(history.status).toBe(404)
        const exported = yield* send(
          HttpClientRequest.post(`${base}/notifications/${unknownId}/export_events`).pipe(
            authed(),
            HttpClientRequest.setUrlParam("app_id", appId)
          )
        )
        expect(exported.status).toBe(404)

        const { body: { id } } = yield* postNotification(segments({ app_id: otherApp }), otherKey)
        expect((yield* getNotification(id, otherApp, otherKey)).status).toBe(200)
        const otherAppsNotification = yield* send(
          HttpClientRequest.get(`${base}/notifications/${id}`).pipe(
            authed(),
            HttpClientRequest.setUrlParam("app_id", appId)
          )
        )
        expect(otherAppsNotification.status).toBe(404)

        const route = yield* send(HttpClientRequest.patch(`${base}/players/abc`).pipe(authed()))
        expect(route.status).toBe(404)
        expect(route.body).toEqual({ errors: ["Not found: PATCH /players/abc"] })
      }).pipe(Effect.provide(Simulator.layer({
        apps: [{ id: appId, restApiKey: key }, { id: otherApp, restApiKey: otherKey }]
      }))))
  })

  describe("idempotency", () => {
    const idempotencyKey = "6f1b7d7e-5c0a-4b4e-9d7a-2f6b1c3e8a90"

    it.effect("replays the original answer with Idempotent-Replayed, storing one notification", () =>
      Effect.gen(function*() {
        const first = yield* postNotification(segments({ idempotency_key: idempotencyKey }))
        expect(first.status).toBe(200)
        expect(first.headers["idempotent-replayed"]).toBeUndefined()
        yield* TestClock.adjust("1 hour")
        const second = yield* postNotification(segments({ idempotency_key: idempotencyKey }))
        expect(second.status).toBe(200)
        expect(second.body).toEqual(first.body)
        expect(second.headers["idempotent-replayed"]).toBe("true")
        const stored = yield* Simulator.notifications()
        expect(stored).toHaveLength(1)
        expect(stored[0]?.id).toBe(first.body.id)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("a key is fresh again after 30 days of Clock time", () =>
      Effect.gen(function*() {
        const first = yield* postNotification(segments({ idempotency_key: idempotencyKey }))
        yield* TestClock.adjust("29 days")
        const replay = yield* postNotification(segments({ idempotency_key: idempotencyKey }))
        expect(replay.headers["idempotent-replayed"]).toBe("true")
        expect(replay.body.id).toBe(first.body.id)
        yield* TestClock.adjust("1 day")
        const fresh = yield* postNotification(segments({ idempotency_key: idempotencyKey }))
        expect(fresh.status).toBe(200)
        expect(fresh.headers["idempotent-replayed"]).toBeUndefined()
        expect(fresh.body.id).not.toBe(first.body.id)
        expect(yield* Simulator.notifications()).toHaveLength(2)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("keys are per app, and a rejected request does not burn its key", () =>
      Effect.gen(function*() {
        const rejected = yield* postNotification({ app_id: appId, idempotency_key: idempotencyKey })
        expect(rejected.status).toBe(400)
        const accepted = yield* postNotification(segments({ idempotency_key: idempotencyKey }))
        expect(accepted.status).toBe(200)
        expect(accepted.headers["idempotent-replayed"]).toBeUndefined()
        const otherApps = yield* postNotification(
          segments({ app_id: otherApp, idempotency_key: idempotencyKey }),
          otherKey
        )
        expect(otherApps.headers["idempotent-replayed"]).toBeUndefined()
        expect(otherApps.body.id).not.toBe(accepted.body.id)
      }).pipe(Effect.provide(Simulator.layer({
        apps: [{ id: appId, restApiKey: key }, { id: otherApp, restApiKey: otherKey }]
      }))))
  })

  describe("faults", () => {
    it.effect("RateLimited with seconds: 429 and Retry-After, only on its route, once", () =>
      Effect.gen(function*() {
        yield* Simulator.injectFault(Simulator.Fault.RateLimited({ retryAfter: 30 }), { route: "POST /notifications" })
        const unaffected = yield* listNotifications({})
        expect(unaffected.status).toBe(200)
        const limited = yield* postNotification(segments())
        expect(limited.status).toBe(429)
        expect(limited.headers["retry-after"]).toBe("30")
        expect(limited.body).toEqual({ errors: ["API rate limit exceeded"] })
        const next = yield* postNotification(segments())
        expect(next.status).toBe(200)
        expect(yield* Simulator.notifications()).toHaveLength(1)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("RateLimited with a Date: Retry-After is an HTTP-date", () =>
      Effect.gen(function*() {
        yield* Simulator.injectFault({ _tag: "RateLimited", retryAfter: new Date(Date.UTC(2030, 0, 1, 12, 30, 0)) })
        const limited = yield* getNotification("anything")
        expect(limited.status).toBe(429)
        expect(limited.headers["retry-after"]).toBe("Tue, 01 Jan 2030 12:30:00 GMT")
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("ServerError 503 for `times` matching requests, in order with other faults", () =>
      Effect.gen(function*() {
        yield* Simulator.injectFault(Simulator.Fault.ServerError({ status: 503 }), { times: 2 })
        yield* Simulator.injectFault(Simulator.Fault.ServerError({ status: 502 }))
        const statuses: Array<number> = []
        for (let i = 0; i < 4; i++) statuses.push((yield* postNotification(segments())).status)
        expect(statuses).toEqual([503, 503, 502, 200])
        expect(yield* Simulator.notifications()).toHaveLength(1)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("Latency delays the normal answer on the Clock", () =>
      Effect.gen(function*() {
        yield* Simulator.injectFault(Simulator.Fault.Latency({ delay: "3 seconds" }))
        const fiber = yield* Effect.fork(postNotification(segments()))
        yield* TestClock.adjust("2 seconds")
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        expect(yield* Simulator.notifications()).toHaveLength(0)
        yield* TestClock.adjust("1 second")
        const response = yield* Fiber.join(fiber)
        expect(response.status).toBe(200)
        expect(yield* Simulator.notifications()).toHaveLength(1)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("DropBeforeApply: a transport failure and nothing stored", () =>
      Effect.gen(function*() {
        yield* Simulator.injectFault(Simulator.Fault.DropBeforeApply(), { route: "POST /notifications" })
        const error = yield* Effect.flip(postNotification(segments({ idempotency_key: "k-1" })))
        expect(error._tag).toBe("RequestError")
        if (error._tag === "RequestError") expect(error.reason).toBe("Transport")
        expect(yield* Simulator.notifications()).toHaveLength(0)
        expect(yield* Simulator.requests).toHaveLength(1)
        // The key was not remembered: the retry is a fresh request.
        const retry = yield* postNotification(segments({ idempotency_key: "k-1" }))
        expect(retry.status).toBe(200)
        expect(retry.headers["idempotent-replayed"]).toBeUndefined()
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("DropAfterApply: stored once, and a retry with the same key replays", () =>
      Effect.gen(function*() {
        yield* Simulator.injectFault(Simulator.Fault.DropAfterApply(), { route: "POST /notifications" })
        const error = yield* Effect.flip(postNotification(segments({ idempotency_key: "k-2" })))
        expect(error._tag).toBe("RequestError")
        if (error._tag === "RequestError") expect(error.reason).toBe("Transport")
        const stored = yield* Simulator.notifications()
        expect(stored).toHaveLength(1)

        const retry = yield* postNotification(segments({ idempotency_key: "k-2" }))
        expect(retry.status).toBe(200)
        expect(retry.headers["idempotent-replayed"]).toBe("true")
        expect(retry.body.id).toBe(stored[0]?.id)
        expect(yield* Simulator.notifications()).toHaveLength(1)
      }).pipe(Effect.provide(Simulator.layer())))
  })

  describe("inspection and robustness", () => {
    it.effect("requests are recorded like MockTransport's; reset forgets everything", () =>
      Effect.gen(function*() {
        yield* postNotification(segments({ idempotency_key: "k-3" }))
        yield* Simulator.injectFault(Simulator.Fault.ServerError({ status: 500 }))
        const [request] = yield* Simulator.requests
        expect(request?.method).toBe("POST")
        expect(request?.path).toBe("/notifications")
        expect(request?.headers["authorization"]).toBe(`Key ${key}`)
        expect((request?.body as any).app_id).toBe(appId)

        yield* Simulator.reset
        expect(yield* Simulator.notifications()).toHaveLength(0)
        expect(yield* Simulator.requests).toHaveLength(0)
        const after = yield* postNotification(segments({ idempotency_key: "k-3" }))
        expect(after.status).toBe(200) // the fault is gone
        expect(after.headers["idempotent-replayed"]).toBeUndefined() // and so is the key
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("the handler can be called directly with a plain request", () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.make()
        const reply = yield* simulator.handle(MockTransport.makeRecordedRequest({
          method: "POST",
          url: "http://localhost/api/v1/notifications",
          headers: { Authorization: `Key ${key}` },
          bodyText: JSON.stringify(segments())
        }))
        expect(reply._tag).toBe("Response")
        if (reply._tag === "Response") {
          expect(reply.status).toBe(200)
          expect((reply.body as any).id).toMatch(uuidV4)
        }
        const invalidJson = yield* simulator.handle(MockTransport.makeRecordedRequest({
          method: "POST",
          url: "http://localhost/notifications",
          headers: { Authorization: `Key ${key}` },
          bodyText: "{not json"
        }))
        expect(invalidJson._tag === "Response" && invalidJson.status).toBe(400)
      }))

    it.effect("an exception inside the handler becomes a 500 with a JSON body", () =>
      Effect.gen(function*() {
        const live = Random.make("seed")
        const broken: Random.Random = Object.create(live, {
          nextIntBetween: {
            value: () => {
              throw new Error("boom")
            }
          }
        })
        const response = yield* postNotification(segments()).pipe(Effect.withRandom(broken))
        expect(response.status).toBe(500)
        expect(response.body.errors[0]).toContain("boom")
        // The simulator keeps working.
        expect((yield* postNotification(segments())).status).toBe(200)
      }).pipe(Effect.provide(Simulator.layer())))
  })

  describe("fault scripts and state", () => {
    it.effect("a script applies its faults to the matching requests in order, attempt by attempt", () =>
      Effect.gen(function*() {
        yield* Simulator.Simulator.pipe(Effect.flatMap((simulator) =>
          simulator.scriptFaults("POST /notifications", [
            Simulator.Fault.RateLimited({ retryAfter: 5 }),
            Simulator.Fault.None(),
            Simulator.Fault.ServerError({ status: 503 })
          ])
        ))
        // A request to another route is not part of the script.
        expect((yield* listNotifications({})).status).toBe(200)
        const statuses: Array<number> = []
        for (let i = 0; i < 4; i++) statuses.push((yield* postNotification(segments())).status)
        expect(statuses).toEqual([429, 200, 503, 200])
        expect(yield* Simulator.notifications()).toHaveLength(2)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("\"*\" scripts every route", () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        yield* simulator.scriptFaults("*", [Simulator.Fault.ServerError({ status: 500 })])
        expect((yield* listNotifications({})).status).toBe(500)
        expect((yield* listNotifications({})).status).toBe(200)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("state is a copy: changing it changes nothing in the simulator", () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.Simulator
        const created = yield* postNotification(segments())
        const state = yield* simulator.state
        expect(state.notifications.map((n) => n.id)).toEqual([created.body.id])
        expect(state.apps.map((app) => app.id)).toEqual([appId])
        expect(state.users.map((user) => user.aliases)).toEqual([{ external_id: "u1" }])
        ;(state.notifications[0] as { canceled: boolean }).canceled = true
        const again = yield* simulator.state
        expect(again.notifications[0]!.canceled).toBe(false)
      }).pipe(Effect.provide(Simulator.layer({ users: [{ aliases: { external_id: "u1" } }] }))))

    it.effect("an Idempotency-Key header replays the first answer with Idempotent-Replayed", () =>
      Effect.gen(function*() {
        const post = send(
          HttpClientRequest.post(`${base}/notifications`).pipe(
            authed(),
            HttpClientRequest.setHeader("Idempotency-Key", "header-key-1"),
            HttpClientRequest.bodyUnsafeJson(segments())
          )
        )
        const first = yield* post
        const second = yield* post
        expect(first.headers["idempotent-replayed"]).toBeUndefined()
        expect(second.headers["idempotent-replayed"]).toBe("true")
        expect(second.body.id).toBe(first.body.id)
        expect(yield* Simulator.notifications()).toHaveLength(1)
      }).pipe(Effect.provide(Simulator.layer())))

    it.effect("users given with subscriptions are stored with them", () =>
      Effect.gen(function*() {
        const state = yield* Effect.flatMap(Simulator.Simulator, (simulator) => simulator.state)
        const [user] = state.users
        expect(user!.onesignalId).toMatch(uuidV4)
        expect(state.subscriptions).toEqual([
          expect.objectContaining({ id: "sub-1", onesignalId: user!.onesignalId, type: "Email", token: "a@b.c", enabled: true })
        ])
      }).pipe(Effect.provide(Simulator.layer({
        users: [{ aliases: { external_id: "u1" }, subscriptions: [{ id: "sub-1", type: "Email", token: "a@b.c" }] }]
      }))))
  })

  describe("layerWithRoutes", () => {
    it.effect("overridden routes answer the given reply; the rest is the simulator; the transport records both", () =>
      Effect.gen(function*() {
        const listed = yield* listNotifications({})
        expect(listed.status).toBe(503)
        expect(listed.body).toEqual({ errors: ["maintenance"] })
        const created = yield* postNotification(segments())
        expect(created.status).toBe(200)
        const read = yield* getNotification(created.body.id)
        expect(read.status).toBe(418)
        expect(read.body).toEqual({ errors: [`teapot ${created.body.id} (call 0)`] })
        // Only the create reached the simulator's store and log; the transport saw all three.
        expect(yield* Simulator.notifications()).toHaveLength(1)
        expect((yield* Simulator.requests).map((r) => r.method)).toEqual(["POST"])
        expect((yield* MockTransport.requests).map((r) => `${r.method} ${r.path}`)).toEqual([
          "GET /notifications",
          "POST /notifications",
          `GET /notifications/${created.body.id}`
        ])
      }).pipe(Effect.provide(Simulator.layerWithRoutes({
        "GET /notifications": { status: 503, body: { errors: ["maintenance"] } },
        "GET /notifications/:id": (request, index) => ({
          status: 418,
          body: { errors: [`teapot ${request.params["id"]} (call ${index})`] }
        })
      }))))
  })
})
