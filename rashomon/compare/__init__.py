"""Cross-source stages: align claims, agree/contradict, claim groups, fact conflicts, timeline, citation graph."""
