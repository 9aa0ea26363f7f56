"""Models behind one registry, plus the training scripts for the heads we own."""

import os

# The hub and transformers draw progress bars ("Loading weights") on every model load; the run's
# output is ours (progress on stderr, quiet with --quiet). Set before either library is imported,
# for every module of this package.
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
