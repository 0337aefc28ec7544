// The compact timetable (docs/transit.md) made ready for search: stops, nearby stops on
// foot, and the connections of one day, sorted by departure (Connection Scan's input).

export const WALK_M_PER_MIN = 70; // about 4 km/h on the ground
export const DETOUR = 1.25; // streets are longer than the straight line
export const FOOTPATH_M = 500; // changing stops on foot: at most this far apart
const DAY = 1440;

// Plain lowercase without accents, for matching names typed on a phone.
export const plain = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function metres(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  return Math.hypot(x, (lat2 - lat1) * rad) * 6371000;
}

export const walkMinutes = (m) => Math.ceil((m * DETOUR) / WALK_M_PER_MIN);

// Stops near a point, with the minutes to walk there, nearest first.
export function stopsNear(model, lat, lon, radius) {
  const out = [];
  model.stops.forEach((s, i) => {
    const d = metres(lat, lon, s.lat, s.lon);
    if (d <= radius) out.push({ stop: i, walk: walkMinutes(d), metres: Math.round(d) });
  });
  return out.sort((a, b) => a.metres - b.metres);
}

// Stops whose name starts with the commune's name ("Saint-Claude Gare" for Saint-Claude).
export function stopsOfCommune(model, commune) {
  const key = plain(commune).trim();
  if (!key) return [];
  return model.stops.flatMap((s, i) => {
    const name = s.key;
    return name.startsWith(key) && !/[a-z0-9'-]/.test(name.charAt(key.length)) ? [i] : [];
  });
}

function footpaths(stops, radius) {
  // A grid of cells about `radius` wide: only the 9 cells around a stop are compared.
  const cell = radius / 111000;
  const grid = new Map();
  const keyOf = (la, lo) => `${Math.floor(la / cell)}:${Math.floor(lo / (cell * 1.5))}`;
  stops.forEach((s, i) => {
    const k = keyOf(s.lat, s.lon);
    if (!grid.has(k)) grid.set(k, []);
    grid.get(k).push(i);
  });
  return stops.map((s, i) => {
    const out = [];
    const a = Math.floor(s.lat / cell);
    const b = Math.floor(s.lon / (cell * 1.5));
    for (let da = -1; da <= 1; da += 1) {
      for (let db = -1; db <= 1; db += 1) {
        for (const j of grid.get(`${a + da}:${b + db}`) || []) {
          if (j === i) continue;
          const d = metres(s.lat, s.lon, stops[j].lat, stops[j].lon);
          if (d <= radius) out.push([j, walkMinutes(d)]);
        }
      }
    }
    return out;
  });
}

// Decode the timetable once: absolute times per trip, stops, and footpaths.
export function prepare(tt, { footpathRadius = FOOTPATH_M } = {}) {
  const stops = tt.stops.map(([name, lat, lon]) => ({ name, lat, lon, key: plain(name) }));
  const times = tt.trips.map(([, , pattern, , first, ...deltas]) => {
    const n = tt.patterns[pattern].s.length;
    const out = new Int32Array(2 * n);
    const values = [first, ...deltas];
    let t = 0;
    for (let i = 0; i < n; i += 1) {
      const arr = i === 0 ? first : t + values[2 * i];
      out[2 * i] = arr;
      out[2 * i + 1] = arr + values[2 * i + 1];
      t = out[2 * i + 1];
    }
    return out;
  });
  const [y, m, d] = tt.start.split('-').map(Number);
  return { tt, stops, times, start: Date.UTC(y, m - 1, d), footpaths: footpaths(stops, footpathRadius), days: new Map() };
}

// Index of a calendar day (YYYY-MM-DD) in the timetable's service strings.
export function dayIndex(model, isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - model.start) / 86400000);
}

// The connections of a day, minutes from its midnight: yesterday's trips after midnight,
// today's, and tomorrow's (shifted by a day) for journeys that end after midnight.
export function connections(model, isoDate) {
  if (model.days.has(isoDate)) return model.days.get(isoDate);
  const { tt } = model;
  const day = dayIndex(model, isoDate);
  const list = [];
  tt.trips.forEach((trip, t) => {
    const bits = tt.services[trip[1]];
    const p = tt.patterns[trip[2]];
    const time = model.times[t];
    for (let shift = -1; shift <= 1; shift += 1) {
      if (bits[day + shift] !== '1') continue;
      const offset = shift * DAY;
      for (let i = 0; i + 1 < p.s.length; i += 1) {
        const dep = time[2 * i + 1] + offset;
        if (dep < 0) continue; // yesterday's trip before midnight: not today
        list.push([dep, time[2 * i + 2] + offset, t * 3 + shift + 1, i]);
      }
    }
  });
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
  const n = list.length;
  const c = { n, dep: new Int32Array(n), arr: new Int32Array(n), run: new Int32Array(n), seq: new Int16Array(n), from: new Int32Array(n), to: new Int32Array(n), pick: new Uint8Array(n), drop: new Uint8Array(n) };
  list.forEach(([dep, arr, run, i], k) => {
    const p = tt.patterns[tt.trips[Math.floor(run / 3)][2]];
    c.dep[k] = dep; c.arr[k] = arr; c.run[k] = run; c.seq[k] = i;
    c.from[k] = p.s[i]; c.to[k] = p.s[i + 1];
    c.pick[k] = p.p ? (p.p[i] === 1 ? 0 : 1) : 1;
    c.drop[k] = p.d ? (p.d[i + 1] === 1 ? 0 : 1) : 1;
  });
  model.days.set(isoDate, c);
  if (model.days.size > 3) model.days.delete(model.days.keys().next().value);
  return c;
}

// What a rider needs to know about a trip at one of its stops.
export function callInfo(model, run, seq) {
  const { tt } = model;
  const trip = tt.trips[Math.floor(run / 3)];
  const route = tt.routes[trip[0]];
  const agency = tt.agencies[route[0]];
  const p = tt.patterns[trip[2]];
  const rule = (list) => (list ? list[seq] : 0);
  const phoneIndex = p.b ? p.b[seq] : -1;
  return {
    line: route[1] || route[2], mode: route[3], agency: agency[0], headsign: tt.headsigns[trip[3]],
    feed: tt.feeds[agency[2]].name, stop: model.stops[p.s[seq]].name,
    pickOnDemand: [2, 3].includes(rule(p.p)), dropOnDemand: [2, 3].includes(rule(p.d)),
    phone: phoneIndex >= 0 ? tt.phones[phoneIndex] : null,
  };
}
