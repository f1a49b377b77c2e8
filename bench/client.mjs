// One measurement of one client, in its own process, so that the CPU time and
// the peak RSS reported are this client's (the stub runs in another process).
//
//   node bench/client.mjs <client> --base-url URL [--concurrency 64]
//        [--warmup-ms 1000] [--warmup-iterations 200] [--duration-ms 3000]
//
// One iteration = create a notification, then get it by the id the create
// returned. `concurrency` workers each loop over iterations until the time is
// up (an iteration in flight at the deadline is finished and counted). A
// warm-up phase runs first and is not measured. Prints one JSON line.
import { appId, clientNames, makeNotification, notificationId, restApiKey } from "./shared.mjs"

const parseArgs = (argv) => {
  const [name, ...rest] = argv
  const options = { name, concurrency: 1, warmupMs: 1000, warmupIterations: 200, durationMs: 3000, baseUrl: undefined }
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i].replace(/^--/, "").replace(/-([a-z])/g, (_, c) => c.toUpperCase())
    const value = rest[i + 1]
    options[key] = key === "baseUrl" ? value : Number(value)
  }
  if (!clientNames.includes(options.name)) throw new Error(`unknown client ${options.name}; one of ${clientNames}`)
  if (!options.baseUrl) throw new Error("--base-url is required")
  return options
}

const describe = (error) =>
  error instanceof Error ? `${error.name}: ${error.message}${error.cause ? ` (cause: ${describe(error.cause)})` : ""}` : String(error)

class IterationError extends Error {}

// -----------------------------------------------------------------------------
// Promise-based clients: each gives an `iteration()` that rejects on failure.
// -----------------------------------------------------------------------------

const promiseRunner = (iteration, close) => ({
  phase: async (concurrency, durationMs, minIterations) => {
    const counters = { ok: 0, failed: 0, firstError: undefined }
    const deadline = performance.now() + durationMs
    const worker = async () => {
      while (performance.now() < deadline || counters.ok + counters.failed < minIterations) {
        try {
          await iteration()
          counters.ok++
        } catch (error) {
          counters.failed++
          counters.firstError ??= describe(error)
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    return counters
  },
  close
})

const rawFetch = async ({ baseUrl }) => {
  const headers = { authorization: `Key ${restApiKey}`, accept: "application/json", "content-type": "application/json" }
  const getHeaders = { authorization: `Key ${restApiKey}`, accept: "application/json" }
  const iteration = async () => {
    const created = await fetch(`${baseUrl}/notifications`, {
      method: "POST",
      headers,
      body: JSON.stringify(makeNotification())
    })
    if (created.status !== 200) {
      await created.arrayBuffer()
      throw new IterationError(`create: HTTP ${created.status}`)
    }
    const { id } = JSON.parse(await created.text())
    const got = await fetch(`${baseUrl}/notifications/${encodeURIComponent(id)}?app_id=${appId}`, { headers: getHeaders })
    if (got.status !== 200) {
      await got.arrayBuffer()
      throw new IterationError(`get: HTTP ${got.status}`)
    }
    const notification = JSON.parse(await got.text())
    if (notification.id !== notificationId) throw new IterationError("get: unexpected id")
  }
  return promiseRunner(iteration, async () => {})
}

const rawUndici = async ({ baseUrl, concurrency }) => {
  const { Agent, request } = await import("undici")
  const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 60_000 })
  const headers = { authorization: `Key ${restApiKey}`, accept: "application/json", "content-type": "application/json" }
  const getHeaders = { authorization: `Key ${restApiKey}`, accept: "application/json" }
  const iteration = async () => {
    const created = await request(`${baseUrl}/notifications`, {
      method: "POST",
      headers,
      body: JSON.stringify(makeNotification()),
      dispatcher
    })
    if (created.statusCode !== 200) {
      await created.body.dump()
      throw new IterationError(`create: HTTP ${created.statusCode}`)
    }
    const { id } = await created.body.json()
    const got = await request(`${baseUrl}/notifications/${encodeURIComponent(id)}?app_id=${appId}`, {
      method: "GET",
      headers: getHeaders,
      dispatcher
    })
    if (got.statusCode !== 200) {
      await got.body.dump()
      throw new IterationError(`get: HTTP ${got.statusCode}`)
    }
    const notification = await got.body.json()
    if (notification.id !== notificationId) throw new IterationError("get: unexpected id")
  }
  return promiseRunner(iteration, () => dispatcher.close())
}

const official = async ({ baseUrl }) => {
  const { default: sdk } = await import("@onesignal/node-onesignal")
  const configuration = sdk.createConfiguration({
    restApiKey,
    baseServer: new sdk.ServerConfiguration(baseUrl, {})
  })
  const api = new sdk.DefaultApi(configuration)
  const iteration = async () => {
    const notification = Object.assign(new sdk.Notification(), makeNotification())
    const created = await api.createNotification(notification)
    if (typeof created.id !== "string" || created.id.length === 0) {
      throw new IterationError(`create: no id (${JSON.stringify(created.errors)})`)
    }
    const got = await api.getNotification(appId, created.id)
    if (got.id !== notificationId) throw new IterationError("get: unexpected id")
  }
  return promiseRunner(iteration, async () => {})
}

// -----------------------------------------------------------------------------
// Ours: the loop runs inside Effect (the way an Effect program calls the
// service), on a ManagedRuntime built from the layers.
// -----------------------------------------------------------------------------

/** Runs `iteration` in `concurrency` fibers on a ManagedRuntime until the time is up. */
const effectRunner = (runtime, iteration, { Cause, Effect, Exit }) => {
  const phase = (concurrency, durationMs, minIterations) =>
    Effect.suspend(() => {
      const counters = { ok: 0, failed: 0, firstError: undefined }
      const deadline = performance.now() + durationMs
      const worker = Effect.gen(function*() {
        while (performance.now() < deadline || counters.ok + counters.failed < minIterations) {
          const exit = yield* Effect.exit(iteration)
          if (Exit.isSuccess(exit)) {
            counters.ok++
          } else {
            counters.failed++
            counters.firstError ??= Cause.pretty(exit.cause).split("\n").slice(0, 3).join(" | ")
          }
        }
      })
      return Effect.as(
        Effect.all(Array.from({ length: concurrency }, () => worker), { concurrency: "unbounded", discard: true }),
        counters
      )
    })

  return {
    phase: (concurrency, durationMs, minIterations) => runtime.runPromise(phase(concurrency, durationMs, minIterations)),
    close: () => runtime.dispose()
  }
}
const ours = (transport) => async ({ baseUrl }) => {
  const [{ Cause, Effect, Exit, Layer, ManagedRuntime }, { OneSignal, OneSignalConfig, RestApiKey }] = await Promise.all([
    import("effect"),
    import("effect-onesignal")
  ])
  const httpClientLayer = transport === "undici"
    ? (await import("@effect/platform-node/NodeHttpClient")).layerUndici
    : (await import("@effect/platform/FetchHttpClient")).layer
  const layer = OneSignal.layer.pipe(
    Layer.provide(RestApiKey.layer(restApiKey)),
    Layer.provide(OneSignalConfig.layer({ baseUrl })),
    Layer.provide(httpClientLayer)
  )
  const runtime = ManagedRuntime.make(layer)
  const onesignal = await runtime.runPromise(OneSignal)

  const iteration = Effect.gen(function*() {
    const created = yield* onesignal.createNotification(makeNotification())
    if (created._tag !== "Sent") return yield* Effect.fail(new IterationError(`create: ${created.reasons}`))
    const got = yield* onesignal.getNotification(appId, created.id)
    if (got.id !== notificationId) return yield* Effect.fail(new IterationError("get: unexpected id"))
  })

  return effectRunner(runtime, iteration, { Cause, Effect, Exit })
}

// -----------------------------------------------------------------------------
// The floor of any client built on @effect/platform: its HttpClient over undici,
// with JSON in and out by hand (no schemas, no retry, no span, no errors).
// -----------------------------------------------------------------------------

const platformUndici = async ({ baseUrl }) => {
  const [{ Cause, Effect, Exit, ManagedRuntime }, HttpClient, HttpClientRequest, { layerUndici }] = await Promise.all([
    import("effect"),
    import("@effect/platform/HttpClient"),
    import("@effect/platform/HttpClientRequest"),
    import("@effect/platform-node/NodeHttpClient")
  ])
  const runtime = ManagedRuntime.make(layerUndici)
  const client = await runtime.runPromise(HttpClient.HttpClient)
  const body = JSON.stringify(makeNotification())
  const iteration = Effect.gen(function*() {
    const created = yield* client.execute(
      HttpClientRequest.post(`${baseUrl}/notifications`).pipe(
        HttpClientRequest.setHeader("authorization", `Key ${restApiKey}`),
        HttpClientRequest.bodyText(body, "application/json")
      )
    ).pipe(Effect.flatMap((response) => response.json))
    const got = yield* client.execute(
      HttpClientRequest.get(`${baseUrl}/notifications/${created.id}`).pipe(
        HttpClientRequest.setHeader("authorization", `Key ${restApiKey}`),
        HttpClientRequest.setUrlParam("app_id", appId)
      )
    ).pipe(Effect.flatMap((response) => response.json))
    if (got.id !== notificationId) return yield* Effect.fail(new IterationError("get: unexpected id"))
  })
  return effectRunner(runtime, iteration, { Cause, Effect, Exit })
}

const factories = {
  "ours-undici": ours("undici"),
  "ours-fetch": ours("fetch"),
  official,
  "raw-fetch": rawFetch,
  "raw-undici": rawUndici,
  "platform-undici": platformUndici
}

// -----------------------------------------------------------------------------

const main = async () => {
  const options = parseArgs(process.argv.slice(2))
  const { concurrency, warmupMs, warmupIterations, durationMs } = options
  const client = await factories[options.name](options)

  const warmupStart = performance.now()
  const warmup = await client.phase(concurrency, warmupMs, warmupIterations)
  const warmupElapsed = performance.now() - warmupStart

  const cpuBefore = process.cpuUsage()
  const windowStart = process.hrtime.bigint()
  const start = performance.now()
  const measured = await client.phase(concurrency, durationMs, 0)
  const elapsedMs = performance.now() - start
  const windowEnd = process.hrtime.bigint()
  const cpu = process.cpuUsage(cpuBefore)
  const maxRssKiB = process.resourceUsage().maxRSS

  const requests = measured.ok * 2
  const result = {
    client: options.name,
    concurrency,
    warmup: { iterations: warmup.ok, failed: warmup.failed, elapsedMs: warmupElapsed },
    iterations: measured.ok,
    failed: measured.failed,
    requests,
    elapsedMs,
    reqPerSec: requests / (elapsedMs / 1000),
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    // Per successful request: a client that fails requests does not get cheaper.
    cpuUsPerRequest: requests > 0 ? (cpu.user + cpu.system) / requests : null,
    maxRssMiB: maxRssKiB / 1024,
    firstError: measured.firstError ?? warmup.firstError,
    // The measured phase on the monotonic clock, in µs (what a .cpuprofile's timestamps use).
    window: { startUs: Number(windowStart / 1000n), endUs: Number(windowEnd / 1000n) }
  }
  await client.close()
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0))
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`)
  process.exit(1)
})
