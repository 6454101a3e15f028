import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { requireOrSkip, type RequireOptions } from './require.js';

export const CHROMIUM_INSTALL_HINT = 'apt-get update && apt-get install -y chromium';

/**
 * Debian's Chromium: the machines cannot download Playwright's own browser builds, so
 * playwright-core drives the distribution's browser.
 */
export function chromiumPath(): string {
  return '/usr/bin/chromium';
}

export function isChromiumInstalled(path = chromiumPath()): boolean {
  return existsSync(path);
}

/** requireOrSkip for a suite that needs Chromium. */
export function requireChromium(options?: RequireOptions): boolean {
  return requireOrSkip(`Chromium at ${chromiumPath()}`, isChromiumInstalled(), CHROMIUM_INSTALL_HINT, options);
}

// Quiet and self-contained: no sandbox (CI runs as root), no GPU, and nothing phoning home
// mid-test.
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/**
 * Launches headless Debian Chromium. Each launch gets a fresh temporary `--user-data-dir`:
 * playwright-core creates one per launch, passes it to Chromium and removes it on close (it
 * refuses a `--user-data-dir` in `args`, so we do not pass our own).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_FLAGS] });
}
