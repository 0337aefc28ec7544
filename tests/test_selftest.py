"""The self-test's codes and its diagnostic mapping: the server and the web app agree."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from server.domain.diagnostic import validate_answers
from server.domain.selftest import QUESTIONS, to_diagnostic

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    {"permis": "code-en-cours", "vehicule": "non", "horaires": "aide", "loin": "commune",
     "decale": "oui", "prix": "beaucoup", "besoin": "permis", "adapte": "oui"},
    {"permis": "b", "vehicule": "oui", "horaires": "seul", "prix": "non"},
    {"horaires": "non", "loin": "au-dela", "decale": "non", "prix": "un-peu"},
    {"adapte": "non"},
]


def _node(script: str):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    out = subprocess.run([node, "--input-type=module", "-e", script], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_the_app_asks_the_questions_the_server_accepts():
    codes = _node("import { QUESTIONS } from './pwa/js/selftest.js';"
                  "console.log(JSON.stringify(Object.fromEntries("
                  "QUESTIONS.map(([q, , , a]) => [q, a.map(([c]) => c)]))))")
    assert codes == {q: list(a) for q, a in QUESTIONS.items()}


def test_both_fill_the_same_valid_diagnostic_answers():
    js = _node("import { toDiagnostic } from './pwa/js/selftest.js';"
               f"console.log(JSON.stringify({json.dumps(SAMPLES)}.map(toDiagnostic)))")
    for sample, from_js in zip(SAMPLES, js):
        assert to_diagnostic(sample) == from_js
        validate_answers(from_js)  # what the referent's form starts from is a valid diagnostic
