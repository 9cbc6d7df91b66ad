"""The period folder is built aside and moved into place with the permissions of the user's umask."""

from __future__ import annotations

import os
import stat

import pytest

from kamtools.report.folders import building


@pytest.fixture
def umask():
    """Set the process's umask for one test (restored afterwards)."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="folder permissions are POSIX modes")
@pytest.mark.parametrize("mask, mode", [(0o022, 0o755), (0o027, 0o750), (0o002, 0o775)])
def test_a_period_folder_gets_the_mode_of_the_umask_not_0700(tmp_path, umask, mask, mode):
    umask(mask)
    with building(tmp_path, "2026-09") as tmp:
        (tmp / "index.html").write_text("<p>report</p>", encoding="utf-8")
    folder = tmp_path / "2026-09"
    assert stat.S_IMODE(folder.stat().st_mode) == mode
    assert stat.S_IMODE((folder / "index.html").stat().st_mode) == mode & 0o666
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2026-09.lock", "2026-09"]
