import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '@trellis/testkit';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, canDriveEditor } from './editor-page.js';
import { startServer, type RunningServer } from './server.js';

describe.skipIf(!canDriveEditor())('the editor in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
  });

  it('loads at / with no script errors, and leaves a screenshot in e2e/artifacts', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('#root').count()).toBe(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'editor-home.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
