// A synced field's value in the words a form would show it: a code as its label, a date as
// a date, a diagnostic's answers as their questions and answers (conflict screen, reviews).
import { FIELDS, TABLE_LABELS, CODE_LISTS, ANSWER_WORDS } from './field-labels.js';
import * as L from './labels.js';
import { fmtShortDate, fmtDateTime } from './ui.js';

export const EMPTY = '(vide)';
// The words of the codes found inside a diagnostic's answers (modes, skills, barriers…).
const ANSWER_CODES = [L.MODES, L.SKILLS, L.BARRIERS, L.LICENCES, L.RADII, L.FREQUENCIES, L.STAGES, L.DIMENSIONS];
const ANSWER_LEVELS = { skills: L.SKILL_LEVELS, barriers: L.SEVERITY };

export const tableLabel = (table) => TABLE_LABELS[table] || table;

export function fieldOf(table, name) {
  if (name === '_deleted') return { label: 'Suppression de la fiche', kind: 'bool' };
  const [label, kind] = (FIELDS[table] || {})[name] || [name, 'text'];
  return { label, kind, list: kind.includes(':') ? kind.split(':')[1] : null };
}

// The code list's codes with their words, for a choice in a form.
export function choices(list) {
  const words = L.BY_LIST[list] || {};
  return (CODE_LISTS[list] || []).map((code) => [code, words[code] || code]);
}

const codeWord = (list, code) => (L.BY_LIST[list] || {})[code] || String(code);
const answerCode = (code) => ANSWER_CODES.map((map) => map[code]).find(Boolean) || String(code);

function answers(value, key) {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (Array.isArray(value)) return value.length ? value.map((v) => answers(v)).join(', ') : EMPTY;
  if (typeof value === 'object') {
    return Object.entries(value).map(([k, v]) => `${ANSWER_WORDS[k] || answerCode(k)} : ${
      ANSWER_LEVELS[key] && typeof v === 'number' ? ANSWER_LEVELS[key][v] || v : answers(v, k)}`).join(' ; ');
  }
  return typeof value === 'string' ? answerCode(value) : String(value);
}

// `names(id)` gives the name of a referenced row when the screen knows it.
export function showValue(table, name, value, names = () => null) {
  if (value === null || value === undefined || value === '') return EMPTY;
  const { kind, list } = fieldOf(table, name);
  if (kind === 'bool' || typeof value === 'boolean') return value === true ? 'oui' : value === false ? 'non' : String(value);
  if (kind === 'day' && typeof value === 'string') return fmtShortDate(value);
  if (kind === 'moment' && typeof value === 'string') return fmtDateTime(value);
  if (kind.startsWith('code:')) return codeWord(list, value);
  if (kind.startsWith('codes:')) return Array.isArray(value) ? value.map((c) => codeWord(list, c)).join(', ') || EMPTY : String(value);
  if (kind === 'ref') return names(value) || 'une autre fiche';
  if (kind === 'json' || typeof value === 'object') return answers(value);
  return String(value);
}
