// Request bodies: gzip-compressed when asked and worth it, plain otherwise, and plain again
// for a server that cannot read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createApi, encodeBody, rawRequest, canGzip, GZIP_MIN_BYTES } from '../../pwa/js/api.js';

const big = { mutations: Array.from({ length: 40 }, (_, i) => ({ id: `m${i}`, fields: { notes: 'Point sur le permis, le code et le financement.' } })) };

function recorder(answer = () => [200, { ok: true }]) {
  const calls = [];
  const fetchFn = async (path, init) => {
    calls.push({ path, ...init });
    const [status, data] = answer(init, calls.length);
    return new Response(JSON.stringify(data), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { calls, fetchFn };
}

const decode = (init) => JSON.parse(init.headers['Content-Encoding'] === 'gzip' ? gunzipSync(init.body).toString('utf8') : init.body);

test('encodeBody: gzip only when asked and from about 1 KB on', async () => {
  assert.ok(canGzip(), 'Node has CompressionStream, like the browsers');
  assert.deepEqual(await encodeBody(undefined, { compress: true }), { payload: undefined, encoding: null });
  assert.deepEqual(await encodeBody({ a: 1 }, { compress: true }), { payload: '{"a":1}', encoding: null });
  assert.equal((await encodeBody(big)).encoding, null, 'not asked: plain');
  const packed = await encodeBody(big, { compress: true });
  assert.equal(packed.encoding, 'gzip');
  assert.ok(packed.payload instanceof Uint8Array);
  assert.ok(JSON.stringify(big).length >= GZIP_MIN_BYTES);
  assert.ok(packed.payload.length < JSON.stringify(big).length / 4);
  assert.deepEqual(JSON.parse(gunzipSync(packed.payload).toString('utf8')), big);
  const accents = { notes: 'é'.repeat(600) }; // 600 characters, 1,200 bytes of UTF-8
  assert.equal((await encodeBody(accents, { compress: true })).encoding, 'gzip');
});

test('encodeBody: without CompressionStream the body goes plain', async () => {
  const saved = globalThis.CompressionStream;
  delete globalThis.CompressionStream;
  try {
    assert.equal(canGzip(), false);
    assert.deepEqual(await encodeBody(big, { compress: true }), { payload: JSON.stringify(big), encoding: null });
  } finally {
    globalThis.CompressionStream = saved;
  }
});

test('rawRequest labels a compressed body with Content-Encoding: gzip', async () => {
  const { calls, fetchFn } = recorder();
  await rawRequest(fetchFn, 'POST', '/api/sync/push', { encoded: await encodeBody(big, { compress: true }), bearer: 'T' });
  await rawRequest(fetchFn, 'POST', '/api/auth/login', { body: { a: 1 } });
  assert.equal(calls[0].headers['Content-Encoding'], 'gzip');
  assert.equal(calls[0].headers['Content-Type'], 'application/json');
  assert.equal(calls[0].headers.Authorization, 'Bearer T');
  assert.deepEqual(decode(calls[0]), big);
  assert.equal(calls[1].headers['Content-Encoding'], undefined);
  assert.equal(calls[1].body, '{"a":1}');
});

test('api: gzip: true compresses; other requests stay plain', async () => {
  const { calls, fetchFn } = recorder();
  const api = createApi({ fetchFn });
  await api.post('/api/sync/push', big, { gzip: true, authed: false });
  await api.post('/api/contact-requests', big, { authed: false });
  assert.equal(calls[0].headers['Content-Encoding'], 'gzip');
  assert.equal(calls[1].headers['Content-Encoding'], undefined);
});

test('api: a server that cannot read gzip gets the body plain, then plain from then on', async () => {
  const { calls, fetchFn } = recorder((init) => (init.headers['Content-Encoding'] ? [400, { title: 'Pas du JSON', status: 400 }] : [200, { results: [] }]));
  const api = createApi({ fetchFn });
  assert.deepEqual(await api.post('/api/sync/push', big, { gzip: true, authed: false }), { results: [] });
  assert.deepEqual(calls.map((c) => c.headers['Content-Encoding'] || 'plain'), ['gzip', 'plain']);
  assert.deepEqual(decode(calls[1]), big);
  assert.equal(api.gzipAccepted(), false);
  await api.post('/api/sync/push', big, { gzip: true, authed: false });
  assert.equal(calls.length, 3);
  assert.equal(calls[2].headers['Content-Encoding'], undefined);
});

test('api: a 415 also falls back; a refusal of the plain body too is the real answer', async () => {
  const { calls, fetchFn } = recorder((init) => (init.headers['Content-Encoding'] ? [415, { title: 'Encodage', status: 415 }] : [400, { title: 'Invalide', status: 400, detail: 'client_id manquant' }]));
  const api = createApi({ fetchFn });
  await assert.rejects(api.post('/api/sync/push', big, { gzip: true, authed: false }), (err) => err.status === 400 && /client_id/.test(err.message));
  assert.equal(calls.length, 2);
  assert.equal(api.gzipAccepted(), true, 'gzip was not the problem');
});

test('api: other errors of a gzip request are not retried plain', async () => {
  const { calls, fetchFn } = recorder(() => [500, { title: 'Erreur', status: 500 }]);
  const api = createApi({ fetchFn });
  await assert.rejects(api.post('/api/sync/push', big, { gzip: true, authed: false }), (err) => err.status === 500);
  assert.equal(calls.length, 1);
});
