"""The packaged agree/contradict model: size, offline loading, well-formed and sensible output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rashomon.errors import ModelError
from rashomon.models.nli import LABELS, dequantize_state, packaged_dir, quantize_state

MAX_BYTES = 30 * 1024 * 1024


def test_packaged_files_are_small_and_described() -> None:
    files = [p for p in packaged_dir().rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"manifest.json", "model.int8.safetensors", "config.json", "tokenizer.json", "gate.json", "idf.npy"} <= names
    assert sum(p.stat().st_size for p in files) <= MAX_BYTES
    manifest = json.loads((packaged_dir() / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["labels"] == list(LABELS)
    assert manifest["seed"] == 13 and manifest["max_len"] > 0


def test_int8_round_trip_is_close() -> None:
    import torch

    torch.manual_seed(0)
    state = {"w": torch.randn(64, 128), "b": torch.randn(64)}
    q = quantize_state(state)
    assert q["w"].dtype == torch.int8 and q["b"].dtype == torch.float32
    back = dequantize_state(q)
    step = state["w"].abs().amax(dim=1, keepdim=True) / 127
    assert torch.all((back["w"] - state["w"]).abs() <= step / 2 + 1e-6)
    assert torch.equal(back["b"], state["b"])


def test_unknown_path_is_a_model_error(tmp_path: Path) -> None:
    from rashomon.models.nli import load_by_path

    with pytest.raises(ModelError, match="not a model directory"):
        load_by_path(str(tmp_path / "missing.bin"))


@pytest.mark.slow
def test_predictions_are_probabilities(nli_model: Any) -> None:
    pairs = [
        ("The factory will close in March.", "Workers said the factory stays open."),
        ("A storm hit the coast.", "The orchestra played Mahler on Friday night."),
        ("", "An empty claim should still give a distribution."),
    ]
    out = nli_model.predict(pairs, batch_size=2)
    assert len(out) == len(pairs)
    for probs in out:
        assert set(probs) == set(LABELS)
        assert all(0.0 <= p <= 1.0 for p in probs.values())
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.slow
def test_contradiction_scores_more_disagree_than_paraphrase(nli_model: Any) -> None:
    contradictions = [
        ("The mayor approved the new stadium budget.", "The mayor rejected the new stadium budget."),
        ("Police confirmed that the suspect was arrested.", "Police denied that any suspect was arrested."),
        ("The company's profits rose sharply last year.", "The company's profits fell sharply last year."),
    ]
    paraphrases = [
        ("The mayor approved the new stadium budget.", "The new stadium budget was approved by the mayor."),
        ("Police confirmed that the suspect was arrested.", "The suspect's arrest was confirmed by police."),
        ("The company's profits rose sharply last year.", "Last year the company's profits rose sharply."),
    ]
    contra = [p["disagree"] for p in nli_model.predict(contradictions)]
    para = [p["disagree"] for p in nli_model.predict(paraphrases)]
    assert sum(contra) / 3 > sum(para) / 3
    assert sum(c > p for c, p in zip(contra, para)) >= 2


@pytest.mark.slow
def test_article_body_off_topic_is_unrelated(nli_model: Any) -> None:
    headline = "Volcano erupts near mountain village, forcing evacuation"
    on_topic = ("Lava poured down the slopes of the volcano on Sunday. Residents of the village were evacuated by bus. "
                "Officials said the eruption could last for days. No injuries were reported.")
    off_topic = ("The football club signed a new striker on Monday. The transfer fee was not disclosed. "
                 "Fans gathered outside the stadium to greet him. The season starts next month.")
    on, off = nli_model.predict([(headline, on_topic), (headline, off_topic)])
    assert off["unrelated"] > 0.5 > on["unrelated"]


@pytest.mark.slow
def test_registry_loads_the_configured_model(context: Any) -> None:
    model = context.models.get("nli")
    assert hasattr(model, "predict") and model.manifest.get("name") == "rashomon-nli-minilm"


@pytest.mark.slow
def test_hf_directory_with_nli_labels_loads_by_path(tmp_path: Path) -> None:
    """A user-named cross-encoder with entailment/neutral/contradiction labels maps onto ours."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from rashomon.models.nli import load_by_path

    tok = AutoTokenizer.from_pretrained(str(packaged_dir()))
    config = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, num_labels=3,
                        id2label={0: "contradiction", 1: "entailment", 2: "neutral"},
                        label2id={"contradiction": 0, "entailment": 1, "neutral": 2})  # fmt: skip
    BertForSequenceClassification(config).save_pretrained(str(tmp_path))
    tok.save_pretrained(str(tmp_path))
    model = load_by_path(str(tmp_path))
    assert model.label_map == ["disagree", "agree", "discuss"]
    (probs,) = model.predict([("It rained.", "It did not rain.")])
    assert probs["unrelated"] == 0.0 and sum(probs.values()) == pytest.approx(1.0)


def test_training_batches_fit_a_long_first_text() -> None:
    """Long premises (curriculum probes, ConTRoL) are truncated, not a crash of the training run."""
    from transformers import AutoTokenizer

    from rashomon.models.nli import packaged_dir
    from rashomon.models.train_nli import encode

    tok = AutoTokenizer.from_pretrained(str(packaged_dir()))
    enc = encode(tok, [("word " * 300, "short one", 1)], [0], 64)
    assert enc["input_ids"].shape == (1, 64) and enc["labels"].tolist() == [1]
