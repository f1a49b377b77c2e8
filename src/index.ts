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
} from "./CallOptions.js"

export type {
  /**
   * @since 0.1.0
   * @category Models
   */
  ClientOf,
  /**
   * @since 0.1.0
   * @category Models
   */
  Endpoint,
  /**
   * @since 0.1.0
   * @category Models
   */
  KeyKind
} from "./Endpoint.js"

/**
 * The notifications API: models and endpoint functions, as a namespace
 * (`Notifications.createNotification`). Every resource module is exported
 * once, as a namespace; to import its members by name, and bundle only what
 * a program uses, import its subpath:
 * `import { createNotification } from "effect-onesignal/Notifications"`.
 *
 * @since 0.1.0
 */
export * as Notifications from "./Notifications.js"

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
   * @category Operations
   */
  organizationRequest,
  /**
   * @since 0.1.0
   * @category Operations
   */
  request
} from "./Request.js"

export type {
  /**
   * @since 0.1.0
   * @category Models
   */
  RequestError,
  /**
   * @since 0.1.0
   * @category Models
   */
  RequestOptions
} from "./Request.js"

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
 * Client-side rate limiting with OneSignal's published buckets as presets
 * (`RateLimiter.layer(RateLimiter.free)`).
 *
 * @since 0.1.0
 */
export * as RateLimiter from "./RateLimiter.js"

/**
 * Every list endpoint as a lazy `Stream` of items and of pages
 * (`Pagination.notifications(appId)`).
 *
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"

/**
 * CSV exports as a workflow: request, poll, download, gunzip and parse into
 * a `Stream` of typed rows (`Exports.subscriptions(appId)`).
 *
 * @since 0.1.0
 */
export * as Exports from "./Exports.js"

/**
 * Batch sends: one message to any number of recipients, in chunks with a
 * deterministic idempotency key each (`Batch.send(message, recipients, { batchKey })`).
 *
 * @since 0.1.0
 */
export * as Batch from "./Batch.js"

export {
  /**
   * @since 0.1.0
   * @category Errors
   */
  InvalidBatch
} from "./Batch.js"

/**
 * Deterministic idempotency keys (UUID v5) derived from business ids.
 *
 * @since 0.1.0
 */
export * as Idempotency from "./Idempotency.js"

export {
  /**
   * @since 0.1.0
   * @category Idempotency
   */
  idempotencyKeyFrom,
  /**
   * @since 0.1.0
   * @category Idempotency
   */
  uuidV5
} from "./Idempotency.js"

export {
  /**
   * @since 0.1.0
   * @category Errors
   */
  CsvParseError,
  /**
   * @since 0.1.0
   * @category Errors
   */
  ExportDownloadError,
  /**
   * @since 0.1.0
   * @category Errors
   */
  ExportExpired,
  /**
   * @since 0.1.0
   * @category Errors
   */
  ExportNotReady
} from "./Exports.js"

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

/**
 * The Users API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Users from "./Users.js"

/**
 * The Subscriptions API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Subscriptions from "./Subscriptions.js"

/**
 * The Segments API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Segments from "./Segments.js"

/**
 * The Outcomes API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Outcomes from "./Outcomes.js"

/**
 * The Templates API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Templates from "./Templates.js"

/**
 * The LiveActivities API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as LiveActivities from "./LiveActivities.js"

/**
 * The CustomEvents API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as CustomEvents from "./CustomEvents.js"

/**
 * The InAppMessages API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as InAppMessages from "./InAppMessages.js"

/**
 * The Players API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Players from "./Players.js"

/**
 * The Journeys API (beta): models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Journeys from "./Journeys.js"

/**
 * The EmailAnalytics API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as EmailAnalytics from "./EmailAnalytics.js"

/**
 * The Apps API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as Apps from "./Apps.js"

/**
 * The ApiKeys API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as ApiKeys from "./ApiKeys.js"

/**
 * The AuditLogs API: models and endpoint functions, as a namespace.
 *
 * @since 0.1.0
 */
export * as AuditLogs from "./AuditLogs.js"

