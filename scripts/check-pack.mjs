// Checks what `npm pack` would publish: no tests, benchmarks or examples, the
// entry points present, and every source map's sources inside the package.
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { dirname, join, normalize } from "node:path"

const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" }))
const files = new Set(pack.files.map((f) => f.path))
const problems = []

for (const file of files) {
  if (/^(test|bench|examples|scripts)\//.test(file) || /\.test\.[cm]?[jt]s$/.test(file)) {
    problems.push(`should not be published: ${file}`)
  }
}
for (const entry of ["dist/esm/index.js", "dist/cjs/index.js", "dist/esm/testing/index.js", "dist/cjs/testing/index.js"]) {
  if (!files.has(entry)) problems.push(`missing entry point: ${entry}`)
}
let maps = 0
for (const file of files) {
  if (!file.endsWith(".map")) continue
  maps++
  const map = JSON.parse(readFileSync(file, "utf8"))
  for (const source of map.sources ?? []) {
    const target = normalize(join(dirname(file), map.sourceRoot ?? "", source))
    if (!files.has(target)) problems.push(`${file} points to ${target}, which is not in the package`)
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"))
  process.exit(1)
}
console.log(`npm pack: ${files.size} files, ${pack.size} bytes packed; ${maps} source maps all resolve inside the package`)
