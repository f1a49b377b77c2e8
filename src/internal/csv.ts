/**
 * An incremental CSV (RFC 4180) reader over a stream of UTF-8 bytes cut
 * anywhere. It knows nothing of exports: the caller turns each record into
 * its output, and each problem (`CsvIssue`) into its own error.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const QUOTE = 34
const COMMA = 44
const CR = 13
const LF = 10

// The reader's states, between two characters.
const FIELD_START = 0
const UNQUOTED = 1
const QUOTED = 2
const QUOTE_SEEN = 3

/**
 * A problem in the text: the line it is on (for a record, the line the
 * record starts on), the column when one is at fault. Thrown by the reader
 * and by a record mapper, turned into the caller's error by `csvStream`.
 */
export class CsvIssue {
  constructor(
    readonly line: number,
    readonly issue: string,
    readonly column?: string | undefined
  ) {}
}

/**
 * Text goes in by pieces cut anywhere, records come out through `onRecord`
 * with the line they start on. Quoted fields may hold commas, line breaks
 * and doubled quotes; records end with CRLF, LF or CR; empty lines are
 * skipped.
 */
class CsvReader {
  private state = FIELD_START
  private field = ""
  private fields: Array<string> = []
  /** A CR ended the last piece: a LF starting the next one belongs to it. */
  private skipLf = false
  /** The line of the next character. */
  line = 1
  /** The line the current record starts on. */
  private recordLine = 1

  constructor(private readonly onRecord: (fields: Array<string>, line: number) => void) {}

  push(text: string): void {
    const n = text.length
    let i = 0
    if (this.skipLf && n > 0) {
      this.skipLf = false
      if (text.charCodeAt(0) === LF) i = 1
    }
    while (i < n) {
      if (this.state === QUOTED) {
        const close = text.indexOf("\"", i)
        const end = close === -1 ? n : close
        this.countLines(text, i, end)
        this.field += text.slice(i, end)
        if (close === -1) return
        this.state = QUOTE_SEEN
        i = close + 1
        continue
      }
      if (this.state === QUOTE_SEEN) {
        const c = text.charCodeAt(i)
        if (c === QUOTE) {
          this.field += "\""
          this.state = QUOTED
          i++
        } else if (c === COMMA) {
          this.endField()
          i++
        } else if (c === CR || c === LF) {
          i = this.endRecord(text, i)
        } else {
          throw this.error("a closing quote must be followed by a comma or a line break")
        }
        continue
      }
      if (this.state === FIELD_START) {
        if (text.charCodeAt(i) === QUOTE) {
          this.state = QUOTED
          i++
          continue
        }
        this.state = UNQUOTED
      }
      let j = i
      while (j < n) {
        const c = text.charCodeAt(j)
        if (c === COMMA || c === CR || c === LF || c === QUOTE) break
        j++
      }
      if (j > i) this.field += text.slice(i, j)
      if (j === n) return
      const c = text.charCodeAt(j)
      if (c === QUOTE) throw this.error("a quote inside an unquoted field (quote the field and double the quote)")
      if (c === COMMA) {
        this.endField()
        i = j + 1
      } else {
        i = this.endRecord(text, j)
      }
    }
  }

  /** The end of the text: the last record, if it had no line break. */
  end(): void {
    if (this.state === QUOTED) {
      throw new CsvIssue(this.recordLine, "a quoted field is not closed at the end of the file")
    }
    if (this.fields.length > 0 || this.field !== "" || this.state === QUOTE_SEEN) {
      this.fields.push(this.field)
      this.onRecord(this.fields, this.recordLine)
    }
    this.fields = []
    this.field = ""
    this.state = FIELD_START
  }

  private endField(): void {
    this.fields.push(this.field)
    this.field = ""
    this.state = FIELD_START
  }

  /** Ends the record at the line break at `at`; gives the index after the break. */
  private endRecord(text: string, at: number): number {
    // A line with nothing on it (not even `""`) is skipped.
    if (this.fields.length > 0 || this.field !== "" || this.state === QUOTE_SEEN) {
      this.fields.push(this.field)
      const fields = this.fields
      this.fields = []
      this.onRecord(fields, this.recordLine)
    }
    this.field = ""
    this.state = FIELD_START
    this.line++
    this.recordLine = this.line
    if (text.charCodeAt(at) === CR) {
      if (at + 1 === text.length) {
        this.skipLf = true
        return at + 1
      }
      return text.charCodeAt(at + 1) === LF ? at + 2 : at + 1
    }
    return at + 1
  }

  private countLines(text: string, from: number, to: number): void {
    let at = text.indexOf("\n", from)
    while (at !== -1 && at < to) {
      this.line++
      at = text.indexOf("\n", at + 1)
    }
  }

  private error(issue: string): CsvIssue {
    return new CsvIssue(this.line, issue)
  }
}

/**
 * Decodes UTF-8 bytes cut anywhere (a character may straddle two chunks) and
 * reads them as CSV; `toRow` turns each record into an output, or skips it
 * with `undefined`, and may throw a `CsvIssue`; `onIssue` makes the
 * stream's error of every issue. State lives in the run, so the stream can
 * be run again.
 */
export const csvStream = <A, E, R, F>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  makeToRow: () => (fields: Array<string>, line: number) => A | undefined,
  onIssue: (issue: CsvIssue) => F
): Stream.Stream<A, E | F, R> =>
  Stream.suspend(() => {
    const decoder = new TextDecoder("utf-8", { fatal: true })
    const toRow = makeToRow()
    let out: Array<A> = []
    const reader = new CsvReader((fields, line) => {
      const row = toRow(fields, line)
      if (row !== undefined) out.push(row)
    })
    const decode = (chunk: Uint8Array, stream: boolean): string => {
      try {
        return decoder.decode(chunk, { stream })
      } catch {
        throw new CsvIssue(reader.line, "the file is not valid UTF-8")
      }
    }
    const run = (f: () => void): Effect.Effect<Chunk.Chunk<A>, F> =>
      Effect.suspend(() => {
        try {
          f()
        } catch (error) {
          if (error instanceof CsvIssue) return Effect.fail(onIssue(error))
          throw error
        }
        const rows = Chunk.unsafeFromArray(out)
        out = []
        return Effect.succeed(rows)
      })
    return Stream.mapChunksEffect(bytes, (chunk) =>
      run(() => {
        for (const piece of chunk) reader.push(decode(piece, true))
      })).pipe(
        Stream.concat(Stream.flattenChunks(Stream.fromEffect(run(() => {
          reader.push(decode(new Uint8Array(0), false))
          reader.end()
        }))))
      )
  })

/**
 * The records of CSV bytes, each an array of its fields (the header is the
 * first record).
 */
export const parseCsv = <E, R, F>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  onIssue: (issue: CsvIssue) => F
): Stream.Stream<ReadonlyArray<string>, E | F, R> => csvStream(bytes, () => (fields) => fields, onIssue)
