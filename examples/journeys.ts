/**
 * An onboarding journey built through the Journeys API (beta): a draft is
 * created with a welcome push, then grown by a wait and a follow-up email
 * (resending the graph with the ids it was given, guarded by the
 * `concurrency_key`), one node is tuned in place, every journey of the app
 * is listed with `Pagination.journeys`, the stats are read, and the draft is
 * copied and deleted.
 *
 * `buildOnboarding` and `program` are Effects that need the `OneSignal`
 * service; run this file (`npx tsx examples/journeys.ts`) to see them
 * against the embedded simulator.
 */
import { Console, Effect, Stream } from "effect"
import { OneSignal, Pagination } from "effect-onesignal"
import type { JourneyNodeInput } from "effect-onesignal/Journeys"
import { Simulator } from "effect-onesignal/testing"
import { runWhenMain } from "./on-simulator.js"

/** Creates the draft and grows it; gives back its id. */
export const buildOnboarding = (appId: string, segmentId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const draft = yield* onesignal.createJourney(appId, {
      name: "Onboarding",
      description: "Welcome new sign-ups over their first day",
      audience: { kind: "segment", included_segment_ids: [segmentId], future_additions_only: true },
      early_exit: { rules: { when_not_in_audience: true } },
      nodes: [{ kind: "send_push", client_node_id: "welcome", template_id: "welcome-push" }]
    })
    yield* Console.log(`created ${draft.name} (${draft.state}) with ${draft.nodes?.length ?? 0} node`)

    // `nodes` replaces the whole graph: the existing node is sent back with its id.
    const kept: ReadonlyArray<JourneyNodeInput> = (draft.nodes ?? []).map((node) => ({
      id: node.id!,
      kind: "send_push",
      template_id: node.template_id ?? "welcome-push"
    }))
    const grown = yield* onesignal.updateJourney(appId, draft.id!, {
      nodes: [
        ...kept,
        { kind: "wait", duration_seconds: 6 * 60 * 60 },
        { kind: "send_email", template_id: "getting-started-email" }
      ],
      concurrency_key: draft.concurrency_key!
    })
    yield* Console.log(`now ${grown.nodes?.map((node) => node.kind).join(" → ")}`)

    // One node changes in place; the others, and anyone waiting on them, stay.
    const wait = grown.nodes?.find((node) => node.kind === "wait")
    const tuned = yield* onesignal.updateJourneyNode(appId, draft.id!, wait!.id!, {
      duration_seconds: 3 * 60 * 60,
      annotation: "give the push time to land"
    })
    yield* Console.log(`the wait is ${(tuned.nodes?.[1]?.duration_seconds ?? 0) / 3600} h`)

    // A stale key: another writer would get a Conflict instead of overwriting.
    yield* onesignal.updateJourney(appId, draft.id!, { name: "Onboarding v0", concurrency_key: draft.concurrency_key! })
      .pipe(Effect.catchTag("Conflict", (conflict) => Console.log(`refused: ${conflict.errors.join("; ")}`)))
    return draft.id!
  })

/** The whole tour: build, list, read stats, copy, delete. */
export const program = (appId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const segment = yield* onesignal.createSegment(appId, {
      name: "New sign-ups",
      filters: [{ field: "session_count", relation: "<", value: "2" }]
    })
    const journeyId = yield* buildOnboarding(appId, segment.id!)

    const copy = yield* onesignal.duplicateJourney(appId, journeyId, { overrides: { name: "Onboarding (Spanish)" } })
    yield* Console.log(`copied into ${copy.name} (${copy.state})`)

    yield* Console.log("the app's journeys, newest first:")
    yield* Pagination.journeys(appId).pipe(
      Stream.runForEach((journey) => Console.log(`  ${journey.name}: ${journey.state}, audience ${journey.audience?.kind}`))
    )

    const stats = yield* onesignal.viewJourneyStats(appId, journeyId)
    yield* Console.log(
      `stats: ${stats.started} started, ${Object.keys(stats.nodes ?? {}).length} nodes counted (a draft counts zeros)`
    )

    yield* onesignal.deleteJourney(appId, copy.id!)
    yield* onesignal.deleteJourney(appId, journeyId)
    yield* onesignal.viewJourney(appId, journeyId).pipe(
      Effect.catchTag("NotFound", () => Console.log("deleted"))
    )
  })

runWhenMain(
  import.meta.url,
  program(Simulator.defaultAppId).pipe(
    Effect.zipRight(Effect.flatMap(Simulator.state, (state) =>
      Console.log(`The simulator holds ${state.journeys.length} journeys.`)))
  )
)
