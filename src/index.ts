/**
 * effect-onesignal: the OneSignal REST API as Effects, with Schema-decoded
 * models, tagged errors, layers for credentials and transport, and retries
 * that never send twice.
 *
 * @since 0.1.0
 */

export {
  /**
   * @since 0.1.0
   * @category Credentials
   */
  OrganizationApiKey,
  /**
   * @since 0.1.0
   * @category Credentials
   */
  RestApiKey
} from "./Credentials.js"

export type {
  /**
   * @since 0.1.0
   * @category Models
   */
  CallOptions,
  /**
   * @since 0.1.0
   * @category Models
   */
  IdempotentCallOptions
} from "./internal/endpoint.js"

/**
 * The notifications API: models and endpoint functions, as a namespace
 * (`Notifications.createNotification`).
 *
 * @since 0.1.0
 */
export * as Notifications from "./Notifications.js"

/**
 * The same models and endpoint functions, exported by name. A bundler drops
 * what a program does not import by name (esbuild cannot do that through the
 * namespace above), so `import { createNotification } from "effect-onesignal"`
 * gives the smallest bundle.
 *
 * @since 0.1.0
 */
export * from "./Notifications.js"

export {
  /**
   * @since 0.1.0
   * @category Services
   */
  OneSignal
} from "./OneSignal.js"

export {
  /**
   * @since 0.1.0
   * @category Clients
   */
  OneSignalClient,
  /**
   * @since 0.1.0
   * @category Clients
   */
  OneSignalOrganizationClient
} from "./OneSignalClient.js"

export {
  /**
   * @since 0.1.0
   * @category Config
   */
  OneSignalConfig
} from "./OneSignalConfig.js"

export type {
  /**
   * @since 0.1.0
   * @category Config
   */
  AuthScheme,
  /**
   * @since 0.1.0
   * @category Config
   */
  Options as OneSignalConfigOptions,
  /**
   * @since 0.1.0
   * @category Config
   */
  Settings as OneSignalConfigSettings
} from "./OneSignalConfig.js"

export * from "./OneSignalError.js"

export {
  /**
   * @since 0.1.0
   * @category Services
   */
  OneSignalOrganization
} from "./OneSignalOrganization.js"

/**
 * Retry policies.
 *
 * @since 0.1.0
 */
export * as RetryPolicy from "./RetryPolicy.js"

/**
 * Models shared by several resources, as a namespace.
 *
 * @since 0.1.0
 */
export * as SharedModels from "./SharedModels.js"

/**
 * The shared models, exported by name.
 *
 * @since 0.1.0
 */
export * from "./SharedModels.js"
