"""The long fuzz run: the CI fuzz suite (tests/fuzz) with many more drawn inputs, timed.

    .venv/bin/python bench/fuzz.py --examples 2000

Each example is one to three generated articles (or one or two mutated seed paragraphs, a fifth as many)
through the whole analysis; a crash outside our error tree, a map that breaks its schema, a document
over its time budget or a stage failing on a document fails the run, and hypothesis prints the smallest
failing input.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="generated examples (mutated seeds: a fifth)")
    args = parser.parse_args()
    env = {**os.environ, "RASHOMON_FUZZ_EXAMPLES": str(args.examples), "HF_HUB_OFFLINE": "1"}
    began = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz"],
                          cwd=REPO, env=env, check=False)
    inputs = args.examples + max(1, args.examples // 5)
    print(f"examples: {inputs}; failures: {'none' if proc.returncode == 0 else 'see above'}; "
          f"seconds: {time.perf_counter() - began:.0f}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
