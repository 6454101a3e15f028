import { expect, it } from 'vitest';
import {
  createJourney,
  getJourney,
  getJourneyVersion,
  listJourneys,
  listJourneyVersions,
  publishJourney,
  saveJourneyDraft,
  setJourneyStatus,
} from './journeys.js';
import { describeEachDatabase } from './test-databases.js';

const draft = (name: string, nodes: unknown[] = []) => ({ schemaVersion: 1, name, settings: {}, nodes, edges: [] });

describeEachDatabase('journeys', (database) => {
  it('creates a draft journey with a generated id and gets it back as it was stored', async () => {
    const created = await createJourney(database.db, { name: 'Inbound demo', draft: draft('Inbound demo') });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created).toMatchObject({
      name: 'Inbound demo',
      status: 'draft',
      draft: draft('Inbound demo'),
      publishedVersion: null,
    });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await getJourney(database.db, created.id)).toEqual(created);
  });

  it('answers null for a journey that does not exist', async () => {
    expect(await getJourney(database.db, 'nope')).toBeNull();
    expect(await saveJourneyDraft(database.db, 'nope', { name: 'x', draft: {} })).toBeNull();
    expect(await publishJourney(database.db, 'nope', {})).toBeNull();
    expect(await setJourneyStatus(database.db, 'nope', 'paused')).toBeNull();
    expect(await getJourneyVersion(database.db, 'nope', 1)).toBeNull();
  });

  it('saves a draft over the previous one, name included', async () => {
    const { id } = await createJourney(database.db, { id: 'save-me', name: 'Old', draft: draft('Old') });
    const saved = await saveJourneyDraft(database.db, id, { name: 'New', draft: draft('New', [{ id: 'n1' }]) });
    expect(saved).toMatchObject({ id: 'save-me', name: 'New', draft: draft('New', [{ id: 'n1' }]), status: 'draft' });
    expect((await getJourney(database.db, id))!.draft).toEqual(draft('New', [{ id: 'n1' }]));
  });

  it('publishes immutable versions numbered from 1 and activates a draft journey', async () => {
    const { id } = await createJourney(database.db, { id: 'pub', name: 'P', draft: draft('P') });
    const first = await publishJourney(database.db, id, draft('P', [{ id: 'v1' }]));
    expect(first).toMatchObject({ journeyId: 'pub', version: 1, document: draft('P', [{ id: 'v1' }]) });
    expect(first!.publishedAt).toBeInstanceOf(Date);
    expect(await getJourney(database.db, id)).toMatchObject({ status: 'active', publishedVersion: 1 });

    await saveJourneyDraft(database.db, id, { name: 'P', draft: draft('P', [{ id: 'v2' }]) });
    const second = await publishJourney(database.db, id, draft('P', [{ id: 'v2' }]));
    expect(second!.version).toBe(2);
    expect((await getJourneyVersion(database.db, id, 1))!.document).toEqual(draft('P', [{ id: 'v1' }]));
    expect((await getJourneyVersion(database.db, id, 2))!.document).toEqual(draft('P', [{ id: 'v2' }]));
    expect(await getJourney(database.db, id)).toMatchObject({ publishedVersion: 2 });
    expect((await listJourneyVersions(database.db, id)).map((v) => [v.version, v.publishedAt instanceof Date])).toEqual([
      [2, true],
      [1, true],
    ]);
    expect(await listJourneyVersions(database.db, 'nope')).toEqual([]);
  });

  it('numbers concurrent publishes consecutively', async () => {
    const { id } = await createJourney(database.db, { id: 'race', name: 'R', draft: draft('R') });
    const versions = await Promise.all(
      Array.from({ length: 5 }, () => publishJourney(database.db, id, draft('R')).then((v) => v!.version)),
    );
    expect(versions.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('pauses, resumes and archives; publishing keeps a paused journey paused', async () => {
    const { id } = await createJourney(database.db, { id: 'status', name: 'S', draft: draft('S') });
    await publishJourney(database.db, id, draft('S'));
    expect((await setJourneyStatus(database.db, id, 'paused'))!.status).toBe('paused');
    await publishJourney(database.db, id, draft('S'));
    expect((await getJourney(database.db, id))!.status).toBe('paused');
    expect((await setJourneyStatus(database.db, id, 'active'))!.status).toBe('active');
    expect((await setJourneyStatus(database.db, id, 'archived'))!.status).toBe('archived');
  });

  it('refuses a status outside the four', async () => {
    const { id } = await createJourney(database.db, { name: 'Bad', draft: draft('Bad') });
    await expect(setJourneyStatus(database.db, id, 'deleted' as never)).rejects.toThrow(/journeys_status_check/);
  });

  it('lists summaries, most recently changed first', async () => {
    const listed = await listJourneys(database.db);
    // In the order the tests above last touched them.
    expect(listed.map((journey) => journey.name)).toEqual(['Bad', 'S', 'R', 'P', 'New', 'Inbound demo']);
    const status = listed.find((journey) => journey.id === 'status');
    expect(status).toEqual({
      id: 'status',
      name: 'S',
      status: 'archived',
      publishedVersion: 2,
      updatedAt: expect.any(Date),
    });
  });
});
