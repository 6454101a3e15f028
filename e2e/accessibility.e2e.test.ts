import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, canDriveEditor } from './editor-page.js';
import { startServer, type RunningServer } from './server.js';

/**
 * Every page, as each role that may open it, checked by axe-core in Chromium: no critical or
 * serious violation (contrast, names, required children), and each page has one h1 and a main
 * landmark. Each page is also photographed at 1280 and 1440 px wide (e2e/artifacts/a11y-*.png),
 * to be looked at.
 */

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** A journey that reaches every kind of step a reviewer reads, with a handoff for the sales desk. */
const journey = {
  schemaVersion: 1,
  name: 'Demo follow-up',
  settings: { timezone: 'America/New_York' },
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Demo requested', on: { event: 'demo_requested' } } },
    { id: 'hello', type: 'send', position: { x: 330, y: 0 }, data: { label: 'Say hello', channel: 'email', template: 'demo-welcome' } },
    { id: 'hot', type: 'branch', position: { x: 660, y: 0 }, data: { label: 'Is it hot?', cases: [{ handle: 'hot', when: { attr: 'score', op: 'gte', value: 50 } }] } },
    { id: 'sales', type: 'handoff', position: { x: 990, y: 0 }, data: { label: 'Hand to sales', queue: 'inside', assign: 'round_robin', sla: 'PT4H' } },
    { id: 'nurture', type: 'wait', position: { x: 990, y: 300 }, data: { label: 'Give it a week', for: 'P7D' } },
    { id: 'won', type: 'exit', position: { x: 1320, y: -150 }, data: { label: 'Won', outcome: 'converted' } },
    { id: 'later', type: 'exit', position: { x: 1320, y: 0 }, data: { label: 'Later', outcome: 'recycled' } },
    { id: 'lost', type: 'exit', position: { x: 1320, y: 150 }, data: { label: 'Lost', outcome: 'disqualified' } },
    { id: 'late', type: 'exit', position: { x: 1320, y: 300 }, data: { label: 'Too late', outcome: 'sla_expired' } },
    { id: 'done', type: 'exit', position: { x: 1320, y: 450 }, data: { label: 'Nurtured', outcome: 'completed' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'hello' },
    { id: 'e2', source: 'hello', target: 'hot' },
    { id: 'e3', source: 'hot', sourceHandle: 'hot', target: 'sales' },
    { id: 'e4', source: 'hot', sourceHandle: 'else', target: 'nurture' },
    { id: 'e5', source: 'sales', sourceHandle: 'accepted', target: 'won' },
    { id: 'e6', source: 'sales', sourceHandle: 'recycled', target: 'later' },
    { id: 'e7', source: 'sales', sourceHandle: 'disqualified', target: 'lost' },
    { id: 'e8', source: 'sales', sourceHandle: 'sla_expired', target: 'late' },
    { id: 'e9', source: 'nurture', target: 'done' },
  ],
};

interface Finding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

describe.skipIf(!canDriveEditor())('every page passes axe-core for every role', () => {
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

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    tokens.admin = server.token;
    for (const role of ['marketer', 'reviewer', 'operator', 'sales', 'ingest']) {
      tokens[role] = (await call('admin', 'POST', '/api/tokens', { name: `${role[0]!.toUpperCase()}${role.slice(1)} Person`, role })).body.token;
    }
    expect(
      (await call('marketer', 'POST', '/api/templates', { id: 'demo-welcome', channel: 'email', name: 'Demo welcome', subject: 'Your demo', body: 'Hello! A rep will call you.' }))
        .status,
    ).toBe(201);
    journeyId = (await call('marketer', 'POST', '/api/journeys', journey)).body.id;
    expect((await call('marketer', 'POST', `/api/journeys/${journeyId}/publish`)).status).toBe(200);
    // A second version, so the compare view has two to compare.
    const second = structuredClone(journey);
    second.nodes[4]!.data = { label: 'Give it two weeks', for: 'P14D' };
    expect((await call('marketer', 'PUT', `/api/journeys/${journeyId}`, second)).status).toBe(200);
    expect((await call('marketer', 'POST', `/api/journeys/${journeyId}/publish`, { inFlight: 'stay' })).status).toBe(200);
    await call('operator', 'PUT', '/api/queues/inside', { members: ['Sales Person'] });
    // Leads in the journey: one hot (a handoff for the sales desk), two resting at the wait.
    await call('ingest', 'PUT', '/api/leads/ada', { email: 'ada@example.com', phone: '+1 415 555 0100', score: 80, attributes: { company: { size: 200 } } });
    await call('ingest', 'PUT', '/api/leads/bo', { email: 'bo@example.com', score: 10 });
    await call('ingest', 'PUT', '/api/leads/lead-10', { score: 5 });
    await call('ingest', 'POST', '/api/events', { events: ['ada', 'bo', 'lead-10'].map((leadId) => ({ id: `${leadId}-demo`, leadId, type: 'demo_requested' })) });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  /** The pages each role opens, with something that shows the page has drawn. */
  const pages: Array<{ role: string; name: string; hash: (journeyId: string) => string; ready: string }> = [
    { role: 'marketer', name: 'journeys', hash: () => '#/', ready: 'header' },
    { role: 'marketer', name: 'editor', hash: (id) => `#/journeys/${id}`, ready: '[data-testid="node-start"]' },
    { role: 'marketer', name: 'editor-new', hash: () => '#/new', ready: '[data-testid="node-trigger"]' },
    { role: 'marketer', name: 'leads', hash: () => '#/leads', ready: 'header' },
    { role: 'marketer', name: 'segments', hash: () => '#/segments', ready: 'header' },
    { role: 'marketer', name: 'scoring', hash: () => '#/scoring', ready: 'header' },
    { role: 'marketer', name: 'imports', hash: () => '#/import', ready: 'header' },
    { role: 'marketer', name: 'messages', hash: () => '#/messages', ready: 'header' },
    { role: 'marketer', name: 'senders', hash: () => '#/senders', ready: 'header' },
    { role: 'marketer', name: 'results', hash: (id) => `#/results/${id}`, ready: 'header' },
    { role: 'reviewer', name: 'review', hash: (id) => `#/review/${id}?version=2`, ready: '[data-testid="node-start"]' },
    { role: 'reviewer', name: 'compare', hash: (id) => `#/review/${id}/compare?from=1&to=2`, ready: '[data-testid="change-item"]' },
    { role: 'operator', name: 'live', hash: (id) => `#/operate/${id}`, ready: '[data-testid="node-start"]' },
    { role: 'operator', name: 'queues', hash: () => '#/queues', ready: 'header' },
    { role: 'sales', name: 'sales', hash: () => '#/sales', ready: '[data-testid="handoff-ada"]' },
    { role: 'admin', name: 'tokens', hash: () => '#/admin/tokens', ready: 'header' },
    { role: 'admin', name: 'webhooks', hash: () => '#/admin/webhooks', ready: 'header' },
  ];

  async function open(role: string, hash: string, width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.addInitScript(([token]) => localStorage.setItem('trellis.token', token!), [tokens[role]!]);
    await page.goto(`${server.url}/${hash}`);
    return page;
  }

  /** axe-core's critical and serious violations, and the page's missing h1 or main landmark. */
  async function check(page: Page, name: string): Promise<Finding[]> {
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
      return axe.run(document, { resultTypes: ['violations'] });
    });
    return results.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious' || v.id === 'page-has-heading-one' || v.id === 'landmark-one-main')
      .map((v) => ({ page: name, rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }

  for (const { role, name, hash, ready } of pages) {
    it(`${role}: ${name} has no critical or serious violation, one h1 and a main landmark (screenshots at 1280 and 1440)`, async () => {
      const findings: Finding[] = [];
      for (const width of [1280, 1440]) {
        const page = await open(role, hash(journeyId), width);
        await page.locator(ready).first().waitFor({ timeout: 60_000 });
        // Lists and canvases fill in after the first paint; let them settle before judging.
        await page.waitForTimeout(600);
        await page.screenshot({ path: join(ARTIFACTS, `a11y-${name}-${width}.png`) });
        if (width === 1440) findings.push(...(await check(page, `${role} ${name}`)));
        await page.close();
      }
      if (findings.length > 0) console.log(JSON.stringify(findings, null, 2));
      expect(findings.map((f) => `${f.rule} (${f.impact}) at ${f.targets.join(' | ')}`)).toEqual([]);
    });
  }

  it('walks the steps before the paths with Tab, and names paths by their steps', async () => {
    const page = await open('marketer', `#/journeys/${journeyId}`, 1440);
    await page.locator('[data-testid="node-start"]').waitFor();
    // Paths leave the Tab order (chosen in the inspector instead); steps are focusable.
    expect(await page.locator('.react-flow__edge[tabindex="0"]').count()).toBe(0);
    expect(await page.locator('.react-flow__node[tabindex="0"]').count()).toBe(journey.nodes.length);
    const names = await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('aria-label')));
    expect(names).toContain('Path from Is it hot? (hot) to Hand to sales');
    expect(names.some((n) => /Path from .* to /.test(n ?? '') && !/\be\d\b/.test(n ?? ''))).toBe(true);
    await page.close();
  });
});
