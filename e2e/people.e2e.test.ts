import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor } from './editor-page.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * The other people in the room, each in Chromium against the started server: a reviewer
 * comments and exports, an operator watches counts move and opens a lead, a salesperson
 * accepts a handoff and the lead converts. Each role is refused (403) what it may not do.
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');


/** Demo request → welcome email → a call task → sales handoff → an exit per answer. */
const journey = {
  schemaVersion: 1,
  name: 'Demo follow-up',
  settings: {},
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Demo requested', on: { event: 'demo_requested' } } },
    { id: 'hello', type: 'send', position: { x: 320, y: 0 }, data: { label: 'Say hello', channel: 'email', template: 'demo-welcome' } },
    { id: 'call', type: 'send', position: { x: 320, y: 200 }, data: { label: 'Call them', channel: 'call_task', template: 'demo-call' } },
    { id: 'sales', type: 'handoff', position: { x: 640, y: 0 }, data: { label: 'Hand to sales', queue: 'inside', assign: 'round_robin', sla: 'PT4H' } },
    { id: 'won', type: 'exit', position: { x: 960, y: -150 }, data: { label: 'Won', outcome: 'converted' } },
    { id: 'later', type: 'exit', position: { x: 960, y: 0 }, data: { label: 'Later', outcome: 'recycled' } },
    { id: 'lost', type: 'exit', position: { x: 960, y: 150 }, data: { label: 'Lost', outcome: 'disqualified' } },
    { id: 'late', type: 'exit', position: { x: 960, y: 300 }, data: { label: 'Too late', outcome: 'sla_missed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'call' },
    { id: 'e2b', source: 'call', target: 'sales' },
    { id: 'e3', source: 'sales', target: 'won', sourceHandle: 'accepted' },
    { id: 'e4', source: 'sales', target: 'later', sourceHandle: 'recycled' },
    { id: 'e5', source: 'sales', target: 'lost', sourceHandle: 'disqualified' },
    { id: 'e6', source: 'sales', target: 'late', sourceHandle: 'sla_expired' },
  ],
};

describe.skipIf(!canDriveEditor())('reviewers, operators and sales in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  let journeyId = '';

  const call = async (role: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${role === 'admin' ? server.token : tokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** Each page's refused requests (403): a page should not ask what its role may not. */
  const refusals = new Map<Page, string[]>();

  /**
   * Print / PDF opens the print view, which calls window.print() once loaded. Headless Chromium
   * never finishes that print (no afterprint; Page.printToPDF then fails with "Page is already
   * being printed", at once or after any wait), so the page's context takes over window.print:
   * the view's request is recorded, waited for, and the test prints the PDF itself.
   */
  async function openPrintView(page: Page): Promise<Page> {
    await page.context().addInitScript(() => {
      window.print = () => {
        document.documentElement.dataset.printRequested = 'yes';
      };
    });
    const [print] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Print / PDF' }).click()]);
    await print.waitForLoadState();
    await print.waitForFunction(() => document.documentElement.dataset.printRequested === 'yes');
    return print;
  }

  async function pageAs(role: string, hash: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (error) => {
      throw error;
    });
    const refused: string[] = [];
    refusals.set(page, refused);
    page.on('response', (response) => {
      if (response.status() === 403) refused.push(`${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    await page.addInitScript(([token]) => localStorage.setItem('trellis.token', token!), [tokens[role]!]);
    await page.goto(`${server.url}/${hash}`);
    return page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    tokens.admin = server.token;
    for (const role of ['marketer', 'reviewer', 'operator', 'sales', 'ingest']) {
      const issued = await call('admin', 'POST', '/api/tokens', { name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`, role });
      tokens[role] = issued.body.token;
    }
    const template = await call('marketer', 'POST', '/api/templates', {
      id: 'demo-welcome',
      channel: 'email',
      name: 'Demo welcome',
      subject: 'Your demo, {{ lead.email }}',
      body: 'Hello! A rep will call you about your demo.',
    });
    expect(template.status).toBe(201);
    const callTemplate = await call('marketer', 'POST', '/api/templates', {
      id: 'demo-call',
      channel: 'call_task',
      name: 'Call about the demo',
      subject: 'Call {{ lead.email }} about the demo',
      body: 'Ask which day suits them.',
    });
    expect(callTemplate.status).toBe(201);
        journeyId = (await call('marketer', 'POST', '/api/journeys', journey)).body.id;
    expect((await call('marketer', 'POST', `/api/journeys/${journeyId}/publish`)).status).toBe(200);
    await call('operator', 'PUT', '/api/queues/inside', { members: ['Sales Person'] });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it('a reviewer reads a step as text, comments on it (a badge counts it), and exports PNG, SVG and JSON', async () => {
    const page = await pageAs('reviewer', `#/review/${journeyId}?version=1`);
    await page.getByTestId('node-hello').click();
    await expect.poll(() => page.locator('.readout__summary').textContent()).toBe('Email · demo-welcome');
    await page.getByLabel('Comment on this step').fill('Could the welcome mention the demo date?');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect.poll(() => page.getByTestId('comment-badge-hello').textContent()).toBe('1 comment');
    await page.getByRole('button', { name: 'Reply' }).click();
    await page.getByRole('textbox', { name: 'Reply' }).fill('And the rep’s name.');
    await page.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => page.getByTestId('comment-thread').textContent()).toContain('And the rep’s name.');
    // Nothing to drag or edit: the canvas is read-only and the editor's buttons are absent.
    expect(await page.getByRole('button', { name: /^Publish/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Sales desk' }).count()).toBe(0);

    for (const [button, extension] of [['PNG', 'png'], ['SVG', 'svg'], ['JSON', 'json']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
      expect(download.suggestedFilename()).toBe(`demo-follow-up-v1.${extension}`);
      await download.saveAs(join(ARTIFACTS, `review-export.${extension}`));
    }
    // Print / PDF opens the drawing alone in a page of its own, for the browser to print or save as PDF.
    const print = await openPrintView(page);
    expect(await print.locator('.sheet').first().locator('g.node').count()).toBe(8);
    await print.close();
    // The share link names the version under review.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Share link' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/#/review/${journeyId}?version=1`);
    await page.screenshot({ path: join(ARTIFACTS, 'review.png') });
    const threads = (await call('reviewer', 'GET', `/api/journeys/${journeyId}/comments`)).body.threads;
    expect(threads).toMatchObject([{ nodeId: 'hello', author: 'Reviewer Person', version: 1, replies: [{ author: 'Reviewer Person' }] }]);
    // Resolved, the thread still marks its step, as a quieter badge.
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByTestId('resolved-badge-hello').textContent()).toBe('✓ 1');
    expect(await page.getByTestId('comment-badge-hello').count()).toBe(0);
    await page.getByTestId('node-hello').screenshot({ path: join(ARTIFACTS, 'review-resolved-badge.png') });
    await page.close();
  });

  it('an operator watches the count at a step change as events arrive, and opens a lead there', async () => {
    const page = await pageAs('operator', `#/operate/${journeyId}`);
    await expect.poll(() => page.getByTestId('live-count-sales').textContent(), { timeout: 10_000 }).toBe('0 now · 0 in');
    // Read-only, the paths are not Tab stops: the keyboard goes from step to step.
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
    expect(await page.locator('.react-flow__edge[tabindex]').count()).toBe(0);
    const leads = ['ada', 'bo'];
    await call('ingest', 'PUT', '/api/leads/ada', { email: 'ada@example.com', score: 40 });
    await call('ingest', 'PUT', '/api/leads/bo', { email: 'bo@example.com', score: 10 });
    await call('ingest', 'POST', '/api/events', { events: leads.map((leadId) => ({ id: `${leadId}-demo`, leadId, type: 'demo_requested' })) });
    await expect.poll(() => page.getByTestId('live-count-sales').textContent(), { timeout: 15_000 }).toBe('2 now · 2 in');
    // Operators are not commenters: no comment box; they may pause.
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    await page.getByTestId('node-sales').click();
    await page.getByRole('button', { name: 'ada', exact: true }).click();
    // Named as people know them: the template's name, the step's label.
    await expect.poll(() => page.getByTestId('lead-timeline').textContent(), { timeout: 10_000 }).toContain('Email Demo welcome · sent');
    expect(await page.getByTestId('lead-timeline').textContent()).toContain('Reached step Hand to sales');
    await page.screenshot({ path: join(ARTIFACTS, 'operate.png') });
    // Sends per channel and status, and the outbox of emails as they were rendered.
    await expect.poll(() => page.getByTestId('sends-email').textContent(), { timeout: 10_000 }).toMatch(/^Email: 2 sent \(2 delivered\)/);
    await page.getByRole('tab', { name: 'Outbox' }).click();
    await page.getByRole('button', { name: 'Your demo, ada@example.com' }).click();
    await expect.poll(() => page.locator('.outbox__text, .outbox__preview').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'operate-outbox.png') });

    // Pause and resume.
    // One chip says the journey's state and the counts' connection.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('live-status').textContent()).toBe('Paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('live-status').textContent()).toMatch(/^Active · /);

    // Take bo out of the journey: the count at the handoff drops.
    await page.getByRole('tab', { name: 'Step and leads' }).click();
    await page.getByRole('button', { name: '← Back to the leads' }).click();
    await page.getByRole('button', { name: 'bo', exact: true }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove from journey' }).click();
    await expect.poll(() => page.getByTestId('live-count-sales').textContent(), { timeout: 10_000 }).toBe('1 now · 2 in');
    await expect.poll(() => page.getByTestId('outcome-removed').textContent()).toBe('removed 1');
    await page.close();
  });

  it('a salesperson sees the handoff with its SLA, accepts it, and the lead converts', async () => {
    const page = await pageAs('sales', '#/sales');
    await page.getByTestId('handoff-ada').click();
    await expect.poll(() => page.locator('.handoff-card .sla').textContent()).toMatch(/^3 h 5\d min left$/);
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByLabel("Note (on the lead's timeline)").fill('Booked a demo for Tuesday');
    await page.screenshot({ path: join(ARTIFACTS, 'sales-desk.png') });
    await page.getByRole('button', { name: 'Accept the lead' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('✓ Accepted ada@example.com');
    // The server's bundled example journeys catch leads too: look at this journey's run.
    const run = async () => (await call('sales', 'GET', '/api/leads/ada')).body.journeys.find((j: { journeyId: string }) => j.journeyId === journeyId);
    await expect.poll(run, { timeout: 10_000 }).toMatchObject({
      status: 'done',
      outcome: 'converted',
    });
    await expect.poll(() => page.getByTestId('handoff-ada').count()).toBe(0);

    // The call task the journey gave sales, on its own tab: worked and marked done.
    await page.getByRole('tab', { name: /^Tasks/ }).click();
    const task = page.getByTestId('task-ada');
    expect(await task.textContent()).toContain('☎ Call ada@example.com about the demo');
    await task.click();
    await page.getByLabel('Result').fill('Left a voicemail');
    await page.getByRole('button', { name: 'Mark done' }).click();
    await expect.poll(() => page.getByTestId('task-ada').count()).toBe(0);
    expect(await page.getByRole('status').textContent()).toBe('✓ Done: Call ada@example.com about the demo — Left a voicemail');
    const done = (await call('sales', 'GET', '/api/tasks?status=done')).body.tasks;
    expect(done).toMatchObject([{ leadId: 'ada', kind: 'call', status: 'done', result: 'Left a voicemail' }]);
    await page.close();
  });

  it('a salesperson recycles a lead with a date to bring it back, and sees it coming back', async () => {
    const recycleJourney = {
      schemaVersion: 1,
      name: 'Recycle and return',
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: { event: 'pricing_requested' } } },
        { id: 'sales', type: 'handoff', position: { x: 320, y: 0 }, data: { queue: 'inside', assign: 'round_robin', sla: 'PT4H' } },
        { id: 'nurture', type: 'wait', position: { x: 320, y: 200 }, data: { label: 'Nurture a week', for: 'P7D' } },
        { id: 'won', type: 'exit', position: { x: 640, y: 0 }, data: { outcome: 'converted' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'sales' },
        { id: 'e2', source: 'sales', target: 'won', sourceHandle: 'accepted' },
        { id: 'e3', source: 'sales', target: 'nurture', sourceHandle: 'recycled' },
        { id: 'e4', source: 'nurture', target: 'sales' },
      ],
    };
    const id = (await call('marketer', 'POST', '/api/journeys', recycleJourney)).body.id;
    expect((await call('marketer', 'POST', `/api/journeys/${id}/publish`)).status).toBe(200);
    expect((await call('ingest', 'POST', '/api/events', { events: [{ id: 'cy-pricing', leadId: 'cy', type: 'pricing_requested' }] })).status).toBe(202);

    const page = await pageAs('sales', '#/sales');
    await page.getByTestId('handoff-cy').click();
    // After the answer the desk moves on to the handoff after cy's (the bundled journeys hand off leads too).
    const queue = await page.locator('[data-testid^="handoff-"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    const cyAt = queue.indexOf('handoff-cy');
    const next = queue[cyAt + 1] ?? queue[cyAt - 1] ?? null;
    await page.getByRole('button', { name: 'Recycle', exact: true }).click();
    await page.getByLabel("Note (on the lead's timeline)").fill('Budget frees up next quarter');
    await page.getByRole('button', { name: 'In 3 months' }).click();
    const day = await page.getByLabel('Bring the lead back on').inputValue();
    expect(await page.getByTestId('return-explained').textContent()).toMatch(/no earlier than .* 09:00 · in 3 months\.$/);
    // The journey and its step by name: the handoff has no label, so it is called what the canvas calls it.
    await expect.poll(() => page.getByRole('list', { name: 'Journeys' }).textContent()).toContain('In Recycle and return at Sales handoff (since ');
    await page.screenshot({ path: join(ARTIFACTS, 'sales-recycle.png') });
    await page.getByRole('button', { name: 'Recycle the lead' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^✓ Recycled cy — back on [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    if (next) await expect.poll(() => page.locator('.queue__item.is-selected').getAttribute('data-testid')).toBe(next);

    await page.getByRole('tab', { name: /^Coming back/ }).click();
    await expect.poll(() => page.getByTestId('returning-cy').count()).toBe(1);
    expect(await page.getByTestId('returning-cy').textContent()).toContain('Recycled by Sales Person: Budget frees up next quarter');
    const returning = (await call('sales', 'GET', '/api/handoffs/returning')).body.handoffs;
    expect(returning).toMatchObject([{ leadId: 'cy', journeyId: id, status: 'recycled', answeredBy: 'Sales Person' }]);
    // The date the browser showed, at 09:00 in the browser's zone (the machine's, as Node's).
    const [y, m, d] = day.split('-').map(Number);
    expect(returning[0].returnAt).toBe(new Date(y!, m! - 1, d!, 9).toISOString());
    await page.screenshot({ path: join(ARTIFACTS, 'sales-coming-back.png') });
    await page.close();
  });

  it('a reviewer compares two versions side by side and sees what changed', async () => {
    const v2 = structuredClone(journey);
    v2.nodes[1]!.data = { ...v2.nodes[1]!.data, sender: 'owner' } as never;
    v2.nodes.push({ id: 'pause', type: 'wait', position: { x: 320, y: 360 }, data: { label: 'A day', for: 'P1D' } } as never);
    v2.edges = v2.edges.map((e) => (e.id === 'e2b' ? { ...e, target: 'pause' } : e));
    v2.edges.push({ id: 'e7', source: 'pause', target: 'sales' });
    expect((await call('marketer', 'PUT', `/api/journeys/${journeyId}`, v2)).status).toBe(200);
    expect((await call('marketer', 'POST', `/api/journeys/${journeyId}/publish`)).body).toEqual({ version: 2 });
    const page = await pageAs('reviewer', `#/review/${journeyId}/compare?from=1&to=2`);
    await expect.poll(() => page.locator('[data-testid="change-item"] .change-list__text').allTextContents()).toEqual([
      'Changed send Say hello (hello)',
      'Added wait A day (pause)',
      'Removed path Call them → Hand to sales',
      'Added path Call them → A day',
      'Added path A day → Hand to sales',
    ]);
    expect(await page.getByTestId('change-item').first().locator('.change-list__fields').textContent()).toBe('sender set to owner');
    // Marked on the two live canvases: each step and path by what happened to it on that side.
    const before = page.getByTestId('compare-before');
    const after = page.getByTestId('compare-after');
    expect(await after.getByTestId('mark-after-pause').textContent()).toBe('added');
    expect(await after.getByTestId('mark-after-hello').textContent()).toBe('changed');
    expect(await before.getByTestId('mark-before-hello').textContent()).toBe('changed');
    expect(await after.getByTestId('node-hello').textContent()).toContain('sender: set to owner');
    expect(await before.getByTestId('node-pause').count()).toBe(0);
    expect(await after.getByTestId('mark-after-start').count()).toBe(0);
    await expect.poll(() => after.locator('.react-flow__edge.compare-edge--added').count()).toBe(2);
    expect(await before.locator('.react-flow__edge.compare-edge--removed').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'review-compare.png') });

    // Picking a change selects its step and brings it to the middle of both views, which move together.
    // Both views read in one go, so a glide between two reads cannot tell them apart.
    const transforms = () =>
      page.evaluate(() =>
        ['compare-before', 'compare-after'].map((id) => document.querySelector(`[data-testid="${id}"] .react-flow__viewport`)!.getAttribute('style')),
      );
    const settled = async () => {
      const [first] = await transforms();
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      return first === (await transforms())[0];
    };
    const offCentre = async (side: typeof after, nodeId: string) => {
      const [view, node] = await Promise.all([side.locator('.react-flow').boundingBox(), side.getByTestId(`node-${nodeId}`).boundingBox()]);
      return Math.abs(node!.x + node!.width / 2 - (view!.x + view!.width / 2)) + Math.abs(node!.y + node!.height / 2 - (view!.y + view!.height / 2));
    };
    await page.getByRole('button', { name: /Added wait A day/ }).click();
    await expect.poll(() => after.getByTestId('node-pause').getAttribute('class')).toContain('is-selected');
    await expect.poll(settled).toBe(true);
    expect(await offCentre(after, 'pause')).toBeLessThan(10);
    const [left, right] = await transforms();
    expect(left).toBe(right);
    await page.getByRole('button', { name: /Changed send Say hello/ }).click();
    await expect.poll(() => before.getByTestId('node-hello').getAttribute('class')).toContain('is-selected');
    await expect.poll(settled).toBe(true);
    expect(await offCentre(before, 'hello')).toBeLessThan(10);
    await page.screenshot({ path: join(ARTIFACTS, 'review-compare-picked.png') });
    // Unlinked, zooming one view leaves the other where it was.
    await page.getByLabel('Link views').uncheck();
    const [, afterView] = await transforms();
    const pane = (await before.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await page.mouse.wheel(0, 300);
    await expect.poll(async () => (await transforms())[0]).not.toBe(afterView);
    expect((await transforms())[1]).toBe(afterView);

    // The same changes marked on the canvas of version 2.
    await page.goto(`${server.url}/#/review/${journeyId}?version=2`);
    await page.getByLabel('Changes since v1').check();
    await expect.poll(() => page.getByTestId('change-pause').textContent()).toBe('added');
    expect(await page.getByTestId('change-hello').textContent()).toBe('changed');
    expect(await page.getByTestId('change-start').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'review-changes.png') });
    await page.close();
  });

  it('signing out forgets the previous person: the next one, in the same tab, sees only their own role at once', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    const signIn = async (role: string) => {
      await page.getByLabel('API token').fill(tokens[role]!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Signed in once the login page has taken the role's start page (it checks the token first).
      await page.waitForFunction(() => !location.hash.startsWith('#/login'), undefined, { timeout: 10_000 });
    };
    await page.goto(`${server.url}/#/login`);
    await signIn('operator');
    await page.goto(`${server.url}/#/operate/${journeyId}`);
    await page.getByTestId('live-count-sales').waitFor({ timeout: 10_000 });
    await page.goto(`${server.url}/#/`);
    await page.getByRole('button', { name: 'Sign out' }).click({ timeout: 10_000 });
    await page.getByLabel('API token').waitFor();
    await signIn('sales');
    await expect.poll(() => page.locator('.people-me').textContent()).toBe('Sales Person · sales');
    // The operator's page, asked for by the salesperson: refused in the salesperson's name, not served from the operator's cache.
    await page.goto(`${server.url}/#/operate/${journeyId}`);
    await expect.poll(() => page.locator('main').textContent()).toContain('The sales role cannot use this page');
    expect(await page.locator('main').textContent()).not.toContain('operator');
    await page.screenshot({ path: join(ARTIFACTS, 'signed-in-again-as-sales.png') });
    await page.close();
  });

  it('an admin issues a token for a role, sees it listed without the secret, and revokes it', async () => {
    const page = await pageAs('admin', '#/');
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByLabel('Who or what holds it').fill('Maya (sales manager)');
    await page.getByLabel('Role').selectOption('reviewer');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const secret = (await page.getByTestId('issued-token').textContent())!;
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.json()))).toEqual({
      name: 'Maya (sales manager)',
      role: 'reviewer',
    });
    const row = page.getByRole('row', { name: /Maya \(sales manager\)/ });
    await expect.poll(() => row.textContent()).toContain('active');
    expect(await page.locator('table').textContent()).not.toContain(secret);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-tokens.png') });
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    await page.close();
  });

  it('exports a 102-step journey legibly: the PNG keeps every step at twice its drawn size', async () => {
    const LONG_LABEL = 'Send step number 1 with a friendly reminder about the demo they booked';
    const nodes: unknown[] = [
      { id: 'start', type: 'trigger', position: { x: 0, y: 630 }, data: { label: 'Signed up', on: { event: 'signed_up' } } },
      { id: 'ab', type: 'split', position: { x: 320, y: 630 }, data: { label: 'Ten tracks', variants: Array.from({ length: 10 }, (_, i) => ({ handle: `t${i}`, weight: 10 })) } },
    ];
    const edges: unknown[] = [{ id: 'e-start', source: 'start', target: 'ab' }];
    for (let row = 0; row < 10; row += 1) {
      let previous = 'ab';
      let handle: string | undefined = `t${row}`;
      for (let col = 0; col < 10; col += 1) {
        const id = `r${row}c${col}`;
        const data =
          col === 9
            ? { label: `Track ${row + 1} done`, outcome: 'completed' }
            : col % 2 === 0
              ? { label: row === 0 && col === 0 ? LONG_LABEL : `Track ${row + 1} email ${col / 2 + 1}`, channel: 'email', template: `track-${row + 1}-${col / 2 + 1}` }
              : { label: `Wait ${col} days`, for: `P${col}D` };
        nodes.push({ id, type: col === 9 ? 'exit' : col % 2 === 0 ? 'send' : 'wait', position: { x: 640 + col * 300, y: row * 140 }, data });
        edges.push({ id: `e-${id}`, source: previous, target: id, ...(handle ? { sourceHandle: handle } : {}) });
        previous = id;
        handle = undefined;
      }
    }
    const big = { schemaVersion: 1, name: 'Hundred steps', settings: {}, nodes, edges };
    const { id } = (await call('marketer', 'POST', '/api/journeys', big)).body;
    const page = await pageAs('reviewer', `#/review/${id}`);
    await page.getByTestId('node-r9c9').waitFor({ state: 'attached' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG', exact: true }).click()]);
    const file = join(ARTIFACTS, 'review-export-100.png');
    await download.saveAs(file);
    const png = readFileSync(file);
    // The drawing spans 640 + 9 × 300 + a 240 px step, and 40 px margins; at 2× every 12 px label is 24 px tall.
    expect(png.readUInt32BE(16)).toBe(2 * (640 + 9 * 300 + 240 + 80));
    expect(png.readUInt32BE(20)).toBeGreaterThan(2 * (9 * 140 + 80));
    // The SVG keeps a long label whole, wrapped onto lines in its step.
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG', exact: true }).click()]);
    const svgFile = join(ARTIFACTS, 'review-export-100.svg');
    await svgDownload.saveAs(svgFile);
    const step = /<g class="node" data-node="r0c0"[^]*?<\/g>/.exec(readFileSync(svgFile, 'utf8'))![0];
    const labelLines = [...step.matchAll(/class="label">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labelLines.length).toBeGreaterThan(1);
    expect(labelLines.join(' ')).toBe(LONG_LABEL);
    // Printed, it spreads over pages at the canvas's own size, after an overview: the smallest text stays above 8 pt.
    const print = await openPrintView(page);
    await print.emulateMedia({ media: 'print' });
    const sheets = await print.locator('.sheet').count();
    expect(sheets).toBeGreaterThan(4);
    expect(await print.locator('.sheet--overview g.node').count()).toBe(102);
    const smallest = await print.evaluate(() =>
      Math.min(
        ...Array.from(document.querySelectorAll<SVGSVGElement>('.sheet--part svg'), (svg) => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const sizes = Array.from(svg.querySelectorAll('text'), (t) => parseFloat(getComputedStyle(t).fontSize));
          return Math.min(...sizes) * scale * 0.75; // CSS px to points
        }),
      ),
    );
    expect(smallest).toBeGreaterThanOrEqual(8);
    const pdf = await print.pdf({ format: 'A4', landscape: true });
    writeFileSync(join(ARTIFACTS, 'review-export-100.pdf'), pdf);
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(sheets);
    await print.locator('.sheet[data-part="A1"]').screenshot({ path: join(ARTIFACTS, 'review-print-A1.png') });
    await print.close();
    await page.close();
  });

  it('a reviewer opening a version or a journey that does not exist is told so, with the ways back', async () => {
    const page = await pageAs('reviewer', `#/review/${journeyId}?version=9`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('“Demo follow-up” has no version 9.');
    await page.screenshot({ path: join(ARTIFACTS, 'review-no-such-version.png') });
    expect(await page.getByRole('group', { name: 'Export' }).count()).toBe(0);
    expect(await page.getByText(/Changes since/).count()).toBe(0);
    await page.getByRole('link', { name: 'Open the draft' }).click();
    await page.getByTestId('node-hello').waitFor();
    await page.goto(`${server.url}/#/review/no-such-journey`);
    await expect.poll(() => page.getByRole('heading', { name: 'No such journey' }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Export' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Back to the journeys' }).getAttribute('href')).toBe('#/');
    await page.close();
  });

  it('refuses each role what it may not do (403), and the pages do not offer it', async () => {
    expect((await call('reviewer', 'POST', `/api/journeys/${journeyId}/pause`)).status).toBe(403);
    expect((await call('reviewer', 'GET', '/api/handoffs?status=open')).status).toBe(403);
    expect((await call('operator', 'POST', `/api/journeys/${journeyId}/comments`, { body: 'x' })).status).toBe(403);
    expect((await call('sales', 'GET', `/api/journeys/${journeyId}`)).status).toBe(403);
    expect((await call('sales', 'GET', '/api/tokens')).status).toBe(403);
    expect((await call('marketer', 'POST', '/api/tokens', { name: 'x', role: 'admin' })).status).toBe(403);
    const page = await pageAs('sales', '#/');
    // Sales start at their desk; no journeys, no tokens offered, and nothing asked that is refused.
    await page.getByRole('tab', { name: /^Handoffs \d+$/ }).waitFor();
    expect(await page.getByRole('link', { name: 'Tokens' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Journeys' }).count()).toBe(0);
    await page.goto(`${server.url}/#/operate/${journeyId}`);
    await page.getByRole('alert').waitFor();
    await page.waitForLoadState('networkidle');
    expect(refusals.get(page)).toEqual([]);
    await page.close();
    const operatorAtDesk = await pageAs('operator', '#/sales');
    expect(await operatorAtDesk.getByRole('alert').textContent()).toBe('The operator role cannot use this page. Go to your start page.');
    await operatorAtDesk.waitForLoadState('networkidle');
    expect(refusals.get(operatorAtDesk)).toEqual([]);
    await operatorAtDesk.close();
    // Operators find each journey's live view and review from the list, and cannot start journeys.
    const operator = await pageAs('operator', '#/');
    await operator.getByRole('link', { name: 'Live view' }).first().waitFor();
    expect(await operator.getByRole('heading', { name: 'Start a journey' }).count()).toBe(0);
    await operator.screenshot({ path: join(ARTIFACTS, 'list-operator.png') });
    await operator.close();
    const reviewer = await pageAs('reviewer', `#/operate/${journeyId}`);
    expect(await reviewer.getByRole('alert').textContent()).toBe('The reviewer role cannot use this page. Go to your start page.');
    // A reviewer opening the editor's address gets the read-only review.
    await reviewer.goto(`${server.url}/#/journeys/${journeyId}`);
    await expect.poll(() => reviewer.locator('.topbar__title').textContent()).toBe('Review · Demo follow-up');
    await reviewer.getByTestId('node-hello').waitFor();
    expect(await reviewer.getByRole('button', { name: /^(Save|Publish)/ }).count()).toBe(0);
    await reviewer.close();
  });
});
