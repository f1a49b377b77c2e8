// The built package loads from CommonJS and from ES modules, and sends a
// notification to the in-memory simulator either way.
const assert = require("node:assert/strict")

const run = async (lib, testing, how) => {
  const { Effect, Layer } = require("effect")
  const layer = lib.OneSignal.layer.pipe(
    Layer.provide(lib.RestApiKey.layer(testing.Simulator.defaultRestApiKey)),
    Layer.provide(lib.OneSignalConfig.layer({ baseUrl: "https://simulator.invalid" })),
    Layer.provideMerge(testing.Simulator.layer())
  )
  const result = await Effect.runPromise(
    lib.Notifications.createNotification({
      app_id: testing.Simulator.defaultAppId,
      included_segments: ["Subscribed Users"],
      contents: { en: "smoke" }
    }).pipe(Effect.provide(layer))
  )
  assert.equal(result._tag, "Sent")
  console.log(`${how}: sent ${result.id}`)
}

/** A resource module loads by its subpath, and the internal modules do not load at all. */
const subpaths = async () => {
  const viaRequire = require("effect-onesignal/Notifications")
  const viaImport = await import("effect-onesignal/Notifications")
  assert.equal(typeof viaRequire.createNotification, "function")
  assert.equal(typeof viaImport.createNotification, "function")
  for (const blocked of ["effect-onesignal/internal/endpoint", "effect-onesignal/testing/internal/simulator/core"]) {
    assert.throws(() => require(blocked), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" })
    await assert.rejects(import(blocked), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" })
  }
  console.log("subpaths: effect-onesignal/Notifications loads, ./internal/* is blocked")
}

const main = async () => {
  await run(require("effect-onesignal"), require("effect-onesignal/testing"), "require")
  await run(await import("effect-onesignal"), await import("effect-onesignal/testing"), "import")
  await subpaths()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
