"""Each language gets its own pipeline from the registry: sentences and tokens right for its script."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def models() -> Any:
    from rashomon.config import load_settings
    from rashomon.models.registry import ModelRegistry

    return ModelRegistry(load_settings())


def test_english_and_undetected_keep_the_english_model(models: Any) -> None:
    from rashomon.nlp.pipelines import pipeline_for

    assert pipeline_for(models, "en") is models.get("spacy")
    assert pipeline_for(models, None) is models.get("spacy")


@pytest.mark.parametrize("lang", ["ar", "fa", "ru", "de", "es", "it", "pt", "tr", "pl", "zh"])
def test_every_language_is_named_in_the_registry(models: Any, lang: str) -> None:
    from rashomon.nlp.pipelines import pipeline_for

    assert models.name(f"spacy_{lang}").startswith("blank:")
    nlp = pipeline_for(models, lang)
    assert nlp.lang == lang and "sentencizer" in nlp.pipe_names


def test_french_uses_the_trained_package_with_names(models: Any) -> None:
    from rashomon.nlp.pipelines import has_ner, pipeline_for

    nlp = pipeline_for(models, "fr")
    doc = nlp("Emmanuel Macron a rencontré Vladimir Poutine à Moscou. Rien n'a été signé.")
    assert has_ner(nlp)
    assert {"Emmanuel Macron", "Vladimir Poutine"} <= {e.text for e in doc.ents}
    assert len(list(doc.sents)) == 2


def test_chinese_is_segmented_into_words_and_sentences(models: Any) -> None:
    from rashomon.nlp.pipelines import pipeline_for

    doc = pipeline_for(models, "zh")("美国总统特朗普下令空袭巴格达。伊朗誓言报复！")
    words = [t.text for t in doc]
    assert "特朗普" in words and "巴格达" in words  # words, not single characters
    assert [s.text for s in doc.sents] == ["美国总统特朗普下令空袭巴格达。", "伊朗誓言报复！"]


def test_arabic_and_persian_sentences_split_on_their_punctuation(models: Any) -> None:
    from rashomon.nlp.pipelines import pipeline_for

    doc = pipeline_for(models, "fa")("سلیمانی در بغداد کشته شد. ایران چه خواهد کرد؟ هیچ‌کس نمی‌داند.")
    assert len(list(doc.sents)) == 3
    assert "سلیمانی" in [t.text for t in doc]


def test_a_language_without_a_role_still_gets_a_blank_pipeline(models: Any) -> None:
    from rashomon.nlp.pipelines import pipeline_for

    nlp = pipeline_for(models, "nl")
    assert nlp.lang == "nl" and len(list(nlp("Een zin. Nog een.").sents)) == 2


def test_language_is_the_body_s_not_the_opening_names_s(models: Any) -> None:
    from rashomon.nlp.language import detect_language

    opening = "Silny wiatr zerwał dach z wypożyczalni w Bukowinie Tatrzańskiej. Dwie osoby nie żyją. " * 24
    body = "A strong wind tore the roof off the rental shop near the ski station, and two people died. " * 70
    text = opening + body  # the first 2,000 characters are Polish, three quarters of the text English
    assert detect_language(models.get("language"), text) == "en"
    assert detect_language(models.get("language"), "Генерал был убит в пятницу в Багдаде.") == "ru"
    assert detect_language(models.get("language"), " \n ") is None


def test_a_mixed_language_corpus_is_analysed_end_to_end(context: Any) -> None:
    """Pipelines without a parser (blank German, Russian) go through every stage; spaCy crashes on their trees."""
    from rashomon.api import analyze_documents
    from rashomon.model import Document
    from rashomon.pipeline import Pipeline

    docs = [
        Document.from_text("Angriff in Bagdad\n\nDer Minister sagte am Freitag, dass die Regierung den Konvoi in Bagdad "
                           "angegriffen habe. Er wies alle Vorwürfe der Opposition zurück.", "de.txt"),
        Document.from_text("Атака в Багдаде\n\nМинистр заявил в пятницу, что правительство атаковало конвой в Багдаде. "
                           "Он отверг все обвинения оппозиции.", "ru.txt"),
        Document.from_text("Attack in Baghdad\n\nThe minister said on Friday that the government attacked the convoy "
                           "in Baghdad. He rejected all accusations by the opposition.", "en.txt"),
    ]
    nmap = analyze_documents(docs, pipeline=Pipeline.assemble(context=context))
    assert sorted(d.language for d in nmap.documents) == ["de", "en", "ru"]
    assert not nmap.skipped
    assert {c.doc for c in nmap.claims} == {d.id for d in nmap.documents}


def test_the_chinese_pipeline_loads_without_jieba_chatter(capfd: pytest.CaptureFixture[str]) -> None:
    from rashomon.models.loaders import load_pipeline

    nlp = load_pipeline("blank:zh")
    assert [t.text for t in nlp("他在北京工作。")][:2] and "Loading model" not in capfd.readouterr().err
