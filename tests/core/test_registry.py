"""A broken stage module fails loudly, naming itself, on every call: never as "unknown stage"."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rashomon import registry
from rashomon.errors import PipelineError


def test_a_broken_stage_import_fails_loudly_and_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "broken_stage_mod.py").write_text("import no_such_dependency_xyz\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "_loaded", False)
    monkeypatch.setattr(registry, "_BUILTIN_MODULES", (*registry._BUILTIN_MODULES, "broken_stage_mod"))
    for _ in range(2):  # the first failure must not mark the registry loaded
        with pytest.raises(PipelineError, match="broken_stage_mod cannot be imported.*no_such_dependency_xyz"):
            registry.get_stage("parse")
    sys.modules.pop("broken_stage_mod", None)


def test_every_builtin_stage_module_imports() -> None:
    names = set(registry.all_stages())
    assert {"parse", "claims", "timex", "events", "timeline", "stance"} <= names
