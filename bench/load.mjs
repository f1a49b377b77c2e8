// Sustained load: N `createNotification` calls (10,000 by default), at most C
// in flight (256), each with its own idempotency key, through the `OneSignal`
// service of the built package against the simulator served over loopback
// HTTP. Checks that every call completed and that the simulator stored each
// message once, and prints: failures by tag, duration, calls/s, latency
// percentiles, the client's RSS and heap sampled over the run (flat memory),
// sockets still open at the end (client handles and server connections), and
// fibers still running when the load returns (none may be).
//
//   npm run build && node bench/load.mjs [--calls 10000] [--concurrency 256]
//        [--transport undici|fetch]
//
// With `node --expose-gc`, every memory sample is taken after a full
// collection: the heap then shows what the client retains, not garbage V8
// has not collected yet.
//
// The simulator server runs in a child process (bench/simulator.mjs), so the figures are the
// client's alone: the simulator keeps every message and every request it
// received (its memory grows with N by design), and its CPU would otherwise
// share the client's event loop. Uses dist/ (git-ignored). Not part of
// `npm test` or `npm run bench`.
import * as dc from "node:diagnostics_channel"
import { parseArgs } from "node:util"
import { clientLayer, requireBuild, startSimulator } from "./simulator.mjs"

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "256" },
    transport: { type: "string", default: "undici" }
  }
})
const calls = Number(values.calls)
const concurrency = Number(values.concurrency)
const transport = values.transport
requireBuild()

const appId = "00000000-0000-4000-8000-000000000001"
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10

/**
 * Sockets this process opened and closed, whoever opened them (undici's pool,
 * Node's fetch). Idle keep-alive sockets are unref'ed, which hides them from
 * `process.getActiveResourcesInfo()`; this count sees them.
 */
const clientSockets = { opened: 0, closed: 0 }
const countClientSockets = () =>
  dc.subscribe("net.client.socket", ({ socket }) => {
    clientSockets.opened++
    socket.once("close", () => clientSockets.closed++)
  })
const openClientSockets = () => clientSockets.opened - clientSockets.closed

/** What keeps this process alive, by kind (`TCPSocketWrap` is a socket, `Timeout` a timer). */
const activeResources = () => {
  const counts = {}
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1
  return counts
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

const main = async () => {
  countClientSockets()
  const server = await startSimulator()
  try {
    const [{ Effect, Either, Fiber, ManagedRuntime, Supervisor }, { OneSignal }] = await Promise.all([
      import("effect"),
      import("effect-onesignal")
    ])
    const runtime = ManagedRuntime.make(await clientLayer(server, transport))
    await runtime.runPromise(OneSignal)

    /**
     * Sees every fiber forked while the load runs, however deep (the
     * supervisor is inherited by children, daemons included): how many
     * started and ended, and which are still alive.
     */
    class Census extends Supervisor.AbstractSupervisor {
      started = 0
      ended = 0
      live = new Set()
      get value() {
        return Effect.sync(() => Array.from(this.live))
      }
      onStart(_context, _effect, _parent, fiber) {
        this.started++
        this.live.add(fiber)
      }
      onEnd(_exit, fiber) {
        this.ended++
        this.live.delete(fiber)
      }
    }
    const census = new Census()

    const latencies = new Float64Array(calls)
    const failures = {}
    const samples = []
    let done = 0
    let succeeded = 0
    let replayed = 0
    let peakHeap = 0
    let peakRss = 0
    const started = performance.now()
    const peaks = () => {
      const now = process.memoryUsage()
      if (now.heapUsed > peakHeap) peakHeap = now.heapUsed
      if (now.rss > peakRss) peakRss = now.rss
      return now
    }
    const sample = () => {
      globalThis.gc?.()
      const now = peaks()
      samples.push({
        calls: done,
        ms: Math.round(performance.now() - started),
        rssMb: mb(now.rss),
        heapUsedMb: mb(now.heapUsed)
      })
    }
    globalThis.gc?.()
    const before = process.memoryUsage()
    sample()
    const sampler = setInterval(peaks, 10)
    const every = Math.max(1, Math.floor(calls / 10))

    const call = (onesignal, i) =>
      Effect.suspend(() => {
        const t0 = performance.now()
        return onesignal.createNotification({
          app_id: appId,
          included_segments: ["Subscribed Users"],
          contents: { en: `Load ${i}` }
        }, { idempotencyKey: `load-${i}` }).pipe(
          Effect.either,
          Effect.map((outcome) => {
            latencies[i] = performance.now() - t0
            if (Either.isRight(outcome)) {
              succeeded++
              if (outcome.right.wasReplayed) replayed++
            } else {
              failures[outcome.left._tag] = (failures[outcome.left._tag] ?? 0) + 1
            }
            if (++done % every === 0) sample()
          })
        )
      })

    // The load runs in a fiber forked into a scope, supervised by the census.
    // Once that fiber is done, every fiber it started (the workers of
    // `forEach`, each call's daemon attempt fiber) must be done too: checked
    // before the scope closes, so that no interruption hides one that
    // outlived its call.
    const { fibersAfterLoad, liveAfterLoad } = await runtime.runPromise(
      Effect.gen(function*() {
        const onesignal = yield* OneSignal
        const load = Effect.forEach(
          Array.from({ length: calls }, (_, i) => i),
          (i) => call(onesignal, i),
          { concurrency, discard: true }
        )
        const fiber = yield* Effect.forkScoped(Effect.supervised(load, census))
        yield* Fiber.await(fiber)
        const live = yield* census.value
        // A leaked fiber could keep this process alive: report it, then stop it.
        yield* Fiber.interruptAll(live)
        return {
          fibersAfterLoad: { started: census.started, ended: census.ended, live: live.length },
          liveAfterLoad: live
        }
      }).pipe(Effect.scoped)
    )
    const elapsedMs = performance.now() - started
    clearInterval(sampler)
    if (samples[samples.length - 1].calls !== done) sample()
    const maxRss = process.resourceUsage().maxRSS * 1024

    const resourcesAfterLoad = activeResources()
    const clientSocketsAfterLoad = openClientSockets()
    const serverAfterLoad = await server.stats()
    const disposed = performance.now()
    await runtime.dispose()
    // Disposing closes undici's own pool at once. `fetch` uses Node's global
    // pool, which outlives the runtime: its idle keep-alive sockets close when
    // their keep-alive timeout expires (4 s against Node's 5 s server hint).
    // Either way, wait until both sides count no open socket, up to 10 s.
    let serverAfterDispose = await server.stats()
    while (
      (openClientSockets() > 0 || serverAfterDispose.connectionsOpen > 0) && performance.now() - disposed < 10_000
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      serverAfterDispose = await server.stats()
    }
    const socketsClosedAfterMs = Math.round(performance.now() - disposed)
    const resourcesAfterDispose = activeResources()

    const sorted = Array.from(latencies).sort((a, b) => a - b)
    const round = (x) => Math.round(x * 10) / 10
    const report = {
      command: `node bench/load.mjs --calls ${calls} --concurrency ${concurrency} --transport ${transport}`,
      node: process.version,
      gcBeforeSamples: globalThis.gc !== undefined,
      calls,
      concurrency,
      transport,
      completed: done,
      succeeded,
      failures,
      replayed,
      elapsedMs: Math.round(elapsedMs),
      callsPerSecond: Math.round(calls / (elapsedMs / 1000)),
      latencyMs: {
        p50: round(percentile(sorted, 50)),
        p90: round(percentile(sorted, 90)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted[sorted.length - 1])
      },
      client: {
        rssBeforeMb: mb(before.rss),
        heapUsedBeforeMb: mb(before.heapUsed),
        peakRssMb: mb(maxRss),
        peakRssSampledMb: mb(peakRss),
        peakHeapUsedMb: mb(peakHeap),
        samples,
        socketsOpened: clientSockets.opened,
        socketsOpenAfterLoad: clientSocketsAfterLoad,
        socketsOpenAfterDispose: openClientSockets(),
        allSocketsClosedWithinMsOfDispose: socketsClosedAfterMs,
        activeResourcesAfterLoad: resourcesAfterLoad,
        activeResourcesAfterDispose: resourcesAfterDispose
      },
      fibersAfterLoad,
      server: {
        requests: serverAfterLoad.requests,
        stored: serverAfterLoad.stored,
        distinctKeysStored: serverAfterLoad.distinctKeysStored,
        connectionsOpened: serverAfterDispose.connectionsOpened,
        connectionsOpenAfterLoad: serverAfterLoad.connectionsOpen,
        connectionsOpenAfterDispose: serverAfterDispose.connectionsOpen,
        peakRssMb: serverAfterDispose.peakRssMb
      }
    }
    console.log(JSON.stringify(report, null, 2))

    const problems = []
    if (done !== calls) problems.push(`${calls - done} calls did not complete`)
    if (succeeded !== calls) problems.push(`${calls - succeeded} calls failed`)
    if (serverAfterLoad.stored !== calls || serverAfterLoad.distinctKeysStored !== calls) {
      problems.push(`the simulator stored ${serverAfterLoad.stored} messages for ${serverAfterLoad.distinctKeysStored} keys`)
    }
    if (liveAfterLoad.length > 0) {
      problems.push(`${liveAfterLoad.length} fibers still running after the load: ${liveAfterLoad.map((f) => f.id().id).join(", ")}`)
    }
    if (openClientSockets() > 0 || (resourcesAfterDispose.TCPSocketWrap ?? 0) > 0) {
      problems.push("client sockets still open 10 s after dispose")
    }
    if (serverAfterDispose.connectionsOpen > 0) problems.push("server connections still open 10 s after dispose")
    if (problems.length > 0) {
      console.error(`PROBLEMS: ${problems.join("; ")}`)
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
