"""French words for a person's file, so its export reads as a page, not as a database."""
from datetime import date, datetime

TABLE_TITLES = {
    "diagnostics": "Diagnostics mobilité", "attendances": "Participations aux ateliers et "
    "permanences", "contacts": "Contacts (appels, visites, messages)",
    "referrals": "Orientations par des partenaires", "action_steps": "Plan d'action",
    "outcomes": "Avancées (permis, véhicule, emploi…)",
}
LABELS = {
    "id": "Identifiant", "deleted": "Supprimé", "created_at": "Créé le",
    "updated_at": "Modifié le", "first_name": "Prénom", "last_name": "Nom",
    "birth_date": "Date de naissance", "sex": "Sexe", "commune": "Commune",
    "phone": "Téléphone", "email": "Courriel", "status": "Situation ou statut",
    "referred_by": "Orienté par (compte)", "qpv": "Habite un quartier prioritaire (QPV)",
    "zrr": "Habite une zone de revitalisation rurale (ZRR)",
    "education_level": "Niveau d'études", "consent_at": "Consentement donné le",
    "consent_scope": "Ce que couvre le consentement",
    "parent_consent_at": "Consentement d'un parent donné le", "notes": "Notes",
    "beneficiary_id": "Personne", "date": "Date", "questionnaire_version":
    "Version du questionnaire", "answers": "Réponses", "levels": "Niveaux par dimension",
    "stage": "Étape du parcours", "session_id": "Séance", "present": "Présent",
    "session": "Séance", "channel": "Canal", "audience": "Public", "subject": "Sujet",
    "orientation": "Orientation donnée", "partner_id": "Partenaire", "name": "Nom",
    "callback_status": "Rappel", "prescriber_id": "Prescripteur (compte)",
    "situation": "Situation", "needs": "Besoins", "contact_preference": "Préférence de "
    "contact", "consent": "Consentement", "reason": "Motif", "answered_at": "Réponse le",
    "reminded_at": "Relance le", "label": "Étape", "due_date": "Pour le",
    "offer_id": "Offre", "done_at": "Faite le", "kind": "Type",
    "title": "Titre", "starts_at": "Date", "place": "Lieu", "_deleted": "Suppression",
    # Inside a diagnostic's answers.
    "project": "Projet", "goal": "But", "destinations": "Lieux à rejoindre",
    "atypical_hours": "Horaires décalés", "radius": "Loin, c'est où ?",
    "gave_up": "A déjà renoncé faute de mobilité", "practices": "Déplacements habituels",
    "means": "Moyens", "licence": "Permis", "licence_valid": "Permis valide",
    "vehicle": "Véhicule", "insurance": "Assurance", "transport_pass": "Abonnement",
    "skills": "Savoir-faire", "barriers": "Freins", "motivation": "Motivation",
    "strengths": "Points forts", "sante": "Frein de santé (oui/non)",
}


def show(value) -> str:
    """Write a value the way a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return date.fromisoformat(value).strftime("%d/%m/%Y")
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return moment.strftime("%d/%m/%Y à %H:%M (UTC)")
        except ValueError:
            return value
    if isinstance(value, dict):
        return " ; ".join(f"{LABELS.get(k, k)} : {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    return str(value)


def field_names(detail: str | None) -> str:
    """Write an audit detail ("note: a,b") with the French names of its fields."""
    if not detail:
        return ""
    note, _, names = detail.rpartition(": ") if ": " in detail else ("", "", detail)
    if "," not in names and names not in LABELS:
        return detail  # a note alone
    words = ", ".join(LABELS.get(name, name) for name in names.split(","))
    return f"{note} : {words}" if note else words
