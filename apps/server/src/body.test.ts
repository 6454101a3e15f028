import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRoute } from './route.js';
import { apiRoutes } from './routes/index.js';
import { jsonRequest, testApp, TOKENS, json } from './testing.js';

/** A route whose body has a schema, to see schema failures shaped. */
const greet = defineRoute<{ name: string; times: number[] }>({
  method: 'post',
  path: '/api/greet',
  operationId: 'greet',
  summary: 'greets',
  roles: ['marketer'],
  request: {
    schema: z.strictObject({ name: z.string().min(1, 'must not be empty'), times: z.array(z.number()) }),
  },
  responses: { 200: { description: 'greeting' } },
  handle: ({ c, body }) => c.json({ hello: body.name }),
});

/** A route whose whole body is optional, as the handoff answers' `{ "note"? }`. */
const note = defineRoute<{ note?: string }>({
  method: 'post',
  path: '/api/note',
  operationId: 'note',
  summary: 'notes',
  roles: ['marketer'],
  request: { schema: z.strictObject({ note: z.string().optional() }), emptyAs: {} },
  responses: { 200: { description: 'the note' } },
  handle: ({ c, body }) => c.json({ note: body.note ?? null }),
});

const app = testApp({ routes: [...apiRoutes, greet, note] });
const validate = (init: RequestInit) => app.request('/api/validate', init);

describe('reading JSON bodies', () => {
  it('answers 400 malformed_json saying where the JSON breaks', async () => {
    const res = await validate(jsonRequest('{\n  "name": "x",\n  "nodes": [1, 2,]\n}'));
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      error: { code: 'malformed_json', message: 'The body is not valid JSON: a value was expected at line 3, column 18.' },
    });
  });

  it('locates an unexpected character on the first line', async () => {
    const res = await validate(jsonRequest('{"a":}'));
    expect(await json(res)).toEqual({
      error: { code: 'malformed_json', message: 'The body is not valid JSON: a value was expected at line 1, column 6.' },
    });
  });

  it('still answers 400 malformed_json for JSON broken after absurdly deep nesting', async () => {
    const res = await validate(jsonRequest('['.repeat(900_000)));
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      error: { code: 'malformed_json', message: 'The body is not valid JSON: Unexpected end of JSON input.' },
    });
  });

  it('answers 400 malformed_json for an empty body', async () => {
    const res = await validate(jsonRequest(''));
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      error: { code: 'malformed_json', message: 'The body is empty; send a JSON document.' },
    });
  });

  it('reads an empty body as the route says when its whole body is optional, with or without a Content-Type', async () => {
    const bare = await app.request('/api/note', { method: 'POST', headers: { authorization: `Bearer ${TOKENS.marketer}` } });
    expect([bare.status, await json(bare)]).toEqual([200, { note: null }]);
    const typed = await app.request('/api/note', jsonRequest(''));
    expect([typed.status, await json(typed)]).toEqual([200, { note: null }]);
    const sent = await app.request('/api/note', jsonRequest({ note: 'hi' }));
    expect(await json(sent)).toEqual({ note: 'hi' });
    const text = await app.request('/api/note', { method: 'POST', headers: { authorization: `Bearer ${TOKENS.marketer}`, 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
  });

  it('answers 415 unsupported_media_type for a body not sent as JSON', async () => {
    const res = await validate({
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.marketer}`, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(await json(res)).toEqual({
      error: {
        code: 'unsupported_media_type',
        message: 'Send the body as JSON with "Content-Type: application/json" (got "text/plain").',
      },
    });
  });

  it('answers 415 when there is no content type at all', async () => {
    const res = await validate({ method: 'POST', headers: { authorization: `Bearer ${TOKENS.marketer}` } });
    expect(res.status).toBe(415);
    expect((await json(res)).error.code).toBe('unsupported_media_type');
  });

  it('accepts JSON with a charset and the +json suffix types', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/vnd.trellis+json']) {
      const res = await validate({
        method: 'POST',
        headers: { authorization: `Bearer ${TOKENS.marketer}`, 'content-type': type },
        body: '{}',
      });
      expect(res.status).toBe(200);
    }
  });

  it('answers 413 body_too_large past 1 MiB, as declared by Content-Length', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });
    const res = await validate(jsonRequest(big));
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({
      error: { code: 'body_too_large', message: 'The body is larger than this route accepts (1 MiB).' },
    });
  });

  it('answers 413 for a streamed body with no Content-Length once it passes 1 MiB', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 2 MiB of whitespace: the reader must stop at the limit, not wait for the end.
        if (sent >= 32) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await app.request('/api/validate', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.marketer}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('body_too_large');
    expect(sent).toBeLessThan(32);
  });

  it('answers 400 invalid_body with every schema issue and its path', async () => {
    const res = await app.request('/api/greet', jsonRequest({ name: '', times: [1, 'two'], extra: true }));
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      error: {
        code: 'invalid_body',
        message: 'The body does not match its schema at name: must not be empty (and 2 more).',
        problems: [
          { path: ['name'], message: 'must not be empty' },
          { path: ['times', 1], message: 'Invalid input: expected number, received string' },
          { path: [], message: 'Unrecognized key: "extra"' },
        ],
      },
    });
  });

  it('hands the parsed body to the route when it matches', async () => {
    const res = await app.request('/api/greet', jsonRequest({ name: 'Ada', times: [1] }));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ hello: 'Ada' });
  });

  it('refuses a NUL or a lone surrogate anywhere in a body with 400 invalid_body naming the field, before the schema', async () => {
    const nul = await app.request('/api/greet', jsonRequest('{"name": "A\\u0000da", "times": [1]}'));
    expect(nul.status).toBe(400);
    expect(await json(nul)).toEqual({
      error: {
        code: 'invalid_body',
        message: 'The body holds a value the server does not take at name: must not contain the NUL character (\\u0000).',
        problems: [{ path: ['name'], message: 'must not contain the NUL character (\\u0000)' }],
      },
    });
    const surrogate = await app.request('/api/note', jsonRequest('{"note": "x\\ud800"}'));
    expect((await json(surrogate)).error.problems).toEqual([{ path: ['note'], message: 'must not contain a lone UTF-16 surrogate (text that is not Unicode)' }]);
  });

  it('refuses JSON nested 10,000 levels deep with 400 invalid_body, not a stack overflow', async () => {
    const res = await validate(jsonRequest(`{"nodes": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`));
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'invalid_body', problems: [{ path: ['nodes', ...Array<number>(63).fill(0)], message: 'is nested deeper than 64 levels' }] });
  });
});
