/**
 * A faster path in front of `Schema.decodeUnknownEither` /
 * `Schema.encodeUnknownEither` for the shapes OneSignal's models are made of.
 *
 * Effect's parser is general (effects, all-errors mode, issue trees, ...),
 * and on a wide response model such as `NotificationWithMeta` (about 40
 * optional, nullable fields) it costs more than the rest of a call. Here a
 * schema's AST is compiled once into plain functions for the common nodes:
 * keywords, literals, refinements, `NullOr`/`optional` unions, structs,
 * records, arrays and (when decoding) synchronous transformations such as
 * the one behind `Schema.Class`. Any other node is handed to Effect's own
 * parser.
 *
 * The fast path only ever answers "here is the value" or "I don't know":
 * when it does not succeed, the schema's own parser runs on the input and
 * its answer (success or a `ParseError` with the usual message) is the one
 * returned. So a success is produced by the same steps Effect would take,
 * and every failure is Effect's.
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

const FAIL: unique symbol = Symbol.for("effect-onesignal/fastParse/fail")

type Run = (input: unknown) => unknown

interface Node {
  readonly run: Run
  /** May accept an object or an array. */
  readonly objects: boolean
  /** May accept a value that is not an object or an array. */
  readonly primitives: boolean
  /** Gives back every value that is not an object unchanged when it accepts it. */
  readonly keepsPrimitives: boolean
  /** Gives back every value it accepts unchanged. */
  readonly identity: boolean
  /** No transformation anywhere below: the encoded and type sides match. */
  readonly pure: boolean
}

const hasOwn = Object.prototype.hasOwnProperty

const guard = (predicate: (u: unknown) => boolean): Node => ({
  run: (u) => (predicate(u) ? u : FAIL),
  objects: false,
  primitives: true,
  keepsPrimitives: true,
  identity: true,
  pure: true
})

/** What accepts only objects or arrays and builds a new value from them. */
const building = (run: Run, pure: boolean): Node => ({
  run,
  objects: true,
  primitives: false,
  keepsPrimitives: true,
  identity: false,
  pure
})

const isString = guard((u) => typeof u === "string")
const isNumber = guard((u) => typeof u === "number")
const isBoolean = guard((u) => typeof u === "boolean")
const isUndefined = guard((u) => u === undefined)
const anything: Node = { run: (u) => u, objects: true, primitives: true, keepsPrimitives: true, identity: true, pure: true }

class Compiler {
  private readonly memo = new Map<AST.AST, Node>()

  constructor(
    private readonly isDecoding: boolean,
    private readonly options: AST.ParseOptions
  ) {}

  /** Effect's own parser for a node this compiler does not handle. */
  private delegate(ast: AST.AST): Node {
    const parse = this.isDecoding
      ? ParseResult.decodeUnknownEither({ ast } as Schema.Schema<unknown>, this.options)
      : ParseResult.encodeUnknownEither({ ast } as Schema.Schema<unknown>, this.options)
    return {
      run: (u) => {
        const result = parse(u)
        return Either.isRight(result) ? result.right : FAIL
      },
      objects: true,
      primitives: true,
      keepsPrimitives: false,
      identity: false,
      pure: false
    }
  }

  compile(ast: AST.AST): Node {
    const cached = this.memo.get(ast)
    if (cached !== undefined) return cached
    const node = Option.isSome(AST.getParseOptionsAnnotation(ast)) ? this.delegate(ast) : this.go(ast)
    this.memo.set(ast, node)
    return node
  }

  private go(ast: AST.AST): Node {
    switch (ast._tag) {
      case "StringKeyword":
        return isString
      case "NumberKeyword":
        return isNumber
      case "BooleanKeyword":
        return isBoolean
      case "UndefinedKeyword":
        return isUndefined
      case "UnknownKeyword":
      case "AnyKeyword":
        return anything
      case "Literal": {
        const literal = ast.literal
        return guard((u) => u === literal)
      }
      case "Refinement":
        return this.refinement(ast)
      case "Union":
        return this.union(ast)
      case "TypeLiteral":
        return this.typeLiteral(ast)
      case "TupleType":
        return this.array(ast)
      case "Transformation":
        return this.transformation(ast)
      default:
        return this.delegate(ast)
    }
  }

  private refinement(ast: AST.Refinement): Node {
    const from = this.compile(ast.from)
    // Encoding checks the type side before encoding `from`: the same steps
    // only when `from` transforms nothing.
    if (!this.isDecoding && !from.pure) return this.delegate(ast)
    const options = this.options
    return {
      run: (u) => {
        const a = from.run(u)
        if (a === FAIL) return FAIL
        return Option.isNone(ast.filter(a, options, ast)) ? a : FAIL
      },
      objects: from.objects,
      primitives: from.primitives,
      keepsPrimitives: from.keepsPrimitives,
      identity: from.identity,
      pure: from.pure
    }
  }

  /**
   * Effect tries a union's members in an order of its own; the result does
   * not depend on it when every member gives back what it accepts unchanged,
   * or when at most one member may accept objects and all of them give back
   * the other values they accept unchanged (the `NullOr(Struct)` and
   * `optional(...)` of the models).
   */
  private union(ast: AST.Union): Node {
    const members = ast.types.map((member) => this.compile(member))
    const identity = members.every((member) => member.identity)
    const ordered = members.filter((member) => member.objects).length <= 1 &&
      members.every((member) => member.keepsPrimitives)
    if (!identity && !ordered) return this.delegate(ast)
    const runs = members.map((member) => member.run)
    const length = runs.length
    return {
      run: (u) => {
        for (let i = 0; i < length; i++) {
          const a = runs[i]!(u)
          if (a !== FAIL) return a
        }
        return FAIL
      },
      objects: members.some((member) => member.objects),
      primitives: members.some((member) => member.primitives),
      keepsPrimitives: true,
      identity,
      pure: members.every((member) => member.pure)
    }
  }

  /**
   * A struct, a `Record({ key: String, value })`, or both (a struct with one
   * string index signature). The steps follow Effect's: excess keys first
   * (kept only with `onExcessProperty: "preserve"`), then the property
   * signatures in order, then every string key through the index signature
   * (stored only when it is not a property signature's).
   */
  private typeLiteral(ast: AST.TypeLiteral): Node {
    const signatures = ast.propertySignatures
    const indexes = ast.indexSignatures
    if (signatures.length === 0 && indexes.length === 0) {
      // `{}`: anything but null and undefined, unchanged.
      return { ...anything, run: (u) => (u === null || u === undefined ? FAIL : u) }
    }
    if (this.options.onExcessProperty === "error") return this.delegate(ast)
    if (indexes.length > 1 || (indexes.length === 1 && indexes[0]!.parameter._tag !== "StringKeyword")) {
      return this.delegate(ast)
    }
    if (signatures.some((ps) => typeof ps.name !== "string")) return this.delegate(ast)
    const preserve = this.options.onExcessProperty === "preserve"
    const names = signatures.map((ps) => ps.name as string)
    const optional = signatures.map((ps) => ps.isOptional)
    const nodes = signatures.map((ps) => this.compile(ps.type))
    const runs = nodes.map((node) => node.run)
    const index = indexes.length === 1 ? this.compile(indexes[0]!.type) : undefined
    const indexRun = index?.run
    const expected = new Set<PropertyKey>(names)
    const length = names.length
    return building(
      (u) => {
        if (typeof u !== "object" || u === null || Array.isArray(u)) return FAIL
        const input = u as Record<PropertyKey, unknown>
        const output: Record<PropertyKey, unknown> = {}
        if (preserve) {
          for (const key of Reflect.ownKeys(input)) {
            if (!expected.has(key) && (indexRun === undefined || typeof key !== "string")) output[key] = input[key]
          }
        }
        for (let i = 0; i < length; i++) {
          const name = names[i]!
          // A missing required key is parsed as `undefined`, as Effect does
          // outside `exact` mode.
          if (optional[i] && !hasOwn.call(input, name)) continue
          const a = runs[i]!(input[name])
          if (a === FAIL) return FAIL
          output[name] = a
        }
        if (indexRun !== undefined) {
          for (const key of Object.keys(input)) {
            const a = indexRun(input[key])
            if (a === FAIL) return FAIL
            if (!expected.has(key)) output[key] = a
          }
        }
        return output
      },
      nodes.every((node) => node.pure) && (index === undefined || index.pure)
    )
  }

  /** `Array(item)`; other tuples go to Effect's parser. */
  private array(ast: AST.TupleType): Node {
    if (ast.elements.length !== 0 || ast.rest.length !== 1) return this.delegate(ast)
    const item = this.compile(ast.rest[0]!.type)
    const run = item.run
    return building(
      (u) => {
        if (!Array.isArray(u)) return FAIL
        const output = new Array(u.length)
        for (let i = 0; i < u.length; i++) {
          const a = run(u[i])
          if (a === FAIL) return FAIL
          output[i] = a
        }
        return output
      },
      item.pure
    )
  }

  /**
   * Decoding only, and only a final transformation whose `decode` answers
   * synchronously (as `Schema.transform` and `Schema.Class` do): decode
   * `from`, transform, then check the result against `to`.
   */
  private transformation(ast: AST.Transformation): Node {
    const transformation = ast.transformation
    if (!this.isDecoding || transformation._tag !== "FinalTransformation") return this.delegate(ast)
    const from = this.compile(ast.from)
    const options = this.options
    const prototype = plainClassPrototype(ast, options)
    if (prototype !== undefined) {
      return building((u) => {
        const a = from.run(u)
        return a === FAIL ? FAIL : Object.assign(Object.create(prototype), a)
      }, false)
    }
    const to = this.compile(ast.to)
    return {
      run: (u) => {
        const a = from.run(u)
        if (a === FAIL) return FAIL
        const result = transformation.decode(a, options, ast, u)
        if (!Either.isEither(result) || Either.isLeft(result)) return FAIL
        return to.run(result.right)
      },
      objects: from.objects,
      primitives: from.primitives,
      // What it accepts, it may change.
      keepsPrimitives: !from.primitives,
      identity: false,
      pure: false
    }
  }
}

/**
 * The prototype of a `Schema.Class` whose instances are nothing but their
 * fields: decoding one then only needs the struct and that prototype.
 *
 * `Schema.Class` decodes with `new Class(fields, true)`, which copies the
 * fields twice and looks for constructor defaults among all of them: on a
 * wide model, more than the decoding itself. When an instance built from
 * `{}` has no own property (no defaults, no `_tag`) and the class is the one
 * whose AST this is, `Object.assign(Object.create(prototype), fields)` builds
 * the same instance. The model classes of this package declare no
 * constructor of their own, which is what makes the shortcut exact; it is
 * not applied to schemas given by users.
 */
const plainClassPrototype = (ast: AST.Transformation, options: AST.ParseOptions): object | undefined => {
  if (ast.from._tag !== "TypeLiteral" || ast.to._tag !== "Declaration") return undefined
  try {
    const probe = (ast.transformation as AST.FinalTransformation).decode({}, options, ast, {})
    if (!Either.isEither(probe) || Either.isLeft(probe)) return undefined
    const instance: unknown = probe.right
    if (typeof instance !== "object" || instance === null || Reflect.ownKeys(instance).length > 0) return undefined
    const prototype = Object.getPrototypeOf(instance) as { readonly constructor?: unknown } | null
    const constructor: unknown = prototype?.constructor
    return prototype !== null && typeof constructor === "function" && "fields" in constructor &&
        (constructor as { readonly ast?: unknown }).ast === ast
      ? prototype
      : undefined
  } catch {
    return undefined
  }
}

/** A parser that answers like `Schema.decodeUnknownEither` / `encodeUnknownEither`. */
export type Parser = (input: unknown) => Either.Either<unknown, ParseResult.ParseError>

/**
 * Both parsers are built on first use, not when the endpoint is declared:
 * importing the package then costs no schema compilation, and a program
 * pays only for the endpoints it calls.
 */
const make = (
  schema: Schema.Schema<any, any, never>,
  isDecoding: boolean,
  options: AST.ParseOptions
): Parser => {
  let fast: Run | undefined
  let slow: Parser | undefined
  return (input) => {
    fast ??= new Compiler(isDecoding, options).compile(schema.ast).run
    const value = fast(input)
    if (value !== FAIL) return Either.right(value)
    slow ??= isDecoding ? Schema.decodeUnknownEither(schema, options) : Schema.encodeUnknownEither(schema, options)
    return slow(input)
  }
}

/** `Schema.decodeUnknownEither(schema, options)`, faster on common shapes. */
export const decoder = (schema: Schema.Schema<any, any, never>, options: AST.ParseOptions = {}): Parser =>
  make(schema, true, options)

/** `Schema.encodeUnknownEither(schema, options)`, faster on common shapes. */
export const encoder = (schema: Schema.Schema<any, any, never>, options: AST.ParseOptions = {}): Parser =>
  make(schema, false, options)
