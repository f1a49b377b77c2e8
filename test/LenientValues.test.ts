/**
 * OneSignal adds values to its closed sets over time (`delayed_option`,
 * subscription types, ...). In an answer, a value this library does not know
 * must not fail the decoding of the whole model: every closed set of string
 * or number values reachable from an endpoint's success schema is the
 * lenient form (`lenient` in src/internal/fields.ts), never a bare literal
 * set. Requests stay strict; that is checked per resource.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Endpoint from "../src/internal/endpoint.js"
import { KnownValues, lenientFields } from "../src/internal/fields.js"
import { declaredEndpoints } from "./utils/endpoints.js"

/**
 * Literal values that are not a closed set OneSignal may extend: the
 * discriminators of our own tagged results (`_tag`).
 */
const discriminators = new Set(["_tag"])

/** The paths (in `schema`) of every bare string or number literal, outside discriminator fields. */
const strictLiterals = (root: AST.AST): Array<string> => {
  const found: Array<string> = []
  const seen = new Set<AST.AST>()
  const walk = (ast: AST.AST, path: string): void => {
    if (seen.has(ast)) return
    seen.add(ast)
    switch (ast._tag) {
      case "Literal":
        if (typeof ast.literal === "string" || typeof ast.literal === "number") {
          found.push(`${path}: ${JSON.stringify(ast.literal)}`)
        }
        return
      case "Union":
        return ast.types.forEach((type) => walk(type, path))
      case "TypeLiteral":
        for (const property of ast.propertySignatures) {
          if (!discriminators.has(String(property.name))) walk(property.type, `${path}.${String(property.name)}`)
        }
        for (const index of ast.indexSignatures) walk(index.type, `${path}[*]`)
        return
      case "TupleType":
        ast.elements.forEach((element, i) => walk(element.type, `${path}[${i}]`))
        return ast.rest.forEach((rest) => walk(rest.type, `${path}[]`))
      case "Refinement":
        return walk(ast.from, path)
      case "Transformation":
        return walk(ast.from, path)
      case "Suspend":
        return walk(ast.f(), path)
      case "Declaration":
        return ast.typeParameters.forEach((type) => walk(type, path))
    }
  }
  walk(root, "")
  return found
}

const compiled = (endpoint: (typeof declaredEndpoints)[number]["endpoint"]) => endpoint[Endpoint.TypeId]

describe("closed sets in answers are lenient", () => {
  for (const { endpoint, name } of declaredEndpoints) {
    it(`${name}: no strict literal set in its success schema`, () => {
      expect(strictLiterals(compiled(endpoint).schemas.success.ast)).toEqual([])
    })
  }

  it("negative control: a response model with a bare literal set is reported", () => {
    const Strict = Schema.Struct({ state: Schema.optional(Schema.Literal("draft", "active")) })
    expect(strictLiterals(Strict.ast)).toEqual(['.state: "draft"', '.state: "active"'])
  })

  it("lenientFields gives the lenient form, annotated with the known values, and decodes a new value", () => {
    const Model = Schema.Struct(lenientFields({
      state: Schema.Literal("draft", "active"),
      level: Schema.NullOr(Schema.Literal(1, 2)),
      kinds: Schema.Array(Schema.Literal("a", "b"))
    }))
    expect(strictLiterals(Model.ast)).toEqual([])
    const decoded = Schema.decodeUnknownSync(Model)({ state: "paused", level: 9, kinds: ["a", "c"] })
    expect(decoded).toEqual({ state: "paused", level: 9, kinds: ["a", "c"] })
    expect(() => Schema.decodeUnknownSync(Model)({ state: 1 })).toThrow()
    expect(() => Schema.decodeUnknownSync(Model)({ level: "1" })).toThrow()
    const state = (Model.ast as AST.TypeLiteral).propertySignatures.find((p) => p.name === "state")!.type
    const annotated = (ast: AST.AST): Option.Option<unknown> =>
      AST.isUnion(ast) ? Option.firstSomeOf(ast.types.map(annotated)) : AST.getAnnotation(ast, KnownValues)
    expect(annotated(state)).toEqual(Option.some(["draft", "active"]))
  })
})
