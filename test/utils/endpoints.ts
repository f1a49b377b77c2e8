/**
 * The resource modules of the client (its registry) and the endpoints they
 * declare, for tests that check something of every endpoint (parsers,
 * simulator routes, properties).
 */
import * as Api from "../../src/index.js"
import * as Endpoint from "../../src/internal/endpoint.js"
import { resources } from "../../src/internal/resources.js"

/** Every module that declares endpoints, by name: the client's registry. */
export const resourceModules = resources

export type AnyEndpoint = Endpoint.Endpoint<ReadonlyArray<any>, unknown, unknown, Endpoint.KeyKind>

/** A declared endpoint: the module and export name it was first found under, and the endpoint. */
export interface DeclaredEndpoint {
  readonly module: string
  readonly name: string
  readonly endpoint: AnyEndpoint
}

/**
 * Every declared endpoint once: deprecated aliases (`fetchUser` = `getUser`)
 * and `exportPlayers` = `exportSubscriptions` are the same function, listed
 * under the first name found.
 */
export const declaredEndpoints: ReadonlyArray<DeclaredEndpoint> = (() => {
  const out: Array<DeclaredEndpoint> = []
  const seen = new Set<unknown>()
  for (const [module, exports] of Object.entries(resourceModules)) {
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== "function" || !(Endpoint.TypeId in value) || seen.has(value)) continue
      seen.add(value)
      out.push({ module, name, endpoint: value as unknown as AnyEndpoint })
    }
  }
  return out
})()

const isEndpoint = (value: unknown): value is AnyEndpoint => typeof value === "function" && Endpoint.TypeId in value

/**
 * The distinct endpoint functions the package entry exports, by name or
 * through its namespaces (an alias is the same function as its operation):
 * what the lists above must all find.
 */
export const exportedEndpoints: ReadonlySet<AnyEndpoint> = new Set(
  Object.values(Api as Record<string, unknown>).flatMap((value) =>
    isEndpoint(value)
      ? [value]
      : typeof value === "object" && value !== null
      ? Object.values(value).filter(isEndpoint)
      : []
  )
)
