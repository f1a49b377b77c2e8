import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    // The package's own entry points, as tsconfig.json's `paths` map them.
    alias: [
      { find: /^effect-onesignal\/testing$/, replacement: src("testing/index.ts") },
      { find: /^effect-onesignal\/(.+)$/, replacement: src("$1.ts") },
      { find: /^effect-onesignal$/, replacement: src("index.ts") }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    sequence: { concurrent: false },
    testTimeout: 20_000
  }
})
