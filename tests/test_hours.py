"""Opening hours: OpenStreetMap syntax refused when wrong, told in plain French (hand-worked)."""
from datetime import date

import pytest

from server.domain.hours import MESSAGE, error, in_words

FRIDAY = date(2026, 12, 4)  # the words describe the week after: 7 to 13 December 2026


@pytest.mark.parametrize("expression, words", [
    ("Mo-Fr 09:00-12:00,13:30-17:00", "Du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h."),
    ("Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off",
     "Du lundi au vendredi, de 9 h à 12 h et de 13 h 30 à 17 h ; le samedi, de 9 h à 12 h. "
     "Fermé les jours fériés."),
    # A later rule replaces an earlier one for its days; ", " adds to it.
    ("Mo-Fr 08:30-12:30; Mo-Th 13:30-16:30", "Du lundi au jeudi, de 13 h 30 à 16 h 30 ; "
     "le vendredi, de 8 h 30 à 12 h 30."),
    ("Mo-Fr 08:30-12:30, Mo-Th 13:30-16:30", "Du lundi au jeudi, de 8 h 30 à 12 h 30 et de "
     "13 h 30 à 16 h 30 ; le vendredi, de 8 h 30 à 12 h 30."),
    ("Tu,Th 09:00-11:30", "Le mardi et le jeudi, de 9 h à 11 h 30."),
    ("Mo,We,Fr 10:00-12:00", "Le lundi, le mercredi et le vendredi, de 10 h à 12 h."),
    ("Sa 22:00-03:00", "Le samedi, de 22 h à 3 h."),
    ("24/7", "Tous les jours, 24 h sur 24."),
    ("We 09:00-12:00 \"sur rendez-vous\"", "Le mercredi, de 9 h à 12 h (sur rendez-vous)."),
    ("off", "Fermé."),
    ("Mo-Fr 08:00-18:00; Jul-Aug Mo-Fr 09:00-12:00",
     "Du lundi au vendredi, de 8 h à 18 h. Les horaires changent selon la période : "
     "renseignez-vous."),
])
def test_hours_in_plain_french(expression, words):
    assert error(expression) is None
    assert in_words(expression, FRIDAY) == words


def test_a_summer_rule_is_told_in_summer():
    assert in_words("Mo-Fr 08:00-18:00; Jul-Aug Mo-Fr 09:00-12:00", date(2026, 7, 3)).startswith(
        "Du lundi au vendredi, de 9 h à 12 h.")


@pytest.mark.parametrize("expression", ["Lu-Ve 9h-12h", "Mo-Fr 9h", "du lundi au vendredi",
                                        "Mo-Fr 25:00-26:00x", "Mo-Fr 09:00-12:00;;;;Sa"])
def test_what_is_not_opening_hours_is_refused_in_french(expression):
    assert error(expression) == MESSAGE
    assert in_words(expression, FRIDAY) is None
