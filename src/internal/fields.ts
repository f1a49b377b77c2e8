/**
 * Helpers that derive the property signatures of a wire model from one record
 * of plain field schemas, so a resource writes its field set once and gets
 * both a strict request shape and a lenient response shape from it.
 *
 * The functions are internal; the types they give (which the published
 * declarations of the models refer to) are in the public `Fields` module.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import {
  KnownValues,
  type Lenient,
  type LenientFields,
  type PlainFields,
  type Reported,
  ReportedForm,
  type RequestFields
} from "../Fields.js"

export { KnownValues, type Lenient, type LenientFields, type PlainFields, type Reported, ReportedForm, type RequestFields }

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
