import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { apiRoutes } from './routes/index.js';
import { bearer, dataTestApp, json } from './testing.js';

/**
 * Bad input on every route of the registry gets the spec's error shape and a 4xx, never a 500:
 * malformed JSON, the wrong type of body, odd query strings, ids that do not exist.
 */

const concrete = (path: string, id: string) => path.replace(/:[A-Za-z]+/g, id);
const ERROR_SHAPE = { error: { code: expect.any(String), message: expect.any(String) } };

describeEachDatabase('bad input on every route', (database) => {
  let app: ReturnType<typeof dataTestApp>['app'];
  const logged: string[] = [];
  beforeAll(() => {
    app = dataTestApp(database.db, { log: (line) => logged.push(line) }).app;
  });

  const call = (route: (typeof apiRoutes)[number], path: string, body?: string, query = '') =>
    app.request(`${path}${query}`, {
      method: route.method.toUpperCase(),
      headers: { ...bearer('admin'), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });

  it('answers malformed JSON with 400 malformed_json on every route that reads a body', async () => {
    for (const route of apiRoutes.filter((r) => r.request)) {
      const res = await call(route, concrete(route.path, 'x'), '{"name": ');
      expect([route.operationId, res.status]).toEqual([route.operationId, 400]);
      expect((await json(res)).error.code).toBe('malformed_json');
    }
  });

  it('answers a body of the wrong type with 400 invalid_body and its problems (validate excepted: it reports problems)', async () => {
    for (const route of apiRoutes.filter((r) => r.request && r.operationId !== 'validateJourney')) {
      // A draft journey may be any object (drafts may be invalid): only non-objects are wrong there.
      const takesAnyObject = route.operationId === 'createJourney' || route.operationId === 'saveJourney';
      const wrongObject = '{"events": 7, "members": 7, "note": 7, "result": 7, "leadId": 7, "score": "x", "role": 7}';
      for (const body of ['[1, 2]', '"text"', 'null', ...(takesAnyObject ? [] : [wrongObject])]) {
        const res = await call(route, concrete(route.path, 'x'), body);
        const answer = await json(res);
        expect([route.operationId, body, res.status, answer.error?.code]).toEqual([route.operationId, body, 400, 'invalid_body']);
        expect(answer.error.problems.length).toBeGreaterThan(0);
      }
    }
  });

  it('answers ids that do not exist with 404 not_found', async () => {
    // PUT creates the lead / the queue / the sender / the snippet.
    const skip = new Set(['putLead', 'setQueue', 'putSender', 'putSnippet']);
    // Routes whose body needs a field: sent a valid one, so the missing id is what is wrong.
    const validBody: Record<string, string> = { startCommentThread: '{"body": "x"}', replyToComment: '{"body": "x"}', saveJourney: '{"nodes": [], "edges": []}', declinePublishRequest: '{"comment": "x"}', editSegment: '{"name": "x", "condition": {"attr": "score", "op": "gte", "value": 1}}', testSendTemplate: '{"to": "me@example.com"}' };
    // Only /api answers JSON errors: the public links in emails (/t/…) answer a page or a pixel whatever the token.
    for (const route of apiRoutes.filter((r) => r.path.startsWith('/api/') && r.path.includes(':') && !skip.has(r.operationId))) {
      const path = concrete(route.path, 'no-such-id').replace('/versions/no-such-id', '/versions/1');
      const res = await call(route, path, route.request ? (validBody[route.operationId] ?? '{}') : undefined);
      expect([route.operationId, res.status]).toEqual([route.operationId, 404]);
      expect(await json(res)).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/no-such-id/) } });
    }
  });

  it('never answers 500, whatever the query string or body', async () => {
    const queries = ['', '?limit=-1', '?limit=abc&after=', '?status=%00&queue=&before=2026-13-45', '?unknown=1'];
    const bodies = [undefined, '{}', '{"journey": {}, "events": [null], "members": [""]}', '{"nodes": "x"}', '1e999'];
    for (const route of apiRoutes) {
      if (route.operationId === 'journeyStatsStream') continue; // a 200 stream; its 404 is tested above
      for (const query of queries) {
        for (const body of route.method === 'get' ? [undefined] : bodies) {
          const res = await call(route, concrete(route.path, 'x'), body, query);
          expect([route.operationId, query, body, res.status < 500]).toEqual([route.operationId, query, body, true]);
          if (res.status >= 400 && route.path.startsWith('/api/')) expect(await json(res)).toMatchObject(ERROR_SHAPE);
          else await res.body?.cancel();
        }
      }
    }
    expect(logged).toEqual([]);
  }, 60_000);
});
