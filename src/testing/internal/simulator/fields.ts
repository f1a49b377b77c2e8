/**
 * Type rules for the fields of request bodies, shared by the simulator's
 * resource modules: a field of the wrong type rejects the request with a 400
 * that names it and says what it must be.
 */
import type { Json } from "./core.js"

/** What a field of a request body must hold, and how a 400 names it. */
export interface FieldRule {
  readonly check: (value: unknown) => boolean
  readonly expected: string
}

/** A string field. */
export const stringRule: FieldRule = { check: (u) => typeof u === "string", expected: "a string" }

/** A boolean field. */
export const booleanRule: FieldRule = { check: (u) => typeof u === "boolean", expected: "a boolean" }

/** A finite number field. */
export const numberRule: FieldRule = {
  check: (u) => typeof u === "number" && Number.isFinite(u),
  expected: "a number"
}

/** An integer field. */
export const integerRule: FieldRule = { check: (u) => Number.isInteger(u), expected: "an integer" }

/** A field that is one of `values`. */
export const oneOfRule = (values: ReadonlyArray<string | number>): FieldRule => ({
  check: (u) => values.includes(u as string | number),
  expected: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
})

/** `rule`, or `null`. */
export const nullableRule = (rule: FieldRule): FieldRule => ({
  check: (u) => u === null || rule.check(u),
  expected: `${rule.expected} or null`
})

/** An array of strings. */
export const stringArrayRule: FieldRule = {
  check: (u) => Array.isArray(u) && u.every((item) => typeof item === "string"),
  expected: "an array of strings"
}

/**
 * The fields of `body` that `rules` knows, checked: a field of the wrong
 * type is answered with `fail("<prefix.>name must be <expected>.")` (a 400 in
 * the error body the resource uses); unknown fields are dropped (as OneSignal
 * ignores them) and absent ones left out.
 */
export const checkFields = (
  body: Json,
  rules: Readonly<Record<string, FieldRule>>,
  fail: (issue: string) => never,
  prefix?: string
): Json => {
  const out: Json = {}
  for (const [name, rule] of Object.entries(rules)) {
    const value = body[name]
    if (value === undefined) continue
    if (!rule.check(value)) fail(`${prefix === undefined ? "" : `${prefix}.`}${name} must be ${rule.expected}.`)
    out[name] = value
  }
  return out
}
