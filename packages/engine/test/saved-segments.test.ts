import { createJourney, createSegment, getSegment } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { deleteSavedSegment, editSavedSegment, Engine } from '../src/index.js';

/**
 * A segment journey naming a saved segment, on a real database: membership is live, so editing
 * the segment's condition enters the leads that now meet it (a fresh sweep) and governs entries
 * at later events; a segment a published journey names cannot be deleted.
 */

const at = { x: 0, y: 0 };
const namingSegment = (name: string, segmentId: string) => ({
  schemaVersion: 1,
  name,
  settings: {},
  nodes: [
    { id: 't', type: 'trigger', position: at, data: { on: { segment: { saved: segmentId } } } },
    { id: 'w', type: 'wait', position: at, data: { for: 'P30D' } },
  ],
  edges: [{ id: 'e', source: 't', target: 'w', sourceHandle: 'out' }],
});

describeEachDatabase('journeys naming a saved segment', (database) => {
  const clock = () => Date.now();
  let engine: Engine;
  let uniq = 0;
  const id = (prefix: string) => `${prefix}-${++uniq}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(() => {
    engine = new Engine(database.db, { now: clock });
  });

  const runsIn = async (leadId: string, journeyId: string) =>
    (await database.db.query(`select status from runs where lead_id = $1 and journey_id = $2`, [leadId, journeyId])).length;

  async function sweepsDone(journeyId: string) {
    for (let i = 0; i < 50 && (await database.db.query(`select 1 from segment_sweeps where journey_id = $1 and not done`, [journeyId])).length > 0; i++) {
      await engine.worker.processDueBatch();
    }
  }

  async function publishNaming(segmentId: string): Promise<string> {
    const journeyId = id('j');
    await createJourney(database.db, { id: journeyId, name: `Welcome ${journeyId}`, draft: namingSegment(`Welcome ${journeyId}`, segmentId) });
    expect(await engine.publish(journeyId)).toEqual({ version: 1 });
    await sweepsDone(journeyId);
    return journeyId;
  }

  it('enters a lead when the segment is edited to include it, and at its later events by the new condition', async () => {
    const [region, segmentId] = [id('region'), id('seg')];
    const [emea, uk, later] = [id('lead'), id('lead'), id('lead')];
    await engine.putLead(emea, { attributes: { region, country: 'de' } });
    await engine.putLead(uk, { attributes: { region, country: 'uk' } });
    await createSegment(database.db, { id: segmentId, name: 'Enterprise EMEA', condition: { attr: 'attributes.country', op: 'eq', value: 'de' } });
    const journeyId = await publishNaming(segmentId);
    expect([await runsIn(emea, journeyId), await runsIn(uk, journeyId)]).toEqual([1, 0]);

    const edited = await editSavedSegment(engine, segmentId, {
      name: 'Enterprise EMEA',
      condition: { all: [{ attr: 'attributes.region', op: 'eq', value: region }, { attr: 'attributes.country', op: 'in', value: ['de', 'uk'] }] },
    });
    expect(edited?.journeys.map((j) => j.id)).toEqual([journeyId]);
    await sweepsDone(journeyId);
    await engine.worker.drain();
    expect([await runsIn(emea, journeyId), await runsIn(uk, journeyId)]).toEqual([1, 1]);

    // A lead that comes to meet the edited condition later enters at that event.
    await engine.putLead(later, { attributes: { region, country: 'fr' } });
    await engine.worker.drain();
    expect(await runsIn(later, journeyId)).toBe(0);
    await engine.putLead(later, { attributes: { region, country: 'uk' } });
    await engine.worker.drain();
    expect(await runsIn(later, journeyId)).toBe(1);
  }, 60_000);

  it('refuses to publish a trigger naming a segment that is not stored (unknown_segment on the trigger)', async () => {
    const journeyId = id('j');
    await createJourney(database.db, { id: journeyId, name: 'Orphan', draft: namingSegment('Orphan', 'no-such-segment') });
    const answer = await engine.publish(journeyId);
    expect(answer).toEqual({
      problems: [
        expect.objectContaining({ code: 'missing_handle', severity: 'warning' }),
        {
          severity: 'error',
          code: 'unknown_segment',
          message: 'Trigger node "t" names saved segment "no-such-segment", which does not exist; pick a saved segment or write the condition here',
          nodeId: 't',
          path: ['nodes', 0, 'data', 'on', 'segment', 'saved'],
        },
      ],
    });
  });

  it('keeps a segment a published journey names, listing the journeys; deletes one no journey names', async () => {
    const segmentId = id('seg');
    await createSegment(database.db, { id: segmentId, name: 'In use', condition: { attr: 'score', op: 'gte', value: 1000 } });
    const journeyId = await publishNaming(segmentId);
    const refused = await deleteSavedSegment(engine, segmentId);
    expect(refused).toEqual({ deleted: false, usedBy: [{ id: journeyId, name: `Welcome ${journeyId}`, status: 'active', publishedVersion: 1 }] });
    expect(await getSegment(database.db, segmentId)).not.toBeNull();
    await engine.archive(journeyId);
    expect(await deleteSavedSegment(engine, segmentId)).toEqual({ deleted: true, usedBy: [] });
    expect(await getSegment(database.db, segmentId)).toBeNull();
  });
});
