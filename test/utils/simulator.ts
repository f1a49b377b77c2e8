/**
 * Both services of the client over one fresh in-memory simulator, for tests
 * that exercise the API surface against the simulator instead of canned
 * answers.
 */
import * as Layer from "effect/Layer"
import { OrganizationApiKey, RestApiKey } from "../../src/Credentials.js"
import { OneSignal } from "../../src/OneSignal.js"
import { OneSignalConfig, type Options } from "../../src/OneSignalConfig.js"
import { OneSignalOrganization } from "../../src/OneSignalOrganization.js"
import * as RetryPolicy from "../../src/RetryPolicy.js"
import * as Simulator from "../../src/testing/Simulator.js"

export const appId = Simulator.defaultAppId
export const baseUrl = "https://simulator.test"

/**
 * `OneSignal` (with `Simulator.defaultRestApiKey` unless `key` is given) and
 * `OneSignalOrganization` (with `Simulator.defaultOrganizationApiKey` unless
 * `organizationKey` is given) over a fresh simulator, which is in context
 * too; retries without jitter.
 */
export const simulatorLayer = (
  options: {
    readonly key?: string
    readonly organizationKey?: string
    readonly config?: Options
    readonly simulator?: Simulator.SimulatorOptions
  } = {}
) =>
  Layer.fresh(
    Layer.mergeAll(
      OneSignal.layer.pipe(Layer.provide(RestApiKey.layer(options.key ?? Simulator.defaultRestApiKey))),
      OneSignalOrganization.layer.pipe(
        Layer.provide(OrganizationApiKey.layer(options.organizationKey ?? Simulator.defaultOrganizationApiKey))
      )
    ).pipe(
      Layer.provide(OneSignalConfig.layer({ baseUrl, retry: RetryPolicy.make({ jitter: false }), ...options.config })),
      Layer.provideMerge(Simulator.layer(options.simulator))
    )
  )
