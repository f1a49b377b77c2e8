/**
 * Gunzipping a stream of bytes when it is gzip, with the web-standard
 * `DecompressionStream` (Node >= 18, Bun, Deno, browsers and edge runtimes).
 */
import type * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"

/** The first byte of a gzip member; a CSV or JSON text never starts with it. */
export const GZIP_MAGIC = 0x1f

// The DOM typings give `DecompressionStream` a `WritableStream<BufferSource>`,
// which TypeScript does not accept where a stream of `Uint8Array` is piped.
/** A fresh gzip decompressor. */
export const gunzip = (): ReadableWritablePair<Uint8Array, Uint8Array> =>
  new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>

/**
 * Gunzips the bytes when they are gzip (they start with the gzip magic
 * number), passes them through otherwise. A failure of `bytes` comes out as
 * it went in; bytes that start like gzip but are not fail with
 * `onInvalid(error)`, the decompressor's error.
 */
export const inflate = <E, R, F>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  onInvalid: (error: unknown) => F
): Stream.Stream<Uint8Array, E | F, R> =>
  Stream.unwrapScoped(
    Effect.map(
      Stream.peel(Stream.filter(bytes, (chunk) => chunk.length > 0), Sink.head<Uint8Array>()),
      ([first, rest]): Stream.Stream<Uint8Array, E | F, R> => {
        if (Option.isNone(first)) return Stream.empty
        const all = Stream.concat(Stream.succeed(first.value), rest)
        if (first.value[0] !== GZIP_MAGIC) return all
        // The decompressor sees the source's failure as its own error: the
        // source's cause is kept here to come out unchanged.
        let failure: Cause.Cause<E> | undefined
        const source = Stream.tapErrorCause(all, (cause) => Effect.sync(() => failure = cause))
        return Stream.unwrap(Effect.map(Stream.toReadableStreamEffect(source), (readable) =>
          Stream.fromReadableStream(
            () => readable.pipeThrough(gunzip()),
            (error): unknown => error
          ).pipe(
            Stream.catchAll((error): Stream.Stream<never, E | F> =>
              failure !== undefined ? Stream.failCause(failure) : Stream.fail(onInvalid(error))
            )
          )))
      }
    )
  )
