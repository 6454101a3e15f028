import { expect, it } from 'vitest';
import { createJourney, publishJourney, setJourneyStatus } from './journeys.js';
import { claimSegmentSweepPage, finishSegmentSweepPage, queueSegmentSweep, restartSegmentSweep } from './segment-sweeps.js';
import { createSegment, deleteSegment, draftsNamingSegment, getSegment, journeysUsingSegment, segmentConditions, segmentIds, updateSegment } from './segments.js';
import { describeEachDatabase } from './test-databases.js';

const at = { x: 0, y: 0 };
const segmentDraft = (name: string, segment: unknown) => ({
  schemaVersion: 1,
  name,
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { on: { segment } } },
    { id: 'done', type: 'exit', position: at, data: { outcome: 'completed' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'done' }],
});

describeEachDatabase('segments used by journeys', (database) => {
  it('edits a segment, reads conditions by id, and deletes it', async () => {
    const db = database.db;
    await createSegment(db, { id: 'emea', name: 'EMEA', condition: { attr: 'attributes.region', op: 'eq', value: 'emea' } });
    const edited = await updateSegment(db, 'emea', { name: 'Enterprise EMEA', condition: { attr: 'attributes.region', op: 'in', value: ['emea', 'uk'] } });
    expect(edited).toMatchObject({ id: 'emea', name: 'Enterprise EMEA', condition: { attr: 'attributes.region', op: 'in', value: ['emea', 'uk'] } });
    expect(await updateSegment(db, 'nope', { name: 'x', condition: { attr: 'score', op: 'gte', value: 1 } })).toBeNull();
    expect(await segmentConditions(db, ['emea', 'nope'])).toEqual(new Map([['emea', { attr: 'attributes.region', op: 'in', value: ['emea', 'uk'] }]]));
    expect(await segmentIds(db)).toEqual(new Set(['emea']));
    expect(await deleteSegment(db, 'emea')).toBe(true);
    expect(await deleteSegment(db, 'emea')).toBe(false);
    expect(await getSegment(db, 'emea')).toBeNull();
  });

  it('finds the active and paused journeys whose published version names the segment, not drafts or archived ones', async () => {
    const db = database.db;
    const uses = (name: string) => segmentDraft(name, { saved: 'emea' });
    await createJourney(db, { id: 'j-active', name: 'Welcome EMEA', draft: uses('Welcome EMEA') });
    await publishJourney(db, 'j-active', uses('Welcome EMEA'));
    await createJourney(db, { id: 'j-paused', name: 'Paused EMEA', draft: uses('Paused EMEA') });
    await publishJourney(db, 'j-paused', uses('Paused EMEA'));
    await setJourneyStatus(db, 'j-paused', 'paused');
    await createJourney(db, { id: 'j-archived', name: 'Old EMEA', draft: uses('Old EMEA') });
    await publishJourney(db, 'j-archived', uses('Old EMEA'));
    await setJourneyStatus(db, 'j-archived', 'archived');
    await createJourney(db, { id: 'j-draft', name: 'Draft EMEA', draft: uses('Draft EMEA') });
    await createJourney(db, { id: 'j-inline', name: 'Inline', draft: segmentDraft('Inline', { attr: 'score', op: 'gte', value: 1 }) });
    await publishJourney(db, 'j-inline', segmentDraft('Inline', { attr: 'score', op: 'gte', value: 1 }));
    expect(await journeysUsingSegment(db, 'emea')).toEqual([
      { id: 'j-paused', name: 'Paused EMEA', status: 'paused', publishedVersion: 1 },
      { id: 'j-active', name: 'Welcome EMEA', status: 'active', publishedVersion: 1 },
    ]);
    expect(await journeysUsingSegment(db, 'other')).toEqual([]);
    // Drafts: every journey but the archived one whose draft still names it.
    expect(await draftsNamingSegment(db, 'emea')).toEqual([
      { id: 'j-draft', name: 'Draft EMEA', status: 'draft' },
      { id: 'j-paused', name: 'Paused EMEA', status: 'paused' },
      { id: 'j-active', name: 'Welcome EMEA', status: 'active' },
    ]);
    expect(await draftsNamingSegment(db, 'other')).toEqual([]);
  });

  it('restarts a finished sweep from the first lead', async () => {
    const db = database.db;
    await db.query(`insert into leads (id) values ('a'), ('b')`);
    await queueSegmentSweep(db, 'j', 1);
    await db.transaction(async (tx) => {
      const page = (await claimSegmentSweepPage(tx, 10))!;
      expect(page.leadIds).toEqual(['a', 'b']);
      await finishSegmentSweepPage(tx, page, 10);
    });
    expect(await db.transaction((tx) => claimSegmentSweepPage(tx, 10))).toBeNull();
    await restartSegmentSweep(db, 'j', 1);
    expect(await db.transaction((tx) => claimSegmentSweepPage(tx, 10))).toEqual({ journeyId: 'j', version: 1, leadIds: ['a', 'b'] });
  });
});
