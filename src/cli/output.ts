/**
 * Where the CLI writes: stdout or an --out file, with backpressure (each
 * write waits for 'drain' when the stream's buffer is full) and write
 * errors turned into IO_ERROR.
 *
 * @example
 * const sink = openSink(opts.out);
 * await sink.write('{"id":1}\n');
 * await sink.close();
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { BrieflyError } from '../errors.js';

export interface Sink {
  /** Write a chunk; resolves when the stream can take more. */
  write(chunk: string): Promise<void>;
  /** Flush and close (stdout is flushed, not closed). */
  close(): Promise<void>;
  /** True once the reader went away (EPIPE on stdout): stop producing output. */
  readonly closedByReader: boolean;
}

const noop = (): void => undefined;

/** Wait for the first of some events, then remove every listener it added (no build-up across writes). */
async function waitForAny(stream: NodeJS.WritableStream, events: readonly string[]): Promise<void> {
  const ac = new AbortController();
  try {
    // Each promise settles quietly: an 'error' is recorded by the sink's own listener, and the
    // losers reject with AbortError once aborted, which must not surface as unhandled rejections.
    await Promise.race(events.map((name) => once(stream, name, { signal: ac.signal }).then(noop, noop)));
  } finally {
    ac.abort();
  }
}

function writeError(target: string, e: unknown): BrieflyError {
  const err = e as NodeJS.ErrnoException;
  const why = err.code === 'ENOENT' ? 'no such directory' : err.code === 'EACCES' ? 'permission denied' : err.message;
  return new BrieflyError('IO_ERROR', `Cannot write to ${target}: ${why}.`);
}

/** A sink over stdout (`out` null) or a file (`out` a path, created or truncated). */
export function openSink(out: string | null): Sink {
  const target = out === null ? 'stdout' : `'${out}'`;
  const stream: NodeJS.WritableStream = out === null ? process.stdout : createWriteStream(out);
  let failure: unknown = null;
  let closedByReader = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (out === null && e.code === 'EPIPE') closedByReader = true;
    else failure ??= e;
  });
  const check = (): void => {
    if (failure !== null) throw writeError(target, failure);
  };
  return {
    get closedByReader() {
      return closedByReader;
    },
    async write(chunk: string): Promise<void> {
      check();
      if (closedByReader) return;
      if (!stream.write(chunk)) {
        await waitForAny(stream, ['drain', 'error', 'close']);
      }
      check();
    },
    async close(): Promise<void> {
      check();
      if (out === null) {
        // Flush what is buffered on stdout without closing it.
        if (!closedByReader && !stream.write('')) await waitForAny(stream, ['drain', 'error', 'close']);
      } else {
        stream.end();
        await waitForAny(stream, ['finish', 'error', 'close']);
      }
      check();
    },
  };
}
