// Small SVG charts of the dashboard: a ring gauge per target, horizontal bars per action, a
// monthly trend. The geometry is pure (tested in tests/js/charts.test.js); the drawing builds
// SVG elements. Each chart sits beside a real HTML table, which stays the source of truth.

const NS = 'http://www.w3.org/2000/svg';
const round = (n) => Math.round(n * 100) / 100;

// A "nice" axis maximum: the smallest 1, 2, 2.5 or 5 × 10^k at least `value` (1 for 0).
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

// The point of a circle at `fraction` of a turn, clockwise from 12 o'clock.
export function polar(cx, cy, r, fraction) {
  const angle = 2 * Math.PI * fraction - Math.PI / 2;
  return [round(cx + r * Math.cos(angle)), round(cy + r * Math.sin(angle))];
}

// The SVG path of an arc from 12 o'clock covering `fraction` (clamped to 0..1) of the circle.
// A full turn is drawn as two half arcs: one arc from a point to itself draws nothing.
export function arcPath(cx, cy, r, fraction) {
  const f = Math.min(1, Math.max(0, Number(fraction) || 0));
  if (f === 0) return '';
  const [x0, y0] = polar(cx, cy, r, 0);
  if (f === 1) {
    const [x1, y1] = polar(cx, cy, r, 0.5);
    return `M ${x0} ${y0} A ${r} ${r} 0 1 1 ${x1} ${y1} A ${r} ${r} 0 1 1 ${x0} ${y0}`;
  }
  const [x, y] = polar(cx, cy, r, f);
  return `M ${x0} ${y0} A ${r} ${r} 0 ${f > 0.5 ? 1 : 0} 1 ${x} ${y}`;
}

// Horizontal stacked bars: one row per item, segments laid end to end on a shared scale.
// rows: [{label, segments: [{key, value}]}] → [{label, y, total, segments: [{key, value, x, width}]}].
export function stackedBars(rows, { width, rowHeight = 18, gap = 10, max } = {}) {
  const top = max ?? niceMax(Math.max(0, ...rows.map((r) => r.segments.reduce((s, g) => s + (g.value || 0), 0))));
  return rows.map((row, i) => {
    let x = 0;
    const segments = row.segments.map((seg) => {
      const w = round(((seg.value || 0) / top) * width);
      const out = { key: seg.key, value: seg.value || 0, x: round(x), width: w };
      x += w;
      return out;
    });
    return { label: row.label, y: i * (rowHeight + gap), total: row.segments.reduce((s, g) => s + (g.value || 0), 0), segments };
  });
}

// Points of a line chart: values spread evenly from left to right, 0 at the bottom.
export function linePoints(values, { width, height, max } = {}) {
  const top = max ?? niceMax(Math.max(0, ...values));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((v, i) => [round(values.length > 1 ? i * step : width / 2), round(height - ((v || 0) / top) * height)]);
}

// ---- drawing -------------------------------------------------------------------------

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const pct = (ratio) => `${Math.round(100 * ratio)} %`;

// A ring gauge of value / target, labelled for screen readers.
export function gauge({ label, value, target }) {
  const ratio = target ? value / target : null;
  const name = `${label} : ${value} sur ${target}${ratio === null ? '' : ` (${pct(ratio)})`}`;
  return s('svg', { viewBox: '0 0 120 120', class: 'gauge', role: 'img', 'aria-label': name, focusable: 'false' },
    s('circle', { cx: 60, cy: 60, r: 48, class: 'gauge-track' }),
    s('path', { d: arcPath(60, 60, 48, ratio ?? 0), class: ratio !== null && ratio >= 1 ? 'gauge-arc done' : 'gauge-arc' }),
    s('text', { x: 60, y: 58, 'text-anchor': 'middle', class: 'gauge-value' }, ratio === null ? '—' : pct(ratio)),
    s('text', { x: 60, y: 80, 'text-anchor': 'middle', class: 'gauge-sub' }, `${value} / ${target}`));
}

// The hatch pattern keeps segments apart without relying on colour alone (the legend's
// swatches, in HTML, draw the same hatches in CSS).
function defs(id) {
  return s('defs', {}, s('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    s('rect', { width: 6, height: 6, class: 'seg-adults-bg' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'seg-hatch' })));
}

let patterns = 0;

// Horizontal bars, one or more per item (e.g. participations, then people split young/adults).
// series: [{label, bars: [{name, segments: [{key, value}]}]}]; decorative: the table holds the figures.
export function barChart(series, { width = 600 } = {}) {
  const pattern = `hachures-${++patterns}`;
  const bars = series.flatMap((item) => item.bars);
  const laid = stackedBars(bars, { width: width - 150 });
  const svg = s('svg', { class: 'bars', 'aria-hidden': 'true', focusable: 'false' }, defs(pattern));
  let y = 0;
  let k = 0;
  for (const item of series) {
    svg.append(s('text', { x: 0, y: y + 14, class: 'bar-label' }, item.label));
    y += 20;
    for (const bar of item.bars) {
      const row = laid[k++];
      for (const seg of row.segments) {
        if (seg.width > 0) svg.append(s('rect', { x: seg.x, y, width: seg.width, height: 16, class: `seg seg-${seg.key}`, fill: seg.key === 'adults' ? `url(#${pattern})` : null }));
      }
      const last = row.segments.at(-1);
      svg.append(s('text', { x: (last ? last.x + last.width : 0) + 6, y: y + 13, class: 'bar-value' }, `${bar.name} : ${row.total}`));
      y += 20;
    }
    y += 10;
  }
  const height = Math.max(y, 20);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  return svg;
}

// Monthly trend: one line per series, dots on each month, month labels under the axis.
export function trendChart(months, series, { width = 600, height = 180 } = {}) {
  const pad = { left: 36, right: 12, top: 10, bottom: 28 };
  const w = width - pad.left - pad.right;
  const ht = height - pad.top - pad.bottom;
  const top = niceMax(Math.max(0, ...series.flatMap((sr) => sr.values)));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'trend', 'aria-hidden': 'true', focusable: 'false' });
  for (const tick of [0, top / 2, top]) {
    const y = round(pad.top + ht - (tick / top) * ht);
    svg.append(s('line', { x1: pad.left, x2: width - pad.right, y1: y, y2: y, class: 'grid' }),
      s('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, String(tick)));
  }
  series.forEach((sr) => {
    const pts = linePoints(sr.values, { width: w, height: ht, max: top }).map(([x, y]) => [x + pad.left, y + pad.top]);
    svg.append(s('polyline', { points: pts.map((p) => p.join(',')).join(' '), class: `line line-${sr.key}` }));
    for (const [x, y] of pts) svg.append(s(sr.key === 'contacts' ? 'rect' : 'circle', sr.key === 'contacts' ? { x: x - 4, y: y - 4, width: 8, height: 8, class: `dot line-${sr.key}` } : { cx: x, cy: y, r: 4, class: `dot line-${sr.key}` }));
  });
  const xs = linePoints(months.map(() => 0), { width: w, height: ht, max: top });
  const every = Math.ceil(months.length / 12);
  months.forEach((m, i) => {
    if (i % every) return;
    svg.append(s('text', { x: xs[i][0] + pad.left, y: height - 8, 'text-anchor': 'middle', class: 'axis' }, m));
  });
  return svg;
}
