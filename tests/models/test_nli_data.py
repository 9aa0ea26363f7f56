"""Readers of the claim-pair training mix: label mapping and the held-out splits they never read."""

from __future__ import annotations

from pathlib import Path

from rashomon.models.nli_data import lexical_evidence, read_claimdiff, read_sick


def test_lexical_evidence_keeps_the_sentences_about_the_headline() -> None:
    body = "The weather was fine. Police arrested the mayor on Monday. Markets rose. The mayor denied the charges."
    got = lexical_evidence("Mayor arrested by police", body, k=2)
    assert got == "Police arrested the mayor on Monday. The mayor denied the charges."


def test_sick_test_set_is_not_in_the_training_reader(shared_data: Path) -> None:
    train = read_sick(shared_data / "sick" / "SICK.txt")
    test = read_sick(shared_data / "sick" / "SICK.txt", ("TEST",))
    assert train and test and not {(a, b) for a, b, _ in train} & {(a, b) for a, b, _ in test}


def test_claimdiff_labels_join_the_s_and_w_files(shared_data: Path) -> None:
    rows = read_claimdiff(shared_data / "claimdiff", "train")
    counts = [sum(r[2] == k for r in rows) for k in (0, 1, 2)]
    assert counts == [1287, 197, 373]  # strengthen / weaken / neither, as the data's SOURCE.txt states
