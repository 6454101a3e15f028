import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTemplate, upsertSender } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { startSmtpReceiver, type SmtpReceiver } from './test-receivers.js';
import { sendTestEmail } from './test-send.js';

let smtp: SmtpReceiver;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
});
afterAll(() => smtp.close());

const defaultSender = { name: 'Acme', email: 'hello@acme.example', phone: null };

describeEachDatabase('test sends', (database) => {
  it('sends the email rendered for the lead to the address given, marked as a test, sanitised', async () => {
    await createTemplate(database.db, {
      id: 'ts-1',
      channel: 'email',
      name: 'T',
      subject: 'Hi {{ lead.first_name }}',
      body: 'Hello {{ lead.first_name }}',
      html: '<p onclick="x()">Hello {{ lead.first_name }}</p><script>x()</script>',
    });
    const before = smtp.messages.length;
    const result = await sendTestEmail(database.db, 'ts-1', {
      lead: { id: 'p', attributes: { first_name: 'Ada' } },
      to: 'me@marketing.example',
      defaultSender,
      smtpUrl: smtp.url,
    });
    expect(result).toEqual({ ok: true, to: 'me@marketing.example', from: 'Acme <hello@acme.example>', subject: '[Test] Hi Ada' });
    const mail = smtp.messages[before]!;
    expect([mail.subject, mail.text?.trim(), mail.html, mail.headers.get('x-trellis-test')]).toEqual(['[Test] Hi Ada', 'Hello Ada', '<p>Hello Ada</p>', '1']);
    expect(smtp.recipients[before]).toEqual(['me@marketing.example']);
    const sends = await database.db.query<{ n: number }>('select count(*)::int as n from sends');
    expect(sends[0]!.n).toBe(0);
  });

  it('refuses a template of another channel, and an unknown one', async () => {
    await createTemplate(database.db, { id: 'ts-sms', channel: 'sms', name: 'S', body: 'x' });
    const options = { lead: { id: 'p', attributes: {} }, to: 'me@x.example', defaultSender, smtpUrl: smtp.url };
    expect(await sendTestEmail(database.db, 'ts-sms', options)).toMatchObject({ ok: false, reason: 'not_email' });
    expect(await sendTestEmail(database.db, 'ts-none', options)).toMatchObject({ ok: false, reason: 'not_found' });
  });

  it("goes out from the template's own sender: the lead's registered owner, the default when the owner is not registered", async () => {
    await upsertSender(database.db, { email: 'sam@acme.example', name: 'Sam Reyes', signature: 'Sam, Acme' });
    await createTemplate(database.db, { id: 'ts-owner', channel: 'email', name: 'O', subject: 'Hi', body: 'Hi\n{{ sender.signature }}', sender: 'owner' });
    const options = { to: 'me@marketing.example', defaultSender, smtpUrl: smtp.url };
    const before = smtp.messages.length;
    const owned = await sendTestEmail(database.db, 'ts-owner', { ...options, lead: { id: 'p', owner: 'sam@acme.example', attributes: {} } });
    expect(owned).toMatchObject({ ok: true, from: 'Sam Reyes <sam@acme.example>' });
    expect(smtp.messages[before]!.text).toContain('Sam, Acme');
    const unowned = await sendTestEmail(database.db, 'ts-owner', { ...options, lead: { id: 'p', owner: 'nobody@acme.example', attributes: {} } });
    expect(unowned).toMatchObject({ ok: true, from: 'Acme <hello@acme.example>' });
    // The send step's own sender wins over the template's.
    const stepped = await sendTestEmail(database.db, 'ts-owner', { ...options, sender: { name: 'Kim', email: 'kim@acme.example' }, lead: { id: 'p', owner: 'sam@acme.example', attributes: {} } });
    expect(stepped).toMatchObject({ ok: true, from: 'Kim <kim@acme.example>' });
  });
});
