import { expect, it } from 'vitest';
import { createStore } from './store.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('createStore', (database) => {
  it('groups the named queries over one database', async () => {
    const store = createStore(database.db);
    expect(store.kind).toBe(database.kind);

    const journey = await store.journeys.create({ id: 'grouped', name: 'G', draft: { name: 'G' } });
    expect((await store.journeys.publish(journey.id, { name: 'G' }))!.version).toBe(1);
    expect(await store.journeys.get('grouped')).toMatchObject({ status: 'active', publishedVersion: 1 });

    const { token } = await store.tokens.create({ name: 'ops', role: 'operator' });
    expect(await store.tokens.find(token)).toMatchObject({ name: 'ops', role: 'operator' });

    expect(await store.events.ingest([{ id: 'x1', leadId: 'grouped-lead', type: 'page_visited' }])).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    expect(await store.leads.upsert('grouped-lead', { stage: 'mql' })).toMatchObject({ id: 'grouped-lead', stage: 'mql' });

    const claimed = await store.transaction((tx) => store.work.claimDueLeads(tx, 10, new Date(Date.now() + 60_000)));
    expect(claimed.map((lead) => lead.id)).toEqual(['grouped-lead']);
  });
});
