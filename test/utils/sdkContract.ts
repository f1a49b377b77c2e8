/**
 * The contract between our client and the official Node SDK
 * (`@onesignal/node-onesignal`, a dev dependency), as data: what the
 * installed SDK sends for each of its operations and which wire fields its
 * models have, what we declare, and one function that compares the two
 * against a table of deliberate differences. test/SdkContract.test.ts holds
 * the table and runs the check, on the real inputs and on modified ones.
 *
 * The SDK's operations are read by running them, not by reading its source:
 * each method of `DefaultApiRequestFactory` is called with marker arguments
 * and a configuration whose base server records the path and method it is
 * given and whose `rest_api_key` / `organization_api_key` auth methods carry
 * distinct tokens. The recorded request is what the SDK really sends, however
 * its generator lays out the code; a method cannot be skipped by a pattern
 * that does not match, and one that can no longer be called fails loudly. The
 * one thing running cannot show is a path parameter's name (it only sees the
 * marker); that comes from the method's own parameter list, camelCase back to
 * the snake_case of the route (`notificationId` → `{notification_id}`).
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { createRequire } from "node:module"
import * as path from "node:path"
import * as Api from "../../src/index.js"
import * as Endpoint from "../../src/internal/endpoint.js"
import { ReportedForm } from "../../src/internal/fields.js"
import { OneSignal } from "../../src/OneSignal.js"
import { OneSignalOrganization } from "../../src/OneSignalOrganization.js"
import { mockLayer, orgMockLayer } from "./harness.js"

// -----------------------------------------------------------------------------
// The two sides, as data
// -----------------------------------------------------------------------------

/** An operation of the SDK's `DefaultApi`, as it is sent. */
export interface SdkOperation {
  readonly name: string
  readonly method: string
  /** The route template, e.g. `/notifications/{notification_id}`. */
  readonly route: string
  /** The SDK's auth method whose token it sent (`rest_api_key`, ...), or `none`. */
  readonly auth: string
}

/** A model class of the SDK, with the wire names (`baseName`) of its fields. */
export interface SdkModel {
  readonly name: string
  readonly fields: ReadonlyArray<string>
}

/** What the installed SDK offers. */
export interface SdkSide {
  /** `@onesignal/node-onesignal`'s version, as its package.json says. */
  readonly version: string
  readonly operations: ReadonlyArray<SdkOperation>
  readonly models: ReadonlyArray<SdkModel>
}

/** An endpoint function exported by src/index.ts. */
export interface OurEndpoint {
  /** The name it is exported under. */
  readonly name: string
  /** The name of its declaration: another name when the export is an alias (`fetchUser` = `getUser`). */
  readonly declared: string
  readonly method: string
  readonly route: string
  readonly key: Endpoint.KeyKind
}

/** What our client offers. */
export interface OurSide {
  readonly endpoints: ReadonlyArray<OurEndpoint>
  /** The method names of each service, by the key it holds. */
  readonly services: Readonly<Record<Endpoint.KeyKind, ReadonlySet<string>>>
  /** Every schema exported by src/index.ts, with the wire names of the fields it declares. */
  readonly models: ReadonlyMap<string, ReadonlySet<string>>
}

// -----------------------------------------------------------------------------
// The table of deliberate differences
// -----------------------------------------------------------------------------

/** One deliberate difference between the SDK and our client, with its reason. */
export type Difference =
  /** An aspect of an SDK operation that we send differently. */
  | {
    readonly kind: "operation"
    readonly operation: string
    readonly aspect: "method" | "route" | "key"
    /** The SDK's value (method, route template, or auth method name). */
    readonly sdk: string
    /** Ours (method, route template, or `rest` / `org`). */
    readonly ours: string
    readonly reason: string
  }
  /** An SDK operation we do not provide. */
  | { readonly kind: "notProvided"; readonly operation: string; readonly reason: string }
  /** An endpoint of ours the SDK lacks. */
  | { readonly kind: "extraEndpoint"; readonly endpoint: string; readonly reason: string }
  /** A second name of one of our endpoints (its declaration is `of`), which the SDK lacks. */
  | { readonly kind: "alias"; readonly endpoint: string; readonly of: string; readonly reason: string }
  /** An SDK model whose fields our model `ours` holds (a rename, or a composition fragment). */
  | { readonly kind: "model"; readonly sdk: string; readonly ours: string; readonly reason: string }
  /** An SDK model with no counterpart among our schemas. */
  | { readonly kind: "noModel"; readonly sdk: string; readonly reason: string }
  /** A wire field of an SDK model that our counterpart deliberately does not declare. */
  | { readonly kind: "field"; readonly model: string; readonly field: string; readonly reason: string }

/** A difference the check found, in words. */
export interface Finding {
  readonly area: "operations" | "endpoints" | "models" | "table"
  readonly message: string
}

// -----------------------------------------------------------------------------
// Reading the SDK
// -----------------------------------------------------------------------------

const require = createRequire(import.meta.url)
/** dist/ of the installed SDK (its `exports` map hides every file but dist/index.js). */
const sdkDist = path.dirname(require.resolve("@onesignal/node-onesignal"))

interface SdkRequestContext {
  getHeaders(): Record<string, string>
}

interface SdkModule {
  readonly RequestContext: new(url: string, method: string) => SdkRequestContext
  readonly createConfiguration: (options: {
    readonly baseServer: { makeRequestContext(endpoint: string, method: string): SdkRequestContext }
    readonly authMethods: Record<string, { readonly tokenProvider: { getToken(): string } }>
  }) => unknown
  readonly [name: string]: unknown
}

type RequestFactory = Record<string, (...args: ReadonlyArray<unknown>) => Promise<SdkRequestContext>>

const sdk: SdkModule = require(path.join(sdkDist, "index.js"))
const DefaultApiRequestFactory: new(configuration: unknown) => RequestFactory =
  require(path.join(sdkDist, "apis", "DefaultApi.js")).DefaultApiRequestFactory

/** The auth methods we configure, each with its own token. */
const authNames = ["rest_api_key", "organization_api_key"] as const
const tokenOf = (auth: string) => `sdk-contract-token-for-${auth}`

/** The parameter names of a generated method, `_options` (and any `_`-name) left out. */
const parameterNames = (method: Function): Array<string> => {
  const source = Function.prototype.toString.call(method)
  const list = source.slice(source.indexOf("(") + 1, source.indexOf(")"))
  return list.split(",").map((name) => name.trim()).filter((name) => name !== "" && !name.startsWith("_"))
}

const marker = (index: number) => `__sdk_contract_arg_${index}__`
const markerPattern = /__sdk_contract_arg_(\d+)__/g
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** Runs one request-factory method and records what it would send. */
const readOperation = async (name: string): Promise<SdkOperation> => {
  let recorded: { readonly endpoint: string; readonly method: string } | undefined
  const configuration = sdk.createConfiguration({
    baseServer: {
      makeRequestContext(endpoint, method) {
        recorded = { endpoint, method }
        return new sdk.RequestContext(`https://sdk-contract.invalid${endpoint}`, method)
      }
    },
    authMethods: Object.fromEntries(
      authNames.map((auth) => [auth, { tokenProvider: { getToken: () => tokenOf(auth) } }])
    )
  })
  const factory = new DefaultApiRequestFactory(configuration)
  const parameters = parameterNames(factory[name]!)
  const context = await factory[name]!(...parameters.map((_, i) => marker(i))).catch((cause: unknown) => {
    throw new Error(`SDK operation ${name}(${parameters.join(", ")}) could not be called with marker arguments`, {
      cause
    })
  })
  if (recorded === undefined) throw new Error(`SDK operation ${name} built no request`)
  const authorization = context.getHeaders()["Authorization"]
  return {
    name,
    method: recorded.method,
    route: recorded.endpoint.replace(markerPattern, (_, i: string) => `{${snakeCase(parameters[Number(i)]!)}}`),
    auth: authNames.find((auth) => authorization === `Key ${tokenOf(auth)}`) ?? (authorization ?? "none")
  }
}

/** The installed SDK's version, operations and models. */
export const readSdk = async (): Promise<SdkSide> => {
  const { version } = require(path.join(sdkDist, "..", "package.json")) as { readonly version: string }
  const names = Object.getOwnPropertyNames(DefaultApiRequestFactory.prototype)
    .filter((name) => name !== "constructor")
    .sort()
  const operations: Array<SdkOperation> = []
  for (const name of names) operations.push(await readOperation(name))
  const models: Array<SdkModel> = []
  for (const [name, value] of Object.entries(sdk)) {
    const attributes = typeof value === "function"
      ? (value as { getAttributeTypeMap?: () => ReadonlyArray<{ readonly baseName: string }> }).getAttributeTypeMap
      : undefined
    if (typeof attributes === "function") {
      models.push({ name, fields: attributes.call(value).map((attribute) => attribute.baseName) })
    }
  }
  models.sort((a, b) => a.name.localeCompare(b.name))
  return { version, operations, models }
}

// -----------------------------------------------------------------------------
// Reading our client
// -----------------------------------------------------------------------------

/**
 * The wire names of the properties a schema declares: the encoded side of
 * classes and transformations, every member of a union.
 */
export const fieldsOf = (ast: AST.AST): ReadonlySet<string> => {
  const fields = new Set<string>()
  const seen = new Set<AST.AST>()
  const walk = (node: AST.AST): void => {
    if (seen.has(node)) return
    seen.add(node)
    switch (node._tag) {
      case "TypeLiteral":
        for (const property of node.propertySignatures) fields.add(String(property.name))
        return
      case "Transformation":
      case "Refinement":
        return walk(node.from)
      case "Suspend":
        return walk(node.f())
      case "Union":
        return node.types.forEach(walk)
    }
  }
  walk(ast)
  return fields
}

const serviceMethods = <S extends object>(service: Effect.Effect<S, never, never>): ReadonlySet<string> =>
  new Set(Object.keys(Effect.runSync(service)))

const unused = () => {
  throw new Error("the SDK contract test sends no request")
}

/** Our endpoint functions, services and schemas, as src/index.ts exports them (by name or in its namespaces). */
export const readOurs = (): OurSide => {
  const endpoints: Array<OurEndpoint> = []
  const models = new Map<string, ReadonlySet<string>>()
  // The package entry's own exports, then the members of its namespaces
  // (each resource module is exported once, as a namespace).
  const entries: Array<[string, unknown]> = []
  for (const [name, value] of Object.entries(Api as Record<string, unknown>)) {
    entries.push([name, value])
    if (typeof value === "object" && value !== null && !Schema.isSchema(value)) entries.push(...Object.entries(value))
  }
  const seen = new Set<string>()
  for (const [name, value] of entries) {
    if (seen.has(name)) continue
    seen.add(name)
    if (typeof value === "function" && Endpoint.TypeId in value) {
      const compiled = (value as unknown as Endpoint.Endpoint<Array<unknown>, unknown, unknown, Endpoint.KeyKind>)[
        Endpoint.TypeId
      ]
      endpoints.push({
        name,
        declared: compiled.name,
        method: compiled.method,
        route: compiled.route,
        key: compiled.key
      })
    } else if (Schema.isSchema(value)) {
      // A request schema with a reported form (`withReportedForm`) is one
      // model in two forms: it declares the fields of both.
      const reported = (value as { readonly [ReportedForm]?: Schema.Schema.All })[ReportedForm]
      models.set(name, reported === undefined ? fieldsOf(value.ast) : new Set([...fieldsOf(value.ast), ...fieldsOf(reported.ast)]))
    }
  }
  return {
    endpoints,
    services: {
      rest: serviceMethods(Effect.provide(OneSignal, mockLayer(unused))),
      org: serviceMethods(Effect.provide(OneSignalOrganization, orgMockLayer(unused)))
    },
    models
  }
}

// -----------------------------------------------------------------------------
// The check
// -----------------------------------------------------------------------------

/** Which of our keys, and so which service, each SDK auth method is. */
const keyOfAuth: Readonly<Record<string, Endpoint.KeyKind>> = { rest_api_key: "rest", organization_api_key: "org" }
const serviceOf: Readonly<Record<Endpoint.KeyKind, string>> = { rest: "OneSignal", org: "OneSignalOrganization" }

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

const describeEntry = (entry: Difference): string => {
  switch (entry.kind) {
    case "operation":
      return `operation ${entry.operation} ${entry.aspect} (SDK ${entry.sdk}, ours ${entry.ours})`
    case "notProvided":
      return `SDK operation ${entry.operation} not provided`
    case "extraEndpoint":
      return `our endpoint ${entry.endpoint}`
    case "alias":
      return `alias ${entry.endpoint} of ${entry.of}`
    case "model":
      return `SDK model ${entry.sdk} held by our ${entry.ours}`
    case "noModel":
      return `SDK model ${entry.sdk} without counterpart`
    case "field":
      return `SDK model ${entry.model} field \`${entry.field}\``
  }
}

/**
 * Compares the two sides. Every difference is a finding unless the table
 * lists it; every entry of the table that no longer matches a difference is
 * a finding too (a stale exception would hide the next drift).
 */
export const check = (
  sdkSide: SdkSide,
  ours: OurSide,
  table: ReadonlyArray<Difference>
): ReadonlyArray<Finding> => {
  const findings: Array<Finding> = []
  const report = (area: Finding["area"], message: string) => findings.push({ area, message })
  const sdkName = `SDK ${sdkSide.version}`
  const used = new Set<Difference>()
  const find = <K extends Difference["kind"]>(
    kind: K,
    matches: (entry: Extract<Difference, { readonly kind: K }>) => boolean
  ): Extract<Difference, { readonly kind: K }> | undefined =>
    table.find((entry): entry is Extract<Difference, { readonly kind: K }> =>
      entry.kind === kind && matches(entry as Extract<Difference, { readonly kind: K }>)
    )
  const use = (entry: Difference | undefined): boolean => {
    if (entry === undefined) return false
    used.add(entry)
    return true
  }

  const sdkOperations = new Map(sdkSide.operations.map((operation) => [operation.name, operation]))
  const ourEndpoints = new Map(ours.endpoints.map((endpoint) => [endpoint.name, endpoint]))

  // Every SDK operation: same name, on the service of its key, same method, route and key.
  for (const operation of sdkSide.operations) {
    const label = `${sdkName} operation ${operation.name}`
    const key = keyOfAuth[operation.auth]
    if (key === undefined) {
      report(
        "operations",
        `${label}: sends the auth method ${operation.auth}, neither rest_api_key nor organization_api_key`
      )
    }
    const endpoint = ourEndpoints.get(operation.name)
    if (endpoint === undefined) {
      if (!use(find("notProvided", (entry) => entry.operation === operation.name))) {
        report(
          "operations",
          `${label} (${operation.method} ${operation.route}, ${operation.auth}): no endpoint of that name exported by src/index.ts`
        )
      }
      continue
    }
    if (endpoint.declared !== operation.name) {
      report("operations", `${label}: our ${operation.name} is an alias of ${endpoint.declared}, not its own endpoint`)
    }
    const aspects = [
      ["method", operation.method, endpoint.method],
      ["route", operation.route, endpoint.route],
      ["key", operation.auth, endpoint.key]
    ] as const
    for (const [aspect, sdkValue, ourValue] of aspects) {
      const same = aspect === "key" ? keyOfAuth[sdkValue] === ourValue : sdkValue === ourValue
      if (same) continue
      const listed = find(
        "operation",
        (entry) =>
          entry.operation === operation.name && entry.aspect === aspect && entry.sdk === sdkValue &&
          entry.ours === ourValue
      )
      if (!use(listed)) report("operations", `${label} ${aspect}: SDK ${sdkValue}, ours ${ourValue}`)
    }
    if (key !== undefined && !ours.services[key].has(operation.name)) {
      report("operations", `${label} (${operation.auth}): not a method of our ${serviceOf[key]} service`)
    }
  }

  // Every endpoint of ours the SDK lacks: listed, with a reason.
  for (const endpoint of ours.endpoints) {
    if (sdkOperations.has(endpoint.name)) continue
    const what = `${endpoint.method} ${endpoint.route}, ${endpoint.key}`
    if (endpoint.declared !== endpoint.name) {
      const listed = find("alias", (entry) => entry.endpoint === endpoint.name && entry.of === endpoint.declared)
      if (!use(listed)) {
        report(
          "endpoints",
          `our ${endpoint.name} (alias of ${endpoint.declared}; ${what}): not an operation of ${sdkName} and not in the table of differences`
        )
      }
    } else if (!use(find("extraEndpoint", (entry) => entry.endpoint === endpoint.name))) {
      report(
        "endpoints",
        `our endpoint ${endpoint.name} (${what}): not an operation of ${sdkName} and not in the table of differences`
      )
    }
  }

  // Every SDK model: our counterpart declares each of its wire fields.
  for (const model of sdkSide.models) {
    const label = `${sdkName} model ${model.name}`
    const ownName = ours.models.has(model.name)
    const noModel = find("noModel", (entry) => entry.sdk === model.name)
    if (noModel !== undefined && !ownName) {
      use(noModel)
      continue
    }
    const renamed = ownName ? undefined : find("model", (entry) => entry.sdk === model.name)
    use(renamed)
    const target = renamed?.ours ?? model.name
    const fields = ours.models.get(target)
    if (fields === undefined) {
      // Its field entries cannot be judged until the counterpart exists.
      for (const entry of table) if (entry.kind === "field" && entry.model === model.name) use(entry)
      report(
        "models",
        renamed === undefined
          ? `${label} (${plural(model.fields.length, "field")}): no schema of that name exported by src/index.ts, and not in the table of differences`
          : `${label} (${plural(model.fields.length, "field")}): the table gives our ${target}, which src/index.ts does not export as a schema`
      )
      continue
    }
    for (const field of model.fields) {
      if (fields.has(field) || use(find("field", (entry) => entry.model === model.name && entry.field === field))) {
        continue
      }
      report(
        "models",
        `${label} field \`${field}\`: not declared by our ${target}${
          renamed === undefined ? "" : ` (the table gives ${target} for ${model.name})`
        }`
      )
    }
  }

  // Every entry of the table: still needed, and listed once.
  const keys = new Set<string>()
  for (const entry of table) {
    const key = describeEntry(entry)
    if (keys.has(key)) report("table", `table entry ${key}: listed twice`)
    keys.add(key)
    if (used.has(entry)) continue
    report("table", `table entry ${key}: no longer needed, ${staleness(entry, sdkSide, ours, sdkName)}`)
  }
  return findings
}

/** Why an entry no one used is stale, from the current state of both sides. */
const staleness = (entry: Difference, sdkSide: SdkSide, ours: OurSide, sdkName: string): string => {
  const operation = (name: string) => sdkSide.operations.find((o) => o.name === name)
  const endpoint = (name: string) => ours.endpoints.find((e) => e.name === name)
  const model = (name: string) => sdkSide.models.find((m) => m.name === name)
  switch (entry.kind) {
    case "operation": {
      const theirs = operation(entry.operation)
      const mine = endpoint(entry.operation)
      if (theirs === undefined) return `${sdkName} has no operation ${entry.operation}`
      if (mine === undefined) return `src/index.ts exports no endpoint ${entry.operation}`
      const sdkValue = entry.aspect === "method" ? theirs.method : entry.aspect === "route" ? theirs.route : theirs.auth
      const ourValue = entry.aspect === "method" ? mine.method : entry.aspect === "route" ? mine.route : mine.key
      return `now SDK ${sdkValue}, ours ${ourValue}`
    }
    case "notProvided":
      return operation(entry.operation) === undefined
        ? `${sdkName} has no operation ${entry.operation}`
        : `src/index.ts exports ${entry.operation} now`
    case "extraEndpoint":
    case "alias": {
      const mine = endpoint(entry.endpoint)
      if (mine === undefined) return `src/index.ts exports no endpoint ${entry.endpoint}`
      if (operation(entry.endpoint) !== undefined) return `${sdkName} has an operation ${entry.endpoint}`
      return mine.declared === entry.endpoint
        ? `${entry.endpoint} is its own endpoint, not an alias`
        : `${entry.endpoint} is an alias of ${mine.declared}`
    }
    case "model":
    case "noModel":
      if (model(entry.sdk) === undefined) return `${sdkName} has no model ${entry.sdk}`
      return `src/index.ts exports a schema ${entry.sdk} itself`
    case "field": {
      const theirs = model(entry.model)
      if (theirs === undefined) return `${sdkName} has no model ${entry.model}`
      if (!theirs.fields.includes(entry.field)) return `${sdkName} model ${entry.model} has no field \`${entry.field}\``
      return `our counterpart of ${entry.model} declares \`${entry.field}\``
    }
  }
}
