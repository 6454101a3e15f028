import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor } from './editor-page.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * What a marketer and an admin set up in the browser so journeys can send without a developer
 * (issue 14): the senders a step signs as, the sales queues, the webhook signing secret.
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');


describe.skipIf(!canDriveEditor())('senders, queues and the webhook secret in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};

  const call = async (role: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** A page as the role; any request it makes that the role is refused (403) fails the test. */
  async function pageAs(role: string, hash: string): Promise<{ page: Page; refused: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(`${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    // Only the app's own window: the message preview's sandboxed frame has no storage to write.
    await page.addInitScript(([token]) => {
      if (window.top === window) localStorage.setItem('trellis.token', token!);
    }, [tokens[role]!]);
    await page.goto(`${server.url}/${hash}`);
    return { page, refused };
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { TRELLIS_DEFAULT_SENDER: 'Acme <hello@acme.example>', TRELLIS_WEBHOOK_ALLOW: '127.0.0.1/32' } }), launchChromium()]);
    tokens.admin = server.token;
    for (const role of ['marketer', 'reviewer', 'operator', 'sales', 'ingest']) {
      tokens[role] = (await call('admin', 'POST', '/api/tokens', { name: `${role} person`, role })).body.token;
    }
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it("a marketer registers a lead owner with a signature, and an owner-signed template previews from that person", async () => {
    const { page, refused } = await pageAs('marketer', '#/');
    await page.getByRole('link', { name: 'Senders' }).first().click();
    await page.getByLabel("Email (the lead's owner)").fill('maya@acme.example');
    await page.getByLabel('Name').fill('Maya Lind');
    await page.getByLabel('Phone').fill('020 7946 0958');
    await page.getByRole('button', { name: 'Register' }).click();
    // A phone without its country is refused, naming the field, and nothing is stored.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('phone: "020 7946 0958" is not a phone number');
    await page.getByLabel('Phone').fill('+44 20 7946 0958');
    await page.getByLabel('Signature').fill('Maya Lind\nAccount lead, Acme');
    await page.getByRole('button', { name: 'Register' }).click();
    const row = page.getByRole('row', { name: /maya@acme\.example/ });
    await expect.poll(() => row.textContent()).toBe('Maya Lindmaya@acme.example+442079460958Maya Lind\nAccount lead, AcmeEdit');
    await page.screenshot({ path: join(ARTIFACTS, 'senders.png') });

    expect((await call('marketer', 'POST', '/api/templates', { id: 'signed', channel: 'email', name: 'Signed', subject: 'Hi', body: 'Thanks.\n{{ sender.signature }}' })).status).toBe(201);
    const preview = await call('reviewer', 'POST', '/api/templates/signed/preview', { lead: { owner: 'Maya@acme.example' }, sender: 'owner' });
    expect(preview.body).toMatchObject({ text: 'Thanks.\nMaya Lind\nAccount lead, Acme', sender: { name: 'Maya Lind', email: 'maya@acme.example', as: 'owner' } });
    expect(refused).toEqual([]);
    await page.close();
  });

  it('an operator makes a queue and orders its members; a round-robin handoff then shows as one open for the first', async () => {
    const { page, refused } = await pageAs('operator', '#/');
    await page.getByRole('link', { name: 'Queues' }).first().click();
    await page.getByLabel('New queue').fill('inside-sales');
    await page.getByRole('button', { name: 'Add queue' }).click();
    const queue = page.getByRole('region', { name: 'Queue inside-sales' });
    for (const member of ['ben@acme.example', 'ana@acme.example']) {
      await queue.getByLabel('Add a member to inside-sales').fill(member);
      await queue.getByRole('button', { name: 'Add', exact: true }).click();
    }
    await queue.getByRole('button', { name: 'Move ana@acme.example up' }).click();
    await queue.getByRole('button', { name: 'Save inside-sales' }).click();
    await expect.poll(async () => (await call('operator', 'GET', '/api/queues/inside-sales')).body.members).toEqual(['ana@acme.example', 'ben@acme.example']);

    const journey = {
      schemaVersion: 1,
      name: 'Straight to sales',
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'demo_requested' } } },
        { id: 'sales', type: 'handoff', position: { x: 0, y: 150 }, data: { queue: 'inside-sales', assign: 'round_robin', sla: 'PT4H' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'sales' }],
    };
    const { id } = (await call('marketer', 'POST', '/api/journeys', journey)).body;
    expect((await call('marketer', 'POST', `/api/journeys/${id}/publish`)).status).toBe(200);
    expect((await call('ingest', 'POST', '/api/events', { events: [{ id: 'demo-1', leadId: 'lead-1', type: 'demo_requested' }] })).status).toBe(202);
    await expect.poll(async () => (await call('sales', 'GET', '/api/handoffs?status=open')).body.handoffs.length, { timeout: 10_000 }).toBe(1);

    await page.reload();
    const rows = page.getByRole('region', { name: 'Queue inside-sales' }).getByRole('row');
    await expect.poll(() => rows.allTextContents()).toEqual([
      'TurnMemberOpen handoffs',
      '1ana@acme.example1↑↓×',
      '2ben@acme.example0↑↓×',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'queues.png') });
    expect(refused).toEqual([]);
    await page.close();
  });

  it('a reviewer finds a message in the library, reads where it is sent and previews it for a sample lead, its script never run', async () => {
    await call('marketer', 'PUT', '/api/senders/lee@acme.example', { name: 'Lee Park', signature: 'Lee' });
    const html = '<p>Hi {{ lead.first_name }}</p><script>document.body.setAttribute("data-ran", "yes")</script><p>{{ sender.signature }}</p>';
    const created = await call('marketer', 'POST', '/api/templates', {
      id: 'pricing-follow-up',
      channel: 'email',
      name: 'Pricing follow-up',
      subject: 'Pricing for {{ lead.company }}',
      body: 'Hi {{ lead.first_name }}',
      html,
    });
    expect(created.status).toBe(201);
    const journey = {
      schemaVersion: 1,
      name: 'Pricing nurture',
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'pricing_viewed' } } },
        { id: 'mail', type: 'send', position: { x: 0, y: 150 }, data: { label: 'Pricing email', channel: 'email', template: 'pricing-follow-up', sender: 'owner' } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'mail' }],
    };
    const { id } = (await call('marketer', 'POST', '/api/journeys', journey)).body;
    expect((await call('marketer', 'POST', `/api/journeys/${id}/publish`)).status).toBe(200);

    const { page, refused } = await pageAs('reviewer', '#/');
    await page.getByRole('link', { name: 'Messages' }).first().click();
    await page.getByLabel('Search').fill('pricing');
    await page.getByLabel('Channel').selectOption('email');
    const row = page.getByRole('row', { name: /Pricing follow-up/ });
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('Pricing nurture v1 · Pricing email');
    await page.getByRole('link', { name: 'Pricing follow-up' }).click();
    await expect.poll(() => page.getByTestId('preview-subject').textContent()).toBe('Pricing for Analytical Engines');
    await expect.poll(() => page.getByTestId('preview-sender').textContent()).toBe(
      "A step signing as the lead's owner sends it from Acme <hello@acme.example> (no registered owner for this lead: the default sender)",
    );
    await page.getByLabel('Owner email').fill('lee@acme.example');
    await expect.poll(() => page.getByTestId('preview-sender').textContent()).toBe(
      "A step signing as the lead's owner sends it from Lee Park <lee@acme.example> (the lead's registered owner)",
    );
    const frame = page.getByTitle('Rendered message');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const inner = page.frameLocator('iframe[title="Rendered message"]');
    await expect.poll(() => inner.locator('body').textContent()).toContain('Hi Ada');
    await expect.poll(() => inner.locator('body').textContent()).toContain('Lee');
    expect(await inner.locator('body').getAttribute('data-ran')).toBeNull();
    await page.screenshot({ path: join(ARTIFACTS, 'message-library.png'), fullPage: true });
    expect(refused).toEqual([]);
    await page.close();
  });

  it("a webhook receiver verifies a journey's webhook with the secret the admin's page shows", async () => {
    const received: Array<{ signature: string | undefined; previous: string | undefined; body: string }> = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({
          signature: req.headers['x-trellis-signature'] as string | undefined,
          previous: req.headers['x-trellis-signature-previous'] as string | undefined,
          body,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      expect((await call('marketer', 'POST', '/api/templates', { id: 'crm-hook', channel: 'webhook', name: 'Tell the CRM', body: hook })).status).toBe(201);
      const journey = {
        schemaVersion: 1,
        name: 'Tell the CRM',
        settings: {},
        nodes: [
          { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'signed_up' } } },
          { id: 'hook', type: 'send', position: { x: 0, y: 150 }, data: { channel: 'webhook', template: 'crm-hook' } },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'hook' }],
      };
      const { id } = (await call('marketer', 'POST', '/api/journeys', journey)).body;
      expect((await call('marketer', 'POST', `/api/journeys/${id}/publish`)).status).toBe(200);
      expect((await call('ingest', 'POST', '/api/events', { events: [{ id: 'signup-1', leadId: 'hook-lead', type: 'signed_up' }] })).status).toBe(202);
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);

      const { page, refused } = await pageAs('admin', '#/');
      await page.getByRole('link', { name: 'Webhooks' }).first().click();
      await page.getByRole('button', { name: 'Show the secret' }).click();
      const secret = (await page.getByTestId('webhook-secret').textContent())!;
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      await page.screenshot({ path: join(ARTIFACTS, 'webhook-secret.png') });

      // What the page tells a receiver to do, done here with the secret read off the page.
      const [{ signature, body }] = received as Array<{ signature: string; body: string }> as [{ signature: string; body: string }];
      const expected = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      expect(timingSafeEqual(Buffer.from(expected), Buffer.from(signature))).toBe(true);
      expect(JSON.parse(body)).toMatchObject({ lead: { id: 'hook-lead' } });
      // A different secret does not verify it.
      expect(`sha256=${createHmac('sha256', 'not-the-secret').update(body).digest('hex')}`).not.toBe(signature);

      // Rotated: the new secret is shown once; the next webhook verifies with it, and with the
      // old one in the second header during the grace period.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Rotate' }).click();
      const rotated = (await page.getByTestId('rotated-secret').textContent())!;
      expect(rotated).toMatch(/^[0-9a-f]{64}$/);
      expect(rotated).not.toBe(secret);
      await page.screenshot({ path: join(ARTIFACTS, 'webhook-secret-rotated.png') });
      expect((await call('ingest', 'POST', '/api/events', { events: [{ id: 'signup-2', leadId: 'hook-lead-2', type: 'signed_up' }] })).status).toBe(202);
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
      const after = received[1]!;
      const sign = (key: string) => `sha256=${createHmac('sha256', key).update(after.body).digest('hex')}`;
      expect(timingSafeEqual(Buffer.from(sign(rotated)), Buffer.from(after.signature!))).toBe(true);
      expect(timingSafeEqual(Buffer.from(sign(secret)), Buffer.from(after.previous!))).toBe(true);
      // Asked again, the page shows the new secret.
      await page.getByRole('button', { name: 'Show the secret' }).click();
      await expect.poll(() => page.getByTestId('webhook-secret').textContent()).toBe(rotated);
      expect(refused).toEqual([]);
      await page.close();
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
