import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSmtpReceiver, type SmtpReceiver } from '@trellis/channels/test-receivers';
import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor, dragConnection, sourceHandle, targetHandle } from './editor-page.js';
import { apiCaller } from './people.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * Issue 14's "Done when", in Chromium, by a marketer with no API call: an email with a
 * personalised greeting, a dynamic block by stage and the owner's signature, from the lead's
 * owner; previewed as two leads (two different blocks, two different senders); a test that
 * arrives at a real SMTP server from the owner; used in a journey and published; a new lead,
 * arriving through the public events API, gets it at the SMTP server.
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');


describe.skipIf(!canDriveEditor())('a personal email with dynamic content, from writing to a lead', () => {
  let server: RunningServer;
  let browser: Browser;
  let smtp: SmtpReceiver;
  let marketer = '';
  let ingest = '';

  const call = (method: string, path: string, body?: unknown, token = server.token) => apiCaller(server)(token, method, path, body);
  const mailTo = (address: string) => smtp.messages.filter((_, i) => smtp.recipients[i]?.includes(address));

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    [server, browser] = await Promise.all([
      startServer({ env: { SMTP_URL: smtp.url, TRELLIS_DEFAULT_SENDER: 'Acme <hello@acme.example>' } }),
      launchChromium(),
    ]);
    // Before the marketer starts: an admin registered the owner, and an integration brought two leads.
    marketer = (await call('POST', '/api/tokens', { name: 'Maya Marketer', role: 'marketer' })).body.token;
    ingest = (await call('POST', '/api/tokens', { name: 'Website', role: 'ingest' })).body.token;
    expect((await call('PUT', '/api/senders/sam@acme.example', { name: 'Sam Reyes', signature: 'Sam Reyes, Account Executive' })).status).toBe(200);
    const leads = [
      ['lead-ada', 'Ada', 'ada@engines.example', 'mql', 'sam@acme.example'],
      ['lead-grace', 'Grace', 'grace@navy.example', 'lead', 'nobody@acme.example'],
    ];
    for (const [id, first, email, stage, owner] of leads) {
      expect((await call('PUT', `/api/leads/${id}`, { email, owner, stage, attributes: { first_name: first } }, ingest)).status).toBeLessThan(300);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop(), smtp?.close()]);
  });

  const previewAs = async (page: Page, search: string, name: RegExp) => {
    await page.getByLabel('Find a lead', { exact: true }).fill(search);
    await page.getByRole('list', { name: 'Leads found' }).getByRole('button', { name }).click();
  };
  const rendered = (page: Page) => page.frameLocator('iframe[title="Rendered message"]').locator('body');

  it('writes, previews as two leads, test-sends, publishes in a journey, and a new lead gets it', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(([token]) => {
      if (window.top === window) localStorage.setItem('trellis.token', token!);
    }, [marketer]);

    // 1. Write: from the lead's owner, a greeting, a block by stage with an "otherwise", the owner's signature.
    await page.goto(`${server.url}/#/messages`);
    await page.getByLabel('New message').selectOption('email');
    await page.getByLabel('Name', { exact: true }).fill('Personal welcome');
    await page.getByLabel('Id (what send steps name)', { exact: true }).fill('personal-welcome');
    await page.getByLabel('From', { exact: true }).selectOption('owner');
    await page.getByLabel('Subject', { exact: true }).fill('Welcome, {{ lead.first_name | default: "there" }}');
    await page.getByRole('textbox', { name: 'Email body' }).click();
    await page.keyboard.type('Hi {{ lead.first_name | default: "there" }}, thanks for your interest.');
    await page.getByRole('button', { name: 'Add dynamic block' }).click();
    const block = page.getByRole('group', { name: 'Dynamic block 1' });
    // The journey's condition builder, starting at "stage equals mql".
    expect(await block.getByLabel('Condition kind').first().inputValue()).toBe('attr');
    await block.getByRole('textbox', { name: 'Block 1, variant 1 text' }).click();
    await page.keyboard.type('You look ready for a demo: book one this week.');
    await block.getByRole('button', { name: 'Add “otherwise”' }).click();
    await block.getByRole('textbox', { name: 'Block 1, variant 2 text' }).click();
    await page.keyboard.type('Here is our starter guide to lead follow-up.');
    await page.getByRole('textbox', { name: 'Email body, part 3' }).click();
    await page.keyboard.type('{{ sender.signature }}');
    await expect.poll(() => page.getByLabel('Plain-text part').inputValue()).toContain('{% if lead.stage == "mql" %}');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'personal-email-editor.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.url()).toContain('#/messages/personal-welcome/edit');
    // Opened again from what was stored: the Liquid came back as a block.
    await expect.poll(() => page.getByRole('group', { name: 'Dynamic block 1' }).count()).toBe(1);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('owner');

    // 2. Preview as two leads: different blocks, and different senders (Grace's owner is not registered).
    await previewAs(page, 'grace', /Grace/);
    await expect.poll(() => page.getByTestId('preview-from').textContent()).toBe('From: Acme <hello@acme.example> (the default sender)');
    await expect.poll(() => rendered(page).textContent()).toContain('Here is our starter guide');
    expect(await rendered(page).textContent()).not.toContain('ready for a demo');
    await page.getByTitle('Rendered message').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'personal-email-preview-grace.png'), fullPage: true });
    await previewAs(page, 'ada', /Ada/);
    await expect.poll(() => page.getByTestId('preview-from').textContent()).toBe('From: Sam Reyes <sam@acme.example> (the lead’s owner)');
    await expect.poll(() => rendered(page).textContent()).toContain('You look ready for a demo');
    const adaText = (await rendered(page).textContent())!;
    expect(adaText).not.toContain('starter guide');
    expect(adaText).toContain('Hi Ada, thanks for your interest.');
    expect(adaText).toContain('Sam Reyes, Account Executive');
    await page.screenshot({ path: join(ARTIFACTS, 'personal-email-preview-ada.png'), fullPage: true });

    // 3. A test, as Ada, arrives at the SMTP server from her owner.
    await page.getByLabel('Send a test to', { exact: true }).fill('maya@marketing.example');
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => page.getByTestId('test-sent').textContent()).toContain('from Sam Reyes <sam@acme.example>');
    const [test] = mailTo('maya@marketing.example');
    expect([test!.subject, test!.from?.text, test!.headers.get('x-trellis-test')]).toEqual(['[Test] Welcome, Ada', '"Sam Reyes" <sam@acme.example>', '1']);
    expect(test!.html).toContain('You look ready for a demo');

    // 4. Used in a journey: the form's trigger into a send of this email; published.
    await page.goto(`${server.url}/#/new`);
    await page.locator('[data-testid="node-trigger"]').waitFor();
    await page.getByLabel('Journey name').fill('Personal welcome');
    await page.getByTitle('Add Send', { exact: true }).click();
    await page.locator('[data-testid="node-send-1"]').waitFor();
    await dragConnection(page, sourceHandle(page, 'trigger'), targetHandle(page, 'send-1'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    // A step added by a click lands where the trigger is; laid out, both show.
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.waitForTimeout(500);
    await page.locator('[data-testid="node-send-1"]').click();
    await page.getByLabel('Template', { exact: true }).selectOption('personal-welcome');
    await expect.poll(() => page.locator('[data-testid="node-send-1"] .journey-node__summary').textContent()).toContain('personal-welcome');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/journeys\/[^/]+$/);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    // The publish review, then publish.
    const dialog = page.getByRole('dialog', { name: 'Publish version 1' });
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Publish version 1' }).click();
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 15_000 }).toMatch(/^Published version 1\./);
    await page.screenshot({ path: join(ARTIFACTS, 'personal-email-journey.png') });

    // 5. A new lead fills in the form (the lead's own action, through the public events API) and gets it.
    const events = [
      { id: 'nia-1', leadId: 'lead-nia', type: 'lead_updated', props: { email: 'nia@newco.example', owner: 'sam@acme.example', stage: 'mql', attributes: { first_name: 'Nia' } } },
      { id: 'nia-2', leadId: 'lead-nia', type: 'form_submitted', props: { form: 'welcome' } },
    ];
    expect((await call('POST', '/api/events', { events }, ingest)).status).toBe(202);
    await expect.poll(() => mailTo('nia@newco.example').filter((m) => m.subject === 'Welcome, Nia').length, { timeout: 30_000 }).toBe(1);
    const delivered = mailTo('nia@newco.example').find((m) => m.subject === 'Welcome, Nia')!;
    expect(delivered.from?.text).toBe('"Sam Reyes" <sam@acme.example>');
    expect(delivered.headers.get('x-trellis-test')).toBeUndefined();
    expect(delivered.html).toContain('Hi Nia, thanks for your interest.');
    expect(delivered.html).toContain('You look ready for a demo');
    expect(delivered.html).not.toContain('starter guide');
    expect(delivered.text).toContain('Sam Reyes, Account Executive');
    expect(errors).toEqual([]);
    await page.close();
  });
});
