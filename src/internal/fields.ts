/**
 * Helpers that derive the property signatures of a wire model from one record
 * of plain field schemas, so a resource writes its field set once and gets
 * both a strict request shape and a lenient response shape from it.
 *
 * Not part of the public entry points; the types stay un-tagged `@internal`
 * because the emitted declarations of the models refer to them.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/**
 * Constrains `F` to a record of plain field schemas: no `Schema.optional`,
 * no property signatures, just the schema of each value. Written as a mapped
 * type (not an index signature) so that interfaces qualify too.
 *
 * @since 0.1.0
 * @category Fields
 */
export type PlainFields<F> = { readonly [K in keyof F]: Schema.Schema.All }

/**
 * The request form of `F`: every key listed in `R` keeps its schema as a
 * required property, every other key becomes `Schema.optional`.
 *
 * @since 0.1.0
 * @category Fields
 */
export type RequestFields<F extends PlainFields<F>, R extends keyof F> = {
  readonly [K in keyof F]: K extends R ? F[K] : Schema.optional<F[K]>
}

/**
 * A value of a closed set as OneSignal reports it: one of the values this
 * library knows, typed as such, or a value added later, kept as it came.
 * `(string & {})` keeps editor completion of the known values.
 *
 * @since 0.1.0
 * @category Fields
 */
export type Reported<A> = A extends string ? A | (string & {}) : A extends number ? A | (number & {}) : A

/**
 * Marks a schema whose answers need a form of their own (a nested model with
 * closed sets, e.g. a filter's `relation`): {@link lenient} uses the form
 * stored under this key instead of the schema.
 *
 * @since 0.1.0
 * @category Fields
 */
export const ReportedForm: unique symbol = Symbol.for("effect-onesignal/ReportedForm")

/**
 * The response form of one plain field schema: a closed set of string or
 * number literals accepts any string or number, typed {@link Reported}; a
 * schema with a {@link ReportedForm} becomes that form; `NullOr` and
 * `Array` of either become `NullOr` and `Array` of the lenient form; every
 * other schema is left as it is.
 *
 * @since 0.1.0
 * @category Fields
 */
export type Lenient<S> = S extends { readonly [ReportedForm]: infer R } ? R
  : S extends Schema.Literal<infer L> ? L[number] extends string | number ? Schema.Schema<Reported<L[number]>> : S
  : S extends Schema.NullOr<infer V> ? Lenient<V> extends V ? S
    : Lenient<V> extends infer L extends Schema.Schema.All ? Schema.NullOr<L>
    : never
  : S extends Schema.Array$<infer V> ? Lenient<V> extends V ? S
    : Lenient<V> extends infer L extends Schema.Schema.Any ? Schema.Array$<L>
    : never
  : S

/**
 * The response form of `F`: every key becomes
 * `Schema.optional(Schema.NullOr(...))`, because OneSignal omits and nulls
 * fields freely in what it sends back, and a closed set of values keeps a
 * value it does not know ({@link lenient}).
 *
 * @since 0.1.0
 * @category Fields
 */
export type LenientFields<F extends PlainFields<F>> = {
  readonly [K in keyof F]: Schema.optional<Schema.NullOr<Lenient<F[K]>>>
}

/**
 * The annotation that marks the lenient form of a closed set, holding the
 * values known when this library was written (for docs and tests).
 *
 * @since 0.1.0
 * @category Fields
 */
export const KnownValues: unique symbol = Symbol.for("effect-onesignal/KnownValues")

/**
 * Gives `strict` (a request schema) the form its answers are decoded with,
 * for {@link lenient}: declare it beside the strict schema, once.
 *
 * @since 0.1.0
 * @category Fields
 */
export const withReportedForm = <S extends Schema.Schema.All, R extends Schema.Schema.All>(
  strict: S,
  reported: R
): S & { readonly [ReportedForm]: R } => Object.assign(strict, { [ReportedForm]: reported })

const isNull = (schema: Schema.Schema.All): boolean => AST.isLiteral(schema.ast) && schema.ast.literal === null

/**
 * The response form of a plain field schema (see {@link Lenient}): a closed
 * set becomes `Schema.String` (or `Schema.Number`) annotated with the known
 * values, so OneSignal adding a value (a new `delayed_option`, a new
 * subscription type) never fails the decoding of a whole answer. Requests
 * keep the strict set.
 *
 * @since 0.1.0
 * @category Fields
 */
export const lenient = <S extends Schema.Schema.All>(schema: S): Lenient<S> => {
  const any = schema as any
  if (ReportedForm in any) return any[ReportedForm]
  if (Array.isArray(any.literals)) {
    const values: ReadonlyArray<AST.LiteralValue> = any.literals
    const base = values.every((value) => typeof value === "string")
      ? Schema.String
      : values.every((value) => typeof value === "number")
      ? Schema.Number
      : undefined
    return (base === undefined ? schema : base.annotations({ [KnownValues]: values })) as Lenient<S>
  }
  if (Array.isArray(any.members) && any.members.length === 2 && isNull(any.members[1])) {
    const inner = lenient(any.members[0])
    return (inner === any.members[0] ? schema : Schema.NullOr(inner as Schema.Schema.All)) as Lenient<S>
  }
  if (AST.isTupleType(schema.ast) && Schema.isSchema(any.value)) {
    const inner = lenient(any.value)
    return (inner === any.value ? schema : Schema.Array(inner as Schema.Schema.Any)) as Lenient<S>
  }
  return schema as Lenient<S>
}

const mapFields = <F extends PlainFields<F>>(
  fields: F,
  f: (key: string, schema: Schema.Schema.All) => Schema.Schema.All | Schema.PropertySignature.All
): Record<string, Schema.Schema.All | Schema.PropertySignature.All> => {
  const out: Record<string, Schema.Schema.All | Schema.PropertySignature.All> = {}
  for (const key of Object.keys(fields) as Array<keyof F & string>) {
    out[key] = f(key, fields[key])
  }
  return out
}

/**
 * Derives request fields: the keys in `required` stay required, all others
 * become optional. Nullability is whatever the plain schema says.
 *
 * @since 0.1.0
 * @category Fields
 */
export const requestFields = <F extends PlainFields<F>, const R extends ReadonlyArray<keyof F & string>>(
  fields: F,
  required: R
): RequestFields<F, R[number]> => {
  const keep = new Set<string>(required)
  return mapFields(fields, (key, schema) => keep.has(key) ? schema : Schema.optional(schema)) as RequestFields<
    F,
    R[number]
  >
}

/**
 * Derives response fields: every field becomes optional and accepts `null`,
 * and a closed set of values becomes {@link lenient}.
 *
 * @since 0.1.0
 * @category Fields
 */
export const lenientFields = <F extends PlainFields<F>>(fields: F): LenientFields<F> =>
  mapFields(fields, (_, schema) => Schema.optional(Schema.NullOr(lenient(schema)))) as unknown as LenientFields<F>
