/**
 * Settings shared by every call: base URL, authorization scheme, timeout,
 * default retry policy, user agent, trace-header propagation, and a hook to
 * transform the `HttpClient`.
 *
 * Everything has a default, so the service layers work without this layer.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as RetryPolicy from "./RetryPolicy.js"

/**
 * How the key is sent: `Authorization: Key <key>` (what OneSignal's current
 * SDKs send), `Bearer` (older SDKs) or `Basic` (the legacy device API).
 *
 * @since 0.1.0
 * @category Models
 */
export type AuthScheme = "Key" | "Bearer" | "Basic"

/**
 * The resolved settings.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Settings {
  /** Where requests go. Default `https://api.onesignal.com`. */
  readonly baseUrl: string
  /** The scheme of the `Authorization` header. Default `Key`. */
  readonly authScheme: AuthScheme
  /** The time limit of one attempt, response body included. Default 30 s. */
  readonly timeout: Duration.Duration
  /** The retry policy of calls that are safe to repeat. */
  readonly retry: RetryPolicy.RetryPolicy
  /** The `User-Agent` header. */
  readonly userAgent: string
  /**
   * Send the current span's trace headers (`traceparent`, `b3`) to OneSignal.
   * Default false: trace ids are not given to a third party unless asked.
   */
  readonly propagateTraceHeaders: boolean
  /** Applied once to the `HttpClient` when the client is built. */
  readonly transformClient: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * Settings to override; the rest keep their defaults.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  readonly baseUrl?: string | undefined
  readonly authScheme?: AuthScheme | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly retry?: RetryPolicy.RetryPolicy | undefined
  readonly userAgent?: string | undefined
  readonly propagateTraceHeaders?: boolean | undefined
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
}

/**
 * The library's version, as sent in the default user agent.
 *
 * @since 0.1.0
 * @category Constants
 */
export const version = "0.1.0"

/**
 * The default settings.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaults: Settings = {
  baseUrl: "https://api.onesignal.com",
  authScheme: "Key",
  timeout: Duration.seconds(30),
  retry: RetryPolicy.defaultPolicy,
  userAgent: `effect-onesignal/${version}`,
  propagateTraceHeaders: false,
  transformClient: undefined
}

/**
 * Resolves options against the defaults. A trailing `/` of `baseUrl` is
 * dropped, so routes join it cleanly.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Settings => ({
  baseUrl: (options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, ""),
  authScheme: options.authScheme ?? defaults.authScheme,
  timeout: options.timeout === undefined ? defaults.timeout : Duration.decode(options.timeout),
  retry: options.retry ?? defaults.retry,
  userAgent: options.userAgent ?? defaults.userAgent,
  propagateTraceHeaders: options.propagateTraceHeaders ?? defaults.propagateTraceHeaders,
  transformClient: options.transformClient ?? defaults.transformClient
})

/**
 * The settings in the context; `defaults` when none were provided.
 *
 * @since 0.1.0
 * @category Tags
 */
export class OneSignalConfig extends Context.Reference<OneSignalConfig>()("effect-onesignal/OneSignalConfig", {
  defaultValue: () => defaults
}) {
  /**
   * Provides settings from values.
   *
   * @since 0.1.0
   */
  static layer(options: Options = {}): Layer.Layer<OneSignalConfig> {
    return Layer.succeed(OneSignalConfig, make(options))
  }

  /**
   * Provides settings from values, with the base URL read from
   * `ONESIGNAL_API_URL` when that variable is set (handy to point a deployed
   * service at a simulator or a proxy).
   *
   * @since 0.1.0
   */
  static layerConfig(options: Options = {}): Layer.Layer<OneSignalConfig, ConfigError.ConfigError> {
    return Layer.effect(
      OneSignalConfig,
      Effect.map(
        Config.option(Config.url("ONESIGNAL_API_URL")),
        (url) => make({ ...options, baseUrl: Option.match(url, { onNone: () => options.baseUrl, onSome: (u) => u.href }) })
      )
    )
  }
}
