// Memory of a batch send: one message to N subscription ids (1,000,000 by
// default), generated lazily as a Stream, sent with `Batch.sendStream` and
// folded with `Batch.totals`, against the simulator served over loopback HTTP
// in a child process (bench/simulator.mjs: its memory is not the client's). Prints the client's
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
import * as fs from "node:fs"
import { parseArgs } from "node:util"
import { clientLayer, requireBuild, startSimulator } from "./simulator.mjs"

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "1000000" },
    "chunk-size": { type: "string", default: "20000" },
    concurrency: { type: "string", default: "4" },
    transport: { type: "string", default: "undici" }
  }
})
const recipients = Number(values.recipients)
const chunkSize = Number(values["chunk-size"])
const concurrency = Number(values.concurrency)
const transport = values.transport

requireBuild()

const appId = "00000000-0000-4000-8000-000000000001"
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

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
    const [{ Effect, ManagedRuntime, Stream }, { Batch, OneSignal }] = await Promise.all([
      import("effect"),
      import("effect-onesignal")
    ])
    const runtime = ManagedRuntime.make(await clientLayer(server, transport))
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
    const serverPeak = peakRssOf(server.pid)
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
    server.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
