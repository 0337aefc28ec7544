"""The password rule, `users create` / `set-password`, and changing one's own password."""
import secrets

import pytest

from api_helpers import assert_problem, pull
from conftest import PASSWORD, bearer, login
from server.extensions import db
from server.models import AuditEvent, User
from server.services import auth as auth_service
from server.services.passwords import PasswordRefused, check_password
from server.services.seeding import demo_password
from server.seed.demo_data import demo_accounts

REFERENT = "referente@example.org"
NEW = "trois-sapins-sous-la-neige"


@pytest.mark.parametrize("password", [
    "court", "onze-lettre",                      # fewer than 12 characters
    "qwerty123456", "QWERTY123456", "1qaz2wsx3edc",  # in zxcvbn's list, any case
    "Azertyuiop123!", "password2024!!", "MotDePasse!2026",  # a common one, decorated
    "aaaaaaaaaaaaaaa", "abababababab",          # too repetitive
    "Mobilité-2026!!", "HAUT-JURA-39200", "missionlocale39", "Saint-Claude-2026",
    "marie.dupont.39", "Dupont-Marie-2026",     # the e-mail's name parts
])
def test_weak_passwords_are_refused(password):
    with pytest.raises(PasswordRefused) as refused:
        check_password(password, "marie.dupont@example.org")
    assert str(refused.value)[:1].isupper()  # a sentence in French for the person


@pytest.mark.parametrize("password", [
    PASSWORD, "mot-de-passe-navigateur", "bench-password-123", NEW,
    "mobilité-des-jeunes-en-montagne", "Le train de 7h12 pour Oyonnax",
])
def test_ordinary_good_passwords_pass(password):
    check_password(password, "marie.dupont@example.org")


def test_the_common_list_is_zxcvbns_own():
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    common = [p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 12]
    assert len(common) > 100
    for password in common[:200]:
        with pytest.raises(PasswordRefused):
            check_password(password.upper())


def test_demo_passwords_always_follow_the_rule():
    """They are derived from each instance's secret: any secret must give good ones."""
    for _ in range(300):
        secret = secrets.token_urlsafe(32)
        for account in demo_accounts():
            check_password(demo_password(secret, account["email"]), account["email"])


def test_accounts_cannot_be_created_with_a_weak_password(app):
    with app.app_context():
        with pytest.raises(auth_service.WeakPassword):
            auth_service.create_user(db.session, "x@example.org", "X", "referent",
                                     "azertyuiop12")
    result = app.test_cli_runner().invoke(args=[
        "users", "create", "y@example.org", "--role", "referent", "--name", "Y"],
        input="mobilite-2026\n")
    assert result.exit_code != 0 and "nom du service" in result.output
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_set_password_reads_stdin_and_ends_every_session(app, client, users):
    tokens = login(client, REFERENT)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "set-password", REFERENT, "--password", NEW]) \
        .exit_code != 0  # never on the command line: it shows in `ps` and shell history
    weak = runner.invoke(args=["users", "set-password", REFERENT], input="referente2026\n")
    assert weak.exit_code != 0
    assert login(client, REFERENT)  # unchanged
    result = runner.invoke(args=["users", "set-password", REFERENT], input=NEW + "\n")
    assert result.exit_code == 0, result.output
    assert NEW not in result.output
    assert_problem(pull(client, bearer(tokens["access_token"])), 401, "unauthorized")
    assert_problem(client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])),
                   401)
    assert_problem(client.post("/api/auth/login", json={
        "email": REFERENT, "password": PASSWORD, "device_id": "d"}), 401)
    assert login(client, REFERENT, password=NEW)
    with app.app_context():
        (event,) = db.session.query(AuditEvent).filter_by(table_name="users").all()
        assert (event.user_id, event.row_id) == (None, users["referent"]["id"])
        assert NEW not in event.detail and "password" in event.detail


def _change(client, tokens, current=PASSWORD, new=NEW, addr="127.0.0.1", **extra):
    return client.post("/api/auth/password", headers=bearer(tokens["access_token"]),
                       json={"current_password": current, "new_password": new, **extra},
                       environ_base={"REMOTE_ADDR": addr})


def test_changing_ones_password_ends_the_other_sessions_only(app, client, users):
    here, there = login(client, REFERENT), login(client, REFERENT)
    other_account = login(client, "coord@example.org")
    response = _change(client, here)
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert pull(client, bearer(here["access_token"])).status_code == 200
    assert client.post("/api/auth/refresh",
                       headers=bearer(here["refresh_token"])).status_code == 200
    assert_problem(pull(client, bearer(there["access_token"])), 401)
    assert_problem(client.post("/api/auth/refresh", headers=bearer(there["refresh_token"])),
                   401)
    assert pull(client, bearer(other_account["access_token"])).status_code == 200
    assert login(client, REFERENT, password=NEW)
    with app.app_context():
        (event,) = db.session.query(AuditEvent).filter_by(table_name="users").all()
        assert event.user_id == event.row_id == users["referent"]["id"]
        assert NEW not in event.detail and PASSWORD not in event.detail


def test_a_weak_new_password_is_refused_in_plain_french(client, users):
    tokens = login(client, REFERENT)
    for new in ("azertyuiop123", "Haut-Jura-2026", PASSWORD, "court"):
        problem = assert_problem(_change(client, tokens, new=new), 422, "weak_password")
        assert problem["field"] == "new_password" and "mot de passe" in problem["detail"]
    assert login(client, REFERENT)  # unchanged


def test_a_wrong_current_password_counts_as_a_failed_login(app, client, users):
    tokens = login(client, REFERENT)
    limit = app.config["LOGIN_MAX_FAILURES"]
    for attempt in range(limit):  # from several addresses: the account's counter fills
        problem = assert_problem(_change(client, tokens, current="pas-le-bon-mot-de-passe",
                                         addr=f"10.9.0.{attempt}"), 403, "wrong_password")
        assert problem["field"] == "current_password"
    assert_problem(_change(client, tokens, addr="10.9.1.1"), 429)
    assert_problem(client.post("/api/auth/login", json={
        "email": REFERENT, "password": PASSWORD, "device_id": "d"},
        environ_base={"REMOTE_ADDR": "10.9.1.2"}), 429)
    assert pull(client, bearer(tokens["access_token"])).status_code == 200  # still signed in


def test_the_password_change_checks_its_input(client, users):
    tokens = login(client, REFERENT)
    for body, field in [({"new_password": NEW}, "current_password"),
                        ({"current_password": PASSWORD}, "new_password"),
                        ({"current_password": PASSWORD, "new_password": 12}, "new_password"),
                        ({"current_password": PASSWORD, "new_password": "a\x00" * 7},
                         "new_password"),
                        ({"current_password": PASSWORD, "new_password": NEW, "role": "x"},
                         "role")]:
        problem = assert_problem(client.post("/api/auth/password", json=body,
                                             headers=bearer(tokens["access_token"])), 400)
        assert problem["field"] == field
    assert_problem(client.post("/api/auth/password", json={
        "current_password": PASSWORD, "new_password": NEW}), 401)
    assert login(client, REFERENT)  # unchanged
