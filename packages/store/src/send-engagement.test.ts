import { expect, it } from 'vitest';
import { listOutbox, putOutboxMessage } from './outbox.js';
import {
  countEngagement,
  countSendDelivered,
  engagementOfSend,
  getTrackedSend,
  sendStatsOfJourney,
} from './send-engagement.js';
import { describeEachDatabase } from './test-databases.js';
import { insertTestSend } from './test-sends.js';

describeEachDatabase('send engagement', (database) => {
  const send = (leadId: string, id: string, nodeId = 'mail1') => ({ leadId, id, journeyId: 'eng-journey', nodeId });

  it('finds the send a tracking link names, and nothing for another lead’s send id', async () => {
    await insertTestSend(database.db, { leadId: 'eng-ada', id: 'r1.2', channel: 'email', template: 't', journeyId: 'eng-journey', nodeId: 'mail1' });
    expect(await getTrackedSend(database.db, 'eng-ada', 'r1.2')).toEqual({
      leadId: 'eng-ada',
      id: 'r1.2',
      journeyId: 'eng-journey',
      nodeId: 'mail1',
      channel: 'email',
      deliveredAt: null,
    });
    expect(await getTrackedSend(database.db, 'eng-bo', 'r1.2')).toBeNull();
  });

  it('counts every open and click per send, and each send once per node for opened, clicked and unsubscribed', async () => {
    await countSendDelivered(database.db, send('eng-ada', 'r1.2'));
    await countSendDelivered(database.db, send('eng-bo', 'r2.2'));
    await countSendDelivered(database.db, send('eng-bo', 'r2.5', 'mail2'));
    await countEngagement(database.db, send('eng-ada', 'r1.2'), 'opened');
    await countEngagement(database.db, send('eng-ada', 'r1.2'), 'opened');
    await countEngagement(database.db, send('eng-ada', 'r1.2'), 'clicked');
    await countEngagement(database.db, send('eng-bo', 'r2.2'), 'opened');
    await countEngagement(database.db, send('eng-bo', 'r2.2'), 'unsubscribed');
    await countEngagement(database.db, send('eng-bo', 'r2.2'), 'unsubscribed');

    expect(await engagementOfSend(database.db, 'eng-ada', 'r1.2')).toEqual({ opens: 2, clicks: 1, unsubscribes: 0 });
    expect(await engagementOfSend(database.db, 'eng-cy', 'nothing')).toEqual({ opens: 0, clicks: 0, unsubscribes: 0 });
    expect(await sendStatsOfJourney(database.db, 'eng-journey')).toEqual({
      mail1: { sent: 2, opened: 2, clicked: 1, unsubscribed: 1 },
      mail2: { sent: 1, opened: 0, clicked: 0, unsubscribed: 0 },
    });
    expect(await sendStatsOfJourney(database.db, 'no-such-journey')).toEqual({});
  });

  it('counts concurrent first opens of one send once for its node', async () => {
    await Promise.all(Array.from({ length: 5 }, () => countEngagement(database.db, send('eng-dee', 'r9.1', 'mail9'), 'opened')));
    expect(await engagementOfSend(database.db, 'eng-dee', 'r9.1')).toEqual({ opens: 5, clicks: 0, unsubscribes: 0 });
    expect((await sendStatsOfJourney(database.db, 'eng-journey')).mail9).toEqual({ sent: 0, opened: 1, clicked: 0, unsubscribed: 0 });
  });

  it('lists outbox messages with their opens and clicks', async () => {
    await insertTestSend(database.db, { leadId: 'eng-eve', id: 'r3.1', channel: 'email', template: 't' });
    await putOutboxMessage(database.db, { leadId: 'eng-eve', sendId: 'r3.1', channel: 'email', to: 'eve@example.com', text: 'Hi' });
    await putOutboxMessage(database.db, { leadId: 'eng-eve', sendId: 'r3.2', channel: 'email', to: 'eve@example.com', text: 'Again' });
    await countEngagement(database.db, send('eng-eve', 'r3.1'), 'opened');
    await countEngagement(database.db, send('eng-eve', 'r3.1'), 'clicked');
    await countEngagement(database.db, send('eng-eve', 'r3.1'), 'clicked');
    const listed = await listOutbox(database.db, { leadId: 'eng-eve' });
    expect(listed.map((m) => [m.sendId, m.opens, m.clicks])).toEqual([
      ['r3.2', 0, 0],
      ['r3.1', 1, 2],
    ]);
  });
});
