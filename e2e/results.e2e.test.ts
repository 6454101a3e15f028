import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSetUp, pageSignedInAs, roleTokens } from './people.js';
import { canDriveEditor } from './editor-page.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * A marketer turns a split into an experiment and holds 10% of leads out, in the inspector;
 * publishes; a few hundred leads arrive through the public API (variant B's leads book a demo
 * three times as often as A's); the marketer opens Results and reads the summary, the charts
 * (with a day's numbers on hover), the split's p-value and the holdout. A reviewer sees the
 * leading variant marked on the review canvas and the experiment beside it.
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');
const LEADS = 300;


const at = (x: number, y: number) => ({ x, y });
const draft = {
  schemaVersion: 1,
  name: 'Trial welcome test',
  settings: { goal: { event: 'demo_booked' } },
  nodes: [
    { id: 'start', type: 'trigger', position: at(0, 0), data: { label: 'Trial started', on: { event: 'trial_started' } } },
    { id: 'ab', type: 'split', position: at(0, 160), data: { label: 'Welcome test', variants: [{ handle: 'A', weight: 50 }, { handle: 'B', weight: 50 }] } },
    { id: 'mailA', type: 'send', position: at(-200, 340), data: { label: 'Plain welcome', channel: 'email', template: 'accel-welcome' } },
    { id: 'mailB', type: 'send', position: at(200, 340), data: { label: 'Welcome with demo invite', channel: 'email', template: 'accel-fast-demo-invite' } },
    { id: 'waitA', type: 'wait', position: at(-200, 500), data: { for: 'P30D' } },
    { id: 'waitB', type: 'wait', position: at(200, 500), data: { for: 'P30D' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ab' },
    { id: 'e2', source: 'ab', sourceHandle: 'A', target: 'mailA' },
    { id: 'e3', source: 'ab', sourceHandle: 'B', target: 'mailB' },
    { id: 'e4', source: 'mailA', target: 'waitA' },
    { id: 'e5', source: 'mailB', target: 'waitB' },
  ],
};

interface Report {
  entered: number;
  outcomes: Record<string, number>;
  goalRate: number;
  splits: Record<string, { pValue: number | null; winner: string | null; variants: Record<string, { entered: number; goal: number }> }>;
  holdout: { heldOut: { entered: number; goal: number } } | null;
}

describe.skipIf(!canDriveEditor())('a marketer runs a split experiment and reads its results, in Chromium', () => {
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
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sets the experiment and holdout, publishes, takes in leads, and reads the split, the charts and the numbers', async () => {
    const { id } = await call('marketer', 'POST', '/api/journeys', draft);
    const page = await pageAs('marketer');
    await page.goto(`${server.url}/#/journeys/${id}`);

    // The split becomes an experiment measured on the goal; the journey holds 10% of leads out.
    await page.getByTestId('node-ab').click();
    const experiment = page.getByRole('region', { name: 'Experiment' });
    await experiment.getByRole('checkbox', { name: 'Experiment' }).check();
    await experiment.getByLabel('Counted within amount').fill('7');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    const holdout = page.getByRole('region', { name: 'Holdout group' });
    await holdout.getByRole('checkbox', { name: 'Holdout group' }).check();
    await expect.poll(() => page.getByTestId('holdout-chip').innerText()).toBe('Holdout 10%');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(async () => (await call('marketer', 'GET', `/api/journeys/${id}`)).journey.settings.holdout, { timeout: 15_000 }).toEqual({ percent: 10 });
    const saved = (await call('marketer', 'GET', `/api/journeys/${id}`)).journey;
    expect(saved.nodes.find((n: { id: string }) => n.id === 'ab').data.experiment).toEqual({ metric: 'goal', window: 'P7D', decideAfter: 'P14D' });
    expect((await call('marketer', 'POST', `/api/journeys/${id}/publish`, {})).version).toBe(1);

    // Leads arrive through the public API, as an integration sends them.
    const leads = Array.from({ length: LEADS }, (_, i) => `trial-${i}`);
    await call('admin', 'POST', '/api/events', {
      events: leads.flatMap((leadId, i) => [
        { id: `profile-${i}`, leadId, type: 'lead_updated', props: { email: `${leadId}@example.com` } },
        { id: `start-${i}`, leadId, type: 'trial_started' },
      ]),
    });
    await expect.poll(async () => ((await call('marketer', 'GET', `/api/journeys/${id}/report`)) as Report).entered, { timeout: 60_000 }).toBe(LEADS);

    // Which variant each lead took, and its email, from its timeline; B's leads book three times as often.
    const events: unknown[] = [];
    let goals = 0;
    let heldGoals = 0;
    for (const [i, leadId] of leads.entries()) {
      const { items } = await call('marketer', 'GET', `/api/leads/${leadId}/timeline`);
      const split = items.find((item: { kind: string; nodeId?: string }) => item.kind === 'step' && item.nodeId === 'ab');
      const send = items.find((item: { kind: string }) => item.kind === 'send');
      if (send && i % 2 === 0) events.push({ id: `open-${i}`, leadId, type: 'email_opened', props: { sendId: send.id } });
      if (send && i % 5 === 0) events.push({ id: `click-${i}`, leadId, type: 'email_clicked', props: { sendId: send.id, url: 'https://example.com/demo' } });
      // Held-out leads (no split step) book at A's rate: what leads do without the journey's welcome.
      const books = split?.handle === 'B' ? i % 10 < 3 : i % 10 < 1;
      if (!books) continue;
      events.push({ id: `demo-${i}`, leadId, type: 'demo_booked' });
      if (split) goals += 1;
      else heldGoals += 1;
    }
    await call('admin', 'POST', '/api/events', { events });
    await expect
      .poll(async () => {
        const now = (await call('marketer', 'GET', `/api/journeys/${id}/report`)) as Report;
        return [now.outcomes.goal ?? 0, now.holdout?.heldOut.goal];
      }, { timeout: 60_000 })
      .toEqual([goals, heldGoals]);
    const report = (await call('marketer', 'GET', `/api/journeys/${id}/report`)) as Report;
    const ab = report.splits.ab!;
    expect(ab.winner).toBe('B');
    expect(ab.pValue).toBeLessThan(0.05);

    // Results, a click away from the editor (opened afresh: it was published through the API).
    await page.reload();
    // The editor's canvas marks the variant ahead on the split's handle too.
    await expect.poll(() => page.getByTestId('winner-ab-B').innerText(), { timeout: 15_000 }).toBe('▲ leading');
    await page.getByRole('link', { name: 'Results' }).click();
    await expect.poll(() => page.getByTestId('stat-entered').innerText(), { timeout: 15_000 }).toBe(String(LEADS));
    expect(await page.getByTestId('stat-goal-rate').innerText()).toBe(`${(report.goalRate * 100).toFixed(1)}%`);
    const pText = ab.pValue! < 0.0001 ? ab.pValue!.toExponential(1) : ab.pValue!.toFixed(4);
    expect(await page.getByTestId('p-value-ab').innerText()).toBe(pText);
    const split = page.getByTestId('experiment-ab');
    expect(await split.getByRole('status').innerText()).toMatch(/^Decides on \d+ \w+ \d{4} · B leads at p < 0\.05 so far/);
    const rowB = split.getByRole('row', { name: /^B/ });
    expect(await rowB.locator('td').nth(0).innerText()).toBe(String(ab.variants.B!.entered));
    expect(await rowB.locator('td').nth(1).innerText()).toBe(String(ab.variants.B!.goal));
    await expect.poll(() => page.getByTestId('winner-ab-B').innerText()).toBe('▲ leading');
    // Held-out leads rest until the holdout window ends; the summary and the holdout card count them.
    const held = report.holdout!.heldOut.entered;
    expect(held).toBeGreaterThan(0);
    expect(await page.getByText(`${LEADS - held} treated · ${held} held out`).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Holdout' }).getByTestId('uplift').innerText()).toMatch(/^uplift\n?[+−-]?\d+\.\d pts/i);
    await expect.poll(() => page.getByTestId('goal-share-mailB').isVisible()).toBe(true);

    // The charts are drawn, and hovering a day's bar shows its numbers.
    const leadsChart = page.getByTestId('chart-leads');
    await leadsChart.scrollIntoViewIfNeeded();
    const bar = leadsChart.locator('.recharts-bar-rectangle').first();
    await bar.waitFor();
    expect(await page.getByTestId('chart-messages').locator('.recharts-line').count()).toBe(3);
    // The page scrolls inside its main area: a picture of each part, as a reader scrolls.
    const main = page.locator('main.results-page');
    await main.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'results-top.png') });
    await page.getByTestId('experiment-ab').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'results-experiment.png') });
    await leadsChart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'results-charts.png') });
    await bar.hover();
    await expect.poll(() => leadsChart.locator('.recharts-tooltip-wrapper').innerText()).toContain(`Entered : ${LEADS}`);
    await leadsChart.screenshot({ path: join(ARTIFACTS, 'results-chart-hover.png') });

    // A reviewer sees the leading variant on the review canvas and the experiment beside it.
    const review = await pageAs('reviewer');
    await review.goto(`${server.url}/#/review/${id}?version=1`);
    await expect.poll(() => review.getByTestId('winner-ab-B').innerText(), { timeout: 15_000 }).toBe('▲ leading');
    expect(await review.getByTestId('holdout-chip').innerText()).toBe('Holdout 10%');
    await review.getByTestId('node-ab').click();
    expect(await review.getByTestId('p-value-ab').innerText()).toBe(pText);
    await review.screenshot({ path: join(ARTIFACTS, 'results-review.png') });
  });
});
