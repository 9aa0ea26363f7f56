"""The quality gate: every pinned floor holds on its task's fast subset; floors only drop on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.eval.gate import read_floors, run_gate, set_floor
from rashomon.eval.tasks import EvalOptions, all_tasks


@pytest.mark.slow
def test_quality_gate_holds(shared_data: Path) -> None:
    checks, _ = run_gate(EvalOptions(shared_data))
    assert checks, "eval/floors.toml pins no floor"
    failed = [c.line() for c in checks if not c.ok]
    assert not failed, "\n".join(failed)


def test_every_floor_names_a_registered_task() -> None:
    assert set(read_floors()) <= set(all_tasks())


def test_lowering_a_floor_needs_a_flag_and_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "floors.toml"
    set_floor("extraction", "set", "f1", 0.9, path=path)
    set_floor("extraction", "set", "f1", 0.95, path=path)
    with pytest.raises(ValueError, match="needs --allow-lower"):
        set_floor("extraction", "set", "f1", 0.5, path=path)
    with pytest.raises(ValueError):
        set_floor("extraction", "set", "f1", 0.5, allow_lower=True, path=path)
    set_floor("extraction", "set", "f1", 0.5, allow_lower=True, reason="new harder subset", path=path)
    (floor,) = read_floors(path)["extraction"]["floor"]
    assert floor["value"] == 0.5 and floor["reason"] == "new harder subset"
