// The compiled parsers of src/internal/fastParse.ts must answer exactly as
// Effect's own `Schema.decodeUnknownEither` / `encodeUnknownEither` do: same
// success value (same prototype, same keys), and on failure Effect's own
// error. Checked on every schema of every declared endpoint, with values
// generated from the schemas and with arbitrary JSON.
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as Endpoint from "../src/internal/endpoint.js"
import * as FastParse from "../src/internal/fastParse.js"
import { NotificationWithMeta } from "../src/Notifications.js"
import { declaredEndpoints, exportedEndpoints } from "./utils/endpoints.js"


type AnySchema = Schema.Schema<any, any, never>

const schemas: Array<{ readonly name: string; readonly kind: "success" | "body" | "query"; readonly schema: AnySchema }> =
  []
for (const { endpoint, module, name } of declaredEndpoints) {
  const compiled = endpoint[Endpoint.TypeId]
  for (const kind of ["success", "body", "query"] as const) {
    const schema = compiled.schemas[kind]
    if (schema !== undefined) schemas.push({ name: `${module}.${name} ${kind}`, kind, schema })
  }
}

const preserve = { onExcessProperty: "preserve" } as const

/** Equal answers: both succeed with equal values (prototypes included), or both fail with the same message. */
const expectSame = (fast: Either.Either<unknown, unknown>, slow: Either.Either<unknown, unknown>) => {
  expect(fast._tag).toBe(slow._tag)
  if (Either.isRight(fast) && Either.isRight(slow)) {
    expect(fast.right).toStrictEqual(slow.right)
    if (typeof slow.right === "object" && slow.right !== null) {
      expect(Object.getPrototypeOf(fast.right)).toBe(Object.getPrototypeOf(slow.right))
      expect(Reflect.ownKeys(fast.right as object)).toEqual(Reflect.ownKeys(slow.right))
    }
  } else if (Either.isLeft(fast) && Either.isLeft(slow)) {
    expect(String(fast.left)).toBe(String(slow.left))
  }
}

describe("fastParse", () => {
  it("finds the schemas of every declared endpoint", () => {
    // One success schema per endpoint the package exports (aliases are the same function).
    expect(exportedEndpoints.size).toBeGreaterThan(70)
    expect(schemas.filter((s) => s.kind === "success").length).toBe(exportedEndpoints.size)
    expect(schemas.filter((s) => s.kind === "body").length).toBeGreaterThan(20)
    expect(schemas.filter((s) => s.kind === "query").length).toBeGreaterThan(10)
  })

  describe("decodes every response as Schema.decodeUnknownEither does", () => {
    for (const { kind, name, schema } of schemas.filter((s) => s.kind === "success")) {
      it(name, () => {
        const fast = FastParse.decoder(schema)
        const slow = Schema.decodeUnknownEither(schema)
        // Values of the encoded (wire) side, then arbitrary JSON.
        FastCheck.assert(
          FastCheck.property(Arbitrary.make(Schema.encodedSchema(schema)), (input) => {
            expectSame(fast(input), slow(input))
          }),
          { numRuns: 40, seed: 42 }
        )
        FastCheck.assert(
          FastCheck.property(FastCheck.jsonValue({ maxDepth: 3 }), (input) => {
            expectSame(fast(input), slow(input))
          }),
          { numRuns: 40, seed: 7 }
        )
        expect(kind).toBe("success")
      })
    }
  })

  describe("encodes every request part as Schema.encodeUnknownEither does (excess properties kept)", () => {
    for (const { name, schema } of schemas.filter((s) => s.kind !== "success")) {
      it(name, () => {
        const fast = FastParse.encoder(schema, preserve)
        const slow = Schema.encodeUnknownEither(schema, preserve)
        FastCheck.assert(
          FastCheck.property(Arbitrary.make(Schema.typeSchema(schema)), (input) => {
            expectSame(fast(input), slow(input))
          }),
          { numRuns: 40, seed: 42 }
        )
        FastCheck.assert(
          FastCheck.property(FastCheck.jsonValue({ maxDepth: 3 }), (input) => {
            expectSame(fast(input), slow(input))
          }),
          { numRuns: 40, seed: 7 }
        )
      })
    }
  })

  it("builds model classes without their constructor, with the same result", () => {
    const decode = FastParse.decoder(NotificationWithMeta)
    const wire = { id: "n1", contents: { en: "Hi" }, successful: 3, unknown_field: true, headings: null }
    const fast = decode(wire)
    const slow = Schema.decodeUnknownEither(NotificationWithMeta)(wire)
    expectSame(fast, slow)
    expect(Either.getOrThrow(fast)).toBeInstanceOf(NotificationWithMeta)
    expect(Either.getOrThrow(fast)).not.toHaveProperty("unknown_field")
  })

  it("keeps a class's constructor defaults (no shortcut for such classes)", () => {
    class WithDefault extends Schema.Class<WithDefault>("WithDefault")({
      a: Schema.String,
      b: Schema.optionalWith(Schema.Number, { default: () => 1 })
    }) {}
    const fast = FastParse.decoder(WithDefault)({ a: "x" })
    expectSame(fast, Schema.decodeUnknownEither(WithDefault)({ a: "x" }))
    expect(Either.getOrThrow(fast)).toBeInstanceOf(WithDefault)
  })

  it("fails with Effect's own message", () => {
    const decode = FastParse.decoder(NotificationWithMeta)
    const fast = decode({ id: 12 })
    expect(Either.isLeft(fast)).toBe(true)
    expectSame(fast, Schema.decodeUnknownEither(NotificationWithMeta)({ id: 12 }))
  })

  it("gives the same answer on unions whose members overlap (handed to Effect)", () => {
    const schema = Schema.Union(
      Schema.Struct({ a: Schema.String }),
      Schema.Struct({ a: Schema.String, b: Schema.Number })
    )
    for (const input of [{ a: "x" }, { a: "x", b: 1 }, { b: 1 }]) {
      expectSame(FastParse.decoder(schema)(input), Schema.decodeUnknownEither(schema)(input))
    }
  })
})
