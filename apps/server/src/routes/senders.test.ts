import { describeEachDatabase } from '@trellis/store/test-databases';
import { beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, json, jsonRequest, uniqueId } from '../testing.js';

describeEachDatabase('sender routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  beforeAll(() => {
    t = dataTestApp(database.db, { config: { defaultSender: 'Acme <hello@acme.test>' } });
  });

  it('registers an owner by email (any case), replaces it, and lists it for readers', async () => {
    const local = uniqueId('sam');
    const put = await t.app.request(
      `/api/senders/${local}@Acme.test`,
      jsonRequest({ name: 'Sam Reyes', email: `${local}@acme.test`, phone: '+44 20 7946 0958', signature: 'Sam Reyes\nAccount lead, Acme' }, 'marketer', 'PUT'),
    );
    expect(put.status).toBe(200);
    expect(await json(put)).toEqual({
      email: `${local}@acme.test`,
      name: 'Sam Reyes',
      phone: '+442079460958',
      signature: 'Sam Reyes\nAccount lead, Acme',
      updatedAt: expect.any(String),
    });
    const replaced = await t.app.request(`/api/senders/${local}@acme.test`, jsonRequest({ name: 'Sam R.' }, 'admin', 'PUT'));
    expect(await json(replaced)).toMatchObject({ name: 'Sam R.', phone: null, signature: null });
    const list = await json(await t.app.request('/api/senders', { headers: bearer('reviewer') }));
    expect(list.senders.filter((s: { email: string }) => s.email === `${local}@acme.test`)).toEqual([
      { email: `${local}@acme.test`, name: 'Sam R.', phone: null, signature: null, updatedAt: expect.any(String) },
    ]);
  });

  it('lets marketers and admins write, not reviewers; and refuses a bad email, phone or a body naming another email', async () => {
    expect((await t.app.request('/api/senders/kim@acme.test', jsonRequest({ name: 'Kim' }, 'reviewer', 'PUT'))).status).toBe(403);
    expect((await t.app.request('/api/senders', { headers: bearer('sales') })).status).toBe(403);

    const badPath = await t.app.request('/api/senders/not-an-email', jsonRequest({ name: 'Kim' }, 'marketer', 'PUT'));
    expect(badPath.status).toBe(400);
    expect((await json(badPath)).error).toMatchObject({
      code: 'invalid_path',
      message: `The sender's email in the path "not-an-email" is not an email address (name@example.com).`,
    });
    const badPhone = await t.app.request('/api/senders/kim@acme.test', jsonRequest({ name: 'Kim', phone: '020 7946 0958' }, 'marketer', 'PUT'));
    expect(badPhone.status).toBe(400);
    expect((await json(badPhone)).error.problems).toEqual([
      { path: ['phone'], message: '"020 7946 0958" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958' },
    ]);
    const otherEmail = await t.app.request('/api/senders/kim@acme.test', jsonRequest({ name: 'Kim', email: 'lee@acme.test' }, 'marketer', 'PUT'));
    expect(otherEmail.status).toBe(400);
    expect((await json(otherEmail)).error.problems).toEqual([{ path: ['email'], message: 'must be the email in the path' }]);
    const noName = await t.app.request('/api/senders/kim@acme.test', jsonRequest({ name: ' ' }, 'marketer', 'PUT'));
    expect((await json(noName)).error.problems).toEqual([{ path: ['name'], message: 'a sender needs a name' }]);
  });

  it("previews an owner-signed template as the lead's registered owner with the signature, and as the default sender otherwise", async () => {
    const owner = `${uniqueId('maya')}@acme.test`;
    await t.app.request(`/api/senders/${owner}`, jsonRequest({ name: 'Maya Lind', signature: 'Maya, Acme' }, 'marketer', 'PUT'));
    const id = uniqueId('signed');
    await t.app.request('/api/templates', jsonRequest({ id, channel: 'email', name: 'Signed', subject: 'Hi', body: 'Thanks.\n{{ sender.signature }}' }));
    const asOwner = await json(
      await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ lead: { owner, attributes: {} }, sender: 'owner' }, 'reviewer')),
    );
    expect(asOwner.text).toBe('Thanks.\nMaya, Acme');
    expect(asOwner.sender).toEqual({ name: 'Maya Lind', email: owner, phone: null, signature: 'Maya, Acme', as: 'owner' });
    const unregistered = await json(
      await t.app.request(`/api/templates/${id}/preview`, jsonRequest({ lead: { owner: 'nobody@acme.test' }, sender: 'owner' })),
    );
    expect(unregistered.sender).toEqual({ name: 'Acme', email: 'hello@acme.test', phone: null, as: 'default' });
  });
});
