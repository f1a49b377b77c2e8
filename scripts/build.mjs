// Builds dist/ from src/:
//   dist/esm  ES modules + declarations + source maps (tsc), every module-level
//             call marked /*#__PURE__*/ so bundlers can drop what is unused;
//   dist/cjs  the same modules as CommonJS (esbuild, file by file, no bundling)
//             with a copy of the declarations, under a {"type":"commonjs"} marker.
import { build } from "esbuild"
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const dist = join(root, "dist")
const esm = join(dist, "esm")
const cjs = join(dist, "cjs")

rmSync(dist, { recursive: true, force: true })

// --- ESM and declarations with tsc ------------------------------------------

const configPath = join(root, "tsconfig.build.json")
const config = ts.getParsedCommandLineOfConfigFile(configPath, { outDir: esm }, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
  }
})
if (config === undefined) throw new Error("cannot read tsconfig.build.json")

// Command-line programs run their top-level calls on purpose: leave them alone.
const isEntryScript = (fileName) => fileName.includes("/src/bin/")

/**
 * Marks every call and `new` evaluated while a module loads (outside any
 * function body) as pure: the value is only needed if something uses it.
 */
const annotatePure = (context) => (sourceFile) => {
  if (isEntryScript(sourceFile.fileName)) return sourceFile
  const visit = (node) => {
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return node
    const visited = ts.visitEachChild(node, visit, context)
    if (ts.isCallExpression(visited) || ts.isNewExpression(visited)) {
      return ts.addSyntheticLeadingComment(visited, ts.SyntaxKind.MultiLineCommentTrivia, "#__PURE__", false)
    }
    return visited
  }
  return ts.visitEachChild(sourceFile, visit, context)
}

const program = ts.createProgram({ rootNames: config.fileNames, options: config.options })
const result = program.emit(undefined, undefined, undefined, false, { before: [annotatePure] })
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics]
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => "\n"
  }))
  process.exit(1)
}

// --- CommonJS with esbuild ----------------------------------------------------

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
  )

const files = walk(esm)
await build({
  entryPoints: files.filter((f) => f.endsWith(".js")),
  outbase: esm,
  outdir: cjs,
  format: "cjs",
  platform: "node",
  target: "node20",
  bundle: false,
  sourcemap: true,
  logLevel: "warning"
})
for (const file of files.filter((f) => f.endsWith(".d.ts"))) {
  const target = join(cjs, relative(esm, file))
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(file, target)
}
writeFileSync(join(cjs, "package.json"), JSON.stringify({ type: "commonjs" }) + "\n")

console.log(`built ${files.filter((f) => f.endsWith(".js")).length} modules into dist/esm and dist/cjs`)
