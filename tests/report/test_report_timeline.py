"""The report's timeline: dates to day numbers, rows from the merged timeline or events, conflicts flagged."""

from __future__ import annotations

from datetime import date

from rashomon.model import Conflict, ConflictItem, DateValue, NarrativeMap
from rashomon.report.timeline import build_timeline, date_label, day_range


def _day(iso: str) -> int:
    return (date.fromisoformat(iso) - date(1970, 1, 1)).days


def test_day_range_precisions() -> None:
    assert day_range("2020-01-03") == (_day("2020-01-03"),) * 2
    assert day_range("2019") == (_day("2019-01-01"), _day("2019-12-31"))
    assert day_range("2020-02") == (_day("2020-02-01"), _day("2020-02-29"))
    assert day_range({"start": "1980", "end": "1988"}) == (_day("1980-01-01"), _day("1988-12-31"))
    assert day_range(DateValue("2003", None, "open")) == (_day("2003-01-01"), _day("2003-12-31"))
    assert day_range("2019-01-05/2019-01-06") == (_day("2019-01-05"), _day("2019-01-06"))
    assert day_range("2020-13-40") is None and day_range(None) is None and day_range("soon") is None


def test_date_label_keeps_the_hedge() -> None:
    assert date_label({"start": "2020", "end": "2020", "hedge": "almost"}) == "almost 2020"
    assert date_label({"start": "1980", "end": "1988"}) == "1980 – 1988"


def test_rows_from_merged_timeline_flag_the_disagreeing_source(story_map: NarrativeMap) -> None:
    rows = build_timeline(story_map)
    assert [r["cluster"] for r in rows] == ["budget", "inspection", "breach"]  # oldest first
    breach = rows[-1]
    assert breach["flag"] and breach["conflicts"] == [1]  # the date conflict covers two reports
    ledger = [d.id for d in story_map.documents].index(story_map.documents[1].id)
    flagged = {r["d"] for r in breach["reports"] if r["flag"]}
    assert ledger in flagged
    assert not rows[0]["flag"]


def test_rows_from_events_when_no_timeline(story_map: NarrativeMap) -> None:
    story_map.timeline = []
    rows = build_timeline(story_map)
    breach = next(r for r in rows if r["cluster"] == "breach")
    assert len(breach["reports"]) == 3 and breach["flag"]


def test_unattached_date_conflict_gets_its_own_row(story_map: NarrativeMap) -> None:
    doc = story_map.documents[2]
    story_map.conflicts.append(Conflict("date", [
        ConflictItem(doc.id, 0, 5, doc.text[:5], "2019-01-05"),
        ConflictItem(story_map.documents[0].id, 0, 5, "x", "2020-01-03")], "dateline vs event", "killing"))
    rows = build_timeline(story_map)
    own = [r for r in rows if r["cluster"] == f"conflict-{len(story_map.conflicts) - 1}"]
    assert own and own[0]["flag"] and own[0]["label"] == "killing"
    assert [r["date"] for r in own[0]["reports"]] == ["2019-01-05", "2020-01-03"]
