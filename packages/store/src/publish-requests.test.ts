import { expect, it } from 'vitest';
import { createJourney, publishJourney, saveJourneyDraft } from './journeys.js';
import {
  createPublishRequest,
  declinePublishRequest,
  listPublishRequests,
  pendingPublishRequests,
  publishApprovalsRequired,
  PublishRequestChanged,
  setPublishApprovalsRequired,
} from './publish-requests.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('publish requests', (database) => {
  const doc = (wait: string) => ({ schemaVersion: 1, name: 'Drip', settings: {}, nodes: [{ id: 'w', type: 'wait', data: { for: wait } }], edges: [] });
  const ask = (journeyId: string, id: string, draft: unknown, at: Date) =>
    createPublishRequest(database.db, { id, journeyId, draft, baseVersion: null, inFlight: 'move', map: { w: null }, requestedBy: 'Maya', at });

  it('keeps the approvals setting, off until it is turned on', async () => {
    expect(await publishApprovalsRequired(database.db)).toBe(false);
    await setPublishApprovalsRequired(database.db, true);
    expect(await publishApprovalsRequired(database.db)).toBe(true);
    await setPublishApprovalsRequired(database.db, false);
    expect(await publishApprovalsRequired(database.db)).toBe(false);
  });

  it('is stale once the draft is another document (key order aside), and a newer request supersedes it', async () => {
    const journey = await createJourney(database.db, { name: 'Drip', draft: doc('P1D') });
    const first = await ask(journey.id, `${journey.id}-a`, doc('P1D'), new Date('2026-03-02T09:00:00Z'));
    expect(first).toMatchObject({ status: 'pending', stale: false, inFlight: 'move', map: { w: null }, requestedBy: 'Maya' });
    const reordered = Object.fromEntries(Object.entries(doc('P1D')).reverse());
    await saveJourneyDraft(database.db, journey.id, { name: 'Drip', draft: reordered });
    expect((await listPublishRequests(database.db, journey.id))[0]!.stale).toBe(false);
    await saveJourneyDraft(database.db, journey.id, { name: 'Drip', draft: doc('PT6H') });
    expect((await listPublishRequests(database.db, journey.id))[0]!.stale).toBe(true);
    expect(await pendingPublishRequests(database.db)).toContainEqual(expect.objectContaining({ journeyId: journey.id, id: first.id, stale: true }));

    const second = await ask(journey.id, `${journey.id}-b`, doc('PT6H'), new Date('2026-03-02T10:00:00Z'));
    expect((await listPublishRequests(database.db, journey.id)).map((r) => [r.id, r.status, r.stale])).toEqual([
      [second.id, 'pending', false],
      [first.id, 'superseded', false],
    ]);
  });

  it('closes an approved request in the publish, and refuses (rolling the publish back) one whose draft changed', async () => {
    const journey = await createJourney(database.db, { name: 'Drip', draft: doc('P1D') });
    const request = await ask(journey.id, `${journey.id}-r`, doc('P1D'), new Date('2026-03-02T09:00:00Z'));
    await saveJourneyDraft(database.db, journey.id, { name: 'Drip', draft: doc('P2D') });
    const approval = { requestId: request.id, by: 'Rui', at: new Date('2026-03-02T11:00:00Z'), comment: null };
    await expect(publishJourney(database.db, journey.id, doc('P2D'), { approval })).rejects.toBeInstanceOf(PublishRequestChanged);
    const [row] = await database.db.query<{ n: number }>('select count(*)::int as n from journey_versions where journey_id = $1', [journey.id]);
    expect(row!.n).toBe(0);

    await saveJourneyDraft(database.db, journey.id, { name: 'Drip', draft: doc('P1D') });
    const published = await publishJourney(database.db, journey.id, doc('P1D'), { approval: { ...approval, comment: 'Fine' } });
    expect(published!.version).toBe(1);
    expect((await listPublishRequests(database.db, journey.id))[0]).toMatchObject({ status: 'approved', decidedBy: 'Rui', comment: 'Fine', version: 1 });
    // Decided: it cannot be declined (nor approved) again.
    expect(await declinePublishRequest(database.db, { journeyId: journey.id, id: request.id, by: 'Lee', comment: 'No', at: new Date() })).toBeNull();
  });
});
