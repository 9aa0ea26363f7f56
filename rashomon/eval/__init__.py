"""Scorers for the public benchmarks: one registered task per data set (see ``tasks.py``)."""
