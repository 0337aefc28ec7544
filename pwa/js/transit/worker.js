// The search runs here, off the page's thread: the page never freezes on a slow phone.
import { prepare, stopsNear, stopsOfCommune, plain } from './timetable.js';
import { nextJourneys, departures } from './csa.js';

const DESTINATION_M = 1500; // the offer's place: stops this close, then on foot
let model = null;

function info() {
  const { tt } = model;
  return { version: tt.version, validFrom: tt.valid_from, validTo: tt.valid_to, feeds: tt.feeds, stops: model.stops.length };
}

function findStops(q) {
  const key = plain(q).trim();
  if (key.length < 2) return [];
  const words = key.split(/\s+/);
  return model.stops.map((s, i) => ({ stop: i, name: s.name, key: s.key }))
    .filter((s) => words.every((w) => s.key.includes(w)))
    .sort((a, b) => a.key.indexOf(words[0]) - b.key.indexOf(words[0]) || a.name.localeCompare(b.name, 'fr'))
    .slice(0, 8).map(({ stop, name }) => ({ stop, name }));
}

function withFootpaths(stops) {
  const out = new Map(stops.map((s) => [s, 0]));
  for (const s of stops) for (const [near, walk] of model.footpaths[s]) if (!out.has(near) || out.get(near) > walk) out.set(near, walk);
  return [...out].map(([stop, walk]) => ({ stop, walk }));
}

function place(where, radius) {
  if (where.stop !== undefined) return withFootpaths([where.stop]);
  if (where.lat !== undefined) return stopsNear(model, where.lat, where.lon, radius);
  return withFootpaths(stopsOfCommune(model, where.commune));
}

function plan({ date, time, from, to, count = 3 }) {
  const started = performance.now();
  const sources = place(from, 1000);
  const targets = place(to, DESTINATION_M);
  const origin = sources.filter((s) => s.walk === 0).map((s) => s.stop);
  const result = {
    fromStops: origin.map((s) => model.stops[s].name), toStops: targets.length,
    departures: sources.length ? departures(model, date, { stops: origin, time }) : [],
    journeys: sources.length && targets.length ? nextJourneys(model, date, { sources, targets, time }, count) : [],
  };
  result.ms = performance.now() - started;
  return result;
}

self.onmessage = ({ data }) => {
  const { id, type } = data;
  try {
    let result;
    if (type === 'load') {
      model = prepare(JSON.parse(data.text));
      result = info();
    } else if (!model) throw new Error('Aucun horaire chargé.');
    else if (type === 'stops') result = findStops(data.q);
    else if (type === 'plan') result = plan(data.query);
    else throw new Error(`Demande inconnue : ${type}`);
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: String((err && err.message) || err) });
  }
};
