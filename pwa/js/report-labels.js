// French labels of the codes found in the key figures (server/reports/tables.py has the same).
import { SESSION_ACTIONS, BARRIERS as DIAG_BARRIERS, SEX as SEXES, BENEFICIARY_STATUS, OUTCOME_KINDS, REFUSAL_REASONS } from './labels.js';

export const ACTIONS = { ...SESSION_ACTIONS, autre: 'Autres actions' };
export const AGE_BANDS = { '<18': 'Moins de 18 ans', '18-21': '18 à 21 ans', '22-25': '22 à 25 ans', '26+': '26 ans et plus', inconnu: 'Âge inconnu' };
export const SEX = { ...SEXES, inconnu: 'Non renseigné' };
export const STATUS = { ...BENEFICIARY_STATUS, inconnu: 'Non renseignée' };
export const YES_NO = { oui: 'Oui', non: 'Non', inconnu: 'Non renseigné' };
export const BARRIERS = { ...DIAG_BARRIERS, sante: 'Santé (oui/non seulement)' };
export const OUTCOMES = { ...OUTCOME_KINDS, 'etape-franchie': 'Étape du parcours franchie' };
export const REFUSALS = { ...REFUSAL_REASONS, 'non-precise': 'Motif non précisé' };
export const TARGETS = {
  referred: 'Jeunes orientés par les partenaires', mobilised: 'Jeunes mobilisés sur les actions',
  contacts: 'Contacts (téléphone, web…) informés ou orientés', trained: 'Professionnels formés au diagnostic mobilité',
};

export const say = (map, code) => map[code] || code;
