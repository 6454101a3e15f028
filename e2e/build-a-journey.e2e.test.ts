import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor, dragConnection, screenshot, sourceHandle, storeToken, targetHandle } from './editor-page.js';
import { startServer, type RunningServer } from './server.js';

/**
 * One marketer building a journey from nothing, the way it is done by hand: sign in, start from
 * scratch, drag every step from the palette, draw every path between handles, fix the problem
 * the editor points at, set the branch's case, save, publish, and simulate test leads. A
 * screenshot of each stage lands in e2e/artifacts/build-a-journey-<n>-<stage>.png.
 */

interface SimulatedLead {
  id: string;
  outcome: string | null;
  path: Array<{ nodeId: string; handle?: string }>;
}

describe.skipIf(!canDriveEditor())('a marketer builds a journey from scratch', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let stage = 0;
  const snap = (name: string) => screenshot(page, `build-a-journey-${++stage}-${name}`);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    // The email the marketer's send steps pick: templates are written outside the editor.
    await api('/api/templates', {
      method: 'POST',
      body: JSON.stringify({ id: 'webinar-thanks', channel: 'email', name: 'Thanks for joining', subject: 'Thanks', body: 'Thanks for joining us.' }),
    });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  const reachedOn = (nodeId: string) => page.locator(`[data-testid="node-${nodeId}"] .journey-node__reached`);
  const problemsList = () => page.locator('.problems-list .problem');

  it('drags, connects, fixes, configures, saves, publishes and simulates a journey', { timeout: 120_000 }, async () => {
    // 1. Sign in with an API token: the journeys page opens.
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel('API token').fill(server.token);
    await snap('sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Start a journey' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('trellis.token'))).toBe(server.token);

    // 2. A new journey from scratch: a trigger and nothing else.
    await page.getByRole('button', { name: /From scratch/ }).click();
    await page.locator('[data-testid="node-trigger"]').waitFor();
    expect(page.url()).toMatch(/#\/new$/);
    expect(await page.locator('.react-flow__node').count()).toBe(1);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
    expect(await page.getByLabel('Journey name').inputValue()).toBe('Untitled journey');
    await page.getByLabel('Journey name').fill('Score the webinar leads');
    await snap('from-scratch');

    // 3. Every step dragged from the palette onto the canvas, left to right after the trigger.
    // Zoomed out and the trigger moved to the left edge first, so the journey fits the canvas.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await page.waitForTimeout(400);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    const before = (await page.locator('.react-flow__node[data-id="trigger"]').boundingBox())!;
    await page.mouse.move(before.x + before.width / 2, before.y + 10);
    await page.mouse.down();
    await page.mouse.move(pane.x + 30 + before.width / 2, before.y + 10, { steps: 10 });
    await page.mouse.up();
    const trigger = (await page.locator('.react-flow__node[data-id="trigger"]').boundingBox())!;
    expect(trigger.x - pane.x).toBeLessThan(80);
    const column = trigger.width + 30;
    const drops: Array<[string, number, number]> = [
      ['Send', 1, 0],
      ['Wait', 2, 0],
      ['Branch', 3, 0],
      ['Exit', 4, -1.4],
      ['Exit', 4, 1.4],
    ];
    for (const [type, across, down] of drops) {
      const x = trigger.x + trigger.width / 2 + across * column - pane.x;
      const y = trigger.y + trigger.height / 2 + down * trigger.height - pane.y;
      await page.getByTitle(`Add ${type}`, { exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
    }
    const ids = ['trigger', 'send-1', 'wait-1', 'branch-1', 'exit-1', 'exit-2'];
    for (const id of ids) await page.locator(`[data-testid="node-${id}"]`).waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(6);
    // Nothing is connected yet: every step but the trigger is unreachable, which is an error.
    await expect.poll(() => page.locator('[data-testid="node-exit-2"].has-error').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    await snap('dragged-from-palette');

    // 4. Each path drawn by dragging from a source handle to the next step's target handle,
    // except the branch's "hot" path, left for the problems list to point out.
    await dragConnection(page, sourceHandle(page, 'trigger'), targetHandle(page, 'send-1'));
    await dragConnection(page, sourceHandle(page, 'send-1'), targetHandle(page, 'wait-1'));
    await dragConnection(page, sourceHandle(page, 'wait-1'), targetHandle(page, 'branch-1'));
    await dragConnection(page, sourceHandle(page, 'branch-1', 'else'), targetHandle(page, 'exit-2'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    expect(await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('aria-label')).sort())).toEqual([
      // Named by the steps' labels, as people see them.
      'Path from Form submitted to Send email',
      'Path from Is it hot? (else) to Converted',
      'Path from Send email to Wait',
      'Path from Wait to Is it hot?',
    ]);
    await snap('connected');

    // 5. The problems list names what is left: the send has no template yet, exit-1 cannot be
    // reached, and the branch's "hot" path goes nowhere. Clicking a problem selects its step and
    // brings it into focus.
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect.poll(() => problemsList().allTextContents()).toEqual([
      expect.stringMatching(/^Errorsend-1.*template is not chosen.*schema$/),
      expect.stringMatching(/^Errorexit-1.*unreachable$/),
      expect.stringMatching(/^Warningbranch-1.*"hot" path is not connected.*missing_handle$/),
    ]);
    expect(await page.locator('[data-testid="node-problems-branch-1"]').textContent()).toBe('⚠ 1');
    // The send picks its email from the stored ones, reached through its problem.
    await problemsList().filter({ hasText: 'send-1' }).click();
    await expect.poll(() => page.locator('.inspector__title').textContent()).toContain('Send');
    await page.getByLabel('Template', { exact: true }).selectOption('webinar-thanks');
    await expect.poll(() => page.locator('[data-testid="node-send-1"] .journey-node__summary').textContent()).toBe('Email · webinar-thanks');
    await expect.poll(() => problemsList().count()).toBe(2);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await problemsList().filter({ hasText: 'branch-1' }).click();
    await expect.poll(() => page.locator('.react-flow__node[data-id="branch-1"]').evaluate((n) => n.classList.contains('selected'))).toBe(true);
    expect(await page.locator('.react-flow__node[data-id="branch-1"]').evaluate((n) => n === document.activeElement)).toBe(true);
    await expect.poll(() => page.locator('.inspector__title').textContent()).toContain('Branch');
    await page.waitForTimeout(400); // the focus animates for 300 ms
    await snap('problem-focused');

    // 6. The branch's case, set through the inspector's condition builder: a new case replaces
    // the default one, then becomes `score ≥ 50 → hot`.
    await page.getByRole('button', { name: '+ case' }).click();
    expect(await page.getByLabel('Case 2 handle').inputValue()).toBe('case1');
    await page.getByRole('button', { name: 'Remove case' }).first().click();
    await expect.poll(() => page.getByLabel('Case 1 handle').inputValue()).toBe('case1');
    expect(await page.getByLabel('Value', { exact: true }).inputValue()).toBe('20');
    await page.getByLabel('Case 1 handle').fill('hot');
    await page.getByLabel('Condition kind').selectOption('attr');
    await page.getByLabel('Lead field', { exact: true }).fill('score');
    await page.getByLabel('Operator', { exact: true }).selectOption('gte');
    await page.getByLabel('Value', { exact: true }).fill('50');
    await expect.poll(() => page.locator('[data-testid="node-branch-1"] .journey-node__summary').textContent()).toBe('Score ≥ 50 → hot');
    await snap('branch-configured');

    // The "else" exit says what it means.
    await page.locator('[data-testid="node-exit-2"]').click();
    await page.getByLabel('Label', { exact: true }).fill('Keep nurturing');
    await page.getByLabel('Leads leave as').selectOption('completed');
    await expect.poll(() => page.locator('[data-testid="node-exit-2"] .journey-node__summary').textContent()).toBe('Outcome: completed');

    // 7. The fix: the "hot" path drawn to the first exit. No problems are left.
    await dragConnection(page, sourceHandle(page, 'branch-1', 'hot'), targetHandle(page, 'exit-1'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    await expect.poll(() => page.locator('.problems-empty').textContent()).toBe('✓ No problems. This journey is ready to publish.');
    expect(await page.locator('.journey-node.has-error, .journey-node.has-warning').count()).toBe(0);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.waitForTimeout(500); // the fit animates for 300 ms
    await snap('fixed');

    // 8. Saved as a draft: the URL becomes the journey's, and the server holds what was drawn.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/journeys\/[^/]+$/);
    await expect.poll(() => page.locator('.topbar__saved').textContent()).toBe('All changes saved');
    const journeyId = decodeURIComponent(page.url().split('#/journeys/')[1]!);
    const stored = await api<{ status: string; publishedVersion: number | null; journey: StoredJourney }>(`/api/journeys/${encodeURIComponent(journeyId)}`);
    expect(stored.status).toBe('draft');
    expect(stored.publishedVersion).toBe(null);
    expect(stored.journey.name).toBe('Score the webinar leads');
    expect(stored.journey.nodes.map((n) => `${n.id}:${n.type}`)).toEqual([
      'trigger:trigger',
      'send-1:send',
      'wait-1:wait',
      'branch-1:branch',
      'exit-1:exit',
      'exit-2:exit',
    ]);
    expect(stored.journey.nodes.find((n) => n.id === 'branch-1')!.data).toEqual({
      label: 'Is it hot?',
      cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }],
    });
    expect(stored.journey.edges.map((e) => `${e.source}.${e.sourceHandle ?? 'out'}->${e.target}`).sort()).toEqual([
      'branch-1.else->exit-2',
      'branch-1.hot->exit-1',
      'send-1.out->wait-1',
      'trigger.out->send-1',
      'wait-1.out->branch-1',
    ]);
    await snap('saved');

    // 9. Published: version 1, and the journey is live.
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    // Publishing opens the publish review; a first version has no leads in flight to place.
    await page.getByRole('dialog', { name: 'Publish version 1' }).getByRole('button', { name: 'Publish version 1' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Published version 1.');
    await expect.poll(() => page.locator('.topbar .status-pill').textContent()).toBe('active');
    const published = await api<{ status: string; publishedVersion: number | null }>(`/api/journeys/${encodeURIComponent(journeyId)}`);
    expect(published.publishedVersion).toBe(1);
    await snap('published');

    // 10. Simulated from the Simulate panel: each node shows how many test leads reached it, the
    // same numbers the server answers for the very request the panel sent.
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.locator('.simulate__setup input[type="number"]').first().fill('300');
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/simulate') && request.method() === 'POST');
    await page.getByRole('button', { name: 'Simulate 300 leads' }).click();
    const request = (await sent).postDataJSON() as { journey: StoredJourney; leads: unknown[] };
    expect(request.leads).toHaveLength(300);
    expect(request.journey.edges).toHaveLength(5);
    await expect.poll(() => reachedOn('trigger').textContent(), { timeout: 30_000 }).toBe('300');

    const answer = await api<{ leads: SimulatedLead[] }>('/api/simulate', { method: 'POST', body: JSON.stringify(request) });
    const expected = reachedPerNode(answer.leads);
    const shown: Record<string, number> = {};
    for (const id of ids) {
      const text = await reachedOn(id).textContent();
      shown[id] = Number(text!.replace(/[^0-9]/g, ''));
    }
    expect(shown).toEqual(expected);
    // Every lead went through the whole journey in 30 days (one day's wait), and the branch
    // split them between its two exits with none lost.
    expect(shown.trigger).toBe(300);
    expect(shown['branch-1']).toBe(300);
    expect(shown['exit-1']! + shown['exit-2']!).toBe(shown['branch-1']);
    expect(shown['exit-1']).toBeGreaterThan(0);
    expect(shown['exit-2']).toBeGreaterThan(0);
    // The hot exit took every lead given a score of 50 or more. The panel's request carries the
    // saved scoring model (the examples'), which adds a test lead's fit points to the score it was
    // given, so a few given less may reach 50 too; the outcomes table agrees with the exits.
    const scores = new Map((request.leads as Array<{ id: string; score?: number }>).map((l) => [l.id, l.score ?? 0]));
    const givenHot = [...scores.values()].filter((s) => s >= 50).length;
    const hot = shown['exit-1']!;
    expect(hot).toBeGreaterThanOrEqual(givenHot);
    const outcomeRow = (outcome: string) => page.locator('.simulate tr', { has: page.getByRole('button', { name: outcome, exact: true }) });
    expect((await outcomeRow('converted').locator('td').allTextContents())[1]).toBe(String(hot));
    expect((await outcomeRow('completed').locator('td').allTextContents())[1]).toBe(String(300 - hot));
    await snap('simulated');
    expect(errors).toEqual([]);
  });

  it('refuses to publish a send with no template, or one that is not stored, and Problems says why', { timeout: 60_000 }, async () => {
    await storeToken(page, server);
    await page.goto(`${server.url}/#/new`);
    await page.locator('[data-testid="node-trigger"]').waitFor();
    await page.getByLabel('Journey name').fill('Templates first');
    await page.getByTitle('Add Send', { exact: true }).click();
    await page.locator('[data-testid="node-send-1"]').waitFor();
    await dragConnection(page, sourceHandle(page, 'trigger'), targetHandle(page, 'send-1'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    // A step added by a click lands where the trigger is; laid out, both show.
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await page.waitForTimeout(500);

    // A new send step names no template (it used to name a made-up "welcome-1", a template no library had): an error.
    await page.getByRole('tab', { name: /Problems/ }).click();
    const noTemplate = 'Send "Send email": template is not chosen; pick a stored template of this channel, or create one';
    await expect.poll(() => problemsList().allTextContents()).toEqual([
      `Errorsend-1${noTemplate}schema`,
      expect.stringMatching(/^Warningsend-1.*outgoing path is not connected.*missing_handle$/),
    ]);
    expect(await page.locator('[data-testid="node-send-1"] .journey-node__summary').textContent()).toBe('Email · no template');
    const publish = page.getByRole('button', { name: 'Publish', exact: true });
    expect([await publish.isDisabled(), await publish.getAttribute('title')]).toEqual([true, '1 error(s) block publishing']);
    await page.locator('[data-testid="node-send-1"]').click();
    expect(await page.getByLabel('Template', { exact: true }).inputValue()).toBe('');
    await snap('send-without-template');

    // The server refuses it as well, with the same problem on the same field.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/journeys\/[^/]+$/);
    const journeyId = decodeURIComponent(page.url().split('#/journeys/')[1]!);
    const path = `/api/journeys/${encodeURIComponent(journeyId)}`;
    const refused = await fetch(`${server.url}${path}/publish`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` } });
    const { error } = (await refused.json()) as { error: { code: string; problems: Array<{ severity: string; code: string }> } };
    expect([refused.status, error.code, error.problems.filter((p) => p.severity === 'error')]).toEqual([
      422,
      'invalid_journey',
      [{ severity: 'error', code: 'schema', message: noTemplate, nodeId: 'send-1', path: ['nodes', 1, 'data', 'template'] }],
    ]);

    // A draft naming a template that is not stored (as the old default did) says so, on the node.
    const stored = await api<{ journey: { nodes: Array<{ id: string; data: Record<string, unknown> }> } }>(path);
    const named = stored.journey.nodes.map((n) => (n.id === 'send-1' ? { ...n, data: { ...n.data, template: 'welcome-9' } } : n));
    await api(path, { method: 'PUT', body: JSON.stringify({ ...stored.journey, nodes: named }) });
    await page.reload();
    await page.locator('[data-testid="node-send-1"]').waitFor();
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect.poll(() => problemsList().first().textContent()).toBe(
      'Errorsend-1Send "Send email" names template "welcome-9", which does not exist; pick a stored email template or create itunknown_template',
    );
    await expect.poll(() => page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    await page.locator('[data-testid="node-send-1"]').click();
    expect(await page.getByLabel('Template', { exact: true }).locator('option:checked').textContent()).toBe('welcome-9 (not a stored Email template)');
    await snap('send-unknown-template');

    // Picking a stored one clears it, and the journey publishes.
    await page.getByLabel('Template', { exact: true }).selectOption('webinar-thanks');
    await expect.poll(() => problemsList().allTextContents()).toEqual([expect.stringMatching(/^Warningsend-1.*missing_handle$/)]);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    // Publishing opens the publish review; a first version has no leads in flight to place.
    await page.getByRole('dialog', { name: 'Publish version 1' }).getByRole('button', { name: 'Publish version 1' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Published version 1.');
    expect(errors).toEqual([]);
  });

  interface StoredJourney {
    name: string;
    nodes: Array<{ id: string; type: string; data: unknown }>;
    edges: Array<{ source: string; sourceHandle?: string; target: string }>;
  }

  async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
});

/** Leads per node, each lead counted once per node it entered. */
function reachedPerNode(leads: SimulatedLead[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const lead of leads) for (const nodeId of new Set(lead.path.map((step) => step.nodeId))) counts[nodeId] = (counts[nodeId] ?? 0) + 1;
  return counts;
}
