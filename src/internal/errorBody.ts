import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import type { ErrorDetail } from "../OneSignalError.js"

/** @internal */
export interface NormalizedErrors {
  readonly errors: ReadonlyArray<string>
  readonly details: ReadonlyArray<ErrorDetail>
  readonly limit: string | undefined
}

const excerptLength = 300

/** @internal */
export const excerpt = (text: string): string =>
  text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text

/** @internal */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const stringify = (u: unknown): string => {
  if (typeof u === "string") return u
  try {
    return JSON.stringify(u) ?? String(u)
  } catch {
    return String(u)
  }
}

const fromEntry = (entry: unknown, messages: Array<string>, details: Array<ErrorDetail>): void => {
  if (isRecord(entry)) {
    const code = typeof entry.code === "string" ? entry.code : undefined
    const title = typeof entry.title === "string" ? entry.title : undefined
    const detail: { -readonly [K in keyof ErrorDetail]: ErrorDetail[K] } = {}
    if (code !== undefined) detail.code = code
    if (title !== undefined) detail.title = title
    if (entry.meta !== undefined) detail.meta = entry.meta
    details.push(detail)
    messages.push(title ?? code ?? stringify(entry))
  } else if (entry !== null && entry !== undefined) {
    messages.push(stringify(entry))
  }
}

/**
 * Normalizes any OneSignal error body into a list of messages, never throwing:
 * `{"errors":"..."}`, `{"errors":["..."]}`, `{"errors":[{code,title,meta}]}`,
 * `{"errors":{"invalid_aliases":{...}}}`, `{"success":false}`, other JSON,
 * HTML from a proxy, or nothing at all.
 *
 * @internal
 */
export const normalizeErrorBody = (text: string): NormalizedErrors => {
  const messages: Array<string> = []
  const details: Array<ErrorDetail> = []
  const trimmed = text.trim()
  if (trimmed === "") return { errors: messages, details, limit: undefined }
  const body = parseJson(trimmed)
  if (!isRecord(body)) {
    if (Array.isArray(body)) {
      for (const entry of body) fromEntry(entry, messages, details)
    } else if (typeof body === "string") {
      messages.push(body)
    } else {
      messages.push(`non-JSON error body: ${excerpt(trimmed.replace(/\s+/g, " "))}`)
    }
    return { errors: messages, details, limit: undefined }
  }
  const errors = body.errors ?? body.error
  if (typeof errors === "string") {
    messages.push(errors)
  } else if (Array.isArray(errors)) {
    for (const entry of errors) fromEntry(entry, messages, details)
  } else if (isRecord(errors)) {
    for (const key of Object.keys(errors)) messages.push(`${key}: ${stringify(errors[key])}`)
  }
  if (messages.length === 0) {
    if (typeof body.message === "string") messages.push(body.message)
    else if (body.success === false) messages.push("the request was not successful")
  }
  const limit = typeof body.limit === "string" ? body.limit : undefined
  return { errors: messages, details, limit }
}

const digits = /^\s*\d+\s*$/

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date (relative to
 * `nowMillis`; a date in the past is a zero wait).
 *
 * @internal
 */
export const parseRetryAfter = (header: string | undefined, nowMillis: number): Option.Option<Duration.Duration> => {
  if (header === undefined) return Option.none()
  if (digits.test(header)) return Option.some(Duration.seconds(Number(header)))
  const date = Date.parse(header)
  if (Number.isNaN(date)) return Option.none()
  return Option.some(Duration.millis(Math.max(0, date - nowMillis)))
}
