// Per-call CPU of the request pipeline alone: the transport answers in memory
// with canned responses, so what is measured is encoding, request building,
// status matching, decoding, retry/timeout wiring and tracing.
//   node bench/micro/pipeline.mjs [iterations]      (NO_TIMEOUT=1: calls without a timeout)
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { OneSignal, OneSignalConfig, RestApiKey } from "effect-onesignal"

const iterations = Number(process.argv[2] ?? 20_000)
const notification = {
  id: "b98881cc-1e94-4366-bbd9-db8f3429292b", app_id: "app", contents: { en: "Order shipped", es: "Pedido enviado" },
  headings: { en: "Update" }, included_segments: [], include_aliases: null, target_channel: "push", isIos: true,
  isAndroid: true, data: { order_id: 1234 }, url: null, buttons: null, ios_badgeType: "Increase", ios_badgeCount: 1,
  successful: 12, failed: 1, errored: 0, converted: 3, received: 11, remaining: 0, queued_at: 1700000000,
  send_after: 1700000000, completed_at: 1700000042, canceled: false,
  platform_delivery_stats: { ios: { successful: 5, failed: 0, errored: 0, converted: 1, received: 5 } },
  outcomes: [{ id: "os__click.count", value: 3, aggregation: "count" }]
}
const created = JSON.stringify({ id: notification.id, external_id: null })
const fetched = JSON.stringify(notification)
const headers = { "content-type": "application/json" }
const client = HttpClient.make((request) =>
  Effect.succeed(HttpClientResponse.fromWeb(request, new Response(request.method === "POST" ? created : fetched, { status: 200, headers })))
)
const layer = OneSignal.layer.pipe(
  Layer.provide(RestApiKey.layer("bench-key")),
  Layer.provide(OneSignalConfig.layer({ baseUrl: "http://127.0.0.1:1", ...(process.env.NO_TIMEOUT ? { timeout: Infinity } : {}) })),
  Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
)
const body = { app_id: "app", included_segments: ["Subscribed Users"], contents: { en: "Hello" } }

const raw = (n) => Effect.gen(function*() {
  for (let i = 0; i < n; i++) {
    const r = yield* client.post("http://127.0.0.1:1/notifications").pipe(Effect.flatMap((res) => res.json))
    yield* client.get(`http://127.0.0.1:1/notifications/${r.id}`).pipe(Effect.flatMap((res) => res.json))
  }
})
const ours = (n) => Effect.gen(function*() {
  const onesignal = yield* OneSignal
  for (let i = 0; i < n; i++) {
    const r = yield* onesignal.createNotification(body)
    yield* onesignal.getNotification("app", r.id)
  }
}).pipe(Effect.provide(layer))

const measure = async (name, program) => {
  await Effect.runPromise(program(1000))
  const cpu = process.cpuUsage()
  const t = performance.now()
  await Effect.runPromise(program(iterations))
  const used = process.cpuUsage(cpu)
  const ms = performance.now() - t
  const perRequest = (used.user + used.system) / (iterations * 2)
  console.log(`${name.padEnd(28)} ${perRequest.toFixed(1).padStart(7)} µs CPU/request  ${(iterations * 2 / ms * 1000).toFixed(0).padStart(7)} req/s`)
  return perRequest
}
const base = await measure("platform HttpClient + json", raw)
const full = await measure("effect-onesignal", ours)
console.log(`pipeline overhead: ${(full - base).toFixed(1)} µs/request`)
