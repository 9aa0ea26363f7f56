"""The top-level help lists every command without importing any command module."""

from __future__ import annotations

import argparse
import subprocess
import sys

from rashomon.cli import build_parser
from rashomon.commands import COMMANDS


def test_summaries_are_the_commands_own_help() -> None:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert {a.dest: a.help for a in sub._choices_actions} == COMMANDS


def test_top_level_help_imports_no_command_or_model_library() -> None:
    code = ("import sys; from rashomon.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n"
            "heavy = [m for m in sys.modules if m.startswith(('rashomon.commands.', 'rashomon.api', 'spacy', "
            "'torch', 'onnxruntime', 'rashomon.report'))]\nprint('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out and "analyze" in out
