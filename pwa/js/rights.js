// A person's rights, from the coordinator's side: a copy of their data (JSON to download, a
// readable page to print or hand over) and their erasure, everywhere. Both need the server:
// what this device holds may be incomplete, and an erasure must reach every device.

import { ApiError, NetworkError } from './api.js';
import { forgetPeople } from './erasure.js';

export const exportPath = (id, kind) => `/api/people/${encodeURIComponent(id)}/export.${kind}`;
export const erasePath = (id) => `/api/people/${encodeURIComponent(id)}/erase`;

// A French sentence for what went wrong, for the person at the screen.
export function rightsError(err) {
  if (err instanceof NetworkError) return 'Pas de connexion au serveur. Réessayez avec du réseau.';
  if (err instanceof ApiError) {
    if (err.status === 403) return 'Votre compte ne permet pas de le faire : c\'est réservé à la coordination.';
    if (err.status === 404) return 'Le serveur ne trouve pas cette personne (déjà effacée ?), ou ne sait pas encore le faire.';
    return `Le serveur a refusé : ${err.message}`;
  }
  return 'Une erreur inattendue est arrivée. Rien n\'a été changé.';
}

// GET with the account's token as text (the readable copy is HTML, not JSON); a 401 refreshes
// the token once, as api.js does.
async function fetchText(auth, path, fetchFn = (...a) => globalThis.fetch(...a)) {
  const get = async (token) => {
    try {
      return await fetchFn(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/html' }, cache: 'no-store', credentials: 'same-origin' });
    } catch (err) { throw new NetworkError(err); }
  };
  let token = await auth.accessToken();
  let response = await get(token);
  if (response.status === 401 && (await auth.refresh(token))) { token = await auth.accessToken(); response = await get(token); }
  const text = await response.text();
  if (!response.ok) {
    let problem = {};
    try { problem = JSON.parse(text); } catch { /* not a problem document */ }
    throw new ApiError(response.status, problem);
  }
  return text;
}

function saveFile(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// Download the person's data as a JSON file.
export async function downloadExport(ctx, id) {
  const data = await ctx.api.get(exportPath(id, 'json'));
  const day = new Date().toISOString().slice(0, 10);
  saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), `donnees-${id.slice(0, 8)}-${day}.json`);
}

// Open the readable copy in a new tab. The tab is opened at the click (a popup opened after
// a network wait is blocked), then given the page; closed again if the server refuses.
export async function openReadableExport(ctx, id) {
  const tab = window.open('', '_blank');
  try {
    const html = await fetchText(ctx.auth, exportPath(id, 'html'));
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
    if (tab) tab.location.href = url; else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (err) {
    if (tab) tab.close();
    throw err;
  }
}

// Erase the person on the server, then from this device at once (other devices at their next
// pull). Online only: the caller checks navigator.onLine first to explain why.
export async function erasePerson(ctx, id) {
  await ctx.api.post(erasePath(id), {});
  await forgetPeople(ctx.db, [id]);
}
