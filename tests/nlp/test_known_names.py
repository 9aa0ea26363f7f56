"""Names of untagged languages are found through the names other documents know, across scripts."""

from __future__ import annotations

from typing import Any

import pytest

KNOWN = [("Qassem Soleimani", "PERSON"), ("Soleimani", "PERSON"), ("Baghdad", "GPE"), ("Iran", "GPE"), ("Iraq", "GPE")]


def _match(surface: str, index: Any) -> Any:
    from rashomon.nlp.known_names import best_known

    return best_known(surface, index)


@pytest.fixture(scope="module")
def found() -> Any:
    from rashomon.config import load_settings
    from rashomon.models.registry import ModelRegistry
    from rashomon.nlp.known_names import find_known, known_index
    from rashomon.nlp.pipelines import pipeline_for

    models, index = ModelRegistry(load_settings()), known_index(KNOWN)

    def run(lang: str, text: str) -> list[tuple[str, str]]:
        return [(m.text, m.label) for m in find_known(pipeline_for(models, lang)(text), "d", index)]

    return run


def test_russian_arabic_and_persian_spellings_meet_the_english_names(found: Any) -> None:
    assert found("ru", "Генерал Касем Сулеймани убит. Иран обещал ответ.") == [("Касем Сулеймани", "PERSON"), ("Иран", "GPE")]
    assert ("قاسم سليماني", "PERSON") in found("ar", "قتل قاسم سليماني في بغداد.")
    assert found("fa", "سردار سلیمانی در بغداد کشته شد.") == [("سلیمانی", "PERSON"), ("بغداد", "GPE")]


def test_hard_negatives_and_lower_case_words_stay_out(found: Any) -> None:
    from rashomon.nlp.known_names import known_index

    assert found("de", "Der Irak und nicht der Iran.") == [("Irak", "GPE"), ("Iran", "GPE")]
    only_iran = known_index([("Iran", "GPE")])
    assert all(tokens != ["irak"] for tokens, _ in only_iran[(1, "arn")])
    assert _match("Irak", only_iran) is None  # Iraq's German spelling is not Iran
    assert found("de", "ein soleimani-artiger Satz") == []  # no capital in a cased script
    assert found("es", "Entonces Iran El dijo") == [("Iran", "GPE")]  # not "Iran El"


def test_stage_adds_known_mentions_only_to_untagged_documents(context: Any) -> None:
    from rashomon.model import Document
    from rashomon.pipeline import Pipeline

    pipe = Pipeline.assemble(("language", "parse", "mentions", "known-names"), context=context)
    docs = [
        Document.from_text("Iranian General Qassem Soleimani was killed in Baghdad on Friday, officials in Iraq said."),
        Document.from_text("Генерал Касем Сулеймани был убит в пятницу в Багдаде, сообщили официальные лица Ирака."),
    ]
    corpus = pipe(docs)
    en, ru = corpus.docs
    assert ru.document.language == "ru"
    assert {m.source for m in en.mentions} <= {"ner", "lookup"}
    assert ("Касем Сулеймани", "known") in {(m.text, m.source) for m in ru.mentions}
