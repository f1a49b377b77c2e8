/**
 * Interruption and timeouts reach the socket.
 *
 * A call interrupted in flight, or timed out, must abort its HTTP request (the
 * server sees the connection close) and leave no fiber behind; a retrying
 * call times out attempt by attempt, one request each; and a call interrupted
 * during a retry backoff sends nothing more.
 *
 * The socket tests use a `node:http` server on 127.0.0.1 (port 0) that never
 * answers `/notifications/...` and records when each request arrived and
 * when its connection closed. They run on the live clock (real sockets), with
 * waits of tens of milliseconds, over each transport users pick:
 * `FetchHttpClient`, `NodeHttpClient.layerUndici`, and `NodeHttpClient.layer`
 * (`node:http`). The backoff test runs on `TestClock` over the mock transport.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Supervisor from "effect/Supervisor"
import * as TestClock from "effect/TestClock"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { Socket } from "node:net"
import { RestApiKey } from "../src/Credentials.js"
import * as Notifications from "../src/Notifications.js"
import { OneSignal } from "../src/OneSignal.js"
import { OneSignalConfig, type Options } from "../src/OneSignalConfig.js"
import * as RetryPolicy from "../src/RetryPolicy.js"
import * as MockTransport from "../src/testing/MockTransport.js"
import { appId, json, mockLayer, notificationId, secretKey } from "./utils/harness.js"

// -----------------------------------------------------------------------------
// A server that never answers
// -----------------------------------------------------------------------------

interface Seen {
  /** `performance.now()` when the request arrived. */
  readonly arrived: number
  /** When its connection closed, if it has. */
  closed: number | undefined
}

interface HangingServer {
  readonly url: string
  /** The requests to `/notifications/...`, in arrival order. */
  readonly seen: ReadonlyArray<Seen>
}

interface Running {
  readonly server: Server
  readonly sockets: Set<Socket>
  readonly state: HangingServer
}

/**
 * A loopback server that holds every `/notifications/...` request open
 * forever and records it; anything else gets a 404. Closed (its sockets
 * destroyed) with the scope.
 */
const hangingServer: Effect.Effect<HangingServer, never, Scope.Scope> = Effect.acquireRelease(
  Effect.async<Running>(
    (resume) => {
      const seen: Array<Seen> = []
      const sockets = new Set<Socket>()
      const server = createServer((request: IncomingMessage, response: ServerResponse) => {
        if (!request.url?.startsWith("/notifications/")) {
          response.writeHead(404).end()
          return
        }
        const entry: Seen = { arrived: performance.now(), closed: undefined }
        seen.push(entry)
        // The socket closing is what an aborted request looks like from here.
        request.socket.once("close", () => {
          entry.closed = performance.now()
        })
      })
      server.on("connection", (socket) => {
        sockets.add(socket)
        socket.once("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({ server, sockets, state: { url: `http://127.0.0.1:${port}`, seen } }))
      })
    }
  ),
  ({ server, sockets }) =>
    Effect.async<void>((resume) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resume(Effect.void))
    })
).pipe(Effect.map(({ state }) => state))

/** Waits (polling every millisecond on the live clock) until `condition` holds; dies after `within`. */
const until = (condition: () => boolean, within: Duration.DurationInput, what: string): Effect.Effect<void> => {
  const poll: Effect.Effect<void> = Effect.suspend(() =>
    condition() ? Effect.void : Effect.zipRight(Effect.sleep("1 millis"), poll)
  )
  return poll.pipe(
    Effect.timeoutFail({ duration: within, onTimeout: () => new Error(`timed out waiting for ${what}`) }),
    Effect.orDie
  )
}

/** Records every fiber started under it, so a test can check that all of them are done. */
class FiberRecorder extends Supervisor.AbstractSupervisor<ReadonlyArray<Fiber.RuntimeFiber<any, any>>> {
  readonly fibers: Array<Fiber.RuntimeFiber<any, any>> = []

  get value(): Effect.Effect<ReadonlyArray<Fiber.RuntimeFiber<any, any>>> {
    return Effect.sync(() => this.fibers.slice())
  }

  override onStart<A, E, R>(
    _context: Context.Context<R>,
    _effect: Effect.Effect<A, E, R>,
    _parent: Option.Option<Fiber.RuntimeFiber<any, any>>,
    fiber: Fiber.RuntimeFiber<A, E>
  ): void {
    this.fibers.push(fiber)
  }

  /** The recorded fibers that have not finished. */
  running(): ReadonlyArray<Fiber.RuntimeFiber<any, any>> {
    return this.fibers.filter((fiber) => fiber.unsafePoll() === null)
  }
}

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer]
]

/** `OneSignal` over a real transport to the server. */
const clientLayer = (
  server: HangingServer,
  transport: Layer.Layer<HttpClient.HttpClient>,
  options: Options
) =>
  OneSignal.layer.pipe(
    Layer.provide(RestApiKey.layer(secretKey)),
    Layer.provide(OneSignalConfig.layer({ baseUrl: server.url, ...options })),
    Layer.provide(transport)
  )

/** The hanging call: a GET, so retried by default, timed out per attempt. */
const hangingCall = Effect.flatMap(OneSignal, (onesignal) => onesignal.getNotification(appId, notificationId))

/**
 * How long the server may take to see the socket close once the client gave
 * up: generous (it takes 2 to 20 ms here), so a loaded CI machine does not
 * fail the test, yet far below the 30 s default timeout that would close it
 * otherwise.
 */
const closeBound = 250

describe("interrupting a call in flight aborts its HTTP request", () => {
  for (const [name, transport] of transports) {
    it.live(name, () =>
      Effect.gen(function*() {
        const server = yield* hangingServer
        const recorder = new FiberRecorder()
        // The transport layer stays open until the end of the test: the close
        // the server sees is the interruption's, not the connection pool's.
        yield* Effect.gen(function*() {
          const fiber = yield* Effect.fork(hangingCall).pipe(Effect.supervised(recorder))
          yield* until(() => server.seen.length === 1, "2 seconds", "the request to arrive")

          const interruptedAt = performance.now()
          const exit = yield* Fiber.interrupt(fiber)
          expect(Exit.isInterrupted(exit)).toBe(true)
          yield* until(() => server.seen[0]!.closed !== undefined, "2 seconds", "the socket to close")
          const afterInterrupt = server.seen[0]!.closed! - interruptedAt
          expect(afterInterrupt).toBeLessThan(closeBound)

          // The call's fiber and the one its timeout runs the attempt in, at least.
          expect(recorder.fibers.length).toBeGreaterThanOrEqual(2)
          expect(recorder.running()).toEqual([])
          expect(server.seen).toHaveLength(1)
        }).pipe(Effect.provide(clientLayer(server, transport, {})))
      }).pipe(Effect.scoped))
  }
})

describe("a server that never answers: the call times out and the request is aborted", () => {
  for (const [name, transport] of transports) {
    it.live(`${name}: TransportError (Timeout) after 50 ms, the socket closed`, () =>
      Effect.gen(function*() {
        const server = yield* hangingServer
        const recorder = new FiberRecorder()
        yield* Effect.gen(function*() {
          // Starts on a fresh turn of the event loop, so the timer's clock is not behind this one.
          yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
          const started = performance.now()
          const error = yield* Effect.flip(hangingCall).pipe(Effect.supervised(recorder))
          const elapsed = performance.now() - started
          expect(error._tag).toBe("TransportError")
          if (error._tag !== "TransportError") return
          expect(error.reason).toBe("Timeout")
          expect(error.description).toBe("no complete answer within 50ms")
          expect(elapsed).toBeGreaterThanOrEqual(50)
          expect(elapsed).toBeLessThan(50 + closeBound)

          expect(server.seen).toHaveLength(1)
          yield* until(() => server.seen[0]!.closed !== undefined, "2 seconds", "the socket to close")
          expect(server.seen[0]!.closed! - started).toBeLessThan(50 + closeBound)
          expect(recorder.running()).toEqual([])
        }).pipe(Effect.provide(clientLayer(server, transport, { timeout: "50 millis", retry: RetryPolicy.none })))
      }).pipe(Effect.scoped))

    it.live(`${name}: with retries, each attempt times out and is one request`, () =>
      Effect.gen(function*() {
        const server = yield* hangingServer
        yield* Effect.gen(function*() {
          yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
          const started = performance.now()
          const error = yield* Effect.flip(hangingCall)
          const elapsed = performance.now() - started
          expect(error._tag).toBe("TransportError")
          if (error._tag !== "TransportError") return
          expect(error.reason).toBe("Timeout")
          // Three attempts of 25 ms, and backoffs of 1 and 2 ms.
          expect(elapsed).toBeGreaterThanOrEqual(3 * 25 + 1 + 2)
          expect(elapsed).toBeLessThan(3 * 25 + 3 + closeBound)
          expect(server.seen).toHaveLength(3)
          yield* until(() => server.seen.every((s) => s.closed !== undefined), "2 seconds", "every socket to close")
          // Each attempt's socket closed before the next attempt arrived.
          for (let i = 1; i < server.seen.length; i++) {
            expect(server.seen[i - 1]!.closed!).toBeLessThanOrEqual(server.seen[i]!.arrived)
          }
        }).pipe(Effect.provide(clientLayer(server, transport, {
          timeout: "25 millis",
          retry: RetryPolicy.make({ jitter: false, baseDelay: "1 millis", maxRetries: 2 })
        })))
      }).pipe(Effect.scoped))
  }
})

describe("interrupting a call during a retry backoff sends nothing more", () => {
  // 503 on every attempt; backoffs of 1 s, 2 s, 4 s, 8 s.
  const unavailable = () => Layer.fresh(mockLayer(() => json(503, { errors: ["unavailable"] })))

  it.effect("in the first backoff: one request, then nothing", () =>
    Effect.gen(function*() {
      const recorder = new FiberRecorder()
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, notificationId, {
        retry: RetryPolicy.make({ jitter: false, baseDelay: "1 second" })
      })).pipe(Effect.supervised(recorder))
      yield* TestClock.adjust("500 millis")
      expect(yield* MockTransport.requests).toHaveLength(1)

      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      yield* TestClock.adjust("1 minute")
      expect(yield* MockTransport.requests).toHaveLength(1)
      expect(recorder.running()).toEqual([])
    }).pipe(Effect.provide(unavailable())))

  it.effect("in the second backoff: two requests, then nothing", () =>
    Effect.gen(function*() {
      const recorder = new FiberRecorder()
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, notificationId, {
        retry: RetryPolicy.make({ jitter: false, baseDelay: "1 second" })
      })).pipe(Effect.supervised(recorder))
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("1 second")
      expect(yield* MockTransport.requests).toHaveLength(2)

      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("1 minute")
      expect(yield* MockTransport.requests).toHaveLength(2)
      expect(recorder.running()).toEqual([])
    }).pipe(Effect.provide(unavailable())))

  it.effect("left alone, the same call makes all five attempts (so the two above did stop it)", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Notifications.getNotification(appId, notificationId, {
        retry: RetryPolicy.make({ jitter: false, baseDelay: "1 second" })
      }))
      yield* TestClock.adjust("1 minute")
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error._tag).toBe("ServerError")
      expect(yield* MockTransport.requests).toHaveLength(5)
    }).pipe(Effect.provide(unavailable())))
})
