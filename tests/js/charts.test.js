// Geometry of the dashboard's SVG charts: axis maxima, gauge arcs, bars and trend points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceMax, polar, arcPath, stackedBars, linePoints } from '../../pwa/js/charts.js';

test('niceMax: the smallest 1, 2, 2.5 or 5 × 10^k at least the value', () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(-3), 1);
  assert.equal(niceMax(Number.NaN), 1);
  assert.equal(niceMax(1), 1);
  assert.equal(niceMax(7), 10);
  assert.equal(niceMax(12), 20);
  assert.equal(niceMax(23), 25);
  assert.equal(niceMax(30), 50);
  assert.equal(niceMax(50), 50);
  assert.equal(niceMax(51), 100);
  assert.equal(niceMax(181), 200);
  assert.equal(niceMax(0.3), 0.5);
  for (let v = 1; v < 5000; v += 7) assert.ok(niceMax(v) >= v && niceMax(v) < 2.01 * v, `niceMax(${v})`);
});

test('polar: 12, 3, 6 and 9 o\'clock', () => {
  assert.deepEqual(polar(60, 60, 48, 0), [60, 12]);
  assert.deepEqual(polar(60, 60, 48, 0.25), [108, 60]);
  assert.deepEqual(polar(60, 60, 48, 0.5), [60, 108]);
  assert.deepEqual(polar(60, 60, 48, 0.75), [12, 60]);
});

test('arcPath: empty at 0, short and long arcs, a full ring at 1 and above', () => {
  assert.equal(arcPath(60, 60, 48, 0), '');
  assert.equal(arcPath(60, 60, 48, -0.5), '');
  assert.equal(arcPath(60, 60, 48, undefined), '');
  assert.equal(arcPath(60, 60, 48, 0.25), 'M 60 12 A 48 48 0 0 1 108 60');
  assert.equal(arcPath(60, 60, 48, 0.5), 'M 60 12 A 48 48 0 0 1 60 108');
  assert.equal(arcPath(60, 60, 48, 0.75), 'M 60 12 A 48 48 0 1 1 12 60', 'more than half: the large-arc flag');
  const full = 'M 60 12 A 48 48 0 1 1 60 108 A 48 48 0 1 1 60 12';
  assert.equal(arcPath(60, 60, 48, 1), full, 'two half arcs, since one arc to its own start draws nothing');
  assert.equal(arcPath(60, 60, 48, 2.4), full, 'beyond the target the ring stays full');
});

test('stackedBars: a shared scale, segments end to end, zero is no bar', () => {
  const rows = [
    { label: 'A', segments: [{ key: 'young', value: 6 }, { key: 'adults', value: 3 }, { key: 'unknown', value: 1 }] },
    { label: 'B', segments: [{ key: 'young', value: 0 }, { key: 'adults', value: 5 }] },
    { label: 'C', segments: [{ key: 'young', value: 0 }] },
  ];
  const laid = stackedBars(rows, { width: 300, rowHeight: 16, gap: 4 });
  assert.deepEqual(laid.map((r) => r.y), [0, 20, 40]);
  assert.deepEqual(laid.map((r) => r.total), [10, 5, 0]);
  assert.deepEqual(laid[0].segments.map((s) => [s.x, s.width]), [[0, 180], [180, 90], [270, 30]], 'the largest total spans the whole width (max 10)');
  assert.deepEqual(laid[1].segments.map((s) => [s.x, s.width]), [[0, 0], [0, 150]]);
  assert.deepEqual(laid[2].segments.map((s) => s.width), [0]);
  const scaled = stackedBars([{ segments: [{ key: 'p', value: 7 }] }], { width: 100 });
  assert.equal(scaled[0].segments[0].width, 70, '7 on a 0–10 axis');
  assert.equal(stackedBars([{ segments: [{ key: 'p', value: 7 }] }], { width: 100, max: 14 })[0].segments[0].width, 50);
});

test('linePoints: even steps from left to right, 0 at the bottom, the axis top at the top', () => {
  assert.deepEqual(linePoints([0, 5, 10], { width: 200, height: 100 }), [[0, 100], [100, 50], [200, 0]]);
  assert.deepEqual(linePoints([3], { width: 200, height: 100, max: 6 }), [[100, 50]], 'one month: in the middle');
  assert.deepEqual(linePoints([0, 0], { width: 10, height: 10 }), [[0, 10], [10, 10]], 'all zero: flat on the axis, no division by zero');
  assert.deepEqual(linePoints([], { width: 10, height: 10 }), []);
});
