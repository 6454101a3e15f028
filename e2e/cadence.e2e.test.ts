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

  it('an operator sees, on the live view, how many leads wait after each touch and where each lead stands', { timeout: 180_000 }, async () => {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    // Quiet hours 00:00–12:00 on each lead's clock: leads whose clock reads 03:00 are held before
    // their first email; leads at 15:00 get it at once and wait for the next, a day on.
    const zoneAt = (localHour: number) => {
      const offset = ((localHour - new Date().getUTCHours() + 36) % 24) - 12;
      return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
    };
    const trigger = `asked_${Date.now()}`;
    const journey = {
      schemaVersion: 1,
      name: 'Chase the asks',
      settings: { quietHours: { from: '00:00', to: '12:00' } },
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: trigger } } },
        {
          id: 'chase',
          type: 'cadence',
          position: { x: 320, y: 0 },
          data: {
            label: 'Chase',
            touches: [
              { at: 'PT0M', channel: 'email', template: 'stl-missed-you' },
              { at: 'P1D', channel: 'email', template: 'stl-follow-up-1' },
              { at: 'P2D', channel: 'email', template: 'stl-follow-up-2' },
            ],
            stopOn: { event: 'replied' },
          },
        },
        { id: 'done', type: 'exit', position: { x: 680, y: 0 }, data: { outcome: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'chase' },
        { id: 'e2', source: 'chase', target: 'done', sourceHandle: 'done' },
        { id: 'e3', source: 'chase', target: 'done', sourceHandle: 'stopped' },
      ],
    };
    const journeyId = (await call('POST', '/api/journeys', journey)).body.id as string;
    expect((await call('POST', `/api/journeys/${journeyId}/publish`)).status).toBe(200);
    const leads = [
      ...['night-1', 'night-2'].map((id) => ({ id, timezone: zoneAt(3) })),
      ...['day-1', 'day-2', 'day-3'].map((id) => ({ id, timezone: zoneAt(15) })),
    ];
    for (const lead of leads) expect((await call('PUT', `/api/leads/${lead.id}`, { timezone: lead.timezone, email: `${lead.id}@example.com` })).status).toBe(200);
    expect((await call('POST', '/api/events', { events: leads.map((lead) => ({ id: `${trigger}-${lead.id}`, leadId: lead.id, type: trigger })) })).status).toBe(202);
    await expect
      .poll(async () => (await call('GET', `/api/journeys/${journeyId}/stats`)).body.nodes.chase?.touches, { timeout: 20_000 })
      .toEqual([
        { made: 0, leads: 2 },
        { made: 1, leads: 3 },
      ]);

    // A page of its own: the first test's editor holds an unsaved draft, whose guard would stop a navigation.
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript((token) => localStorage.setItem('trellis.token', token), server.token);
    await page.goto(`${server.url}/#/operate/${journeyId}`);
    // A loaded machine (two cores, other suites running) can take a while to draw the canvas.
    await page.getByTestId('live-count-chase').waitFor({ timeout: 60_000 });
    const counts = page.getByTestId('cadence-counts-chase');
    await expect.poll(() => counts.locator('li').allTextContents(), { timeout: 30_000 }).toEqual(['2 leads before touch 1', '3 leads after touch 1']);
    expect(await page.locator('[data-testid="node-chase"] .cadence-timeline__count').allTextContents()).toEqual(['2', '3']);
    expect(await page.getByTestId('live-count-chase').textContent()).toBe('5 now · 5 in');
    await page.getByTestId('node-chase').click();
    const list = page.getByRole('region', { name: 'Leads here now' });
    await expect.poll(() => list.locator('.leads-at__why').count(), { timeout: 30_000 }).toBe(5);
    const why = await list.locator('li').allTextContents();
    expect(why.find((text) => text.startsWith('day-1'))).toMatch(/after touch 1 of 3, next: email at /);
    expect(why.find((text) => text.startsWith('night-1'))).toMatch(/no touch yet of 3, next: email at .* \(12:00 its time\)/);
    // The side panel lists the touches in words.
    const settings = page.getByRole('list', { name: 'Settings' });
    expect(await settings.locator('li').nth(1).textContent()).toBe('Touch 1: Day 0, 0:00 · Email · stl-missed-you');
    await snap('live-per-touch');
    expect(errors).toEqual([]);
  });
});
