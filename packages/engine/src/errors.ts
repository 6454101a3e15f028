/**
 * What the engine refuses, as a value with a code: the server maps each code to its HTTP status
 * in one place (not_found → 404, conflict, no_changes, stale_request and request_closed → 409,
 * approval_required and own_request → 403, bad_request → 400).
 */
export type EngineErrorCode =
  | 'not_found'
  | 'conflict'
  | 'bad_request'
  | 'no_changes'
  /** Approvals (docs/live-edits.md): a publish this workspace needs approved, a requester approving their own, a request whose draft changed, one already decided. */
  | 'approval_required'
  | 'own_request'
  | 'stale_request'
  | 'request_closed';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
