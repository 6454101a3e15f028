import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath, isChromiumInstalled, launchChromium } from '@trellis/testkit';
import type { Page } from 'playwright-core';
import { centreOf } from './editor-page.js';
import { ROOT, startServer } from './server.js';

/**
 * `pnpm bench`: the editor with a 500-node journey, in Chromium against the real server. Measures
 * the first render (navigation start until the nodes on screen are drawn and measured), then frame
 * times, from requestAnimationFrame in the page, while panning the canvas and dragging a node
 * for about two seconds each. Goal: p95 frame under 50 ms on these 2-core machines.
 */

const NODES = 500;
const GESTURE_MS = 2000;
const PER_ROW = 20;

if (!isChromiumInstalled()) {
  console.log(`editor bench skipped: no Chromium at ${chromiumPath()} (apt-get install -y chromium)`);
} else if (!existsSync(join(ROOT, 'apps/web/dist/index.html'))) {
  console.log('editor bench skipped: the editor is not built (npx --yes pnpm@10.34.9 --filter @trellis/web build)');
} else {
  await run();
}

async function run(): Promise<void> {
  const [server, browser] = await Promise.all([startServer(), launchChromium()]);
  try {
    const res = await fetch(`${server.url}/api/journeys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(bigJourney(NODES)),
    });
    if (res.status !== 201) throw new Error(`importing the ${NODES}-node journey: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // In-page code goes as text: tsx names functions with a helper that the page does not have.
    await context.addInitScript(`
      localStorage.setItem('trellis.token', ${JSON.stringify(server.token)});
      // Checked every frame from the first one: the moment the nodes are drawn and measured
      // (React Flow hides a node until it knows its size) with their edges. A journey this
      // large draws only the nodes on screen; the count drawn is printed with the time.
      (function check() {
        const nodes = document.querySelectorAll('.react-flow__node');
        const ready = nodes.length > 0 && document.querySelector('.react-flow__edge') && [...nodes].every((n) => n.style.visibility !== 'hidden');
        if (ready) (window.firstRenderMs = performance.now()), (window.nodesDrawn = nodes.length);
        else requestAnimationFrame(check);
      })();
    `);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/#/journeys/${encodeURIComponent(id)}`);
    await page.waitForFunction('window.firstRenderMs !== undefined', null, { timeout: 60_000 });
    const firstRenderMs = await page.evaluate<number>('window.firstRenderMs');
    const nodesDrawn = await page.evaluate<number>('window.nodesDrawn');
    await page.waitForTimeout(1000); // let the opening fit and validation settle

    const pan = await framesDuring(page, () => panPane(page));
    const drag = await framesDuring(page, () => dragNode(page));
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);

    console.log(
      `editor: ${NODES}-node journey first render ${Math.round(firstRenderMs)} ms (${nodesDrawn} nodes on screen); ` +
        `pan frames ${describe(pan)}; drag frames ${describe(drag)}`,
    );
  } finally {
    await Promise.all([browser.close(), server.stop()]);
  }
}

/** A linear journey laid out in rows: trigger, then sends, waits and score updates, then an exit. */
function bigJourney(count: number) {
  const cycle = [
    { type: 'send', data: { label: 'Email', channel: 'email', template: 'welcome-1' } },
    { type: 'wait', data: { label: 'Wait', for: 'P1D' } },
    { type: 'update', data: { label: 'Score', score: { add: 5 } } },
  ] as const;
  const nodes = [];
  const edges = [];
  for (let i = 0; i < count; i++) {
    const position = { x: (i % PER_ROW) * 340, y: Math.floor(i / PER_ROW) * 220 };
    const id = `n${i}`;
    if (i === 0) nodes.push({ id, type: 'trigger', position, data: { label: 'Form submitted', on: { event: 'form_submitted' } } });
    else if (i === count - 1) nodes.push({ id, type: 'exit', position, data: { label: 'Done', outcome: 'completed' } });
    else nodes.push({ id, position, ...cycle[i % cycle.length]! });
    if (i > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: id });
  }
  return { schemaVersion: 1, name: `${count} steps`, settings: {}, nodes, edges };
}

/** Frame-to-frame times (ms) recorded in the page while `gesture` runs. */
async function framesDuring(page: Page, gesture: () => Promise<void>): Promise<number[]> {
  // Each recording keeps its own list and stops at the first frame after the next one starts.
  await page.evaluate(`
    const run = (window.benchRun ?? 0) + 1;
    const frames = [];
    window.benchRun = run;
    window.benchFrames = frames;
    requestAnimationFrame((first) => {
      let last = first;
      requestAnimationFrame(function tick(now) {
        if (window.benchRun !== run) return;
        frames.push(now - last);
        last = now;
        requestAnimationFrame(tick);
      });
    });
  `);
  await gesture();
  return page.evaluate<number[]>('window.benchRun += 1, window.benchFrames');
}

/** Presses on empty canvas (left of the trigger, where the editor opens) and sweeps back and forth. */
async function panPane(page: Page): Promise<void> {
  const canvas = (await page.locator('[data-testid="canvas"]').boundingBox())!;
  const start = { x: canvas.x + 20, y: canvas.y + canvas.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await sweep(page, start, { x: 300, y: 120 });
  await page.mouse.up();
}

/** Drags the first step after the trigger by its header, in the same kind of sweep. */
async function dragNode(page: Page): Promise<void> {
  const start = await centreOf(page.locator('.react-flow__node[data-id="n1"] .journey-node__header'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await sweep(page, start, { x: 250, y: 100 });
  await page.mouse.up();
}

/** Moves the pressed mouse along an ellipse round `from` for GESTURE_MS, one step per ~8 ms. */
async function sweep(page: Page, from: { x: number; y: number }, radius: { x: number; y: number }): Promise<void> {
  const began = performance.now();
  for (let elapsed = 0; elapsed < GESTURE_MS; elapsed = performance.now() - began) {
    const angle = (elapsed / GESTURE_MS) * 2 * Math.PI;
    await page.mouse.move(from.x + radius.x * Math.sin(angle), from.y + radius.y * (1 - Math.cos(angle)) / 2);
    await new Promise((resolve) => setTimeout(resolve, 8));
  }
}

function describe(frames: number[]): string {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms (${frames.length} frames)`;
}
