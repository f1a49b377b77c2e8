import * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import { OrganizationApiKey, RestApiKey } from "../../src/Credentials.js"
import { OneSignal } from "../../src/OneSignal.js"
import type { OneSignalClient, OneSignalOrganizationClient } from "../../src/OneSignalClient.js"
import { OneSignalConfig, type Options } from "../../src/OneSignalConfig.js"
import { OneSignalOrganization } from "../../src/OneSignalOrganization.js"
import * as RetryPolicy from "../../src/RetryPolicy.js"
import * as MockTransport from "../../src/testing/MockTransport.js"

/** A key that must never show up in an error, a log line or a span. */
export const secretKey = "os_v2_app_SECRET-never-print-me-9f8e7d6c5b4a"

/** The organization key of the organization-scoped layers. */
export const orgSecretKey = "os_v2_org_SECRET-org-key-never-print-1a2b3c"

export const appId = "8250eaf6-1a58-489e-b136-7c74a864b434"
export const notificationId = "b98881cc-1e94-4366-bbd9-db8f3429292b"
export const baseUrl = "https://onesignal.test"

/** Retries without jitter, so tests under `TestClock` know every wait. */
export const steadyRetry = RetryPolicy.make({ jitter: false })

/**
 * The `OneSignal` service and its client over a mock transport, with a fixed
 * base URL, the secret key, and an unjittered retry policy (override with
 * `config`).
 */
export const mockLayer = (
  handler: MockTransport.Handler,
  config: Options = {}
): Layer.Layer<OneSignal | OneSignalClient | MockTransport.MockTransport | HttpClient.HttpClient> => {
  const transport = MockTransport.layer(handler)
  return OneSignal.layer.pipe(
    Layer.provide(RestApiKey.layer(secretKey)),
    Layer.provide(OneSignalConfig.layer({ baseUrl, retry: steadyRetry, ...config })),
    Layer.provideMerge(transport)
  )
}

/** Like `mockLayer`, answering with a fixed script of replies. */
export const scriptLayer = (replies: ReadonlyArray<MockTransport.MockReply>, config: Options = {}) =>
  mockLayer((request, index) => {
    const reply = replies[index]
    if (reply === undefined) throw new Error(`unexpected request #${index + 1}: ${request.method} ${request.path}`)
    return reply
  }, config)

export const json = (status: number, body: unknown, headers?: Record<string, string>): MockTransport.MockResponse =>
  headers === undefined ? { status, body } : { status, body, headers }

/**
 * The `OneSignalOrganization` service and its client over a mock transport,
 * with the organization key (`orgSecretKey`).
 */
export const orgMockLayer = (
  handler: MockTransport.Handler,
  config: Options = {}
): Layer.Layer<
  OneSignalOrganization | OneSignalOrganizationClient | MockTransport.MockTransport | HttpClient.HttpClient
> =>
  OneSignalOrganization.layer.pipe(
    Layer.provide(OrganizationApiKey.layer(orgSecretKey)),
    Layer.provide(OneSignalConfig.layer({ baseUrl, retry: steadyRetry, ...config })),
    Layer.provideMerge(MockTransport.layer(handler))
  )

/** Like `orgMockLayer`, answering with a fixed script of replies. */
export const orgScriptLayer = (replies: ReadonlyArray<MockTransport.MockReply>, config: Options = {}) =>
  orgMockLayer((request, index) => {
    const reply = replies[index]
    if (reply === undefined) throw new Error(`unexpected request #${index + 1}: ${request.method} ${request.path}`)
    return reply
  }, config)
