import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, uniqueId } from '../testing.js';

describeEachDatabase('lead intake quality', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db);
  });
  const put = (id: string, body: unknown) => t.app.request(`/api/leads/${id}`, jsonRequest(body, 'ingest', 'PUT'));
  const events = (body: unknown) => t.app.request('/api/events', jsonRequest(body, 'ingest'));

  it('PUT /api/leads/:id refuses a bad email and a bad phone with a 400 naming each field', async () => {
    const res = await put(uniqueId('lead'), { email: 'not-an-email', phone: 'abc' });
    expect(res.status).toBe(400);
    expect((await json(res)).error.problems).toEqual([
      { path: ['email'], message: '"not-an-email" is not an email address (name@example.com)' },
      { path: ['phone'], message: '"abc" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958' },
    ]);
  });

  it('stores the email trimmed with its domain lower-cased, and the phone as E.164', async () => {
    const id = uniqueId('lead');
    const res = await put(id, { email: `  ${id}@EXAMPLE.COM `, phone: '+44 20 7946 0958' });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(expect.objectContaining({ email: `${id}@example.com`, phone: '+442079460958' }));
  });

  it('refuses to give a lead the email of another lead, whatever its case (409 naming the other lead)', async () => {
    const ada = uniqueId('ada');
    await put(ada, { email: `${ada}@example.com` });
    const other = uniqueId('other');
    const res = await put(other, { email: `${ada.toUpperCase()}@EXAMPLE.COM` });
    expect([res.status, (await json(res)).error]).toEqual([
      409,
      { code: 'conflict', message: `"${ada.toUpperCase()}@example.com" is already the email of lead "${ada}" (one email, one lead; emails match ignoring case).` },
    ]);
    // The lead itself may send its own email again, in another case.
    expect((await put(ada, { email: `${ada.toUpperCase()}@example.com` })).status).toBe(200);
  });

  it('rejects a lead_updated event alone when its email is bad or another lead has it', async () => {
    const ada = uniqueId('ada');
    await put(ada, { email: `${ada}@example.com` });
    const bo = uniqueId('bo');
    const cy = uniqueId('cy');
    const res = await events({
      events: [
        { id: `${bo}-1`, leadId: bo, type: 'lead_updated', props: { email: 'not-an-email' } },
        { id: `${bo}-2`, leadId: bo, type: 'lead_updated', props: { email: ` ${ada}@Example.com` } },
        { id: `${bo}-3`, leadId: bo, type: 'lead_updated', props: { email: `${bo}@example.com`, phone: '+1 415 555 0132' } },
        // The batch's own earlier events count: cy may not take bo's new email.
        { id: `${cy}-1`, leadId: cy, type: 'lead_updated', props: { email: `${bo.toUpperCase()}@example.com` } },
      ],
    });
    expect(await json(res)).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 0, problems: [{ path: ['props', 'email'], message: '"not-an-email" is not an email address (name@example.com)' }] },
        { index: 1, problems: [{ path: ['props', 'email'], message: `"${ada}@example.com" is already the email of lead "${ada}" (one email, one lead; emails match ignoring case)` }] },
        { index: 3, problems: [{ path: ['props', 'email'], message: `"${bo.toUpperCase()}@example.com" is already the email of lead "${bo}" (one email, one lead; emails match ignoring case)` }] },
      ],
    });
    await t.engine.worker.drain();
    const lead = await json(await t.app.request(`/api/leads/${bo}`, { headers: bearer('operator') }));
    expect([lead.email, lead.phone]).toEqual([`${bo}@example.com`, '+14155550132']);
  });
});
