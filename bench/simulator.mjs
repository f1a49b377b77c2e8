// The simulator over loopback HTTP in its own process, for the benchmarks
// that measure a client against it (exports.mjs, batch.mjs, load.mjs): the
// simulator keeps what it is sent and builds the files it serves, so in the
// client's process it would count in the client's memory and CPU.
//
// As a script (the child), `node bench/simulator.mjs [--synthetic-rows N]`:
// serves a fresh simulator on 127.0.0.1, prints one JSON line
// `{ url, appId, key }`, answers each `stats` line on stdin with one JSON
// line (connections it accepted and saw closed, requests received, messages
// stored and their distinct idempotency keys, its peak RSS), and stops when
// its stdin closes, so it never outlives the benchmark, even one that crashed.
//
// As a module (the parent), `startSimulator(options)` starts that child and
// resolves once it listens; `clientLayer` is the `OneSignal` service of the
// built package pointed at it.
import { spawn } from "node:child_process"
import * as dc from "node:diagnostics_channel"
import * as fs from "node:fs"
import * as path from "node:path"
import * as readline from "node:readline"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { rootDir } from "./lib.mjs"

const self = fileURLToPath(import.meta.url)

/** Exits with a message when dist/ has not been built. */
export const requireBuild = () => {
  if (!fs.existsSync(path.join(rootDir, "dist/esm/index.js"))) {
    console.error("dist/ is missing: run `npm run build` first.")
    process.exit(1)
  }
}

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10

const serve = async (syntheticRows) => {
  let opened = 0
  let closed = 0
  dc.subscribe("net.server.socket", ({ socket }) => {
    opened++
    socket.once("close", () => closed++)
  })
  const [{ Effect }, { Simulator, SimulatorServer }] = await Promise.all([
    import("effect"),
    import("effect-onesignal/testing")
  ])
  const options = { exports: { readyAfterPolls: 1, syntheticRows } }
  await Effect.runPromise(
    Effect.gen(function*() {
      const simulator = yield* Simulator.Simulator
      const url = yield* SimulatorServer.serve({ port: 0 })
      const stats = () => {
        const stored = Effect.runSync(simulator.notifications())
        return {
          connectionsOpened: opened,
          connectionsClosed: closed,
          connectionsOpen: opened - closed,
          requests: Effect.runSync(simulator.requests).length,
          stored: stored.length,
          distinctKeysStored: new Set(stored.map((n) => n.fields.idempotency_key)).size,
          peakRssMb: mb(process.resourceUsage().maxRSS * 1024)
        }
      }
      yield* Effect.async((resume) => {
        const lines = readline.createInterface({ input: process.stdin })
        lines.on("line", (line) => {
          if (line.trim() === "stats") process.stdout.write(`${JSON.stringify(stats())}\n`)
        })
        lines.once("close", () => resume(Effect.void))
        const server = { url, appId: Simulator.defaultAppId, key: Simulator.defaultRestApiKey }
        process.stdout.write(`${JSON.stringify(server)}\n`)
      })
    }).pipe(Effect.scoped, Effect.provide(Simulator.layerSimulator(options)))
  )
}

/**
 * Starts the simulator in its own process; resolves once it listens with
 * `{ url, appId, key, pid, stats(), stop() }`.
 */
export const startSimulator = ({ syntheticRows = 0 } = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, "--synthetic-rows", String(syntheticRows)], {
      stdio: ["pipe", "pipe", "inherit"]
    })
    const lines = readline.createInterface({ input: child.stdout })
    const waiting = []
    lines.on("line", (line) => waiting.shift()?.(line))
    waiting.push((line) =>
      resolve({
        ...JSON.parse(line),
        pid: child.pid,
        stats: () =>
          new Promise((done) => {
            waiting.push((answer) => done(JSON.parse(answer)))
            child.stdin.write("stats\n")
          }),
        stop: () => child.stdin.end()
      })
    )
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`the simulator exited early with code ${code}`)))
  })

/** The `OneSignal` service of the built package, over undici or fetch, pointed at `server`. */
export const clientLayer = async (server, transport = "undici") => {
  if (transport !== "undici" && transport !== "fetch") {
    console.error(`--transport must be undici or fetch, not ${transport}`)
    process.exit(2)
  }
  const [{ Layer }, { OneSignal, OneSignalConfig, RestApiKey }] = await Promise.all([
    import("effect"),
    import("effect-onesignal")
  ])
  const httpClientLayer = transport === "fetch"
    ? (await import("@effect/platform/FetchHttpClient")).layer
    : (await import("@effect/platform-node/NodeHttpClient")).layerUndici
  return OneSignal.layer.pipe(
    Layer.provide(RestApiKey.layer(server.key)),
    Layer.provide(OneSignalConfig.layer({ baseUrl: server.url })),
    Layer.provide(httpClientLayer)
  )
}

if (process.argv[1] === self) {
  const { values } = parseArgs({ options: { "synthetic-rows": { type: "string", default: "0" } } })
  serve(Number(values["synthetic-rows"])).then(
    () => process.exit(0),
    (error) => {
      console.error(error)
      process.exit(1)
    }
  )
}
