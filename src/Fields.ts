/**
 * The types of the two forms every model's fields come in: the request
 * form (strict; optional but for the required fields) and the response form
 * (lenient: every field optional and nullable, and a closed set of values
 * kept open, `Reported`). Models derive both from one record of plain field
 * schemas; these are the types their declarations are made of.
 *
 * @since 0.1.0
 */
import type * as Schema from "effect/Schema"

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

