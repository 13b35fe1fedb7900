// The page's boot code: share bars (sized here because the CSP forbids inline style attributes),
// number formatting shared with the flame graph, and the "first drawn" marker the benchmark reads.
import { FLAME_JS } from './flame.js.js';

const BOOT_JS = String.raw`
(function () {
  'use strict';
  // Milliseconds since navigation start, read by the benchmark to see where the time goes.
  var timings = window.__hotspyTimings = { scriptStart: performance.now() };
  function sig(x) {
    if (x === 0) return '0';
    var digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
    return x.toFixed(Math.min(digits, 6));
  }
  function fmtWeight(w, unit) {
    if (unit === 'seconds') {
      if (w >= 1 || w === 0) return sig(w) + ' s';
      if (w >= 1e-3) return sig(w * 1e3) + ' ms';
      return sig(w * 1e6) + ' \u00b5s';
    }
    if (unit === 'bytes') {
      var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], v = w, u = 0;
      while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
      return (u === 0 ? String(Math.round(v)) : sig(v)) + ' ' + units[u];
    }
    return Math.round(w).toLocaleString('en-US') + (Math.round(w) === 1 ? ' sample' : ' samples');
  }
  function fmtShare(x) {
    if (!isFinite(x)) return '-';
    if (x > 0 && x < 0.001) return '<0.1%';
    return (x * 100).toFixed(x >= 0.1 ? 0 : 1) + '%';
  }

  var bars = document.querySelectorAll('[data-share]');
  for (var i = 0; i < bars.length; i++) {
    var share = Number(bars[i].getAttribute('data-share'));
    if (isFinite(share)) bars[i].style.width = (Math.max(0, Math.min(1, share)) * 100).toFixed(2) + '%';
  }

  var data = JSON.parse(document.getElementById('hotspy-data').textContent);
  timings.dataParsed = performance.now();
  if (data.flame && document.getElementById('flame')) hotspyFlame(data.flame, fmtWeight, fmtShare, timings);
  window.__hotspyDrawn = timings.drawn = performance.now();
  requestAnimationFrame(function () { window.__hotspyPainted = performance.now(); });
})();
`;

export const PAGE_JS = `${FLAME_JS}\n${BOOT_JS}`;
