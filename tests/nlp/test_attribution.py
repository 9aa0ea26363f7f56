"""Attribution: quote styles, reported speech, block quotes and chains, by hand and on the seeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from rashomon.model import Claim, DocAnalysis

Analyse = Callable[..., DocAnalysis]
pytestmark = pytest.mark.slow


def claim_with(item: DocAnalysis, fragment: str) -> Claim:
    found = [c for c in item.claims if fragment in c.text]
    assert len(found) == 1, (fragment, [c.text for c in item.claims])
    return found[0]


def speakers(claim: Claim) -> list[str]:
    return [a.speaker for a in claim.chain]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("'", "'"), ("‘", "’")],
)
def test_direct_quote_in_every_style_names_its_speaker(analyse: Analyse, opening: str, closing: str) -> None:
    text = f"{opening}We have no fuel left for the generators,{closing} said Maria Lopez, a nurse in Aleppo.\n"
    (claim,) = analyse(text).claims
    assert claim.kind == "quote" and claim.speaker == "Maria Lopez"
    assert claim.chain[0].cue == "said" and text[claim.chain[0].start : claim.chain[0].end] == "Maria Lopez"


@pytest.mark.parametrize(
    ("sentence", "speaker", "cue", "via"),
    [
        ("The Pentagon said in a statement that the strike was defensive.", "Pentagon", "said", "statement"),
        ("The ministry denied that any troops had crossed the border.", "ministry", "denied", None),
        ("Amnesty International claimed that the prisoners had been tortured.", "Amnesty International",
         "claimed", None),
        ("The senator wrote that the budget would be cut by a third.", "senator", "wrote", None),
    ],
)
def test_reported_speech(analyse: Analyse, sentence: str, speaker: str, cue: str, via: str | None) -> None:
    (claim,) = analyse(sentence + "\n").claims
    (link,) = claim.chain
    assert claim.kind == "quote" and speaker in link.speaker and link.cue == cue
    assert (via is None and link.via is None) or (via is not None and via in (link.via or ""))


def test_told_an_outlet_is_the_channel(analyse: Analyse) -> None:
    item = analyse("“The border is closed to everyone,” Colonel Ahmed Farouk told Reuters on Tuesday.\n")
    (link,) = item.claims[0].chain
    assert "Ahmed Farouk" in link.speaker and link.cue == "told" and link.via == "Reuters"


def test_according_to(analyse: Analyse) -> None:
    (claim,) = analyse("According to the World Health Organization, forty people died in the outbreak.\n").claims
    assert claim.kind == "quote" and "World Health Organization" in claim.speaker
    assert claim.chain[0].cue == "according to"


def test_pronoun_speaker_resolves_to_the_person_before(analyse: Analyse) -> None:
    item = analyse("Maria Lopez works as a nurse in Aleppo. She said that the hospital had run out of fuel.\n")
    assert claim_with(item, "She said").speaker == "Maria Lopez"


def test_the_outlets_own_voice_hypotheticals_and_denials_are_not_attributed(analyse: Analyse) -> None:
    item = analyse(
        "Critics might say that the plan is badly flawed.\n\n"
        "I said that the plan was flawed from the very start.\n\n"
        "The minister did not say that the talks had failed.\n"
    )
    assert [c.chain for c in item.claims] == [[], [], []]


def test_quote_continuation_takes_the_speaker_of_its_paragraph(analyse: Analyse) -> None:
    item = analyse("“We met in secret,” the diplomat Anna Weber said. “Nobody in the office ever knew.”\n")
    assert claim_with(item, "Nobody in the office").speaker == "Anna Weber"


def test_block_quote_announced_by_a_colon_runs_until_the_article_voice_resumes(analyse: Analyse) -> None:
    item = analyse(
        "Jane Smith, a historian at Oxford, wrote for The Atlantic:\n\n"
        "The siege lasted four months. Food ran out in the second month.\n\n"
        "The garrison surrendered in March after the last well was poisoned.\n\n"
        "So the official account, which we have quoted above, leaves a great deal out.\n"
    )
    for fragment in ("The siege lasted", "Food ran out", "The garrison surrendered"):
        claim = claim_with(item, fragment)
        assert speakers(claim) == ["Jane Smith"] and claim.chain[0].via == "The Atlantic"
    assert claim_with(item, "So the official account").chain == []
    assert claim_with(item, "Jane Smith, a historian").chain == []  # the intro is the article speaking
    (block,) = item.notes.attribution["blocks"]
    assert len(block["paragraphs"]) == 2


def test_block_quote_stops_at_a_heading_and_at_a_new_intro(analyse: Analyse) -> None:
    item = analyse(
        "A 2019 report by Human Rights Watch put it this way:\n\n"
        "The militia burned homes in eleven villages.\n\n"
        "The United Nations, in a statement, also writes:\n\n"
        "Aid convoys were blocked for three weeks.\n\n"
        "What Comes Next\n\n"
        "The talks resume in Geneva next month.\n"
    )
    assert speakers(claim_with(item, "The militia burned")) == ["Human Rights Watch"]
    assert speakers(claim_with(item, "Aid convoys")) == ["United Nations"]
    assert claim_with(item, "The talks resume").chain == []


def test_words_from_a_named_source_announce_a_block_quote(analyse: Analyse) -> None:
    item = analyse(
        "We end with a few strong words from Paul Adams, who studied the war for decades.\n\n"
        "Both armies fought for a border that neither of them could hold.\n\n"
        "To add some context to the above quote, the border moved four times.\n"
    )
    assert speakers(claim_with(item, "Both armies fought")) == ["Paul Adams"]
    assert claim_with(item, "To add some context").chain == []


def test_nested_attribution_is_kept_as_a_chain(analyse: Analyse) -> None:
    item = analyse(
        "In 2019 the reporter John Keller wrote a profile of the general for The Atlantic, in which he reports:\n\n"
        "“On a cold morning in March, Anna Weber, then a senior diplomat, flew to Vienna. "
        "“We met in secret every Friday,” Weber told me. “Nobody in the office knew.” "
        "The talks were clearly important to both sides.\n\n"
        "And we think the profile is right.\n"
    )
    told = claim_with(item, "Weber told me")
    assert speakers(told) == ["John Keller", "Anna Weber"] and told.speaker == "Anna Weber"
    assert told.chain[0].via == "The Atlantic" and told.chain[1].cue == "told"
    assert speakers(claim_with(item, "Nobody in the office knew")) == ["John Keller", "Anna Weber"]
    assert speakers(claim_with(item, "On a cold morning")) == ["John Keller"]
    assert claim_with(item, "we think the profile").chain == []


def test_missing_opening_mark_and_inner_speaker_inside_a_block(analyse: Analyse) -> None:
    item = analyse(
        "Tom Berg, from The Daily Review, wrote in 2019 about the siege:\n\n"
        "The shelling destroyed the only school in the valley,” the Red Cross said.\n\n"
        "Local commanders blamed each other for the losses.\n"
    )
    red_cross = claim_with(item, "The shelling destroyed")
    assert speakers(red_cross) == ["Tom Berg", "Red Cross"] and red_cross.chain[0].via == "The Daily Review"
    assert speakers(claim_with(item, "Local commanders")) == ["Tom Berg"]


def test_speech_verb_glued_to_a_name_by_html_extraction(analyse: Analyse) -> None:
    item = analyse(
        "Tom Berg, from The Daily Reviewwrote in 2019:\n\n"
        "The dam failed twice in one year because of poor maintenance.\n"
    )
    (link,) = claim_with(item, "The dam failed").chain
    assert link.speaker == "Tom Berg" and link.cue == "wrote" and "Daily Review" in (link.via or "")


# --- the seed articles ------------------------------------------------------------------------


def test_seed_001_quotes_carry_their_speakers(seed_items: dict[str, Any]) -> None:
    item = seed_items["001"]
    crocker = claim_with(item, "Crocker told me")
    assert crocker.speaker == "Ryan Crocker" and len(crocker.chain) == 2
    assert "Filkins" in crocker.chain[0].speaker and "New Yorker" in (crocker.chain[0].via or "")
    assert claim_with(item, "We’d stay up all night").speaker == "Ryan Crocker"
    abdullah = claim_with(item, "Abu Abdullah told Reuters")
    assert abdullah.speaker == "Abu Abdullah" and abdullah.chain[-1].via == "Reuters"
    assert "Roggio" in abdullah.chain[0].speaker
    assert claim_with(item, "Shiite Che Guevara figure").speaker == "Karim Sadjapour"


@pytest.mark.parametrize(
    ("fragment", "outer", "inner", "via"),
    [
        ("widespread burning of civilian homes", "Bill Roggio", "HRW", "Long War Journal"),
        ("Shiite militia commanders have threatened", "Bill Roggio", None, "Long War Journal"),
        ("Soleimani covertly", "Nicole Grajewski", None, "Center for Strategic and International Studies"),
        ("widely credited with delivering the strategy", "BBC", None, None),
        ("personally helped the CIA", "Barnett Rubin", None, "War on the Rocks"),
        ("venomous rhetoric against Israel", "Trita Parsi", None, None),
    ],
)
def test_seed_001_block_quotes_carry_their_sources(
    seed_items: dict[str, Any], fragment: str, outer: str, inner: str | None, via: str | None
) -> None:
    claim = claim_with(seed_items["001"], fragment)
    assert claim.kind == "quote" and claim.chain[0].speaker == outer
    assert via is None or via in (claim.chain[0].via or "")
    assert inner is None or claim.chain[-1].speaker == inner


@pytest.mark.parametrize(
    "fragment",
    ["above-mentioned Badr Organization", "So the Khomeinist Republic", "To add some context", "It must also be noted"],
)
def test_seed_001_article_voice_after_a_block_is_not_attributed(seed_items: dict[str, Any], fragment: str) -> None:
    assert claim_with(seed_items["001"], fragment).chain == []
