"""Models behind one registry, plus the training scripts for the heads we own."""
