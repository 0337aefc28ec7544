// The app lock of a shared tablet (lock.js) on a real sealed Db (fake-indexeddb, real WebCrypto),
// with the clock injected and no DOM (target/doc null): phases, PIN tries, idle lock, password
// age, days without the server, lending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory } from 'fake-indexeddb';
import { openDb } from '../../pwa/js/db.js';
import { createKeyring, WrongSecret } from '../../pwa/js/vault.js';
import { createLock, pinProblem, contactOverdue, PIN_TRIES, DEFAULT_SETTINGS } from '../../pwa/js/lock.js';

const DAY = 86400000;
const MIN = 60000;
const HOUR = 3600000;
const PASSWORD = 'Tilleul-2026';
const PIN = '482915';

test('pinProblem accepts six digits that are neither repeated nor a straight run', () => {
  for (const pin of ['482915', '000001', '135790', '123457', '987645', '012340', '909090']) assert.equal(pinProblem(pin), null, pin);
});

test('pinProblem refuses a wrong length, a non-digit, one repeated digit and a straight run', () => {
  for (const pin of ['12345', '1234567', '', '12a456', '48291 ', ' 48291', '48 915', '４８２９１５', '482915\n']) {
    assert.match(pinProblem(pin), /exactement 6 chiffres/, JSON.stringify(pin));
  }
  for (const pin of ['111111', '000000', '999999']) assert.match(pinProblem(pin), /seul chiffre/, pin);
  for (const pin of ['123456', '654321', '012345', '987654', '345678', '543210']) assert.match(pinProblem(pin), /suite/, pin);
});

test('contactOverdue: never contacted is not overdue; past the limit, a far-ahead clock or garbage is', () => {
  const now = Date.parse('2026-11-25T09:00:00Z');
  const ago = (ms) => new Date(now - ms).toISOString();
  assert.equal(contactOverdue(null, now, 14), false);
  assert.equal(contactOverdue(undefined, now, 14), false);
  assert.equal(contactOverdue(ago(0), now, 14), false);
  assert.equal(contactOverdue(ago(13 * DAY), now, 14), false);
  assert.equal(contactOverdue(ago(14 * DAY), now, 14), false, 'exactly the limit is still fine');
  assert.equal(contactOverdue(ago(14 * DAY + 1), now, 14), true);
  assert.equal(contactOverdue(ago(15 * DAY), now, 14), true);
  assert.equal(contactOverdue(ago(15 * DAY), now, 30), false, 'the limit is the one given');
  assert.equal(contactOverdue(ago(-3 * DAY), now, 14), true, 'a date 3 days ahead: the clock was moved');
  assert.equal(contactOverdue(ago(-DAY / 2), now, 14), false, 'a few hours ahead is clock drift');
  assert.equal(contactOverdue('pas une date', now, 14), true);
  assert.equal(contactOverdue('2026-13-45T99:00:00Z', now, 14), true);
});

// A device with an account: its keyring stored, the clock at `t` (moved by the test).
async function setup({ withAccount = true } = {}) {
  const clock = { t: Date.parse('2026-11-25T09:00:00Z') };
  const now = () => clock.t;
  const db = await openDb(new IDBFactory(), 'lock');
  let keyring = null;
  if (withAccount) {
    keyring = await createKeyring({ accountId: 'u1', password: PASSWORD, iterations: 1000, at: new Date(clock.t).toISOString() });
    await db.setMeta('keyring', keyring.record);
  }
  const lock = createLock({ db, now, target: null, doc: null });
  const events = [];
  lock.onChange((why) => events.push(why));
  await lock.load();
  return { clock, db, lock, keyring, events };
}

// Signed in online (the key opened), the PIN chosen: the app is open.
async function openDevice() {
  const s = await setup();
  s.db.setKey(s.keyring.key);
  await s.lock.opened({ online: true });
  await s.lock.setPin(PIN);
  return s;
}

test('phases: none → set-pin once the keyring and key are there → open with a PIN → pin when locked', async () => {
  const s = await setup({ withAccount: false });
  assert.equal(s.lock.phase(), 'none');
  assert.equal(s.lock.staffVisible(), false);
  const { record, key } = await createKeyring({ accountId: 'u1', password: PASSWORD, iterations: 1000 });
  await s.db.setMeta('keyring', record);
  s.db.setKey(key);
  await s.lock.load();
  assert.equal(s.lock.phase(), 'set-pin');
  await s.lock.opened({ online: true });
  assert.equal(s.lock.phase(), 'set-pin', 'no PIN chosen yet on this device');
  await assert.rejects(s.lock.setPin('123456'), /suite/);
  assert.equal(s.lock.phase(), 'set-pin');
  await s.lock.setPin(PIN);
  assert.equal(s.lock.phase(), 'open');
  assert.equal(s.lock.staffVisible(), true);
  const raw = (await s.db.rawAll('meta')).find((r) => r.key === 'pin');
  assert.ok(raw._s && !('value' in raw), 'the PIN verifier is sealed');
  s.lock.lock();
  assert.equal(s.lock.phase(), 'pin');
  assert.equal(s.lock.staffVisible(), false);
  assert.equal(s.db.hasKey(), true, 'locked, the key stays in memory');
  assert.deepEqual(s.events.slice(-2), ['open', 'lock']);
});

test('without the key, an account here asks for the password', async () => {
  const s = await setup();
  assert.equal(s.lock.phase(), 'password');
  assert.deepEqual(await s.lock.tryPin(PIN), { ok: false, left: 0 }, 'no PIN without the key');
  assert.equal(s.lock.failures(), 0);
});

test('the right PIN opens a locked app', async () => {
  const s = await openDevice();
  s.lock.lock();
  assert.deepEqual(await s.lock.tryPin(PIN), { ok: true, left: PIN_TRIES });
  assert.equal(s.lock.phase(), 'open');
  assert.deepEqual(await s.lock.tryPin(PIN), { ok: false, left: 0 }, 'nothing to unlock when open (not lent)');
  assert.equal(s.lock.failures(), 0);
});

test('four wrong PINs leave tries; the fifth forgets the key and asks for the password', async () => {
  const s = await openDevice();
  s.lock.lock();
  const lefts = [];
  for (let i = 0; i < 4; i += 1) {
    const answer = await s.lock.tryPin('000001');
    assert.equal(answer.ok, false);
    lefts.push(answer.left);
    assert.equal(s.lock.phase(), 'pin');
    assert.equal(s.db.hasKey(), true);
  }
  assert.deepEqual(lefts, [4, 3, 2, 1]);
  assert.deepEqual(await s.lock.tryPin('000001'), { ok: false, left: 0 });
  assert.equal(s.db.hasKey(), false);
  assert.equal(s.lock.phase(), 'password');
  assert.equal(s.events.at(-1), 'pin-tries');
  assert.deepEqual(await s.lock.tryPin(PIN), { ok: false, left: 0 }, 'the right PIN no longer helps');
  assert.equal(s.db.hasKey(), false);
});

test('PINs typed before the previous answer still count: no more than PIN_TRIES are checked',
  async () => {
    const s = await openDevice();
    s.lock.lock();
    // Five wrong PINs and the right one submitted at once (Enter pressed again before the answer).
    const answers = await Promise.all([...Array(PIN_TRIES).fill('000001'), PIN].map((pin) => s.lock.tryPin(pin)));
    assert.equal(s.db.hasKey(), false, 'five wrong PINs forget the key');
    assert.equal(s.lock.phase(), 'password');
    assert.deepEqual(answers.at(-1), { ok: false, left: 0 }, 'the sixth PIN is not checked: it must not say it was right');
  });

test('the right PIN resets the count of wrong ones', async () => {
  const s = await openDevice();
  s.lock.lock();
  for (let i = 0; i < 4; i += 1) await s.lock.tryPin('000001');
  assert.equal((await s.lock.tryPin(PIN)).ok, true);
  s.lock.lock();
  for (let i = 0; i < 4; i += 1) await s.lock.tryPin('000001');
  assert.equal(s.db.hasKey(), true, '4 + 4 wrong PINs with a right one between: the key stays');
  assert.equal(s.lock.phase(), 'pin');
});

test('unlockWithPassword: a wrong password is WrongSecret; the right one opens, with the PIN already chosen', async () => {
  const s = await openDevice();
  s.lock.forget();
  assert.equal(s.lock.phase(), 'password');
  await assert.rejects(s.lock.unlockWithPassword('Tilleul-2025'), WrongSecret);
  assert.equal(s.db.hasKey(), false);
  assert.equal(s.lock.phase(), 'password');
  await s.lock.unlockWithPassword(PASSWORD);
  assert.equal(s.db.hasKey(), true);
  assert.equal(s.lock.phase(), 'open', 'the PIN verifier is still there: no new PIN asked');
  // The key opened is this account's: the files sealed before still read.
  await s.db.put('beneficiaries', { id: 'b1', first_name: 'Léa' });
  s.lock.forget();
  await s.lock.unlockWithPassword(PASSWORD);
  assert.equal((await s.db.get('beneficiaries', 'b1')).first_name, 'Léa');
});

test('a new lock on the same device (app reopened) needs the password, then the PIN it had', async () => {
  const s = await openDevice();
  s.db.setKey(null); // the page was closed: the key in memory is gone
  const again = createLock({ db: s.db, now: () => s.clock.t, target: null, doc: null });
  await again.load();
  assert.equal(again.phase(), 'password');
  await assert.rejects(again.unlockWithPassword('faux'), WrongSecret);
  await again.unlockWithPassword(PASSWORD);
  assert.equal(again.phase(), 'open');
});

test('unlockWithPassword without an account here says so', async () => {
  const s = await setup({ withAccount: false });
  await assert.rejects(s.lock.unlockWithPassword(PASSWORD), /Aucun compte/);
});

test('tick locks after lock_idle_minutes without activity, not before', async () => {
  const s = await openDevice();
  const start = s.clock.t;
  s.clock.t = start + DEFAULT_SETTINGS.lock_idle_minutes * MIN;
  s.lock.tick();
  assert.equal(s.lock.phase(), 'open', 'exactly the limit: still open');
  s.clock.t += 1;
  s.lock.tick();
  assert.equal(s.lock.phase(), 'pin');
  assert.equal(s.events.at(-1), 'idle');
  assert.equal(s.db.hasKey(), true);
  // A PIN typed is activity: the idle count starts again from there.
  assert.equal((await s.lock.tryPin(PIN)).ok, true);
  s.clock.t += 4 * MIN;
  s.lock.tick();
  assert.equal(s.lock.phase(), 'open');
});

test('the idle limit comes from the device settings, kept for the next start', async () => {
  const s = await openDevice();
  await s.lock.setSettings({ lock_idle_minutes: 1, password_hours: 2 });
  assert.deepEqual(s.lock.settings(), { ...DEFAULT_SETTINGS, lock_idle_minutes: 1, password_hours: 2 });
  s.clock.t += MIN + 1;
  s.lock.tick();
  assert.equal(s.lock.phase(), 'pin');
  const again = createLock({ db: s.db, now: () => s.clock.t, target: null, doc: null });
  await again.load();
  assert.equal(again.settings().lock_idle_minutes, 1);
  assert.equal(again.settings().offline_days, DEFAULT_SETTINGS.offline_days);
});

test('tick forgets the key once the password is older than password_hours, even when active', async () => {
  const s = await openDevice();
  await s.lock.setSettings({ lock_idle_minutes: 24 * 60 }); // never idle here: only the password age counts
  const start = s.clock.t;
  s.clock.t = start + DEFAULT_SETTINGS.password_hours * HOUR;
  s.lock.tick();
  assert.equal(s.db.hasKey(), true, 'exactly the limit: kept');
  assert.equal(s.lock.phase(), 'open');
  s.clock.t += 1;
  s.lock.tick();
  assert.equal(s.db.hasKey(), false);
  assert.equal(s.lock.phase(), 'password');
  assert.equal(s.events.at(-1), 'expired');
  // The password opens it again and starts a new period.
  await s.lock.unlockWithPassword(PASSWORD);
  s.clock.t += HOUR;
  s.lock.tick();
  assert.equal(s.db.hasKey(), true);
  assert.equal(s.lock.phase(), 'open');
});

test('a locked app (PIN screen) also forgets its key at the password age', async () => {
  const s = await openDevice();
  s.clock.t += DEFAULT_SETTINGS.lock_idle_minutes * MIN + 1;
  s.lock.tick();
  assert.equal(s.lock.phase(), 'pin');
  s.clock.t += DEFAULT_SETTINGS.password_hours * HOUR;
  s.lock.tick();
  assert.equal(s.db.hasKey(), false);
  assert.equal(s.lock.phase(), 'password');
});

test('too long without the server: the contact phase, and tick forgets the key', async () => {
  const s = await openDevice(); // signed in online: last contact now
  s.clock.t += 13 * DAY;
  assert.notEqual(s.lock.phase(), 'contact');
  s.clock.t += 2 * DAY;
  assert.equal(s.lock.phase(), 'contact');
  s.lock.tick();
  assert.equal(s.db.hasKey(), false);
  assert.equal(s.lock.phase(), 'contact', 'the password alone is not enough: the server must be reached');
  await s.lock.unlockWithPassword(PASSWORD);
  assert.equal(s.lock.phase(), 'contact', 'offline unlock does not count as contact');
  await s.lock.contacted();
  assert.equal(s.lock.phase(), 'open');
  assert.equal(await s.db.getMeta('last_contact'), new Date(s.clock.t).toISOString());
});

test('the last contact survives a restart', async () => {
  const s = await openDevice();
  s.clock.t += 15 * DAY;
  s.db.setKey(null);
  const again = createLock({ db: s.db, now: () => s.clock.t, target: null, doc: null });
  await again.load();
  assert.equal(again.phase(), 'contact');
});

test('lending: lend() shows only the youth space; the right PIN ends it', async () => {
  const s = await openDevice();
  await s.lock.lend();
  assert.equal(s.lock.lent(), true);
  assert.equal(s.lock.staffVisible(), false);
  assert.equal(await s.db.getMeta('lent'), true);
  assert.equal(s.events.at(-1), 'lend');
  // Idle while lent: not locked (the young person keeps the tablet), their drafts are dropped.
  s.clock.t += DEFAULT_SETTINGS.lock_idle_minutes * MIN + 1;
  s.lock.tick();
  assert.equal(s.events.at(-1), 'lent-idle');
  assert.equal(s.lock.phase(), 'open');
  assert.equal(s.lock.lent(), true);
  assert.deepEqual(await s.lock.tryPin('000001'), { ok: false, left: PIN_TRIES - 1 });
  assert.equal(s.lock.lent(), true);
  assert.equal((await s.lock.tryPin(PIN)).ok, true);
  assert.equal(s.lock.lent(), false);
  assert.equal(s.lock.staffVisible(), true);
  assert.equal(await s.db.getMeta('lent'), false);
});

test('lending survives a restart, and the password ends it', async () => {
  const s = await openDevice();
  await s.lock.lend();
  s.db.setKey(null);
  const again = createLock({ db: s.db, now: () => s.clock.t, target: null, doc: null });
  await again.load();
  assert.equal(again.lent(), true);
  await again.unlockWithPassword(PASSWORD);
  assert.equal(again.lent(), false);
  assert.equal(again.staffVisible(), true);
  assert.equal(await s.db.getMeta('lent'), false);
});

test('five wrong PINs while lent forget the key too', async () => {
  const s = await openDevice();
  await s.lock.lend();
  for (let i = 0; i < PIN_TRIES; i += 1) await s.lock.tryPin('000001');
  assert.equal(s.db.hasKey(), false);
  assert.equal(s.lock.phase(), 'password');
});

test('reset forgets the account (the device was wiped)', async () => {
  const s = await openDevice();
  await s.lock.lend();
  s.lock.forget('wipe');
  await s.db.clearAccountData();
  s.lock.reset();
  assert.equal(s.lock.phase(), 'none');
  assert.equal(s.lock.lent(), false);
  assert.deepEqual(s.events.slice(-2), ['wipe', 'reset']);
});
