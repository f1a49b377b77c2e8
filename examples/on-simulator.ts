/**
 * What the examples that run on their own (`npx tsx examples/<name>.ts`)
 * share: the `OneSignal` service over the embedded simulator, and running a
 * program only when its file is the one Node started (a test importing the
 * example runs nothing).
 */
import { Effect, Layer } from "effect"
import { OneSignal, type OneSignalClient, OneSignalConfig, RestApiKey } from "effect-onesignal"
import { Simulator } from "effect-onesignal/testing"
import { pathToFileURL } from "node:url"

/** The `OneSignal` service and its client over a fresh simulator, with the simulator in context. */
export const simulatorLayer = (options?: Simulator.SimulatorOptions) =>
  OneSignal.layer.pipe(
    Layer.provide(RestApiKey.layer(Simulator.defaultRestApiKey)),
    Layer.provide(OneSignalConfig.layer({ baseUrl: "https://simulator.invalid" })),
    Layer.provideMerge(Simulator.layer(options))
  )

/** Runs `program` on the simulator when `moduleUrl` (the caller's `import.meta.url`) is Node's entry file. */
export const runWhenMain = <A, E>(
  moduleUrl: string,
  program: Effect.Effect<A, E, OneSignal | OneSignalClient | Simulator.Simulator>,
  options?: Simulator.SimulatorOptions
): void => {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return
  Effect.runPromise(program.pipe(Effect.provide(simulatorLayer(options)))).catch((error) => {
    console.error(String(error))
    process.exitCode = 1
  })
}
