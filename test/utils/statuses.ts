import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as RetryPolicy from "../../src/RetryPolicy.js"
import * as MockTransport from "../../src/testing/MockTransport.js"
import { json, orgScriptLayer, scriptLayer } from "./harness.js"

/** HTTP statuses, each with the tag of the error it must fail with. */
export type StatusTable = ReadonlyArray<readonly [status: number, tag: string]>

/** The statuses every endpoint may answer, whatever it documents. */
export const commonStatuses: StatusTable = [
  [401, "Unauthorized"],
  [403, "Unauthorized"],
  [500, "ServerError"],
  [503, "ServerError"],
  [422, "BadRequest"]
]

export interface ErrorStatusOptions<Calls extends Record<string, Effect.Effect<unknown, any, any>>> {
  /** One effect per endpoint, by name. */
  readonly calls: Calls
  /** The documented statuses of each endpoint: exactly one entry per call. */
  readonly documented: { readonly [Name in keyof Calls]: StatusTable }
  /** Run the calls against the organization-scoped layer. */
  readonly organization?: boolean
  /**
   * Statuses tested on every endpoint after its documented ones (default
   * `commonStatuses`). An endpoint's documented mapping of a status wins over
   * the common one, so e.g. a common `[404, "BadRequest"]` only applies to
   * endpoints that do not document their own 404.
   */
  readonly common?: StatusTable
}

const sameKeys = (calls: object, documented: object): void => {
  const callNames = Object.keys(calls)
  const documentedNames = Object.keys(documented)
  const undocumented = callNames.filter((name) => !documentedNames.includes(name))
  const uncalled = documentedNames.filter((name) => !callNames.includes(name))
  if (undocumented.length > 0 || uncalled.length > 0) {
    throw new Error(
      "error statuses: `calls` and `documented` must name the same endpoints" +
        (undocumented.length > 0 ? `; no documented statuses for ${undocumented.join(", ")}` : "") +
        (uncalled.length > 0 ? `; no call for ${uncalled.join(", ")}` : "")
    )
  }
}

const uniqueStatuses = (where: string, table: StatusTable): Set<number> => {
  const statuses = new Set<number>()
  for (const [status] of table) {
    if (statuses.has(status)) throw new Error(`error statuses: ${where} lists ${status} twice`)
    statuses.add(status)
  }
  return statuses
}

/** The statuses to test on one endpoint: its documented ones, then the common ones it does not document. */
const statusesOf = (name: string, documented: StatusTable, common: StatusTable): StatusTable => {
  const own = uniqueStatuses(`documented.${name}`, documented)
  return [...documented, ...common.filter(([status]) => !own.has(status))]
}

/**
 * Registers, in the current suite, one test per endpoint and status
 * (`${name}: ${status} → ${tag}`): the call, answered once with that status and
 * `{ errors: ["status <status>"] }` and no retries, fails with the tag, the
 * status and the errors, after exactly one request.
 */
export const errorStatusTests = <Calls extends Record<string, Effect.Effect<unknown, any, any>>>(
  options: ErrorStatusOptions<Calls>
): void => {
  const { calls, documented, organization = false, common = commonStatuses } = options
  sameKeys(calls, documented)
  uniqueStatuses("common", common)
  // The endpoint answers once, with `status`, and is not retried.
  const answering = (status: number) => <A, E, R>(effect: Effect.Effect<A, E, R>) => {
    const replies = [json(status, { errors: [`status ${status}`] })]
    const config = { retry: RetryPolicy.none }
    return organization
      ? Effect.provide(effect, Layer.fresh(orgScriptLayer(replies, config)))
      : Effect.provide(effect, Layer.fresh(scriptLayer(replies, config)))
  }
  for (const [name, call] of Object.entries(calls) as Array<[keyof Calls & string, Effect.Effect<unknown, any, any>]>) {
    for (const [status, tag] of statusesOf(name, documented[name], common)) {
      it.effect(`${name}: ${status} → ${tag}`, () =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(call)
          expect(error._tag).toBe(tag)
          expect(error.status).toBe(status)
          expect(error.errors).toEqual([`status ${status}`])
          expect(yield* MockTransport.requests).toHaveLength(1)
        }).pipe(answering(status)))
    }
  }
}

/** `errorStatusTests` in a suite of its own, `error statuses`. */
export const describeErrorStatuses = <Calls extends Record<string, Effect.Effect<unknown, any, any>>>(
  options: ErrorStatusOptions<Calls>
): void => {
  describe("error statuses", () => errorStatusTests(options))
}
