import { expect, it } from 'vitest';
import { sendStatusCounts } from './send-counts.js';
import { describeEachDatabase } from './test-databases.js';
import { insertTestSend } from './test-sends.js';

describeEachDatabase('send status counts', (database) => {
  it("counts a journey's sends per channel and status, with how many were delivered or failed delivery", async () => {
    const journeyId = 'counted-journey';
    await insertTestSend(database.db, { leadId: 'cnt-a', id: 's1', channel: 'email', template: 't', journeyId });
    await insertTestSend(database.db, { leadId: 'cnt-b', id: 's2', channel: 'email', template: 't', journeyId });
    await insertTestSend(database.db, { leadId: 'cnt-c', id: 's3', channel: 'email', template: 't', journeyId });
    await insertTestSend(database.db, { leadId: 'cnt-a', id: 's4', channel: 'sms', template: 't', journeyId });
    await insertTestSend(database.db, { leadId: 'cnt-a', id: 's5', channel: 'email', template: 't', journeyId: 'another-journey' });
    await database.db.query(`update sends set delivery_state = 'delivered' where id = 's1'`);
    await database.db.query(`update sends set status = 'suppressed', delivery_state = 'failed' where id = 's2'`);
    expect(await sendStatusCounts(database.db, journeyId)).toEqual([
      { channel: 'email', status: 'sent', count: 2, delivered: 1, failedDelivery: 0 },
      { channel: 'email', status: 'suppressed', count: 1, delivered: 0, failedDelivery: 1 },
      { channel: 'sms', status: 'sent', count: 1, delivered: 0, failedDelivery: 0 },
    ]);
    expect(await sendStatusCounts(database.db, 'no-sends')).toEqual([]);
  });
});
