"""Layered settings: defaults, user file, environment, overrides; bad values named."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from rashomon.config import Settings, load_settings
from rashomon.errors import ConfigError


def test_layers_later_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "c.toml"
    user.write_text('batch_size = 3\n[models]\nspacy = "my_model"\n')
    monkeypatch.setenv("RASHOMON_FETCH_TIMEOUT_S", "2.5")
    s = load_settings(user, overrides={"batch_size": 5})
    assert s.batch_size == 5 and s.fetch_timeout_s == 2.5
    assert s.models["spacy"] == "my_model" and s.models["embedder"] == "minilm-l6"


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        load_settings().batch_size = 1  # type: ignore[misc]


def test_unknown_or_bad_settings_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_settings(bad)
    monkeypatch.setenv("RASHOMON_ALLOW_PRIVATE_URLS", "perhaps")
    with pytest.raises(ConfigError, match="allow_private_urls"):
        load_settings()


def test_the_packaged_defaults_are_the_settings_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """Library functions default to ``Settings``' values; a run reads defaults.toml: both must agree."""
    monkeypatch.delenv("RASHOMON_CHECK_CONTRACTS")  # the suite's own override
    packaged = load_settings()
    for f in fields(Settings):
        if f.name != "models":
            assert getattr(packaged, f.name) == getattr(Settings, f.name), f.name
