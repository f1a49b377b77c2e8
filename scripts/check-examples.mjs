// Type-checks the code examples of the documentation: every fenced ```ts block
// in the doc comments of src/**/*.ts (`@example` blocks and any other fenced
// block in a `/** ... */` comment), in README.md and in docs/*.md.
//
//   node scripts/check-examples.mjs              check the examples
//   node scripts/check-examples.mjs --self-test  show that a broken block is reported
//
// Each block becomes its own file in .examples-check/ (git-ignored, rewritten
// on every run), and all of them are checked in one TypeScript program with the
// options of tsconfig.base.json (unused names allowed) and `effect-onesignal`,
// `effect-onesignal/testing` and the subpaths mapped to src/, as in tsconfig.json. A failure is
// reported at the file and line of the documentation it comes from.
//
// Two conventions keep the examples short without skipping them:
//
// - A block with an `import` or `export` is a module and is checked as written.
//   A block without either is a fragment, read as the body of an `Effect.gen`
//   (so it may `yield*`), with the imports of FRAGMENT_IMPORTS in scope.
// - The names of AMBIENT are declared in every block (a block's own
//   declaration of the same name wins): the ids and services that examples use
//   without saying where they come from.
//
// A block that is not a program (a list of signatures, say) opts out with
// ```ts skip-check on its fence.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const outDir = join(root, ".examples-check")

/** In scope in every fragment (a block with neither `import` nor `export`). */
const FRAGMENT_IMPORTS = `\
import { expect } from "@effect/vitest"
import { Console, Effect, Layer, Schema, Stream } from "effect"
import { Exports, OneSignal, Pagination, RetryPolicy } from "effect-onesignal"
import { MockTransport, Simulator } from "effect-onesignal/testing"
`

/** Declared (as globals) in every block. */
const AMBIENT = `\
declare const appId: string
declare const id: string
declare const segmentId: string
declare const journeyId: string
declare const waitNodeId: string
declare const pushTemplateId: string
declare const emailTemplateId: string
/** The app-scoped service, as \`yield* OneSignal\` gives it. */
declare const onesignal: import("effect").Context.Tag.Service<import("effect-onesignal").OneSignal>
`

// -----------------------------------------------------------------------------
// Extraction
// -----------------------------------------------------------------------------

const fence = /^(`{3,}|~{3,})\s*([\w-]*)(.*)$/

/**
 * The fenced blocks of `lines` (the text of a Markdown file, or of one doc
 * comment without its ` * ` margins); `firstLine` is the 1-based line of
 * `lines[0]` in `file`.
 */
const blocksOf = (file, lines, firstLine) => {
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = fence.exec(lines[i].trim())
    if (open === null) continue
    const [, marker, lang, info] = open
    let end = i + 1
    while (end < lines.length && !lines[end].trim().startsWith(marker)) end++
    if (lang === "ts" || lang === "typescript") {
      blocks.push({
        file,
        line: firstLine + i + 1,
        code: lines.slice(i + 1, end).join("\n"),
        skip: /\bskip-check\b/.test(info)
      })
    }
    i = end
  }
  return blocks
}

/** The fenced blocks of a Markdown file. */
export const markdownBlocks = (file, text) => blocksOf(file, text.split("\n"), 1)

/** The fenced blocks inside the `/** ... *\/` comments of a TypeScript file. */
export const docCommentBlocks = (file, text) => {
  const lines = text.split("\n")
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trimStart().startsWith("/**") || lines[i].includes("*/")) continue
    let end = i + 1
    while (end < lines.length && !lines[end].includes("*/")) end++
    const body = lines.slice(i + 1, end).map((line) => line.replace(/^\s*\* ?/, ""))
    blocks.push(...blocksOf(file, body, i + 2))
    i = end
  }
  return blocks
}

const isModule = (code) => /^\s*(import|export)\b/m.test(code)

/** The file checked for `block`, and how many lines precede the block's code. */
const sourceOf = (block) => {
  const head = `// ${block.file}:${block.line}\n`
  if (isModule(block.code)) return { text: `${head}${block.code}\n`, offset: 1 }
  const prefix = `${head}${FRAGMENT_IMPORTS}\nexport const example = Effect.gen(function*() {\n`
  return { text: `${prefix}${block.code}\n})\n`, offset: prefix.split("\n").length - 1 }
}

// -----------------------------------------------------------------------------
// Checking
// -----------------------------------------------------------------------------

const compilerOptions = () => {
  const base = join(root, "tsconfig.base.json")
  const { config, error } = ts.readConfigFile(base, ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"))
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, base)
  return {
    ...options,
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
    paths: {
      "effect-onesignal": [join(root, "src/index.ts")],
      "effect-onesignal/testing": [join(root, "src/testing/index.ts")],
      "effect-onesignal/*": [join(root, "src/*.ts")]
    }
  }
}

/**
 * Writes `blocks` into `dir`, type-checks them together and answers one
 * failure per diagnostic, at its place in the documentation.
 */
export const check = (blocks, dir = outDir) => {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, "ambient.d.ts"), AMBIENT)
  const files = new Map()
  blocks.filter((block) => !block.skip).forEach((block, n) => {
    const name = join(dir, `${String(n).padStart(3, "0")}-${block.file.replace(/[^\w.-]+/g, "_")}-${block.line}.ts`)
    const { text, offset } = sourceOf(block)
    writeFileSync(name, text)
    files.set(name, { block, offset })
  })
  const program = ts.createProgram([join(dir, "ambient.d.ts"), ...files.keys()], compilerOptions())
  const failures = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => ({
    file: "(compiler)",
    line: 0,
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n")
  }))
  for (const [name, { block, offset }] of files) {
    const source = program.getSourceFile(name)
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    for (const d of diagnostics) {
      const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
      const inBlock = at !== undefined && at.line >= offset && at.line - offset < block.code.split("\n").length
      failures.push({
        file: block.file,
        line: inBlock ? block.line + at.line - offset : block.line,
        column: inBlock ? at.character + 1 : undefined,
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
        checked: relative(root, name)
      })
    }
  }
  return failures
}

const format = (f) =>
  `${f.file}:${f.line}${f.column ? `:${f.column}` : ""} - error TS${f.code ?? ""}: ${f.message}` +
  (f.checked ? `\n    (checked as ${f.checked})` : "")

// -----------------------------------------------------------------------------
// The documentation
// -----------------------------------------------------------------------------

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]
  )

const documentation = () => {
  const read = (file) => readFileSync(join(root, file), "utf8")
  const sources = walk(join(root, "src")).filter((f) => f.endsWith(".ts")).map((f) => relative(root, f)).sort()
  const guides = readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`).sort()
  return [
    ...sources.flatMap((file) => docCommentBlocks(file, read(file))),
    ...["README.md", ...guides].flatMap((file) => markdownBlocks(file, read(file)))
  ]
}

// -----------------------------------------------------------------------------
// Self-test: a block with a type error is reported at its file and line
// -----------------------------------------------------------------------------

const selfTest = () => {
  const source = [
    "/**", //                                                 1
    " * A doc comment.", //                                   2
    " *", //                                                  3
    " * @example", //                                         4
    " * ```ts", //                                            5
    " * import { Effect } from \"effect\"", //                6
    " *", //                                                  7
    " * const n: number = Effect.succeed(1)", //              8: TS2322
    " * ```", //                                              9
    " */", //                                                 10
    "export const x = 1"
  ].join("\n")
  const markdown = [
    "# A guide", //                                           1
    "", //                                                    2
    "```ts", //                                               3
    "const page = yield* onesignal.getSegment(appId, segmentId)", // 4: fine, ambient names
    "const count: string = page.subscriber_count", //         5: TS2322
    "```", //                                                 6
    "", //                                                    7
    "```ts skip-check", //                                    8
    "send(message): Effect<Result>", //                       9: not checked
    "```", //                                                 10
    "", //                                                    11
    "```sh", //                                               12
    "npm test", //                                            13
    "```" //                                                  14
  ].join("\n")
  const blocks = [...docCommentBlocks("src/Fixture.ts", source), ...markdownBlocks("docs/Fixture.md", markdown)]
  const found = check(blocks, join(outDir, "self-test")).map((f) => `${f.file}:${f.line} TS${f.code}`)
  const expected = ["src/Fixture.ts:8 TS2322", "docs/Fixture.md:5 TS2322"]
  const ok = blocks.length === 3 && blocks[2].skip && JSON.stringify(found) === JSON.stringify(expected)
  console.log(`${ok ? "self-test passed" : "self-test FAILED"}: ${blocks.length} blocks, reported ${JSON.stringify(found)}`)
  if (!ok) {
    console.error(`expected ${JSON.stringify(expected)} (and the third block skipped)`)
    process.exit(1)
  }
}

// -----------------------------------------------------------------------------
// Main
// -----------------------------------------------------------------------------

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now()
  if (process.argv.includes("--self-test")) {
    selfTest()
  } else {
    const blocks = documentation()
    const failures = check(blocks)
    const skipped = blocks.filter((block) => block.skip)
    const files = new Set(blocks.map((block) => block.file)).size
    for (const f of failures) console.error(format(f))
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    const summary = `${blocks.length - skipped.length} examples from ${files} files checked` +
      (skipped.length > 0 ? `, ${skipped.length} skipped (${skipped.map((b) => `${b.file}:${b.line}`).join(", ")})` : "") +
      ` in ${seconds}s`
    if (failures.length > 0) {
      console.error(`\n${failures.length} errors; ${summary}`)
      process.exit(1)
    }
    console.log(summary)
  }
}
