// Memory of a batch send: one message to N subscription ids (1,000,000 by
// default), generated lazily as a Stream, sent with `Batch.sendStream` and
// folded with `Batch.totals`, against the simulator served over loopback HTTP
// in a child process (its memory is not the client's). Prints the client's
// peak RSS and peak heap, before/after figures, the server's peak RSS for
// reference, and checks that the simulator stored every recipient once.
//
//   npm run build && node bench/batch.mjs [--recipients 1000000]
//        [--chunk-size 20000] [--concurrency 4] [--transport undici|fetch]
//
// With `node --expose-gc`, it also forces a collection every 10 chunks and
// reports the heap still in use then (what the batch retains, as opposed to
// garbage V8 has not collected yet): flat memory means these figures do not
// grow with the number of recipients. Those collections lower the peaks.
//
// Uses the built package (dist/, git-ignored). Not part of `npm test` or
// `npm run bench`.
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { parseArgs } from "node:util"
import { rootDir } from "./lib.mjs"

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "1000000" },
    "chunk-size": { type: "string", default: "20000" },
    concurrency: { type: "string", default: "4" },
    transport: { type: "string", default: "undici" },
    serve: { type: "boolean", default: false }
  }
})
const recipients = Number(values.recipients)
const chunkSize = Number(values["chunk-size"])
const concurrency = Number(values.concurrency)
const transport = values.transport

if (!fs.existsSync(path.join(rootDir, "dist/esm/index.js"))) {
  console.error("dist/ is missing: run `npm run build` first.")
  process.exit(1)
}

const appId = "00000000-0000-4000-8000-000000000001"
const restApiKey = "sim-rest-key"
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/**
 * `node bench/batch.mjs --serve`: the simulator over loopback HTTP, in the
 * child process. It prints its URL and stops when its stdin closes, so it
 * never outlives the benchmark, even one that crashed.
 */
const serve = async () => {
  const [{ Effect }, { Simulator, SimulatorServer }] = await Promise.all([
    import("effect"),
    import("effect-onesignal/testing")
  ])
  const stdinClosed = Effect.async((resume) => {
    process.stdin.once("close", () => resume(Effect.void))
    process.stdin.resume()
  })
  await Effect.runPromise(
    Effect.gen(function*() {
      const url = yield* SimulatorServer.serve({ port: 0 })
      process.stdout.write(`${url}\n`)
      yield* stdinClosed
    }).pipe(Effect.scoped, Effect.provide(Simulator.layerSimulator()))
  )
}

/** Starts the simulator server in its own process; resolves with its URL once it listens. */
const startSimulator = () =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--serve"], {
      stdio: ["pipe", "pipe", "inherit"]
    })
    let buffer = ""
    const onData = (text) => {
      buffer += text
      const newline = buffer.indexOf("\n")
      if (newline === -1) return
      child.stdout.off("data", onData)
      child.stdout.resume()
      resolve({ url: buffer.slice(0, newline), child })
    }
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", onData)
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`the simulator exited early with code ${code}`)))
  })

/** Peak RSS of another process, from /proc (Linux); undefined elsewhere. */
const peakRssOf = (pid) => {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))
    return match === null ? undefined : Number(match[1]) * 1024
  } catch {
    return undefined
  }
}

const subscriptionId = (i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`

const main = async () => {
  const server = await startSimulator()
  try {
    const [{ Effect, Layer, ManagedRuntime, Stream }, ours] = await Promise.all([
      import("effect"),
      import("effect-onesignal")
    ])
    // `Batch` through the package's entry once it exports it, else the built module itself.
    const Batch = ours.Batch ?? (await import(pathToFileURL(path.join(rootDir, "dist/esm/Batch.js")).href))
    const { OneSignal, OneSignalConfig, RestApiKey } = ours
    const httpClientLayer = transport === "fetch"
      ? (await import("@effect/platform/FetchHttpClient")).layer
      : (await import("@effect/platform-node/NodeHttpClient")).layerUndici
    const runtime = ManagedRuntime.make(
      OneSignal.layer.pipe(
        Layer.provide(RestApiKey.layer(restApiKey)),
        Layer.provide(OneSignalConfig.layer({ baseUrl: server.url })),
        Layer.provide(httpClientLayer)
      )
    )
    await runtime.runPromise(OneSignal)

    globalThis.gc?.()
    const before = process.memoryUsage()
    let peakHeap = before.heapUsed
    let peakRss = before.rss
    const sample = () => {
      const now = process.memoryUsage()
      if (now.heapUsed > peakHeap) peakHeap = now.heapUsed
      if (now.rss > peakRss) peakRss = now.rss
    }
    const sampler = setInterval(sample, 5)
    const retained = []
    let done = 0
    const afterChunk = () => {
      sample()
      done++
      if (globalThis.gc !== undefined && done % 10 === 0) {
        globalThis.gc()
        retained.push(process.memoryUsage().heapUsed)
      }
    }

    const ids = Stream.range(0, recipients - 1).pipe(Stream.map(subscriptionId))
    const started = performance.now()
    const totals = await runtime.runPromise(
      Batch.sendStream(
        { app_id: appId, contents: { en: "Benchmark: one message to many" } },
        { subscriptionIds: ids },
        { batchKey: `bench-${Date.now()}`, chunkSize, concurrency }
      ).pipe(Stream.tap(() => Effect.sync(afterChunk)), Stream.run(Batch.totals))
    )
    const elapsedMs = performance.now() - started
    clearInterval(sampler)
    sample()
    const maxRss = process.resourceUsage().maxRSS * 1024

    // What the simulator stored: the sum of the messages' recipient counts. A
    // message read back lists its recipients: small pages keep this step light.
    let stored = 0
    let messages = 0
    for (let offset = 0; ; offset += 2) {
      const page = await runtime.runPromise(
        Effect.flatMap(OneSignal, (onesignal) => onesignal.getNotifications(appId, { limit: 2, offset }))
      )
      for (const n of page.notifications ?? []) {
        stored += n.successful ?? 0
        messages++
      }
      if ((page.notifications ?? []).length < 2) break
    }
    const serverPeak = peakRssOf(server.child.pid)
    await runtime.dispose()

    const report = {
      recipients,
      chunkSize,
      concurrency,
      transport,
      node: process.version,
      chunks: totals.chunks,
      sent: totals.sent,
      failed: totals.failed,
      notSent: totals.notSent,
      storedMessages: messages,
      storedRecipients: stored,
      elapsedMs: Math.round(elapsedMs),
      recipientsPerSecond: Math.round(recipients / (elapsedMs / 1000)),
      client: {
        rssBefore: mb(before.rss),
        heapUsedBefore: mb(before.heapUsed),
        peakRssSampled: mb(peakRss),
        peakRss: mb(maxRss),
        peakHeapUsed: mb(peakHeap),
        ...(retained.length > 0
          ? { retainedHeapEvery10Chunks: retained.map(mb), retainedHeapMax: mb(Math.max(...retained)) }
          : {})
      },
      serverPeakRss: serverPeak === undefined ? "unknown" : mb(serverPeak)
    }
    console.log(JSON.stringify(report, null, 2))
    if (totals.sent !== totals.chunks || stored !== recipients) {
      console.error("MISMATCH: not every chunk was sent, or the simulator did not store every recipient once")
      process.exitCode = 1
    }
  } finally {
    server.child.stdin.end()
  }
}

;(values.serve ? serve() : main()).catch((error) => {
  console.error(error)
  process.exit(1)
})
