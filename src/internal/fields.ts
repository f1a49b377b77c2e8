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
 * The response form of `F`: every key becomes
 * `Schema.optional(Schema.NullOr(...))`, because OneSignal omits and nulls
 * fields freely in what it sends back.
 *
 * @since 0.1.0
 * @category Fields
 */
export type LenientFields<F extends PlainFields<F>> = {
  readonly [K in keyof F]: Schema.optional<Schema.NullOr<F[K]>>
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
 * Derives response fields: every field becomes optional and accepts `null`.
 *
 * @since 0.1.0
 * @category Fields
 */
export const lenientFields = <F extends PlainFields<F>>(fields: F): LenientFields<F> =>
  mapFields(fields, (_, schema) => Schema.optional(Schema.NullOr(schema))) as LenientFields<F>
