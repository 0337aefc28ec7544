// The page's side of the timetable: fetch it (the service worker keeps a copy offline) and
// talk to the search worker with promises.
const URL_TIMETABLE = '/api/transit/timetable';
let worker = null;
let loaded = null;
let nextId = 0;
const waiting = new Map();

function ask(type, payload = {}) {
  return new Promise((resolve, reject) => {
    nextId += 1;
    waiting.set(nextId, { resolve, reject });
    worker.postMessage({ id: nextId, type, ...payload });
  });
}

function start() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    const pending = waiting.get(data.id);
    if (!pending) return;
    waiting.delete(data.id);
    if (data.error) pending.reject(new Error(data.error));
    else pending.resolve(data.result);
  };
}

// The timetable's description (version, validity, feeds), or null when none is on the phone.
export function loadTimetable() {
  if (!loaded) {
    loaded = (async () => {
      let text;
      try {
        const response = await fetch(URL_TIMETABLE, { headers: { Accept: 'application/json' } });
        if (!response.ok) return null;
        text = await response.text();
      } catch {
        return null;
      }
      if (!worker) start();
      return ask('load', { text });
    })();
    loaded.then((info) => { if (!info) loaded = null; }, () => { loaded = null; });
  }
  return loaded;
}

export const findStops = (q) => ask('stops', { q });
export const plan = (query) => ask('plan', { query });
