import { describe, expect, it } from 'vitest';
import { createTemplate, getSendDelivery, listOutbox, upsertSender } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { insertTestSend } from '@trellis/store/test-sends';
import { formatAddress, postalAddress } from './deliver-send.js';
import { createDelivery } from './delivery.js';

describe('formatAddress', () => {
  it('shows a plain name as it is and quotes one with header punctuation', () => {
    expect(formatAddress({ name: 'Sam Reyes', address: 'sam@acme.test' })).toBe('Sam Reyes <sam@acme.test>');
    expect(formatAddress({ name: 'Reyes, Sam', address: 'sam@acme.test' })).toBe('"Reyes, Sam" <sam@acme.test>');
    expect(formatAddress({ name: 'Sam "The Closer"', address: 's@a.test' })).toBe('"Sam \\"The Closer\\"" <s@a.test>');
  });
});

describe('postalAddress', () => {
  it('takes a string, a list of lines, or named parts in the order a letter shows them', () => {
    expect(postalAddress(' 1 High St, Leeds ')).toBe('1 High St, Leeds');
    expect(postalAddress(['1 High St', '', 'Leeds'])).toBe('1 High St\nLeeds');
    expect(postalAddress({ country: 'UK', postcode: 'LS1 1AA', city: 'Leeds', line1: '1 High St', floor: '2nd' })).toBe(
      '1 High St\nLeeds\nLS1 1AA\nUK\n2nd',
    );
  });

  it('is null when there is nothing to write on the envelope', () => {
    expect([postalAddress(undefined), postalAddress(''), postalAddress([]), postalAddress({ city: 3 }), postalAddress(12)]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describeEachDatabase('delivering a template that cannot render', (database) => {
  const at = new Date('2031-05-01T09:00:00.000Z');
  const lead = (id: string) => ({
    lead: { id, email: `${id}@example.com`, phone: '+44 20 7946 0000', attributes: { first_name: 'Ada', site: 'javascript:alert(1)' } },
    journey: { id: 'welcome', name: 'Welcome', version: 1 },
    nodeId: 'send1',
  });
  async function deliver(leadId: string) {
    const delivery = createDelivery({ db: database.db, webhookSecret: 's', trackingSecret: 't', now: () => at });
    try {
      return (await delivery.deliverDue()).filter((report) => report.leadId === leadId);
    } finally {
      delivery.close();
    }
  }

  it('fails a send whose stored template reads a file, with the part and reason, and never delivers the file', async () => {
    // Stored before partial tags were refused at save.
    await createTemplate(database.db, { id: 'old-partial', channel: 'email', name: 'P', subject: 'Hi', body: 'x', html: "<p>{% render 'package.json' %}</p>" });
    await insertTestSend(database.db, { leadId: 'r-ada', id: 'e1', channel: 'email', template: 'old-partial', at, payload: lead('r-ada') });
    expect((await deliver('r-ada')).map((report) => [report.outcome, report.error])).toEqual([
      [
        'failed',
        'template "old-partial" failed to render: html: the "render" tag is not allowed: templates cannot include files or other templates, line:1, col:4',
      ],
    ]);
    expect(await getSendDelivery(database.db, 'r-ada', 'e1')).toMatchObject({ status: 'failed', deliveryState: 'failed' });
    expect(await listOutbox(database.db, { leadId: 'r-ada' })).toEqual([]);
  });

  it('fails a send whose template renders past its limit, naming the limit', async () => {
    await createTemplate(database.db, { id: 'long-sms', channel: 'sms', name: 'L', body: '{% for i in (1..161) %}0123456789{% endfor %}' });
    await insertTestSend(database.db, { leadId: 'r-bo', id: 's1', channel: 'sms', template: 'long-sms', at, payload: lead('r-bo') });
    expect((await deliver('r-bo')).map((report) => [report.outcome, report.error])).toEqual([
      ['failed', 'template "long-sms" failed to render: body: renders more than 1,600 characters, the most this part may hold, line:1, col:24'],
    ]);
  });

  it('tries a send over the render time limit again (a busy machine may be the cause), naming the limit', async () => {
    await createTemplate(database.db, { id: 'slow-sms', channel: 'sms', name: 'S', body: '{% for i in (1..3000) %}{% for j in (1..3000) %}{% endfor %}{% endfor %}' });
    await insertTestSend(database.db, { leadId: 'r-di', id: 's2', channel: 'sms', template: 'slow-sms', at, payload: lead('r-di') });
    expect((await deliver('r-di')).map((report) => [report.outcome, report.error])).toEqual([
      ['retry', 'template "slow-sms" failed to render: body: takes longer than 300 ms to render, the most a template may take, line:1, col:25'],
    ]);
    expect(await getSendDelivery(database.db, 'r-di', 's2')).toMatchObject({ deliveryState: 'pending' });
  });

  it("delivers an email whose lead's javascript: site became a harmless link", async () => {
    await createTemplate(database.db, { id: 'site-link', channel: 'email', name: 'S', subject: 'Hi', body: 'x', html: '<a href="{{ lead.site }}">your site</a>' });
    await insertTestSend(database.db, { leadId: 'r-cy', id: 'e2', channel: 'email', template: 'site-link', at, payload: lead('r-cy') });
    expect((await deliver('r-cy')).map((report) => report.outcome)).toEqual(['delivered']);
    const [message] = await listOutbox(database.db, { leadId: 'r-cy' });
    expect(message!.html!.startsWith('<a href="#">your site</a>')).toBe(true);
    expect(message!.html).not.toContain('javascript:');
  });

  it("sends from the template's own sender when the step names none, and from the step's when it does", async () => {
    await upsertSender(database.db, { email: 'sam@acme.example', name: 'Sam Reyes' });
    await createTemplate(database.db, { id: 'from-owner', channel: 'email', name: 'F', subject: 'Hi', body: 'x', sender: 'owner' });
    const owned = { ...lead('r-dee'), lead: { ...lead('r-dee').lead, owner: 'sam@acme.example' } };
    await insertTestSend(database.db, { leadId: 'r-dee', id: 'e3', channel: 'email', template: 'from-owner', at, payload: owned });
    await insertTestSend(database.db, { leadId: 'r-dee', id: 'e4', channel: 'email', template: 'from-owner', at, payload: { ...owned, sender: { name: 'Kim', email: 'kim@acme.example' } } });
    expect((await deliver('r-dee')).map((report) => report.outcome)).toEqual(['delivered', 'delivered']);
    const froms = (await listOutbox(database.db, { leadId: 'r-dee' })).map((m) => m.from).sort();
    expect(froms).toEqual(['Kim <kim@acme.example>', 'Sam Reyes <sam@acme.example>']);
  });
});

