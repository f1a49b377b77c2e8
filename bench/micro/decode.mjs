// Cost of decoding one realistic GET /notifications/{id} answer, by strategy:
// the class (current), a struct of the same fields, other null wrappers, and a
// struct decode with the class prototype attached afterwards.
//   node bench/micro/decode.mjs
import * as Schema from "effect/Schema"
import { NotificationWithMeta } from "effect-onesignal/Notifications"
import { readFileSync } from "node:fs"

const text = JSON.stringify({
  id: "b98881cc-1e94-4366-bbd9-db8f3429292b", app_id: "app", contents: { en: "Order shipped", es: "Pedido enviado" },
  headings: { en: "Update" }, included_segments: ["Subscribed Users"], excluded_segments: [], include_aliases: null,
  target_channel: "push", isIos: true, isAndroid: true, isAnyWeb: null, data: { order_id: 1234 }, url: null,
  big_picture: null, buttons: null, web_buttons: null, ios_badgeType: "Increase", ios_badgeCount: 1,
  android_visibility: null, filters: null, successful: 12, failed: 1, errored: 0, converted: 3, received: 11,
  remaining: 0, queued_at: 1700000000, send_after: 1700000000, completed_at: 1700000042, canceled: false,
  throttle_rate_per_minute: null, platform_delivery_stats: {
    ios: { successful: 5, failed: 0, errored: 0, converted: 1, received: 5 },
    android: { successful: 7, failed: 1, errored: 0, converted: 2, received: 6 }
  }, outcomes: [{ id: "os__click.count", value: 3, aggregation: "count" }], fcap_group_ids: null
})
const n = 20_000
const time = (name, f) => {
  for (let i = 0; i < 2000; i++) f()
  const t = process.cpuUsage()
  for (let i = 0; i < n; i++) f()
  const u = process.cpuUsage(t)
  console.log(`${name.padEnd(44)} ${((u.user + u.system) / n).toFixed(1).padStart(6)} µs`)
}
const asClass = Schema.decodeUnknownEither(NotificationWithMeta)
const asStruct = Schema.decodeUnknownEither(Schema.Struct(NotificationWithMeta.fields))
const asStructAll = Schema.decodeUnknownEither(Schema.Struct(NotificationWithMeta.fields), { errors: "first", exact: true })
time("JSON.parse", () => JSON.parse(text))
time("JSON.parse + decode class (current)", () => asClass(JSON.parse(text)))
time("JSON.parse + decode struct of the same fields", () => asStruct(JSON.parse(text)))
time("JSON.parse + decode struct, exact", () => asStructAll(JSON.parse(text)))

// Variants of the lenient field wrapper, on the same field set.
const fields = NotificationWithMeta.fields
const plainOf = (f) => {
  // Unwrap optional(NullOr(X)) back to X, to rebuild with other wrappers.
  const out = {}
  for (const [k, v] of Object.entries(f)) {
    const ast = v.ast.type // the NullOr union of the property signature
    const member = ast.types.find((t) => t._tag !== "Literal" || t.literal !== null)
    out[k] = Schema.make(member)
  }
  return out
}
const plain = plainOf(fields)
const mapValues = (o, f) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]))
const nullFirst = Schema.decodeUnknownEither(Schema.Struct(mapValues(plain, (s) => Schema.optional(Schema.Union(Schema.Null, s)))))
const nullable = Schema.decodeUnknownEither(Schema.Struct(mapValues(plain, (s) => Schema.optionalWith(s, { nullable: true }))))
time("struct, optional(Union(Null, X))", () => nullFirst(JSON.parse(text)))
time("struct, optionalWith(X, { nullable: true })", () => nullable(JSON.parse(text)))
const proto = NotificationWithMeta.prototype
time("struct decode + Object.create(class prototype)", () => {
  const r = asStruct(JSON.parse(text))
  return r._tag === "Right" ? Object.assign(Object.create(proto), r.right) : r
})
