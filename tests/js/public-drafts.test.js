// What the young person types on a shared tablet leaves no trace: the call-back draft
// ('rappel') stays in memory only and expires (drafts.js), a refused call-back request keeps
// neither name nor phone and goes after a day (requests.js). Forms are minimal stand-ins for
// what ui.js formValues/setFormValues read (form.elements with name/type/value/checked) and
// what drafts.bind needs (dataset.draft, addEventListener); saveAll() needs `document` and is
// not tested here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, counterUuid } from './helpers.js';
import { createDrafts, PUBLIC_IDLE_MS } from '../../pwa/js/drafts.js';
import { createRequestQueue, REFUSED_KEPT_MS } from '../../pwa/js/requests.js';
import { ApiError, NetworkError } from '../../pwa/js/api.js';

const STORES = ['beneficiaries', 'contacts', 'outbox', 'meta', 'drafts', 'requests', 'rejections', 'views', 'public', 'favourites'];

// A form with text fields (and checkboxes for booleans) as the DOM would give them.
function fakeForm(draft, values = {}) {
  const listeners = new Map();
  const elements = Object.entries(values).map(([name, value]) => (typeof value === 'boolean'
    ? { name, type: 'checkbox', checked: value, value: 'on', disabled: false }
    : { name, type: 'text', value, disabled: false }));
  return {
    dataset: draft ? { draft } : {},
    elements,
    field(name) { return elements.find((e) => e.name === name); },
    addEventListener(type, fn) { listeners.set(type, [...(listeners.get(type) || []), fn]); },
    fire(type) { for (const fn of listeners.get(type) || []) fn({ type }); },
  };
}

const CALLBACK = { first_name: 'Léa', phone: '0612345678', message: 'Rappelez-moi après 17 h', majeur: true };
const blank = () => fakeForm('rappel', { first_name: '', phone: '', message: '', majeur: false });

async function setup() {
  const clock = { t: Date.parse('2026-11-25T09:00:00Z') };
  const db = await freshDb();
  const drafts = createDrafts(db, { now: () => clock.t });
  return { clock, db, drafts };
}

async function nothingStored(db) {
  for (const store of STORES) assert.deepEqual(await db.rawAll(store), [], `${store} is empty`);
}

test('the call-back draft is never written to IndexedDB', async () => {
  const { db, drafts } = await setup();
  await drafts.save(fakeForm('rappel', CALLBACK));
  assert.deepEqual(await db.rawAll('drafts'), []);
  await nothingStored(db);
});

test('the call-back draft is restored while PUBLIC_IDLE_MS has not passed since the last save', async () => {
  const { clock, drafts } = await setup();
  await drafts.save(fakeForm('rappel', CALLBACK));
  clock.t += PUBLIC_IDLE_MS;
  const form = blank();
  assert.equal(await drafts.bind(form), true);
  assert.equal(form.field('first_name').value, 'Léa');
  assert.equal(form.field('phone').value, '0612345678');
  assert.equal(form.field('message').value, 'Rappelez-moi après 17 h');
  assert.equal(form.field('majeur').checked, true);
});

test('the call-back draft is gone after PUBLIC_IDLE_MS, and stays gone', async () => {
  const { clock, drafts } = await setup();
  const start = clock.t;
  await drafts.save(fakeForm('rappel', CALLBACK));
  clock.t = start + PUBLIC_IDLE_MS + 1;
  const form = blank();
  assert.equal(await drafts.bind(form), false);
  assert.equal(form.field('first_name').value, '');
  assert.equal(form.field('phone').value, '');
  clock.t = start + 1000; // even a clock set back does not bring it back: it was forgotten
  assert.equal(await drafts.bind(blank()), false);
});

test('typing again keeps the call-back draft: the delay counts from the last save', async () => {
  const { clock, drafts } = await setup();
  const form = fakeForm('rappel', CALLBACK);
  await drafts.save(form);
  clock.t += PUBLIC_IDLE_MS - 1000;
  form.field('message').value = 'Plutôt le matin';
  await drafts.save(form);
  clock.t += PUBLIC_IDLE_MS - 1000;
  const again = blank();
  assert.equal(await drafts.bind(again), true);
  assert.equal(again.field('message').value, 'Plutôt le matin');
});

test('typing in a bound call-back form saves it in memory after 400 ms, never on disk', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { db, drafts } = await setup();
  const form = blank();
  assert.equal(await drafts.bind(form), false);
  form.field('first_name').value = 'Noé';
  form.field('phone').value = '0699887766';
  form.fire('input');
  t.mock.timers.tick(399);
  assert.equal(await drafts.bind(blank()), false, 'not saved before 400 ms');
  t.mock.timers.tick(1);
  const shown = blank();
  assert.equal(await drafts.bind(shown), true);
  assert.equal(shown.field('first_name').value, 'Noé');
  assert.equal(shown.field('phone').value, '0699887766');
  assert.deepEqual(await db.rawAll('drafts'), []);
});

test('discard and forgetPublic clear the call-back draft', async () => {
  const { drafts } = await setup();
  await drafts.save(fakeForm('rappel', CALLBACK));
  await drafts.discard('rappel');
  assert.equal(await drafts.bind(blank()), false);
  await drafts.save(fakeForm('rappel', CALLBACK));
  assert.equal(await drafts.bind(blank()), true);
  drafts.forgetPublic();
  assert.equal(await drafts.bind(blank()), false);
});

test('forgetPublic also cancels a save still waiting for the typing pause', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { drafts } = await setup();
  const form = blank();
  await drafts.bind(form);
  form.field('first_name').value = 'Noé';
  form.fire('input');
  drafts.forgetPublic();
  t.mock.timers.tick(1000);
  assert.equal(await drafts.bind(blank()), false);
});

test('the call-back draft is kept per app instance only (closing the app forgets it)', async () => {
  const { db, clock, drafts } = await setup();
  await drafts.save(fakeForm('rappel', CALLBACK));
  const reopened = createDrafts(db, { now: () => clock.t });
  assert.equal(await reopened.bind(blank()), false);
});

test('a staff draft, by contrast, is kept in IndexedDB, sealed, and survives; discard removes it', async () => {
  const { db, clock, drafts } = await setup();
  const form = fakeForm('contact-nouveau', { subject: 'Permis', notes: 'Léa Martinot rappelle' });
  await drafts.save(form);
  const [raw] = await db.rawAll('drafts');
  assert.equal(raw.key, 'contact-nouveau');
  assert.equal(raw.at, new Date(clock.t).toISOString());
  assert.ok(raw._s && !('values' in raw));
  assert.ok(!JSON.stringify(raw).includes('Martinot'));
  const reopened = createDrafts(db, { now: () => clock.t + 2 * PUBLIC_IDLE_MS });
  const shown = fakeForm('contact-nouveau', { subject: '', notes: '' });
  assert.equal(await reopened.bind(shown), true);
  assert.equal(shown.field('notes').value, 'Léa Martinot rappelle');
  await reopened.discard('contact-nouveau');
  assert.deepEqual(await db.rawAll('drafts'), []);
});

test('a form without data-draft is not saved', async () => {
  const { db, drafts } = await setup();
  await drafts.save(fakeForm(null, CALLBACK));
  await nothingStored(db);
});

// Requests: a fake API whose publicPost answers with what the test sets.
function fakeApi(answer) {
  const calls = [];
  return { calls, answer, async publicPost(path, body) { calls.push({ path, body }); return this.answer(path, body); } };
}

async function requestSetup(answer) {
  const clock = { t: Date.parse('2026-11-25T09:00:00Z') };
  const db = await freshDb();
  const api = fakeApi(answer);
  const queue = createRequestQueue(db, api, { uuid: counterUuid('r'), now: () => new Date(clock.t).toISOString() });
  return { clock, db, api, queue };
}
const refuse = () => { throw new ApiError(400, { detail: 'Numéro de téléphone invalide.' }); };
const PERSON = { first_name: 'Léa', last_name: 'Martinot', phone: '0612345678', message: 'Permis' };

test('a refused request keeps no name nor phone, only why it was refused', async () => {
  const { clock, db, api, queue } = await requestSetup(refuse);
  await queue.queue('/api/public/callback', PERSON);
  await queue.flush();
  assert.equal(api.calls.length, 1);
  const raw = await db.rawAll('requests');
  assert.equal(raw.length, 1);
  const [kept] = await db.getAll('requests');
  assert.equal(kept.body, null);
  assert.equal(raw[0].error, 'Numéro de téléphone invalide.');
  assert.equal(raw[0].refused_at, new Date(clock.t).toISOString());
  for (const value of ['Léa', 'Martinot', '0612345678']) assert.ok(!JSON.stringify(raw[0]).includes(value), value);
  await queue.flush();
  assert.equal(api.calls.length, 1, 'a refused request is not sent again');
});

test('a refused request disappears after REFUSED_KEPT_MS, not before', async () => {
  const { clock, queue } = await requestSetup(refuse);
  await queue.queue('/api/public/callback', PERSON);
  await queue.flush();
  const refusedAt = clock.t;
  clock.t = refusedAt + REFUSED_KEPT_MS;
  await queue.flush();
  assert.equal((await queue.list()).length, 1, 'exactly a day: still shown');
  clock.t = refusedAt + REFUSED_KEPT_MS + 1;
  await queue.flush();
  assert.deepEqual(await queue.list(), []);
});

test('the day counts from the refusal, not from when the request was typed', async () => {
  const { clock, api, queue } = await requestSetup(() => { throw new NetworkError(new Error('offline')); });
  await queue.queue('/api/public/callback', PERSON);
  await queue.flush();
  clock.t += 2 * REFUSED_KEPT_MS; // offline for two days
  api.answer = refuse;
  await queue.flush();
  const [refused] = await queue.list();
  assert.equal(refused.body, null);
  clock.t += REFUSED_KEPT_MS - 1;
  await queue.flush();
  assert.equal((await queue.list()).length, 1);
  clock.t += 2;
  await queue.flush();
  assert.deepEqual(await queue.list(), []);
});

test('offline or a server error is not a refusal: the request waits with its body, then leaves once sent', async () => {
  const { api, db, queue } = await requestSetup(() => { throw new NetworkError(new Error('offline')); });
  await queue.queue('/api/public/callback', PERSON);
  await queue.flush();
  api.answer = () => { throw new ApiError(503, { title: 'Service Unavailable' }); };
  await queue.flush();
  api.answer = () => { throw new ApiError(429, { title: 'Too Many Requests' }); };
  await queue.flush();
  const [waiting] = await db.getAll('requests');
  assert.deepEqual(waiting.body, PERSON);
  assert.equal(waiting.error, null);
  api.answer = () => ({ id: 'srv-1' });
  assert.equal(await queue.flush(), 1);
  assert.deepEqual(await db.rawAll('requests'), []);
  assert.equal(api.calls.length, 4);
  assert.deepEqual(api.calls.at(-1), { path: '/api/public/callback', body: PERSON });
});

test('a request queued offline is sealed on a signed-in tablet, in clear on a phone without account, and leaves once the tablet is open', async () => {
  const offline = () => { throw new NetworkError(new Error('offline')); };
  const { db, api, queue } = await requestSetup(offline);
  await queue.queue('/api/public/callback', PERSON);
  await queue.flush(); // offline: it waits
  const [sealed] = await db.rawAll('requests');
  assert.ok(sealed._s, 'sealed with the tablet\'s key');
  for (const value of ['Léa', 'Martinot', '0612345678']) assert.ok(!JSON.stringify(sealed).includes(value), value);
  const key = db.key;
  db.setKey(null); // the tablet was reloaded: the key is gone, the request stays
  assert.deepEqual((await queue.list()).map((r) => [r.id, r.locked]), [[sealed.id, true]]);
  await queue.queue('/api/public/callback', { ...PERSON, first_name: 'Noé' }); // typed while locked, offline
  await queue.flush();
  const clear = (await db.rawAll('requests')).find((r) => r.id !== sealed.id);
  assert.equal(clear.body.first_name, 'Noé', 'no key here: kept in clear rather than lost');
  api.answer = () => ({ status: 'ok' }); // the network is back, the tablet still locked
  assert.equal(await queue.flush(), 1, 'the clear one leaves, the sealed one waits for the key');
  db.setKey(key);
  await queue.flush();
  assert.deepEqual(api.calls.slice(-2).map((c) => c.body.first_name).sort(), ['Léa', 'Noé'], 'each sent once the network is back');
  assert.deepEqual(await db.rawAll('requests'), []);
});
