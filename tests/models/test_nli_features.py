"""Evidence selection, relatedness features and the JSON gate, on hand-made inputs."""

from __future__ import annotations

import numpy as np

from rashomon.models.nli_features import (
    FEATURE_NAMES,
    EmbeddedBody,
    GateMLP,
    content_tokens,
    fit_idf,
    relatedness_features,
    select_evidence,
    split_sentences,
)


def _body(sentences: list[str], vectors: list[list[float]]) -> EmbeddedBody:
    vecs = np.array(vectors, dtype=np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return EmbeddedBody(sentences, vecs, [content_tokens(s) for s in sentences])


def test_split_sentences_on_lines_and_punctuation() -> None:
    text = 'First line here.\nThe mayor said "no." Then she left!  Was it true?'
    assert split_sentences(text) == ["First line here.", 'The mayor said "no."', "Then she left!", "Was it true?"]


def test_split_sentences_caps_run_on_text() -> None:
    pieces = split_sentences(" ".join(["word"] * 130))
    assert [len(p.split()) for p in pieces] == [60, 60, 10]


def test_select_evidence_keeps_nearest_sentences_in_body_order() -> None:
    body = _body(
        ["Weather was mild.", "The bridge collapsed at noon.", "Crowds gathered.", "Engineers blamed the bridge cables."],
        [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0.9, 0.1, 0]],
    )
    head = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    chosen = select_evidence(head, "Bridge collapses", body, k=2)
    assert chosen == "The bridge collapsed at noon. Engineers blamed the bridge cables."


def test_relatedness_features_separate_on_and_off_topic_bodies() -> None:
    idf = fit_idf(["the bridge collapsed", "a cat sat", "markets fell sharply", "rain in spain"])
    head = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    on = _body(["The bridge collapsed at noon.", "Engineers inspected the bridge."], [[1, 0.1, 0], [0.8, 0.2, 0]])
    off = _body(["Markets fell sharply.", "Rain fell in Spain."], [[0, 1, 0], [0, 0.2, 1]])
    f_on = relatedness_features(head, "Bridge collapsed", on, idf)
    f_off = relatedness_features(head, "Bridge collapsed", off, idf)
    assert len(f_on) == len(FEATURE_NAMES)
    assert all(a > b for a, b in zip(f_on[:-1], f_off[:-1]) if a or b)


def test_gate_json_matches_sklearn() -> None:
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, len(FEATURE_NAMES)))
    y = (x[:, 0] + x[:, 4] > 0).astype(int)
    scaler = StandardScaler().fit(x)
    mlp = MLPClassifier(hidden_layer_sizes=(8,), max_iter=500, random_state=0).fit(scaler.transform(x), y)
    gate = GateMLP.from_json(GateMLP.from_sklearn(scaler, mlp).to_json())
    assert np.allclose(gate.predict_proba(x), mlp.predict_proba(scaler.transform(x))[:, 1], atol=1e-9)
