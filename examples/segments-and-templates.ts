/**
 * Segments, templates and outcomes, as a backend job would use them: define
 * an audience, prepare the content of a campaign, promote that content to a
 * second app, and read how the last campaign did.
 *
 * Nothing runs at import time: `program` is an Effect that needs the
 * `OneSignal` and `OneSignalOrganization` services, e.g.
 *
 *   program(appId, stagingAppId).pipe(
 *     Effect.provide(Layer.mergeAll(OneSignal.layerConfig(), OneSignalOrganization.layerConfig())),
 *     Effect.provide(FetchHttpClient.layer),
 *     Effect.runPromise
 *   )
 */
import { Console, Effect } from "effect"
import { type FilterExpression, OneSignal, OneSignalOrganization } from "effect-onesignal"

/** Users above level 10, or users who have not opened the app for 30 days. */
const audience: ReadonlyArray<FilterExpression> = [
  { field: "tag", key: "level", relation: ">", value: "10" },
  { operator: "OR" },
  { field: "last_session", relation: ">", hours_ago: "720" }
]

/**
 * Makes sure the segment exists with the current filters: creates it, or, when
 * OneSignal answers 409 because it already exists, updates it in place.
 */
export const ensureSegment = (appId: string, segmentId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const name = "Level 10+ or lapsed"
    yield* onesignal.createSegment(appId, { id: segmentId, name, filters: audience }).pipe(
      Effect.catchTag("Conflict", () => onesignal.updateSegment(appId, segmentId, { name, filters: audience }))
    )
    const segment = yield* onesignal.getSegment(appId, segmentId, { include_segment_detail: true })
    yield* Console.log(`segment "${segment.payload?.name ?? name}": ${segment.subscriber_count ?? 0} subscribers`)
    return segment
  })

/** Creates the campaign's email template and returns its id. */
export const createCampaignTemplate = (appId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const template = yield* onesignal.createTemplate({
      app_id: appId,
      name: "Win-back email",
      contents: { en: "We miss you!" },
      isEmail: true,
      email_subject: "Come back for a bonus level",
      email_body: "<p>Hi {{ first_name | default: 'there' }}, a bonus level is waiting.</p>"
    })
    const emails = yield* onesignal.viewTemplates(appId, { channel: "email", limit: 50 })
    yield* Console.log(`template ${template.id}; the app now has ${emails.templates?.length ?? 0} email templates`)
    return template.id ?? ""
  })

/** Copies a template to another app of the organization (Organization API key). */
export const promoteTemplate = (templateId: string, appId: string, targetAppId: string) =>
  Effect.gen(function*() {
    const organization = yield* OneSignalOrganization
    const copy = yield* organization.copyTemplateToApp(templateId, appId, { target_app_id: targetAppId })
    yield* Console.log(`copied to ${targetAppId} as template ${copy.id}`)
    return copy
  })

/** Clicks and purchases over the last day, from outcomes. */
export const lastDayOutcomes = (appId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const data = yield* onesignal.getOutcomes(appId, ["os__click.count", "Purchase.sum"], {
      outcome_time_range: "1d",
      outcome_attribution: "direct"
    })
    for (const outcome of data.outcomes ?? []) {
      yield* Console.log(`${outcome.id} (${outcome.aggregation}): ${outcome.value}`)
    }
    return data
  })

/** The whole job. */
export const program = (appId: string, stagingAppId: string) =>
  Effect.gen(function*() {
    yield* ensureSegment(appId, "3f0a6c1e-5b7d-4e2a-9c8b-1d2e3f4a5b6c")
    const templateId = yield* createCampaignTemplate(appId)
    if (templateId !== "") yield* promoteTemplate(templateId, appId, stagingAppId)
    yield* lastDayOutcomes(appId)
  })
