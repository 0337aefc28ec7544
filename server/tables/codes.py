"""Code lists shared by the schemas (see docs/data-model.md)."""
from ..domain.diagnostic import GRADED_BARRIERS

SESSION_KINDS = ("permanence", "atelier", "formation", "sensibilisation", "autre")
ACTIONS = ("atelier-mlsj", "coup-de-pedale", "decouverte-territoire", "permanence-restos",
           "permanence-dome", "atelier-asmh", "permanence-lycee-pss", "arp", "autre")
BENEFICIARY_STATUSES = ("cej", "scolaire", "etudiant", "demandeur-emploi", "salarie",
                        "formation", "sans-activite", "autre")
SEXES = ("F", "M", "X")
CHANNELS = ("telephone", "web", "visite", "courriel")
AUDIENCES = ("particulier", "professionnel")
CALLBACK_STATUSES = ("a-rappeler", "rappele")
REFERRAL_STATUSES = ("ouverte", "validee", "refusee", "expiree")
# Why the referent turned a referral down (a free comment may add to it: referrals.reason).
REFUSAL_REASONS = ("injoignable", "hors-territoire", "hors-age", "deja-accompagne",
                   "pas-interesse", "besoin-hors-mobilite", "doublon", "autre")
CONTACT_PREFERENCES = ("telephone", "sms", "courriel")
STAGES = ("apprendre", "envie", "moyens", "autonomie")
STEP_STATUSES = ("a-faire", "en-cours", "fait", "abandonne")
# Who carries a step of the plan: the young person, the referent, a partner (Carnet de bord).
STEP_CARRIERS = ("jeune", "referente", "partenaire")
OBJECTIVE_STATUSES = ("en-cours", "atteint", "abandonne")
# The barrier an objective takes on: the diagnostic's graded ones (health is a yes/no flag only).
BARRIERS = GRADED_BARRIERS
OFFER_TYPES = ("accompagnement", "aide-financiere", "aide-materielle", "atelier", "formation",
               "information")
THEMATIQUES = (
    "mobilite", "mobilite--acceder-a-un-vehicule", "mobilite--entretenir-reparer-son-vehicule",
    "mobilite--etre-accompagne-dans-son-parcours-mobilite", "mobilite--financer-ma-mobilite",
    "mobilite--preparer-un-permis", "mobilite--mobilite-douce-partagee-collective",
)
FRAIS = ("gratuit", "payant")
MODES_ACCUEIL = ("en-presentiel", "a-distance")
MODES_MOBILISATION = ("telephoner", "envoyer-un-courriel", "se-presenter",
                      "utiliser-lien-mobilisation")
MOBILISABLE_PAR = ("usagers", "professionnels")
OUTCOME_KINDS = ("code-obtenu", "permis-obtenu", "vehicule-obtenu", "velo-obtenu",
                 "entree-formation", "emploi", "entree-cej", "reprise-etudes", "autre")
