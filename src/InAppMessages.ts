/**
 * In-app messages: the messages OneSignal's mobile SDKs display inside the
 * app. The API exposes the manifest an SDK downloads, the in-app messages a
 * given subscription may be shown right now.
 *
 * The operation comes from the 1.2.2 spec; the current docs no longer list it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./internal/endpoint.js"
import type { CallOptions } from "./CallOptions.js"
import { lenientFields } from "./internal/fields.js"
import { NotFound } from "./OneSignalError.js"
import { JsonObject } from "./SharedModels.js"

// -----------------------------------------------------------------------------
// Models
// -----------------------------------------------------------------------------

/**
 * The answer of `getEligibleIams` (`InlineResponse2003` in the 1.2.2 SDKs).
 * The spec describes each in-app message only as a JSON object, so each is
 * kept as such, with every key OneSignal sends.
 *
 * @since 0.1.0
 * @category Models
 */
export class EligibleIamsResponse extends Schema.Class<EligibleIamsResponse>("effect-onesignal/EligibleIamsResponse")(lenientFields({
  /** The in-app messages the subscription is eligible for, as the SDK receives them. */
  in_app_messages: Schema.Array(JsonObject)
})) {}

// -----------------------------------------------------------------------------
// Operations
// -----------------------------------------------------------------------------

/**
 * Lists the in-app messages a subscription is eligible to display
 * (`GET /apps/{app_id}/subscriptions/{subscription_id}/iams`).
 *
 * @since 0.1.0
 * @category Operations
 */
export const getEligibleIams = Endpoint.make({
  name: "getEligibleIams",
  method: "GET",
  route: "/apps/{app_id}/subscriptions/{subscription_id}/iams",
  key: "rest",
  request: (appId: string, subscriptionId: string, options?: CallOptions) => ({
    path: { app_id: appId, subscription_id: subscriptionId },
    options
  }),
  success: EligibleIamsResponse,
  errors: { 404: NotFound }
})
