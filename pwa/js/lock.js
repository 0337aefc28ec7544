// The app lock of a shared tablet. The data key lives only in memory: the password opens it
// (offline, from the keyring) or an online sign-in does. A 6-digit PIN then unlocks the app
// while the key is still in memory; the app locks after a few idle minutes and when it goes to
// the background. Five wrong PINs, the password age limit (default 8 h), closing the app, or
// too long without reaching the server (default 14 days) forget the key: the password again.
// « Prêter la tablette » shows only the youth space until the PIN is typed.

import { openWithPassword, pinVerifier, pinMatches } from './vault.js';

export const DEFAULT_SETTINGS = { lock_idle_minutes: 5, password_hours: 8, offline_days: 14 };
export const PIN_TRIES = 5;
export const CHECK_EVERY_MS = 5000;
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'];

// Pure: a PIN the app accepts (6 digits, not all the same, not a straight run).
export function pinProblem(pin) {
  if (!/^\d{6}$/.test(pin)) return 'Le code doit avoir exactement 6 chiffres.';
  const d = [...pin].map(Number);
  if (d.every((x) => x === d[0])) return 'Évitez un code fait d\'un seul chiffre répété.';
  const steps = d.slice(1).map((x, i) => x - d[i]);
  if (steps.every((s) => s === 1) || steps.every((s) => s === -1)) return 'Évitez une suite comme 123456.';
  return null;
}

// Pure: must the device reach the server before it opens files again?
export function contactOverdue(lastContact, nowMs, days) {
  if (!lastContact) return false; // never signed in here yet: the sign-in is the contact
  const t = Date.parse(lastContact);
  return !Number.isFinite(t) || nowMs - t > days * 86400000 || t - nowMs > 86400000; // a clock far ahead counts too
}

export function createLock({ db, now = () => Date.now(), target = globalThis.window, doc = globalThis.document } = {}) {
  const s = { account: false, locked: true, lent: false, pinSet: false, failures: 0, passwordAt: 0, lastActivity: now(), settings: { ...DEFAULT_SETTINGS }, lastContact: null };
  const listeners = new Set();
  const notify = (why) => { for (const fn of listeners) fn(why); };

  async function load() {
    const [keyring, lent, settings, lastContact] = await Promise.all(['keyring', 'lent', 'device_settings', 'last_contact'].map((k) => db.getMeta(k)));
    s.account = Boolean(keyring);
    s.lent = Boolean(lent) && s.account;
    s.settings = { ...DEFAULT_SETTINGS, ...(settings || {}) };
    s.lastContact = lastContact;
  }

  const overdue = () => s.account && contactOverdue(s.lastContact, now(), s.settings.offline_days);

  // 'none' (no account here), 'contact' (password AND the server), 'password', 'set-pin',
  // 'pin' (locked, key in memory) or 'open'.
  function phase() {
    if (!s.account) return 'none';
    if (overdue()) return 'contact';
    if (!db.hasKey()) return 'password';
    if (!s.pinSet) return 'set-pin';
    return s.locked ? 'pin' : 'open';
  }

  // The key is open: by the password here, or by an online sign-in (`online`).
  async function opened({ online = false } = {}) {
    s.account = true;
    s.passwordAt = now();
    s.failures = 0;
    s.locked = false;
    s.lastActivity = now();
    if (online) await contacted();
    if (s.lent) await endLend(); // the password means the referent is back
    s.pinSet = Boolean(await db.getMeta('pin'));
    notify('open');
  }

  async function unlockWithPassword(password) {
    const keyring = await db.getMeta('keyring');
    if (!keyring) throw new Error('Aucun compte sur cet appareil.');
    db.setKey(await openWithPassword(keyring, password)); // WrongSecret when wrong
    await opened();
  }

  async function setPin(pin) {
    const problem = pinProblem(pin);
    if (problem) throw new Error(problem);
    await db.setMeta('pin', await pinVerifier(pin));
    s.pinSet = true;
    s.locked = false;
    notify('open');
  }

  // Forget the key (and everything decrypted with it): the password is needed again.
  function forget(why = 'forget') {
    db.setKey(null);
    s.locked = true;
    s.failures = 0;
    s.pinSet = false;
    notify(why);
  }

  function lock(why = 'lock') {
    if (s.locked || !db.hasKey()) return;
    s.locked = true;
    notify(why);
  }

  // Returns {ok, left}: tries left before the password is needed. One check at a time: PINs
  // typed before the previous answer wait, and each looks at the phase again.
  let checking = Promise.resolve();
  function tryPin(pin) {
    const run = checking.then(() => checkPin(pin));
    checking = run.catch(() => {});
    return run;
  }

  async function checkPin(pin) {
    if (phase() !== 'pin' && !(s.lent && phase() === 'open')) return { ok: false, left: 0 };
    const verifier = await db.getMeta('pin');
    if (verifier && await pinMatches(String(pin), verifier)) {
      s.failures = 0; s.locked = false; s.lastActivity = now();
      if (s.lent) await endLend();
      notify('open');
      return { ok: true, left: PIN_TRIES };
    }
    s.failures += 1;
    if (s.failures >= PIN_TRIES) { forget('pin-tries'); return { ok: false, left: 0 }; }
    return { ok: false, left: PIN_TRIES - s.failures };
  }

  async function lend() {
    s.lent = true;
    await db.setMeta('lent', true);
    notify('lend');
  }

  async function endLend() {
    s.lent = false;
    await db.setMeta('lent', false);
  }

  // A successful answer from the server (sync, sign-in): the 14-day count starts again.
  async function contacted(at = new Date(now()).toISOString()) {
    s.lastContact = at;
    await db.setMeta('last_contact', at);
  }

  async function setSettings(settings) {
    if (!settings || typeof settings !== 'object') return;
    s.settings = { ...DEFAULT_SETTINGS, ...settings };
    await db.setMeta('device_settings', s.settings);
  }

  // Every few seconds: idle lock, password age, contact age.
  function tick() {
    const p = phase();
    if (db.hasKey() && (now() - s.passwordAt > s.settings.password_hours * 3600000 || overdue())) { forget('expired'); return; }
    const idle = now() - s.lastActivity > s.settings.lock_idle_minutes * 60000;
    if (!idle) return;
    if (s.lent) { s.lastActivity = now(); notify('lent-idle'); } else if (p === 'open') lock('idle');
  }

  function start() {
    if (doc) {
      for (const type of ACTIVITY) doc.addEventListener(type, () => { s.lastActivity = now(); }, { capture: true, passive: true });
      doc.addEventListener('visibilitychange', () => { if (doc.visibilityState === 'hidden' && !s.lent) lock('hidden'); });
    }
    if (target && target.addEventListener) target.addEventListener('pagehide', () => { if (!s.lent) lock('hidden'); });
    setInterval(tick, CHECK_EVERY_MS);
  }

  return {
    load, start, phase, opened, unlockWithPassword, setPin, tryPin, lock, forget, lend, contacted, setSettings, tick,
    lent: () => s.lent,
    // Personal data may be on screen: an account, its key open and not locked, not lent.
    staffVisible: () => phase() === 'open' && !s.lent,
    settings: () => ({ ...s.settings }),
    failures: () => s.failures,
    reset: () => { s.account = false; s.lent = false; s.pinSet = false; s.locked = true; notify('reset'); },
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
}
