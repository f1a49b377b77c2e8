/**
 * Every identifier the package gives a schema or a service is namespaced
 * (`"effect-onesignal/Notification"`), so it cannot clash with a user's own
 * `"Notification"` in a ParseError, a pretty-printed schema or a `Context`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Root from "../src/index.js"
import * as Testing from "../src/testing/index.js"

const namespace = "effect-onesignal/"

// The identifiers effect itself gives its schemas (`Int`, `NonEmptyString`,
// `NumberFromString`, ...): ours may use those schemas as they are.
const effectIdentifiers: ReadonlySet<string> = new Set(
  Object.values(Schema).flatMap((value) =>
    Schema.isSchema(value) ? Option.toArray(AST.getIdentifierAnnotation(value.ast)) : []
  )
)

interface Found {
  readonly identifier: string
  readonly at: string
}

const children = (ast: AST.AST): ReadonlyArray<readonly [string, AST.AST]> => {
  switch (ast._tag) {
    case "Transformation":
      return [["", ast.from], ["", ast.to]]
    case "Refinement":
      return [["", ast.from]]
    case "Declaration":
      return ast.typeParameters.map((type) => ["", type])
    case "Union":
      return ast.types.map((type) => ["", type])
    case "TupleType":
      return [...ast.elements, ...ast.rest].map((element) => ["[]", element.type])
    case "TypeLiteral":
      return [
        ...ast.propertySignatures.map((property) => [`.${String(property.name)}`, property.type] as const),
        ...ast.indexSignatures.map((index) => ["[key]", index.type] as const)
      ]
    case "Suspend":
      return [["", ast.f()]]
    default:
      return []
  }
}

// Walks every value reachable from the two entries (namespaces, classes,
// endpoint declarations, their own properties), and every schema's AST down to
// its leaves, collecting identifier annotations and `Context` tag keys.
const collect = (entries: Record<string, unknown>): {
  readonly identifiers: ReadonlyArray<Found>
  readonly tagKeys: ReadonlyArray<Found>
} => {
  const identifiers: Array<Found> = []
  const tagKeys: Array<Found> = []
  const seenValues = new Set<unknown>()
  const seenNodes = new Set<AST.AST>()
  const walkAst = (ast: AST.AST, at: string): void => {
    if (seenNodes.has(ast)) return
    seenNodes.add(ast)
    const identifier = AST.getIdentifierAnnotation(ast)
    if (Option.isSome(identifier)) identifiers.push({ identifier: identifier.value, at })
    for (const [step, child] of children(ast)) walkAst(child, at + step)
  }
  const visit = (value: unknown, at: string): void => {
    if (value === null || (typeof value !== "object" && typeof value !== "function") || seenValues.has(value)) return
    seenValues.add(value)
    if (Schema.isSchema(value)) return walkAst(value.ast, at)
    if (Context.isTag(value)) tagKeys.push({ identifier: value.key, at })
    for (const key of Reflect.ownKeys(value)) {
      if (key === "prototype") continue
      const descriptor = Object.getOwnPropertyDescriptor(value, key)
      if (descriptor === undefined) continue
      // A namespace re-export (`export * as Exports`) is a getter under vitest.
      if ("value" in descriptor) visit(descriptor.value, `${at}.${String(key)}`)
      else if (descriptor.enumerable === true && descriptor.get !== undefined) {
        visit(descriptor.get.call(value), `${at}.${String(key)}`)
      }
    }
  }
  for (const [name, value] of Object.entries(entries)) visit(value, name)
  return { identifiers, tagKeys }
}

const outside = (found: ReadonlyArray<Found>, allowed: ReadonlySet<string> = new Set()) =>
  found.filter(({ identifier }) => !identifier.startsWith(namespace) && !allowed.has(identifier))
    .map(({ at, identifier }) => `${at}: ${identifier}`)

describe.each([
  ["src/index.ts", Root as Record<string, unknown>],
  ["src/testing/index.ts", Testing as Record<string, unknown>]
])("identifiers reachable from %s", (_entry, entries) => {
  const { identifiers, tagKeys } = collect(entries)

  it("every schema identifier is effect-onesignal/<Name> (or one of effect's own schemas)", () => {
    expect(outside(identifiers, effectIdentifiers)).toEqual([])
  })

  it("every Context tag key is effect-onesignal/<Name>", () => {
    expect(outside(tagKeys)).toEqual([])
  })
})

describe("the walk", () => {
  const { identifiers, tagKeys } = collect(Root as Record<string, unknown>)
  const names = new Set(identifiers.map(({ identifier }) => identifier))

  it("reaches the models, the errors and the nested schemas", () => {
    expect(names).toContain("effect-onesignal/Notification")
    expect(names).toContain("effect-onesignal/NotificationWithMeta")
    expect(names).toContain("effect-onesignal/NotFound")
    expect(names).toContain("effect-onesignal/SubscriptionRow")
    expect(names.size).toBeGreaterThan(80)
  })

  it("reaches the services", () => {
    expect(tagKeys.map(({ identifier }) => identifier)).toEqual(
      expect.arrayContaining(["effect-onesignal/OneSignal", "effect-onesignal/RestApiKey"])
    )
  })

  it("would report a bare identifier", () => {
    class Bare extends Schema.Class<Bare>("Bare")({ inner: Schema.Struct({}).annotations({ identifier: "Inner" }) }) {}
    expect(outside(collect({ Bare }).identifiers)).toEqual(expect.arrayContaining(["Bare: Bare", "Bare.inner: Inner"]))
  })
})
