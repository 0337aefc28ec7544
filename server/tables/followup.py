"""What came of the follow-up (outcomes), and the professionals trained to the diagnostic."""
from . import codes as c
from .fields import Code, Day, Ref, Text
from .base import Column, Out, Privacy, Table

OPT = {"allow_none": True}

OUTCOMES = Table("outcomes", "Avancées", file_title="Avancées (permis, véhicule, emploi…)",
                 file_order="date", contact_dates=("date",), schema_name="OutcomeSchema", about_person=True, columns={
    "beneficiary_id": Column(Ref("beneficiaries"), Privacy.REF, "Personne", required=True, indexed=True),
    "kind": Column(Code(c.OUTCOME_KINDS), Privacy.CODE, "Type", required=True,
                   out=Out("sortie")),
    "date": Column(Day(), Privacy.CODE, "Date", required=True, out=Out("date")),
    "notes": Column(Text(2000, **OPT), Privacy.FREE_TEXT, "Notes", retention=None),
})

# Professionals, not young people: their names are kept as long as the training's record.
TRAINEES = Table("trainees", "Professionnels formés", schema_name="TraineeSchema", columns={
    "session_id": Column(Ref("sessions"), Privacy.REF, "Séance", required=True, indexed=True),
    "name": Column(Text(200), Privacy.PERSONAL, "Nom", required=True),
    "partner_id": Column(Ref("partners", **OPT), Privacy.REF, "Partenaire"),
    "job_title": Column(Text(200, **OPT), Privacy.FREE_TEXT, "Fonction"),
})
