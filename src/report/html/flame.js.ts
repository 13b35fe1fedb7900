// The flame graph's client code (an icicle: callers on top), run in the report page. It only ever
// writes data into the page through textContent, and draws on a <canvas>: the tree arrives as typed
// arrays (encode.ts), is laid out during each draw in one pre-order pass, and any subtree narrower
// than half a pixel is skipped and its width merged with its narrow neighbours into one grey block,
// so a draw costs what is visible, not what is in the profile.
export const FLAME_JS = String.raw`
function hotspyFlame(f, fmtWeight, fmtShare, timings) {
  'use strict';
  var ROW = 18, MIN_W = 0.5, CHAR_W = 6.4;
  var FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var canvas = document.getElementById('flame');
  var scroller = document.getElementById('flame-scroll');
  var spacer = document.getElementById('flame-spacer');
  var tip = document.getElementById('flame-tip');
  var search = document.getElementById('flame-search');
  var matchesOut = document.getElementById('flame-matches');
  var crumbs = document.getElementById('flame-path');
  var wallButton = document.getElementById('flame-wall');
  var cpuButton = document.getElementById('flame-cpu');
  var ctx = canvas.getContext('2d');

  function decode(b64, Type) {
    if (typeof Uint8Array.fromBase64 === 'function') return new Type(Uint8Array.fromBase64(b64).buffer);
    var bin = atob(b64), n = bin.length, bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }

  var n = f.count + 1;
  var depth = new Int32Array(n), frame = new Int32Array(n), parent = new Int32Array(n), end = new Int32Array(n);
  var depth16 = decode(f.depth, Uint16Array), frameIds = decode(f.frame, f.wideFrames ? Uint32Array : Uint16Array);
  var last = [0], maxDepth = 0, i, d;
  frame[0] = -1;
  parent[0] = -1;
  for (i = 1; i < n; i++) {
    d = depth16[i - 1];
    depth[i] = d;
    frame[i] = frameIds[i - 1];
    parent[i] = last[d - 1];
    last[d] = i;
    if (d > maxDepth) maxDepth = d;
  }
  var totWall = new Float64Array(n), totCpu = new Float64Array(n);
  var selfWall = new Float64Array(n), selfCpu = new Float64Array(n);
  var selfNode = decode(f.selfNode, Uint32Array), sw = decode(f.selfWall, Float32Array), sc = decode(f.selfCpu, Float32Array);
  for (i = 0; i < selfNode.length; i++) {
    selfWall[selfNode[i]] = sw[i];
    if (f.hasCpu) selfCpu[selfNode[i]] = sc[i];
  }
  totWall.set(selfWall);
  totCpu.set(selfCpu);
  for (i = 0; i < n; i++) end[i] = i + 1;
  // Pre-order puts every descendant after its ancestor, so one backward pass sums the subtrees.
  for (i = n - 1; i > 0; i--) {
    var p = parent[i];
    totWall[p] += totWall[i];
    totCpu[p] += totCpu[i];
    if (end[i] > end[p]) end[p] = end[i];
  }

  timings.treeBuilt = performance.now();
  var frameCount = f.frameName.length;
  var colors = new Array(frameCount), lowerNames = new Array(frameCount);
  for (i = 0; i < frameCount; i++) {
    var name = f.names[f.frameName[i]];
    var h = 0;
    for (var k = 0; k < name.length; k++) h = (h * 31 + name.charCodeAt(k)) | 0;
    h = h >>> 0;
    colors[i] = 'hsl(' + (8 + (h % 44)) + ',' + (70 + (h >>> 8) % 20) + '%,' + (58 + (h >>> 16) % 14) + '%)';
    lowerNames[i] = (name + '\u0000' + f.files[f.frameFile[i]]).toLowerCase();
  }

  var metric = 'wall', zoom = 0, scrollTop = 0, query = '';
  var matchFrame = new Uint8Array(frameCount);
  var cursor = new Float64Array(n);
  var runX = new Float64Array(maxDepth + 2), runW = new Float64Array(maxDepth + 2), runN = new Int32Array(maxDepth + 2);
  var hitNode = [], hitX = [], hitW = [], hitRow = [];
  var cssW = 0, viewH = 0, drawnCount = 0, highlighted = 0, firstRow = 0, lastRow = 0;

  function nameOf(node) { return node === 0 ? 'all' : f.names[f.frameName[frame[node]]]; }
  function fileOf(node) {
    if (node === 0) return '';
    var fr = frame[node], file = f.files[f.frameFile[fr]], line = f.frameLine[fr];
    return file ? (line > 0 ? file + ':' + line : file) : '';
  }
  function totals() { return metric === 'wall' ? totWall : totCpu; }

  function layout() {
    cssW = Math.max(100, scroller.clientWidth);
    var totalH = (maxDepth + 1) * ROW;
    viewH = Math.min(totalH, Math.max(220, Math.floor(window.innerHeight * 0.7)));
    var dpr = window.devicePixelRatio || 1;
    canvas.style.height = viewH + 'px';
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(viewH * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    scroller.style.height = viewH + 'px';
    spacer.style.height = (totalH - viewH) + 'px';
  }

  function box(node, x, w, row, fill, label) {
    var y = row * ROW - scrollTop;
    ctx.fillStyle = fill;
    ctx.fillRect(x, y, w > 2 ? w - 0.5 : w, ROW - 1);
    if (label && w > 24) {
      var max = Math.floor((w - 6) / CHAR_W);
      var text = label.length > max ? label.slice(0, Math.max(0, max - 1)) + '\u2026' : label;
      if (text.length > 1) {
        ctx.fillStyle = '#1b1b1b';
        ctx.fillText(text, x + 3, y + ROW - 5.5);
      }
    }
    hitNode.push(node); hitX.push(x); hitW.push(w); hitRow.push(row);
    drawnCount++;
  }

  function flushRun(row) {
    if (runW[row] >= MIN_W && row >= firstRow && row <= lastRow) box(-runN[row], runX[row], runW[row], row, '#c9c2b8', '');
    runW[row] = 0;
    runN[row] = 0;
  }

  function fillFor(node, dim) {
    if (node === 0) return '#d8d0c4';
    if (query && matchFrame[frame[node]]) { highlighted++; return '#b04ae0'; }
    if (dim) return '#e6e1da';
    return query ? '#ddd6cc' : colors[frame[node]];
  }

  function draw() {
    var tot = totals();
    hitNode.length = hitX.length = hitW.length = hitRow.length = 0;
    drawnCount = 0;
    highlighted = 0;
    ctx.clearRect(0, 0, cssW, viewH);
    ctx.font = FONT;
    ctx.textBaseline = 'alphabetic';
    firstRow = Math.floor(scrollTop / ROW);
    lastRow = Math.ceil((scrollTop + viewH) / ROW);
    var a;
    for (a = zoom; a >= 0; a = parent[a]) {
      if (depth[a] >= firstRow && depth[a] <= lastRow) box(a, 0, cssW, depth[a], a === zoom ? fillFor(a, false) : fillFor(a, true), nameOf(a));
    }
    var scale = tot[zoom] > 0 ? cssW / tot[zoom] : 0;
    cursor[zoom] = 0;
    var e = end[zoom], node = zoom + 1;
    while (node < e) {
      var row = depth[node], w = tot[node] * scale, x = cursor[parent[node]];
      cursor[parent[node]] = x + w;
      if (w < MIN_W) {
        if (runW[row] > 0 && Math.abs(runX[row] + runW[row] - x) > 0.01) flushRun(row);
        if (runW[row] === 0) runX[row] = x;
        runW[row] += w;
        runN[row]++;
        node = end[node];
        continue;
      }
      if (row > lastRow) { node = end[node]; continue; }
      if (runW[row] > 0) flushRun(row);
      if (row >= firstRow) box(node, x, w, row, fillFor(node, false), nameOf(node));
      cursor[node] = x;
      node++;
    }
    for (var r = 0; r <= maxDepth; r++) if (runW[r] > 0) flushRun(r);
    if (scale === 0) {
      ctx.fillStyle = '#555';
      ctx.fillText(metric === 'cpu' ? 'No CPU time recorded under this frame' : 'No time recorded under this frame', 8, (depth[zoom] + 1) * ROW - scrollTop + 13);
    }
    canvas.setAttribute('data-drawn', String(drawnCount));
    canvas.setAttribute('data-highlighted', String(highlighted));
    canvas.setAttribute('data-metric', metric);
    canvas.setAttribute('data-zoom', nameOf(zoom));
  }

  function hitAt(clientX, clientY) {
    var rect = canvas.getBoundingClientRect();
    var x = clientX - rect.left, row = Math.floor((clientY - rect.top + scrollTop) / ROW);
    for (var j = hitNode.length - 1; j >= 0; j--) {
      if (hitRow[j] === row && x >= hitX[j] && x < hitX[j] + hitW[j]) return j;
    }
    return -1;
  }

  function line(text, strong) {
    var div = document.createElement('div');
    if (strong) div.className = 'tip-name';
    div.textContent = text;
    tip.appendChild(div);
  }

  function showTip(j, clientX, clientY) {
    var node = hitNode[j];
    tip.textContent = '';
    if (node < 0) {
      line(-node + ' call paths too narrow to draw, merged', true);
      line('Click a wider frame above to zoom into them');
    } else {
      var whole = totals()[0], view = totals()[zoom];
      line(nameOf(node), true);
      var where = fileOf(node);
      if (where) line(where);
      line('Wall: total ' + fmtWeight(totWall[node], f.unit) + ' (' + fmtShare(totWall[0] > 0 ? totWall[node] / totWall[0] : 0) + '), self ' +
        fmtWeight(selfWall[node], f.unit) + ' (' + fmtShare(totWall[0] > 0 ? selfWall[node] / totWall[0] : 0) + ')');
      if (f.hasCpu) {
        line('CPU: total ' + fmtWeight(totCpu[node], 'seconds') + ' (' + fmtShare(totCpu[0] > 0 ? totCpu[node] / totCpu[0] : 0) + '), self ' +
          fmtWeight(selfCpu[node], 'seconds') + ' (' + fmtShare(totCpu[0] > 0 ? selfCpu[node] / totCpu[0] : 0) + ')');
      }
      if (zoom !== 0 && view > 0 && whole > 0) line(fmtShare(totals()[node] / view) + ' of the zoomed frame');
    }
    tip.hidden = false;
    var left = clientX + 14, top = clientY + 14;
    var tw = tip.offsetWidth, th = tip.offsetHeight;
    if (left + tw > window.innerWidth - 4) left = Math.max(4, clientX - tw - 14);
    if (top + th > window.innerHeight - 4) top = Math.max(4, clientY - th - 14);
    tip.style.left = left + 'px';
    tip.style.top = top + 'px';
  }

  function updateCrumbs() {
    crumbs.textContent = '';
    var chain = [];
    for (var a = zoom; a >= 0; a = parent[a]) chain.unshift(a);
    chain.forEach(function (a, idx) {
      if (idx > 0) crumbs.appendChild(document.createTextNode(' \u203a '));
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'crumb';
      b.textContent = nameOf(a);
      b.addEventListener('click', function () { setZoom(a); });
      crumbs.appendChild(b);
    });
  }

  function setZoom(node) {
    zoom = node;
    updateCrumbs();
    draw();
  }

  function runSearch() {
    query = search.value.trim().toLowerCase();
    var matchedFrames = 0, matchedNodes = 0, share = 0, tot = totals();
    for (var j = 0; j < frameCount; j++) {
      matchFrame[j] = query && lowerNames[j].indexOf(query) >= 0 ? 1 : 0;
      matchedFrames += matchFrame[j];
    }
    if (query) {
      // A match nested under another match is part of its time already: count the outermost only.
      var node = 1;
      while (node < n) {
        if (matchFrame[frame[node]]) { share += tot[node]; node = end[node]; } else node++;
      }
      for (node = 1; node < n; node++) matchedNodes += matchFrame[frame[node]];
      matchesOut.textContent = matchedFrames + (matchedFrames === 1 ? ' function' : ' functions') + ' match, ' +
        fmtShare(tot[0] > 0 ? share / tot[0] : 0) + ' of ' + (metric === 'wall' ? 'wall' : 'CPU') + ' time';
    } else matchesOut.textContent = '';
    canvas.setAttribute('data-matches', String(matchedNodes));
    draw();
  }

  function setMetric(m) {
    if (m === 'cpu' && !f.hasCpu) return;
    metric = m;
    wallButton.setAttribute('aria-pressed', String(m === 'wall'));
    cpuButton.setAttribute('aria-pressed', String(m === 'cpu'));
    runSearch();
  }

  canvas.addEventListener('mousemove', function (ev) {
    var j = hitAt(ev.clientX, ev.clientY);
    if (j < 0) { tip.hidden = true; canvas.style.cursor = 'default'; return; }
    canvas.style.cursor = hitNode[j] >= 0 ? 'pointer' : 'default';
    showTip(j, ev.clientX, ev.clientY);
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
  canvas.addEventListener('click', function (ev) {
    var j = hitAt(ev.clientX, ev.clientY);
    if (j >= 0 && hitNode[j] >= 0) setZoom(hitNode[j]);
  });
  scroller.addEventListener('scroll', function () { scrollTop = scroller.scrollTop; draw(); });
  search.addEventListener('input', runSearch);
  wallButton.addEventListener('click', function () { setMetric('wall'); });
  cpuButton.addEventListener('click', function () { setMetric('cpu'); });
  if (!f.hasCpu) { cpuButton.disabled = true; cpuButton.title = 'This profile has no CPU time'; }
  document.getElementById('flame-reset').addEventListener('click', function () { setZoom(0); });
  document.getElementById('flame-up').addEventListener('click', function () { if (zoom > 0) setZoom(parent[zoom]); });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' && document.activeElement !== search) setZoom(0);
  });
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { layout(); draw(); }, 60);
  });

  layout();
  updateCrumbs();
  draw();
  // The first draw may use a fallback font while the system font loads; labels look right after.
  if (document.fonts && document.fonts.status !== 'loaded') document.fonts.ready.then(function () { draw(); });

  // For tests and the benchmark: where a frame was drawn, in CSS pixels relative to the canvas.
  window.__hotspyFlame = {
    nodes: n - 1,
    rectOf: function (name) {
      for (var j = 0; j < hitNode.length; j++) {
        if (hitNode[j] >= 0 && nameOf(hitNode[j]) === name) return { x: hitX[j], y: hitRow[j] * ROW - scrollTop, w: hitW[j], h: ROW - 1 };
      }
      return null;
    }
  };
}
`;
