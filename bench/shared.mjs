// Constants and helpers shared by the stub, the client processes and the runner.

export const appId = "8250eaf6-1a58-489e-b136-7c74a864b434"
/** The id the stub's GET answer carries (every GET answers the same precomputed body). */
export const notificationId = "b98881cc-1e94-4366-bbd9-db8f3429292b"
export const restApiKey = "bench-key"

/** The message every client sends: same fields for all of them. */
export const makeNotification = () => ({
  app_id: appId,
  contents: { en: "Your order has shipped", es: "Tu pedido fue enviado" },
  headings: { en: "Order update" },
  include_aliases: { external_id: ["user-42"] },
  target_channel: "push",
  data: { order_id: 1234 }
})

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const n = s.length
  if (n === 0) return NaN
  return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
}

/** The clients of the throughput measurement, as `bench/client.mjs` names them. */
export const clientNames = ["ours-undici", "ours-fetch", "platform-undici", "official", "raw-fetch", "raw-undici"]
