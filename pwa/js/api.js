// HTTP client of the server's JSON API. Errors come as RFC 9457 problems (ApiError);
// a request that never got an answer is a NetworkError (offline, captive portal, timeout).

export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `Erreur ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code || null;
    this.problem = problem;
  }
}

export class NetworkError extends Error {
  constructor(cause) { super('Pas de connexion au serveur.'); this.name = 'NetworkError'; this.cause = cause; }
}

export const TIMEOUT_MS = 30000;

// A revoked device wipes itself at the first answer that says so, before any message is shown:
// the app registers the wipe here, and every request waits for it before it throws.
let revokedHandler = null;
export function onDeviceRevoked(fn) { revokedHandler = fn; }
// Request bodies from this size on are gzip-compressed when asked (smaller ones gain nothing).
export const GZIP_MIN_BYTES = 1024;

export const canGzip = () => typeof globalThis.CompressionStream === 'function' && typeof Response === 'function';

export async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// A JSON body ready to send: {payload, encoding}; gzip only when asked, big enough and possible.
export async function encodeBody(body, { compress = false } = {}) {
  if (body === undefined) return { payload: undefined, encoding: null };
  const text = JSON.stringify(body);
  if (!compress || !canGzip()) return { payload: text, encoding: null };
  const bytes = new TextEncoder().encode(text);
  if (bytes.length < GZIP_MIN_BYTES) return { payload: text, encoding: null };
  try {
    return { payload: await gzip(bytes), encoding: 'gzip' };
  } catch {
    return { payload: text, encoding: null }; // a browser that lists gzip but fails: plain
  }
}

// One request, no token logic. `bearer` is put in the Authorization header when given.
// `encoded` (from encodeBody) replaces `body` when the caller prepared it already.
export async function rawRequest(fetchFn, method, path, { body, encoded, bearer, timeout = TIMEOUT_MS } = {}) {
  const { payload, encoding } = encoded || { payload: body === undefined ? undefined : JSON.stringify(body), encoding: null };
  const headers = { Accept: 'application/json' };
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  if (encoding) headers['Content-Encoding'] = encoding;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), timeout) : null;
  let response;
  try {
    response = await fetchFn(path, {
      method, headers, body: payload,
      signal: controller ? controller.signal : undefined, credentials: 'same-origin', cache: 'no-store',
    });
  } catch (err) {
    throw new NetworkError(err);
  } finally {
    if (timer) clearTimeout(timer);
  }
  let data = null;
  const text = await response.text().catch(() => '');
  if (text) { try { data = JSON.parse(text); } catch { data = null; } }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : { title: response.statusText };
    const err = new ApiError(response.status, problem);
    if (err.status === 403 && err.code === 'device_revoked' && revokedHandler) await revokedHandler(err);
    err.retryAfter = Number(response.headers.get('Retry-After')) || null;
    throw err;
  }
  return data;
}

// A server that cannot read a gzip body answers 415 (or 400: "not JSON"), applying nothing.
const refusesGzip = (err) => err instanceof ApiError && (err.status === 415 || err.status === 400);

// Requests with the user's access token; a 401 refreshes the token once and retries.
// `gzip: true` compresses a large body; if the server refuses it, the same body is sent plain
// once, and this page stops compressing when that works.
export function createApi({ fetchFn = (...a) => globalThis.fetch(...a), auth = null } = {}) {
  let gzipAccepted = true;

  async function send(method, path, encoded, authed) {
    if (!authed || !auth) return rawRequest(fetchFn, method, path, { encoded });
    const token = await auth.accessToken();
    try {
      return await rawRequest(fetchFn, method, path, { encoded, bearer: token });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      if (!(await auth.refresh(token))) throw err;
      return rawRequest(fetchFn, method, path, { encoded, bearer: await auth.accessToken() });
    }
  }

  async function request(method, path, { body, authed = true, gzip: compress = false } = {}) {
    const encoded = await encodeBody(body, { compress: compress && gzipAccepted });
    try {
      return await send(method, path, encoded, authed);
    } catch (err) {
      if (!encoded.encoding || !refusesGzip(err)) throw err;
      const answer = await send(method, path, await encodeBody(body), authed);
      gzipAccepted = false;
      return answer;
    }
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    publicGet: (path) => request('GET', path, { authed: false }),
    publicPost: (path, body) => request('POST', path, { body, authed: false }),
    gzipAccepted: () => gzipAccepted,
  };
}
