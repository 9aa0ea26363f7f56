"""Docs are generated or checked from the code: the CLI reference and the map contract."""

from __future__ import annotations

from pathlib import Path

from rashomon import mapio
from rashomon.cli_reference import cli_reference


def test_cli_reference_is_current(repo_root: Path) -> None:
    assert (repo_root / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "regenerate with: python -m rashomon.cli_reference > docs/cli.md"
    )


def test_every_schema_field_is_documented(repo_root: Path) -> None:
    doc = (repo_root / "docs" / "map.md").read_text(encoding="utf-8")
    schema = mapio.schema()
    for key, spec in schema["properties"].items():
        assert f"`{key}`" in doc, key
        items = spec.get("items", spec)
        for field in items.get("properties", {}):
            assert f"`{field}`" in doc, f"{key}.{field}"
