import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor } from './editor-page.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * A marketer's scoring model in Chromium, with no API call of their own: the first start saved
 * the example model; the marketer makes a pricing page visit worth 25 instead of 15, saves,
 * watches every lead re-scored, then opens a lead and reads why its score is what it is.
 * (The lead and its visit arrive through the API, as an integration would send them.)
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');


describe.skipIf(!canDriveEditor())('a marketer changes a scoring rule and reads a lead\'s score card, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let marketer = '';
  const admin = (path: string, method: string, body: unknown) =>
    fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    marketer = ((await (await admin('/api/tokens', 'POST', { name: 'Mara Marketer', role: 'marketer' })).json()) as { token: string }).token;
    // A director at a 250-person software company (fit 35) who has seen the pricing page once (15).
    await admin('/api/leads/ada', 'PUT', { email: 'ada@lovelace.example', attributes: { name: 'Ada Lovelace', industry: 'software', company: { size: 250 }, seniority: 'director' } });
    await admin('/api/events', 'POST', { events: [{ id: 'visit-1', leadId: 'ada', type: 'page_visited', props: { url: 'https://acme.example/pricing' } }] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('saves a changed rule, watches the re-score finish, and reads the score card of a lead', async () => {
    await expect
      .poll(async () => ((await (await admin('/api/leads/ada/score', 'GET', undefined)).json()) as { score: number }).score, { timeout: 30_000 })
      .toBe(50);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.addInitScript(([token]) => localStorage.setItem('trellis.token', token!), [marketer]);
    await page.goto(`${server.url}/#/`);
    await page.getByRole('link', { name: 'Scoring' }).click();

    const behaviour = page.getByRole('region', { name: 'Behaviour rules' });
    await behaviour.waitFor();
    // The example model's first behaviour rule is the pricing page visit.
    expect(await behaviour.getByLabel('Rule id').first().inputValue()).toBe('pricing-page');
    await page.screenshot({ path: join(ARTIFACTS, 'scoring-page.png'), fullPage: true });
    await behaviour.getByLabel('Points').first().fill('25');
    await page.getByRole('button', { name: 'Save and re-score every lead' }).click();

    await expect.poll(() => page.getByTestId('rescore-status').innerText(), { timeout: 30_000 }).toMatch(/^Every lead re-scored with version 2/);
    expect(await page.getByRole('progressbar', { name: 'Re-score progress' }).getAttribute('aria-valuenow')).toBe('100');
    await page.screenshot({ path: join(ARTIFACTS, 'scoring-rescored.png') });

    await page.getByRole('link', { name: 'Leads' }).click();
    await page.getByLabel('Search leads').fill('ada');
    const rows = page.getByRole('table', { name: 'Leads' }).locator('.leads-table__body [role="row"]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await rows.first().click();
    const card = page.getByRole('region', { name: 'Score card' });
    await expect.poll(() => card.getByTestId('score-total').innerText(), { timeout: 15_000 }).toBe('60');
    expect(await card.getByTestId('score-fit').innerText()).toBe('35');
    expect(await card.getByTestId('score-behaviour').innerText()).toBe('25');
    const changes = (await card.getByRole('list', { name: 'Score changes' }).locator('li').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\+25 Pricing page visit · page_visited/),
        expect.stringMatching(/^\+15 Company of 200 people or more · fits /),
        expect.stringMatching(/^\+10 Software, fintech or healthcare/),
        expect.stringMatching(/^\+10 Director, VP or C-level/),
      ]),
    );
    // 60 passed the example model's mql threshold (50): the stage rose.
    expect(await page.getByRole('complementary', { name: 'Lead' }).innerText()).toContain('mql');
    await page.screenshot({ path: join(ARTIFACTS, 'scoring-lead-card.png') });
  });
});
