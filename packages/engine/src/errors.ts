/**
 * What the engine refuses, as a value with a code: the server maps each code to its HTTP status
 * in one place (not_found → 404, conflict and no_changes → 409, bad_request → 400).
 */
export type EngineErrorCode = 'not_found' | 'conflict' | 'bad_request' | 'no_changes';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
