"""The shape of the package: it imports where analysts work (Windows too), and stays layered."""
from __future__ import annotations

import subprocess
import sys

from kamtools import paths


def test_every_module_imports_without_fcntl():
    """`fcntl` exists on Unix only: nothing in the package may need it (Windows analysts)."""
    code = ("import sys, pkgutil, importlib, warnings; sys.modules['fcntl'] = None\n"
            "warnings.simplefilter('ignore')\n"
            "import kamtools\n"
            "names = [m.name for m in pkgutil.walk_packages(kamtools.__path__, 'kamtools.')]\n"
            "[importlib.import_module(n) for n in names]\n"
            "print(len(names))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=paths.ROOT,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10
