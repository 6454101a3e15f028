import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor, screenshot } from './editor-page.js';
import { startServer, type RunningServer } from './server.js';

/**
 * A marketer adds a cadence from the palette, fills it with the "Response cadence" preset,
 * simulates, and sees the touches: the card says "26 touches over 14 days", the simulation
 * reached it, and a simulated lead's sends are the cadence's touches in order. Screenshots land
 * in e2e/artifacts/cadence-<n>-<stage>.png.
 */

interface SimulatedLead {
  id: string;
  path: Array<{ nodeId: string; touch?: number }>;
  sends: Array<{ nodeId: string; channel: string; template: string; touch?: number }>;
}

describe.skipIf(!canDriveEditor())('a marketer builds a response cadence', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let stage = 0;
  const snap = (name: string) => screenshot(page, `cadence-${++stage}-${name}`);

  beforeAll(async () => {
    // The examples load into the empty database: the preset's templates are the speed-to-lead example's.
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it('adds a cadence from the palette, applies the preset, simulates and sees the touches', { timeout: 180_000 }, async () => {
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel('API token').fill(server.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Start a journey' }).waitFor();
    await page.getByRole('button', { name: /From scratch/ }).click();
    await page.locator('[data-testid="node-trigger"]').waitFor();
    await page.getByLabel('Journey name').fill('Response to demo requests');

    // One click on the palette: the cadence comes after the trigger, connected.
    await page.getByTitle('Add Cadence', { exact: true }).click();
    const card = page.locator('[data-testid="node-cadence-1"]');
    await card.waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    expect(await card.locator('.journey-node__summary').textContent()).toBe('1 touch at once · stops on call connected');
    await snap('added');

    await card.click();
    await page.getByRole('button', { name: 'Use preset: Response cadence' }).click();
    await expect.poll(() => card.locator('.journey-node__summary').textContent()).toBe('26 touches over 14 days · stops on call connected');
    expect(await card.locator('.cadence-timeline__tick').count()).toBe(26);
    expect(await page.getByRole('table', { name: 'Touches' }).getByRole('row').count()).toBe(27);
    expect(await page.getByLabel('Touch 1 due').inputValue()).toBe('PT5M');
    // Every template the preset names is stored: no problem but the open paths.
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect.poll(() => page.locator('.problems-list .problem--error').count()).toBe(0);
    await snap('preset');

    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.locator('.simulate__setup input[type="number"]').first().fill('20');
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/simulate') && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Simulate 20 leads' }).click();
    const answer = (await (await answered).json()) as { leads: SimulatedLead[] };
    await expect.poll(() => card.locator('.journey-node__reached').textContent()).toBe('20');
    const touched = answer.leads.find((lead) => lead.sends.length > 0)!;
    expect(touched.sends[0]).toMatchObject({ nodeId: 'cadence-1', channel: 'call_task', template: 'speed-call-1', touch: 0 });
    const touches = touched.sends.map((s) => s.touch);
    expect(touches).toEqual([...touches].sort((a, b) => a! - b!));
    expect(touched.path.filter((step) => step.nodeId === 'cadence-1' && step.touch !== undefined)).toHaveLength(touched.sends.length);
    await snap('simulated');
    expect(errors).toEqual([]);
  });
});
