// Memory of a large CSV export: `Exports.subscriptions` against the simulator
// serving a file of a million synthetic rows, counting the rows as they stream.
//
//   npm run build && node bench/exports.mjs [--rows 1000000] [--http undici|fetch]
//
// The simulator server runs in a child process (this same file with
// `--server`): it builds and holds the whole gzipped file in memory to serve
// it, and the peak RSS and heap printed here must be the client's alone.
// The client polls every 100 ms (the file answers 404 once), then downloads,
// gunzips, parses and decodes the rows, keeping none of them. It prints the
// row count, the time, the size of the gzipped file, and the client's peak RSS
// (`process.resourceUsage().maxRSS`) and peak heap used (sampled every 50 ms),
// with the same figures before the export as the baseline, and the heap and
// RSS after every tenth of the rows. With `node --expose-gc`, a full GC runs
// before each of those readings, so they show the live heap (without it, the
// heap holds garbage V8 has not collected yet).
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`)
  return index === -1 ? fallback : args[index + 1]
}
const rows = Number(option("rows", "1000000"))
const dist = new URL("../dist/esm/", import.meta.url)

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

if (args.includes("--server")) {
  // The child: the simulator over loopback HTTP, until stdin closes.
  const { Effect, Layer } = await import("effect")
  const { Simulator, SimulatorServer } = await import(new URL("testing/index.js", dist).href)
  const layer = SimulatorServer.layer({ port: 0 }).pipe(
    Layer.provideMerge(Simulator.layerSimulator({ exports: { readyAfterPolls: 1, syntheticRows: rows } }))
  )
  await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function*() {
        const { url } = yield* SimulatorServer.SimulatorServer
        const server = { url, appId: Simulator.defaultAppId, key: Simulator.defaultRestApiKey }
        process.stdout.write(JSON.stringify(server) + "\n")
        yield* Effect.async((resume) => {
          process.stdin.on("close", () => resume(Effect.void))
          process.stdin.resume()
        })
      }).pipe(Effect.provide(layer))
    )
  )
  process.exit(0)
}

// The parent: the client under measurement.
const server = spawn(process.execPath, [fileURLToPath(import.meta.url), "--server", "--rows", String(rows)], {
  stdio: ["pipe", "pipe", "inherit"]
})
const { appId, key, url } = await new Promise((resolve, reject) => {
  let buffered = ""
  server.stdout.on("data", (data) => {
    buffered += data
    const newline = buffered.indexOf("\n")
    if (newline !== -1) resolve(JSON.parse(buffered.slice(0, newline)))
  })
  server.once("exit", (code) => reject(new Error(`the simulator exited with ${code}`)))
})

const { Effect, Layer, Redacted, Stream } = await import("effect")
const { FetchHttpClient } = await import("@effect/platform")
const { NodeHttpClient } = await import("@effect/platform-node")
const { OneSignal, OneSignalConfig, RestApiKey } = await import(new URL("index.js", dist).href)
const Exports = await import(new URL("Exports.js", dist).href)

const http = option("http", "undici")
const layer = OneSignal.layer.pipe(
  Layer.provide(RestApiKey.layer(key)),
  Layer.provide(OneSignalConfig.layer({ baseUrl: url })),
  Layer.provide(http === "fetch" ? FetchHttpClient.layer : NodeHttpClient.layerUndici)
)

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
server.stdin.end()

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
