// How fast the HTML report opens on a big profile: builds a profile with 100,000 distinct stacks,
// renders the report in Node, opens it in headless Chromium from a file:// URL and reads the time
// from navigation start to the first flame graph drawn (window.__hotspyDrawn, set right after the
// first canvas draw) and to the next animation frame (window.__hotspyPainted).
//
//   npm run build && node benchmarks/html-render/run.mjs [--stacks 100000] [--runs 5]
//
// HOTSPY_DIST points at another build output (default: dist/). Needs /usr/bin/chromium
// (CHROMIUM overrides the path).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({ options: { stacks: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } } });
const STACKS = Number(values.stacks);
const RUNS = Number(values.runs);
const dist = resolve(process.env.HOTSPY_DIST ?? join(import.meta.dirname, '../../dist'));
if (!existsSync(join(dist, 'report/html/index.js'))) {
  console.error(`${dist}/report/html/index.js not found: run \`npm run build\` first (or set HOTSPY_DIST)`);
  process.exit(2);
}
const { ProfileBuilder } = await import(pathToFileURL(join(dist, 'profile/builder.js')).href);
const { renderHtmlReport } = await import(pathToFileURL(join(dist, 'report/html/index.js')).href);

// A seeded generator, so every run measures the same profile.
let seed = 0x2545f491;
function random() {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
}

// Real stacks share long prefixes: each new stack branches off an earlier one at some depth and
// goes on for a few frames, which gives a realistic tree (a few nodes per distinct stack).
function buildProfile() {
  const t0 = performance.now();
  const b = new ProfileBuilder({ unit: 'seconds', hasCpu: true });
  const frames = [];
  for (let i = 0; i < 4000; i++) frames.push(b.frame(`function_${i}_${i % 7 === 0 ? 'process_records' : 'helper'}`, `/srv/app/pkg${i % 40}/module_${i % 150}.py`, 10 + (i % 300)));
  const stacks = [[frames[0], frames[1]]];
  const seen = new Set([stacks[0].join(',')]);
  while (stacks.length < STACKS) {
    const base = stacks[Math.floor(random() ** 0.5 * stacks.length)];
    const cut = Math.max(1, Math.floor(base.length * (0.4 + 0.6 * random())));
    const next = base.slice(0, Math.min(cut, 60));
    const extra = 1 + Math.floor(random() * 4);
    for (let k = 0; k < extra; k++) next.push(frames[Math.floor(random() ** 2 * frames.length)]);
    const key = next.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    stacks.push(next);
  }
  for (const stack of stacks) {
    const wall = 0.0001 * (1 + Math.floor(-Math.log(1 - random()) * 20));
    const lines = stack.map((_, i) => 1 + ((stack[i] * 7 + i) % 400));
    b.appendSample(stack, { wall, cpu: wall * (0.5 + 0.5 * random()), samples: 1 }, lines);
  }
  b.meta.command = ['python3', 'big_program.py'];
  b.meta.mode = 'sample';
  b.meta.samples = STACKS;
  const profile = b.build('hotspy');
  return { profile, ms: performance.now() - t0 };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const { profile, ms: buildMs } = buildProfile();
const renderTimes = [];
let html = '';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  html = renderHtmlReport({ profile, sources: new Map() });
  renderTimes.push(performance.now() - t0);
}
const dir = mkdtempSync(join(tmpdir(), 'hotspy-html-bench-'));
const file = join(dir, 'report.html');
writeFileSync(file, html);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const drawn = [];
const painted = [];
let rects = 0;
let nodes = 0;
const errors = [];
const phases = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => window.__hotspyPainted !== undefined, null, { timeout: 30_000 });
    const r = await page.evaluate(() => ({
      drawn: window.__hotspyDrawn,
      painted: window.__hotspyPainted,
      rects: Number(document.getElementById('flame').getAttribute('data-drawn')),
      nodes: window.__hotspyFlame.nodes,
      timings: window.__hotspyTimings,
    }));
    phases.push(r.timings);
    drawn.push(r.drawn);
    painted.push(r.painted);
    rects = r.rects;
    nodes = r.nodes;
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}

const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
console.log(`profile: ${STACKS.toLocaleString('en-US')} distinct stacks, ${profile.nodeCount.toLocaleString('en-US')} call tree nodes, ${nodes.toLocaleString('en-US')} flame graph nodes (built in ${buildMs.toFixed(0)} ms)`);
console.log(`render in node: ${median(renderTimes).toFixed(0)} ms (median of ${renderTimes.length})`);
console.log(`html size: ${mb(Buffer.byteLength(html))}`);
console.log(`navigation -> first flame graph drawn: ${median(drawn).toFixed(0)} ms median, ${Math.max(...drawn).toFixed(0)} ms max (${RUNS} loads)`);
const phase = (from, to) => median(phases.map((t) => t[to] - t[from])).toFixed(0);
console.log(`  of which: HTML load until the script runs ${median(phases.map((t) => t.scriptStart)).toFixed(0)} ms, JSON.parse ${phase('scriptStart', 'dataParsed')} ms, decode + tree ${phase('dataParsed', 'treeBuilt')} ms, first draw ${phase('treeBuilt', 'drawn')} ms`);
console.log(`navigation -> next frame painted: ${median(painted).toFixed(0)} ms median`);
console.log(`rectangles drawn: ${rects.toLocaleString('en-US')}`);
if (errors.length > 0) {
  console.error(`page errors:\n${errors.join('\n')}`);
  process.exitCode = 1;
}
