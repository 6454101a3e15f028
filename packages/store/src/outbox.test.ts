import { expect, it } from 'vitest';
import { upsertLead } from './leads.js';
import { listOutbox, putOutboxMessage } from './outbox.js';
import { describeEachDatabase } from './test-databases.js';
import { insertTestSend } from './test-sends.js';

describeEachDatabase('outbox', (database) => {
  it('writes a message once per send, answering the first one to a second write', async () => {
    await upsertLead(database.db, 'out-ada');
    const first = await putOutboxMessage(database.db, {
      leadId: 'out-ada',
      sendId: 's1',
      channel: 'email',
      to: 'ada@example.com',
      from: 'Trellis <trellis@localhost>',
      subject: 'Hi',
      text: 'Hello Ada',
    });
    expect(first).toEqual({
      id: expect.any(String),
      leadId: 'out-ada',
      sendId: 's1',
      channel: 'email',
      to: 'ada@example.com',
      from: 'Trellis <trellis@localhost>',
      subject: 'Hi',
      text: 'Hello Ada',
      html: null,
      createdAt: expect.any(Date),
    });
    const again = await putOutboxMessage(database.db, {
      leadId: 'out-ada',
      sendId: 's1',
      channel: 'email',
      to: 'ada@example.com',
      text: 'Hello again',
    });
    expect(again).toEqual(first);
    expect(await listOutbox(database.db, { leadId: 'out-ada' })).toEqual([{ ...first, opens: 0, clicks: 0 }]);
  });

  it('lists newest first, pages with before, and filters by lead and channel', async () => {
    await upsertLead(database.db, 'out-bo');
    await upsertLead(database.db, 'out-cy');
    const written = [];
    for (const [leadId, sendId, channel] of [
      ['out-bo', 'a', 'email'],
      ['out-bo', 'b', 'sms'],
      ['out-cy', 'c', 'email'],
    ] as const) {
      written.push(await putOutboxMessage(database.db, { leadId, sendId, channel, to: 'x', text: sendId }));
      // Distinct creation times, so the order is the writing order on both databases.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ofTheseLeads = (messages: { leadId: string; sendId: string }[]) =>
      messages.filter((m) => m.leadId !== 'out-ada').map((m) => m.sendId);
    expect(ofTheseLeads(await listOutbox(database.db))).toEqual(['c', 'b', 'a']);
    expect(ofTheseLeads(await listOutbox(database.db, { limit: 2 }))).toEqual(['c', 'b']);
    expect(ofTheseLeads(await listOutbox(database.db, { before: written[1]!.createdAt }))).toEqual(['a']);
    expect(ofTheseLeads(await listOutbox(database.db, { leadId: 'out-bo' }))).toEqual(['b', 'a']);
    expect(ofTheseLeads(await listOutbox(database.db, { channel: 'email' }))).toEqual(['c', 'a']);
  });

  it("filters by journey: only the messages of that journey's sends", async () => {
    for (const [sendId, journeyId] of [['j-a1', 'out-journey-a'], ['j-b1', 'out-journey-b'], ['j-a2', 'out-journey-a']] as const) {
      await insertTestSend(database.db, { leadId: 'out-dee', id: sendId, channel: 'email', template: 't', journeyId });
      await putOutboxMessage(database.db, { leadId: 'out-dee', sendId, channel: 'email', to: 'dee@example.com', text: sendId });
    }
    expect((await listOutbox(database.db, { journeyId: 'out-journey-a' })).map((m) => m.sendId).sort()).toEqual(['j-a1', 'j-a2']);
    expect((await listOutbox(database.db, { journeyId: 'out-journey-b' })).map((m) => m.sendId)).toEqual(['j-b1']);
    expect(await listOutbox(database.db, { journeyId: 'out-journey-none' })).toEqual([]);
  });
});
