"""Hand-made narrative maps for the report tests: an invented story with every kind of item.

Three invented outlets report a dam failure and disagree on the date, the death
toll, a spelling of the mayor's name and whether a firm inspected the dam. Spans
are found in the text, so they are right by construction.
"""

from __future__ import annotations

import random
from typing import Any

from rashomon.compare.citegraph import citation_graph
from rashomon.compare.groups import claim_groups
from rashomon.model import (
    Attribution,
    Citation,
    Claim,
    Conflict,
    ConflictItem,
    DateValue,
    Document,
    Entity,
    Event,
    FramedActor,
    Framing,
    Link,
    Mention,
    Merge,
    NarrativeMap,
    Skipped,
    Stance,
    TimelineEntry,
    TimelineReport,
)

COURIER = """Dam breach floods Marlow Falls
By Ruth Alder, staff reporter, 4 March 2021

The Kessel Dam failed on March 2, 2021, flooding the lower town. Twelve people died, according to the county coroner. Mayor Anna Kovalchik said the city had warned the state for years. "We begged for repairs," Kovalchik told Reuters. The engineering firm Brandt & Sons inspected the dam in 2019 and found it sound. Critics say the state ignored the danger. [1]

[1] State inspection report, 2019."""

LEDGER = """Officials respond to Marlow Falls flood
By Tom Reyes, 3 March 2021

The Kessel dam gave way on March 1, 2021. Nine people were killed, the state police said. Mayor Ana Kowalczyk had cut the maintenance budget in 2018, records show. Brandt and Sons never inspected the dam, a company spokesman told the Ledger. Governor Miles Hart called the flood a tragedy."""

BLOG = """A town betrayed

The Kessel Dam collapse on March 2 was a disaster foretold. Mayor Kowalczyk warned the state many times. Governor Hart ignored every warning, as the Valley Courier reported. Twelve people died. [2]"""


class MapBuilder:
    """Builds items whose spans are located by searching the document text.

    ``done`` adds what the ``claim-groups`` and ``citation-graph`` stages would
    compute from the links and citations, so the map is the one the pipeline makes.
    """

    def __init__(self) -> None:
        self.docs: dict[str, Document] = {}
        self.claims: dict[str, Claim] = {}
        self.entities: list[Entity] = []
        self.m = NarrativeMap({"created": "2021-03-06T00:00:00+00:00", "duration_s": 1.0,
                               "stages": [{"name": "fixture", "version": "1", "config": {}, "seconds": 0.5}], "models": {}, "settings": {}},
                              [], [], [], [], [], [], [], [])

    def doc(self, key: str, text: str, **meta: Any) -> Document:
        d = Document.from_text(text, source=f"{key}.txt", language="en", **meta)
        d.header_end = text.index("\n\n")
        self.docs[key] = d
        self.m.documents.append(d)
        return d

    def span(self, key: str, phrase: str, nth: int = 0) -> tuple[str, int, int, str]:
        d = self.docs[key]
        at = -1
        for _ in range(nth + 1):
            at = d.text.index(phrase, at + 1)
        return d.id, at, at + len(phrase), phrase

    def entity(self, name: str, kind: str, forms: dict[str, list[str]]) -> Entity:
        mentions = []
        for key, words in forms.items():
            text = self.docs[key].text
            taken: list[tuple[int, int]] = []
            for form in words:  # longest forms first in each list, so nested forms are skipped
                at = text.find(form)
                while at >= 0:
                    if not any(s < at + len(form) and at < e for s, e in taken):
                        taken.append((at, at + len(form)))
                        mentions.append(Mention(self.docs[key].id, at, at + len(form), form, kind))
                    at = text.find(form, at + len(form))
        aliases = sorted({m.text for m in mentions} - {name})
        ent = Entity(f"ent_{len(self.entities):016x}", name, kind, aliases, mentions,
                     [Merge(a, name, "fuzzy", 0.9) for a in aliases[:2]],
                     {self.docs[k].id: sorted(set(v)) for k, v in forms.items()})
        for m in mentions:
            m.entity = ent.id
        self.entities.append(ent)
        self.m.entities.append(ent)
        return ent

    def claim(self, key: str, phrase: str, kind: str = "fact", speaker: str | None = None,
              ents: tuple[Entity, ...] = ()) -> Claim:
        doc, s, e, text = self.span(key, phrase)
        c = Claim(Claim.make_id(doc, s, e), doc, s, e, text, kind,  # type: ignore[arg-type]
                  speaker=speaker, entities=[x.id for x in ents],
                  chain=[Attribution(speaker, cue="said")] if speaker else [])
        self.claims[phrase] = c
        self.m.claims.append(c)
        return c

    def link(self, a: str, b: str, relation: str, score: float = 0.8) -> None:
        self.m.links.append(Link(self.claims[a].id, self.claims[b].id, relation, score))  # type: ignore[arg-type]

    def item(self, key: str, phrase: str, value: str) -> ConflictItem:
        return ConflictItem(*self.span(key, phrase), value=value)

    def event(self, key: str, phrase: str, start: str, cluster: str, type_: str = "disaster") -> Event:
        doc, s, e, text = self.span(key, phrase)
        ev = Event(f"evt_{len(self.m.events):016x}", doc, s, e, text, type_, phrase.split()[0],
                   DateValue(start, start, "day" if len(start) == 10 else "year"), cluster=cluster)
        self.m.events.append(ev)
        return ev

    def cite(self, key: str, phrase: str, cited: str, kind: str, **kw: Any) -> None:
        self.m.citations.append(Citation(*self.span(key, phrase), cited=cited, kind=kind, **kw))  # type: ignore[arg-type]

    def done(self) -> NarrativeMap:
        self.m.claim_groups = claim_groups(self.m.claims, self.m.links)
        self.m.citation_graph = citation_graph(self.m.citations, self.m.documents)
        return self.m


def _entities(b: MapBuilder) -> dict[str, Entity]:
    return {
        "mayor": b.entity("Anna Kovalchik", "PERSON", {"courier": ["Anna Kovalchik", "Kovalchik"],
                                                        "ledger": ["Ana Kowalczyk"], "blog": ["Kowalczyk"]}),
        "dam": b.entity("Kessel Dam", "FAC", {"courier": ["Kessel Dam"], "ledger": ["Kessel dam"],
                                               "blog": ["Kessel Dam"]}),
        "firm": b.entity("Brandt & Sons", "ORG", {"courier": ["Brandt & Sons"], "ledger": ["Brandt and Sons"]}),
        "governor": b.entity("Miles Hart", "PERSON", {"ledger": ["Miles Hart"], "blog": ["Hart"]}),
        "town": b.entity("Marlow Falls", "GPE", {"courier": ["Marlow Falls"], "ledger": ["Marlow Falls"]}),
    }


def _claims(b: MapBuilder, e: dict[str, Entity]) -> None:
    b.claim("courier", "The Kessel Dam failed on March 2, 2021, flooding the lower town.", ents=(e["dam"],))
    b.claim("courier", "Twelve people died, according to the county coroner.", speaker="county coroner")
    b.claim("courier", "Mayor Anna Kovalchik said the city had warned the state for years.", speaker="Anna Kovalchik")
    b.claim("courier", '"We begged for repairs," Kovalchik told Reuters.', "quote", "Anna Kovalchik")
    b.claim("courier", "The engineering firm Brandt & Sons inspected the dam in 2019 and found it sound.")
    b.claim("courier", "Critics say the state ignored the danger.", "opinion", "critics")
    b.claim("ledger", "The Kessel dam gave way on March 1, 2021.")
    b.claim("ledger", "Nine people were killed, the state police said.", speaker="state police")
    b.claim("ledger", "Mayor Ana Kowalczyk had cut the maintenance budget in 2018, records show.")
    b.claim("ledger", "Brandt and Sons never inspected the dam, a company spokesman told the Ledger.",
            speaker="a company spokesman")
    b.claim("blog", "Mayor Kowalczyk warned the state many times.")
    b.claim("blog", "Governor Hart ignored every warning, as the Valley Courier reported.", "opinion")
    b.claim("blog", "Twelve people died.")
    b.link("Twelve people died, according to the county coroner.", "Twelve people died.", "agree", 0.93)
    b.link("Twelve people died, according to the county coroner.",
           "Nine people were killed, the state police said.", "contradict", 0.88)
    b.link("The engineering firm Brandt & Sons inspected the dam in 2019 and found it sound.",
           "Brandt and Sons never inspected the dam, a company spokesman told the Ledger.", "contradict", 0.91)
    b.link("Mayor Anna Kovalchik said the city had warned the state for years.",
           "Mayor Kowalczyk warned the state many times.", "agree", 0.85)


def _comparisons(b: MapBuilder, e: dict[str, Entity]) -> None:
    ids = {k: d.id for k, d in b.docs.items()}
    b.m.stances += [
        Stance(ids["courier"], e["mayor"].id, "positive", 0.5, [b.claims["Mayor Anna Kovalchik said the city had "
                                                                         "warned the state for years."].id]),
        Stance(ids["ledger"], e["mayor"].id, "negative", -0.6,
               [b.claims["Mayor Ana Kowalczyk had cut the maintenance budget in 2018, records show."].id],
               ["cut"]),
        Stance(ids["blog"], e["mayor"].id, "positive", 0.4,
               [b.claims["Mayor Kowalczyk warned the state many times."].id]),
        Stance(ids["ledger"], e["governor"].id, "neutral", 0.05, []),
        Stance(ids["blog"], e["governor"].id, "negative", -0.7,
               [b.claims["Governor Hart ignored every warning, as the Valley Courier reported."].id],
               ["betrayed", "ignored"]),
    ]
    b.m.conflicts += [
        Conflict("number", [b.item("courier", "Twelve people died", "12"),
                            b.item("ledger", "Nine people were killed", "9")], "death toll: 12 vs 9", "death toll"),
        Conflict("date", [b.item("courier", "failed on March 2, 2021", "2021-03-02"),
                          b.item("ledger", "gave way on March 1, 2021", "2021-03-01")],
                 "the dam failed on 2021-03-02 or 2021-03-01", "dam failure"),
        Conflict("fact", [b.item("courier", "Brandt & Sons inspected the dam in 2019", "inspected"),
                          b.item("ledger", "Brandt and Sons never inspected the dam", "never inspected")],
                 "whether the firm inspected the dam", "inspection"),
    ]


def _events(b: MapBuilder) -> None:
    b.event("courier", "The Kessel Dam failed on March 2, 2021", "2021-03-02", "breach")
    b.event("ledger", "The Kessel dam gave way on March 1, 2021", "2021-03-01", "breach")
    b.event("blog", "The Kessel Dam collapse on March 2", "2021-03-02", "breach")
    b.event("courier", "Brandt & Sons inspected the dam in 2019", "2019", "inspection", "inspection")
    b.event("ledger", "cut the maintenance budget in 2018", "2018", "budget", "policy")
    for cluster in ("budget", "inspection", "breach"):
        evs = [ev for ev in b.m.events if ev.cluster == cluster]
        b.m.timeline.append(TimelineEntry(cluster, evs[0].type, evs[0].text, evs[0].date.start if evs[0].date else None,
                                          evs[0].date, reports=[
                                              TimelineReport(ev.id, ev.doc, ev.start, ev.end, ev.text,
                                                             ev.date.start if ev.date else None) for ev in evs]))


def _citations(b: MapBuilder) -> None:
    b.cite("courier", "according to the county coroner", "county coroner", "organization")
    b.cite("courier", "Kovalchik told Reuters", "Reuters", "outlet", speaker="Anna Kovalchik")
    b.cite("courier", "[1]", "State inspection report, 2019.", "footnote", reference="State inspection report, 2019.")
    b.cite("ledger", "the state police said", "state police", "organization")
    b.cite("ledger", "records show", "records", "document")
    b.cite("blog", "as the Valley Courier reported", "the Valley Courier", "outlet")
    b.cite("blog", "[2]", "[2]", "footnote", resolved=False)


def story_builder() -> MapBuilder:
    b = MapBuilder()
    b.doc("courier", COURIER, title="Dam breach floods Marlow Falls", author="Ruth Alder",
          author_role="staff reporter", outlet="Valley Courier", published="2021-03-04",
          comments=["The mayor is lying, she cut the budget herself.", "Thoughts and prayers to Marlow Falls."])
    b.doc("ledger", LEDGER, title="Officials respond to Marlow Falls flood", author="Tom Reyes",
          outlet="Capitol Ledger", published="2021-03-03")
    b.doc("blog", BLOG, title="A town betrayed", outlet="Riverwatch", published="2021-03-05")
    ents = _entities(b)
    _claims(b, ents)
    comment = b.docs["courier"].comments[0]
    b.m.claims.append(Claim(Claim.make_id(b.docs["courier"].id, -1, len(comment)), b.docs["courier"].id, 0,
                            len(comment), comment, "opinion", "comment"))
    _comparisons(b, ents)
    _events(b)
    _citations(b)
    governor = ents["governor"]
    b.m.framing = {b.docs["blog"].id: Framing("Riverwatch", [FramedActor(governor.id, governor.name, "negative", -0.7,
                                                                         ["betrayed", "ignored"])])}
    b.m.skipped.append(Skipped("empty.txt", "empty file"))
    b.done()
    return b


HOSTILE_TITLE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
HOSTILE_TEXT = (HOSTILE_TITLE + "\n\n"
                'Officials said <script>window.__pwned = 3</script> the <b onmouseover="window.__pwned=4">dam</b> '
                'held. <img src=x onerror="window.__pwned = 5"> Nobody knows. </script><svg onload="window.__pwned=6">')


def hostile_map() -> NarrativeMap:
    """A document whose every field is hostile markup, reported everywhere it can appear."""
    b = MapBuilder()
    bad = '<img src=x onerror="window.__pwned = 7">'
    d = b.doc("evil", HOSTILE_TEXT, title=HOSTILE_TITLE, author=bad, outlet="<script>window.__pwned=8</script>",
              published="2021-01-01", comments=[bad, "</script><script>window.__pwned=9</script>"])
    b.doc("plain", "Plain title\n\nThe dam held, officials said. Nobody knows.", outlet="Plain News")
    ent = b.entity(bad, "PERSON", {"evil": ["<b onmouseover"], "plain": ["officials"]})
    c1 = b.claim("evil", 'Officials said <script>window.__pwned = 3</script> the <b onmouseover="window.__pwned=4">')
    c2 = b.claim("plain", "The dam held, officials said.")
    b.link(c1.text, c2.text, "contradict", 0.7)
    b.m.stances.append(Stance(d.id, ent.id, "negative", -0.5, [c1.id], [bad]))
    b.m.conflicts.append(Conflict("fact", [b.item("evil", "<img src=x onerror", bad), b.item("plain", "dam held", "held")],
                                  bad, bad))
    b.event("evil", "Officials said", "2021-01-01", bad)
    b.m.timeline = [TimelineEntry(bad, bad, bad, "2021-01-01", None, [bad],
                                  [TimelineReport(b.m.events[0].id, d.id, 0, 10, bad, "2021-01-01", bad, bad)])]
    b.m.framing = {d.id: Framing(bad, [FramedActor(ent.id, bad, "negative", -0.5, [bad])])}
    b.cite("evil", "</script><svg", bad, "outlet", speaker=bad)
    b.m.skipped.append(Skipped(bad, bad))
    return b.done()


def big_map(n_docs: int = 1000, seed: int = 7) -> NarrativeMap:
    """A synthetic corpus the size the report must stay fast for."""
    rng = random.Random(seed)
    names = [f"Actor{i} Person{i}" for i in range(120)]
    b = MapBuilder()
    for i in range(n_docs):
        sentences = [f"{rng.choice(names)} met {rng.choice(names)} on day {rng.randint(1, 28)} in town {j}."
                     for j in range(30)]
        b.doc(f"d{i}", f"Story {i}\n\n" + " ".join(sentences), outlet=f"Outlet {i % 300}",
              published=f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}", author=f"Writer {i % 50}")
    for name in names:
        forms = {key: [name] for key, d in b.docs.items() if name in d.text}
        if forms:
            b.entity(name, "PERSON", forms)
    keys = list(b.docs)
    for key in keys:
        d = b.docs[key]
        for j in range(0, 30, 3):
            end = d.text.index(f" in town {j}.")
            b.m.claims.append(Claim(Claim.make_id(d.id, end - 30, end), d.id, end - 30, end, d.text[end - 30:end]))
    claims = b.m.claims
    for _ in range(n_docs * 3):
        a, c = rng.sample(range(len(claims)), 2)
        if claims[a].doc != claims[c].doc:
            b.m.links.append(Link(claims[a].id, claims[c].id, rng.choice(["agree", "contradict"]), 0.7))
    for i, key in enumerate(keys):
        d = b.docs[key]
        b.m.citations.append(Citation(d.id, 0, 5, d.text[:5], f"Outlet {(i * 7) % 300}", "outlet"))
        b.m.events.append(Event(f"evt_{i:016x}", d.id, 0, 5, d.text[:5], "meeting", "met",
                                DateValue(d.published, d.published), cluster=f"c{i % 200}"))
    stances: dict[tuple[str, str], Stance] = {}
    for e in b.entities[:60]:
        for m in e.mentions[:: max(1, len(e.mentions) // 20)]:
            stances[(m.doc, e.id)] = Stance(m.doc, e.id, rng.choice(["positive", "negative", "neutral"]),
                                            rng.uniform(-1, 1), [])
    b.m.stances = list(stances.values())
    return b.done()
