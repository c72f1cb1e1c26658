/**
 * Typed errors. Each carries a stable `code` and a message that says what was
 * expected, what was found and what the user can do. The CLI maps codes to
 * exit codes in one place (src/cli/main.ts).
 */
export type ErrorCode =
  | 'EMPTY_INPUT'
  | 'BINARY_INPUT'
  | 'INPUT_TOO_LARGE'
  | 'BAD_OPTION'
  | 'BAD_JSONL_LINE'
  | 'UNSUPPORTED_INPUT'
  | 'NO_ARTICLE'
  | 'FETCH_FAILED'
  | 'BLOCKED_URL'
  | 'IO_ERROR'
  | 'PIPELINE_ERROR'
  | 'MODEL_ERROR';

export class BrieflyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BrieflyError';
    this.code = code;
  }
}

export function isBrieflyError(e: unknown): e is BrieflyError {
  return e instanceof BrieflyError;
}

/**
 * A model or data file that ships with briefly cannot be read, is malformed, or does not
 * match its companion file: the install is broken or a retrain went wrong. `file` names it;
 * the message says which script rebuilds it.
 */
export class ModelError extends BrieflyError {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super('MODEL_ERROR', message);
    this.name = 'ModelError';
  }
}
