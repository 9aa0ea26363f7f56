"""The extraction benchmark's real web pages analysed end to end as one corpus: time, memory, slowest pages.

    .venv/bin/python bench/bench_pages.py [--pages 990]

The pages are the HTML files of ``extraction_eval`` (trafilatura's evaluation set: news, blogs, shops
and forums in many languages), written to a folder and given to the same library path as
``rashomon analyze FOLDER`` (read, per-document stages, corpus stages, map validated and written) in a
child process, so peak memory (max RSS) is the run's own. Each document's time is the time between
its finish and the previous one's; documents run in batches, so that is a batch's time, charged to its first page.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def write_pages(limit: int, out: Path) -> int:
    """The first ``limit`` HTML pages of the set (in archive order), as files; how many were written."""
    from rashomon.benchdata import data_root

    root = data_root() / "extraction_eval"
    known = {v["file"] for v in json.loads((root / "evaldata.json").read_text(encoding="utf-8")).values()}
    n = 0
    with tarfile.open(root / "tests_eval_html.tar.gz") as tar:
        for member in tar:
            name = member.name.rsplit("/", 1)[-1]
            if member.isfile() and name in known and n < limit:
                (out / name).write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
                n += 1
    return n


def _child(folder: str, out: str) -> dict:
    """Runs inside the measured process."""
    from datetime import UTC, datetime

    from rashomon.api import build_map
    from rashomon.config import load_settings
    from rashomon.ingest import read_inputs
    from rashomon.mapio import write_map
    from rashomon.model import Corpus
    from rashomon.pipeline import Pipeline

    began = time.perf_counter()
    settings = load_settings()
    ingested = read_inputs([folder], settings)
    read_s = time.perf_counter() - began
    pipe = Pipeline.assemble(settings=settings)
    per_doc: list[tuple[float, str, int]] = []
    last = [time.perf_counter()]

    def done(item: Any, failures: Any) -> None:
        now = time.perf_counter()
        per_doc.append((now - last[0], item.document.source.rsplit("/", 1)[-1], len(item.document.text.split())))
        last[0] = now

    docs, skipped = pipe.run_documents(ingested.documents, on_done=done)
    docs_s = time.perf_counter() - last[0] + sum(t for t, _, _ in per_doc)
    mark = time.perf_counter()
    corpus = pipe.run_corpus(Corpus(docs=docs, skipped=ingested.skipped + skipped))
    corpus_s = time.perf_counter() - mark
    manifest = {**pipe.manifest(), "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "duration_s": round(time.perf_counter() - began, 3)}
    for d in corpus.docs:
        d.scratch.clear()
    nmap = build_map(corpus, manifest)
    write_map(nmap, Path(out) / "map.json")
    reasons: dict[str, int] = {}
    for s in nmap.skipped:
        key = s.stage or "read"
        reasons[key] = reasons.get(key, 0) + 1
    return {"pages": len(ingested.documents) + len(ingested.skipped), "documents": len(nmap.documents),
            "words": sum(len(d.text.split()) for d in nmap.documents), "read_s": read_s, "docs_s": docs_s,
            "corpus_s": corpus_s, "total_s": time.perf_counter() - began,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "skipped": reasons, "over_budget": sum("time budget" in s.reason for s in nmap.skipped),
            "slowest": sorted(per_doc, reverse=True)[:10], "claims": len(nmap.claims), "links": len(nmap.links),
            "conflicts": len(nmap.conflicts), "entities": len(nmap.entities),
            "stages": {s["name"]: s["seconds"] for s in nmap.manifest["stages"]},
            "languages": _languages(nmap)}


def _languages(nmap: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in nmap.documents:
        out[d.language or "?"] = out.get(d.language or "?", 0) + 1
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def main() -> None:
    from _readme import machine, update_section

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=990)
    ap.add_argument("--keep-map", type=Path, help="also copy the run's map.json here, to read its links")
    args = ap.parse_args()
    loadavg = Path("/proc/loadavg")
    load = loadavg.read_text().split()[0] if loadavg.exists() else "?"
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "pages", Path(tmp) / "out"
        folder.mkdir()
        out.mkdir()
        n = write_pages(args.pages, folder)
        code = (f"import json,sys; sys.path.insert(0,{str(ROOT / 'bench')!r}); import bench_pages as b; "
                f"print(json.dumps(b._child({str(folder)!r}, {str(out)!r})))")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"the run failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        if args.keep_map:
            args.keep_map.write_bytes((out / "map.json").read_bytes())
    stages = sorted(r["stages"].items(), key=lambda kv: -kv[1])
    body = "\n".join([
        (f"Command: `.venv/bin/python bench/bench_pages.py --pages {args.pages}` on {machine()}; "
        f"1-minute load average at the start: {load}."), "",
        ("| pages | analysed | words | read s | document stages s | corpus stages s | total s | pages/s | peak MiB "
        "| skipped (by stage) | over budget |"),
        "|---|---|---|---|---|---|---|---|---|---|---|",
        (f"| {n} | {r['documents']} | {r['words']:,} | {r['read_s']:.0f} | {r['docs_s']:.0f} | {r['corpus_s']:.0f} "
        f"| {r['total_s']:.0f} | {n / r['total_s']:.2f} | {r['peak_mib']:.0f} | {r['skipped'] or 'none'} "
        f"| {r['over_budget']} |"), "",
        (f"Map: {r['entities']:,} actors, {r['claims']:,} claims, {r['links']} links, {r['conflicts']} conflicts; "
        f"languages found: {r['languages']}."), "",
        "Slowest batches (seconds of the batch, its first page, words): " + "; ".join(f"{t:.1f} s {name} ({w:,} words)"
                                                           for t, name, w in r["slowest"]) + ".", "",
        "Stages by time: " + ", ".join(f"{k} {v:.0f} s" for k, v in stages[:8]) + ".",
    ])
    update_section("Real pages: the extraction set end to end", body)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "pages.json").write_text(json.dumps(r, indent=1))
    print(body)


if __name__ == "__main__":
    main()
