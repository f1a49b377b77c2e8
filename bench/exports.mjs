// Memory of a large CSV export: `Exports.subscriptions` against the simulator
// serving a file of a million synthetic rows, counting the rows as they stream.
//
//   npm run build && node bench/exports.mjs [--rows 1000000] [--http undici|fetch]
//
// The simulator server runs in a child process (bench/simulator.mjs): it
// builds and holds the whole gzipped file in memory to serve it, and the peak
// RSS and heap printed here must be the client's alone.
// The client polls every 100 ms (the file answers 404 once), then downloads,
// gunzips, parses and decodes the rows, keeping none of them. It prints the
// row count, the time, the size of the gzipped file, and the client's peak RSS
// (`process.resourceUsage().maxRSS`) and peak heap used (sampled every 50 ms),
// with the same figures before the export as the baseline, and the heap and
// RSS after every tenth of the rows. With `node --expose-gc`, a full GC runs
// before each of those readings, so they show the live heap (without it, the
// heap holds garbage V8 has not collected yet).
import { parseArgs } from "node:util"
import { clientLayer, requireBuild, startSimulator } from "./simulator.mjs"

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    http: { type: "string", default: "undici" }
  }
})
const rows = Number(values.rows)
const http = values.http
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

requireBuild()
const server = await startSimulator({ syntheticRows: rows })
const { appId } = server
const { Effect, Redacted, Stream } = await import("effect")
const { Exports } = await import("effect-onesignal")
const layer = await clientLayer(server, http)

// Heap used and RSS (current, not peak) every tenth of the file: flat, not growing with the rows read.
const step = Math.max(1, Math.floor(rows / 10))
const timeline = []
let peakHeap = 0
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
}
globalThis.gc?.()
const before = { rss: process.resourceUsage().maxRSS * 1024, heap: process.memoryUsage().heapUsed }
const sampler = setInterval(sample, 50)

const started = performance.now()
let firstRow = 0
const result = await Effect.runPromise(
  Effect.gen(function*() {
    const file = yield* Exports.startSubscriptions(appId)
    const count = yield* Exports.download(file, { poll: { interval: "100 millis", maxPolls: 600 }, timeout: "5 minutes" })
      .pipe(Stream.runFold(0, (n) => {
        if (n === 0) firstRow = performance.now()
        if ((n + 1) % step === 0) {
          globalThis.gc?.()
          const { heapUsed, rss } = process.memoryUsage()
          timeline.push({ rows: n + 1, heapUsed, rss })
        }
        return n + 1
      }))
    return { count, file }
  }).pipe(Effect.provide(layer))
)
const finished = performance.now()
sample()
clearInterval(sampler)
const after = { rss: process.resourceUsage().maxRSS * 1024 }

// The size of what was downloaded, for scale (the file is built again for this).
const response = await fetch(Redacted.value(result.file.url))
const gzipped = Number(response.headers.get("content-length"))
await response.body?.cancel()
server.stop()

console.log(`client HTTP: ${http}; rows streamed: ${result.count.toLocaleString("en")} of ${rows.toLocaleString("en")}`)
const streaming = (finished - firstRow) / 1000
console.log(`until the first row (request, polls, the simulator building the file): ${((firstRow - started) / 1000).toFixed(1)} s`)
console.log(`streaming (download, gunzip, parse, decode): ${streaming.toFixed(1)} s, ${Math.round(result.count / streaming).toLocaleString("en")} rows/s`)
console.log(`gzipped file: ${mb(gzipped)}`)
console.log(`client before the export: max RSS ${mb(before.rss)}, heap used ${mb(before.heap)}`)
console.log(`client peak:              max RSS ${mb(after.rss)}, heap used ${mb(peakHeap)}`)
console.log("rows read | heap used | RSS")
for (const { heapUsed, rows, rss } of timeline) {
  console.log(`${rows.toLocaleString("en").padStart(9)} | ${mb(heapUsed).padStart(9)} | ${mb(rss)}`)
}
if (result.count !== rows) process.exitCode = 1
