// Runs @arethetypeswrong/cli on the packed package with every subpath entry
// point: each public module of dist/esm (`effect-onesignal/Notifications`,
// ...) besides the automatically found ".", "./testing" and "./package.json".
import { execFileSync } from "node:child_process"
import { readdirSync } from "node:fs"

const subpaths = readdirSync(new URL("../dist/esm/", import.meta.url))
  .filter((file) => file.endsWith(".js") && file !== "index.js")
  .map((file) => file.slice(0, -".js".length))
  .sort()

execFileSync("npx", ["attw", "--pack", ".", "--include-entrypoints", ...subpaths], { stdio: "inherit" })
console.log(`attw: the root, ./testing and ${subpaths.length} subpaths`)
