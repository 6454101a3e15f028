import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor } from './editor-page.js';
import { ROOT, startServer, type RunningServer } from './server.js';

/**
 * A marketer keeps the saved segments in Chromium: edits a segment's condition and sees its
 * count change; tries to delete a segment a published journey triggers on and is told which
 * journey (no Delete offered, and the server would refuse it with 409 anyway); deletes an
 * unused one. A reviewer sees the segments without Edit or Delete. Screenshots at 1440 and 1280.
 */

const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');


describe.skipIf(!canDriveEditor())('a marketer edits and deletes saved segments, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const tokens: Record<'marketer' | 'reviewer', string> = { marketer: '', reviewer: '' };
  const ids: Record<'retail' | 'emea' | 'old', string> = { retail: '', emea: '', old: '' };

  async function call(method: string, path: string, body?: unknown, token = server.token): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    for (const role of ['marketer', 'reviewer'] as const) {
      tokens[role] = ((await call('POST', '/api/tokens', { name: `E2E ${role}`, role })).body as { token: string }).token;
    }
    // Five leads: three retail (sizes 30, 250, 900), two in EMEA.
    const leads: Array<[string, Record<string, unknown>]> = [
      ['seg-ada', { industry: 'retail', size: 250, region: 'emea' }],
      ['seg-bo', { industry: 'retail', size: 30, region: 'us' }],
      ['seg-cy', { industry: 'retail', size: 900, region: 'us' }],
      ['seg-di', { industry: 'saas', size: 40, region: 'emea' }],
      ['seg-ed', { industry: 'saas', size: 12, region: 'apac' }],
    ];
    for (const [id, attributes] of leads) expect((await call('PUT', `/api/leads/${id}`, { attributes })).status).toBeLessThan(300);
    const save = async (name: string, condition: unknown) => ((await call('POST', '/api/segments', { name, condition }, tokens.marketer)).body as { id: string }).id;
    ids.retail = await save('Retail', { attr: 'industry', op: 'eq', value: 'retail' });
    ids.emea = await save('EMEA accounts', { attr: 'region', op: 'eq', value: 'emea' });
    ids.old = await save('Old import test', { attr: 'industry', op: 'eq', value: 'none' });
    // A published journey whose trigger names "EMEA accounts".
    const journey = {
      schemaVersion: 1,
      name: 'EMEA welcome',
      settings: {},
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'EMEA accounts', on: { segment: { saved: ids.emea } } } },
        { id: 'pause', type: 'wait', position: { x: 0, y: 140 }, data: { for: 'P7D' } },
        { id: 'done', type: 'exit', position: { x: 0, y: 280 }, data: { outcome: 'completed' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'pause', sourceHandle: 'out' },
        { id: 'e2', source: 'pause', target: 'done', sourceHandle: 'out' },
      ],
    };
    const created = (await call('POST', '/api/journeys', journey, tokens.marketer)).body as { id: string };
    expect((await call('POST', `/api/journeys/${created.id}/publish`, undefined, tokens.marketer)).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function pageAs(role: 'marketer' | 'reviewer', width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.addInitScript(([token]) => localStorage.setItem('trellis.token', token!), [tokens[role]]);
    await page.goto(`${server.url}/#/`);
    return page;
  }

  it('edits a condition and sees the count change, is told which journey keeps a segment, and deletes an unused one', async () => {
    const page = await pageAs('marketer', 1440);
    // Reached from the journeys list, as the marketer would.
    await page.getByRole('link', { name: 'Segments' }).click();
    await expect.poll(() => page.getByLabel('Retail count').innerText(), { timeout: 15_000 }).toBe('3 leads');

    // Edit: retail with more than 100 people. An emptied name is refused on the field first.
    await page.getByRole('button', { name: 'Edit Retail' }).click();
    const form = page.getByRole('listitem', { name: 'Editing Retail' });
    await form.getByLabel('Edit Retail: name').fill('');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => form.getByRole('alert').first().innerText()).toBe('Give the segment a name.');
    await page.screenshot({ path: join(ARTIFACTS, 'segments-edit-empty-name.png') });
    await form.getByLabel('Edit Retail: name').fill('Retail, 100+ people');
    await form.getByLabel('Condition kind').first().selectOption('all');
    await form.getByLabel('Lead field').first().fill('industry');
    await form.getByLabel('Value').first().fill('retail');
    await form.getByRole('button', { name: '+ field test' }).first().click();
    await form.getByLabel('Lead field').nth(1).fill('size');
    await form.getByLabel('Operator').nth(1).selectOption('gt');
    await form.getByLabel('Value').nth(1).fill('100');
    await page.screenshot({ path: join(ARTIFACTS, 'segments-edit-form.png') });
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByLabel('Retail, 100+ people count').innerText(), { timeout: 15_000 }).toBe('2 leads');
    expect(await page.getByRole('status').innerText()).toBe('Saved “Retail, 100+ people”: 2 leads now.');
    const stored = (await call('GET', `/api/segments/${ids.retail}`, undefined, tokens.marketer)).body as { name: string; count: number; condition: unknown };
    expect(stored).toMatchObject({
      name: 'Retail, 100+ people',
      count: 2,
      condition: { all: [{ attr: 'industry', op: 'eq', value: 'retail' }, { attr: 'size', op: 'gt', value: 100 }] },
    });

    // Delete a segment a published journey enters leads by: the journey is named, Delete is not offered.
    await page.getByRole('button', { name: 'Delete EMEA accounts' }).click();
    const held = page.getByRole('alertdialog', { name: 'Delete segment “EMEA accounts”?' });
    const published = held.getByRole('list', { name: 'Published journeys using it' });
    await expect.poll(() => published.innerText(), { timeout: 15_000 }).toBe('EMEA welcome');
    expect(await held.innerText()).toContain('It cannot be deleted: this published journey enters its leads.');
    expect(await held.getByRole('button', { name: 'Delete segment' }).count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'segments-delete-in-use-1440.png') });
    await held.getByRole('button', { name: 'Close' }).click();
    // The server agrees: a DELETE is refused, naming the journey.
    const refused = await call('DELETE', `/api/segments/${ids.emea}`, undefined, tokens.marketer);
    expect(refused.status).toBe(409);
    expect((refused.body as { error: { problems: { journeyName: string }[] } }).error.problems.map((p) => p.journeyName)).toEqual(['EMEA welcome']);

    // Delete an unused one, after its confirmation.
    await page.getByRole('button', { name: 'Delete Old import test' }).click();
    const unused = page.getByRole('alertdialog', { name: 'Delete segment “Old import test”?' });
    await unused.getByText('No journey’s trigger names it.').waitFor();
    expect(await unused.innerText()).toContain('0 leads are in it now.');
    await page.screenshot({ path: join(ARTIFACTS, 'segments-delete-unused.png') });
    await unused.getByRole('button', { name: 'Delete segment' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Deleted “Old import test”.');
    expect(await page.getByLabel('Old import test count').count()).toBe(0);
    expect((await call('GET', `/api/segments/${ids.old}`, undefined, tokens.marketer)).status).toBe(404);
    await page.screenshot({ path: join(ARTIFACTS, 'segments-after-delete-1440.png'), fullPage: true });
  });

  it('fits 1280 px with the edit form and the in-use dialog open; a reviewer sees no Edit or Delete', async () => {
    const page = await pageAs('marketer', 1280);
    await page.goto(`${server.url}/#/segments`);
    await page.getByRole('button', { name: 'Edit Retail, 100+ people' }).click();
    await page.getByRole('listitem', { name: 'Editing Retail, 100+ people' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'segments-edit-1280.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete EMEA accounts' }).click();
    await page.getByRole('list', { name: 'Published journeys using it' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'segments-delete-in-use-1280.png') });

    const reviewer = await pageAs('reviewer', 1280);
    await reviewer.goto(`${server.url}/#/segments`);
    await expect.poll(() => reviewer.getByLabel('EMEA accounts count').innerText(), { timeout: 15_000 }).toBe('2 leads');
    expect(await reviewer.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(0);
    expect(await reviewer.getByRole('heading', { name: 'New segment' }).count()).toBe(0);
  });
});
