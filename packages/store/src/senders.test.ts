import { expect, it } from 'vitest';
import { getOrCreateSetting } from './instance-settings.js';
import { deleteSender, getSender, listSenders, upsertSender } from './senders.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('senders and instance settings', (database) => {
  it('keeps one signature per owner email, found whatever its case', async () => {
    await upsertSender(database.db, { email: 'Sam@Example.com', name: 'Sam Reyes' });
    expect((await getSender(database.db, 'sam@example.com'))?.signature).toBeNull();
    const replaced = await upsertSender(database.db, { email: 'sam@example.com', name: 'Sam R.', phone: '+1 555 0100', signature: 'Sam\nAccount lead' });
    expect(replaced).toEqual({
      email: 'sam@example.com',
      name: 'Sam R.',
      phone: '+1 555 0100',
      signature: 'Sam\nAccount lead',
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(await getSender(database.db, 'SAM@example.com')).toEqual(replaced);
    expect((await listSenders(database.db)).map((s) => s.email)).toEqual(['sam@example.com']);
    expect(await deleteSender(database.db, 'sam@example.com')).toBe(true);
    expect(await getSender(database.db, 'sam@example.com')).toBeNull();
  });

  it('creates a setting once and then answers the stored value', async () => {
    expect(await getOrCreateSetting(database.db, 'webhook_secret', () => 'first')).toBe('first');
    expect(await getOrCreateSetting(database.db, 'webhook_secret', () => 'second')).toBe('first');
    expect(await getOrCreateSetting(database.db, 'object_setting', () => ({ a: 1 }))).toEqual({ a: 1 });
  });
});
