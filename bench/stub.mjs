// A loopback stand-in for api.onesignal.com, run in its own process so that the
// client under test is what the client process measures.
//
//   POST /notifications             -> 200 {"id":"<uuid>","external_id":null}
//   GET  /notifications/:id?app_id= -> 200 a ~2 KB NotificationWithMeta
//   anything else                   -> 404 (a client that calls the wrong route fails its iteration)
//
// Prints {"port":N} on stdout once listening. Stops on SIGTERM / SIGINT or when
// stdin closes (so it never outlives the runner).
import { randomUUID } from "node:crypto"
import * as http from "node:http"
import { appId, notificationId } from "./shared.mjs"

// The shape of test/Notifications.test.ts' `realisticNotification` (OneSignal's
// answer, with fields the clients do not know), padded with more of OneSignal's
// real fields to about 2 KB.
const notification = {
  id: notificationId,
  app_id: appId,
  contents: {
    en: "Your order has shipped",
    es: "Tu pedido fue enviado",
    fr: "Votre commande a été expédiée",
    de: "Deine Bestellung wurde versandt",
    pt: "Seu pedido foi enviado"
  },
  headings: { en: "Order update", es: "Actualización del pedido", fr: "Mise à jour de la commande" },
  subtitle: null,
  included_segments: [],
  excluded_segments: [],
  include_aliases: null,
  include_player_ids: null,
  include_external_user_ids: null,
  target_channel: "push",
  isIos: true,
  isAndroid: true,
  isHuawei: null,
  isAnyWeb: null,
  isChromeWeb: null,
  isFirefox: null,
  isSafari: null,
  isWP_WNS: null,
  isAdm: null,
  isChrome: null,
  data: { order_id: 1234, carrier: "UPS", tracking: "1Z999AA10123456784", items: 3 },
  url: null,
  web_url: null,
  app_url: "myshop://orders/1234",
  big_picture: null,
  chrome_web_icon: null,
  small_icon: "ic_stat_onesignal_default",
  large_icon: null,
  buttons: null,
  web_buttons: null,
  ios_badgeType: "Increase",
  ios_badgeCount: 1,
  ios_sound: "default",
  android_sound: null,
  android_channel_id: "8f0c6c5a-33c0-4e8f-9b27-2a7c5f3e5d10",
  android_accent_color: "FF3B82F6",
  android_visibility: null,
  android_group: "orders",
  thread_id: "orders",
  collapse_id: "order-1234",
  priority: 10,
  ttl: 259200,
  template_id: null,
  delayed_option: null,
  delivery_time_of_day: null,
  filters: null,
  successful: 12,
  failed: 1,
  errored: 0,
  converted: 3,
  received: 11,
  remaining: 0,
  queued_at: 1700000000,
  send_after: 1700000000,
  completed_at: 1700000042,
  canceled: false,
  throttle_rate_per_minute: null,
  platform_delivery_stats: {
    ios: { successful: 5, failed: 0, errored: 0, converted: 1, received: 5 },
    android: { successful: 7, failed: 1, errored: 0, converted: 2, received: 6 },
    chrome_web_push: { successful: 0, failed: 0, errored: 0, converted: 0, received: 0 },
    email: {
      successful: 0, failed: 0, errored: 0, converted: 0, received: 0,
      opened: 0, unique_opens: 0, clicks: 0, unique_clicks: 0, bounced: 0, reported_spam: 0, unsubscribed: 0
    },
    sms: { successful: 0, failed: 0, errored: 0, converted: 0, received: 0, provider_successful: 0, provider_failed: 0 }
  },
  outcomes: [
    { id: "os__click.count", value: 3, aggregation: "count" },
    { id: "os__session_duration.sum", value: 742, aggregation: "sum" },
    { id: "purchase", value: 2, aggregation: "count" }
  ],
  a_field_added_next_year: { nested: true },
  fcap_group_ids: null
}

const getBody = Buffer.from(JSON.stringify(notification))
const getHeaders = { "content-type": "application/json; charset=utf-8", "content-length": String(getBody.length) }
const createLength = String(Buffer.byteLength(JSON.stringify({ id: randomUUID(), external_id: null })))
const createHeaders = { "content-type": "application/json; charset=utf-8", "content-length": createLength }
const notFoundBody = Buffer.from(JSON.stringify({ errors: ["Not Found"] }))
const notFoundHeaders = { "content-type": "application/json; charset=utf-8", "content-length": String(notFoundBody.length) }

// Counters for the runner's sanity checks (GET /__stats).
const stats = { connections: 0, requests: 0 }

const answer = (req, res) => {
  const { method, url } = req
  stats.requests++
  if (method === "POST" && url === "/notifications") {
    res.writeHead(200, createHeaders)
    res.end(`{"id":"${randomUUID()}","external_id":null}`)
  } else if (method === "GET" && url.startsWith("/notifications/") && url.includes("?app_id=")) {
    res.writeHead(200, getHeaders)
    res.end(getBody)
  } else if (url === "/__stats") {
    stats.requests--
    res.writeHead(200, { "content-type": "application/json" })
    const cpu = process.cpuUsage()
    res.end(JSON.stringify({ ...stats, cpuUs: cpu.user + cpu.system }))
  } else {
    res.writeHead(404, notFoundHeaders)
    res.end(notFoundBody)
  }
}

const server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => {
  // Read the request body before answering, as a real server does.
  if (req.method === "GET" || req.method === "HEAD") {
    answer(req, res)
    req.resume()
  } else {
    req.on("end", () => answer(req, res))
    req.resume()
  }
})
server.on("connection", () => {
  stats.connections++
})
server.keepAliveTimeout = 60_000
server.headersTimeout = 61_000
server.requestTimeout = 0
server.maxRequestsPerSocket = 0

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address()
  process.stdout.write(JSON.stringify({ port, getBodyBytes: getBody.length }) + "\n")
})

const stop = () => {
  server.close()
  server.closeAllConnections()
  process.exit(0)
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
process.stdin.on("end", stop)
process.stdin.on("error", stop)
process.stdin.resume()
