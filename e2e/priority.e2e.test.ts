import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSetUp, pageSignedInAs, pauseExampleJourneys, roleTokens } from './people.js';
import { canDriveEditor } from './editor-page.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * Priority across journeys: a marketer gives the demo-request journey priority 10 in the
 * inspector; it and a newsletter both start on a form and both allow one email a day. A lead
 * submits the form through the public API: the demo email goes, the newsletter's is capped, and
 * the newsletter's Results count it in the send table's Capped column. A reviewer reads the
 * priority in words.
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');


const at = (x: number, y: number) => ({ x, y });
function draft(name: string, template: string) {
  return {
    schemaVersion: 1,
    name,
    settings: { frequencyCap: [{ channel: 'email', max: 1, per: 'P1D' }] },
    nodes: [
      { id: 'start', type: 'trigger', position: at(0, 0), data: { label: 'Form submitted', on: { event: 'form_submitted' } } },
      { id: 'mail', type: 'send', position: at(0, 180), data: { label: name, channel: 'email', template } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'mail' }],
  };
}

describe.skipIf(!canDriveEditor())('a marketer puts one journey before another, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let tokens: Record<'marketer' | 'reviewer', string>;
  let setUp: ReturnType<typeof apiSetUp>;
  const call = (role: 'admin' | 'marketer' | 'reviewer', method: string, path: string, body?: unknown) =>
    setUp(role === 'admin' ? server.token : tokens[role], method, path, body);
  const pageAs = (role: 'marketer' | 'reviewer', viewport = { width: 1440, height: 1000 }) => pageSignedInAs(browser, server, tokens[role], { viewport });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    setUp = apiSetUp(server);
    tokens = await roleTokens(server, ['marketer', 'reviewer']);
    await pauseExampleJourneys(server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets a priority in the inspector, and the higher priority’s email is the one a cap lets through', async () => {
    const newsletter = (await call('marketer', 'POST', '/api/journeys', draft('Newsletter', 'accel-welcome'))).id as string;
    const demo = (await call('marketer', 'POST', '/api/journeys', draft('Demo request', 'accel-fast-demo-invite'))).id as string;

    const page = await pageAs('marketer');
    await page.goto(`${server.url}/#/journeys/${demo}`);
    await page.getByTestId('node-mail').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const priority = page.locator('.inspector-section', { has: page.getByRole('heading', { name: 'Priority across journeys' }) });
    await priority.getByLabel('Priority', { exact: true }).fill('10');
    expect(await priority.innerText()).toContain('Priority 10: when a lead would enter this and another journey on one event');
    await priority.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'priority-inspector.png') });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(async () => (await call('marketer', 'GET', `/api/journeys/${demo}`)).journey.settings.priority, { timeout: 15_000 }).toBe(10);
    for (const id of [newsletter, demo]) expect((await call('marketer', 'POST', `/api/journeys/${id}/publish`, {})).version).toBe(1);

    await call('admin', 'POST', '/api/events', {
      events: [
        { id: 'ada-profile', leadId: 'ada', type: 'lead_updated', props: { email: 'ada@example.com' } },
        { id: 'ada-form', leadId: 'ada', type: 'form_submitted' },
      ],
    });
    await expect
      .poll(async () => {
        const [n, d] = await Promise.all([newsletter, demo].map((id) => call('marketer', 'GET', `/api/journeys/${id}/report`)));
        return [n.sends.mail?.capped, n.sends.mail?.sent, d.sends.mail?.sent, d.sends.mail?.capped];
      }, { timeout: 60_000 })
      .toEqual([1, 0, 1, 0]);

    await page.goto(`${server.url}/#/results/${newsletter}`);
    const row = page.getByTestId('sends-mail');
    await row.waitFor({ timeout: 15_000 });
    const table = page.getByRole('table', { name: 'Sends by step' });
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Step', 'Sent', 'Capped', 'Delivered', 'Opened', 'Clicked', 'Unsubscribed', 'Failed']);
    expect((await row.locator('td').allInnerTexts()).slice(0, 2)).toEqual(['0', '1']);
    await table.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'priority-results-capped.png') });

    const review = await pageAs('reviewer');
    await review.goto(`${server.url}/#/review/${demo}?version=1`);
    await review.getByTestId('node-mail').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => review.getByTestId('review-priority').innerText(), { timeout: 15_000 })
      .toBe(
        'Priority 10: when a lead would enter this and another journey on one event, or a frequency cap allows only one of several sends due at once, the journey with the higher priority goes first; equal priorities go by journey id.',
      );
    await review.screenshot({ path: join(ARTIFACTS, 'priority-review.png') });
  });
});
