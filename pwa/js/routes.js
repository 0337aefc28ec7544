// The screens of the app and the menu of each space.
import { h, replace } from './ui.js';
import { ROLES } from './labels.js';
import { home } from './views/home.js';
import { catalogue, offerDetail, favourites } from './views/youth.js';
import { dropIns, callback } from './views/youth-more.js';
import { login } from './views/login.js';
import { myReferrals, referralForm, partnersDirectory } from './views/pro.js';
import { today, sessionForm } from './views/today.js';
import { attendance } from './views/attendance.js';
import { people, personForm } from './views/people.js';
import { diagnosticForm, diagnosticResult } from './views/diagnostic-form.js';
import { contacts, contactForm } from './views/contacts.js';
import { yourData, accessibility, holderName } from './views/legal.js';
import { lockGate } from './views/lock.js';
import { changePassword } from './views/password.js';

export { lockGate };

// The office's screens load when first opened (they stay precached for offline use): the
// shell every device starts with stays small (docs/benchmarks.md, « Taille »).
const lazy = (load, name) => async (...args) => (await load())[name](...args);
const office = (name) => lazy(() => import('./views/office.js'), name);
const dashboard = lazy(() => import('./views/dashboard.js'), 'dashboard');
const device = lazy(() => import('./views/device.js'), 'device');
const region = lazy(() => import('./views/region.js'), 'region');
const freshness = lazy(() => import('./views/freshness.js'), 'freshness');
const trainings = lazy(() => import('./views/trainings.js'), 'trainings');
const trainingSession = lazy(() => import('./views/trainings.js'), 'trainingSession');
// A person's file and what hangs on it (outcomes, plan): the referent's, loaded when opened.
const person = lazy(() => import('./views/person.js'), 'person');
const outcomeForm = lazy(() => import('./views/outcomes.js'), 'outcomeForm');
const objectiveForm = lazy(() => import('./views/plan-forms.js'), 'objectiveForm');
const stepForm = lazy(() => import('./views/plan-forms.js'), 'stepForm');
const planPrint = lazy(() => import('./views/plan-print.js'), 'planPrint');
const incomingReferrals = lazy(() => import('./views/referrals.js'), 'incomingReferrals');
const accounts = lazy(() => import('./views/accounts.js'), 'accounts');
const conflicts = lazy(() => import('./views/conflicts.js'), 'conflicts');
const journal = lazy(() => import('./views/journal.js'), 'journal');
const transit = lazy(() => import('./views/transit.js'), 'transitScreen');
const transitAdmin = lazy(() => import('./views/transit-admin.js'), 'transitAdmin');
const selfTest = lazy(() => import('./views/youth-test.js'), 'selfTest');
const dataInclusionImport = lazy(() => import('./views/datainclusion-import.js'), 'dataInclusionImport');
const [offersEditor, offerForm, partnersEditor, partnerForm, devices] = ['offersEditor', 'offerForm', 'partnersEditor', 'partnerForm', 'devices'].map(office);

const STAFF = ['referent', 'coordinator'];
const PROS = ['prescriber', ...STAFF];

export const routes = [
  { path: '/', view: home, redirect: (ctx) => (ctx.auth.role() ? ctx.homeOf(ctx.auth.role()) : null) },
  { path: '/accueil', public: true, view: home },
  { path: '/jeunes', public: true, view: catalogue },
  { path: '/jeunes/offre/:id', public: true, view: offerDetail },
  { path: '/jeunes/offre/:id/y-aller', public: true, view: transit },
  { path: '/jeunes/favoris', public: true, view: favourites },
  { path: '/jeunes/permanences', public: true, view: dropIns },
  { path: '/jeunes/rappel', public: true, view: callback },
  { path: '/jeunes/auto-test', public: true, view: selfTest },
  { path: '/connexion', view: login },
  { path: '/verrou', view: () => [] }, // the lock screen (the gate draws it)
  { path: '/appareil', view: device },
  { path: '/appareil/mot-de-passe', view: changePassword, roles: ['prescriber', ...STAFF] },
  { path: '/vos-donnees', public: true, view: yourData },
  { path: '/accessibilite', public: true, view: accessibility },
  { path: '/catalogue', view: catalogue, roles: PROS },
  { path: '/partenaires', view: partnersDirectory, roles: PROS, live: true },
  { path: '/pro', view: myReferrals, roles: ['prescriber'], live: true },
  { path: '/pro/orienter', view: referralForm, roles: ['prescriber'] },
  { path: '/ref', view: today, roles: STAFF, live: true },
  { path: '/ref/seance-nouvelle', view: sessionForm, roles: STAFF },
  { path: '/ref/seance/:id', view: attendance, roles: STAFF },
  { path: '/ref/seance/:id/modifier', view: sessionForm, roles: STAFF },
  { path: '/ref/jeunes', view: people, roles: STAFF, live: true },
  { path: '/ref/jeune-nouveau', view: personForm, roles: STAFF },
  { path: '/ref/jeune/:id', view: person, roles: STAFF, live: true },
  { path: '/ref/jeune/:id/modifier', view: personForm, roles: STAFF },
  { path: '/ref/jeune/:id/avancee', view: outcomeForm, roles: STAFF },
  { path: '/ref/avancee/:outcome', view: outcomeForm, roles: STAFF },
  { path: '/ref/jeune/:id/objectif', view: objectiveForm, roles: STAFF },
  { path: '/ref/objectif/:objective', view: objectiveForm, roles: STAFF },
  { path: '/ref/jeune/:id/etape', view: stepForm, roles: STAFF },
  { path: '/ref/etape/:step', view: stepForm, roles: STAFF },
  { path: '/ref/jeune/:id/plan', view: planPrint, roles: STAFF },
  { path: '/ref/jeune/:id/diagnostic', view: diagnosticForm, roles: STAFF },
  { path: '/ref/diagnostic/:id', view: diagnosticResult, roles: STAFF, live: true },
  { path: '/ref/diagnostic/:id/modifier', view: diagnosticForm, roles: STAFF },
  { path: '/ref/contacts', view: contacts, roles: STAFF, live: true },
  { path: '/ref/contact-nouveau', view: contactForm, roles: STAFF },
  { path: '/ref/orientations', view: incomingReferrals, roles: STAFF, live: true },
  { path: '/conflits', view: conflicts, roles: STAFF },
  { path: '/bureau/offres', view: offersEditor, roles: ['coordinator'], live: true },
  { path: '/bureau/offre/:id', view: offerForm, roles: ['coordinator'] },
  { path: '/bureau/partenaires', view: partnersEditor, roles: ['coordinator'], live: true },
  { path: '/bureau/partenaire/:id', view: partnerForm, roles: ['coordinator'] },
  { path: '/bureau/appareils', view: devices, roles: ['coordinator'] },
  { path: '/bureau/comptes', view: accounts, roles: ['coordinator'] },
  { path: '/bureau/transport', view: transitAdmin, roles: ['coordinator'] },
  { path: '/bureau/journal', view: journal, roles: ['coordinator'] },
  { path: '/bureau/import', view: dataInclusionImport, roles: ['coordinator'] },
  { path: '/bureau', view: dashboard, roles: ['coordinator'] },
  { path: '/bureau/a-revoir', view: freshness, roles: ['coordinator'] },
  { path: '/bureau/formations', view: trainings, roles: ['coordinator'], live: true },
  { path: '/bureau/formation/:id', view: trainingSession, roles: ['coordinator'] },
  { path: '/region', view: region, roles: ['region'] },
];

const MENUS = {
  none: [['#/jeunes', 'Trouver une aide'], ['#/jeunes/permanences', 'Rencontrer la référente'], ['#/jeunes/favoris', 'Mes favoris'], ['#/jeunes/auto-test', 'Où j\'en suis ?'], ['#/jeunes/rappel', 'Être rappelé·e'], ['#/connexion', 'Espace pro']],
  prescriber: [['#/pro', 'Mes orientations'], ['#/pro/orienter', 'Orienter un·e jeune'], ['#/partenaires', 'Partenaires'], ['#/catalogue', 'Catalogue']],
  region: [['#/region', 'Chiffres de la région']],
  referent: [['#/ref', 'Aujourd\'hui'], ['#/ref/jeunes', 'Jeunes'], ['#/ref/contacts', 'Contacts'], ['#/ref/orientations', 'Orientations'], ['#/catalogue', 'Catalogue'], ['#/partenaires', 'Partenaires'], ['#/conflits', 'Conflits']],
};
MENUS.none.push(['#/vos-donnees', 'Vos données']); // the youth space: what is kept about them
MENUS.coordinator = [...MENUS.referent, ['#/bureau', 'Tableau de bord'], ['#/bureau/a-revoir', 'À revérifier'], ['#/bureau/formations', 'Formations'], ['#/bureau/offres', 'Offres (édition)'], ['#/bureau/partenaires', 'Partenaires (édition)'], ['#/bureau/import', 'Import data·inclusion'], ['#/bureau/appareils', 'Appareils'], ['#/bureau/comptes', 'Comptes'], ['#/bureau/transport', 'Horaires de transport'], ['#/bureau/journal', 'Journal des accès']];

function isCurrent(href) {
  const path = location.hash.split('?')[0] || '#/';
  if (href === '#/bureau') return path === href; // the dashboard, not every office screen
  return path === href || (href !== '#/' && path.startsWith(`${href}/`) && !MENUS_ALL.has(path));
}
const MENUS_ALL = new Set(Object.values(MENUS).flat().map(([href]) => href));

// With several structures, the one whose caseload the device holds (views/device-structure.js).
const structureOf = (u) => ((u.structures || []).length > 1 ? ` · ${(u.structures.find((s) => s.id === u.structure) || {}).name}` : '');

// Who lends the device to a young person (« Prêter la tablette »): not the region, which
// meets nobody and reads figures only. Lending has no address: the button is the only way.
export const lends = (role) => role !== 'region';

// The menu of the space shown: none on a locked tablet, the youth menu when it is lent.
export function drawNav(ctx, nav, who) {
  const user = ctx.lock.staffVisible() ? ctx.auth.user() : null;
  const lent = ctx.lock.lent();
  // A locked tablet shows no menu, but on a youth page the youth menu and a way back.
  const locked = !user && !lent && ctx.lock.phase() !== 'none';
  const hidden = locked && !(ctx.currentRoute && ctx.currentRoute.public);
  const menu = (MENUS[user ? user.role : 'none'] || MENUS.none).filter(([href]) => !(lent || locked) || href !== '#/connexion');
  const back = lent ? [['#/verrou', 'Reprendre la tablette']] : locked ? [['#/verrou', 'Déverrouiller']] : [];
  const items = hidden ? [] : [...menu, ...back];
  replace(nav, items.length ? h('ul', {}, items.map(([href, text]) => h('li', {}, h('a', { href, 'aria-current': isCurrent(href) ? 'page' : null }, text)))) : '');
  // The footer names the structure this device works for, none where nobody signed in here.
  const holder = nav.ownerDocument.getElementById('holder');
  const name = holderName(ctx.auth.user());
  if (holder) holder.textContent = name ? `${name} · ` : '';
  replace(who, user ? [
    h('a', { href: '#/appareil' }, `${user.name} · ${ROLES[user.role] || user.role}${structureOf(user)}`), ' ',
    lends(user.role) ? [h('button', { type: 'button', class: 'small secondary', id: 'lend', on: { click: () => ctx.lock.lend().then(() => { location.hash = '#/jeunes'; }) } }, 'Prêter la tablette'), ' '] : null,
    h('button', { type: 'button', class: 'small secondary', id: 'lock-now', on: { click: () => ctx.lock.lock('button') } }, 'Verrouiller'),
  ] : '');
}
