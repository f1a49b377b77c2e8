/**
 * The registry of resource modules (src/internal/resources.ts) is the one
 * list: the package entry exports exactly its modules, every endpoint is
 * exported under its declared name (an alias points to an exported
 * operation), and the README's table of the whole API lists exactly the
 * declared operations, each on the service its key belongs to.
 */
import { describe, expect, it } from "@effect/vitest"
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Api from "../src/index.js"
import * as Endpoint from "../src/internal/endpoint.js"
import { resources } from "../src/internal/resources.js"
import { type AnyEndpoint, declaredEndpoints, exportedEndpoints } from "./utils/endpoints.js"

const api = Api as unknown as Record<string, unknown>

const isEndpoint = (value: unknown): value is AnyEndpoint => typeof value === "function" && Endpoint.TypeId in value

const endpointsOf = (module: object): Array<[string, AnyEndpoint]> =>
  Object.entries(module).filter((entry): entry is [string, AnyEndpoint] => isEndpoint(entry[1]))

describe("the registry of resource modules", () => {
  it("the package entry exports every module of the registry as a namespace, with the same endpoints", () => {
    for (const [name, module] of Object.entries(resources)) {
      const exported = api[name] as Record<string, unknown> | undefined
      expect(exported, `src/index.ts does not export the namespace ${name}`).toBeDefined()
      expect(endpointsOf(exported!)).toEqual(endpointsOf(module))
    }
  })

  it("every endpoint the package exports belongs to a module of the registry", () => {
    const registered = new Set(declaredEndpoints.map(({ endpoint }) => endpoint))
    const unregistered = [...exportedEndpoints].filter((endpoint) => !registered.has(endpoint))
    expect(unregistered.map((endpoint) => endpoint[Endpoint.TypeId].name)).toEqual([])
  })

  it("an endpoint is exported under its declared name; an alias names an operation that is exported too", () => {
    for (const module of Object.values(resources)) {
      for (const [exportName, endpoint] of endpointsOf(module)) {
        const declared = endpoint[Endpoint.TypeId].name
        if (exportName === declared) continue
        expect((module as Record<string, unknown>)[declared], `${exportName} is an alias of ${declared}`).toBe(endpoint)
      }
    }
  })
})

// -----------------------------------------------------------------------------
// The README's table
// -----------------------------------------------------------------------------

const readmeFile = fileURLToPath(new URL("../README.md", import.meta.url))

interface Row {
  readonly resource: string
  readonly service: string
  readonly operations: ReadonlyArray<string>
  readonly docs: string
}

/** The rows of the table in the README's "The whole API" section. */
const tableRows = (readme: string): ReadonlyArray<Row> => {
  const section = readme.slice(readme.indexOf("## The whole API"), readme.indexOf("\n## ", readme.indexOf("## The whole API") + 1))
  return section.split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| resource") && !line.startsWith("|---"))
    .map((line) => {
      const [resource, service, operations, docs] = line.split("|").slice(1, -1).map((cell) => cell.trim())
      // The operations: backticked names, without `Pagination.*` and the aliases in parentheses.
      const names = operations!.replace(/\([^)]*\)/g, "").match(/`[A-Za-z]+`/g) ?? []
      return { resource: resource!, service: service!, operations: names.map((name) => name.slice(1, -1)), docs: docs! }
    })
}

describe("README's table of the whole API", () => {
  const rows = tableRows(readFileSync(readmeFile, "utf8"))
  const declared = new Map(declaredEndpoints.map(({ endpoint }) => [endpoint[Endpoint.TypeId].name, endpoint]))

  it("lists every declared operation once, and nothing else", () => {
    const listed = rows.flatMap((row) => row.operations)
    expect([...listed].sort()).toEqual([...declared.keys()].sort())
  })

  it("puts each operation on the service its key belongs to, and links a guide that exists", () => {
    for (const row of rows) {
      for (const name of row.operations) {
        const service = declared.get(name)!.key === "org" ? "`OneSignalOrganization`" : "`OneSignal`"
        expect(row.service, `${row.resource}: ${name} needs ${service}`).toContain(service)
      }
      const link = /\]\(([^)]+)\)/.exec(row.docs)?.[1]
      if (link !== undefined) expect(existsSync(fileURLToPath(new URL(`../${link}`, import.meta.url))), link).toBe(true)
    }
  })

  it("negative control: a table missing an operation, or naming an unknown one, is caught", () => {
    const broken = tableRows(
      "## The whole API\n| resource | service | operations | docs |\n|---|---|---|---|\n" +
        "| Outcomes | `OneSignal` | `getOutcomes`, `getOutcomez` | this README |\n## Layers\n"
    )
    const listed = broken.flatMap((row) => row.operations)
    expect(listed).toEqual(["getOutcomes", "getOutcomez"])
    expect(listed.filter((name) => !declared.has(name))).toEqual(["getOutcomez"])
    expect([...declared.keys()].filter((name) => !listed.includes(name)).length).toBe(declared.size - 1)
  })
})
