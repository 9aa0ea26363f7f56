"""A parse's text, built once.

``spacy.tokens.Doc.text`` joins every token anew on each access, so reading it
inside a loop over sentences, entities or tokens makes a stage quadratic in the
article's length. A Doc's text never changes, so it is kept in its user data.
"""

from __future__ import annotations

from typing import Any

_KEY = "rashomon_text"


def doc_text(doc: Any) -> str:
    """``doc.text``, computed on the first call and kept with the Doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
