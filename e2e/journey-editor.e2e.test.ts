import { launchChromium } from '@trellis/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canDriveEditor, centreOf, screenshot, sourceHandle, storeToken } from './editor-page.js';
import { startServer, type RunningServer } from './server.js';

/** A marketer's session in the journey editor, against the real server in Chromium. */

describe.skipIf(!canDriveEditor())('drawing and simulating a journey in the editor', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await storeToken(page, server);
    // The templates the editor's examples name come with the example library, so the examples
    // publish as they are (a send naming a template that is not stored cannot be published).
    for (const [id, channel] of [['welcome-1', 'email'], ['case-study', 'email'], ['webinar-reminder-a', 'email'], ['webinar-reminder-b', 'sms']]) {
      const res = await fetch(`${server.url}/api/templates/${id}`, { headers: { authorization: `Bearer ${server.token}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { channel: string }).channel).toBe(channel);
    }
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it('opens an example with every node drawn and no problems', async () => {
    await page.goto(`${server.url}/#/new?example=demo-request`);
    await page.locator('[data-testid="node-handoff"]').waitFor();
    expect(await page.locator('.react-flow__node').count()).toBe(9);
    expect(await page.locator('.react-flow__edge').count()).toBe(10);
    await expect.poll(() => page.locator('.problems-empty').textContent()).toContain('No problems');
  });

  it('adds a node dragged from the palette, shows its warnings, and undoes it with Ctrl+Z', async () => {
    await page.getByTitle('Add Update', { exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 200, y: 60 } });
    await page.locator('[data-testid="node-update-1"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="node-problems-update-1"]').count()).toBe(1);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-testid="node-update-1"]').count()).toBe(0);
  });

  it('simulates 200 test leads on the server and lights up one lead’s path', async () => {
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.locator('.simulate__setup input[type="number"]').first().fill('200');
    await page.getByRole('button', { name: 'Simulate 200 leads' }).click();
    await expect.poll(() => page.locator('[data-testid="node-trigger"] .journey-node__reached').textContent(), { timeout: 30_000 }).toBe('200');
    const lead = await page.locator('select[aria-label="Follow one lead"] option').nth(1).getAttribute('value');
    await page.selectOption('select[aria-label="Follow one lead"]', lead!);
    await expect.poll(() => page.locator('.journey-node.on-path').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('.sends-table tbody tr').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'editor-simulation');
    expect(errors).toEqual([]);
  });

  it('inserts a step by dropping a connection on empty canvas, and reconnects a path from the inspector', async () => {
    await page.goto(`${server.url}/#/new?example=demo-request`);
    await page.locator('[data-testid="node-nurture"]').waitFor();
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.waitForTimeout(500); // the fit animates for 300 ms
    const handle = await centreOf(sourceHandle(page, 'nurture'));
    await page.mouse.move(handle.x, handle.y);
    await page.mouse.down();
    // Fit leaves a margin round the drawing: the canvas's top-left corner is empty.
    const canvas = await page.locator('[data-testid="canvas"]').boundingBox();
    await page.mouse.move(canvas!.x + 60, canvas!.y + 40, { steps: 8 });
    await page.mouse.up();
    await page.getByRole('menuitem', { name: /Wait/ }).click();
    await page.locator('[data-testid="node-wait-1"]').waitFor();
    await page.locator('[data-testid="node-wait-1"]').click();
    await expect.poll(() => page.getByLabel('Next step after out').inputValue()).toBe('done');
    await page.getByLabel('Next step after out').selectOption('lost');
    await page.locator('[data-testid="node-nurture"]').click();
    expect(await page.getByLabel('Next step after out').inputValue()).toBe('wait-1');
    await page.keyboard.press('Escape');
  });

  it('saves a new journey as a draft, then finds it in the list', async () => {
    await page.goto(`${server.url}/#/new?example=webinar`);
    // The step inserted above was never saved: the editor asks before dropping it.
    await page.getByRole('button', { name: 'Leave without saving' }).click();
    await page.locator('[data-testid="node-split"]').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/journeys\/[^/]+$/);
    await expect.poll(() => page.locator('.topbar__saved').textContent()).toBe('All changes saved');
    await page.goto(`${server.url}/#/`);
    await expect.poll(() => page.locator('.journey-table a').allTextContents()).toContain('Webinar follow-up');
  });

  it('opens a stored journey, edits and publishes it, pauses and resumes it', async () => {
    await page.goto(`${server.url}/#/`);
    await page.getByRole('link', { name: 'Webinar follow-up' }).click();
    await page.locator('[data-testid="node-split"]').waitFor();
    await page.getByLabel('Journey name').fill('Webinar follow-up, v2');
    await expect.poll(() => page.locator('.topbar__saved').textContent()).toBe('Unsaved changes');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    // Publishing opens the publish review; a first version has no leads in flight to place.
    await page.getByRole('dialog', { name: 'Publish version 1' }).getByRole('button', { name: 'Publish version 1' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Published version 1.');
    await expect.poll(() => page.locator('.topbar .status-pill').textContent()).toBe('active');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.locator('.topbar .status-pill').textContent()).toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.locator('.topbar .status-pill').textContent()).toBe('active');
    await page.getByLabel('Published versions').selectOption('1');
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Opened version 1 as the draft. Save draft to keep it; Undo to go back.');
    expect(await page.getByLabel('Journey name').inputValue()).toBe('Webinar follow-up, v2');
    await page.goto(`${server.url}/#/`);
    const row = page.locator('.journey-table tr', { hasText: 'Webinar follow-up, v2' });
    await expect.poll(() => row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['active', 'v1']));
    expect(errors).toEqual([]);
  });

  it('asks before leaving unsaved changes: Stay keeps them, Save draft and leave stores them', async () => {
    await page.getByRole('link', { name: 'Webinar follow-up, v2' }).click();
    await page.getByLabel('Journey name').fill('Webinar follow-up, v3');
    const id = decodeURIComponent(/#\/journeys\/([^/]+)$/.exec(page.url())![1]!);
    const dialog = page.getByRole('alertdialog', { name: 'Leave with unsaved changes?' });
    await page.getByRole('link', { name: 'Trellis', exact: true }).click();
    await dialog.waitFor();
    await screenshot(page, 'editor-leave-dialog');
    await dialog.getByRole('button', { name: 'Stay' }).click();
    expect(page.url()).toContain(`#/journeys/${encodeURIComponent(id)}`);
    expect(await page.getByLabel('Journey name').inputValue()).toBe('Webinar follow-up, v3');
    await page.getByRole('link', { name: 'Trellis', exact: true }).click();
    await dialog.getByRole('button', { name: 'Save draft and leave' }).click();
    await page.locator('.journey-table').waitFor();
    const stored = await fetch(`${server.url}/api/journeys/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${server.token}` } });
    expect(((await stored.json()) as { journey: { name: string } }).journey.name).toBe('Webinar follow-up, v3');
    expect(errors).toEqual([]);
  });

  it('publishes a journey never saved: Publish saves it, and the publish review stays open at its new address', async () => {
    await page.goto(`${server.url}/#/new?example=demo-request`);
    await page.locator('[data-testid="node-nurture"]').waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.url()).toMatch(/#\/journeys\/[^/]+$/);
    const dialog = page.getByRole('dialog', { name: 'Publish version 1' });
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(1);
    await dialog.getByRole('button', { name: 'Publish version 1' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Published version 1.');
    expect(errors).toEqual([]);
  });
});
