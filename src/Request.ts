/**
 * The escape hatch: any OneSignal route, through the same pipeline as the
 * declared endpoints — the key, base URL, percent-encoded path parameters,
 * retries (safe methods only, unless the call opts in), timeout, tracing, and
 * the same tagged errors. Decodes the answer with a schema you pass, or
 * returns it as `unknown`.
 *
 * ```ts
 * import { Schema } from "effect"
 * import { request } from "effect-onesignal"
 *
 * const Body = Schema.Struct({ success: Schema.Boolean })
 * const program = request({
 *   method: "POST",
 *   path: "/apps/{app_id}/some_new_route",
 *   params: { app_id: "..." },
 *   body: { enabled: true },
 *   schema: Body
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import type { HttpMethod } from "./internal/endpoint.js"
import { type Client, OneSignalClient, OneSignalOrganizationClient } from "./OneSignalClient.js"
import { type CommonError, Conflict, NotFound } from "./OneSignalError.js"

/**
 * A request to any route.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RequestOptions<A, I> extends CallOptions {
  readonly method: HttpMethod
  /**
   * The path under the base URL, starting with `/`. `{name}` placeholders
   * are filled from `params`, percent-encoded; keep values that may hold
   * personal data (emails, phone numbers) in `params`, so traces show the
   * template, not the value.
   */
  readonly path: string
  /** Values of the `{name}` placeholders of `path`. */
  readonly params?: Readonly<Record<string, string>> | undefined
  /** Query parameters; `undefined` values are left out, arrays repeat the name. */
  readonly query?:
    | Readonly<Record<string, string | number | boolean | ReadonlyArray<string | number | boolean> | undefined>>
    | undefined
  /** A JSON body. */
  readonly body?: unknown
  /** Decodes a 2xx answer; the answer is returned as `unknown` without one. */
  readonly schema?: Schema.Schema<A, I, never> | undefined
}

/**
 * The errors of a `request`: every error of the client.
 *
 * @since 0.1.0
 * @category Models
 */
export type RequestError = CommonError | NotFound | Conflict

const placeholder = /\{([^}]+)\}/g

const run = <A, I>(key: "rest" | "org", options: RequestOptions<A, I>) =>
(client: Client): Effect.Effect<A, RequestError> => {
  if (!options.path.startsWith("/")) {
    return Effect.dieMessage(`request: the path must start with "/" (got ${JSON.stringify(options.path)})`)
  }
  const names = Array.from(options.path.matchAll(placeholder), (match) => match[1]!)
  return Endpoint.runOnce(client, {
    name: "request",
    method: options.method,
    route: options.path,
    key,
    request: () => ({
      path: Object.fromEntries(names.map((name) => [name, options.params?.[name]])),
      query: options.query,
      body: options.body,
      options
    }),
    body: options.body === undefined ? undefined : Schema.Unknown,
    success: (options.schema ?? Schema.Unknown) as Schema.Schema<A, I, never>,
    errors: { 404: NotFound, 409: Conflict }
  }) as Effect.Effect<A, RequestError>
}

/**
 * Sends a request with the REST API key (`OneSignalClient`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const request = <A = unknown, I = unknown>(
  options: RequestOptions<A, I>
): Effect.Effect<A, RequestError, OneSignalClient> => Effect.flatMap(OneSignalClient, run("rest", options))

/**
 * Sends a request with the organization API key
 * (`OneSignalOrganizationClient`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const organizationRequest = <A = unknown, I = unknown>(
  options: RequestOptions<A, I>
): Effect.Effect<A, RequestError, OneSignalOrganizationClient> =>
  Effect.flatMap(OneSignalOrganizationClient, run("org", options))

/**
 * Binds `request` to a client, for the services' `request` methods.
 *
 * @internal
 */
export const bind = (key: "rest" | "org", client: Client) =>
<A = unknown, I = unknown>(options: RequestOptions<A, I>): Effect.Effect<A, RequestError> =>
  run(key, options)(client)
