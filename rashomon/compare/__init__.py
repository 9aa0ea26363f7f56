"""Cross-source stages: align claims, agree/contradict, fact conflicts, timeline conflicts."""
