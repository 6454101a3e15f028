import { expect, it } from 'vitest';
import { createJourney, publishJourney, saveJourneyDraft, setJourneyStatus } from './journeys.js';
import { createTemplate, deleteTemplate, everyTemplateUse, getTemplate, listTemplates, templateChannels, templateUses, updateTemplate } from './templates.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('templates', (database) => {
  it('creates a template and reads it back, with null for what it leaves out', async () => {
    const created = await createTemplate(database.db, {
      id: 'welcome-1',
      channel: 'email',
      name: 'Welcome',
      subject: 'Hello {{ lead.first_name }}',
      body: 'Thanks for signing up.',
    });
    expect(created).toEqual({
      id: 'welcome-1',
      channel: 'email',
      name: 'Welcome',
      subject: 'Hello {{ lead.first_name }}',
      body: 'Thanks for signing up.',
      html: null,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
      updatedBy: null,
      request: null,
      sender: null,
    });
    expect(await getTemplate(database.db, 'welcome-1')).toEqual(created);
  });

  it('answers null when the id is taken, leaving the first template as it was', async () => {
    await createTemplate(database.db, { id: 'taken', channel: 'sms', name: 'First', body: 'one' });
    expect(await createTemplate(database.db, { id: 'taken', channel: 'sms', name: 'Second', body: 'two' })).toBeNull();
    expect((await getTemplate(database.db, 'taken'))?.name).toBe('First');
  });

  it('refuses a channel the journey format does not have', async () => {
    await expect(
      createTemplate(database.db, { id: 'fax-1', channel: 'fax' as 'sms', name: 'Fax', body: 'x' }),
    ).rejects.toThrow(/templates_channel_check/);
  });

  it('lists templates by id, all or of one channel', async () => {
    await createTemplate(database.db, { id: 'list-b', channel: 'sms', name: 'B', body: 'b' });
    await createTemplate(database.db, { id: 'list-a', channel: 'webhook', name: 'A', body: 'https://example.com/hook' });
    const all = (await listTemplates(database.db)).map((t) => t.id).filter((id) => id.startsWith('list-'));
    expect(all).toEqual(['list-a', 'list-b']);
    const hooks = (await listTemplates(database.db, { channel: 'webhook' })).map((t) => t.id);
    expect(hooks).toEqual(['list-a']);
  });

  it('maps every template id to its channel, for the journey validator', async () => {
    await createTemplate(database.db, { id: 'chan-mail', channel: 'email', name: 'M', body: 'm', html: '<p>m</p>' });
    await createTemplate(database.db, { id: 'chan-hook', channel: 'webhook', name: 'H', body: 'https://example.com/hook' });
    const channels = await templateChannels(database.db);
    expect([channels.get('chan-mail'), channels.get('chan-hook'), channels.get('chan-none')]).toEqual(['email', 'webhook', undefined]);
  });

  it('updates what the patch sends, keeps what it leaves out, and clears html sent as null', async () => {
    await createTemplate(database.db, {
      id: 'patch-1',
      channel: 'email',
      name: 'Before',
      subject: 'Subject',
      body: 'Body',
      html: '<p>Body</p>',
    });
    const updated = await updateTemplate(database.db, 'patch-1', { name: 'After', html: null });
    expect(updated).toMatchObject({ name: 'After', subject: 'Subject', body: 'Body', html: null, channel: 'email' });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(updated!.createdAt.getTime());
    expect(await updateTemplate(database.db, 'no-such-template', { name: 'x' })).toBeNull();
  });

  it('records who saved a template last: the creator, then each editor', async () => {
    const created = await createTemplate(database.db, { id: 'edited-1', channel: 'sms', name: 'E', body: 'e' }, 'maya');
    expect(created?.updatedBy).toBe('maya');
    const updated = await updateTemplate(database.db, 'edited-1', { body: 'f' }, 'sam');
    expect(updated?.updatedBy).toBe('sam');
    expect((await getTemplate(database.db, 'edited-1'))?.updatedBy).toBe('sam');
  });

  it("keeps a webhook's method, headers and body template, and clears them when sent as null", async () => {
    const request = { method: 'PUT' as const, headers: { 'X-Api-Key': 'k1' }, body: '{"email": {{ lead.email | json }}}' };
    const created = await createTemplate(database.db, { id: 'hook-req', channel: 'webhook', name: 'H', body: 'https://example.com/h', request });
    expect(created?.request).toEqual(request);
    expect((await updateTemplate(database.db, 'hook-req', { name: 'H2' }))?.request).toEqual(request);
    expect((await updateTemplate(database.db, 'hook-req', { request: null }))?.request).toBeNull();
  });

  it("keeps an email template's own sender, the lead's owner or a named one, until a patch clears it", async () => {
    const created = await createTemplate(database.db, { id: 'from-owner', channel: 'email', name: 'F', body: 'x', sender: 'owner' });
    expect(created?.sender).toBe('owner');
    expect((await updateTemplate(database.db, 'from-owner', { name: 'F2' }))?.sender).toBe('owner');
    const named = { name: 'Sam Reed', email: 'sam@acme.test' };
    expect((await updateTemplate(database.db, 'from-owner', { sender: named }))?.sender).toEqual(named);
    expect((await updateTemplate(database.db, 'from-owner', { sender: null }))?.sender).toBeNull();
  });

  it('deletes a template once', async () => {
    await createTemplate(database.db, { id: 'gone-1', channel: 'sms', name: 'Gone', body: 'bye' });
    expect(await deleteTemplate(database.db, 'gone-1')).toBe(true);
    expect(await deleteTemplate(database.db, 'gone-1')).toBe(false);
    expect(await getTemplate(database.db, 'gone-1')).toBeNull();
  });

  it('finds the send steps leads may still take that name a template: published versions of live journeys and older versions leads are on', async () => {
    const db = database.db;
    const at = { x: 0, y: 0 };
    const sending = (name: string, template: string, label?: string) => ({
      schemaVersion: 1,
      name,
      nodes: [
        { id: 'start', type: 'trigger', position: at, data: { on: { event: 'x' } } },
        { id: 'hello', type: 'send', position: at, data: { channel: 'email', template, ...(label ? { label } : {}) } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'hello' }],
    });
    const live = await createJourney(db, { name: 'Uses live', draft: {} });
    await publishJourney(db, live.id, sending('Uses live', 'used-1', 'Welcome email'));
    // Version 1 used it, version 2 does not: counted only while a lead is still on version 1.
    const moved = await createJourney(db, { name: 'Uses moved on', draft: {} });
    await publishJourney(db, moved.id, sending('Uses moved on', 'used-1'));
    await publishJourney(db, moved.id, sending('Uses moved on', 'other'));
    const gone = await createJourney(db, { name: 'Uses archived', draft: {} });
    await publishJourney(db, gone.id, sending('Uses archived', 'used-1'));
    await setJourneyStatus(db, gone.id, 'archived');
    const drafted = await createJourney(db, { name: 'Uses draft', draft: {} });
    await saveJourneyDraft(db, drafted.id, { name: 'Uses draft', draft: sending('Uses draft', 'used-1') });

    expect(await templateUses(db, 'used-1')).toEqual([
      { journeyId: live.id, journeyName: 'Uses live', version: 1, nodeId: 'hello', label: 'Welcome email' },
    ]);
    await db.query(`insert into leads (id) values ('uses-lead')`);
    await db.query(`insert into runs (lead_id, id, journey_id, version, status, node_id) values ('uses-lead', 'r1', $1, 1, 'active', 'hello')`, [moved.id]);
    expect((await templateUses(db, 'used-1')).map((u) => [u.journeyName, u.version])).toEqual([
      ['Uses live', 1],
      ['Uses moved on', 1],
    ]);
    expect(await templateUses(db, 'never-used')).toEqual([]);
    // The library's list: every template's uses at once, counted the same way.
    const every = (await everyTemplateUse(db)).filter((u) => u.journeyName.startsWith('Uses '));
    expect(every.map((u) => [u.template, u.journeyName, u.version, u.nodeId])).toEqual([
      ['other', 'Uses moved on', 2, 'hello'],
      ['used-1', 'Uses live', 1, 'hello'],
      ['used-1', 'Uses moved on', 1, 'hello'],
    ]);
  });
});
