/**
 * Testing kit: a mock transport and an in-memory OneSignal simulator, both
 * usable as an `HttpClient` layer, and a loopback server for the simulator.
 *
 * @since 0.1.0
 */

/**
 * A scriptable `HttpClient` that records requests.
 *
 * @since 0.1.0
 * @category Testing
 */
export * as MockTransport from "./MockTransport.js"

/**
 * An in-memory OneSignal with faults on demand.
 *
 * @since 0.1.0
 * @category Testing
 */
export * as Simulator from "./Simulator.js"

/**
 * The simulator over loopback HTTP (`node:http`).
 *
 * @since 0.1.0
 * @category Testing
 */
export * as SimulatorServer from "./SimulatorServer.js"
