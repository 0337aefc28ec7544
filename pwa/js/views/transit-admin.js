// Coordination: « Horaires de transport ». What is published (version, dates, networks and
// what each import left out), and importing one GTFS feed from a file or its address. Needs
// the network: the server does the work (POST /api/transit/import, coordinator only).
import { h, replace, field, announce, ask, emptyState, fmtDate, fmtDateTime } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';

async function summary(ctx, box) {
  try {
    const s = await ctx.api.publicGet('/api/transit');
    replace(box,
      h('p', {}, `Version ${s.version}, publiée le ${fmtDateTime(s.generated_at)}. Horaires du ${fmtDate(s.valid_from)} au ${fmtDate(s.valid_to)} : ${s.stops} arrêts, ${s.trips} courses, ${Math.ceil(s.gzip_size / 1024)} Ko à télécharger par téléphone.`),
      h('ul', { class: 'list', id: 'reseaux' }, s.feeds.map((f) => h('li', {},
        h('strong', {}, f.name), ` — ${f.licence || 'licence non précisée'}${f.fictional ? ' (fictif)' : ''} : ${f.trips} courses, ${f.stops} arrêts.`,
        f.warnings.length ? h('ul', {}, f.warnings.map((w) => h('li', { class: 'hint' }, w))) : null,
        removeButton(ctx, f.name, box)))));
  } catch (err) {
    replace(box, err instanceof ApiError && err.status === 404 ? emptyState('Aucun horaire publié pour l\'instant.')
      : h('p', { class: 'error' }, err instanceof NetworkError ? 'Ces informations demandent une connexion.' : `Erreur : ${err.message}`));
  }
}

function removeButton(ctx, name, box) {
  const button = h('button', { type: 'button', class: 'small secondary' }, 'Retirer', h('span', { class: 'visually-hidden' }, ` le réseau ${name}`));
  button.addEventListener('click', async () => {
    if (!(await ask(`Retirer le réseau « ${name} » ? Les horaires seront publiés sans lui.`, { ok: 'Retirer', title: 'Retirer un réseau' }))) { button.focus(); return; }
    try {
      await ctx.api.request('DELETE', `/api/transit/feeds/${encodeURIComponent(name)}`);
      announce(`Réseau « ${name} » retiré.`, 'ok');
      await summary(ctx, box);
    } catch (err) {
      announce(err instanceof NetworkError ? 'Pas de connexion : rien n\'a été retiré.' : `Rien n'a été retiré : ${err.message}`, 'error');
    }
  });
  return button;
}

// A file goes as multipart/form-data: the API helper only sends JSON.
async function upload(ctx, data) {
  const send = async () => fetch('/api/transit/import', { method: 'POST', body: data, credentials: 'same-origin', headers: { Accept: 'application/json', Authorization: `Bearer ${await ctx.auth.accessToken()}` } });
  let token = await ctx.auth.accessToken();
  let response = await send();
  if (response.status === 401 && (await ctx.auth.refresh(token))) { token = null; response = await send(); }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function transitAdmin(ctx) {
  const box = h('div', { id: 'horaires' });
  const result = h('div', { role: 'status' });
  const form = h('form', { class: 'form', id: 'import-gtfs' },
    field({ label: 'Nom du réseau', name: 'name', required: true, hint: 'Par exemple « Mobigo Bourgogne-Franche-Comté ». Un import du même nom remplace le précédent.' }),
    field({ label: 'Fichier GTFS (.zip)', name: 'file', type: 'file', hint: 'Ou bien, à la place, l\'adresse du fichier ci-dessous.' }),
    field({ label: 'Adresse du fichier GTFS', name: 'url', type: 'url', placeholder: 'https://transport.data.gouv.fr/…' }),
    field({ label: 'Licence des données', name: 'licence', hint: 'Celle indiquée sur transport.data.gouv.fr, par exemple « ODbL » ou « Licence Ouverte 2.0 ».' }),
    field({ label: 'Lien vers la licence', name: 'licence_url', type: 'url' }),
    h('button', { type: 'submit' }, 'Importer et publier'));
  form.elements.file.setAttribute('accept', '.zip,application/zip');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { name, file, url, licence, licence_url: licenceUrl } = form.elements;
    if (!name.value.trim() || (!file.files.length && !url.value.trim())) {
      replace(result, h('p', { class: 'error', role: 'alert' }, 'Donnez le nom du réseau, et un fichier ou son adresse.'));
      return;
    }
    replace(result, h('p', {}, 'Import en cours… (un grand réseau prend une minute)'));
    try {
      let answer;
      if (file.files.length) {
        const data = new FormData();
        for (const [k, v] of [['name', name.value], ['licence', licence.value], ['licence_url', licenceUrl.value]]) if (v) data.append(k, v);
        data.append('file', file.files[0]);
        answer = await upload(ctx, data);
      } else {
        answer = await ctx.api.post('/api/transit/import', { url: url.value.trim(), name: name.value.trim(), licence: licence.value || null, licence_url: licenceUrl.value || null });
      }
      replace(result, h('p', { class: 'ok' }, `Horaires publiés (version ${answer.version}). Les téléphones les prendront à leur prochaine connexion.`));
      announce('Horaires publiés.', 'ok');
      form.reset();
      await summary(ctx, box);
    } catch (err) {
      replace(result, h('p', { class: 'error', role: 'alert' }, err instanceof NetworkError || err instanceof TypeError ? 'Pas de connexion : rien n\'a été importé.' : `Rien n'a été importé : ${err.message}`));
    }
  });
  await summary(ctx, box);
  return [h('h1', {}, 'Horaires de transport'),
    h('p', { class: 'lead' }, 'Les horaires de bus, cars et trains que les jeunes consultent sans réseau dans « Comment y aller ». Ils viennent des fichiers GTFS publiés sur transport.data.gouv.fr.'),
    h('h2', {}, 'Publiés aujourd\'hui'), box,
    h('h2', {}, 'Importer un réseau'), form, result];
}
