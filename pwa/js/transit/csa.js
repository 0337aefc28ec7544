// Connection Scan Algorithm (Dibbelt, Pajor, Strasser, Wagner), earliest arrival with at
// most MAX_RIDES vehicles (2 changes), walking to, from and between nearby stops.
import { connections, callInfo } from './timetable.js';

export const MAX_RIDES = 3;
export const CHANGE_MIN = 2; // minutes to change vehicle at the same stop
const NONE = 127;
const VEHICLE = 1;
const WALK = 2;

// Labels reused from one scan to the next: a phone's garbage collector has less to do.
function buffers(model) {
  if (!model.buffers) {
    const n = model.stops.length;
    const levels = MAX_RIDES + 1;
    const runs = model.tt.trips.length * 3;
    const per = (Type) => Array.from({ length: levels }, () => new Type(n));
    model.buffers = { best: per(Float64Array), kind: per(Uint8Array), ptrA: per(Int32Array), ptrB: per(Int32Array), onBoard: new Uint8Array(runs), boarded: new Int32Array(runs * levels) };
  }
  return model.buffers;
}

// One scan from `time` (minutes after the day's midnight). sources/targets: [{stop, walk}].
export function scan(model, isoDate, { sources, targets, time, maxRides = MAX_RIDES }) {
  const c = connections(model, isoDate);
  const levels = MAX_RIDES + 1;
  maxRides = Math.min(maxRides, MAX_RIDES);
  const { best, kind, ptrA, ptrB, onBoard, boarded } = buffers(model);
  for (let k = 0; k < levels; k += 1) { best[k].fill(Infinity); kind[k].fill(0); }
  onBoard.fill(NONE); // fewest vehicles so far when on this run; `boarded`: where, per count
  for (const { stop, walk } of sources) if (time + walk < best[0][stop]) best[0][stop] = time + walk;
  const targetWalk = new Map(targets.map(({ stop, walk }) => [stop, walk]));
  let bound = Infinity; // best arrival at the destination so far: later departures can't help
  const improve = (level, stop, at, how, a, b) => {
    if (at >= best[level][stop]) return;
    best[level][stop] = at; kind[level][stop] = how; ptrA[level][stop] = a; ptrB[level][stop] = b;
    const w = targetWalk.get(stop);
    if (w !== undefined && at + w < bound) bound = at + w;
  };
  let i = 0;
  while (i < c.n && c.dep[i] < time) i += 1;
  for (; i < c.n && c.dep[i] < bound; i += 1) {
    const run = c.run[i];
    let rides = onBoard[run];
    if (c.pick[i]) {
      // Board here only with fewer vehicles than the run is already reached with.
      const from = c.from[i];
      const limit = rides === NONE ? maxRides : rides - 1;
      for (let k = 0; k < limit; k += 1) {
        const slack = kind[k][from] === VEHICLE ? CHANGE_MIN : 0;
        if (best[k][from] + slack <= c.dep[i]) {
          rides = k + 1; onBoard[run] = rides; boarded[run * levels + rides] = i;
          break;
        }
      }
    }
    if (rides === NONE || !c.drop[i]) continue;
    const to = c.to[i];
    const at = c.arr[i];
    if (at < best[rides][to]) {
      improve(rides, to, at, VEHICLE, boarded[run * levels + rides], i);
      for (const [near, walk] of model.footpaths[to]) improve(rides, near, at + walk, WALK, to, walk);
    }
  }
  return { c, best, kind, ptrA, ptrB, targetWalk };
}

function legsTo(model, state, level, stop, origin) {
  const { c, kind, ptrA, ptrB, best } = state;
  const legs = [];
  for (let guard = 0; level > 0 && guard < 20; guard += 1) {
    if (kind[level][stop] === WALK) {
      const from = ptrA[level][stop];
      legs.push({ walk: ptrB[level][stop], from: model.stops[from].name, to: model.stops[stop].name, dep: best[level][from], arr: best[level][stop] });
      stop = from;
      continue;
    }
    const b = ptrA[level][stop];
    const e = ptrB[level][stop];
    const board = callInfo(model, c.run[b], c.seq[b]);
    const exit = callInfo(model, c.run[e], c.seq[e] + 1);
    legs.push({
      ride: true, line: board.line, mode: board.mode, agency: board.agency, headsign: board.headsign,
      feed: board.feed, from: board.stop, to: exit.stop, dep: c.dep[b], arr: c.arr[e],
      onDemand: board.pickOnDemand || exit.dropOnDemand,
      phone: (board.pickOnDemand && board.phone) || (exit.dropOnDemand && exit.phone) || board.phone || exit.phone,
    });
    stop = c.from[b];
    level -= 1;
  }
  legs.reverse();
  const first = origin.get(stop);
  // Leave just in time to walk to the first stop (the scan assumed leaving at once).
  if (first) legs.unshift({ walk: first, from: null, to: model.stops[stop].name, dep: legs[0].dep - first, arr: legs[0].dep });
  return legs;
}

// The best journeys leaving at or after `time`: fewest rides first, each kept only when it
// arrives earlier than every journey with fewer rides.
export function journeys(model, isoDate, query) {
  const state = scan(model, isoDate, query);
  const origin = new Map(query.sources.map(({ stop, walk }) => [stop, walk]));
  const out = [];
  let earliest = Infinity;
  for (let level = 1; level <= (query.maxRides || MAX_RIDES); level += 1) {
    let bestStop = -1;
    let bestAt = Infinity;
    for (const [stop, walk] of state.targetWalk) {
      if (state.best[level][stop] + walk < bestAt) { bestAt = state.best[level][stop] + walk; bestStop = stop; }
    }
    if (bestStop < 0 || bestAt >= earliest) continue;
    earliest = bestAt;
    const legs = legsTo(model, state, level, bestStop, origin);
    const last = state.targetWalk.get(bestStop);
    if (last) legs.push({ walk: last, from: model.stops[bestStop].name, to: null, dep: bestAt - last, arr: bestAt });
    out.push({ dep: legs[0].dep, arr: bestAt, changes: level - 1, legs });
  }
  return out;
}

// Several departure times: the best journeys, then again from just after the first one leaves.
export function nextJourneys(model, isoDate, query, count = 3) {
  const found = [];
  let time = query.time;
  for (let round = 0; round < count * 2 && found.length < count; round += 1) {
    const options = journeys(model, isoDate, { ...query, time });
    if (!options.length) break;
    for (const j of options) {
      if (found.length < count && !found.some((f) => f.arr === j.arr && f.dep === j.dep)) found.push(j);
    }
    time = Math.min(...options.map((j) => j.dep)) + 1;
  }
  return found.sort((a, b) => a.dep - b.dep || a.arr - b.arr);
}

// The next vehicles leaving from these stops within a day (each trip once), with where they go.
export function departures(model, isoDate, { stops, time, limit = 8 }) {
  const c = connections(model, isoDate);
  const wanted = new Set(stops);
  const seen = new Set();
  const out = [];
  for (let i = 0; i < c.n && out.length < limit && c.dep[i] < time + 1440; i += 1) {
    if (c.dep[i] < time || !c.pick[i] || !wanted.has(c.from[i]) || seen.has(c.run[i])) continue;
    seen.add(c.run[i]);
    const info = callInfo(model, c.run[i], c.seq[i]);
    out.push({ dep: c.dep[i], line: info.line, mode: info.mode, headsign: info.headsign, stop: info.stop, agency: info.agency, onDemand: info.pickOnDemand, phone: info.phone });
  }
  return out;
}
