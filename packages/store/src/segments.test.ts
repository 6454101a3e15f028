import { expect, it } from 'vitest';
import { createSegment, getSegment, listSegments } from './segments.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('segments', (database) => {
  it('keeps a segment name and condition, and lists segments by name a page at a time', async () => {
    const condition = { attr: 'stage', op: 'eq', value: 'mql' };
    const saved = await createSegment(database.db, { id: 's2', name: 'MQLs', condition });
    expect(saved).toEqual({ id: 's2', name: 'MQLs', condition, createdAt: expect.any(Date), updatedAt: expect.any(Date) });
    await createSegment(database.db, { id: 's1', name: 'Retail', condition: { attr: 'industry', op: 'eq', value: 'retail' } });
    await createSegment(database.db, { id: 's3', name: 'Hot', condition: { attr: 'score', op: 'gte', value: 80 } });
    expect(await getSegment(database.db, 's2')).toEqual(saved);
    expect(await getSegment(database.db, 'nope')).toBeNull();
    const first = await listSegments(database.db, { limit: 2 });
    expect(first.map((s) => s.name)).toEqual(['Hot', 'MQLs']);
    const next = await listSegments(database.db, { limit: 2, after: { name: 'MQLs', id: 's2' } });
    expect(next.map((s) => s.name)).toEqual(['Retail']);
  });
});
