// Connection Scan on a hand-made timetable: every answer below was worked out by hand
// from tests/js/transit-fixture.json (Monday 2 March 2026; Wednesday the 4th is an exception).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { prepare, connections, stopsNear, stopsOfCommune, walkMinutes, metres, dayIndex } from '../../pwa/js/transit/timetable.js';
import { journeys, nextJourneys, departures } from '../../pwa/js/transit/csa.js';

const tt = JSON.parse(readFileSync(new URL('./transit-fixture.json', import.meta.url)));
const [LAVANS, GARE, CENTRE, SEPTMONCEL, OYONNAX, PESSE] = [0, 1, 2, 3, 4, 5];
const at = (h, m = 0) => h * 60 + m;
const from = (stop) => [{ stop, walk: 0 }];
const summary = (j) => j.legs.map((l) => (l.ride ? `${l.line} ${l.from}→${l.to} ${l.dep}-${l.arr}` : `à pied ${l.walk} min ${l.from || 'départ'}→${l.to || 'arrivée'}`));

test('nearby stops are linked on foot at walking speed', () => {
  const model = prepare(tt);
  // 230 m between the two Saint-Claude stops: ×1.25 for the streets, at 70 m/min: 5 min.
  assert.equal(Math.round(metres(46.3872, 5.8633, 46.3872, 5.8663)), 230);
  assert.equal(walkMinutes(230), 5);
  assert.deepEqual(model.footpaths[GARE], [[CENTRE, 5]]);
  assert.deepEqual(model.footpaths[LAVANS], []);
});

test('Monday: bus 1, a walk between stops, then bus 2 (one change)', () => {
  const model = prepare(tt);
  const [j] = journeys(model, '2026-03-02', { sources: from(LAVANS), targets: from(SEPTMONCEL), time: at(6, 50) });
  assert.deepEqual(summary(j), [
    `1 Lavans-lès-Saint-Claude Mairie→Saint-Claude Gare ${at(7)}-${at(7, 20)}`,
    'à pied 5 min Saint-Claude Gare→Saint-Claude Centre',
    `2 Saint-Claude Centre→Septmoncel Village ${at(7, 30)}-${at(7, 50)}`]);
  assert.equal(j.changes, 1);
  assert.equal(j.arr, at(7, 50));
});

test('Wednesday 4 March, calendar exception: the 7:00 bus does not run, the 8:00 one does', () => {
  const model = prepare(tt);
  const [j] = journeys(model, '2026-03-04', { sources: from(LAVANS), targets: from(SEPTMONCEL), time: at(6, 50) });
  assert.equal(j.legs[0].dep, at(8));
  assert.equal(j.arr, at(9, 20)); // the 8:25 walk misses nothing until the 9:00 bus 2
  // The exception day has its own replacement: the on-demand bus to La Pesse.
  const [tad] = journeys(model, '2026-03-04', { sources: from(LAVANS), targets: from(PESSE), time: at(6) });
  assert.deepEqual(tad.legs.map((l) => [l.line, l.dep, l.arr, l.onDemand, l.phone]), [['TAD', at(7, 10), at(7, 40), true, '03 84 00 00 02']]);
  assert.deepEqual(journeys(model, '2026-03-02', { sources: from(LAVANS), targets: from(PESSE), time: at(6) }), []);
});

test('a trip after midnight belongs to the day before, and an exception that day removes it', () => {
  const model = prepare(tt);
  // Tuesday's night bus: 23:50 from the station, Lavans at 00:15 (minute 1455 of Tuesday).
  const [tuesday] = journeys(model, '2026-03-03', { sources: from(GARE), targets: from(LAVANS), time: at(23, 30) });
  assert.equal(tuesday.arr, at(24, 15));
  // Wednesday 00:00, from the centre: still Tuesday's bus (its service ran on Tuesday).
  const [wednesday] = journeys(model, '2026-03-04', { sources: from(CENTRE), targets: from(LAVANS), time: 0 });
  assert.deepEqual([wednesday.legs[0].dep, wednesday.arr], [0, 15]);
  // Thursday 00:00: Wednesday's service is off (the exception): the next is Thursday night.
  const [thursday] = journeys(model, '2026-03-05', { sources: from(CENTRE), targets: from(LAVANS), time: 0 });
  assert.deepEqual([thursday.legs[0].dep, thursday.arr], [at(24), at(24, 15)]);
});

test('two changes at most: Lavans to Oyonnax takes three vehicles', () => {
  const model = prepare(tt);
  const [j] = journeys(model, '2026-03-02', { sources: from(LAVANS), targets: from(OYONNAX), time: at(6, 50) });
  assert.equal(j.changes, 2);
  assert.deepEqual(j.legs.filter((l) => l.ride).map((l) => l.line), ['1', '2', 'TER']);
  assert.equal(j.arr, at(9));
  assert.deepEqual(journeys(model, '2026-03-02', { sources: from(LAVANS), targets: from(OYONNAX), time: at(6, 50), maxRides: 2 }), []);
});

test('walking to the first stop and from the last one, from a point on the map', () => {
  const model = prepare(tt);
  // 600 m west of the Lavans stop: 11 minutes on foot (600 × 1.25 / 70 = 10.7).
  const sources = stopsNear(model, 46.3833, 5.7833 - 600 / (111195 * Math.cos(46.3833 * Math.PI / 180)), 1000);
  assert.deepEqual(sources.map((s) => [s.stop, s.walk]), [[LAVANS, 11]]);
  const [j] = journeys(model, '2026-03-02', { sources, targets: [{ stop: SEPTMONCEL, walk: 4 }], time: at(6, 30) });
  assert.deepEqual(summary(j)[0], 'à pied 11 min départ→Lavans-lès-Saint-Claude Mairie');
  assert.equal(j.legs[0].dep, at(6, 49)); // leave just in time for the 7:00 bus
  assert.deepEqual(summary(j).at(-1), 'à pied 4 min Septmoncel Village→arrivée');
  assert.equal(j.arr, at(7, 54));
  // Leaving too late to walk there for 7:00: the 8:00 bus.
  const [late] = journeys(model, '2026-03-02', { sources, targets: [{ stop: SEPTMONCEL, walk: 4 }], time: at(6, 50) });
  assert.equal(late.arr, at(9, 24));
});

test('the next journeys: one after the other', () => {
  const model = prepare(tt);
  const list = nextJourneys(model, '2026-03-02', { sources: from(LAVANS), targets: from(SEPTMONCEL), time: at(6, 50) }, 2);
  assert.deepEqual(list.map((j) => [j.dep, j.arr]), [[at(7), at(7, 50)], [at(8), at(9, 20)]]);
});

test('next departures from a stop, each trip once, with its line and direction', () => {
  const model = prepare(tt);
  const list = departures(model, '2026-03-02', { stops: [CENTRE], time: at(7) });
  assert.deepEqual(list.map((d) => [d.dep, d.line, d.headsign]), [[at(7, 30), '2', 'Septmoncel'], [at(9), '2', 'Septmoncel'], [at(24), 'N', 'Lavans']]);
  // On-demand: said so, with the number to call; never a stop where boarding is not allowed.
  const tad = departures(model, '2026-03-04', { stops: [LAVANS, PESSE], time: 0 });
  assert.deepEqual(tad.filter((d) => d.onDemand).map((d) => [d.line, d.phone]), [['TAD', '03 84 00 00 02']]);
  assert.ok(!tad.some((d) => d.stop === 'La Pesse Centre'));
});

test('stops of a commune by name, and days outside the timetable', () => {
  const model = prepare(tt);
  assert.deepEqual(stopsOfCommune(model, 'saint-claude'), [GARE, CENTRE]);
  assert.deepEqual(stopsOfCommune(model, 'Lavans-lès-Saint-Claude'), [LAVANS]);
  assert.deepEqual(stopsOfCommune(model, 'Saint'), []);
  assert.equal(dayIndex(model, '2026-03-02'), 1);
  assert.equal(connections(model, '2026-04-01').n, 0);
});
