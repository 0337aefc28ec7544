// French labels of the code lists (docs/data-model.md). Codes never appear on screen.

export const THEMATIQUES = {
  mobilite: 'Mobilité',
  'mobilite--acceder-a-un-vehicule': 'Avoir un véhicule',
  'mobilite--entretenir-reparer-son-vehicule': 'Réparer son véhicule',
  'mobilite--etre-accompagne-dans-son-parcours-mobilite': 'Être accompagné·e',
  'mobilite--financer-ma-mobilite': 'Aide pour payer',
  'mobilite--preparer-un-permis': 'Passer le permis',
  'mobilite--mobilite-douce-partagee-collective': 'Bus, train, vélo, covoiturage',
};

// The youth space's "needs": plain words mapped to thématiques.
export const NEEDS = [
  ['permis', 'Passer le permis', ['mobilite--preparer-un-permis']],
  ['vehicule', 'Avoir un véhicule (vélo, scooter, voiture)', ['mobilite--acceder-a-un-vehicule', 'mobilite--entretenir-reparer-son-vehicule']],
  ['bus', 'Prendre le bus ou le train', ['mobilite--mobilite-douce-partagee-collective']],
  ['payer', 'De l\'aide pour payer', ['mobilite--financer-ma-mobilite']],
  ['accompagne', 'Être aidé·e par quelqu\'un', ['mobilite--etre-accompagne-dans-son-parcours-mobilite']],
];

export const OFFER_TYPES = { accompagnement: 'Accompagnement', 'aide-financiere': 'Aide financière', 'aide-materielle': 'Aide matérielle', atelier: 'Atelier', formation: 'Formation', information: 'Information' };
export const SESSION_KINDS = { permanence: 'Permanence', atelier: 'Atelier', formation: 'Formation', sensibilisation: 'Sensibilisation', autre: 'Autre' };
export const SESSION_ACTIONS = {
  'atelier-mlsj': 'Atelier mobilité à la MLSJ', 'coup-de-pedale': 'Coup de pédale pour l\'avenir',
  'decouverte-territoire': 'À la découverte du territoire', 'permanence-restos': 'Permanence Restos du Cœur',
  'permanence-dome': 'Permanence Médiathèque Le Dôme', 'atelier-asmh': 'Atelier ASMH / 1000 services',
  'permanence-lycee-pss': 'Permanence Lycée Pré Saint Sauveur', arp: 'ARP services', autre: 'Autre',
};
export const BENEFICIARY_STATUS = { cej: 'CEJ', scolaire: 'Scolaire', etudiant: 'Étudiant·e', 'demandeur-emploi': 'Demandeur·se d\'emploi', salarie: 'Salarié·e', formation: 'En formation', 'sans-activite': 'Sans activité', autre: 'Autre' };
export const SEX = { F: 'Femme', M: 'Homme', X: 'Autre / non précisé' };
export const CHANNELS = { telephone: 'Téléphone', web: 'Site web', visite: 'Visite', courriel: 'Courriel' };
export const AUDIENCES = { particulier: 'Particulier', professionnel: 'Professionnel' };
export const CALLBACK = { 'a-rappeler': 'À rappeler', rappele: 'Rappelé·e' };
export const REFERRAL_STATUS = { ouverte: 'Ouverte', validee: 'Validée', refusee: 'Refusée', expiree: 'Expirée' };
export const CONTACT_PREF = { telephone: 'Téléphone', sms: 'SMS', courriel: 'Courriel' };
export const STAGES = { apprendre: 'Apprendre à bouger', envie: 'Donner envie de bouger', moyens: 'Donner les moyens de bouger', autonomie: 'Autonomie' };
export const STEP_STATUS = { 'a-faire': 'À faire', 'en-cours': 'En cours', fait: 'Fait', abandonne: 'Abandonné' };
export const STEP_CARRIERS = { jeune: 'Le ou la jeune', referente: 'La référente', partenaire: 'Un partenaire' };
export const OBJECTIVE_STATUS = { 'en-cours': 'En cours', atteint: 'Atteint', abandonne: 'Abandonné' };
export const REFUSAL_REASONS = { injoignable: 'Injoignable', 'hors-territoire': 'Hors du territoire', 'hors-age': 'Hors de la tranche d\'âge', 'deja-accompagne': 'Déjà accompagné·e ailleurs', 'pas-interesse': 'Ne souhaite pas d\'accompagnement', 'besoin-hors-mobilite': 'Besoin hors mobilité', doublon: 'Orientation en double', autre: 'Autre motif' };
export const DIMENSIONS = { pratiques: 'Pratiques', moyens: 'Moyens', competences: 'Compétences', freins: 'Freins', motivation: 'Motivation' };
export const LEVELS = { 1: 'Besoin fort', 2: 'Besoin', 3: 'Presque autonome', 4: 'Autonome' };
export const MODES = { marche: 'Marche', urbus: 'Bus Urbus', mobigo: 'Car Mobigo', ter: 'Train TER', velo: 'Vélo', 'deux-roues': 'Deux-roues motorisé', passager: 'Passager·e en voiture', covoiturage: 'Covoiturage', tad: 'Transport à la demande' };
export const FREQUENCIES = { jamais: 'Jamais', parfois: 'Parfois', souvent: 'Souvent' };
export const LICENCES = { aucun: 'Aucun', 'code-en-cours': 'Code en cours', code: 'Code obtenu', 'conduite-en-cours': 'Conduite en cours', b: 'Permis B', am: 'Permis AM (BSR)', autre: 'Autre permis' };
export const RADII = { quartier: 'Le quartier', commune: 'La commune', communaute: 'La communauté de communes', 'au-dela': 'Au-delà' };
export const SKILLS = { 'lire-horaires': 'Lire un horaire ou un plan', 's-orienter': 'S\'orienter', 'appli-itineraire': 'Utiliser une appli d\'itinéraire', 'acheter-titre': 'Acheter un titre de transport', 'faire-velo': 'Faire du vélo', 'demander-chemin': 'Demander son chemin' };
export const SKILL_LEVELS = { 1: 'Non acquis', 2: 'En cours', 3: 'Avec aide', 4: 'Autonome' };
export const BARRIERS = { financier: 'Financier', psychologique: 'Psychologique (peur, quitter le territoire)', numerique: 'Numérique', 'lecture-langue': 'Lecture, langue', administratif: 'Administratif', familial: 'Familial', territorial: 'Territorial (pas de transport aux heures utiles)' };
export const SEVERITY = { 0: 'Non', 1: 'Léger', 2: 'Moyen', 3: 'Fort' };
export const OUTCOME_KINDS = {
  'code-obtenu': 'Code obtenu', 'permis-obtenu': 'Permis obtenu', 'vehicule-obtenu': 'Véhicule obtenu',
  'velo-obtenu': 'Vélo obtenu', 'entree-formation': 'Entrée en formation', emploi: 'Emploi',
  'entree-cej': 'Entrée en CEJ', 'reprise-etudes': 'Reprise d\'études', autre: 'Autre',
};
export const FRAIS = { gratuit: 'Gratuit', payant: 'Payant' };
export const MODES_ACCUEIL = { 'en-presentiel': 'Sur place', 'a-distance': 'À distance' };
export const MODES_MOBILISATION = { telephoner: 'Téléphoner', 'envoyer-un-courriel': 'Envoyer un courriel', 'se-presenter': 'Se présenter', 'utiliser-lien-mobilisation': 'Suivre le lien' };
export const MOBILISABLE_PAR = { usagers: 'La personne elle-même', professionnels: 'Un professionnel' };
export const ROLES = { referent: 'Référente mobilité', coordinator: 'Coordination', prescriber: 'Prescripteur', region: 'Région' };

// The server's code lists (server/tables/codes.py, named in field-labels.js) and their words:
// a node test checks that every code of every list has its words here.
export const BY_LIST = {
  ACTIONS: SESSION_ACTIONS, AUDIENCES, BENEFICIARY_STATUSES: BENEFICIARY_STATUS, CALLBACK_STATUSES: CALLBACK,
  CHANNELS, CONTACT_PREFERENCES: CONTACT_PREF, FRAIS, MOBILISABLE_PAR, MODES_ACCUEIL, MODES_MOBILISATION,
  OFFER_TYPES, OUTCOME_KINDS, REFERRAL_STATUSES: REFERRAL_STATUS, SESSION_KINDS, SEXES: SEX, STAGES,
  STEP_STATUSES: STEP_STATUS, THEMATIQUES, STEP_CARRIERS, OBJECTIVE_STATUSES: OBJECTIVE_STATUS,
  REFUSAL_REASONS, BARRIERS,
};

export const options = (map, { empty } = {}) => [...(empty !== undefined ? [['', empty]] : []), ...Object.entries(map)];
export const label = (map, code) => (code == null || code === '' ? '' : map[code] || code);
