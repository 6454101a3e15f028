import { launchChromium } from '@trellis/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor, screenshot } from './editor-page.js';
import { apiCaller, pageSignedInAs } from './people.js';
import { startServer, type RunningServer } from './server.js';

/**
 * Live edits in Chromium (issue 17): a marketer shortens the wait of a live journey, publishes,
 * reads in the publish review where the lead inside would land, moves it, and finds the move on
 * the lead's timeline. Then the editor has nothing left to publish.
 */

const at = (x: number) => ({ x, y: 0 });
const journey = {
  schemaVersion: 1,
  name: 'Trial drip',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: at(0), data: { label: 'Trial started', on: { event: 'trial_started' } } },
    { id: 'w', type: 'wait', position: at(320), data: { for: 'P3D' } },
    { id: 'tips', type: 'send', position: at(640), data: { label: 'Tips', channel: 'email', template: 'trial-tips' } },
    { id: 'done', type: 'exit', position: at(960), data: { label: 'Done', outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'w' },
    { id: 'e2', source: 'w', target: 'tips' },
    { id: 'e3', source: 'tips', target: 'done' },
  ],
};

describe.skipIf(!canDriveEditor())('live edits in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let marketer = '';
  let operator = '';
  let journeyId = '';

  let call: ReturnType<typeof apiCaller>;

  const pageAs = (token: string, hash: string) => pageSignedInAs(browser, server, token, { hash });
  const pageAsMarketer = (hash: string) => pageAs(marketer, hash);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    call = apiCaller(server);
    marketer = (await call(server.token, 'POST', '/api/tokens', { name: 'Marketer Person', role: 'marketer' })).body.token;
    operator = (await call(server.token, 'POST', '/api/tokens', { name: 'Operator Person', role: 'operator' })).body.token;
    const template = await call(marketer, 'POST', '/api/templates', { id: 'trial-tips', channel: 'email', name: 'Trial tips', subject: 'Tips', body: 'Three tips.' });
    expect(template.status).toBe(201);
    journeyId = (await call(marketer, 'POST', '/api/journeys', journey)).body.id;
    expect((await call(marketer, 'POST', `/api/journeys/${journeyId}/publish`)).status).toBe(200);
    await call(server.token, 'POST', '/api/events', { events: [{ id: 'ada-trial', leadId: 'ada', type: 'trial_started' }] });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it('a marketer shortens a live wait, reviews where the lead lands, moves it, and reads the move on its timeline', async () => {
    await expect
      .poll(async () => (await call(server.token, 'GET', '/api/leads/ada')).body?.journeys?.find((j: { journeyId: string }) => j.journeyId === journeyId)?.nodeId, { timeout: 15_000 })
      .toBe('w');
    // The operator's live view: the lead waits at v1's three-day wait.
    const live = await pageAs(operator, `#/operate/${journeyId}`);
    await expect.poll(() => live.getByTestId('live-count-w').textContent(), { timeout: 15_000 }).toMatch(/^1 now/);

    const page = await pageAsMarketer(`#/journeys/${journeyId}`);
    const publish = page.getByRole('button', { name: 'No changes to publish' });
    await expect.poll(() => publish.count(), { timeout: 15_000 }).toBe(1);
    expect(await publish.isDisabled()).toBe(true);

    await page.getByTestId('node-w').click();
    await page.getByLabel('Duration amount').fill('1');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Publish version 2' });
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(1);
    expect(await dialog.getByTestId('change-item').textContent()).toBe('changedChanged wait wfor 3 days → 1 day');
    const landing = dialog.getByTestId('landing');
    await expect.poll(() => landing.textContent()).toContain('v1 · Wait 3 days1');
    const target = dialog.getByRole('combobox', { name: 'Where the leads at v1 · Wait 3 days go' });
    expect(await target.inputValue()).toBe('w');
    await dialog.getByLabel(/Move them to version 2/).check();
    expect(await dialog.getByLabel(/Move them to version 2/).evaluate((e) => e.parentElement?.textContent)).toContain('(1 move, 0 stay)');
    await screenshot(page, 'live-edits-publish-review');
    await dialog.getByRole('button', { name: 'Publish version 2' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 })
      .toBe('Published version 2. Moved 1 lead to it; 0 stayed on their versions.');
    await expect.poll(() => page.getByRole('button', { name: 'No changes to publish' }).count(), { timeout: 10_000 }).toBe(1);
    await screenshot(page, 'live-edits-published');

    // The live view follows the move: the new version's wait holds the lead.
    await live.reload();
    await expect.poll(() => live.getByTestId('live-count-w').textContent(), { timeout: 15_000 }).toMatch(/^1 now/);
    // (The live view shows the published version: its link to the review says which.)
    expect(await live.locator(`a[href="#/review/${journeyId}?version=2"]`).count()).toBe(1);
    await screenshot(live, 'live-edits-live-view-after-move');

    const lead = (await call(marketer, 'GET', '/api/leads/ada')).body;
    // (The server's example journeys may hold the lead too: only this journey's run is asked about.)
    expect(lead.journeys.filter((j: { journeyId: string }) => j.journeyId === journeyId)).toEqual([
      expect.objectContaining({ journeyId, version: 2, nodeId: 'w', status: 'active' }),
    ]);
    const moves = (await call(marketer, 'GET', `/api/journeys/${journeyId}/moves`)).body.moves;
    expect(moves).toEqual([expect.objectContaining({ version: 2, moved: 1, stayed: 0 })]);

    // The marketer opens the lead from the Leads page: its timeline says it was moved.
    const leads = await pageAsMarketer('#/leads');
    await leads.getByRole('row').filter({ hasText: 'ada' }).first().click();
    await expect
      .poll(() => leads.getByTestId('lead-timeline').textContent(), { timeout: 10_000 })
      .toContain('Moved from v1 · Wait 3 days to v2 · Wait 1 day');
    await screenshot(leads, 'live-edits-timeline');
  }, 120_000);

  it("an operator's search at a step finds a lead beyond the first 100 there (the server searches them all)", async () => {
    // 150 more leads join the wait; "Grace Hopper" (bulk-142) sorts past the first page of 100.
    const bulk = Array.from({ length: 150 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    const events = bulk.flatMap((leadId) => [
      { id: `${leadId}-u`, leadId, type: 'lead_updated', props: { email: `${leadId}@example.com`, ...(leadId === 'bulk-142' ? { attributes: { name: 'Grace Hopper' } } : {}) } },
      { id: `${leadId}-t`, leadId, type: 'trial_started' },
    ]);
    expect((await call(server.token, 'POST', '/api/events', { events })).status).toBe(202);
    await expect.poll(async () => (await call(operator, 'GET', `/api/journeys/${journeyId}/stats`)).body.nodes.w?.current, { timeout: 60_000 }).toBe(151);

    const live = await pageAs(operator, `#/operate/${journeyId}`);
    await live.getByTestId('node-w').click();
    const list = live.getByRole('region', { name: 'Leads here now' });
    await expect.poll(() => list.locator('.leads-at__summary').textContent(), { timeout: 15_000 }).toBe('Showing 100 of 151');
    expect(await list.getByRole('button', { name: 'bulk-142' }).count()).toBe(0);
    await list.getByLabel('Search').fill('grace');
    await expect.poll(() => list.locator('.leads-at__summary').textContent(), { timeout: 15_000 }).toBe('1 of 151 match “grace”');
    expect(await list.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^bulk-142 bulk-142@example.com/)]);
    await screenshot(live, 'live-edits-search-beyond-first-page');
  }, 120_000);
});
