import { hostileValueProblems } from '@trellis/journey';
import type { Context } from 'hono';
import { parse as locateJsonError, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { ApiError } from './errors.js';

export const MIB = 1024 * 1024;
export const DEFAULT_BODY_LIMIT = MIB;

export interface BodyProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Reads a JSON request body: the content type must say JSON, the body must fit in `limit`
 * bytes (checked while reading, so an oversize body is never held whole), and it must parse.
 * Then the edge check: no string or key holding NUL or a lone surrogate, no nesting deeper
 * than 64 levels (`hostileValueProblems`), so no schema, handler or query has to think about
 * them; `hostileValues: 'each-item-by-handler'` leaves that to a handler that refuses items
 * one by one (the events batch, where a bad event is rejected alone).
 */
export async function readJson(
  c: Context,
  {
    limit = DEFAULT_BODY_LIMIT,
    emptyAs,
    hostileValues = 'refuse-body',
  }: { limit?: number; emptyAs?: unknown; hostileValues?: HostileValuePolicy } = {},
): Promise<unknown> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  let bytes: Uint8Array;
  if (emptyAs !== undefined) {
    // A route whose whole body is optional (`{ "note"? }`) takes an empty body, with or
    // without a Content-Type, as `emptyAs`.
    bytes = await readAtMost(c.req.raw.body, limit);
    if (bytes.byteLength === 0) return emptyAs;
    requireJsonContentType(c.req.header('content-type'));
  } else {
    requireJsonContentType(c.req.header('content-type'));
    bytes = await readAtMost(c.req.raw.body, limit);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'malformed_json', 'The body is not valid UTF-8 text.');
  }
  if (text.trim() === '') throw new ApiError(400, 'malformed_json', 'The body is empty; send a JSON document.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'malformed_json', describeJsonError(text, error));
  }
  if (hostileValues === 'refuse-body') refuseHostileValues(value);
  return value;
}

/** `refuse-body`: a hostile value anywhere is 400; `each-item-by-handler`: the handler refuses each item itself. */
export type HostileValuePolicy = 'refuse-body' | 'each-item-by-handler';

function refuseHostileValues(value: unknown): void {
  const problems = hostileValueProblems(value);
  if (problems.length === 0) return;
  throw new ApiError(400, 'invalid_body', summarize('The body holds a value the server does not take', problems), problems);
}

/** Checks a value against a schema; failure is 400 `invalid_body` with every zod issue. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: BodyProblem[] = result.error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
  throw new ApiError(400, 'invalid_body', summarize('The body does not match its schema', problems), problems);
}

/** "<lead> at <first path>: <first message> (and n more)." */
function summarize(lead: string, problems: readonly BodyProblem[]): string {
  const first = problems[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${lead}${where}: ${first?.message ?? 'invalid'}${more}.`;
}

function requireJsonContentType(header: string | undefined): void {
  const mediaType = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) return;
  throw new ApiError(
    415,
    'unsupported_media_type',
    header
      ? `Send the body as JSON with "Content-Type: application/json" (got "${header}").`
      : 'Send the body as JSON with "Content-Type: application/json" (the request has no Content-Type).',
  );
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'body_too_large', `The body is larger than this route accepts (${formatBytes(limit)}).`);
}

async function readAtMost(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/**
 * JSON.parse's message does not always say where (V8 sometimes quotes the text instead), so
 * the error is located again with a scanner that reports offsets, as line and column.
 */
function describeJsonError(text: string, error: unknown): string {
  const errors: ParseError[] = [];
  try {
    locateJsonError(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // The scanner recurses: absurdly deep nesting overflows it. V8's own message remains.
  }
  const first = errors[0];
  if (!first) return `The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`;
  const { line, column } = lineAndColumn(text, first.offset);
  return `The body is not valid JSON: ${explain(first.error)} at line ${line}, column ${column}.`;
}

function explain(code: number): string {
  const name = printParseErrorCode(code);
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a colon was expected',
    CommaExpected: 'a comma was expected',
    CloseBraceExpected: 'a closing brace was expected',
    CloseBracketExpected: 'a closing bracket was expected',
    EndOfFileExpected: 'the document should end here',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'comments are not allowed in JSON',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfNumber: 'a number is cut short',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'a control character must be escaped inside a string',
  };
  return words[name] ?? name;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function formatBytes(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}
