import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor } from './editor-page.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * A marketer's audience in Chromium, with no API call of their own: drags a CSV of good and bad
 * rows onto the import page, maps its columns, watches it finish and reads why each bad row was
 * rejected; finds an imported lead by searching the leads list and opens it; saves a segment
 * built with the journey's condition builder and reads its count; then starts a journey whose
 * trigger is that saved segment (picked by name and count in the inspector), publishes it, and
 * its leads enter.
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');


const CSV = [
  'Email Address,Phone,Time zone,Industry,Company size,Name',
  'ada@lovelace.example,+44 20 7946 0958,Europe/London,retail,250,Ada Lovelace',
  'GRACE@HOPPER.EXAMPLE,+1 415 555 0132,America/New_York,retail,40,Grace Hopper',
  'not-an-email,abc,Mars/Olympus,saas,10,Bad Row',
  'linus@kernel.example,,Europe/Helsinki,saas,1200,Linus T',
  'grace@hopper.example,,,retail,45,Grace Hopper',
  'katherine@nasa.example,12,UTC,education,5,Katherine J',
].join('\n');

describe.skipIf(!canDriveEditor())('a marketer imports leads, finds one and makes a segment, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let marketer = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const res = await fetch(`${server.url}/api/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Mara Marketer', role: 'marketer' }),
    });
    marketer = ((await res.json()) as { token: string }).token;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function marketerPage(hash: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.addInitScript(([token]) => localStorage.setItem('trellis.token', token!), [marketer]);
    await page.goto(`${server.url}/${hash}`);
    return page;
  }

  it('imports a dragged CSV, lists the rejected rows with reasons, finds a lead by search and counts a segment', async () => {
    const page = await marketerPage('#/');
    // The marketer reaches the import page from the journeys list.
    await page.getByRole('link', { name: 'Import' }).click();
    const zone = page.getByRole('region', { name: 'CSV file' });
    await zone.waitFor();
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'leads.csv', { type: 'text/csv' }));
      return transfer;
    }, CSV);
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });

    const preview = page.getByRole('table', { name: 'Preview' });
    await preview.waitFor();
    // Guessed from the names: Email Address → email, Name → name; the rest are chosen here.
    await expect.poll(() => page.getByLabel('Column Email Address').inputValue()).toBe('email');
    expect(await page.getByLabel('Column Name').inputValue()).toBe('name');
    await page.getByLabel('Column Time zone').selectOption('timezone');
    await expect.poll(() => preview.locator('tbody tr').count()).toBe(6);
    await page.screenshot({ path: join(ARTIFACTS, 'audience-import-preview.png') });
    await page.getByRole('button', { name: 'Start import' }).click();

    await page.getByRole('heading', { name: 'Import done' }).waitFor();
    const counts = page.locator('.import-counts');
    await expect.poll(() => counts.innerText()).toBe('6 rows read\n3 created\n1 updated\n2 rejected');
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    const rows = await rejected.locator('tbody tr').allInnerTexts();
    expect(rows).toEqual([
      '3\temail\t"not-an-email" is not an email address (name@example.com)',
      '3\tphone\t"abc" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958',
      '3\ttimezone\tis not a time zone; use an IANA name such as Europe/London or America/New_York',
      '6\tphone\t"12" is not a phone number; start with + and the country code, e.g. +44 20 7946 0958',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'audience-import-done.png'), fullPage: true });

    // Leads: search finds Grace by her email in another case (her second row set it in lower case); her row opens her profile.
    await page.getByRole('link', { name: 'See the leads' }).click();
    await page.getByLabel('Search leads').fill('grace@HOPPER');
    const table = page.getByRole('table', { name: 'Leads' });
    await expect.poll(() => table.locator('.leads-table__body [role="row"]').allInnerTexts(), { timeout: 15_000 }).toEqual([
      expect.stringContaining('grace@hopper.example\nGrace Hopper'),
    ]);
    await table.locator('.leads-table__body [role="row"]').first().click();
    const profile = page.getByRole('complementary', { name: 'Lead' });
    await expect.poll(() => profile.innerText()).toContain('+14155550132');
    await page.screenshot({ path: join(ARTIFACTS, 'audience-leads-search.png') });

    // Segments: retail leads with a company of more than 42 people.
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByLabel('Segment name').fill('Retail, 42+ people');
    await page.getByLabel('Condition kind').first().selectOption('all');
    // Attributes keep the CSV's column names: "Industry", "Company size".
    await page.getByLabel('Lead field').first().fill('Industry');
    await page.getByLabel('Value').first().fill('retail');
    await page.getByRole('button', { name: '+ field test' }).first().click();
    await page.getByLabel('Lead field').nth(1).fill('Company size');
    await page.getByLabel('Operator').nth(1).selectOption('gt');
    await page.getByLabel('Value').nth(1).fill('42');
    await page.getByRole('button', { name: 'Save segment' }).click();
    // Ada (250) and Grace (45, updated by her second row); Grace's first size was 40.
    await expect.poll(() => page.getByLabel('Retail, 42+ people count').innerText(), { timeout: 15_000 }).toBe('2 leads');
    await page.screenshot({ path: join(ARTIFACTS, 'audience-segment.png') });
    await page.getByRole('link', { name: 'Open its leads' }).click();
    const segmentRows = page.getByRole('table', { name: 'Leads' }).locator('.leads-table__body [role="row"]');
    await expect.poll(() => segmentRows.count()).toBe(2);

    // A journey for that segment: from scratch, its trigger set to the saved segment in the inspector.
    await page.goto(`${server.url}/#/`);
    await page.getByRole('button', { name: /From scratch/ }).click();
    const trigger = page.locator('[data-testid="node-trigger"]');
    await trigger.waitFor();
    await page.getByLabel('Journey name').fill('Welcome retail teams');
    await trigger.click();
    await page.getByLabel('Label').fill('Retail teams');
    await page.getByLabel('Leads enter').selectOption('saved');
    const picker = page.getByLabel('Saved segment');
    await expect.poll(() => picker.locator('option').allInnerTexts()).toContain('Retail, 42+ people (2 now)');
    await picker.selectOption({ label: 'Retail, 42+ people (2 now)' });
    await expect.poll(() => trigger.innerText()).toContain('Leads in segment “Retail, 42+ people” (2 now)');
    await page.screenshot({ path: join(ARTIFACTS, 'audience-segment-trigger.png') });
    // Saved, then published: publishing opens its review, confirmed there.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/journeys\/[^/]+$/);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish version 1' }).click();
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 15_000 }).toBe('Published version 1.');
    // Its two leads enter (read back as the operations page reads it).
    const journeyId = decodeURIComponent(page.url().split('/').at(-1)!);
    const entered = async () => {
      const res = await fetch(`${server.url}/api/journeys/${encodeURIComponent(journeyId)}/stats`, { headers: { authorization: `Bearer ${marketer}` } });
      return ((await res.json()) as { nodes: Record<string, { entered: number }> }).nodes.trigger?.entered ?? 0;
    };
    await expect.poll(entered, { timeout: 15_000 }).toBe(2);
  });
});
