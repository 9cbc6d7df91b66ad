"""File names from ids (kamtools.paths.safe_name): unique, stable, safe on every file system."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kamtools import paths
from kamtools.output.forms import form_file_name, register_file_name
from kamtools.report.plans import file_name as plan_file

#: Characters Windows refuses in a name, and the devices it reserves.
WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}

#: Pieces of ids as ERP exports and careless users make them.
PIECES = st.sampled_from(
    [
        "C0001",
        "华东",
        "機電",
        "/",
        "\\",
        "..",
        ".",
        " ",
        "\t",
        "\x7f",
        "\x1b",
        "\u200b",
        "\u202e",
        "CON",
        "nul",
        "COM1",
        "e\u0301",
        "\u00e9",
        "Straße",
        "STRASSE",
        "ǅ",
        "가",
        "_",
        "-",
        "ﬁ",
        ":",
        "*",
        "?",
        "<",
        ">",
        "|",
        '"',
    ]
)
IDS = st.one_of(
    st.lists(PIECES, min_size=1, max_size=12).map("".join),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=300),
    st.text(st.sampled_from("aA华东/ "), min_size=78, max_size=90),
)


def _fs(name: str) -> str:
    """What a case-insensitive, Unicode-normalising file system takes a name for."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name)).casefold()


def _safe_everywhere(name: str) -> None:
    assert not WINDOWS_BAD.search(name), name
    assert all(unicodedata.category(ch)[0] in "LMN" or ch in "_-." for ch in name), name
    assert name == name.strip(". ") and not name.startswith("."), name
    assert name.split(".")[0].upper() not in DEVICES, name
    for form in ("NFC", "NFD"):
        assert len(unicodedata.normalize(form, name).encode("utf-8")) <= 255, name
        assert len(unicodedata.normalize(form, name).encode("utf-16-le")) // 2 <= 255, name


@given(st.lists(IDS, min_size=2, max_size=8, unique=True))
def test_names_of_different_ids_never_meet_on_any_file_system(ids):
    for make in (paths.safe_name, plan_file, lambda i: form_file_name(i, "2026-10")):
        names = [make(i) for i in ids]
        assert len({_fs(n) for n in names}) == len(ids), names
        for name in names:
            _safe_everywhere(name)
    assert register_file_name("2026-10") not in {form_file_name(i, "2026-10") for i in ids}


@given(IDS)
def test_the_same_id_always_gives_the_same_name(cid):
    assert paths.safe_name(cid) == paths.safe_name(str(cid)) == paths.safe_name(cid + "")
    assert paths.safe_name(cid).endswith("_" + paths.id_digest(cid))


def test_ids_that_collided_before_have_names_of_their_own():
    pairs = [
        ("C-001", "c-001"),  # case
        ("华东001", "华南001"),  # one Chinese character
        ("A/B", "A_B"),  # a path separator against what replaced it
        ("A B", "A_B"),
        ("x" * 80 + "1", "x" * 80 + "2"),  # past the 80th character
        ("\u00e9", "e\u0301"),  # composed and decomposed
    ]
    for a, b in pairs:
        assert _fs(paths.safe_name(a)) != _fs(paths.safe_name(b)), (a, b)
        assert plan_file(a) != plan_file(b) and form_file_name(a, "2026-10") != form_file_name(b, "2026-10")


def test_readable_part_keeps_chinese_and_drops_what_is_unsafe():
    assert paths.safe_name("C000123") == "C000123_233288a7"
    assert paths.readable_part("华东机电/../Ltd.") == "华东机电_Ltd"
    assert paths.readable_part("../../etc/passwd") == "etc_passwd"
    assert paths.readable_part("NUL") == "_NUL" and paths.readable_part("com1.txt") == "_com1.txt"
    assert paths.readable_part("LPT0") == "_LPT0" and paths.readable_part("CONTRACT") == "CONTRACT"
    assert paths.readable_part("a\u202egnp.exe") == "a_gnp.exe"  # a right-to-left override is no letter
    assert paths.readable_part("...") == "id" and paths.readable_part("") == "id"
    assert paths.readable_part("x" * 300) == "x" * paths.NAME_CHARS
    assert len(paths.readable_part("가" * 80).encode("utf-8")) <= paths.NAME_BYTES
    assert len(unicodedata.normalize("NFD", paths.readable_part("가" * 80)).encode("utf-8")) <= paths.NAME_BYTES
