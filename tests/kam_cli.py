"""``kam`` run in the test's process, as a user's shell would run it."""

from __future__ import annotations

from kamtools.cli import main


def run_kam(capsys, *args) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of ``kam ARGS`` (argparse refusing the
    arguments counts as its exit code)."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err
