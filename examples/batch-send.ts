/**
 * A campaign to every customer of a large list, and a transactional message
 * keyed by its order: both safe to run again after a crash.
 *
 * `announceSale` streams the customers' External IDs (here generated; in a
 * real service, rows of a database cursor), sends one message to all of them
 * in chunks of 20,000 with 4 requests in flight, logs every chunk as it
 * completes, and returns the totals. Its batch key is derived from the
 * campaign id, so running it again — the process died, the deploy restarted
 * it — replays the chunks OneSignal already accepted and sends only the
 * others.
 *
 * Nothing runs at import time: `program` is an Effect. Run it with
 *
 *   program.pipe(
 *     Effect.provide(OneSignal.layerConfig()),
 *     Effect.provide(FetchHttpClient.layer),
 *     Effect.runPromise
 *   )
 */
import { Config, Console, Effect, Stream } from "effect"
import { Batch, Idempotency, OneSignal } from "effect-onesignal"

/** The External IDs of the customers to reach, read lazily. */
const customerIds = (count: number): Stream.Stream<string> =>
  Stream.range(1, count).pipe(Stream.map((n) => `customer-${n}`))

/** Sends the sale announcement to `count` customers, one line per chunk, and returns the totals. */
export const announceSale = (appId: string, campaignId: string, count: number) =>
  Batch.sendStream(
    {
      app_id: appId,
      target_channel: "push",
      headings: { en: "Summer sale" },
      contents: { en: "Everything is 20% off until Sunday." }
    },
    { aliases: { label: "external_id", ids: customerIds(count) } },
    { batchKey: `campaign-${campaignId}`, chunkSize: Batch.maxChunkSize, concurrency: 4 }
  ).pipe(
    Stream.tap((chunk) => {
      const { index, outcome, size } = chunk
      switch (outcome._tag) {
        case "Sent":
          return Console.log(
            `chunk ${index}: ${size} recipients, message ${outcome.id}` +
              (outcome.wasReplayed ? " (replayed: sent by an earlier run)" : "")
          )
        case "NotSent":
          return Console.log(`chunk ${index}: nothing sent: ${outcome.reasons.join("; ")}`)
        case "Failed":
          return Console.error(`chunk ${index}: failed (${outcome.error._tag}: ${outcome.error.message})`)
      }
    }),
    Stream.run(Batch.totals)
  )

/** Tells a customer their order shipped, once per order, however often it is called. */
export const notifyShipped = (appId: string, orderId: string, customerId: string) =>
  Effect.gen(function*() {
    const onesignal = yield* OneSignal
    const result = yield* onesignal.createNotification(
      {
        app_id: appId,
        target_channel: "push",
        include_aliases: { external_id: [customerId] },
        contents: { en: `Order ${orderId} is on its way` }
      },
      { idempotencyKey: Idempotency.idempotencyKeyFrom("order-shipped", orderId) }
    )
    yield* Console.log(
      result._tag === "Sent"
        ? `order ${orderId}: message ${result.id}${result.wasReplayed ? " (already sent earlier)" : ""}`
        : `order ${orderId}: not sent: ${result.reasons.join("; ")}`
    )
  })

export const program = Effect.gen(function*() {
  const appId = yield* Config.string("ONESIGNAL_APP_ID")
  const totals = yield* announceSale(appId, "2025-summer", 50_000)
  yield* Console.log(
    `${totals.recipients} recipients in ${totals.chunks} chunks: ${totals.sent} sent ` +
      `(${totals.replayed} replayed), ${totals.notSent} not sent, ${totals.failed} failed; ` +
      `${totals.invalidRecipients} unknown recipients`
  )
  if (totals.failed > 0) yield* Console.log("Run the program again: it sends the failed chunks only.")
  yield* notifyShipped(appId, "A-1042", "customer-7")
}).pipe(
  Effect.catchTag("InvalidBatch", (error) => Console.error(error.message))
)
