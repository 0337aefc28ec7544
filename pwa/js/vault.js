// The device's keys (docs/data-protection.md, « Données sur l'appareil »). One random AES-GCM
// data key per account and device encrypts people's files at rest. It is stored only wrapped
// (AES-KW): once by a key derived from the account password (PBKDF2-SHA-256), once by the
// server's key for this device (`device_key`, given at each online sign-in, never stored here),
// so that a password changed elsewhere still opens the data after an online sign-in. The key in
// memory is never extractable.

const subtle = () => globalThis.crypto.subtle;
const enc = new TextEncoder();
const dec = new TextDecoder();

export const PBKDF2_ITERATIONS = 600000;
export const KEYRING_VERSION = 1;
const GCM = { name: 'AES-GCM', length: 256 };
const IV_BYTES = 12;

export class WrongSecret extends Error {
  constructor() { super('Mot de passe incorrect.'); this.name = 'WrongSecret'; }
}

export const randomBytes = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

export function fromBase64Url(text) {
  const b64 = String(text).replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function passwordKek(password, salt, iterations) {
  const base = await subtle().importKey('raw', enc.encode(String(password).normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-KW', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

function deviceKek(deviceKey) {
  return subtle().importKey('raw', fromBase64Url(deviceKey), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
}

async function unwrap(wrapped, kek, extractable) {
  try {
    return await subtle().unwrapKey('raw', wrapped, kek, 'AES-KW', GCM, extractable, ['encrypt', 'decrypt']);
  } catch {
    throw new WrongSecret(); // AES-KW checks integrity: a wrong secret never yields a key
  }
}

// Wrap an (extractable) data key for the record; returns the record and the in-memory key.
async function seal(dataKey, { accountId, password, deviceKey, iterations, at }) {
  const salt = randomBytes(16);
  const pwKek = await passwordKek(password, salt, iterations);
  const record = {
    v: KEYRING_VERSION, account_id: accountId, salt, iterations, created_at: at,
    wrap_pw: await subtle().wrapKey('raw', dataKey, pwKek, 'AES-KW'),
    wrap_dev: deviceKey ? await subtle().wrapKey('raw', dataKey, await deviceKek(deviceKey), 'AES-KW') : null,
  };
  return { record, key: await unwrap(record.wrap_pw, pwKek, false) };
}

// A new data key for this account on this device.
export async function createKeyring({ accountId, password, deviceKey = null, iterations = PBKDF2_ITERATIONS, at = new Date().toISOString() }) {
  const dataKey = await subtle().generateKey(GCM, true, ['encrypt', 'decrypt']);
  return seal(dataKey, { accountId, password, deviceKey, iterations, at });
}

// Offline: the password unwraps the key (WrongSecret otherwise).
export async function openWithPassword(record, password) {
  return unwrap(record.wrap_pw, await passwordKek(password, record.salt, record.iterations), false);
}

// Online: the server's device key unwraps it, and the key is wrapped again under the password
// just accepted by the server (it may have been changed on another device or by the office).
export async function openWithDeviceKey(record, deviceKey, password, at = new Date().toISOString()) {
  const dataKey = await unwrap(record.wrap_dev, await deviceKek(deviceKey), true);
  return seal(dataKey, { accountId: record.account_id, password, deviceKey, iterations: record.iterations, at });
}

// Wrap the key again under a new password (self-service change): the old one must open it.
export async function rewrap(record, oldPassword, newPassword, deviceKey = null) {
  const pwKek = await passwordKek(oldPassword, record.salt, record.iterations);
  const dataKey = await unwrap(record.wrap_pw, pwKek, true);
  const next = await seal(dataKey, { accountId: record.account_id, password: newPassword, deviceKey, iterations: record.iterations, at: record.created_at });
  if (!deviceKey) next.record.wrap_dev = record.wrap_dev; // the device key wraps the same data key
  return next;
}

// Encrypt a JSON value bound to `aad` (store and key: a record cannot be moved elsewhere).
// Returns one ArrayBuffer: the random 12-byte IV, then the ciphertext.
export function encryptJson(key, aad, value) { return encryptText(key, aad, JSON.stringify(value)); }

// The same for a JSON text already made (buffered.js makes it when a write is queued).
export async function encryptText(key, aad, text) {
  const iv = randomBytes(IV_BYTES);
  const ct = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, enc.encode(text));
  const out = new Uint8Array(IV_BYTES + ct.byteLength);
  out.set(iv, 0);
  out.set(new Uint8Array(ct), IV_BYTES);
  return out.buffer;
}

export async function decryptJson(key, aad, sealed) {
  const bytes = new Uint8Array(sealed);
  const plain = await subtle().decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: enc.encode(aad) }, key, bytes.subarray(IV_BYTES));
  return JSON.parse(dec.decode(plain));
}

// A PIN's verifier: PBKDF2 of the PIN under a random salt, kept sealed with the data.
export const PIN_ITERATIONS = 100000;

export async function pinVerifier(pin, salt = randomBytes(16), iterations = PIN_ITERATIONS) {
  const base = await subtle().importKey('raw', enc.encode(String(pin)), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256);
  return { salt: [...salt], iterations, hash: [...new Uint8Array(bits)] };
}

export async function pinMatches(pin, verifier) {
  const again = await pinVerifier(pin, Uint8Array.from(verifier.salt), verifier.iterations);
  let diff = again.hash.length ^ verifier.hash.length;
  for (let i = 0; i < again.hash.length; i += 1) diff |= again.hash[i] ^ (verifier.hash[i] ?? 0);
  return diff === 0;
}
