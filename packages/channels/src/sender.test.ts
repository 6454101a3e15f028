import { describe, expect, it } from 'vitest';
import { upsertSender } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { parseDefaultSender, resolveSender, resolveSigner, templateSigner } from './sender.js';
import type { LeadSnapshot } from './send-payload.js';

describe('parseDefaultSender', () => {
  it('reads "Name <email>", a bare address, a bare name, and falls back to Trellis', () => {
    expect(parseDefaultSender('Acme Sales <sales@acme.test>')).toEqual({ name: 'Acme Sales', email: 'sales@acme.test', phone: null });
    expect(parseDefaultSender('sales@acme.test')).toEqual({ name: 'Trellis', email: 'sales@acme.test', phone: null });
    expect(parseDefaultSender('Acme Sales')).toEqual({ name: 'Acme Sales', email: null, phone: null });
    expect(parseDefaultSender(undefined)).toEqual({ name: 'Trellis', email: null, phone: null });
    expect(parseDefaultSender('  ')).toEqual({ name: 'Trellis', email: null, phone: null });
  });
});

describeEachDatabase('resolveSender', (database) => {
  const fallback = { name: 'Acme', email: 'hello@acme.test', phone: '+1 555 0000' };
  const lead = (owner: string | null): LeadSnapshot => ({ id: 'ada', owner, attributes: {} });

  it('signs as the owner found in the senders table, whatever the case of lead.owner', async () => {
    await upsertSender(database.db, { email: 'sam@acme.test', name: 'Sam Reyes', phone: '+1 555 0100', signature: 'Sam Reyes, Acme' });
    expect(await resolveSender(database.db, 'owner', lead('Sam@Acme.test'), fallback)).toEqual({
      name: 'Sam Reyes',
      email: 'sam@acme.test',
      phone: '+1 555 0100',
      signature: 'Sam Reyes, Acme',
    });
  });

  it('says whose name it is: the registered owner, the step\'s own sender, or the default', async () => {
    await upsertSender(database.db, { email: 'sam@acme.test', name: 'Sam Reyes' });
    expect((await resolveSigner(database.db, 'owner', lead('sam@acme.test'), fallback)).as).toBe('owner');
    expect(await resolveSigner(database.db, 'owner', lead('nobody@acme.test'), fallback)).toEqual({ sender: fallback, as: 'default' });
    expect((await resolveSigner(database.db, { name: 'Kim' }, lead(null), fallback)).as).toBe('step');
    expect(await resolveSigner(database.db, undefined, lead(null), fallback)).toEqual({ sender: fallback, as: 'default' });
  });

  it('falls back to the default sender for an owner not in the table, or a lead without one', async () => {
    expect(await resolveSender(database.db, 'owner', lead('nobody@acme.test'), fallback)).toEqual(fallback);
    expect(await resolveSender(database.db, 'owner', lead(null), fallback)).toEqual(fallback);
  });

  it('fills an explicit sender from the default, and uses the default when there is none', async () => {
    expect(await resolveSender(database.db, { name: 'Kim' }, lead(null), fallback)).toEqual({ ...fallback, name: 'Kim' });
    expect(await resolveSender(database.db, undefined, lead(null), fallback)).toEqual(fallback);
  });
});

describeEachDatabase("a template's own sender", (database) => {
  const fallback = { name: 'Acme', email: 'hello@acme.test', phone: null };
  const lead = (owner: string | null): LeadSnapshot => ({ id: 'ada', owner, attributes: {} });

  it('signs a named sender who is registered with their signature, as the template', async () => {
    await upsertSender(database.db, { email: 'kim@acme.test', name: 'Kim Lee', phone: '+15550101', signature: 'Kim, Acme' });
    expect(await templateSigner(database.db, { sender: { name: 'Kim Lee', email: 'kim@acme.test' } }, lead(null), fallback)).toEqual({
      sender: { name: 'Kim Lee', email: 'kim@acme.test', phone: '+15550101', signature: 'Kim, Acme' },
      as: 'template',
    });
  });

  it("goes out as the lead's owner when registered, else the default; none: the default", async () => {
    await upsertSender(database.db, { email: 'sam@acme.test', name: 'Sam Reyes' });
    expect((await templateSigner(database.db, { sender: 'owner' }, lead('sam@acme.test'), fallback)).as).toBe('owner');
    expect(await templateSigner(database.db, { sender: 'owner' }, lead('nobody@acme.test'), fallback)).toEqual({ sender: fallback, as: 'default' });
    expect(await templateSigner(database.db, { sender: null }, lead('sam@acme.test'), fallback)).toEqual({ sender: fallback, as: 'default' });
  });
});
