// The HTML report of a real `hotspy run` (not a profile built by hand) opened in Chromium: the
// advice, the flame graph and the hot line of the example all show, with no console error.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram, writeRunHtml } from '../../src/doctor/run-program.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'hotspy-run-html-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!haveChromium && !process.env.CI)('HTML report of hotspy run', () => {
  it('shows the first advice, draws the flame graph and heats the hot line of the example', async () => {
    const result = await runProgram({ target: { script: 'examples/word_count.py' }, cwd: root, out: join(work, 'p.json'), progress: false });
    const file = join(work, 'report.html');
    await writeRunHtml(result, file, root);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => (window as unknown as { __hotspyDrawn?: number }).__hotspyDrawn !== undefined);
      expect(errors).toEqual([]);
      expect(await page.locator('#flame').getAttribute('data-drawn')).not.toBe('0');
      const advice = await page.textContent('body');
      expect(advice).toContain('HS301');
      // the counting loop (lines 18-22) holds the heat of the source view
      const hot = await page.locator('table.src[data-path$="word_count.py"] tr.heat').evaluateAll((rows) =>
        rows.map((r) => ({ line: Number(r.getAttribute('data-line')), heat: Number(/heat-(\d)/.exec(r.className)?.[1] ?? 0) })),
      );
      const hottest = hot.reduce((a, b) => (b.heat > a.heat ? b : a), { line: 0, heat: 0 });
      expect(hottest.line).toBeGreaterThanOrEqual(18);
      expect(hottest.line).toBeLessThanOrEqual(22);
      expect(hottest.heat).toBeGreaterThanOrEqual(3);
    } finally {
      await browser.close();
    }
  });
});
