import { describeEmbedded } from '@trellis/store/test-databases';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from './auth.js';
import { openApiDocument } from './openapi.js';
import { encodeUrlPart, fromSchema, hostileString, hostileValue, serialize, type JsonSchema, type SchemaContext } from './request-arbitraries.js';
import { apiRoutes } from './routes/index.js';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, publishNewJourney, uniqueId, waitingJourney, welcomeJourney } from './testing.js';

/**
 * Requests generated from the OpenAPI document, over every route: bodies, path parameters and
 * query strings of the routes' own schemas with hostile values mixed in, under every role
 * (admin mostly, so most requests get past the role check). No answer may be a 500: bad input
 * is the client's 4xx. A failure prints the shrunk request. Runs about 2,000 requests.
 */

const RUNS = 5_000;

const document = openApiDocument(apiRoutes) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};
interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query'; schema: JsonSchema }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}
const shapes: Omit<SchemaContext, 'hostile'> = {
  resolve: (ref) => document.components.schemas[ref.replace('#/components/schemas/', '')]!,
  // Valid journeys too, so validation, publishing and simulation run their whole course.
  examples: { '#/components/schemas/Journey': [welcomeJourney, waitingJourney('form_submitted')] },
};
/** Half the bodies are clean all through (one hostile value anywhere is refused at the edge, so the rest would never reach a handler). */
const clean: SchemaContext = { ...shapes, hostile: false };
const hostile: SchemaContext = { ...shapes, hostile: true };

interface GeneratedRequest {
  operationId: string;
  method: string;
  url: string;
  role: Role;
  body?: string;
}

/** Ids that exist, by path parameter (and, for `id`, by the path's collection), so requests get past the 404s. */
type KnownIds = Record<string, string[]>;

function requestArbitrary(path: string, method: string, operation: Operation, known: KnownIds): fc.Arbitrary<GeneratedRequest> {
  const collection = path.split('/')[2] ?? '';
  const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
  const queryParams = (operation.parameters ?? []).filter((p) => p.in === 'query');

  const segment = (name: string) => {
    const ids = known[name === 'id' ? `${collection}:id` : name] ?? [];
    return fc.oneof(
      ...(ids.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...ids) }] : []),
      { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
      { weight: 2, arbitrary: hostileString.filter((s) => s !== '') },
    );
  };
  const pathArb = fc
    .tuple(...pathParams.map((p) => segment(p.name)))
    .map((values) => values.reduce<string>((url, value, i) => url.replace(`{${pathParams[i]!.name}}`, encodeUrlPart(value)), path));

  const queryModel = Object.fromEntries(
    queryParams.map((p) => [p.name, fc.oneof({ weight: 4, arbitrary: fromSchema(p.schema, clean).map(String) }, { weight: 1, arbitrary: hostileString })]),
  );
  const queryArb = fc
    .tuple(
      fc.record(queryModel, { requiredKeys: [] }),
      fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), hostileString), hostileString, { maxKeys: 2 }) }),
    )
    .map(([known, extra]) => {
      const pairs = Object.entries({ ...extra, ...known });
      return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeUrlPart(k)}=${encodeUrlPart(String(v))}`).join('&')}`;
    });

  const bodySchema = operation.requestBody?.content['application/json'].schema;
  const bodyArb: fc.Arbitrary<string | undefined> = bodySchema
    ? fc
        .oneof({ weight: 5, arbitrary: fromSchema(bodySchema, clean) }, { weight: 5, arbitrary: fromSchema(bodySchema, hostile) }, { weight: 1, arbitrary: hostileValue })
        .map(serialize)
    : fc.constant(undefined);

  const role = fc.oneof(
    { weight: 10, arbitrary: fc.constant<Role>('admin') },
    { weight: 3, arbitrary: fc.constantFrom<Role>('marketer', 'reviewer', 'operator', 'sales', 'ingest') },
  );

  return fc.record({ url: pathArb, query: queryArb, role, body: bodyArb }).map(({ url, query, role, body }) => ({
    operationId: operation.operationId,
    method: method.toUpperCase(),
    url: `${url}${query}`,
    role,
    ...(body === undefined ? {} : { body }),
  }));
}

describeEmbedded('generated requests on every route', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  const logged: string[] = [];
  const known: KnownIds = {};

  beforeAll(async () => {
    t = dataTestApp(database.db, { log: (line) => logged.push(line) });
    // A published journey with a lead waiting in it, a handoff open, a template, a queue, a
    // comment and a token: the ids the generator uses for path parameters.
    const event = uniqueId('generated');
    const waiting = await publishNewJourney(t.app, waitingJourney(event));
    const handoffEvent = uniqueId('handoff');
    const handingOff = await publishNewJourney(
      t.app,
      journeyOn(
        handoffEvent,
        [
          { id: 'sales', type: 'handoff', position: { x: 0, y: 100 }, data: { queue: 'inside', assign: 'round_robin', sla: 'PT48H' } },
          { id: 'won', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'converted' } },
        ],
        [['start', 'sales'], ['sales', 'won', 'accepted']],
      ),
    );
    await t.app.request('/api/queues/inside', jsonRequest({ members: ['ana', 'ben'] }, 'operator', 'PUT'));
    await t.app.request('/api/events', jsonRequest({ events: [{ id: uniqueId('ev'), leadId: 'ada', type: event }, { id: uniqueId('ev'), leadId: 'bo', type: handoffEvent }] }, 'ingest'));
    await t.engine.worker.drain();
    const { handoffs } = await json(await t.app.request('/api/handoffs?status=open', { headers: bearer('sales') }));
    await t.app.request('/api/templates', jsonRequest({ id: 'welcome', channel: 'email', name: 'Welcome', subject: 'Hi', body: 'Hello {{ lead.email }}' }));
    const comment = await json(await t.app.request(`/api/journeys/${waiting}/comments`, jsonRequest({ body: 'Looks good', nodeId: 'pause' }, 'reviewer')));
    const token = await json(await t.app.request('/api/tokens', jsonRequest({ name: 'generated', role: 'reviewer' }, 'admin')));
    Object.assign(known, {
      'journeys:id': [waiting, handingOff],
      'leads:id': ['ada', 'bo'],
      'handoffs:id': handoffs.map((h: { id: string }) => h.id),
      'templates:id': ['welcome'],
      'tokens:id': [token.id],
      leadId: ['ada', 'bo'],
      nodeId: ['start', 'pause', 'sales', 'done'],
      commentId: [comment.id],
      version: ['1', '2'],
      name: ['inside'],
    });
    expect(Object.values(known).every((ids) => ids.every((id) => typeof id === 'string'))).toBe(true);
  }, 60_000);

  it(`answers none of ${RUNS.toLocaleString('en-US')} generated requests with a 500`, async () => {
    const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => requestArbitrary(path, method, operation, known)),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(...routes), async (request) => {
        const before = logged.length;
        const res = await t.app.request(request.url, {
          method: request.method,
          headers: { ...bearer(request.role), ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(request.body === undefined ? {} : { body: request.body }),
        });
        const text = res.headers.get('content-type')?.includes('text/event-stream') ? (await res.body?.cancel(), '(a stream)') : await res.text();
        if (res.status >= 500) throw new Error(`${res.status} ${text}\n${logged.slice(before).join('\n').slice(0, 2_000)}`);
      }),
      { numRuns: RUNS, endOnFailure: false },
    );
  }, 180_000);
});
