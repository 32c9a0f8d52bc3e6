"""Examples in the README run, so they cannot rot."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT


def python_blocks(path) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("block", python_blocks(ROOT / "README.md"))
def test_readme_python_examples_run(block: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})


def test_readme_commands_use_the_console_script_and_test_runner() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest -q'
    assert test_command in readme and test_command in ci
    assert "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/rasd demo" in readme
