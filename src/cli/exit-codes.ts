/**
 * The one table from error codes to process exit codes.
 *
 *   0  success
 *   1  some JSONL lines failed, a pipeline error, a broken model file, or an unexpected error
 *   2  usage: bad or unknown option, unknown command
 *   3  input: empty, binary, too large, malformed line, unsupported format, no article in the page, blocked URL
 *   4  IO: cannot read the input, fetch the URL or write the output
 *
 * @example
 * process.exitCode = exitCodeFor('BINARY_INPUT'); // 3
 */
import type { ErrorCode } from '../errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INPUT = 3;
export const EXIT_IO = 4;

export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  BAD_OPTION: EXIT_USAGE,
  EMPTY_INPUT: EXIT_INPUT,
  BINARY_INPUT: EXIT_INPUT,
  INPUT_TOO_LARGE: EXIT_INPUT,
  BAD_JSONL_LINE: EXIT_INPUT,
  UNSUPPORTED_INPUT: EXIT_INPUT,
  NO_ARTICLE: EXIT_INPUT,
  BLOCKED_URL: EXIT_INPUT,
  FETCH_FAILED: EXIT_IO,
  IO_ERROR: EXIT_IO,
  PIPELINE_ERROR: EXIT_FAILURE,
  MODEL_ERROR: EXIT_FAILURE,
};

export function exitCodeFor(code: ErrorCode): number {
  return EXIT_CODES[code];
}
