// The coordinator changes the year's targets (PUT /api/reports/targets?year=), online only.
import { h, nextId, announce } from '../ui.js';
import { ApiError, NetworkError } from '../api.js';
import { checkTargets, TARGET_MAX } from '../reports.js';
import { TARGETS } from '../report-labels.js';

function targetField(key, label, value) {
  const id = nextId(`objectif-${key}`);
  const error = h('p', { class: 'field-error', id: `${id}-erreur` });
  const input = h('input', { id, name: key, type: 'number', inputmode: 'numeric', min: 0, max: TARGET_MAX, step: 1, required: true, value: value ?? '', 'aria-describedby': `${id}-erreur` });
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), input, error);
  wrap.show = (message) => {
    error.textContent = message || '';
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  };
  wrap.input = input;
  return wrap;
}

// `year`: the targets' year; `current`: [{key, label, target}] from the figures; `onSaved`: redraw.
export function targetsForm(ctx, year, current, onSaved) {
  const fields = Object.fromEntries(current.map((t) => [t.key, targetField(t.key, TARGETS[t.key] || t.label, t.target)]));
  const summary = h('div', { class: 'errors', role: 'alert', tabindex: '-1' });
  const form = h('form', { class: 'form narrow', id: 'objectifs-form', novalidate: true },
    Object.values(fields), summary, h('button', { type: 'submit' }, `Enregistrer les objectifs ${year}`));

  function showErrors(errors, message) {
    for (const [key, f] of Object.entries(fields)) f.show(errors[key]);
    summary.textContent = message;
    const first = Object.keys(errors).find((k) => fields[k]);
    (first ? fields[first].input : summary).focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const raw = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.input.value]));
    const { values, errors } = checkTargets(raw);
    if (Object.keys(errors).length) { showErrors(errors, 'Certains objectifs sont à corriger.'); return; }
    try {
      await ctx.api.request('PUT', `/api/reports/targets?year=${year}`, { body: values });
    } catch (err) {
      if (err instanceof NetworkError) { showErrors({}, 'Pas de connexion : les objectifs n\'ont pas été enregistrés. Réessayez une fois connecté·e.'); return; }
      const serverErrors = err instanceof ApiError && err.problem.errors ? Object.fromEntries(Object.entries(err.problem.errors).map(([k, v]) => [k, [].concat(v).join(' ')])) : {};
      showErrors(serverErrors, `Les objectifs n'ont pas été enregistrés : ${err.message}`);
      return;
    }
    for (const f of Object.values(fields)) f.show('');
    summary.textContent = '';
    announce(`Objectifs ${year} enregistrés.`, 'ok');
    onSaved();
  });

  // The server's targets may be newer than the figures kept on the device: read them first.
  ctx.api.get(`/api/reports/targets?year=${year}`).then((answer) => {
    for (const [key, value] of Object.entries(answer.targets || {})) if (fields[key] && document.activeElement !== fields[key].input) fields[key].input.value = value;
  }).catch(() => { /* offline: the figures' targets stay in the form */ });

  return h('details', { class: 'panel', id: 'objectifs' }, h('summary', {}, `Modifier les objectifs ${year}`),
    h('p', { class: 'hint' }, 'Nombres entiers de 0 à 100 000. Les jauges se mettent à jour après l\'enregistrement.'), form);
}
