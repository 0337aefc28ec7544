// The dashboard's downloads: key figures and yearly review of the period, and the record
// exports (pseudonymised; the full one, with personal data, for the coordinator after a
// confirmation). Every file is fetched with the user's token, then handed over as a blob.
import { h, ask, replace } from '../ui.js';
import { periodQuery } from '../reports.js';
import { fetchFile, handOver, downloadError } from '../download.js';

const FULL_WARNING = 'Cet export contient les données personnelles des jeunes (noms, coordonnées, situation). '
  + 'Il est réservé à la coordination, et chaque export complet est enregistré dans le journal (qui, quand). '
  + 'Gardez le fichier sur un poste protégé et supprimez-le dès qu\'il n\'est plus utile.';

export function downloadsPanel(ctx, period) {
  const q = periodQuery(period);
  const stamp = `${period.from}-${period.to}`;
  const status = h('div', { class: 'download-status', role: 'status', id: 'telechargement-etat' });
  const urls = new Map();

  async function run(button, item) {
    if (item.confirm && !(await ask(item.confirm, { ok: 'Télécharger l\'export complet', title: 'Export avec données personnelles' }))) { button.focus(); return; }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    replace(status, h('p', {}, `Préparation de « ${item.text} »…`));
    try {
      const { blob, name } = await fetchFile(ctx.auth, item.path, item.file);
      if (urls.has(item.path)) URL.revokeObjectURL(urls.get(item.path));
      const url = handOver(blob, name, { open: item.open });
      urls.set(item.path, url);
      replace(status, h('p', { class: 'ok' }, item.open ? 'Page imprimable ouverte dans un nouvel onglet. ' : `Fichier « ${name} » téléchargé. `,
        h('a', item.open ? { href: url, target: '_blank', rel: 'noopener' } : { href: url, download: name }, item.open ? 'Rouvrir la page imprimable' : `Enregistrer à nouveau ${name}`)));
    } catch (err) {
      replace(status, h('p', { class: 'error' }, `« ${item.text} » : ${downloadError(err)}`));
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  const button = (item) => {
    const b = h('button', { type: 'button', class: 'secondary', 'data-export': item.id }, item.text);
    b.addEventListener('click', () => run(b, item));
    return b;
  };

  const figures = [
    { id: 'kf-csv', text: 'Chiffres clés (CSV)', path: `/api/reports/key-figures.csv?${q}`, file: `chiffres-cles-${stamp}.csv` },
    { id: 'kf-xlsx', text: 'Chiffres clés (Excel)', path: `/api/reports/key-figures.xlsx?${q}`, file: `chiffres-cles-${stamp}.xlsx` },
    { id: 'bilan-pdf', text: 'Bilan annuel (PDF)', path: `/api/reports/yearly.pdf?${q}`, file: `bilan-${stamp}.pdf` },
    { id: 'bilan-html', text: 'Bilan annuel (page imprimable)', path: `/api/reports/yearly.html?${q}`, file: `bilan-${stamp}.html`, open: true },
  ];
  const records = [
    { id: 'dossiers-xlsx', text: 'Dossiers pseudonymisés (Excel)', path: '/api/exports/records.xlsx', file: 'dossiers-pseudonymises.xlsx' },
    { id: 'jeunes-csv', text: 'Jeunes pseudonymisés (CSV)', path: '/api/exports/records.csv?table=beneficiaries', file: 'jeunes-pseudonymises.csv' },
  ];
  if (ctx.auth.role() === 'coordinator') {
    records.push({ id: 'complet-xlsx', text: 'Export complet avec données personnelles (Excel)', path: '/api/exports/records.xlsx?full=1', file: 'dossiers-complets.xlsx', confirm: FULL_WARNING });
  }
  return h('section', { 'aria-labelledby': 'h-telecharger', id: 'telecharger' }, h('h2', { id: 'h-telecharger' }, 'Télécharger'),
    h('h3', {}, 'Chiffres de la période'), h('div', { class: 'actions' }, figures.map(button)),
    h('h3', {}, 'Dossiers'), h('p', { class: 'hint' }, 'Les exports pseudonymisés remplacent noms et coordonnées par un code. Ils demandent une connexion.'),
    h('div', { class: 'actions' }, records.map(button)), status);
}
