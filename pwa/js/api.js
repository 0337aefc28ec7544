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

// One request, no token logic. `bearer` is put in the Authorization header when given.
export async function rawRequest(fetchFn, method, path, { body, bearer, timeout = TIMEOUT_MS } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = controller ? setTimeout(() => controller.abort(), timeout) : null;
  let response;
  try {
    response = await fetchFn(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
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
    err.retryAfter = Number(response.headers.get('Retry-After')) || null;
    throw err;
  }
  return data;
}

// Requests with the user's access token; a 401 refreshes the token once and retries.
export function createApi({ fetchFn = (...a) => globalThis.fetch(...a), auth = null } = {}) {
  async function request(method, path, { body, authed = true } = {}) {
    if (!authed || !auth) return rawRequest(fetchFn, method, path, { body });
    const token = await auth.accessToken();
    try {
      return await rawRequest(fetchFn, method, path, { body, bearer: token });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      if (!(await auth.refresh(token))) throw err;
      return rawRequest(fetchFn, method, path, { body, bearer: await auth.accessToken() });
    }
  }
  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    publicGet: (path) => request('GET', path, { authed: false }),
    publicPost: (path, body) => request('POST', path, { body, authed: false }),
  };
}
