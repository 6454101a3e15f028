import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createDelivery, type Delivery } from '@trellis/channels';
import { startSmtpReceiver, type SmtpReceiver } from '@trellis/channels/test-receivers';
import { createTemplate } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, dataTestApp, journeyOn, json, jsonRequest, uniqueId } from '../testing.js';

/**
 * Email engagement end to end: the engine sends, delivery mails it through a real SMTP server
 * (or the built-in outbox), the test reads the delivered message and follows its links over
 * HTTP against the real app, as a recipient's mail client would.
 */
describeEachDatabase('email engagement routes', (database) => {
  let t: ReturnType<typeof dataTestApp>;
  let server: ServerType;
  let base: string;
  let smtp: SmtpReceiver;
  let mailed: Delivery;
  let outboxed: Delivery;
  let journeyId: string;
  let trigger: string;

  beforeAll(async () => {
    t = dataTestApp(database.db);
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    smtp = await startSmtpReceiver();
    const defaultSender = { name: 'Acme', email: 'hello@acme.test', phone: null };
    mailed = createDelivery({ db: database.db, smtpUrl: smtp.url, publicUrl: base, defaultSender });
    outboxed = createDelivery({ db: database.db, publicUrl: base, defaultSender });

    await createTemplate(database.db, {
      id: 'pricing-nudge',
      channel: 'email',
      name: 'Pricing nudge',
      subject: 'Our prices, {{ lead.first_name | default: "friend" }}',
      body: 'See our prices: https://example.com/pricing\nQuestions? sales@example.com',
      html:
        '<html><body><p>See <a href="https://example.com/pricing?plan=team&amp;ref=mail">our prices</a>.</p>' +
        '<p><a href="mailto:sales@example.com">Mail sales</a> or <a href="tel:+442079460000">call</a>.</p>' +
        '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>',
    });
    // Mail, wait for a click (or three days), mail again.
    trigger = uniqueId('tracking-start');
    const journey = journeyOn(
      trigger,
      [
        { id: 'mail1', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template: 'pricing-nudge' } },
        { id: 'waitClick', type: 'wait', position: { x: 0, y: 200 }, data: { until: { event: 'email_clicked', timeout: 'P3D' } } },
        { id: 'mail2', type: 'send', position: { x: 0, y: 300 }, data: { channel: 'email', template: 'pricing-nudge' } },
        { id: 'done', type: 'exit', position: { x: 0, y: 400 }, data: { outcome: 'completed' } },
      ],
      [
        ['start', 'mail1'],
        ['mail1', 'waitClick'],
        ['waitClick', 'mail2', 'event'],
        ['waitClick', 'done', 'timeout'],
        ['mail2', 'done'],
      ],
    );
    journeyId = (await json(await t.app.request('/api/journeys', jsonRequest(journey)))).id;
    expect(await json(await t.app.request(`/api/journeys/${journeyId}/publish`, { method: 'POST', headers: bearer('marketer') }))).toEqual({ version: 1 });
  });

  afterAll(async () => {
    mailed?.close();
    outboxed?.close();
    await smtp?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A lead with an address enters the journey; the first email is decided. */
  async function enter(lead: string): Promise<void> {
    expect((await t.app.request(`/api/leads/${lead}`, jsonRequest({ email: `${lead}@example.com`, attributes: { first_name: 'Ada' } }, 'ingest', 'PUT'))).status).toBe(200);
    expect((await t.app.request('/api/events', jsonRequest({ events: [{ id: `${lead}-go`, leadId: lead, type: trigger }] }, 'ingest'))).status).toBe(202);
    await t.engine.worker.drain();
  }
  const timeline = async (lead: string) => (await json(await t.app.request(`/api/leads/${lead}/timeline`, { headers: bearer('operator') }))).items;
  const sendsOf = async (lead: string) =>
    (await timeline(lead)).filter((item: { kind: string }) => item.kind === 'send').map((s: { nodeId: string; status: string }) => [s.nodeId, s.status]);
  const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

  it('mails tracked links and a one-click unsubscribe; a click redirects, is recorded against its send, and moves the waiting lead on', async () => {
    const lead = uniqueId('clicker');
    await enter(lead);
    const [report] = await mailed.deliverDue();
    expect(report).toMatchObject({ leadId: lead, channel: 'email', outcome: 'delivered' });
    const mail = smtp.messages.at(-1)!;
    const html = String(mail.html);
    const [pricing, mailto, tel, unsubscribe] = hrefs(html);
    expect(pricing).toMatch(new RegExp(`^${base}/t/c/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$`));
    expect([mailto, tel]).toEqual(['mailto:sales@example.com', 'tel:+442079460000']);
    expect(unsubscribe).toMatch(new RegExp(`^${base}/t/u/`));
    // The template placed the unsubscribe link itself, so no footer is added; the pixel is.
    expect(html.match(/\/t\/u\//g)).toHaveLength(1);
    expect(html).toMatch(new RegExp(`<img src="${base}/t/o/[^"]+" width="1" height="1" alt="" [^>]*/></body></html>$`));
    // The text part stays readable: its links as written, the unsubscribe link below.
    expect(mail.text).toBe(`See our prices: https://example.com/pricing\nQuestions? sales@example.com\n\n--\nUnsubscribe or choose what you receive: ${unsubscribe}\n`);
    const header = (key: string) => mail.headerLines.find((line) => line.key === key)?.line.replace(/\r?\n\s+/g, ' ');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // The mail client loads the pixel at once: a scanner's open, flagged, not counted.
    const pixelUrl = /<img src="([^"]+)"/.exec(html)![1]!;
    const pixel = await fetch(pixelUrl);
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    expect(pixel.headers.get('cache-control')).toBe('no-store, no-cache, must-revalidate, max-age=0');
    expect((await pixel.arrayBuffer()).byteLength).toBe(42);

    // A link checker's HEAD learns where the link goes; it is not a click.
    const checked = await fetch(pricing!, { method: 'HEAD', redirect: 'manual' });
    expect([checked.status, checked.headers.get('location')]).toEqual([302, 'https://example.com/pricing?plan=team&ref=mail']);
    const click = await fetch(pricing!, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://example.com/pricing?plan=team&ref=mail');

    await t.engine.worker.drain();
    const items = await timeline(lead);
    const sendId = items.find((item: { kind: string; nodeId: string }) => item.kind === 'send' && item.nodeId === 'mail1').id;
    const engagement = items
      .filter((item: { kind: string; type: string }) => item.kind === 'event' && item.type.startsWith('email_'))
      .map((item: { type: string; props: unknown }) => [item.type, item.props]);
    expect(engagement).toEqual([
      ['email_opened', { sendId, journeyId, nodeId: 'mail1', machine: true }],
      ['email_clicked', { url: 'https://example.com/pricing?plan=team&ref=mail', sendId, journeyId, nodeId: 'mail1' }],
    ]);
    // The lead left the wait by its `event` handle and got the second email.
    const waitStep = items.find((item: { kind: string; nodeId: string }) => item.kind === 'step' && item.nodeId === 'waitClick');
    expect(waitStep.handle).toBe('event');
    expect(await sendsOf(lead)).toEqual([
      ['mail1', 'sent'],
      ['mail2', 'sent'],
    ]);
    const stats = await json(await t.app.request(`/api/journeys/${journeyId}/stats`, { headers: bearer('operator') }));
    expect(stats.nodes.mail1.sends).toEqual({ sent: 1, opened: 0, clicked: 1, unsubscribed: 0 });
    expect(stats.nodes.waitClick.sends).toBeUndefined();
  });

  it('answers a tampered, unknown or empty token with the same plain 404 page, never a redirect', async () => {
    const lead = uniqueId('tamperer');
    await enter(lead);
    await mailed.deliverDue();
    const [pricing] = hrefs(String(smtp.messages.at(-1)!.html));
    const token = pricing!.slice(`${base}/t/c/`.length);
    const [payload, signature] = token.split('.');
    // Another URL in the payload, keeping the signature: the redirect that must never happen.
    const forged = Buffer.from(JSON.stringify(['c', lead, 'x', 4102444800, 'https://evil.example/'])).toString('base64url');
    const pages = [];
    for (const bad of [`${payload}.${signature!.slice(0, -2)}AA`, `${forged}.${signature}`, 'not-a-token', `${payload}`]) {
      const answer = await fetch(`${base}/t/c/${bad}`, { redirect: 'manual' });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('location')).toBeNull();
      expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
      pages.push(await answer.text());
    }
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]).toContain('<p>This link is not valid or has expired.</p>');
    expect((await fetch(`${base}/t/u/not-a-token`)).status).toBe(404);
    expect((await fetch(`${base}/t/u/not-a-token`, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) })).status).toBe(404);
    // A bad pixel token still answers the GIF, and records nothing.
    expect((await fetch(`${base}/t/o/not-a-token`)).status).toBe(200);
    expect((await timeline(lead)).filter((item: { type?: string }) => item.type?.startsWith('email_'))).toEqual([]);
  });

  it('unsubscribes with a one-click POST before answering, so the next email is suppressed; the outbox shows opens and clicks', async () => {
    const lead = uniqueId('leaver');
    await enter(lead);
    await outboxed.deliverDue();
    const outbox = async () => (await json(await t.app.request(`/api/outbox?leadId=${lead}`, { headers: bearer('operator') }))).messages;
    const [message] = await outbox();
    const [pricing, , , unsubscribe] = hrefs(message.html);

    const page = await fetch(unsubscribe!);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(`<p>Choose what ${lead[0]}${'*'.repeat(lead.length - 1)}@e******.com receives from us.</p>`);
    expect([...body.matchAll(/<button type="submit" name="choice" value="([a-z]+)">/g)].map((m) => m[1])).toEqual(['email', 'sms', 'everything']);
    expect(body).not.toContain(lead);

    // RFC 8058: what a mailbox provider sends when the reader presses its unsubscribe button.
    const oneClick = await fetch(unsubscribe!, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('You will no longer receive email from us.');
    const optOut = (await timeline(lead)).find((item: { type?: string }) => item.type === 'lead_updated' && (item as { props?: { consent?: unknown } }).props?.consent);
    expect(optOut.props).toEqual({ consent: { email: 'opted_out' } });

    // The lead clicks through after all: it moves on, and the second email is not sent.
    expect((await fetch(pricing!, { redirect: 'manual' })).status).toBe(302);
    await t.engine.worker.drain();
    expect(await sendsOf(lead)).toEqual([
      ['mail1', 'sent'],
      ['mail2', 'suppressed'],
    ]);
    expect((await json(await t.app.request(`/api/leads/${lead}`, { headers: bearer('operator') }))).consent).toEqual({ email: 'opted_out' });
    expect((await outbox()).map((m: { opens: number; clicks: number }) => [m.opens, m.clicks])).toEqual([[0, 1]]);

    // The preferences form: text messages too.
    const form = await fetch(unsubscribe!, { method: 'POST', body: new URLSearchParams({ choice: 'sms' }) });
    expect(await form.text()).toContain('You will no longer receive text messages from us.');
    const nonsense = await fetch(unsubscribe!, { method: 'POST', body: new URLSearchParams({ choice: 'carrier-pigeon' }) });
    expect(nonsense.status).toBe(400);
    await t.engine.worker.drain();
    expect((await json(await t.app.request(`/api/leads/${lead}`, { headers: bearer('operator') }))).consent).toEqual({ email: 'opted_out', sms: 'opted_out' });
    const stats = await json(await t.app.request(`/api/journeys/${journeyId}/stats`, { headers: bearer('operator') }));
    expect(stats.nodes.mail1.sends.unsubscribed).toBe(1);
  });

  it('lets a wait ignore mail scanners’ opens (`machine` neq true) and move on when a person opens the email', async () => {
    const opened = uniqueId('opens-start');
    const journey = journeyOn(
      opened,
      [
        { id: 'mail', type: 'send', position: { x: 0, y: 100 }, data: { channel: 'email', template: 'pricing-nudge' } },
        {
          id: 'waitOpen',
          type: 'wait',
          position: { x: 0, y: 200 },
          data: { until: { event: 'email_opened', where: { machine: { op: 'neq', value: true } }, timeout: 'P3D' } },
        },
        { id: 'read', type: 'exit', position: { x: 0, y: 300 }, data: { outcome: 'converted' } },
        { id: 'unread', type: 'exit', position: { x: 0, y: 300 }, data: { outcome: 'completed' } },
      ],
      [
        ['start', 'mail'],
        ['mail', 'waitOpen'],
        ['waitOpen', 'read', 'event'],
        ['waitOpen', 'unread', 'timeout'],
      ],
    );
    const { id } = await json(await t.app.request('/api/journeys', jsonRequest(journey)));
    await t.app.request(`/api/journeys/${id}/publish`, { method: 'POST', headers: bearer('marketer') });
    const lead = uniqueId('reader');
    await t.app.request(`/api/leads/${lead}`, jsonRequest({ email: `${lead}@example.com` }, 'ingest', 'PUT'));
    await t.app.request('/api/events', jsonRequest({ events: [{ id: `${lead}-go`, leadId: lead, type: opened }] }, 'ingest'));
    await t.engine.worker.drain();
    await outboxed.deliverDue();
    const [message] = (await json(await t.app.request(`/api/outbox?leadId=${lead}`, { headers: bearer('operator') }))).messages;
    const pixelUrl = /<img src="([^"]+)"/.exec(message.html)![1]!;
    const journeysOf = async () => (await json(await t.app.request(`/api/leads/${lead}`, { headers: bearer('operator') }))).journeys;

    await fetch(pixelUrl); // the receiving system's scanner, at once
    await t.engine.worker.drain();
    expect(await journeysOf()).toMatchObject([{ journeyId: id, version: 1, nodeId: 'waitOpen', status: 'active' }]);

    // A minute later the person reads it.
    await database.db.query(`update sends set delivered_at = delivered_at - interval '1 minute' where lead_id = $1`, [lead]);
    await fetch(pixelUrl);
    await t.engine.worker.drain();
    expect(await journeysOf()).toMatchObject([{ journeyId: id, version: 1, nodeId: 'read', status: 'done', outcome: 'converted' }]);
    const stats = await json(await t.app.request(`/api/journeys/${id}/stats`, { headers: bearer('operator') }));
    expect(stats.nodes.mail.sends).toEqual({ sent: 1, opened: 1, clicked: 0, unsubscribed: 0 });
    expect((await json(await t.app.request(`/api/outbox?leadId=${lead}`, { headers: bearer('operator') }))).messages[0].opens).toBe(1);
  });

  it('limits requests per link token: a burst gets through, then a plain 429 page', async () => {
    const statuses = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await fetch(`${base}/t/c/burst-token`, { redirect: 'manual' })).status);
    expect(statuses).toEqual([...Array(20).fill(404), 429]);
    expect(await (await fetch(`${base}/t/c/burst-token`)).text()).toContain('Too many requests from here.');
  });
});
