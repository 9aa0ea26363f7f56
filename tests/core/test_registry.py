"""The stage registry: broken modules fail loudly; every stage declares its version and the settings it reads."""

from __future__ import annotations

import ast
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from rashomon import registry
from rashomon.config import Settings
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


def test_every_stage_declares_a_version_and_only_real_settings() -> None:
    known = {f.name for f in fields(Settings)}
    for name, spec in registry.all_stages().items():
        assert isinstance(spec.version, str) and spec.version, name
        assert set(spec.config) <= known, name


def test_a_stage_without_version_or_with_an_unknown_setting_is_refused() -> None:
    with pytest.raises(TypeError, match="version"):
        registry.stage("test.unversioned", requires=("doc.document",), assigns=(), config=())  # type: ignore[call-arg]
    with pytest.raises(PipelineError, match="unknown settings \\['colour'\\]"):
        registry.stage("test.colour", requires=("doc.document",), assigns=(), version="1", config=("colour",))


def _settings_read(tree: ast.AST) -> set[str]:
    """Names read as ``<x>.settings.<name>`` or ``settings.<name>``."""
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and (
        (isinstance(node.value, ast.Attribute) and node.value.attr == "settings")
        or (isinstance(node.value, ast.Name) and node.value.id == "settings"))}  # fmt: skip


def test_the_stage_packages_read_only_declared_settings() -> None:
    """A setting a stage reads but does not declare would be missing from the manifest and the cache key.

    Reads through ``stage_config`` need no scan: it holds the declared settings only.
    """
    root = Path(registry.__file__).parent
    known = {f.name for f in fields(Settings)} - {"models"}  # model names are keyed by role, apart
    seen: set[str] = set()
    for package in ("nlp", "compare", "brief"):
        declared = {c for spec in registry.all_stages().values()
                    if spec.factory.__module__.startswith(f"rashomon.{package}.") for c in spec.config}  # fmt: skip
        read: set[str] = set()
        for path in (root / package).glob("*.py"):
            read |= _settings_read(ast.parse(path.read_text(encoding="utf-8"))) & known
        assert read <= declared, f"rashomon.{package} reads undeclared settings {sorted(read - declared)}"
        seen |= read
    assert {"brief_min_agree", "brief_max_items"} <= seen  # the scan does see the direct reads


# Float constants at module level that are not (yet) settings, each with its reason. The test fails on any
# other: a bar the manifest does not record, which no user can change and no cache key sees.
_NOT_SETTINGS = {
    "nlp/resolve.py": {"SPELLING_MIN_DEFAULT"},  # entity resolution's spelling bars (with SPELLING_MIN)
    "nlp/known_names.py": {"MIN_SIMILARITY"},  # the same bar as resolve's for one-token names
    "nlp/stance_parse.py": {"NEGATION_FACTOR"},  # VADER's own scalar, not a tuned value
}


def test_the_stage_packages_keep_no_other_float_constant() -> None:
    """A tuned threshold belongs in defaults.toml and a stage's ``config``, not in a module constant."""
    root = Path(registry.__file__).parent
    found: dict[str, set[str]] = {}
    for package in ("nlp", "compare", "brief"):
        for path in sorted((root / package).glob("*.py")):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                value = getattr(node, "value", None)
                if isinstance(value, ast.UnaryOp):
                    value = value.operand
                if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(value, ast.Constant) \
                        and isinstance(value.value, float):
                    target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                    found.setdefault(f"{package}/{path.name}", set()).add(ast.unparse(target))
    extra = {f: names - _NOT_SETTINGS.get(f, set()) for f, names in found.items()}
    assert not any(extra.values()), f"thresholds outside the settings: { {f: n for f, n in extra.items() if n} }"
