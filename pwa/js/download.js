// Files from the API (CSV, XLSX, PDF, printable page): fetched with the user's token, then
// handed to the browser as a blob link. A 401 refreshes the token once, as api.js does.

import { ApiError, NetworkError } from './api.js';

// The file name of a Content-Disposition header (RFC 6266: filename* first), or `fallback`.
export function fileName(header, fallback) {
  const text = header || '';
  const star = /filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(text);
  if (star) { try { return decodeURIComponent(star[1].trim()); } catch { /* badly encoded: next */ } }
  const plain = /filename="?([^";]+)"?/.exec(text);
  return plain ? plain[1].trim() : fallback;
}

async function once(fetchFn, path, token) {
  let response;
  try {
    response = await fetchFn(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'same-origin', cache: 'no-store' });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { problem = { title: response.statusText }; }
    throw new ApiError(response.status, problem && typeof problem === 'object' ? problem : {});
  }
  return response;
}

// Fetch `path` as a file: {blob, name}.
export async function fetchFile(auth, path, fallbackName, fetchFn = (...a) => globalThis.fetch(...a)) {
  const token = await auth.accessToken();
  let response;
  try {
    response = await once(fetchFn, path, token);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401 || !(await auth.refresh(token))) throw err;
    response = await once(fetchFn, path, await auth.accessToken());
  }
  return { blob: await response.blob(), name: fileName(response.headers.get('Content-Disposition'), fallbackName) };
}

// What went wrong, in words the office understands.
export function downloadError(err) {
  if (err instanceof NetworkError) return 'Pas de connexion : les téléchargements demandent le réseau. Réessayez une fois connecté·e.';
  if (err instanceof ApiError) {
    if (err.status === 404) return 'Cet export n\'est pas encore disponible sur le serveur.';
    if (err.status === 403) return 'Votre compte ne permet pas cet export.';
    if (err.status === 401) return 'Session expirée : reconnectez-vous, puis réessayez.';
    return `Le téléchargement a échoué : ${err.message}`;
  }
  return 'Le téléchargement a échoué sur cet appareil.';
}

// Give a blob to the browser: saved as a file, or opened in a new tab (printable page).
// Returns the object URL, kept alive so the link shown afterwards still works.
export function handOver(blob, name, { open = false } = {}) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  if (open) { a.target = '_blank'; a.rel = 'noopener'; } else a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  return url;
}
