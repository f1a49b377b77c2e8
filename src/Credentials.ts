/**
 * OneSignal's two credentials, each a `Context.Tag` holding a
 * `Redacted<string>`: the app's REST API key and the organization API key.
 * Which one a call needs is part of its type, so calling an organization
 * endpoint without an organization key does not compile.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

/**
 * A key read from an environment variable: present, not blank, and wrapped
 * in `Redacted` as soon as it is read. A failure names the variable.
 */
const keyFromEnv = (name: string): Config.Config<Redacted.Redacted<string>> =>
  Config.string(name).pipe(
    Config.validate({ message: "the key must not be empty", validation: (key) => key.trim().length > 0 }),
    Config.map(Redacted.make)
  )

const toRedacted = (key: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.isRedacted(key) ? key : Redacted.make(key)

/**
 * The app's REST API key (App Settings → Keys & IDs). Needed by every
 * app-scoped endpoint: notifications, users, subscriptions, segments,
 * templates, live activities, outcomes, custom events and players.
 *
 * @since 0.1.0
 * @category Credentials
 */
export class RestApiKey extends Context.Tag("effect-onesignal/RestApiKey")<
  RestApiKey,
  Redacted.Redacted<string>
>() {
  /**
   * Provides the key from a value (a plain string is wrapped in `Redacted`).
   *
   * @since 0.1.0
   */
  static layer(key: string | Redacted.Redacted<string>): Layer.Layer<RestApiKey> {
    return Layer.succeed(RestApiKey, toRedacted(key))
  }

  /**
   * Reads the key with `Config`, by default from `ONESIGNAL_REST_API_KEY`. A
   * missing or empty variable fails the layer with a `ConfigError` naming it.
   *
   * @since 0.1.0
   */
  static layerConfig(
    config: Config.Config<Redacted.Redacted<string>> = keyFromEnv("ONESIGNAL_REST_API_KEY")
  ): Layer.Layer<RestApiKey, ConfigError.ConfigError> {
    return Layer.effect(RestApiKey, config)
  }
}

/**
 * The organization API key (Organization Settings). Needed by the
 * organization endpoints: apps, API keys, copying a template to another app,
 * and audit logs.
 *
 * @since 0.1.0
 * @category Credentials
 */
export class OrganizationApiKey extends Context.Tag("effect-onesignal/OrganizationApiKey")<
  OrganizationApiKey,
  Redacted.Redacted<string>
>() {
  /**
   * Provides the key from a value (a plain string is wrapped in `Redacted`).
   *
   * @since 0.1.0
   */
  static layer(key: string | Redacted.Redacted<string>): Layer.Layer<OrganizationApiKey> {
    return Layer.succeed(OrganizationApiKey, toRedacted(key))
  }

  /**
   * Reads the key with `Config`, by default from
   * `ONESIGNAL_ORGANIZATION_API_KEY`. A missing or empty variable fails the
   * layer with a `ConfigError` naming it.
   *
   * @since 0.1.0
   */
  static layerConfig(
    config: Config.Config<Redacted.Redacted<string>> = keyFromEnv("ONESIGNAL_ORGANIZATION_API_KEY")
  ): Layer.Layer<OrganizationApiKey, ConfigError.ConfigError> {
    return Layer.effect(OrganizationApiKey, config)
  }
}
