import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, canDriveEditor } from './editor-page.js';
import { apiCaller } from './people.js';
import { startServer, type RunningServer } from './server.js';

/**
 * Issue 14's "New template… creates one of the right channel in place": a marketer drawing a
 * journey writes a new email from the send step's inspector in a dialog over the journey,
 * previews an unsaved change as a lead, saves, and the step names the new template; the journey's
 * own unsaved edit is still there. The dialog passes axe-core, and is photographed at 1440 and
 * 1280 px wide (e2e/artifacts/template-dialog-*.png).
 */

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const journey = {
  schemaVersion: 1,
  name: 'Webinar follow-up',
  settings: { timezone: 'Europe/London' },
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Registered', on: { event: 'webinar_registered' } } },
    { id: 'hello', type: 'send', position: { x: 330, y: 0 }, data: { label: 'Say thanks', channel: 'email', template: 'old-thanks' } },
    { id: 'done', type: 'exit', position: { x: 660, y: 0 }, data: { label: 'Done', outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'done' },
  ],
};

describe.skipIf(!canDriveEditor())('a new template written in place from the journey editor', () => {
  let server: RunningServer;
  let browser: Browser;
  let marketer = '';
  let journeyId = '';

  const call = (method: string, path: string, body?: unknown, token = server.token) => apiCaller(server)(token, method, path, body);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    marketer = (await call('POST', '/api/tokens', { name: 'Maya Marketer', role: 'marketer' })).body.token;
    expect((await call('PUT', '/api/senders/owen@acme.example', { name: 'Owen Owner', signature: 'Owen' }, marketer)).status).toBe(200);
    expect((await call('PUT', '/api/leads/lead-ada', { email: 'ada@engines.example', owner: 'owen@acme.example', attributes: { first_name: 'Ada' } })).status).toBeLessThan(300);
    const old = { id: 'old-thanks', channel: 'email', name: 'Old thanks', subject: 'Thanks', body: 'Thanks for registering.' };
    expect((await call('POST', '/api/templates', old, marketer)).status).toBe(201);
    journeyId = (await call('POST', '/api/journeys', journey, marketer)).body.id;
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  async function seriousAxeFindings(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    });
    return results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  it('writes an email in a dialog over the journey, previews an unsaved change as a lead, and the step takes it', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.addInitScript(([token]) => {
      if (window.top === window) localStorage.setItem('trellis.token', token!);
    }, [marketer]);
    const drafts: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/templates/preview')) drafts.push(request.postData() ?? '');
    });
    await page.goto(`${server.url}/#/journeys/${journeyId}`);
    await page.locator('[data-testid="node-hello"]').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    // An edit to the journey, not saved: the dialog must leave it alone.
    await inspector.getByLabel('Label', { exact: true }).fill('Say thanks, in person');

    const opener = inspector.getByRole('button', { name: 'New template…' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'New Email template' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Name', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByLabel('Name', { exact: true }).fill('Webinar thanks');
    await dialog.getByLabel('Id (what send steps name)', { exact: true }).fill('webinar-thanks');
    await dialog.getByLabel('Subject', { exact: true }).fill('Thanks, {{ lead.first_name }}');
    await dialog.getByLabel('From', { exact: true }).selectOption('owner');
    await dialog.getByRole('textbox', { name: 'Email body' }).click();
    await page.keyboard.type('Hello {{ lead.first_name }}, the recording is below.');

    // Preview as Ada before anything is saved.
    await dialog.getByLabel('Find a lead', { exact: true }).fill('ada');
    await dialog.getByRole('list', { name: 'Leads found' }).getByRole('button', { name: /Ada/ }).click();
    await expect.poll(() => dialog.getByTestId('preview-subject').textContent(), { timeout: 10_000 }).toBe('Thanks, Ada');
    expect(await dialog.getByTestId('preview-from').textContent()).toBe('From: Owen Owner <owen@acme.example> (the lead’s owner)');
    const rendered = () => page.frameLocator('iframe[title="Rendered message"]').locator('body').textContent();
    await expect.poll(rendered).toContain('Hello Ada, the recording is below.');

    // An unsaved change shows in the preview a moment after typing stops, as one request.
    const before = drafts.length;
    await dialog.getByRole('textbox', { name: 'Email body' }).press('End');
    await page.keyboard.type(' See you next time!');
    await dialog.getByLabel('Subject', { exact: true }).fill('Thanks for coming, {{ lead.first_name }}');
    await expect.poll(rendered, { timeout: 10_000 }).toContain('Hello Ada, the recording is below. See you next time!');
    await expect.poll(() => dialog.getByTestId('preview-subject').textContent()).toBe('Thanks for coming, Ada');
    expect(drafts.length - before).toBeLessThanOrEqual(3);
    expect(JSON.parse(drafts.at(-1)!)).toMatchObject({ leadId: 'lead-ada', template: { channel: 'email', subject: 'Thanks for coming, {{ lead.first_name }}', sender: 'owner' } });
    expect((await call('GET', '/api/templates/webinar-thanks', undefined, marketer)).status).toBe(404);

    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'template-dialog-1440.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(ARTIFACTS, 'template-dialog-1280.png') });
    await page.setViewportSize({ width: 1440, height: 900 });

    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await inspector.getByLabel('Template', { exact: true }).inputValue()).toBe('webinar-thanks');
    await expect.poll(() => inspector.getByTestId('glance-subject').textContent()).toBe('Thanks for coming, {{ lead.first_name }}');
    expect(await inspector.getByLabel('Label', { exact: true }).inputValue()).toBe('Say thanks, in person');
    expect(page.url()).toBe(`${server.url}/#/journeys/${journeyId}`);
    expect(context.pages()).toHaveLength(1);
    const saved = (await call('GET', '/api/templates/webinar-thanks', undefined, marketer)).body;
    expect([saved.name, saved.subject, saved.sender, saved.updatedBy]).toEqual(['Webinar thanks', 'Thanks for coming, {{ lead.first_name }}', 'owner', 'Maya Marketer']);
    await page.screenshot({ path: join(ARTIFACTS, 'template-dialog-saved.png') });

    // A second dialog: Escape with nothing typed closes it at once; with a name typed it asks
    // first, and Discard closes it, changing nothing; focus goes back to the button.
    await opener.click();
    await page.getByRole('dialog', { name: 'New Email template' }).getByLabel('Name', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await opener.click();
    await page.getByRole('dialog', { name: 'New Email template' }).getByLabel('Name', { exact: true }).fill('Never mind');
    await page.keyboard.press('Escape');
    const asked = page.getByRole('alertdialog', { name: 'Discard this template? What you wrote is not saved.' });
    await asked.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'template-dialog-discard.png') });
    await asked.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await inspector.getByLabel('Template', { exact: true }).inputValue()).toBe('webinar-thanks');

    // Saving the journey keeps both: the new label and the new template.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect
      .poll(async () => (await call('GET', `/api/journeys/${journeyId}`, undefined, marketer)).body.journey.nodes.find((n: { id: string }) => n.id === 'hello').data)
      .toMatchObject({ label: 'Say thanks, in person', channel: 'email', template: 'webinar-thanks' });
    await context.close();
  });
});
