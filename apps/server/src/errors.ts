import { EngineError, type EngineErrorCode } from '@trellis/engine';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every error the API answers with is made here and shaped here:
 * `{ "error": { "code", "message", "problems"? } }`. Nothing else writes an error body.
 */

export interface ErrorBody {
  error: { code: string; message: string; problems?: unknown[] };
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly problems?: unknown[],
  ) {
    super(message);
  }
}

export type Logger = (line: string) => void;

export function errorBody(code: string, message: string, problems?: unknown[]): ErrorBody {
  return { error: problems === undefined ? { code, message } : { code, message, problems } };
}

export function errorResponse(c: Context, error: ApiError): Response {
  return c.json(errorBody(error.code, error.message, error.problems), error.status);
}

const STATUS_BY_ENGINE_CODE: Record<EngineErrorCode, ContentfulStatusCode> = {
  not_found: 404,
  conflict: 409,
  no_changes: 409,
  bad_request: 400,
  approval_required: 403,
  own_request: 403,
  stale_request: 409,
  request_closed: 409,
};

/** The engine's refusals as HTTP answers: the one place their codes meet statuses. */
export function fromEngineError(error: EngineError): ApiError {
  const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
  return new ApiError(STATUS_BY_ENGINE_CODE[error.code], error.code, message.endsWith('.') ? message : `${message}.`);
}

const CODES_BY_STATUS: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'body_too_large',
  415: 'unsupported_media_type',
};

/**
 * Hono's onError: an ApiError is the client's (or a deliberate) answer; anything else is our
 * bug, logged here with its stack and answered with a generic 500 that leaks nothing.
 */
export function handleError(log: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ApiError) return errorResponse(c, error);
    if (error instanceof EngineError) return errorResponse(c, fromEngineError(error));
    if (error instanceof HTTPException && error.status < 500) {
      const code = CODES_BY_STATUS[error.status] ?? 'bad_request';
      return c.json(errorBody(code, error.message || code.replace(/_/g, ' ')), error.status);
    }
    log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
    return c.json(errorBody('internal', 'Something went wrong on the server; it has been logged.'), 500);
  };
}
