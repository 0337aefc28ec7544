"""The test tree itself: pytest imports test modules by their base name (rootdir mode), so two
test files with one name in two folders break the whole run's collection, not a single one."""
from collections import Counter
from pathlib import Path


def test_no_two_test_files_share_a_name():
    names = Counter(p.name for p in Path(__file__).parent.rglob("test_*.py"))
    assert [name for name, n in names.items() if n > 1] == []
