// The device's keys (vault.js), with Node's real WebCrypto: the password and the server's device
// key both open the data key, the key in memory never leaves, every record has its own IV and is
// bound to its place (AAD), and a PIN is checked against a salted verifier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createKeyring, openWithPassword, openWithDeviceKey, rewrap, encryptJson, decryptJson,
  pinVerifier, pinMatches, fromBase64Url, WrongSecret, PBKDF2_ITERATIONS, KEYRING_VERSION,
} from '../../pwa/js/vault.js';

const subtle = globalThis.crypto.subtle;
const FAST = 1000; // PBKDF2 iterations for the tests (the default one is checked once)
const AT = '2026-11-25T09:00:00.000Z';

// A server device key as the API gives it: 32 random bytes in base64url without padding.
function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const newDeviceKey = () => base64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)));

const keyring = (extra = {}) => createKeyring({ accountId: 'u1', password: 'Tilleul-2026', iterations: FAST, at: AT, ...extra });

// Do two keys encrypt for each other? (the same data key, whatever wrapped it)
async function sameKey(a, b) {
  const sealed = await encryptJson(a, 'beneficiaries\u0000"b1"', { first_name: 'Léa' });
  try {
    return (await decryptJson(b, 'beneficiaries\u0000"b1"', sealed)).first_name === 'Léa';
  } catch {
    return false; // AES-GCM refuses a ciphertext of another key
  }
}

test('createKeyring records the default PBKDF2 count (>= 600000) and opens with it', async () => {
  assert.ok(PBKDF2_ITERATIONS >= 600000);
  const { record, key } = await createKeyring({ accountId: 'u1', password: 'Tilleul-2026', at: AT });
  assert.equal(record.iterations, PBKDF2_ITERATIONS);
  assert.ok(record.iterations >= 600000);
  assert.equal(record.v, KEYRING_VERSION);
  assert.equal(record.account_id, 'u1');
  assert.equal(record.created_at, AT);
  assert.equal(record.wrap_dev, null, 'no device key given: nothing wrapped by it');
  assert.ok(await sameKey(key, await openWithPassword(record, 'Tilleul-2026')));
});

test('the password opens the keyring; a wrong password is WrongSecret', async () => {
  const { record, key } = await keyring();
  assert.equal(record.iterations, FAST);
  const opened = await openWithPassword(record, 'Tilleul-2026');
  assert.ok(await sameKey(key, opened));
  assert.ok(await sameKey(opened, key));
  await assert.rejects(openWithPassword(record, 'Tilleul-2025'), WrongSecret);
  await assert.rejects(openWithPassword(record, ''), WrongSecret);
  await assert.rejects(openWithPassword(record, 'tilleul-2026'), (err) => err instanceof WrongSecret && err.message === 'Mot de passe incorrect.');
});

test('the keyring derives with the salt and count it records', async () => {
  const { record } = await keyring();
  await assert.rejects(openWithPassword({ ...record, iterations: FAST + 1 }, 'Tilleul-2026'), WrongSecret);
  const salt = Uint8Array.from(record.salt);
  salt[0] ^= 1;
  await assert.rejects(openWithPassword({ ...record, salt }, 'Tilleul-2026'), WrongSecret);
  const other = await keyring();
  assert.notDeepEqual([...other.record.salt], [...record.salt], 'a fresh random salt per keyring');
  assert.ok(!(await sameKey((await keyring()).key, await openWithPassword(record, 'Tilleul-2026'))), 'a fresh data key per keyring');
});

test('the password is compared in Unicode NFC: a decomposed é opens a keyring made with a composed one', async () => {
  const { record, key } = await keyring({ password: 'Forêt-Écluse' });
  const decomposed = 'Forêt-Écluse'.normalize('NFD');
  assert.notEqual(decomposed, 'Forêt-Écluse');
  assert.ok(await sameKey(key, await openWithPassword(record, decomposed)));
});

test('the data key in memory is never extractable, however it was opened', async () => {
  const deviceKey = newDeviceKey();
  const made = await keyring({ deviceKey });
  const byPassword = await openWithPassword(made.record, 'Tilleul-2026');
  const byDevice = await openWithDeviceKey(made.record, deviceKey, 'Nouveau-1', AT);
  const changed = await rewrap(made.record, 'Tilleul-2026', 'Autre-2');
  for (const key of [made.key, byPassword, byDevice.key, changed.key]) {
    assert.equal(key.extractable, false);
    assert.deepEqual([...key.usages].sort(), ['decrypt', 'encrypt']);
    assert.equal(key.algorithm.name, 'AES-GCM');
    assert.equal(key.algorithm.length, 256);
    await assert.rejects(subtle.exportKey('raw', key));
    await assert.rejects(subtle.exportKey('jwk', key));
  }
});

test('the server device key opens the keyring and wraps it again under the NEW password', async () => {
  const deviceKey = newDeviceKey();
  const { record, key } = await keyring({ deviceKey });
  assert.ok(record.wrap_dev, 'wrapped by the device key too');
  // The password was changed on another device: the server gives the device key with the new one.
  const next = await openWithDeviceKey(record, deviceKey, 'Changé-ailleurs', '2026-12-01T08:00:00.000Z');
  assert.ok(await sameKey(key, next.key), 'the same data key: the files stay readable');
  assert.equal(next.record.account_id, 'u1');
  assert.equal(next.record.iterations, FAST);
  assert.notDeepEqual([...next.record.salt], [...record.salt], 'a new salt for the new password');
  await assert.rejects(openWithPassword(next.record, 'Tilleul-2026'), WrongSecret, 'the old password no longer opens it');
  assert.ok(await sameKey(key, await openWithPassword(next.record, 'Changé-ailleurs')));
  // The device key still opens the new record (it is wrapped again under it).
  assert.ok(await sameKey(key, (await openWithDeviceKey(next.record, deviceKey, 'Encore-3')).key));
});

test('a wrong device key, or a keyring never wrapped by one, is WrongSecret', async () => {
  const deviceKey = newDeviceKey();
  const { record } = await keyring({ deviceKey });
  await assert.rejects(openWithDeviceKey(record, newDeviceKey(), 'Nouveau-1'), WrongSecret);
  const bare = await keyring();
  await assert.rejects(openWithDeviceKey(bare.record, deviceKey, 'Nouveau-1'), WrongSecret);
});

test('the device key is read as base64url, padded standard base64 works too', async () => {
  // These bytes give '+' and '/' in base64, '-' and '_' in base64url.
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) bytes[i] = [0xfb, 0xef, 0xbe, 0xff][i % 4];
  const url = base64Url(bytes);
  assert.match(url, /-/);
  assert.match(url, /_/);
  assert.deepEqual([...fromBase64Url(url)], [...bytes]);
  const standard = btoa(String.fromCharCode(...bytes));
  assert.match(standard, /[+/=]/);
  const { record, key } = await keyring({ deviceKey: url });
  assert.ok(await sameKey(key, (await openWithDeviceKey(record, standard, 'Nouveau-1')).key));
});

test('rewrap: the old password opens, the new one replaces it, the device key still opens', async () => {
  const deviceKey = newDeviceKey();
  const { record, key } = await keyring({ deviceKey });
  const next = await rewrap(record, 'Tilleul-2026', 'Sapin-2027');
  assert.ok(await sameKey(key, next.key));
  assert.equal(next.record.created_at, AT);
  assert.equal(next.record.account_id, 'u1');
  await assert.rejects(openWithPassword(next.record, 'Tilleul-2026'), WrongSecret);
  assert.ok(await sameKey(key, await openWithPassword(next.record, 'Sapin-2027')));
  assert.ok(await sameKey(key, (await openWithDeviceKey(next.record, deviceKey, 'Sapin-2027')).key));
  await assert.rejects(rewrap(record, 'pas-le-bon', 'Sapin-2027'), WrongSecret, 'the old password must open it');
  // Given a (new) device key, that one wraps it.
  const newer = newDeviceKey();
  const again = await rewrap(next.record, 'Sapin-2027', 'Mélèze-2028', newer);
  assert.ok(await sameKey(key, (await openWithDeviceKey(again.record, newer, 'Mélèze-2028')).key));
  await assert.rejects(openWithDeviceKey(again.record, deviceKey, 'Mélèze-2028'), WrongSecret);
});

test('encryptJson/decryptJson round trip any JSON value', async () => {
  const { key } = await keyring();
  const values = [{ first_name: 'Léa', notes: 'Permis B 🚗', n: 3, ok: true, none: null, list: [1, 'deux'] }, 'texte', 42, null, []];
  for (const value of values) {
    const sealed = await encryptJson(key, 'meta\u0000"auth"', value);
    assert.ok(sealed instanceof ArrayBuffer);
    assert.deepEqual(await decryptJson(key, 'meta\u0000"auth"', sealed), value);
    assert.deepEqual(await decryptJson(key, 'meta\u0000"auth"', new Uint8Array(sealed)), value, 'a typed array view is read too');
  }
});

test('each encryption has a fresh random 12-byte IV: the same value never gives the same bytes', async () => {
  const { key } = await keyring();
  const value = { first_name: 'Léa', last_name: 'Martin' };
  const a = new Uint8Array(await encryptJson(key, 'x', value));
  const b = new Uint8Array(await encryptJson(key, 'x', value));
  const plainLength = new TextEncoder().encode(JSON.stringify(value)).length;
  assert.equal(a.length, 12 + plainLength + 16, 'IV, ciphertext, 16-byte tag');
  assert.notDeepEqual([...a.subarray(0, 12)], [...b.subarray(0, 12)]);
  assert.notDeepEqual([...a], [...b]);
  const ivs = new Set();
  for (let i = 0; i < 50; i += 1) ivs.add(base64Url(new Uint8Array(await encryptJson(key, 'x', 1)).subarray(0, 12)));
  assert.equal(ivs.size, 50);
});

test('the ciphertext carries no plain text of the value', async () => {
  const { key } = await keyring();
  const sealed = await encryptJson(key, 'x', { last_name: 'Martin', phone: '0612345678' });
  const text = new TextDecoder().decode(sealed);
  assert.ok(!text.includes('Martin'));
  assert.ok(!text.includes('0612345678'));
});

test('a record is bound to its AAD: another store or key, another data key or a changed byte is refused', async () => {
  const { key } = await keyring();
  const sealed = await encryptJson(key, 'beneficiaries\u0000"b1"', { first_name: 'Léa' });
  await assert.rejects(decryptJson(key, 'beneficiaries\u0000"b2"', sealed), 'moved to another key');
  await assert.rejects(decryptJson(key, 'contacts\u0000"b1"', sealed), 'moved to another store');
  await assert.rejects(decryptJson(key, 'beneficiaries\u0000b1', sealed), 'the key as a number/plain text is another AAD');
  await assert.rejects(decryptJson((await keyring()).key, 'beneficiaries\u0000"b1"', sealed), 'another account\'s data key');
  for (const at of [0, 12, new Uint8Array(sealed).length - 1]) {
    const bytes = new Uint8Array(sealed.slice(0));
    bytes[at] ^= 0x01;
    await assert.rejects(decryptJson(key, 'beneficiaries\u0000"b1"', bytes.buffer), `byte ${at} changed`);
  }
  assert.deepEqual(await decryptJson(key, 'beneficiaries\u0000"b1"', sealed), { first_name: 'Léa' }, 'untouched, it still opens');
});

test('pinVerifier/pinMatches: the right PIN matches, any other does not', async () => {
  const verifier = await pinVerifier('482915', undefined, FAST);
  assert.equal(verifier.iterations, FAST);
  assert.equal(verifier.hash.length, 32);
  assert.equal(verifier.salt.length, 16);
  assert.ok(!verifier.hash.every((b) => b === 0));
  assert.equal(await pinMatches('482915', verifier), true);
  for (const wrong of ['482916', '482914', '', '4829150', ' 482915', '582915']) assert.equal(await pinMatches(wrong, verifier), false, wrong);
  // The verifier survives JSON (it is stored sealed in meta) and still checks.
  const stored = JSON.parse(JSON.stringify(verifier));
  assert.equal(await pinMatches('482915', stored), true);
  assert.equal(await pinMatches('111111', stored), false);
});

test('pinVerifier: the default count, a fresh salt per verifier, nothing of the PIN in clear', async () => {
  const a = await pinVerifier('482915');
  const b = await pinVerifier('482915');
  assert.ok(a.iterations >= 100000);
  assert.notDeepEqual(a.salt, b.salt);
  assert.notDeepEqual(a.hash, b.hash, 'the same PIN gives different verifiers');
  assert.ok(!JSON.stringify(a).includes('482915'));
  assert.equal(await pinMatches('482915', b), true);
  // Same salt and count: the same hash (the verifier is what PBKDF2 gives, nothing random).
  const again = await pinVerifier('482915', Uint8Array.from(a.salt), a.iterations);
  assert.deepEqual(again.hash, a.hash);
});

test('pinMatches refuses a verifier whose hash was cut or changed', async () => {
  const v = await pinVerifier('482915', undefined, FAST);
  assert.equal(await pinMatches('482915', { ...v, hash: v.hash.slice(0, 16) }), false);
  assert.equal(await pinMatches('482915', { ...v, hash: [...v.hash, 0] }), false);
  assert.equal(await pinMatches('482915', { ...v, hash: v.hash.map((x, i) => (i === 31 ? x ^ 1 : x)) }), false);
  assert.equal(await pinMatches('482915', { ...v, iterations: FAST + 1 }), false);
});
