// The HTML report in a real browser: Debian's headless Chromium driven by playwright-core. One
// browser for the file, one page per report. Locally the tests skip when Chromium is missing; in
// CI (process.env.CI) that is a failure, since .ci/run installs it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { ETL_SOURCE, HOSTILE_STRINGS, etlProfile, etlReport, hostileProfile, hostileReport, hostileSources, poolProfile } from './html-fixtures.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

if (!haveChromium && process.env.CI) {
  describe('HTML report in Chromium', () => {
    it('needs Chromium', () => {
      throw new Error(`${CHROMIUM} not found: CI must install it (apt-get install -y chromium)`);
    });
  });
} else if (!haveChromium) {
  console.warn(`skipping the HTML report browser tests: ${CHROMIUM} not found (apt-get install -y chromium, or set CHROMIUM)`);
}

interface Loaded {
  page: Page;
  errors: string[];
}

describe.skipIf(!haveChromium)('HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let etl: Loaded;
  let hostile: Loaded;

  async function open(name: string, html: string): Promise<Loaded> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => (window as unknown as { __hotspyDrawn?: number }).__hotspyDrawn !== undefined);
    return { page, errors };
  }

  const attr = (page: Page, name: string): Promise<string | null> => page.locator('#flame').getAttribute(name);

  async function rectOf(page: Page, name: string): Promise<{ x: number; y: number; w: number; h: number } | null> {
    return page.evaluate((n) => (window as unknown as { __hotspyFlame: { rectOf(n: string): { x: number; y: number; w: number; h: number } | null } }).__hotspyFlame.rectOf(n), name);
  }

  async function frameCenter(page: Page, name: string): Promise<{ x: number; y: number }> {
    await page.locator('#flame').scrollIntoViewIfNeeded();
    const r = await rectOf(page, name);
    expect(r, `${name} is drawn`).not.toBeNull();
    const box = (await page.locator('#flame').boundingBox())!;
    return { x: box.x + r!.x + Math.min(r!.w / 2, 40), y: box.y + r!.y + r!.h / 2 };
  }

  /** Coloured pixels on the canvas, and a cheap digest of them to tell drawings apart. */
  function canvasPixels(page: Page): Promise<{ inked: number; digest: number }> {
    return page.evaluate(() => {
      const canvas = document.getElementById('flame') as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      let digest = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! > 0) inked++;
        digest = (digest * 31 + data[i]! + data[i + 1]! * 7 + data[i + 2]! * 13 + data[i + 3]! * 17) | 0;
      }
      return { inked, digest };
    });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotspy-html-test-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const profile = etlProfile();
    etl = await open('etl.html', renderHtmlReport({ profile, report: etlReport(profile), sources: new Map([['etl.py', ETL_SOURCE]]) }));
    const bad = await hostileProfile();
    hostile = await open('hostile.html', renderHtmlReport({ profile: bad, report: hostileReport(bad), sources: hostileSources(bad) }));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console errors, page errors or requests', () => {
    expect(etl.errors).toEqual([]);
  });

  it('shows child processes: a processes table, and processes then threads atop the flame graph', async () => {
    const profile = poolProfile();
    const report = { ...etlReport(profile), shares: 'cpu' as const, advice: [], cold: [], diagnoses: [], findings: [] };
    const { page, errors } = await open('pool.html', renderHtmlReport({ profile, report, sources: new Map() }));
    expect(errors).toEqual([]);
    const rows = await page.locator('table.processes tbody tr').allTextContents();
    expect(rows).toEqual(['100the programpool.py2.00 s50.0 ms0', '101forked by 100pool.py1.95 s1.90 s143', '102forked by 100pool.py1.95 s1.90 s']);
    expect(await page.locator('#summary').textContent()).toContain('CPU time of all these processes together');
    // the root's children are the three processes, each as wide as its wall time
    const canvasWidth = (await page.locator('#flame').boundingBox())!.width;
    for (const [name, wall] of [['process 100', 2.0], ['process 101', 1.95], ['process 102', 1.95]] as const) {
      const r = await rectOf(page, name);
      expect(r, name).not.toBeNull();
      expect(r!.w / canvasWidth).toBeCloseTo(wall / 5.9, 2);
    }
    const thread = await rectOf(page, 'thread MainThread');
    expect(thread).not.toBeNull();
    await page.close();
  });

  it('draws the flame graph', async () => {
    const { page } = etl;
    expect(Number(await attr(page, 'data-drawn'))).toBeGreaterThanOrEqual(6);
    expect(await attr(page, 'data-zoom')).toBe('all');
    expect((await canvasPixels(page)).inked).toBeGreaterThan(10_000);
    const r = await rectOf(page, 'process_records');
    const canvasWidth = (await page.locator('#flame').boundingBox())!.width;
    expect(r!.w / canvasWidth).toBeCloseTo(3.2 / 4.6, 2);
  });

  it('shows a tooltip with the name, place and share of a frame', async () => {
    const { page } = etl;
    const at = await frameCenter(page, 'process_records');
    await page.mouse.move(at.x, at.y);
    const tip = page.locator('#flame-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const text = await tip.textContent();
    expect(text).toContain('process_records');
    expect(text).toContain('etl.py:12');
    expect(text).toContain('70%');
    await page.mouse.move(0, 0);
  });

  it('zooms into a clicked frame, out again, and resets', async () => {
    const { page } = etl;
    const before = await canvasPixels(page);
    const at = await frameCenter(page, 'wait_for_api');
    await page.mouse.click(at.x, at.y);
    expect(await attr(page, 'data-zoom')).toBe('wait_for_api');
    const zoomed = await rectOf(page, 'time.sleep');
    expect(zoomed!.w).toBeGreaterThan(1000);
    expect((await canvasPixels(page)).digest).not.toBe(before.digest);
    expect(await page.locator('#flame-path').textContent()).toContain('main');
    await page.click('#flame-up');
    expect(await attr(page, 'data-zoom')).toBe('main');
    await page.click('#flame-reset');
    expect(await attr(page, 'data-zoom')).toBe('all');
    expect((await canvasPixels(page)).digest).toBe(before.digest);
  });

  it('highlights frames matching a search and shows their share', async () => {
    const { page } = etl;
    expect(await attr(page, 'data-highlighted')).toBe('0');
    await page.fill('#flame-search', 'SLEEP');
    expect(await attr(page, 'data-highlighted')).toBe('1');
    expect(await attr(page, 'data-matches')).toBe('1');
    expect(await page.locator('#flame-matches').textContent()).toBe('1 function match, 22% of wall time');
    await page.fill('#flame-search', 'etl.py');
    expect(Number(await attr(page, 'data-highlighted'))).toBe(5);
    await page.fill('#flame-search', '');
    expect(await attr(page, 'data-highlighted')).toBe('0');
    expect(await page.locator('#flame-matches').textContent()).toBe('');
  });

  it('switches between wall and CPU time', async () => {
    const { page } = etl;
    const wall = await canvasPixels(page);
    const waitWall = await rectOf(page, 'wait_for_api');
    await page.click('#flame-cpu');
    expect(await attr(page, 'data-metric')).toBe('cpu');
    expect(await page.locator('#flame-cpu').getAttribute('aria-pressed')).toBe('true');
    expect((await canvasPixels(page)).digest).not.toBe(wall.digest);
    // Asleep is not on the CPU: the frame shrinks from a fifth of the width to (almost) nothing.
    const waitCpu = await rectOf(page, 'wait_for_api');
    expect(waitCpu === null || waitCpu.w < waitWall!.w / 100).toBe(true);
    await page.click('#flame-wall');
    expect(await attr(page, 'data-metric')).toBe('wall');
    expect((await canvasPixels(page)).digest).toBe(wall.digest);
  });

  it('shows the hot line in the source view with its heat and the finding under it', async () => {
    const { page } = etl;
    const row = page.locator('table.src[data-path="etl.py"] tr[data-line="15"]');
    await expect.poll(() => row.getAttribute('class')).toMatch(/\bheat-5\b/);
    expect(await row.locator('td.ln').textContent()).toBe('15');
    expect(await row.locator('td.code').textContent()).toBe('        if record in reference:');
    const cells = await row.locator('td.num').allTextContents();
    expect(cells).toEqual(['65%', '83%', '65%']);
    expect(await page.locator('table.src tr[data-line="14"]').getAttribute('class')).toBeNull();
    const note = row.locator('xpath=following-sibling::tr[1]');
    expect(await note.getAttribute('class')).toBe('note advice');
    expect(await note.textContent()).toContain('HS101');
    await page.click('#advice-1 .where a');
    expect(await page.evaluate(() => location.hash)).toBe('#src-0-L15');
  });

  it('sizes the share bars of the advice', async () => {
    const width = await etl.page.locator('#advice-1 .meter > span').first().evaluate((el) => (el as HTMLElement).style.width);
    expect(width).toBe('70%');
  });

  it('runs no script from a hostile profile and shows its names as text', async () => {
    const { page, errors } = hostile;
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    const text = await page.locator('body').textContent();
    for (const s of HOSTILE_STRINGS) expect(text).toContain(s);
    expect(Number(await attr(page, 'data-drawn'))).toBeGreaterThan(3);

    const name = '<img src=x onerror="window.__pwned=1">';
    const at = await frameCenter(page, name);
    await page.mouse.move(at.x, at.y);
    await expect.poll(() => page.locator('#flame-tip').textContent()).toContain(name);
    await page.mouse.click(at.x, at.y);
    expect(await attr(page, 'data-zoom')).toBe(name);
    expect(await page.locator('#flame-path').textContent()).toContain(name);
    await page.fill('#flame-search', '</script>');
    expect(Number(await attr(page, 'data-highlighted'))).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
