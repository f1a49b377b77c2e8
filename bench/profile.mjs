// CPU profile of one client run (default: ours-undici at concurrency 64) against
// the loopback stub, with `node --cpu-prof`. Writes the .cpuprofile to bench/.out/
// and prints the top functions by self time within the measured phase (the
// warm-up and module loading are left out), plus self time by package.
//
//   node bench/profile.mjs [client] [--concurrency 64] [--duration-ms 3000]
//                          [--warmup-ms 1000] [--top 15]
//   node bench/profile.mjs --summarize bench/.out/some.cpuprofile [--top 15]
//
// Uses the current build in dist/ (run `npm run build` first after changing src/).
import * as fs from "node:fs"
import * as path from "node:path"
import { outDir, rootDir, runClient, startStub } from "./lib.mjs"
import { clientNames } from "./shared.mjs"

const parseArgs = (argv) => {
  const options = { client: "ours-undici", concurrency: 64, durationMs: 3000, warmupMs: 1000, warmupIterations: 200, top: 15, summarize: undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--summarize") options.summarize = argv[++i]
    else if (arg.startsWith("--")) {
      const key = arg.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())
      if (!(key in options)) throw new Error(`unknown option ${arg}`)
      options[key] = Number(argv[++i])
    } else options.client = arg
  }
  if (!options.summarize && !clientNames.includes(options.client)) {
    throw new Error(`unknown client ${options.client}; one of ${clientNames.join(", ")}`)
  }
  return options
}

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, "")
    .replace(`${rootDir}/node_modules/`, "")
    .replace(`${rootDir}/`, "")

const areaOf = (url, functionName) => {
  if (!url) return functionName.startsWith("(") ? functionName : "(native / V8 builtins)"
  const u = shortUrl(url)
  if (u.startsWith("node:")) return "node internals"
  const pkg = /^((?:@[^/]+\/)?[^/]+)\//.exec(u)
  if (u.startsWith("dist/")) return "effect-onesignal (dist/)"
  if (u.startsWith("bench/")) return "bench harness"
  return pkg ? pkg[1] : u
}

/**
 * Self time per function, from the samples whose timestamps fall in [fromUs, toUs]
 * (all samples when no window is given). A sample is charged the time until the next one.
 */
export const summarize = (profile, window) => {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parents = new Map()
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id)
  // Inclusive time of this package's own functions (dist/): what each of our steps costs, callees included.
  const inclusiveOurs = new Map()
  const byFunction = new Map()
  const byArea = new Map()
  const byFile = new Map()
  let total = 0
  let inWindow = 0
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]
    if (window && (t < window.startUs || t > window.endUs)) continue
    const dt = profile.timeDeltas[i + 1] ?? 0
    const { callFrame } = nodes.get(profile.samples[i])
    const location = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}:${callFrame.columnNumber + 1}` : ""
    const key = `${callFrame.functionName || "(anonymous)"}\u0000${location}`
    byFunction.set(key, (byFunction.get(key) ?? 0) + dt)
    const area = areaOf(callFrame.url, callFrame.functionName)
    byArea.set(area, (byArea.get(area) ?? 0) + dt)
    const file = callFrame.url ? shortUrl(callFrame.url) : callFrame.functionName.startsWith("(") ? callFrame.functionName : "(native / V8 builtins)"
    byFile.set(file, (byFile.get(file) ?? 0) + dt)
    const seen = new Set()
    for (let id = profile.samples[i]; id !== undefined; id = parents.get(id)) {
      const frame = nodes.get(id).callFrame
      if (!frame.url.includes(`${rootDir}/dist/`)) continue
      const k = `${frame.functionName || "(anonymous)"}\u0000${shortUrl(frame.url)}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
      if (seen.has(k)) continue
      seen.add(k)
      inclusiveOurs.set(k, (inclusiveOurs.get(k) ?? 0) + dt)
    }
    total += dt
    inWindow++
  }
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1])
  return {
    totalMs: total / 1000,
    samples: inWindow,
    functions: sorted(byFunction).map(([key, us]) => {
      const [name, location] = key.split("\u0000")
      return { name, location, selfMs: us / 1000, percent: (100 * us) / total }
    }),
    areas: sorted(byArea).map(([area, us]) => ({ area, selfMs: us / 1000, percent: (100 * us) / total })),
    files: sorted(byFile).map(([file, us]) => ({ file, selfMs: us / 1000, percent: (100 * us) / total })),
    inclusiveOurs: sorted(inclusiveOurs).map(([key, us]) => {
      const [name, location] = key.split("\u0000")
      return { name, location, totalMs: us / 1000, percent: (100 * us) / total }
    })
  }
}

const print = (summary, top) => {
  console.log(`${summary.samples} samples, ${summary.totalMs.toFixed(0)} ms`)
  console.log("")
  console.log(`Top ${top} functions by self time:`)
  console.log("")
  console.log("| # | self ms | self % | function | location |")
  console.log("| ---: | ---: | ---: | --- | --- |")
  summary.functions.slice(0, top).forEach((f, i) => {
    console.log(`| ${i + 1} | ${f.selfMs.toFixed(1)} | ${f.percent.toFixed(1)} | \`${f.name}\` | \`${f.location}\` |`)
  })
  console.log("")
  console.log("Self time by package / area:")
  console.log("")
  console.log("| area | self ms | self % |")
  console.log("| --- | ---: | ---: |")
  for (const a of summary.areas.slice(0, 12)) console.log(`| ${a.area} | ${a.selfMs.toFixed(1)} | ${a.percent.toFixed(1)} |`)
  console.log("")
  console.log("Self time by file (top 12):")
  console.log("")
  console.log("| file | self ms | self % |")
  console.log("| --- | ---: | ---: |")
  for (const f of summary.files.slice(0, 12)) console.log(`| \`${f.file}\` | ${f.selfMs.toFixed(1)} | ${f.percent.toFixed(1)} |`)
  console.log("")
  console.log("effect-onesignal's own functions by total time (callees included; nested frames overlap):")
  console.log("")
  console.log("| total ms | total % | function | location |")
  console.log("| ---: | ---: | --- | --- |")
  for (const f of summary.inclusiveOurs.slice(0, 12)) console.log(`| ${f.totalMs.toFixed(1)} | ${f.percent.toFixed(1)} | \`${f.name}\` | \`${f.location}\` |`)
}

const main = async () => {
  const options = parseArgs(process.argv.slice(2))
  if (options.summarize) {
    print(summarize(JSON.parse(fs.readFileSync(options.summarize, "utf8"))), options.top)
    return
  }
  fs.mkdirSync(outDir, { recursive: true })
  const name = `profile-${options.client}-c${options.concurrency}.cpuprofile`
  const file = path.join(outDir, name)
  fs.rmSync(file, { force: true })
  const stub = await startStub()
  let result
  try {
    result = await runClient(options.client, { ...options, baseUrl: stub.baseUrl }, [
      "--cpu-prof",
      `--cpu-prof-dir=${outDir}`,
      `--cpu-prof-name=${name}`
    ])
  } finally {
    await stub.stop()
  }
  console.log(
    `${options.client} c=${options.concurrency}: ${result.reqPerSec.toFixed(0)} req/s, ` +
      `${result.cpuUsPerRequest?.toFixed(0)} µs CPU/request, ${result.maxRssMiB.toFixed(1)} MiB peak RSS, ` +
      `${result.failed} failed (under the profiler: slower than without)`
  )
  console.log(`profile: ${path.relative(rootDir, file)}`)
  const profile = JSON.parse(fs.readFileSync(file, "utf8"))
  let summary = summarize(profile, result.window)
  if (summary.samples === 0) {
    console.log("(no samples in the measured window: clocks differ; summarizing the whole run)")
    summary = summarize(profile)
  } else {
    console.log("(measured phase only: module loading and warm-up left out)")
  }
  fs.writeFileSync(file.replace(/\.cpuprofile$/, ".top.json"), JSON.stringify({ result, summary: { ...summary, functions: summary.functions.slice(0, 100), files: summary.files.slice(0, 100), inclusiveOurs: summary.inclusiveOurs.slice(0, 100) } }, null, 1))
  print(summary, options.top)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
