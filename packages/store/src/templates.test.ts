import { expect, it } from 'vitest';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from './templates.js';
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

  it('deletes a template once', async () => {
    await createTemplate(database.db, { id: 'gone-1', channel: 'sms', name: 'Gone', body: 'bye' });
    expect(await deleteTemplate(database.db, 'gone-1')).toBe(true);
    expect(await deleteTemplate(database.db, 'gone-1')).toBe(false);
    expect(await getTemplate(database.db, 'gone-1')).toBeNull();
  });
});
