import { expect, it } from 'vitest';
import { getLead, upsertLead } from './leads.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('leads', (database) => {
  it('creates a lead from a patch, with defaults for what it leaves out', async () => {
    const lead = await upsertLead(database.db, 'ada', { email: 'ada@example.com', attributes: { industry: 'retail' } });
    expect(lead).toEqual({
      id: 'ada',
      email: 'ada@example.com',
      phone: null,
      timezone: null,
      owner: null,
      score: 0,
      stage: null,
      attributes: { industry: 'retail' },
      consent: {},
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
      dueAt: null,
    });
    expect(await getLead(database.db, 'ada')).toEqual(lead);
  });

  it('merges a patch: fields sent replace, fields left out stay, null clears, attributes and consent merge', async () => {
    await upsertLead(database.db, 'bo', {
      email: 'bo@example.com',
      phone: '+44 20 0000 0000',
      timezone: 'Europe/London',
      score: 10,
      stage: 'mql',
      attributes: { industry: 'retail', size: 50 },
      consent: { email: 'opted_in', sms: 'unknown' },
    });
    const merged = await upsertLead(database.db, 'bo', {
      phone: null,
      score: 12.5,
      owner: 'sam',
      attributes: { size: 80, plan: { tier: 'pro' } },
      consent: { sms: 'opted_out' },
    });
    expect(merged).toMatchObject({
      email: 'bo@example.com',
      phone: null,
      timezone: 'Europe/London',
      owner: 'sam',
      score: 12.5,
      stage: 'mql',
      attributes: { industry: 'retail', size: 80, plan: { tier: 'pro' } },
      consent: { email: 'opted_in', sms: 'opted_out' },
    });
    expect(merged.updatedAt.getTime()).toBeGreaterThanOrEqual(merged.createdAt.getTime());
  });

  it('treats a key whose value is undefined as not sent', async () => {
    await upsertLead(database.db, 'cy', { email: 'cy@example.com' });
    expect((await upsertLead(database.db, 'cy', { email: undefined, stage: 'sql' })).email).toBe('cy@example.com');
  });

  it('answers null for an unknown lead', async () => {
    expect(await getLead(database.db, 'nobody')).toBeNull();
  });
});
