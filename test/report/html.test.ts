// The HTML report as text: escaping, the data island, the compact flame graph encoding and the
// sections. html-browser.test.ts runs the page itself.
import { describe, expect, it } from 'vitest';
import { readProfileBytes } from '../../src/profile/import/index.js';
import { ProfileBuilder } from '../../src/profile/model.js';
import { encodeFlame } from '../../src/report/html/encode.js';
import { escapeHtml, escapeMessage, scriptJson } from '../../src/report/html/escape.js';
import { renderHtmlReport, sourceFilesWanted } from '../../src/report/html/index.js';
import { ETL_SOURCE, HOSTILE_STRINGS, etlProfile, etlReport, hostileProfile, hostileReport, hostileSources } from './html-fixtures.js';

function decode<T>(b64: string, Type: new (buffer: ArrayBuffer) => T): T {
  const bytes = Buffer.from(b64, 'base64');
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function dataIsland(html: string): { flame: ReturnType<typeof encodeFlame> } {
  const m = /<script type="application\/json" id="hotspy-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!);
}

describe('escaping', () => {
  it('escapes markup in text and attributes', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  });

  it('turns backticked spans into code, escaped', () => {
    expect(escapeMessage('`x in <xs>` is slow <b>')).toBe('<code>x in &lt;xs&gt;</code> is slow &lt;b&gt;');
  });

  it('keeps script-breaking characters out of the JSON data island and round-trips them', () => {
    const value = { name: '</script><!--<script>\u2028\u2029&' };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('flame graph encoding', () => {
  it('sends the function tree in pre-order with sparse self weights', () => {
    const flame = encodeFlame(etlProfile())!;
    const depth = Array.from(decode(flame.depth, Uint16Array));
    expect(flame.wideFrames).toBe(false);
    const frame = Array.from(decode(flame.frame, Uint16Array)).map((f) => flame.names[flame.frameName[f]!]);
    // process_records is heaviest, so it comes first under main; lines 15 and 16 merge into one node.
    expect(frame).toEqual(['<module>', 'main', 'process_records', 'wait_for_api', 'time.sleep', 'load_reference']);
    expect(depth).toEqual([1, 2, 3, 3, 4, 3]);
    const selfNode = Array.from(decode(flame.selfNode, Uint32Array));
    const selfWall = Array.from(decode(flame.selfWall, Float32Array));
    const byName = new Map(selfNode.map((n, i) => [frame[n - 1], selfWall[i]]));
    expect(byName.get('process_records')).toBeCloseTo(3.2, 5);
    expect(byName.get('time.sleep')).toBeCloseTo(1.0, 5);
    expect(byName.get('main')).toBeCloseTo(0.1, 5);
    expect(flame.hasCpu).toBe(true);
    expect(decode(flame.selfCpu, Float32Array).length).toBe(selfNode.length);
  });

  it('folds light call paths into their callers when the tree is over the node limit', () => {
    const b = new ProfileBuilder({ unit: 'samples' });
    const root = b.frame('root', 'a.py', 1);
    for (let i = 0; i < 50; i++) b.appendSample([root, b.frame(`leaf${i}`, 'a.py', 10 + i)], { wall: i === 0 ? 1000 : 1 });
    const flame = encodeFlame(b.build('collapsed'), { maxDepth: 100, maxNodes: 10 })!;
    expect(flame.count).toBeLessThanOrEqual(10);
    expect(flame.folded).toBeGreaterThan(0);
    const selfWall = Array.from(decode(flame.selfWall, Float32Array));
    expect(selfWall.reduce((a, b) => a + b, 0)).toBeCloseTo(1049, 3);
  });

  it('folds frames below the depth limit into the frame at the limit', () => {
    const b = new ProfileBuilder({ unit: 'samples' });
    const stack = Array.from({ length: 30 }, (_, i) => b.frame(`f${i}`, 'deep.py', i + 1));
    b.appendSample(stack, { wall: 5 });
    const flame = encodeFlame(b.build('collapsed'), { maxDepth: 8, maxNodes: 1000 })!;
    expect(flame.count).toBe(8);
    expect(Array.from(decode(flame.selfNode, Uint32Array))).toEqual([8]);
  });

  it('has no flame graph for call-graph-only profiles', () => {
    const b = new ProfileBuilder();
    b.addFunctionCalls(b.frame('f', 'a.py', 1), { calls: 3, primitiveCalls: 3, selfTime: 1, totalTime: 1 });
    const profile = b.build('cprofile');
    expect(encodeFlame(profile)).toBeNull();
    const html = renderHtmlReport({ profile, sources: new Map() });
    expect(html).toContain('no stacks');
    expect(html).not.toContain('id="flame"');
    expect(html).toContain('id="top-functions"');
  });
});

describe('renderHtmlReport', () => {
  it('renders every section of a doctor report, offline', () => {
    const profile = etlProfile();
    const html = renderHtmlReport({ profile, report: etlReport(profile), sources: new Map([['etl.py', ETL_SOURCE]]) });
    for (const id of ['summary', 'advice', 'diagnoses', 'flame-section', 'source', 'functions', 'cold']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(html).toContain('<code>record in reference</code> scans a list');
    expect(html).toMatch(/<tr id="src-0-L15" data-line="15" class="heat heat-5">/);
    expect(html).toContain('<a href="#src-0-L15">etl.py:15</a>');
    expect(html).toContain('HS202');
    expect(html).toContain('<dt>Whole run</dt><dd>2.7x-3.3x faster</dd>');
    expect(html).toContain('50.0 MiB');
    expect(dataIsland(html).flame!.count).toBe(6);
  });

  it('asks for the files with advice first, then the hot ones', async () => {
    const profile = etlProfile();
    expect(sourceFilesWanted(profile, etlReport(profile))).toEqual(['etl.py']);
    const bad = await hostileProfile();
    expect(sourceFilesWanted(bad, undefined)).toEqual([1, 2, 3, 4].map((f) => bad.frames[f]!.file));
  });

  it('checks the numbers of a doctor report read back from JSON', () => {
    const profile = etlProfile();
    const report = etlReport(profile);
    const bad = '"><img src=x onerror=alert(1)>' as unknown as number;
    report.advice[0] = { ...report.advice[0]!, rank: bad, line: bad, share: bad, tier: bad, cpuShare: bad };
    const html = renderHtmlReport({ profile, report, sources: new Map([['etl.py', ETL_SOURCE]]) });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert');
  });

  it('renders a plain profile report without a doctor report', () => {
    const html = renderHtmlReport({ profile: etlProfile(), sources: new Map(), title: 'plain <run>' });
    expect(html).toContain('<title>plain &lt;run&gt;</title>');
    expect(html).not.toContain('<section id="advice">');
    expect(html).toContain('source not available');
  });

  it('renders a collapsed-stacks profile in sample counts, without CPU', () => {
    const profile = readProfileBytes(new TextEncoder().encode('main (app.py:3);work (app.py:9) 75\nmain (app.py:3) 25\n'), 'run.folded');
    const html = renderHtmlReport({ profile, sources: new Map() });
    expect(dataIsland(html).flame!.hasCpu).toBe(false);
    expect(html).toContain('100 samples');
    expect(html).not.toContain('<th class="num">self CPU</th>');
  });

  it('shows hostile names only as escaped text', async () => {
    const profile = await hostileProfile();
    const html = renderHtmlReport({ profile, report: hostileReport(profile), sources: hostileSources(profile) });
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).not.toContain('<img');
    expect(/id="hotspy-data">([^<]*)/.exec(html)![1]).not.toMatch(/[\u2028\u2029]/);
    for (const s of HOSTILE_STRINGS) expect(html).toContain(escapeHtml(s));
    const names = dataIsland(html).flame!.names;
    for (const s of HOSTILE_STRINGS) expect(names.some((n) => n.includes(s))).toBe(true);
  });
});
