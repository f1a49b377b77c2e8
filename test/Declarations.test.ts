/**
 * What the typed endpoint declaration refuses at compile time. Each
 * `@ts-expect-error` below fails `npm run check` (tsc over test/) if the
 * line after it compiles, so these are tests of the types; the runtime
 * assertions check the declarations that do compile.
 */
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Endpoint from "../src/internal/endpoint.js"
import type { Conflict, NotFound } from "../src/OneSignalError.js"
import { NotFound as NotFoundError } from "../src/OneSignalError.js"
import * as Segments from "../src/Segments.js"
import * as Templates from "../src/Templates.js"

const Body = Schema.Struct({ name: Schema.String, description: Schema.optional(Schema.String) })
const Answer = Schema.Struct({ id: Schema.String })

/** Declarations only built when a test calls this (nothing runs at import). */
const declarations = () => ({
  ok: Endpoint.make({
    name: "typeTestOk",
    method: "PATCH",
    route: "/apps/{app_id}/things/{thing_id}",
    key: "rest",
    request: (appId: string, thingId: string, body: typeof Body.Type) => ({
      path: { app_id: appId, thing_id: thingId },
      body
    }),
    body: Body,
    success: Answer,
    errors: { 404: NotFoundError }
  }),
  missingPathKey: Endpoint.make({
    name: "typeTestMissing",
    method: "GET",
    route: "/apps/{app_id}/things/{thing_id}",
    key: "rest",
    // @ts-expect-error thing_id is missing from the path
    request: (appId: string) => ({ path: { app_id: appId } }),
    success: Answer
  }),
  // @ts-expect-error other_id is not a placeholder of the route (extraPathParameters)
  extraPathKey: Endpoint.make({
    name: "typeTestExtra",
    method: "GET",
    route: "/apps/{app_id}",
    key: "rest",
    request: (appId: string) => ({ path: { app_id: appId, other_id: appId } }),
    success: Answer
  }),
  wrongBodyField: Endpoint.make({
    name: "typeTestBody",
    method: "POST",
    route: "/things",
    key: "rest",
    // @ts-expect-error `nam` is not a field of the body schema, and `name` is missing
    request: (name: string) => ({ body: { nam: name } }),
    body: Body,
    success: Answer
  }),
  bodyWithoutSchema: Endpoint.make({
    name: "typeTestNoBody",
    method: "POST",
    route: "/things",
    key: "rest",
    // @ts-expect-error a body needs a body schema to be validated against
    request: (name: string) => ({ body: { name } }),
    success: Answer
  }),
  wrongQueryField: Endpoint.make({
    name: "typeTestQuery",
    method: "GET",
    route: "/things",
    key: "rest",
    // @ts-expect-error `limt` is not a field of the query schema
    request: (limit?: number) => ({ query: { limt: limit } }),
    query: Schema.Struct({ limit: Schema.optional(Schema.Int) }),
    success: Answer
  })
})

describe("typed declarations", () => {
  it("a declared status adds its error to the union, and only that one", () => {
    const { ok } = declarations()
    type Errors = Effect.Effect.Error<ReturnType<typeof ok>>
    expectTypeOf<NotFound>().toMatchTypeOf<Errors>()
    expectTypeOf<Conflict>().not.toMatchTypeOf<Errors>()
    expect(ok[Endpoint.TypeId].extra.get(404)).toBe(NotFoundError)
    expect(ok[Endpoint.TypeId].params).toEqual(["app_id", "thing_id"])
  })

  it("catching the error of an undeclared status does not compile", () => {
    const app = "8250eaf6-1a58-489e-b136-7c74a864b434"
    // getSegments documents 404 (an unknown app) but no 409.
    const segments = Segments.getSegments(app)
    // @ts-expect-error getSegments cannot fail with Conflict
    Effect.catchTag(segments, "Conflict", () => Effect.void)
    const segment = Effect.catchTag(Segments.getSegment(app, "s-1"), "NotFound", () => Effect.void)
    expectTypeOf(segment).not.toBeNever()
    // viewTemplates documents no 404 either.
    // @ts-expect-error viewTemplates cannot fail with NotFound
    Effect.catchTag(Templates.viewTemplates(app), "NotFound", () => Effect.void)
  })

  it("the declarations with type errors still build at run time (the check is the compiler's)", () => {
    const built = declarations()
    expect(Object.keys(built)).toHaveLength(6)
  })
})
