"""Per-document stages: one module each (language, parse, entities, claims, ...)."""
