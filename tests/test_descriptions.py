"""The table descriptions (server/tables/) are complete: every synced column is described with a
privacy class and a label, and anonymisation leaves nothing personal in a person's file."""
import pytest

from server.models import SYNCED
from server.schemas import SCHEMAS
from server.reports.pseudonymised import EXPORTED, allowed, headers
from server.tables import MARKER, TABLES, Privacy, Retain
from server.tables.base import Out

# Sync bookkeeping every synced table has (models/base.py), and the referrals' scope trail.
BOOKKEEPING = {"id", "version", "created_version", "deleted", "field_versions", "field_writers",
               "updated_by", "created_at", "updated_at", "scope_trail", "tenant_id"}


@pytest.mark.parametrize("table", sorted(SYNCED))
def test_every_synced_column_has_a_description_with_a_privacy_class_and_a_label(table):
    columns = {c.name for c in SYNCED[table].__table__.columns} - BOOKKEEPING
    described = TABLES[table].columns
    assert columns - set(described) == set(), "columns without a description"
    assert set(described) - columns == set(), "descriptions without a column"
    for name, column in described.items():
        assert isinstance(column.privacy, Privacy), f"{table}.{name} has no privacy class"
        assert column.label.strip(), f"{table}.{name} has no label"


@pytest.mark.parametrize("table", sorted(t for t, d in TABLES.items() if d.about_person or t == "beneficiaries"))
def test_anonymisation_leaves_no_personal_value_or_free_text(table):
    # A new personal column or free text left at the default (KEEP) fails here: a forgotten
    # field can no longer survive anonymisation unseen.
    for name, column in TABLES[table].columns.items():
        if column.privacy in (Privacy.PERSONAL, Privacy.FREE_TEXT):
            assert column.retention != Retain.KEEP, f"{table}.{name} survives anonymisation"
        if column.retention not in (Retain.KEEP, None, MARKER):
            assert isinstance(column.retention, Retain), f"{table}.{name}: unknown retention"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_schema_made_from_a_description_refuses_unknown_fields_by_name(table):
    errors = SCHEMAS[table]().validate({"not_a_column": 1}, partial=True)
    assert errors == {"not_a_column": ["Unknown field."]}


def test_the_web_apps_manifest_is_the_one_the_descriptions_give():
    # Regenerate with `flask --app wsgi pwa-manifest` after changing a description.
    from server.tables.manifest import LABELS_PATH, PATH, manifest, render, render_labels
    assert PATH.read_text() == render(), "pwa/js/manifest.js is out of date"
    assert LABELS_PATH.read_text() == render_labels(), "pwa/js/field-labels.js is out of date"
    m = manifest()
    assert set(m["sealed"]) == set(TABLES) - {"partners", "offers"}, "only the catalogue is in clear"
    assert m["indexes"]["attendances"] == ["session_id", "beneficiary_id"]


def test_a_persons_export_reads_each_tables_own_labels():
    from server.reports.person_labels import LABELS, label
    assert label("referrals", "status") == TABLES["referrals"].columns["status"].label == "Statut"
    assert label("beneficiaries", "status") == "Situation ou statut"
    assert label("sessions", "starts_at") == TABLES["sessions"].columns["starts_at"].label
    assert label("diagnostics", "goal") == "But", "words inside the answers"
    assert LABELS["status"] == "Situation ou statut", "the person's own table says it first"


@pytest.mark.parametrize("table", sorted(EXPORTED))
def test_a_pseudonymised_export_takes_no_free_text_and_personal_values_only_coarsened(table):
    described = EXPORTED[table]
    wrong = {name: (column.privacy.value, column.out.form)
             for name, column in described.columns.items()
             if column.out is not None and not allowed(column.privacy, column.out)}
    assert wrong == {}
    found = headers(described)
    assert len(found) == len(set(found)) and found[0] == "pseudonyme"


def test_the_export_rule_refuses_free_text_and_raw_personal_values():
    # The rule the test above relies on, checked on the columns it must stop.
    assert not allowed(Privacy.FREE_TEXT, Out("notes"))
    assert not allowed(Privacy.PERSONAL, Out("telephone"))
    assert not allowed(Privacy.CODE, Out("x", "no-such-form"))
    assert allowed(Privacy.PERSONAL, Out("tranche_age", "age_band"))


def test_a_table_about_a_person_says_its_place_in_the_file():
    """A person's export, erasure and retention read it from the description alone."""
    for name, table in TABLES.items():
        dates = (*table.contact_dates, table.file_order)
        assert all(d in table.columns or d == "created_at" for d in dates), name
        assert bool(table.file_title) == table.about_person, name
