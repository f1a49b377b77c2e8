#!/usr/bin/env node
/**
 * Runs the in-memory OneSignal simulator as a loopback HTTP server.
 *
 *     effect-onesignal-simulator [--port 4010] [--host 127.0.0.1]
 *                                [--app-id <uuid>] [--rest-api-key <key>]
 *                                [--organization-api-key <key>]
 *
 * `--port 0` picks a free port. Prints the URL, stops on SIGINT / SIGTERM.
 *
 * @since 0.1.0
 */
import { parseArgs } from "node:util"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Simulator from "../testing/Simulator.js"
import * as SimulatorServer from "../testing/SimulatorServer.js"

const usage = `Usage: effect-onesignal-simulator [options]

Options:
  --port <n>            port to listen on (default ${SimulatorServer.defaultPort}; 0 picks a free port)
  --host <host>         host to listen on (default ${SimulatorServer.defaultHost})
  --app-id <id>         id of the simulated app (default ${Simulator.defaultAppId})
  --rest-api-key <key>  REST API key of that app (default ${Simulator.defaultRestApiKey})
  --organization-api-key <key>
                        Organization API key (default ${Simulator.defaultOrganizationApiKey})
  -h, --help            show this help`

function fatal(message: string): never {
  process.stderr.write(`${message}\n\n${usage}\n`)
  return process.exit(2)
}

let values: {
  readonly port?: string | undefined
  readonly host?: string | undefined
  readonly "app-id"?: string | undefined
  readonly "rest-api-key"?: string | undefined
  readonly "organization-api-key"?: string | undefined
  readonly help?: boolean | undefined
}
try {
  values = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "app-id": { type: "string" },
      "rest-api-key": { type: "string" },
      "organization-api-key": { type: "string" },
      help: { type: "boolean", short: "h" }
    },
    strict: true,
    allowPositionals: false
  }).values
} catch (error) {
  fatal(error instanceof Error ? error.message : String(error))
}

if (values.help === true) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}

const port = values.port === undefined ? SimulatorServer.defaultPort : Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fatal(`Invalid --port: ${values.port}`)
}
const host = values.host ?? SimulatorServer.defaultHost
const appId = values["app-id"] ?? Simulator.defaultAppId
const restApiKey = values["rest-api-key"] ?? Simulator.defaultRestApiKey
const organizationApiKey = values["organization-api-key"] ?? Simulator.defaultOrganizationApiKey

const program = Effect.gen(function*() {
  const url = yield* SimulatorServer.serve({ port, host })
  yield* Console.log(`OneSignal simulator listening on ${url}`)
  yield* Console.log(`  app id:       ${appId}`)
  yield* Console.log(`  REST API key: ${restApiKey}`)
  yield* Console.log(`  organization API key: ${organizationApiKey}`)
  yield* Console.log(`  (Ctrl-C to stop)`)
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.provide(Simulator.layerSimulator({ apps: [{ id: appId, restApiKey }], organizationApiKey }))
)

const fiber = Effect.runFork(program)

const stop = () => {
  Effect.runFork(Fiber.interrupt(fiber))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)

fiber.addObserver((exit) => {
  process.off("SIGINT", stop)
  process.off("SIGTERM", stop)
  if (Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)) {
    process.stderr.write(`${Cause.pretty(exit.cause)}\n`)
    process.exitCode = 1
  }
})
