// `npm run bench`: builds the package, then measures bundle size, cold start and
// throughput / CPU / peak RSS of our client against the official SDK and raw
// fetch / undici floors, and writes bench/results.json and the results block of
// bench/README.md.
//
//   node bench/run.mjs [--no-build] [--rounds 5] [--duration-ms 3000]
//                      [--warmup-ms 1000] [--warmup-iterations 200] [--cold-runs 20]
//                      [--only bundle,coldstart,throughput]   (a partial run writes bench/.out/results.partial.json)
//                      [--render-only]                        (re-render README.md from results.json)
import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as zlib from "node:zlib"
import { benchDir, outDir, rootDir, runClient, startStub } from "./lib.mjs"
import { clientNames, median } from "./shared.mjs"

// -----------------------------------------------------------------------------
// Options
// -----------------------------------------------------------------------------

const parseArgs = (argv) => {
  const options = {
    build: true,
    rounds: 5,
    durationMs: 3000,
    warmupMs: 1000,
    warmupIterations: 200,
    coldRuns: 20,
    concurrencies: [1, 64],
    only: ["bundle", "coldstart", "throughput"],
    renderOnly: false
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--no-build") options.build = false
    else if (arg === "--render-only") options.renderOnly = true
    else if (arg === "--only") options.only = argv[++i].split(",")
    else if (arg === "--concurrencies") options.concurrencies = argv[++i].split(",").map(Number)
    else if (arg.startsWith("--")) {
      const key = arg.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())
      if (!(key in options)) throw new Error(`unknown option ${arg}`)
      options[key] = Number(argv[++i])
    } else throw new Error(`unexpected argument ${arg}`)
  }
  return options
}

const log = (...args) => console.log(...args)

// -----------------------------------------------------------------------------
// Statistics
// -----------------------------------------------------------------------------

const summarize = (values) => {
  const xs = values.filter((x) => typeof x === "number" && Number.isFinite(x))
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length }
}

/** Median over rounds of (a's r-th value / b's r-th value). */
const pairwiseRatio = (as, bs) => {
  const ratios = []
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (Number.isFinite(as[i]) && Number.isFinite(bs[i]) && bs[i] !== 0) ratios.push(as[i] / bs[i])
  }
  return ratios.length === 0 ? null : { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) }
}

const rotate = (xs, by) => xs.map((_, i) => xs[(i + by) % xs.length])

// -----------------------------------------------------------------------------
// Environment
// -----------------------------------------------------------------------------

const versionOf = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(rootDir, "node_modules", name, "package.json"), "utf8")).version
  } catch {
    return "not installed"
  }
}

const environment = () => ({
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  totalMemoryGiB: os.totalmem() / 2 ** 30,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
  loadAverageAtStart: os.loadavg(),
  node: process.version,
  nodeBundledUndici: process.versions.undici,
  versions: {
    "effect-onesignal": JSON.parse(fs.readFileSync(path.join(rootDir, "package.json"), "utf8")).version,
    effect: versionOf("effect"),
    "@effect/platform": versionOf("@effect/platform"),
    "@effect/platform-node": versionOf("@effect/platform-node"),
    "@onesignal/node-onesignal": versionOf("@onesignal/node-onesignal"),
    undici: versionOf("undici"),
    esbuild: versionOf("esbuild")
  },
  date: new Date().toISOString()
})

// -----------------------------------------------------------------------------
// Bundle size
// -----------------------------------------------------------------------------

const bundleTargets = [
  {
    name: "ours-one-send",
    label: "ours: one send, standalone `createNotification`",
    entry: "bundle/one-send.mjs",
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"]
  },
  {
    name: "ours-service",
    label: "ours: one send through the `OneSignal` service",
    entry: "bundle/service.mjs",
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"]
  },
  {
    name: "official",
    label: "official SDK: one send (cjs, node)",
    entry: "bundle/official.mjs",
    format: "cjs",
    platform: "node"
  }
]

// esbuild does not resolve a package's import of its own name; Node does (through
// package.json "exports"). This plugin resolves "effect-onesignal" the way Node does,
// so the bundle holds the published build, dist/, as an installed copy would.
const selfReference = {
  name: "self-reference",
  setup(build) {
    build.onResolve({ filter: /^effect-onesignal(\/.*)?$/ }, (args) => ({
      path: fileURLToPath(import.meta.resolve(args.path))
    }))
  }
}

const esbuild = async (entry, outfile, options) => {
  const { build } = await import("esbuild")
  const result = await build({
    entryPoints: [path.join(benchDir, entry)],
    outfile,
    bundle: true,
    minify: true,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: rootDir,
    // Not the repo's tsconfig.json: its `paths` map "effect-onesignal" to src/*.ts, and
    // what is measured is the published build (dist/, through package.json exports).
    tsconfigRaw: {},
    plugins: [selfReference],
    ...options
  })
  return result.metafile
}

const largestInputs = (metafile, count) => {
  const output = Object.values(metafile.outputs)[0]
  return Object.entries(output.inputs)
    .map(([file, { bytesInOutput }]) => ({ file: file.replace(/^node_modules\//, ""), bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count)
}

const bytesByPackage = (metafile) => {
  const output = Object.values(metafile.outputs)[0]
  const packages = {}
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
    const name = match ? match[1] : file.startsWith("dist/") ? "effect-onesignal (dist/)" : file
    packages[name] = (packages[name] ?? 0) + bytesInOutput
  }
  return Object.entries(packages).map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes)
}

const measureBundles = async () => {
  const results = []
  for (const target of bundleTargets) {
    const outfile = path.join(outDir, `bundle-${target.name}.js`)
    const { name, label, entry, ...options } = target
    try {
      const metafile = await esbuild(entry, outfile, options)
      fs.writeFileSync(path.join(outDir, `bundle-${name}.meta.json`), JSON.stringify(metafile, null, 1))
      const code = fs.readFileSync(outfile)
      const gzip = zlib.gzipSync(code, { level: 9 }).length
      const result = {
        name,
        label,
        minifiedBytes: code.length,
        gzipBytes: gzip,
        largestInputs: largestInputs(metafile, 10),
        packages: bytesByPackage(metafile)
      }
      results.push(result)
      log(`  bundle ${name}: ${code.length} B minified, ${gzip} B gzip`)
    } catch (error) {
      const message = error.errors?.map((e) => e.text).join("; ") ?? String(error)
      results.push({ name, label, error: message })
      log(`  bundle ${name}: FAILED ${message}`)
    }
  }
  for (const result of results.filter((r) => r.name.startsWith("ours") && r.largestInputs)) {
    log(`  10 largest inputs of ${result.name} (bytes in the minified output):`)
    for (const { file, bytes } of result.largestInputs) log(`    ${String(bytes).padStart(7)}  ${file}`)
  }
  return results
}

// -----------------------------------------------------------------------------
// Cold start
// -----------------------------------------------------------------------------

const coldStartPrograms = async () => {
  const programs = [
    { name: "bare", label: "bare `node` (empty script)", file: path.join(benchDir, "coldstart/bare.mjs"), bundled: false },
    { name: "official", label: "official SDK", file: path.join(benchDir, "coldstart/official.mjs"), bundled: false },
    { name: "ours", label: "ours (OneSignal layer, fetch)", file: path.join(benchDir, "coldstart/ours.mjs"), bundled: false }
  ]
  for (const name of ["official", "ours"]) {
    const outfile = path.join(outDir, `coldstart-${name}.cjs`)
    try {
      await esbuild(`coldstart/${name}.mjs`, outfile, { format: "cjs", platform: "node" })
      programs.push({ name: `${name}-bundled`, label: `${programs.find((p) => p.name === name).label}, bundled`, file: outfile, bundled: true })
    } catch (error) {
      log(`  cold start: bundling ${name} FAILED ${error.message}`)
    }
  }
  return programs
}

const timeRun = (file) => {
  const start = performance.now()
  const result = spawnSync(process.execPath, [file], { cwd: rootDir, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" })
  const ms = performance.now() - start
  if (result.status !== 0) throw new Error(`${file} exited with ${result.status ?? result.signal}: ${result.stderr}`)
  return ms
}

const measureColdStart = async (runs) => {
  const programs = await coldStartPrograms()
  // Not measured: fill the page cache and let every program fail early if it is broken.
  for (const program of programs) timeRun(program.file)
  const samples = Object.fromEntries(programs.map((p) => [p.name, []]))
  for (let i = 0; i < runs; i++) {
    for (const program of rotate(programs, i)) samples[program.name].push(timeRun(program.file))
  }
  const bare = samples.bare
  const results = programs.map((program) => {
    const ms = samples[program.name]
    const overBare = ms.map((x, i) => x - bare[i])
    return { name: program.name, label: program.label, bundled: program.bundled, ms: summarize(ms), overBare: summarize(overBare), samples: ms }
  })
  for (const r of results) {
    log(`  cold start ${r.name}: ${r.ms.median.toFixed(1)} ms (over bare ${r.overBare.median.toFixed(1)} ms)`)
  }
  return results
}

// -----------------------------------------------------------------------------
// Throughput, CPU per request, peak RSS
// -----------------------------------------------------------------------------

/** The stub's counters, over a fresh connection (so it never holds a keep-alive socket). */
const stubStats = (baseUrl) =>
  new Promise((resolve, reject) => {
    http.get(`${baseUrl}/__stats`, { agent: false }, (res) => {
      let body = ""
      res.setEncoding("utf8").on("data", (c) => (body += c)).on("end", () => resolve(JSON.parse(body)))
    }).on("error", reject)
  })

const measureThroughput = async (options) => {
  const stub = await startStub()
  log(`  stub on ${stub.baseUrl} (pid ${stub.pid}, GET body ${stub.getBodyBytes} B)`)
  const runs = []
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const concurrency of options.concurrencies) {
        for (const client of rotate(clientNames, round)) {
          const before = await stubStats(stub.baseUrl)
          let result
          try {
            result = await runClient(client, { ...options, baseUrl: stub.baseUrl, concurrency })
          } catch (error) {
            result = { client, concurrency, crashed: String(error.message).slice(0, 500), iterations: 0, failed: 0, requests: 0, reqPerSec: 0 }
          }
          const after = await stubStats(stub.baseUrl)
          const attempted = (result.warmup?.iterations ?? 0) + (result.warmup?.failed ?? 0) + result.iterations + result.failed
          result.round = round + 1
          result.stub = {
            requests: after.requests - before.requests,
            connections: after.connections - before.connections - 1, // minus this stats call's own connection
            requestsPerIteration: attempted > 0 ? (after.requests - before.requests) / attempted : null,
            cpuUsPerRequest: after.requests > before.requests ? (after.cpuUs - before.cpuUs) / (after.requests - before.requests) : null
          }
          // Roughly how busy the stub was in the measured phase (its CPU per request × the client's rate):
          // near 100 % means the stub, not the client, set the pace.
          result.stub.busyPercent = result.stub.cpuUsPerRequest == null ? null : (100 * result.reqPerSec * result.stub.cpuUsPerRequest) / 1e6
          runs.push(result)
          log(
            `  r${round + 1} c=${String(concurrency).padEnd(2)} ${client.padEnd(11)} ` +
              (result.crashed
                ? `CRASHED ${result.crashed}`
                : `${result.reqPerSec.toFixed(0).padStart(6)} req/s  ${result.cpuUsPerRequest?.toFixed(0).padStart(5)} µs CPU/req  ` +
                  `${result.maxRssMiB.toFixed(1).padStart(6)} MiB  failed ${result.failed}  ` +
                  `stub: ${result.stub.requestsPerIteration?.toFixed(2)} req/iter, ${result.stub.connections} conns, ~${result.stub.busyPercent?.toFixed(0)}% busy`) +
              (result.firstError ? `  first error: ${result.firstError}` : "")
          )
        }
      }
    }
  } finally {
    await stub.stop()
  }
  return runs
}

const summarizeThroughput = (runs, concurrencies) => {
  const byClient = (client, concurrency) =>
    runs.filter((r) => r.client === client && r.concurrency === concurrency).sort((a, b) => a.round - b.round)
  const summary = {}
  for (const concurrency of concurrencies) {
    summary[concurrency] = {}
    const series = (client, field) => byClient(client, concurrency).map((r) => r[field] ?? NaN)
    for (const client of clientNames) {
      const rs = byClient(client, concurrency)
      summary[concurrency][client] = {
        rounds: rs.length,
        failedIterations: rs.reduce((n, r) => n + (r.failed ?? 0) + (r.warmup?.failed ?? 0), 0),
        crashedRuns: rs.filter((r) => r.crashed).length,
        firstError: rs.find((r) => r.firstError)?.firstError ?? rs.find((r) => r.crashed)?.crashed,
        reqPerSec: summarize(series(client, "reqPerSec")),
        cpuUsPerRequest: summarize(series(client, "cpuUsPerRequest")),
        maxRssMiB: summarize(series(client, "maxRssMiB")),
        stubRequestsPerIteration: summarize(rs.map((r) => r.stub?.requestsPerIteration ?? NaN)),
        stubConnections: summarize(rs.map((r) => r.stub?.connections ?? NaN)),
        stubBusyPercent: summarize(rs.map((r) => r.stub?.busyPercent ?? NaN)),
        reqPerSecRatio: {
          "raw-fetch": pairwiseRatio(series(client, "reqPerSec"), series("raw-fetch", "reqPerSec")),
          official: pairwiseRatio(series(client, "reqPerSec"), series("official", "reqPerSec")),
          "raw-undici": pairwiseRatio(series(client, "reqPerSec"), series("raw-undici", "reqPerSec"))
        },
        cpuRatioToOfficial: pairwiseRatio(series(client, "cpuUsPerRequest"), series("official", "cpuUsPerRequest")),
        rssRatioToOfficial: pairwiseRatio(series(client, "maxRssMiB"), series("official", "maxRssMiB"))
      }
    }
  }
  return summary
}

// -----------------------------------------------------------------------------
// Targets
// -----------------------------------------------------------------------------

const KB = 1024

const targets = (results) => {
  const rows = []
  const t = results.throughput?.summary?.[64]
  const failureNote = (client) => {
    const s = t?.[client]
    return s && (s.failedIterations > 0 || s.crashedRuns > 0) ? ` (${s.failedIterations} failed iterations, ${s.crashedRuns} crashed runs)` : ""
  }
  const healthy = (client) => t?.[client] && t[client].failedIterations === 0 && t[client].crashedRuns === 0
  const ratioRow = (label, client, versus, field, op, limit) => {
    const ratio = field === "reqPerSec" ? t?.[client]?.reqPerSecRatio?.[versus]?.median : t?.[client]?.rssRatioToOfficial?.median
    if (ratio == null) return rows.push({ label, value: "not measured", ok: false })
    const ok = (op === ">=" ? ratio >= limit : ratio <= limit) && healthy(client) && healthy(versus)
    rows.push({ label, value: `${ratio.toFixed(2)}×${failureNote(client)}${failureNote(versus)}`, ok })
  }
  if (t) {
    ratioRow("c=64 throughput: ours (undici) ≥ 2.0× official", "ours-undici", "official", "reqPerSec", ">=", 2.0)
    ratioRow("c=64 throughput: ours (undici) ≥ 0.5× raw undici", "ours-undici", "raw-undici", "reqPerSec", ">=", 0.5)
    ratioRow("c=64 throughput: ours (fetch) ≥ 1.0× official", "ours-fetch", "official", "reqPerSec", ">=", 1.0)
  }
  const cold = results.coldstart
  if (cold) {
    const over = (name) => cold.find((c) => c.name === name)?.overBare.median
    for (const [suffix, label] of [["", "unbundled"], ["-bundled", "bundled"]]) {
      const ours = over(`ours${suffix}`)
      const official = over(`official${suffix}`)
      if (ours == null || official == null) continue
      rows.push({
        label: `cold start over bare (${label}): ours ≤ 1.5× official`,
        value: `${ours.toFixed(1)} ms vs ${official.toFixed(1)} ms = ${(ours / official).toFixed(2)}×`,
        ok: ours <= 1.5 * official
      })
    }
  }
  const bundles = results.bundles
  if (bundles) {
    for (const [name, limit, label] of [["ours-one-send", 90, "one-send bundle ≤ 90 KB gzip"], ["ours-service", 130, "service bundle ≤ 130 KB gzip"]]) {
      const b = bundles.find((x) => x.name === name)
      if (!b || b.error) rows.push({ label, value: `build failed: ${b?.error ?? "missing"}`, ok: false })
      else rows.push({ label, value: `${(b.gzipBytes / KB).toFixed(1)} KB (${b.gzipBytes.toLocaleString("en-US")} B)`, ok: b.gzipBytes <= limit * KB })
    }
  }
  if (t) {
    ratioRow("c=64 peak RSS: ours (undici) ≤ 1.25× official", "ours-undici", "official", "maxRssMiB", "<=", 1.25)
    ratioRow("c=64 peak RSS: ours (fetch) ≤ 1.25× official", "ours-fetch", "official", "maxRssMiB", "<=", 1.25)
  }
  return rows
}

// -----------------------------------------------------------------------------
// Rendering
// -----------------------------------------------------------------------------

const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "–")
const fixed = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : "–")
const ratio = (r) => (r == null ? "–" : `${r.median.toFixed(2)}×`)
const clientLabels = {
  "ours-undici": "**ours** (undici)",
  "ours-fetch": "**ours** (fetch)",
  official: "official SDK",
  "raw-fetch": "raw `fetch`",
  "raw-undici": "raw `undici.request`",
  "platform-undici": "`@effect/platform` HttpClient over undici, JSON by hand (the floor of this stack)"
}

const table = (header, rows) =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map((h, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`)
  ].join("\n")

const render = (results) => {
  const { environment: env, parameters: p } = results
  const out = []
  out.push(`Machine: ${env.cpu}, ${env.cores} cores, ${fixed(env.totalMemoryGiB, 1)} GiB RAM (${env.platform}); load average at start ${env.loadAverageAtStart.map((x) => x.toFixed(2)).join(" / ")}.`)
  out.push("")
  out.push(
    `Node ${env.node} (its \`fetch\` is undici ${env.nodeBundledUndici}); ` +
      Object.entries(env.versions).map(([k, v]) => `${k} ${v}`).join(", ") + "."
  )
  out.push("")
  out.push(`Run ${env.date}. Parameters: ${p.rounds} interleaved rounds; per measurement a warm-up of ≥ ${p.warmupIterations} iterations and ≥ ${p.warmupMs} ms, then ${p.durationMs} ms measured; cold start ${p.coldRuns} runs per program.`)
  out.push("")

  const rows = results.targetRows
  if (rows?.length) {
    out.push("### Targets")
    out.push("")
    out.push(table(["target", "measured", ""], rows.map((r) => [r.label, r.value, r.ok ? "✅" : "❌"])))
    out.push("")
  }

  const tp = results.throughput?.summary
  if (tp) {
    for (const concurrency of Object.keys(tp)) {
      out.push(`### Throughput, concurrency ${concurrency}`)
      out.push("")
      out.push("Requests per second (2 requests per iteration; successful iterations only); ratios are medians of the round-by-round ratios.")
      out.push("")
      out.push(table(
        ["client", "req/s (median)", "min–max", "failed", "× raw fetch", "× official", "× raw undici"],
        clientNames.map((c) => {
          const s = tp[concurrency][c]
          return [
            clientLabels[c],
            int(s.reqPerSec.median),
            `${int(s.reqPerSec.min)}–${int(s.reqPerSec.max)}`,
            s.failedIterations + (s.crashedRuns ? ` (+${s.crashedRuns} crashed)` : ""),
            ratio(s.reqPerSecRatio["raw-fetch"]),
            ratio(s.reqPerSecRatio.official),
            ratio(s.reqPerSecRatio["raw-undici"])
          ]
        })
      ))
      out.push("")
    }
    const concurrencies = Object.keys(tp)
    out.push("### Client CPU per request")
    out.push("")
    out.push("`process.cpuUsage()` (user + system, all threads of the client process) over the measured phase, divided by the successful requests, in µs.")
    out.push("")
    out.push(table(
      ["client", ...concurrencies.flatMap((c) => [`c=${c} median`, `c=${c} min–max`, `c=${c} × official`])],
      clientNames.map((client) => [
        clientLabels[client],
        ...concurrencies.flatMap((c) => {
          const s = tp[c][client]
          return [int(s.cpuUsPerRequest.median), `${int(s.cpuUsPerRequest.min)}–${int(s.cpuUsPerRequest.max)}`, ratio(s.cpuRatioToOfficial)]
        })
      ])
    ))
    out.push("")
    out.push("### Peak RSS")
    out.push("")
    out.push("`process.resourceUsage().maxRSS` of the client process at the end of the measurement (warm-up included), in MiB.")
    out.push("")
    out.push(table(
      ["client", ...concurrencies.flatMap((c) => [`c=${c} median`, `c=${c} min–max`, `c=${c} × official`])],
      clientNames.map((client) => [
        clientLabels[client],
        ...concurrencies.flatMap((c) => {
          const s = tp[c][client]
          return [fixed(s.maxRssMiB.median), `${fixed(s.maxRssMiB.min)}–${fixed(s.maxRssMiB.max)}`, ratio(s.rssRatioToOfficial)]
        })
      ])
    ))
    out.push("")
    out.push(
      "Sanity checks (medians over the rounds): requests the stub saw per iteration (2.00 = no retries, no extra calls), " +
        "connections each run opened, and roughly how busy the stub was (its CPU per request × the client's rate; " +
        "near 100 % the stub, not the client, sets the pace)."
    )
    out.push("")
    out.push(table(
      ["client", ...concurrencies.flatMap((c) => [`c=${c} stub req/iteration`, `c=${c} connections`, `c=${c} stub busy`])],
      clientNames.map((client) => [
        clientLabels[client],
        ...concurrencies.flatMap((c) => {
          const s = tp[c][client]
          return [fixed(s.stubRequestsPerIteration.median, 2), int(s.stubConnections.median), `${fixed(s.stubBusyPercent.median, 0)} %`]
        })
      ])
    ))
    out.push("")
    const errors = concurrencies.flatMap((c) => clientNames.filter((client) => tp[c][client].firstError).map((client) => `- c=${c} ${client}: ${tp[c][client].firstError}`))
    if (errors.length) {
      out.push("First error of each client that failed:")
      out.push("")
      out.push(...errors)
      out.push("")
    }
  }

  const cold = results.coldstart
  if (cold) {
    out.push("### Cold start")
    out.push("")
    out.push("Wall time of a fresh `node` process, from spawn to exit; over bare = median of the run-by-run differences to the bare run of the same round.")
    out.push("")
    const bare = cold.find((c) => c.name === "bare")
    const find = (name) => cold.find((c) => c.name === name)
    const row = (name, label) => {
      const plain = find(name)
      const bundled = find(`${name}-bundled`)
      return [
        label,
        plain ? `${fixed(plain.ms.median)} (${fixed(plain.ms.min)}–${fixed(plain.ms.max)})` : "–",
        plain && name !== "bare" ? `+${fixed(plain.overBare.median)}` : "–",
        bundled ? `${fixed(bundled.ms.median)} (${fixed(bundled.ms.min)}–${fixed(bundled.ms.max)})` : name === "bare" && bare ? "(same)" : "–",
        bundled ? `+${fixed(bundled.overBare.median)}` : "–"
      ]
    }
    out.push(table(
      ["program", "unbundled ms (min–max)", "over bare ms", "bundled ms (min–max)", "over bare ms"],
      [row("bare", "bare `node`"), row("official", "official SDK: import + `createConfiguration` + `new DefaultApi`"), row("ours", "**ours**: import + build the `OneSignal` layer (fetch)")]
    ))
    out.push("")
  }

  const bundles = results.bundles
  if (bundles) {
    out.push("### Bundle size")
    out.push("")
    out.push("esbuild `--bundle --minify`; ours `--format=esm --platform=neutral --main-fields=module,main`, the official SDK `--format=cjs --platform=node`; gzip -9. 1 KB = 1024 B.")
    out.push("")
    out.push(table(
      ["program", "minified", "gzip"],
      bundles.map((b) =>
        b.error
          ? [b.label, `build failed: ${b.error}`, "–"]
          : [b.label, `${(b.minifiedBytes / KB).toFixed(1)} KB (${b.minifiedBytes.toLocaleString("en-US")} B)`, `${(b.gzipBytes / KB).toFixed(1)} KB (${b.gzipBytes.toLocaleString("en-US")} B)`]
      )
    ))
    out.push("")
    for (const b of bundles.filter((x) => x.name.startsWith("ours") && x.packages)) {
      out.push(`<details><summary>What is in ${b.name} (minified bytes)</summary>`)
      out.push("")
      out.push("By package:")
      out.push("")
      out.push(table(["package", "bytes"], b.packages.slice(0, 8).map((x) => [x.name, int(x.bytes)])))
      out.push("")
      out.push("Largest inputs:")
      out.push("")
      out.push(table(["input", "bytes"], b.largestInputs.map((x) => [`\`${x.file}\``, int(x.bytes)])))
      out.push("")
      out.push("</details>")
      out.push("")
    }
  }
  return out.join("\n")
}

const startMarker = "<!-- results:start -->"
const endMarker = "<!-- results:end -->"

const writeReadme = (block) => {
  const file = path.join(benchDir, "README.md")
  const generated = `${startMarker}\n<!-- Generated by \`npm run bench\` (bench/run.mjs); edits here are overwritten. -->\n\n${block}\n${endMarker}`
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Benchmarks\n\n## Results\n\n${startMarker}\n${endMarker}\n`
  const start = text.indexOf(startMarker)
  const end = text.indexOf(endMarker)
  if (start === -1 || end === -1 || end < start) text = `${text.trimEnd()}\n\n## Results\n\n${generated}\n`
  else text = text.slice(0, start) + generated + text.slice(end + endMarker.length)
  fs.writeFileSync(file, text)
}

// -----------------------------------------------------------------------------

const main = async () => {
  const options = parseArgs(process.argv.slice(2))
  const resultsFile = path.join(benchDir, "results.json")
  if (options.renderOnly) {
    const results = JSON.parse(fs.readFileSync(resultsFile, "utf8"))
    results.targetRows = targets(results)
    writeReadme(render(results))
    log("bench/README.md re-rendered from bench/results.json")
    return
  }
  const started = performance.now()
  if (options.build) {
    log("== npm run build")
    execFileSync("npm", ["run", "build"], { cwd: rootDir, stdio: "inherit" })
  }
  fs.mkdirSync(outDir, { recursive: true })
  const results = {
    environment: environment(),
    parameters: {
      rounds: options.rounds,
      concurrencies: options.concurrencies,
      durationMs: options.durationMs,
      warmupMs: options.warmupMs,
      warmupIterations: options.warmupIterations,
      coldRuns: options.coldRuns
    }
  }
  if (options.only.includes("bundle")) {
    log("== bundle size")
    results.bundles = await measureBundles()
  }
  if (options.only.includes("coldstart")) {
    log(`== cold start (${options.coldRuns} interleaved runs per program)`)
    results.coldstart = await measureColdStart(options.coldRuns)
  }
  if (options.only.includes("throughput")) {
    log(`== throughput (${options.rounds} interleaved rounds, concurrency ${options.concurrencies.join(" and ")})`)
    const runs = await measureThroughput(options)
    results.throughput = { summary: summarizeThroughput(runs, options.concurrencies), runs }
  }
  results.targetRows = targets(results)
  results.totalSeconds = (performance.now() - started) / 1000
  const complete = ["bundle", "coldstart", "throughput"].every((x) => options.only.includes(x))
  if (complete) {
    fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n")
    writeReadme(render(results))
    log(`== wrote bench/results.json and bench/README.md in ${results.totalSeconds.toFixed(0)} s`)
  } else {
    fs.writeFileSync(path.join(outDir, "results.partial.json"), JSON.stringify(results, null, 2) + "\n")
    log(`== partial run: wrote bench/.out/results.partial.json (README and results.json untouched) in ${results.totalSeconds.toFixed(0)} s`)
  }
  log("")
  log(render(results))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
