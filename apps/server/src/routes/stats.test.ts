import { describeEachDatabase } from '@trellis/store/test-databases';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, publishNewJourney, uniqueId, waitingJourney } from '../testing.js';

/** Reads Server-Sent Events from a streamed body, one `{ event, data }` at a time. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<{ event: string; data: unknown }> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) continue;
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          return { event: field('event')!, data: JSON.parse(field('data')!) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    async ended(): Promise<boolean> {
      for (;;) {
        const { done } = await reader.read();
        if (done) return true;
      }
    },
    cancel: () => reader.cancel(),
  };
}

describeEachDatabase('stats routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db, { statsIntervalMs: 20 });
  });
  afterAll(() => t.statsFeed.close());

  const publishWaiting = (event: string) => publishNewJourney(t.app, waitingJourney(event));

  it('answers the counts per node and outcome', async () => {
    const event = uniqueId('joined');
    const id = await publishWaiting(event);
    expect(await json(await t.app.request(`/api/journeys/${id}/stats`, { headers: bearer('operator') }))).toEqual({ version: 1, nodes: {}, outcomes: {} });
    await t.app.request('/api/events', jsonRequest({ events: [{ id: uniqueId('ev'), leadId: uniqueId('lead'), type: event }] }, 'ingest'));
    await t.engine.worker.drain();
    expect(await json(await t.app.request(`/api/journeys/${id}/stats`, { headers: bearer('reviewer') }))).toEqual({
      version: 1,
      nodes: { start: { current: 0, entered: 1 }, pause: { current: 1, entered: 1 } },
      outcomes: {},
    });
  });

  it('answers, at a cadence, how many running leads have made how many touches', async () => {
    const event = uniqueId('asked');
    const touch = (at: string, template: string) => ({ at, channel: 'email' as const, template });
    const id = await publishNewJourney(
      t.app,
      journeyOn(
        event,
        [
          {
            id: 'chase',
            type: 'cadence',
            position: { x: 0, y: 100 },
            data: { touches: [touch('PT0M', 'chase-1'), touch('P1D', 'chase-2')], stopOn: { event: 'replied' } },
          },
          { id: 'done', type: 'exit', position: { x: 0, y: 200 }, data: { outcome: 'completed' } },
        ],
        [['start', 'chase'], ['chase', 'done', 'done'], ['chase', 'done', 'stopped']],
      ),
    );
    const leads = [uniqueId('lead'), uniqueId('lead')];
    await t.app.request('/api/events', jsonRequest({ events: leads.map((leadId) => ({ id: uniqueId('ev'), leadId, type: event })) }, 'ingest'));
    await t.engine.worker.drain();
    const stats = await json(await t.app.request(`/api/journeys/${id}/stats`, { headers: bearer('operator') }));
    expect(stats.nodes.chase).toEqual({ current: 2, entered: 2, touches: [{ made: 1, leads: 2 }] });
    const atChase = await json(await t.app.request(`/api/journeys/${id}/nodes/chase/leads`, { headers: bearer('operator') }));
    expect(atChase.leads.map((l: { touch?: number }) => l.touch)).toEqual([1, 1]);
  });

  it('streams a `stats` event at once and another when an event moves a lead, with one poller for all watchers', async () => {
    const event = uniqueId('joined');
    const id = await publishWaiting(event);
    const res = await t.app.request(`/api/journeys/${id}/stats/stream`, { headers: bearer('marketer') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const stream = sseReader(res);
    expect(await stream.next()).toEqual({ event: 'stats', data: { version: 1, nodes: {}, outcomes: {} } });

    const second = sseReader(await t.app.request(`/api/journeys/${id}/stats/stream`, { headers: bearer('operator') }));
    expect((await second.next()).data).toEqual({ version: 1, nodes: {}, outcomes: {} });
    expect(t.statsFeed.pollers).toBe(1);

    await t.app.request('/api/events', jsonRequest({ events: [{ id: uniqueId('ev'), leadId: uniqueId('lead'), type: event }] }, 'ingest'));
    await t.engine.worker.drain();
    const changed = { version: 1, nodes: { start: { current: 0, entered: 1 }, pause: { current: 1, entered: 1 } }, outcomes: {} };
    expect(await stream.next()).toEqual({ event: 'stats', data: changed });
    expect(await second.next()).toEqual({ event: 'stats', data: changed });

    await stream.cancel();
    await second.cancel();
    expect(t.statsFeed.pollers).toBe(0);
  });

  it('answers 404 before opening a stream for an unknown journey', async () => {
    const res = await t.app.request('/api/journeys/nope/stats/stream', { headers: bearer('operator') });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: 'not_found', message: 'No journey "nope".' } });
  });

  it('ends every stream when the feed closes (the server stopping)', async () => {
    const id = await publishWaiting(uniqueId('joined'));
    const local = dataTestApp(database.db, { statsIntervalMs: 20 });
    const stream = sseReader(await local.app.request(`/api/journeys/${id}/stats/stream`, { headers: bearer('operator') }));
    await stream.next();
    local.statsFeed.close();
    expect(await stream.ended()).toBe(true);
  });
});
