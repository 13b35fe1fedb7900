// The report's stylesheet, inlined into the page (no external loads). Heat classes heat-1..heat-5
// colour source lines by their share of the run; the flame graph draws its own colours.
export const PAGE_CSS = `
:root { --fg: #1d1d1f; --muted: #6b6b70; --line: #e3e1dc; --bg: #fbfaf8; --card: #fff; --accent: #c2410c; --bar: #ea580c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 20px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
nav.toc { display: flex; flex-wrap: wrap; gap: 12px; font-size: 13px; }
nav.toc a { color: var(--accent); text-decoration: none; }
.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; }
.summary div { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.summary dt { font-size: 12px; color: var(--muted); }
.summary dd { margin: 2px 0 0; font-size: 16px; font-weight: 600; overflow-wrap: anywhere; }
.command { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.warn { background: #fff7ed; border: 1px solid #fdba74; border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 10px 0; }
.card header { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.rank { display: inline-block; min-width: 26px; text-align: center; background: var(--accent); color: #fff; border-radius: 13px; font-weight: 700; padding: 1px 7px; }
.rule { font-weight: 700; color: var(--accent); }
.where { margin: 4px 0; font-size: 13px; }
.where a, .src-link { color: var(--accent); }
.share { display: flex; align-items: center; gap: 10px; margin: 6px 0; font-size: 13px; }
.meter { width: 180px; height: 10px; background: #f1ede6; border-radius: 5px; overflow: hidden; flex: none; }
.meter > span { display: block; height: 100%; width: 0; background: var(--bar); }
.meter.cpu > span { background: #2563eb; }
dl.explain { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0 0; }
dl.explain dt { color: var(--muted); }
dl.explain dd { margin: 0; }
pre.excerpt { margin: 8px 0; padding: 6px 0; background: #faf8f5; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
pre.excerpt span { display: block; padding: 0 10px; white-space: pre; }
pre.excerpt .target { background: #fde2cf; }
pre.excerpt .ln { color: var(--muted); display: inline; padding: 0 10px 0 0; user-select: none; }
ul.questions { margin: 6px 0 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; }
table.data th, table.data td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.flame-controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.flame-controls button, .crumb { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid #cfc9c0; background: var(--card); border-radius: 5px; cursor: pointer; }
.flame-controls button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.flame-controls button:disabled { opacity: .45; cursor: not-allowed; }
.flame-controls input { font: inherit; font-size: 13px; padding: 3px 8px; border: 1px solid #cfc9c0; border-radius: 5px; width: 260px; }
.crumbs { font-size: 13px; margin: 4px 0 6px; overflow-wrap: anywhere; }
.crumb { padding: 1px 6px; font-size: 12px; }
.flame-scroll { position: relative; overflow-y: auto; overflow-x: hidden; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
#flame { position: sticky; top: 0; display: block; width: 100%; }
.tip { position: fixed; z-index: 10; max-width: 520px; background: #1f1f23; color: #f4f4f5; border-radius: 6px; padding: 6px 9px; font-size: 12px; pointer-events: none; overflow-wrap: anywhere; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.tip-name { font-weight: 700; }
details.src-file { background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
details.src-file > summary { cursor: pointer; padding: 8px 12px; font-weight: 600; overflow-wrap: anywhere; }
table.src { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
table.src th { position: sticky; top: 0; background: #f6f3ee; font-weight: 600; text-align: right; padding: 2px 8px; font-family: system-ui, sans-serif; font-size: 12px; }
table.src th.code { text-align: left; }
table.src td { padding: 0 8px; white-space: pre; vertical-align: top; }
table.src td.ln, table.src td.num { text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; width: 1%; }
table.src td.code { width: 100%; }
table.src tr.gap td { color: var(--muted); background: #f6f3ee; }
table.src tr.heat-1 { background: #fff4ec; }
table.src tr.heat-2 { background: #ffe7d6; }
table.src tr.heat-3 { background: #fed7bd; }
table.src tr.heat-4 { background: #fdba94; }
table.src tr.heat-5 { background: #fb9a6c; }
table.src tr.heat td.num { color: var(--fg); font-weight: 600; }
table.src tr.note td { white-space: normal; background: #fffbeb; font-family: system-ui, sans-serif; font-size: 12.5px; padding: 4px 8px 4px 24px; border-left: 3px solid #f59e0b; }
table.src tr.note.advice td { border-left-color: var(--accent); }
.diag .figures { display: flex; flex-wrap: wrap; gap: 6px 16px; margin-top: 6px; font-size: 13px; }
.badge { font-size: 12px; padding: 0 6px; border-radius: 8px; background: #f1ede6; color: var(--muted); }
`;
