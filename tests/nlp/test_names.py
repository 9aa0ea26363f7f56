"""Name normalisation and the alias table: the keys that let spellings meet, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.errors import ConfigError
from rashomon.nlp.aliases import AliasTable, load_alias_table, parse_alias_lines
from rashomon.nlp.names import (
    fold,
    initials,
    is_acronym,
    is_demonym_pair,
    name_key,
    name_similarity,
    name_tokens,
    title_prefix_length,
    token_similarity,
)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Gen. Qassem Soleimani's", "Qassem Soleimani"),
        ("Maj. Gen. Qassem Soleimani", "Qassem Soleimani"),
        ("Lt. Gen. Qassem Soleimani", "Qassem Soleimani"),
        ("Ayatollah Ali Khamenei", "Ali Khamenei"),
        ("President Bashar al-Assad", "Bashar Assad"),
        ("Mr. Putin", "Putin"),
        ("Muqtada as-Sadr", "Muqtada Sadr"),
        ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ("Regina Benjamin, MD", "Regina Benjamin"),
    ],
)
def test_person_keys_drop_titles_particles_possessives_diacritics(variant: str, canonical: str) -> None:
    assert name_key(variant, person=True) == name_key(canonical, person=True)


def test_titles_are_kept_for_non_person_names() -> None:
    assert name_key("General Motors") == "general motors"
    assert title_prefix_length("General Motors") == len("General ")
    assert title_prefix_length("President") == 0  # a lone title is not emptied


def test_organisation_keys_fold_article_plural_and_apostrophes() -> None:
    assert name_key("the Quds Forces") == name_key("Quds Force") == "quds force"
    assert name_key("Kata’ib Hezbollah") == name_key("Kata'ib Hezbollah") == "kataib hezbollah"
    assert name_key("U.S.") == name_key("US") == "us"
    assert name_tokens("Asiab al Haq") == ["asiab", "haq"]


def test_arabic_and_persian_script_are_romanised() -> None:
    assert name_similarity(name_tokens("قاسم سلیمانی"), name_tokens("Qasem Soleimani")) >= 0.8
    assert name_similarity(name_tokens("حسن روحانی"), name_tokens("Hassan Rouhani")) == 1.0
    assert fold("Pröbsting") == "Probsting"


@pytest.mark.parametrize(
    ("a", "b"),
    [("qassem", "qasem"), ("soleimani", "suleimani"), ("quds", "qods"), ("muhandis", "mohandes"),
     ("gaddafi", "qadhafi"), ("teheran", "tehran"), ("ahmadinejad", "ahmadinezhad")],
)
def test_transliteration_variants_sound_alike(a: str, b: str) -> None:
    assert token_similarity(a, b) >= 0.7


@pytest.mark.parametrize(("a", "b"), [("iran", "iraq"), ("hamas", "homs"), ("shah", "shiah"), ("austria", "australia")])
def test_look_alikes_do_not_score(a: str, b: str) -> None:
    assert token_similarity(a, b) == 0.0


def test_name_similarity_needs_every_token() -> None:
    assert name_similarity(["abu", "mahdi", "muhandis"], ["abu", "mahdi", "mohandes"]) > 0.8
    assert name_similarity(["abu", "abdullah"], ["abu", "mahdi"]) == 0.0
    assert name_similarity(["hezbollah"], ["kataib", "hezbollah"]) == 0.0


def test_acronyms_and_initials() -> None:
    assert is_acronym("IRGC") and is_acronym("U.S.") and not is_acronym("Iran") and not is_acronym("SOLEIMANI")
    assert "IRGC" in initials("the Islamic Revolutionary Guard Corps")
    assert "CSIS" in initials("Center for Strategic and International Studies")
    assert "AAH" in initials("Asa'ib Ahl al-Haq")


def test_demonyms_are_recognised() -> None:
    assert is_demonym_pair("iraq", "iraqi") and is_demonym_pair("syria", "syrian")
    assert is_demonym_pair("china", "chinese") and not is_demonym_pair("soleimani", "suleimani")


def test_alias_lines_group_names_and_respect_capitals() -> None:
    table = parse_alias_lines(["same\tORG\tIslamic State | ISIS | IS | Daesh"], "<test>").finish()
    assert table.group("daesh", "Daesh") == table.group("is", "IS") == "islamic state"
    assert table.group("is", "Is") is None  # short capitals only match capitals
    assert table.types["islamic state"] == "ORG"


def test_alias_apart_lines_are_anchored_on_groups() -> None:
    lines = ["apart\tORG\tHezbollah | Kata'ib Hezbollah", "same\tORG\tKata'ib Hezbollah | Hezbollah Brigades"]
    table = parse_alias_lines(lines, "<test>").finish()
    assert table.are_apart({table.anchor("hezbollah")}, {table.anchor("hezbollah brigade")})


def test_alias_variants_reach_a_listed_name() -> None:
    table = load_alias_table()
    found = table.fuzzy_group("hashid shaabi")
    assert found is not None and found[0] == table.group("pmf", "PMF")


def test_bad_alias_lines_name_file_and_line() -> None:
    with pytest.raises(ConfigError, match="<x>:2"):
        parse_alias_lines(["# comment", "maybe\tORG\tA | B"], "<x>")
    with pytest.raises(ConfigError, match="at least two"):
        parse_alias_lines(["apart\tORG\tA"], "<x>")


def test_user_alias_file_extends_the_packaged_table(tmp_path: Path) -> None:
    user = tmp_path / "aliases.tsv"
    user.write_text("same\tORG\tIslamic State | Dawlat al-Islamiyya\nsame\tGPE\tFoo Land | Barland\n", encoding="utf-8")
    table = load_alias_table(str(user))
    assert table.group("dawlat islamiyya", "Dawlat al-Islamiyya") == table.group("daesh", "Daesh")
    assert table.group("barland", "Barland") == table.group("foo land", "Foo Land") is not None
    assert load_alias_table().group("barland", "Barland") is None  # the packaged table is untouched


def test_missing_user_alias_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="alias_file"):
        load_alias_table(str(tmp_path / "nope.tsv"))


def test_packaged_table_parses_and_keeps_the_issue_negatives_apart() -> None:
    table = load_alias_table()
    assert isinstance(table, AliasTable) and len(table.groups) > 50
    for a, b in [("hezbollah", "kataib hezbollah"), ("quds force", "islamic revolutionary guard corps"),
                 ("abu mahdi muhandis", "abu abdullah")]:
        assert table.are_apart({table.anchor(a)}, {table.anchor(b)}), (a, b)
