"""The shape of the package: it imports where analysts work (Windows too), and stays layered."""

from __future__ import annotations

import ast
import subprocess
import sys

from kamtools import paths

MODULE_LINES = 600
FUNCTION_LINES = 80


def test_every_module_imports_without_fcntl():
    """`fcntl` exists on Unix only: nothing in the package may need it (Windows analysts)."""
    code = (
        "import sys, pkgutil, importlib, warnings; sys.modules['fcntl'] = None\n"
        "warnings.simplefilter('ignore')\n"
        "import kamtools\n"
        "names = [m.name for m in pkgutil.walk_packages(kamtools.__path__, 'kamtools.')]\n"
        "[importlib.import_module(n) for n in names]\n"
        "print(len(names))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10


def test_imports_point_only_down_the_layers():
    """The import-linter contract of pyproject.toml: no module imports from a layer above its own,
    so there is no import circle."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(paths.ROOT / "pyproject.toml"), no_cache=True) == 0


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _modules():
    return sorted((paths.ROOT / "kamtools").rglob("*.py"))


def test_modules_and_functions_stay_small():
    """One concern per module (at most 600 lines) and functions that fit on a screen (at most 80)."""
    long_modules, long_functions = [], []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(paths.ROOT).as_posix()
        if text.count("\n") > MODULE_LINES:
            long_modules.append(f"{name} ({text.count(chr(10))} lines)")
        for fn in _functions(ast.parse(text)):
            size = fn.end_lineno - fn.lineno + 1
            if size > FUNCTION_LINES:
                long_functions.append(f"{name}:{fn.lineno} {fn.name} ({size} lines)")
    assert long_modules == [] and long_functions == []


def test_no_import_inside_a_function():
    """Imports sit at the top of a module, where the layers contract sees them; a function-level
    import is how an import circle hides."""
    inner = []
    for path in _modules():
        for fn in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            inner += [
                f"{path.relative_to(paths.ROOT).as_posix()}:{node.lineno} in {fn.name}"
                for node in ast.walk(fn)
                if isinstance(node, (ast.Import, ast.ImportFrom))
            ]
    assert inner == []
