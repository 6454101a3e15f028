import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { requireChromium, requireOrSkip } from '@trellis/testkit';
import type { Locator, Page } from 'playwright-core';
import { ROOT, type RunningServer } from './server.js';

/** What the browser suites share: where screenshots go, whether they can run, and canvas gestures. */

export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

/** `npm test` builds the editor before the e2e suites; run alone, they need a build first. */
export function isEditorBuilt(): boolean {
  return requireOrSkip(
    'the built editor (apps/web/dist)',
    existsSync(join(ROOT, 'apps/web/dist/index.html')),
    'npx --yes pnpm@10.34.9 --filter @trellis/web build',
  );
}

/** Chromium and the built editor, each saying in one line what is missing. */
export function canDriveEditor(): boolean {
  const chromium = requireChromium();
  const built = isEditorBuilt();
  return chromium && built;
}

/** Keeps the API token where the editor reads it, without going through the sign-in page. */
export async function storeToken(page: Page, server: RunningServer): Promise<void> {
  await page.goto(server.url);
  await page.evaluate((token) => localStorage.setItem('trellis.token', token), server.token);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The centre of an element on screen (it must be visible). */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A node's source handle: the single `out` one, or the one with that id. */
export function sourceHandle(page: Page, nodeId: string, handle = 'out'): Locator {
  return page.locator(`.react-flow__node[data-id="${nodeId}"] .react-flow__handle.source[data-handleid="${handle}"]`);
}

export function targetHandle(page: Page, nodeId: string): Locator {
  return page.locator(`.react-flow__node[data-id="${nodeId}"] .react-flow__handle.target`);
}

/** Draws an edge the way a person does: press on a source handle, move in steps, let go on a target handle. */
export async function dragConnection(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await centreOf(from);
  const end = await centreOf(to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 6 });
  await page.mouse.move(end.x, end.y, { steps: 6 });
  await page.mouse.up();
}
