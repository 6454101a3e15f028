import { describe, expect, it } from 'vitest';
import { openApiPath } from './openapi.js';
import { apiRoutes } from './routes/index.js';
import { bearer, testApp, json } from './testing.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; 'x-roles': string[]; security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown> };
};

async function fetchDocument(): Promise<Doc> {
  const res = await testApp().request('/api/openapi.json', { headers: bearer('reviewer') });
  expect(res.status).toBe(200);
  return json(res);
}

describe('GET /api/openapi.json', () => {
  it('lists every route of the registry, and nothing else', async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    expect(listed.sort()).toEqual(apiRoutes.map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`).sort());
    expect(listed).toEqual(expect.arrayContaining(['GET /api/health', 'GET /api/openapi.json', 'POST /api/simulate', 'POST /api/validate']));
  });

  it('names who may call each route, and which need no token', async () => {
    const doc = await fetchDocument();
    expect(doc.paths['/api/health']!.get!['x-roles']).toEqual([]);
    expect(doc.paths['/api/health']!.get!.security).toEqual([]);
    expect(doc.paths['/api/validate']!.post!['x-roles']).toEqual(['admin', 'marketer', 'reviewer', 'operator']);
    expect(doc.paths['/api/validate']!.post!.security).toEqual([{ bearer: [] }]);
  });

  it('documents bodies and errors with schemas whose references all resolve', async () => {
    const doc = await fetchDocument();
    const validate = doc.paths['/api/validate']!.post!;
    expect(validate.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Journey' } } },
    });
    expect(Object.keys(validate.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '429', '500']);
    expect(Object.keys(doc.paths['/api/simulate']!.post!.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '422', '429', '500']);

    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\/[A-Za-z]+$/);
      expect(doc.components.schemas).toHaveProperty(ref.slice('#/components/schemas/'.length));
    }
  });

  it('documents path and query parameters', async () => {
    const doc = (await fetchDocument()) as unknown as { paths: Record<string, Record<string, { parameters?: unknown[] }>> };
    expect(doc.paths['/api/journeys/{id}/nodes/{nodeId}/leads']!.get!.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'nodeId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'part of the lead id, email or name (as the leads list’s `q`), any case' },
      {
        name: 'sort',
        in: 'query',
        required: false,
        schema: { type: 'string', default: 'id', enum: ['id', 'time-here', 'wakes', 'score', 'activity'] },
        description: 'id (A to Z), time-here (longest first), wakes (soonest wake-up first, none last), score (highest first) or activity (latest event first, none last)',
      },
      { name: 'cursor', in: 'query', required: false, schema: { type: 'string', maxLength: 2000 }, description: '`next` of the previous page, for the same `q` and `sort`' },
      { name: 'after', in: 'query', required: false, schema: { type: 'string' }, description: 'the id sort only: the last leadId seen (kept for clients that paged before cursors)' },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 100, minimum: 1, maximum: 500 } },
    ]);
    expect(doc.paths['/api/handoffs']!.get!.parameters).toContainEqual({
      name: 'status',
      in: 'query',
      required: false,
      schema: { type: 'string', enum: ['open', 'accepted', 'recycled', 'disqualified', 'sla_expired', 'closed'] },
    });
    expect(doc.paths['/api/health']!.get!.parameters).toBeUndefined();
  });

  it('describes the journey document from the same zod schema the server parses with', async () => {
    const doc = await fetchDocument();
    const journey = doc.components.schemas.Journey as { required: string[]; additionalProperties: boolean };
    expect(journey.required).toEqual(['schemaVersion', 'name', 'nodes', 'edges']);
    expect(journey.additionalProperties).toBe(false);
  });
});

describe('openApiPath', () => {
  it("turns Hono's :params into OpenAPI's {params}", () => {
    expect(openApiPath('/api/journeys/:id/stats')).toBe('/api/journeys/{id}/stats');
    expect(openApiPath('/api/health')).toBe('/api/health');
  });
});
