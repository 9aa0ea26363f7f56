"""News outlets by name and by web domain, and the one normalisation of a cited name.

Citations (``nlp.citations``) call a source an outlet by these lists; the
citation graph (``compare.citegraph``) groups cited names by ``normalise``.

    >>> is_outlet("the Long War Journal"), outlet_for_domain("www.reuters.com")
    (True, 'Reuters')
"""

from __future__ import annotations

import re

_OUTLETS = (
    "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "BBC", "CNN", "Al Jazeera",
    "Al Arabiya", "Fox News", "NBC", "CBS", "ABC News", "NPR", "PBS", "MSNBC", "Bloomberg", "Politico",
    "Axios", "Haaretz", "Xinhua", "TASS", "RT", "Sputnik", "IRNA", "Fars", "Tasnim", "Press TV",
    "The New York Times", "The Washington Post", "The Wall Street Journal", "The Guardian", "The Times",
    "The Telegraph", "The Independent", "The Economist", "The New Yorker", "The Atlantic", "Newsweek",
    "Time", "Vox", "Foreign Policy", "Foreign Affairs", "The Intercept", "Middle East Eye", "Der Spiegel",
    "Le Monde", "El País", "Financial Times", "Deutsche Welle", "France 24", "Euronews", "Sky News",
)
_OUTLET_WORDS = re.compile(
    r"\b(?:Times|Post|Journal|News|Magazine|Review|Gazette|Herald|Tribune|Guardian|Telegraph|Daily|Weekly|"
    r"Radio|Television|TV|Broadcasting|Yorker|Observer|Chronicle|Monitor|Wire|Newswire|Press Agency)\b"
)
_DOMAINS = {
    "reuters.com": "Reuters", "apnews.com": "Associated Press", "afp.com": "AFP", "bbc.com": "BBC",
    "bbc.co.uk": "BBC", "cnn.com": "CNN", "aljazeera.com": "Al Jazeera", "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "theguardian.com": "The Guardian", "newyorker.com": "The New Yorker", "theatlantic.com": "The Atlantic",
    "economist.com": "The Economist", "ft.com": "Financial Times", "bloomberg.com": "Bloomberg",
    "politico.com": "Politico", "foxnews.com": "Fox News", "nbcnews.com": "NBC", "npr.org": "NPR",
    "haaretz.com": "Haaretz", "timesofisrael.com": "The Times of Israel", "longwarjournal.org":
    "The Long War Journal", "warontherocks.com": "War on the Rocks", "foreignpolicy.com": "Foreign Policy",
    "foreignaffairs.com": "Foreign Affairs", "theintercept.com": "The Intercept", "middleeasteye.net":
    "Middle East Eye", "spiegel.de": "Der Spiegel", "lemonde.fr": "Le Monde", "dw.com": "Deutsche Welle",
    "france24.com": "France 24", "presstv.ir": "Press TV", "irna.ir": "IRNA", "tasnimnews.com": "Tasnim",
    "farsnews.ir": "Fars", "tass.com": "TASS", "rt.com": "RT", "xinhuanet.com": "Xinhua",
}
_NEWS_DOMAIN = re.compile(r"(?:news|times|post|journal|herald|tribune|gazette|daily|press|tv|radio)", re.IGNORECASE)
_KNOWN = {o.lower().removeprefix("the ") for o in _OUTLETS}


def is_outlet(name: str) -> bool:
    """A news outlet by name: a well-known one, or one whose name says so ("... Journal")."""
    clean = normalise(name)
    return clean in _KNOWN or bool(_OUTLET_WORDS.search(name))


def outlet_for_domain(domain: str) -> str | None:
    """The outlet a news domain belongs to, or None for other sites."""
    domain = domain.lower().removeprefix("www.")
    for known, outlet in _DOMAINS.items():
        if domain == known or domain.endswith("." + known):
            return outlet
    first = domain.split(".")[0]
    return domain if _NEWS_DOMAIN.search(first) else None


def normalise(name: str) -> str:
    """Lower case, no leading article, no possessive, single spaces."""
    name = " ".join(name.replace("’", "'").split()).strip(" .,;:")
    name = re.sub(r"'s$", "", name)
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE).lower()
