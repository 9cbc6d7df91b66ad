"""Reading the user's YAML settings files (policy, mapping): small, plain, no aliases.

A policy or a mapping file is a few kilobytes of keys and values written by hand. Two
things YAML allows would let such a file stop or exhaust the workbook, so they are
refused with a message naming the file:

* a document larger than :data:`MAX_YAML_BYTES` (1 MB);
* aliases (``*name``, and merge keys ``<<: *name`` that use them). An alias repeats
  an anchored node (``&name``); nested aliases expand exponentially (a "billion laughs"
  file of a few hundred bytes stands for billions of values), and an alias inside its
  own anchor makes a loop that never ends. These files gain nothing from aliases, so
  none is read: write each value out. Anchors without an alias are harmless and read.

>>> load_yaml_text("a: 1\\nb: [2, 3]\\n", "p.yaml")
{'a': 1, 'b': [2, 3]}
>>> load_yaml_text("a: &x [1]\\nb: *x\\n", "p.yaml")
Traceback (most recent call last):
...
kamtools.policy._yaml.YamlFileError: p.yaml, line 2: YAML aliases (*x) are not allowed in this file: write the value out instead of repeating it with an alias
"""

from __future__ import annotations

import os
from typing import Any

import yaml

#: Largest settings file read (a policy or a mapping is a few kilobytes).
MAX_YAML_BYTES = 1_000_000


class YamlFileError(ValueError):
    """A settings file too large, with an alias, or not valid YAML."""


class AliasRefused(yaml.composer.ComposerError):
    """An alias in a file read with :class:`NoAliasLoader`."""


class NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses every alias (see the module's docstring)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise AliasRefused(
                None,
                None,
                f"YAML aliases (*{event.anchor}) are not allowed in this file: "
                "write the value out instead of repeating it with an alias",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def yaml_problem(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The line (1-based, when known) and the one-line reason of a YAML error.

    >>> yaml_problem(yaml.YAMLError("bad"))
    (None, 'not valid YAML: bad')
    """
    if isinstance(exc, AliasRefused):
        return exc.problem_mark.line + 1, str(exc.problem)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        return (mark.line + 1 if mark else None), f"not valid YAML: {exc.problem or exc.context}"
    text = str(exc).strip()
    return None, f"not valid YAML: {text.splitlines()[0]}" if text else "not valid YAML"


def load_yaml_text(text: str, file: str | os.PathLike) -> Any:
    """The plain Python value of ``text`` (read from ``file``, named in errors), aliases refused."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise YamlFileError(f"{os.fspath(file)} is larger than {MAX_YAML_BYTES:,} bytes: not a settings file")
    try:
        return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        line, reason = yaml_problem(exc)
        where = f"{os.fspath(file)}, line {line}" if line else os.fspath(file)
        raise YamlFileError(f"{where}: {reason}") from None
