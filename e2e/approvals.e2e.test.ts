import { launchChromium } from '@trellis/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor, screenshot } from './editor-page.js';
import { apiCaller, pageSignedInAs } from './people.js';
import { startServer, type RunningServer } from './server.js';

/**
 * Approvals in Chromium (issue 17, points 5 and 6): an admin turns approvals on; a marketer
 * shortens a live wait, simulates the move, and asks for approval; the journey list says so; a
 * reviewer (another token) reads the request's review and approves it, and the journey is
 * published with the lead moved.
 */

const at = (x: number) => ({ x, y: 0 });
const journey = {
  schemaVersion: 1,
  name: 'Onboarding drip',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: at(0), data: { label: 'Signed up', on: { event: 'onboarding_started' } } },
    { id: 'w', type: 'wait', position: at(320), data: { for: 'P3D' } },
    { id: 'tips', type: 'send', position: at(640), data: { label: 'Tips', channel: 'email', template: 'onboarding-tips' } },
    { id: 'done', type: 'exit', position: at(960), data: { label: 'Done', outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'w' },
    { id: 'e2', source: 'w', target: 'tips' },
    { id: 'e3', source: 'tips', target: 'done' },
  ],
};

describe.skipIf(!canDriveEditor())('approvals in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let marketer = '';
  let reviewer = '';
  let journeyId = '';

  let call: ReturnType<typeof apiCaller>;

  const pageAs = (token: string, hash: string) => pageSignedInAs(browser, server, token, { hash });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    call = apiCaller(server);
    marketer = (await call(server.token, 'POST', '/api/tokens', { name: 'Maya Marketer', role: 'marketer' })).body.token;
    reviewer = (await call(server.token, 'POST', '/api/tokens', { name: 'Rui Reviewer', role: 'reviewer' })).body.token;
    const template = await call(marketer, 'POST', '/api/templates', { id: 'onboarding-tips', channel: 'email', name: 'Onboarding tips', subject: 'Tips', body: 'Three tips.' });
    expect(template.status).toBe(201);
    journeyId = (await call(marketer, 'POST', '/api/journeys', journey)).body.id;
    expect((await call(marketer, 'POST', `/api/journeys/${journeyId}/publish`)).status).toBe(200);
    await call(server.token, 'POST', '/api/events', { events: [{ id: 'ada-onboarding', leadId: 'ada', type: 'onboarding_started' }] });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it('a marketer requests, a reviewer approves, and the journey is published with the lead moved', async () => {
    await expect
      .poll(async () => (await call(server.token, 'GET', '/api/leads/ada')).body?.journeys?.find((j: { journeyId: string }) => j.journeyId === journeyId)?.nodeId, { timeout: 15_000 })
      .toBe('w');

    // The admin turns approvals on in Workspace settings.
    const admin = await pageAs(server.token, '#/admin/settings');
    const toggle = admin.getByLabel('A publish needs a second person’s approval');
    await expect.poll(() => toggle.isEnabled(), { timeout: 15_000 }).toBe(true);
    await toggle.check();
    await expect.poll(async () => (await call(marketer, 'GET', '/api/settings/approvals')).body.required, { timeout: 10_000 }).toBe(true);
    await screenshot(admin, 'approvals-settings');

    // The marketer shortens the wait and opens the publish review: it asks for approval.
    const editor = await pageAs(marketer, `#/journeys/${journeyId}`);
    await expect.poll(() => editor.getByRole('button', { name: 'No changes to publish' }).count(), { timeout: 15_000 }).toBe(1);
    await editor.getByTestId('node-w').click();
    await editor.getByLabel('Duration amount').fill('1');
    await editor.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = editor.getByRole('dialog', { name: 'Publish version 2' });
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => dialog.getByText(/needs a reviewer or an admin to approve each publish/).count(), { timeout: 10_000 }).toBe(1);
    await dialog.getByLabel(/Move them to version 2/).check();

    // What the move would do: the lead waits a day from when it entered, then gets the tips.
    await dialog.getByRole('button', { name: 'Simulate the move' }).click();
    const whatIf = dialog.getByTestId('what-if');
    await expect.poll(() => whatIf.count(), { timeout: 20_000 }).toBe(1);
    expect(await whatIf.textContent()).toContain('All 1 lead inside');
    expect(await dialog.getByTestId('what-if-node').allTextContents()).toEqual(['v2 · Wait 1 day10', 'v2 · Tips101 sent', 'v2 · Done10']);
    expect(await dialog.getByTestId('what-if-outcomes').textContent()).toBe('After 30 days: 1 completed · 0 still inside');
    await screenshot(editor, 'approvals-what-if');

    await dialog.getByRole('button', { name: 'Request approval' }).click();
    const asked = editor.getByRole('dialog', { name: 'Approval requested' });
    await expect.poll(() => asked.count(), { timeout: 10_000 }).toBe(1);
    await screenshot(editor, 'approvals-requested');
    await asked.getByRole('button', { name: 'Close' }).click();

    // A marketer cannot publish around it.
    const direct = await call(marketer, 'POST', `/api/journeys/${journeyId}/publish`, { inFlight: 'move' });
    expect(direct.status).toBe(403);
    expect(direct.body.error.code).toBe('approval_required');

    // The journey list says who asked.
    const list = await pageAs(marketer, '#/');
    const chip = list.getByTestId('approval-chip');
    await expect.poll(() => chip.textContent(), { timeout: 10_000 }).toBe('Approval requested by Maya Marketer');
    await screenshot(list, 'approvals-journey-list');

    // The reviewer reads the same review and approves.
    const review = await pageAs(reviewer, `#/review/${journeyId}`);
    const pending = review.getByTestId('pending-request');
    await expect.poll(() => pending.textContent(), { timeout: 15_000 }).toContain('Approval requested by Maya Marketer');
    await expect.poll(() => pending.getByTestId('request-landings').textContent(), { timeout: 10_000 }).toBe('1 at v1 · Wait 3 days → the same step in version 2');
    expect(await pending.textContent()).toContain('Changed wait wfor 3 days → 1 day');
    await screenshot(review, 'approvals-review');
    await pending.getByRole('button', { name: 'Approve and publish version 2' }).click();
    await expect.poll(() => review.getByText('Published version 2.').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => review.getByTestId('request-history').first().textContent(), { timeout: 10_000 }).toMatch(/^Approved by Rui Reviewer: published version 2\. Maya Marketer asked /);
    await screenshot(review, 'approvals-approved');

    const stored = (await call(marketer, 'GET', `/api/journeys/${journeyId}`)).body;
    expect(stored.publishedVersion).toBe(2);
    const lead = (await call(marketer, 'GET', '/api/leads/ada')).body;
    expect(lead.journeys.filter((j: { journeyId: string }) => j.journeyId === journeyId)).toEqual([
      expect.objectContaining({ journeyId, version: 2, nodeId: 'w', status: 'active' }),
    ]);
    const requests = (await call(marketer, 'GET', `/api/journeys/${journeyId}/publish-requests`)).body.requests;
    expect(requests).toEqual([expect.objectContaining({ status: 'approved', requestedBy: 'Maya Marketer', decidedBy: 'Rui Reviewer', inFlight: 'move', version: 2 })]);
  }, 180_000);
});
