import { describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, chromiumPath, launchChromium, requireChromium } from './chromium.js';

describe('chromiumPath', () => {
  it("is Debian's Chromium", () => {
    expect(chromiumPath()).toBe('/usr/bin/chromium');
  });

  it('launches with the quiet, sandbox-free flags CI needs', () => {
    expect(CHROMIUM_FLAGS).toEqual([
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ]);
  });
});

describe.skipIf(!requireChromium())('launchChromium', () => {
  it('opens headless pages that render and run script, and closes cleanly', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="x">hello</p><script>document.title = "ran"</script>');
      expect(await page.textContent('#x')).toBe('hello');
      expect(await page.title()).toBe('ran');
      expect(await page.evaluate(() => navigator.userAgent)).toContain('HeadlessChrome');
    } finally {
      await browser.close();
    }
    expect(browser.isConnected()).toBe(false);
  }, 30_000);
});
