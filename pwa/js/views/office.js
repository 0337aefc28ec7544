// Coordination: catalogue editor (offers, partners) and devices (revoke a lost tablet).
import { h, field, emptyState, backLink, uuid, announce, ask, replace, fmtDateTime } from '../ui.js';
import { THEMATIQUES, OFFER_TYPES, options } from '../labels.js';
import { readForm, changedFields } from '../forms.js';
import { NetworkError } from '../api.js';
import { safeHref } from '../links.js';
import { isZoneCode } from '../territory.js';

// A link the server would refuse, named by its label; null when every link is fine.
function linkProblem(values, labels) {
  const bad = Object.keys(labels).find((k) => values[k] && !safeHref(values[k]));
  return bad ? `${labels[bad]} : le lien doit commencer par https://, http://, tel: ou mailto:, sans espace ni caractère accentué.` : null;
}

export async function offersEditor(ctx) {
  const offers = (await ctx.db.getAll('offers')).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  return [
    h('h1', {}, 'Offres du catalogue'),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/bureau/offre/nouvelle' }, 'Nouvelle offre')),
    offers.length ? h('ul', { class: 'list' }, offers.map((o) => h('li', {}, h('a', { href: `#/bureau/offre/${o.id}` }, o.nom), h('span', {}, [o.commune, o.date_maj ? `mise à jour ${o.date_maj}` : ''].filter(Boolean).join(' · '))))) : emptyState('Aucune offre.'),
  ];
}

const OFFER_SPEC = { nom: 'text', structure_id: 'text', type: 'text', thematiques: 'checks', frais: 'text', frais_precisions: 'text', description: 'text', falc: 'text', publics_precisions: 'text', conditions_acces: 'text', adresse: 'text', code_postal: 'text', telephone: 'text', courriel: 'text', site_web: 'text', lien_mobilisation: 'text', horaires_accueil: 'text', age_min: 'int', age_max: 'int', latitude: 'float', longitude: 'float', zone_eligibilite: 'list', lieu_accessible: 'yesno' };

async function deleteButton(ctx, table, id, back) {
  return h('button', { type: 'button', class: 'danger', on: { click: async () => {
    if (!(await ask('Supprimer définitivement cette fiche du catalogue ?', { ok: 'Supprimer' }))) return;
    await ctx.save(table, id, {}, { op: 'delete' });
    location.hash = back;
  } } }, 'Supprimer');
}

export async function offerForm(ctx, { id }) {
  const isNew = id === 'nouvelle';
  const o = isNew ? {} : (await ctx.db.get('offers', id)) || {};
  const partners = (await ctx.db.getAll('partners')).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  const themes = h('fieldset', {}, h('legend', {}, 'Thématiques'), Object.entries(THEMATIQUES).map(([code, text]) => {
    const fid = `th-${code}`;
    return h('span', { class: 'radio' }, h('input', { type: 'checkbox', id: fid, name: 'thematiques', value: code, checked: (o.thematiques || []).includes(code) }), h('label', { for: fid }, text));
  }));
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const kit = await import('../commune-picker.js').then((m) => m.communeKit()).catch(() => null);
  const form = h('form', { class: 'form' },
    field({ label: 'Nom', name: 'nom', required: true, value: o.nom }),
    field({ label: 'Structure', name: 'structure_id', options: [['', '—'], ...partners.map((p) => [p.id, p.nom])], value: o.structure_id }),
    field({ label: 'Type', name: 'type', options: options(OFFER_TYPES, { empty: '—' }), value: o.type }),
    themes,
    field({ label: 'Frais', name: 'frais', options: [['', '—'], ['gratuit', 'Gratuit'], ['payant', 'Payant']], value: o.frais }),
    field({ label: 'Précisions sur les frais', name: 'frais_precisions', value: o.frais_precisions }),
    field({ label: 'Description', name: 'description', kind: 'textarea', value: o.description }),
    field({ label: 'Texte facile à lire (FALC)', name: 'falc', kind: 'textarea', value: o.falc, hint: 'Phrases courtes, mots simples, tutoiement.' }),
    field({ label: 'Public (précisions)', name: 'publics_precisions', value: o.publics_precisions }),
    h('div', { class: 'grid2' }, field({ label: 'Âge minimum', name: 'age_min', type: 'number', min: 0, max: 120, value: o.age_min }), field({ label: 'Âge maximum', name: 'age_max', type: 'number', min: 0, max: 120, value: o.age_max })),
    field({ label: 'Conditions d\'accès', name: 'conditions_acces', kind: 'textarea', value: o.conditions_acces }),
    field({ label: 'Lieu accessible en fauteuil ou sans marches', name: 'lieu_accessible', options: [['', 'Non renseigné'], ['true', 'Oui'], ['false', 'Non']], value: o.lieu_accessible == null ? '' : String(o.lieu_accessible), hint: 'Le filtre « lieux accessibles » de l\'espace jeunes ne montre que les offres marquées Oui.' }),
    field({ label: 'Adresse', name: 'adresse', value: o.adresse }),
    h('div', { class: 'grid2' }, field({ label: 'Code postal', name: 'code_postal', value: o.code_postal }),
      kit ? kit.communePicker({ label: 'Commune', name: 'commune', codeName: 'code_insee', territory: kit.territory, value: o.commune, code: o.code_insee, hint: 'Choisir dans la liste officielle (le code INSEE suit).' }) : h('p', { class: 'hint' }, `Commune : ${o.commune || '—'} (la liste officielle n'est pas encore sur cet appareil).`)),
    field({ label: 'Zone d\'éligibilité', name: 'zone_eligibilite', value: (o.zone_eligibilite || []).join(', '), hint: 'Codes séparés par des virgules : code INSEE d\'une commune (39478), SIREN d\'une communauté de communes (200026573), numéro de département (39) ou « france ». Vide : ouverte à tous.' }),
    h('div', { class: 'grid2' }, field({ label: 'Latitude', name: 'latitude', inputmode: 'decimal', value: o.latitude }), field({ label: 'Longitude', name: 'longitude', inputmode: 'decimal', value: o.longitude })),
    h('div', { class: 'grid2' }, field({ label: 'Téléphone', name: 'telephone', type: 'tel', value: o.telephone }), field({ label: 'Courriel', name: 'courriel', type: 'email', value: o.courriel })),
    field({ label: 'Site web', name: 'site_web', type: 'url', value: o.site_web }),
    field({ label: 'Lien d\'inscription', name: 'lien_mobilisation', type: 'url', value: o.lien_mobilisation }),
    field({ label: 'Horaires d\'accueil (syntaxe OpenStreetMap)', name: 'horaires_accueil', value: o.horaires_accueil, hint: o.horaires_texte ? `Affiché aux jeunes : « ${o.horaires_texte} »` : 'Ex. « Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00 ». Le serveur vérifie la syntaxe et l\'écrit en mots.' }),
    errors, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer'), isNew ? null : await deleteButton(ctx, 'offers', id, '#/bureau/offres')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = readForm(form, OFFER_SPEC);
    if (!v.nom) { errors.textContent = 'Le nom est obligatoire.'; errors.focus(); return; }
    const wrong = v.zone_eligibilite.filter((z) => !isZoneCode(z));
    if (wrong.length) { errors.textContent = `Zone d'éligibilité : « ${wrong[0]} » n'est pas un code (commune, communauté de communes, département ou « france »).`; errors.focus(); return; }
    const place = kit ? kit.communeFields(kit.territory, form, 'commune', o.commune, 'code_insee') : { fields: {} };
    if (place.problem) { errors.textContent = `Commune : ${place.problem}`; errors.focus(); return; }
    Object.assign(v, place.fields);
    const only = place.fields.code_insee && kit.territory.commune(place.fields.code_insee).cp;
    if (!v.code_postal && only && only.length === 1) [v.code_postal] = only; // one postal code: no need to type it
    const linkError = linkProblem(v, { site_web: 'Site web', lien_mobilisation: 'Lien d\'inscription' });
    if (linkError) { errors.textContent = linkError; errors.focus(); return; }
    v.date_maj = new Date().toISOString().slice(0, 10);
    const rowId = isNew ? uuid() : id;
    const fields = changedFields(isNew ? null : o, v);
    await ctx.save('offers', rowId, fields, { baseVersion: isNew ? undefined : o._version });
    announce('Offre enregistrée.', 'ok');
    location.hash = '#/bureau/offres';
  });
  return [backLink('#/bureau/offres', 'Offres'), h('h1', {}, isNew ? 'Nouvelle offre' : `Modifier : ${o.nom}`), form];
}

export async function partnersEditor(ctx) {
  const partners = (await ctx.db.getAll('partners')).sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
  return [
    h('h1', {}, 'Partenaires (édition)'),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/bureau/partenaire/nouveau' }, 'Nouveau partenaire')),
    partners.length ? h('ul', { class: 'list' }, partners.map((p) => h('li', {}, h('a', { href: `#/bureau/partenaire/${p.id}` }, p.nom), p.commune || ''))) : emptyState('Aucun partenaire.'),
  ];
}

const PARTNER_SPEC = { nom: 'text', description: 'text', siret: 'text', adresse: 'text', code_postal: 'text', telephone: 'text', courriel: 'text', site_web: 'text', horaires_accueil: 'text', accessibilite_lieu: 'text', latitude: 'float', longitude: 'float' };

export async function partnerForm(ctx, { id }) {
  const isNew = id === 'nouveau';
  const p = isNew ? {} : (await ctx.db.get('partners', id)) || {};
  const errors = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const labels = { nom: 'Nom', description: 'Description', siret: 'SIRET', adresse: 'Adresse', code_postal: 'Code postal', commune: 'Commune', code_insee: 'Code INSEE', telephone: 'Téléphone', courriel: 'Courriel', site_web: 'Site web', horaires_accueil: 'Horaires d\'accueil', accessibilite_lieu: 'Accessibilité du lieu (lien)', latitude: 'Latitude', longitude: 'Longitude' };
  const kit = await import('../commune-picker.js').then((m) => m.communeKit()).catch(() => null);
  const commune = kit ? kit.communePicker({ label: 'Commune', name: 'commune', codeName: 'code_insee', territory: kit.territory, value: p.commune, code: p.code_insee, hint: 'Choisir dans la liste officielle (le code INSEE suit).' }) : h('p', { class: 'hint' }, `Commune : ${p.commune || '—'} (la liste officielle n'est pas encore sur cet appareil).`);
  const form = h('form', { class: 'form' }, Object.keys(PARTNER_SPEC).map((k) => [field({ label: labels[k], name: k, required: k === 'nom', value: p[k], kind: k === 'description' ? 'textarea' : undefined }), k === 'code_postal' ? commune : null]),
    errors, h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer'), isNew ? null : await deleteButton(ctx, 'partners', id, '#/bureau/partenaires')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = readForm(form, PARTNER_SPEC);
    if (!v.nom) { errors.textContent = 'Le nom est obligatoire.'; errors.focus(); return; }
    const linkError = linkProblem(v, { site_web: labels.site_web, accessibilite_lieu: labels.accessibilite_lieu });
    if (linkError) { errors.textContent = linkError; errors.focus(); return; }
    const place = kit ? kit.communeFields(kit.territory, form, 'commune', p.commune, 'code_insee') : { fields: {} };
    if (place.problem) { errors.textContent = `Commune : ${place.problem}`; errors.focus(); return; }
    Object.assign(v, place.fields);
    v.date_maj = new Date().toISOString().slice(0, 10);
    await ctx.save('partners', isNew ? uuid() : id, changedFields(isNew ? null : p, v), { baseVersion: isNew ? undefined : p._version });
    announce('Partenaire enregistré.', 'ok');
    location.hash = '#/bureau/partenaires';
  });
  return [backLink('#/bureau/partenaires', 'Partenaires'), h('h1', {}, isNew ? 'Nouveau partenaire' : `Modifier : ${p.nom}`), form];
}

export async function devices(ctx) {
  const box = h('div', { id: 'appareils' });
  try {
    const items = (await ctx.api.get('/api/devices')).items || [];
    replace(box, items.length ? h('table', {}, h('thead', {}, h('tr', {}, ['Appareil', 'Personne', 'Dernière activité', 'État'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, items.map((d) => h('tr', {},
        h('td', {}, d.name || d.device_name || d.id), h('td', {}, d.user_name || (d.user && d.user.name) || d.user_id || ''),
        h('td', {}, d.last_seen_at ? fmtDateTime(d.last_seen_at) : '—'),
        h('td', {}, d.revoked_at || d.revoked ? 'Retiré' : h('button', { type: 'button', class: 'small danger', on: { click: async () => {
          if (!(await ask(`Retirer l'appareil « ${d.name || d.id} » ? Ses données locales seront effacées à sa prochaine connexion.`, { ok: 'Retirer' }))) return;
          await ctx.api.post(`/api/devices/${encodeURIComponent(d.id)}/revoke`, {});
          announce('Appareil retiré.', 'ok');
          ctx.router.render();
        } } }, `Retirer ${d.name || ''}`.trim())))))) : emptyState('Aucun appareil.'));
  } catch (err) {
    replace(box, h('p', { class: 'error' }, err instanceof NetworkError ? 'Cette liste demande une connexion.' : `Erreur : ${err.message}`));
  }
  return [h('h1', {}, 'Appareils'), h('p', {}, 'Une tablette perdue ou volée ? Retirez-la : elle ne pourra plus synchroniser et ses données seront effacées.'), box];
}
