/**
 * Serves a `Simulator` over loopback HTTP with `node:http`, for clients that
 * need a real URL (other processes, other languages, `fetch`). A thin
 * adapter over `Simulator`'s handler: drop faults destroy the socket.
 *
 * @since 0.1.0
 */
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as MockTransport from "./MockTransport.js"
import * as Simulator from "./Simulator.js"

/**
 * Where to listen. `port` defaults to 4010 (0 picks a free port), `host` to
 * `127.0.0.1`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ServeOptions {
  readonly port?: number | undefined
  readonly host?: string | undefined
}

/**
 * The server could not listen (e.g. the port is taken).
 *
 * @since 0.1.0
 * @category Errors
 */
export class SimulatorServerError extends Data.TaggedError("SimulatorServerError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * A running simulator server: the URL to send requests to, and the bound
 * host and port.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SimulatorServerService {
  readonly url: string
  readonly host: string
  readonly port: number
}

/**
 * The service tag of a running simulator server.
 *
 * @since 0.1.0
 * @category Tags
 */
export class SimulatorServer extends Context.Tag("effect-onesignal/testing/SimulatorServer")<
  SimulatorServer,
  SimulatorServerService
>() {}

/**
 * The port used when none is given.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultPort = 4010

/**
 * The host used when none is given.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultHost = "127.0.0.1"

const urlHost = (host: string): string => {
  if (host === "0.0.0.0" || host === "") return "127.0.0.1"
  if (host === "::") return "[::1]"
  return host.includes(":") ? `[${host}]` : host
}

const writeJson = (
  response: Http.ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: unknown
): void => {
  const text = body === undefined ? "" : JSON.stringify(body)
  response.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text))
  })
  response.end(text)
}

const internalError = (response: Http.ServerResponse, error: unknown): void => {
  if (response.headersSent) {
    response.destroy()
    return
  }
  try {
    writeJson(response, 500, {}, {
      errors: [`Internal simulator error: ${error instanceof Error ? error.message : String(error)}`]
    })
  } catch {
    response.destroy()
  }
}

/**
 * Starts a server for the `Simulator` in context; it stops when the scope
 * closes. Requests run in the calling fiber's context, so a `TestClock` in it
 * drives latency and idempotency expiry.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options?: ServeOptions
): Effect.Effect<SimulatorServerService, SimulatorServerError, Simulator.Simulator | Scope.Scope> =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.Simulator
    const run = yield* FiberSet.makeRuntimePromise<never, Simulator.SimulatorReply, never>()
    const host = options?.host ?? defaultHost
    const port = options?.port ?? defaultPort

    const onRequest = (request: Http.IncomingMessage, response: Http.ServerResponse): void => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("error", () => request.socket.destroy())
      request.on("end", () => {
        try {
          const recorded = MockTransport.makeRecordedRequest({
            method: request.method ?? "GET",
            url: new URL(request.url ?? "/", `http://${request.headers.host ?? `${urlHost(host)}:${port}`}`),
            headers: request.headers,
            bodyText: Buffer.concat(chunks).toString("utf8")
          })
          run(simulator.handle(recorded)).then(
            (reply) => {
              if (reply._tag === "Drop") {
                request.socket.destroy()
                return
              }
              try {
                if (reply._tag === "Raw") {
                  response.writeHead(reply.status, { ...reply.headers, "content-length": String(reply.bytes.byteLength) })
                  response.end(reply.bytes)
                  return
                }
                writeJson(response, reply.status, reply.headers, reply.body)
              } catch (error) {
                internalError(response, error)
              }
            },
            // Interrupted (the server is stopping) or a defect the handler did not catch.
            (error) => internalError(response, error)
          )
        } catch (error) {
          internalError(response, error)
        }
      })
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<Http.Server, SimulatorServerError>((resume) => {
        const server = Http.createServer(onRequest)
        const onError = (error: Error) =>
          resume(Effect.fail(
            new SimulatorServerError({
              message: `The OneSignal simulator cannot listen on ${host}:${port}: ${error.message}`,
              cause: error
            })
          ))
        server.once("error", onError)
        server.listen(port, host, () => {
          server.off("error", onError)
          // Errors after start (on a client socket, say) must not crash the process.
          server.on("error", () => {})
          resume(Effect.succeed(server))
        })
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )

    const address = server.address() as Net.AddressInfo
    return {
      url: `http://${urlHost(host)}:${address.port}`,
      host,
      port: address.port
    }
  })

/**
 * Starts a server for the `Simulator` in context and returns its URL (e.g.
 * `http://127.0.0.1:4010`); it stops when the scope closes.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const serve = (
  options?: ServeOptions
): Effect.Effect<string, SimulatorServerError, Simulator.Simulator | Scope.Scope> =>
  Effect.map(make(options), (server) => server.url)

/**
 * A server for the `Simulator` in context, running for the layer's lifetime.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  options?: ServeOptions
): Layer.Layer<SimulatorServer, SimulatorServerError, Simulator.Simulator> =>
  Layer.scoped(SimulatorServer, make(options))
