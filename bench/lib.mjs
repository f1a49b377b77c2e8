// Parent-side helpers of the runner and the profiler: start the stub, run one
// client measurement in a child process.
import { spawn } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

export const benchDir = path.dirname(fileURLToPath(import.meta.url))
export const rootDir = path.dirname(benchDir)
export const outDir = path.join(benchDir, ".out")

/** Starts `bench/stub.mjs` in its own process; resolves once it listens. */
export const startStub = () =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(benchDir, "stub.mjs")], {
      stdio: ["pipe", "pipe", "inherit"]
    })
    let buffer = ""
    const onData = (chunk) => {
      buffer += chunk
      const newline = buffer.indexOf("\n")
      if (newline === -1) return
      child.stdout.off("data", onData)
      const { port, getBodyBytes } = JSON.parse(buffer.slice(0, newline))
      const baseUrl = `http://127.0.0.1:${port}`
      resolve({
        baseUrl,
        getBodyBytes,
        pid: child.pid,
        stats: async () => (await fetch(`${baseUrl}/__stats`)).json(),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once("exit", () => done())
            child.stdin.end()
            child.kill("SIGTERM")
          })
      })
    }
    child.stdout.setEncoding("utf8")
    child.stdout.on("data", onData)
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`stub exited early with code ${code}`)))
  })

/**
 * Runs `bench/client.mjs` once in a fresh process and resolves with its JSON
 * report. `nodeArgs` go before the script (e.g. `--cpu-prof`).
 */
export const runClient = (name, options, nodeArgs = [], timeoutMs = 120_000) =>
  new Promise((resolve, reject) => {
    const args = [
      ...nodeArgs,
      path.join(benchDir, "client.mjs"),
      name,
      "--base-url",
      options.baseUrl,
      "--concurrency",
      String(options.concurrency),
      "--warmup-ms",
      String(options.warmupMs),
      "--warmup-iterations",
      String(options.warmupIterations),
      "--duration-ms",
      String(options.durationMs)
    ]
    const child = spawn(process.execPath, args, { cwd: rootDir, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (c) => (stdout += c))
    child.stderr.setEncoding("utf8").on("data", (c) => (stderr += c))
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.once("error", reject)
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      const line = stdout.trim().split("\n").pop()
      if (code !== 0 || !line) {
        reject(new Error(`${name} c=${options.concurrency} exited with ${code ?? signal}: ${stderr.trim()}`))
        return
      }
      resolve(JSON.parse(line))
    })
  })
