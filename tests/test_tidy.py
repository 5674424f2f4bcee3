"""The check that the suite leaves no file in the repository can see one."""

import uuid

from tests.tidy import ROOT, repository_files


def test_a_file_left_in_the_repository_is_seen_and_tool_caches_are_not():
    before = repository_files()
    stray = ROOT / f"charity_{uuid.uuid4().hex[:12]}"
    cache = ROOT / "__pycache__"
    try:
        stray.write_text("left behind")
        assert repository_files() - before == {stray.name}
    finally:
        stray.unlink()
    assert repository_files() == before
    assert not any(part.startswith(".venv") for part in before)
    assert str(cache.name) not in {name.split("/")[0] for name in before}
