"""The class session log: votes, ties, the teacher's choices, undo, prompts, passages, time."""

from __future__ import annotations

import json

import pytest
from classroom_helpers import FakeClock, Played, load_fixture

from game.classroom.session import (
    SESSION_VERSION, ClassSession, SessionError, load_session, save_session,
)
from game.core.model import Citation
from game.core.sources import normalise

SEEN_QUOTES = {  # what the scripted lesson showed, as the author quoted it
    "Mr Nagy was dismissed last year for his liberal policies, but has since been rehabilitated and was "
    "re-admitted to the Hungarian Workers’ Party this month.",
    "The uprising began as a rally in central Budapest, to express solidarity with Polish demonstrators",
    "Immediately after the broadcast, the crowd marched on the broadcasting station.",
    "Estimates of the number of dead vary from 2,000 to 5,000.",
    "Nagy and others involved in the revolution were secretly tried and executed in June 1958.",
}


def test_scripted_lesson_reaches_an_ending_along_the_expected_path(played: Played) -> None:
    session = played.session
    assert session.is_ending and session.scene.id == "s_window"
    assert session.story.path == ["s_room", "s_rally", "s_radio", "s_curfew", "s_window"]
    assert [v.scene for v in session.log.visits] == [
        "s_room", "s_rally", "s_radio", "s_rally", "s_radio", "s_curfew", "s_window",
    ]
    assert session.log.chapters_ended == ["prologue", "oct23", "fighting"]
    assert session.chapter_end_due is None
    assert session.log.finished_at is not None


def test_every_decision_is_logged_with_votes_winner_tie_and_record(played: Played) -> None:
    decisions = played.session.log.decisions
    assert [(d.step, d.scene, d.method, d.winner, d.tie, d.teacher_tiebreak, d.undone) for d in decisions] == [
        (1, "s_room", "vote", 0, False, False, False),
        (2, "s_rally", "vote", 0, True, True, True),
        (3, "s_rally", "teacher", 0, False, False, False),
        (4, "s_radio", "vote", 1, False, False, False),
        (5, "s_curfew", "vote", 1, True, True, False),
    ]
    assert [[c.votes for c in d.choices] for d in decisions] == [[5, 2], [4, 4, 0], [0, 0, 0], [1, 6], [3, 3]]
    assert decisions[1].tied == [0, 1]
    rally = decisions[2]
    assert [(c.open, c.reason) for c in rally.choices][2] == (False, "You are not that brave yet.")
    assert rally.record is not None and rally.record.text == "The crowd marched on the radio."
    cite = rally.record.cites[0]
    assert cite.quote == "Immediately after the broadcast, the crowd marched on the broadcasting station."
    assert cite.paragraph is not None and cite.source_title == "BBC On This Day: three reports"
    assert decisions[3].record is None  # "Slip away" has no record
    assert decisions[0].question == "The name everyone whispers is back in the party."
    assert decisions[0].dateline.startswith("Monday 22 October 1956, 20:00")


def test_time_per_scene_and_total_come_from_the_injected_clock(played: Played) -> None:
    session = played.session
    for scene, seconds in played.seconds.items():
        assert session.scene_seconds(scene) == seconds, scene
    assert session.total_seconds() == sum(played.seconds.values()) == 1770
    visits = session.log.visits
    assert all(v.left_at is not None for v in visits)
    assert all(a.left_at == b.shown_at for a, b in zip(visits, visits[1:]))  # no gaps, no overlaps


def test_prompts_are_logged_once_per_scene_with_repeats_counted(played: Played) -> None:
    prompts = played.session.log.prompts
    assert [(p.scene, p.times) for p in prompts] == [
        ("s_room", 1), ("s_rally", 1), ("s_rally", 1), ("s_radio", 1), ("s_curfew", 2),
    ]
    assert prompts[-1].text == "Why might the estimates of the dead differ so much between reports?"


def test_passages_seen_are_deduplicated_and_quoted_as_the_file_has_them(played: Played) -> None:
    session = played.session
    passages = session.log.passages
    assert {normalise(p.quote) for p in passages} == {normalise(q) for q in SEEN_QUOTES}
    assert len(passages) == len(SEEN_QUOTES)
    document = session.data.sources["bbc"].document
    for passage in passages:
        assert document.paragraphs[passage.paragraph].text[passage.start:passage.end] == passage.quote
    epilogue = [p for p in passages if p.scenes == ["(epilogue)"]]
    assert len(epilogue) == 1
    record = next(p for p in passages if p.quote.startswith("The uprising began"))
    assert record.scenes == ["s_room"]  # seen in the prologue's debrief, at the decision's scene


def test_events_keep_the_order_of_the_lesson(played: Played) -> None:
    kinds = [event.kind for event in played.session.log.events]
    assert kinds[0] == "start" and kinds[-1] == "finish"
    assert kinds.count("undo") == 1 and kinds.count("decision") == 5 and kinds.count("chapter_end") == 3
    stamps = [event.at for event in played.session.log.events]
    assert stamps == sorted(stamps)


def test_a_vote_never_goes_below_zero_and_changes_by_one(classroom_story, clock: FakeClock) -> None:
    session = ClassSession(classroom_story, "student", now=clock)
    session.open_vote()
    assert session.add_vote(1, -1) == 0
    assert session.add_vote(1, +1) == 1
    assert session.add_vote(1, -1) == 0
    assert session.add_vote(1, -1) == 0
    with pytest.raises(SessionError, match=r"\+1 or -1"):
        session.add_vote(1, 2)
    with pytest.raises(SessionError, match="whole number"):
        session.set_votes(0, -3)
    with pytest.raises(SessionError, match="no choice 9"):
        session.add_vote(8)


def test_a_tie_goes_to_the_teacher_and_only_among_the_tied(classroom_story, clock: FakeClock) -> None:
    session = ClassSession(classroom_story, "student", now=clock)
    session.choose_directly(0)
    vote = session.open_vote()
    assert vote.is_tie and vote.leaders == [0, 1]  # nobody voted yet: all open choices tie
    with pytest.raises(SessionError, match="closed: You are not that brave yet"):
        session.add_vote(2)
    session.set_votes(0, 3)
    session.set_votes(1, 3)
    with pytest.raises(SessionError, match="tied between choices 1, 2"):
        session.close_vote()
    with pytest.raises(SessionError, match="not one of the tied"):
        session.close_vote(teacher_tiebreak=2)
    assert session.vote is not None and session.scene.id == "s_rally"  # nothing happened
    decision = session.close_vote(teacher_tiebreak=1)
    assert decision.teacher_tiebreak and decision.goto == "s_home" and session.scene.id == "s_home"


def test_the_teacher_cannot_silently_overrule_a_clear_vote(classroom_story, clock: FakeClock) -> None:
    session = ClassSession(classroom_story, "student", now=clock)
    session.open_vote()
    session.set_votes(1, 4)
    with pytest.raises(SessionError, match="not tied"):
        session.close_vote(teacher_tiebreak=0)
    decision = session.close_vote(teacher_tiebreak=1)  # agreeing with the class is fine
    assert decision.winner == 1 and not decision.tie


def test_actions_out_of_turn_raise_clear_errors(classroom_story, clock: FakeClock) -> None:
    session = ClassSession(classroom_story, "student", now=clock)
    with pytest.raises(SessionError, match="no vote is open"):
        session.close_vote()
    with pytest.raises(SessionError, match="nothing to undo"):
        session.undo()
    session.open_vote()
    with pytest.raises(SessionError, match="already open"):
        session.open_vote()
    session.choose_directly(0)  # cancels the vote, logged
    assert session.vote is None and session.log.events[-3].kind == "vote_cancelled"
    with pytest.raises(SessionError, match="closed"):
        session.choose_directly(2)
    session.choose_directly(1)
    assert session.is_ending
    with pytest.raises(SessionError, match="ending"):
        session.open_vote()
    with pytest.raises(SessionError, match="not in source"):
        session.source_seen(Citation("bbc", "Words that the BBC never wrote at all."))
    with pytest.raises(SessionError, match="unknown chapter"):
        session.debrief("nope")


def test_undo_keeps_the_undone_decision_and_the_path_goes_back(classroom_story, clock: FakeClock) -> None:
    session = ClassSession(classroom_story, "student", now=clock)
    session.choose_directly(1)
    assert session.chapter_end_due == "prologue"
    undone = session.undo()
    assert undone.undone and undone.undone_at is not None
    assert session.scene.id == "s_room" and session.chapter_end_due is None
    assert session.log.active_decisions == []
    assert session.story.variables["caution"] == 0  # the Story's own undo restored it


def test_chapter_debrief_shows_only_that_chapter_and_the_whole_one_the_ending(played: Played) -> None:
    session = played.session
    oct23 = session.debrief("oct23")
    assert [s.scene for s in oct23.steps] == ["s_rally", "s_radio"]
    assert oct23.chapter_title == "Tuesday 23 October" and oct23.ending is None
    assert [d.step for d in oct23.undone] == [2]
    assert [(step.scene, record.text) for step, record in oct23.records] == [("s_rally", "The crowd marched on the radio.")]
    assert ("The radio station", "Who was responsible for the first shots?") in oct23.prompts
    whole = session.debrief()
    assert [s.scene for s in whole.steps] == session.story.path
    assert whole.ending == {"scene": "s_window", "title": "Indoors", "kind": "stayed", "epilogue": ["You wait."]}
    assert whole.epilogue is not None and whole.epilogue["title"] == "What became of Imre Nagy"
    assert whole.steps[-1].decision is None and whole.steps[0].decision.step == 1
    rally = whole.steps[1]
    assert rally.decision.method == "teacher" and rally.seconds == played.seconds["s_rally"]
    assert rally.prompts_shown == rally.prompts


def test_export_at_any_moment_counts_the_scene_on_screen(classroom_story, clock: FakeClock) -> None:
    session = ClassSession(classroom_story, "student", now=clock)
    clock.advance(42)
    assert session.current_visit is not None
    assert session.total_seconds() == 42
    assert session.show_scene() is session.current_visit  # idempotent while on screen
    clock.advance(8)
    assert session.total_seconds() == 50


def test_json_round_trip_keeps_the_whole_log(played: Played, classroom_story) -> None:
    payload = json.loads(json.dumps(played.session.to_json()))
    assert payload["format"] == "budapest1956-classroom-session" and payload["version"] == SESSION_VERSION
    again = ClassSession.from_json(classroom_story, payload, now=played.clock)
    assert again.to_json() == payload
    assert again.story.path == played.session.story.path
    assert again.debrief().steps[2].decision.winner == 1


def test_a_saved_session_with_an_open_vote_can_go_on(tmp_path, classroom_story, clock: FakeClock) -> None:
    session = ClassSession(classroom_story, "student", now=clock)
    session.choose_directly(0)
    session.open_vote()
    session.set_votes(1, 7)
    path = tmp_path / "lesson.json"
    save_session(session, path)
    loaded = load_session(classroom_story, path, now=clock)
    assert loaded.vote is not None and loaded.vote.tallies[1].votes == 7
    clock.advance(10)
    decision = loaded.close_vote()
    assert decision.goto == "s_home" and loaded.story.path == ["s_room", "s_rally", "s_home"]
    assert loaded.log.decisions[0].method == "teacher"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(version=SESSION_VERSION + 1), "newer version"),
        (lambda p: p.update(format="something else"), "not a Budapest 1956 classroom session"),
        (lambda p: p["story"].update(id="another"), "another story"),
        (lambda p: p["log"]["decisions"][0].update(winner=1), "does not match"),
        (lambda p: p["log"]["decisions"][0].update(winner="1"), "damaged"),
        (lambda p: p["log"].update(surprise=1), "damaged"),
        (lambda p: p["playthrough"].update(scene="s_home"), "playthrough"),
    ],
)
def test_damaged_or_foreign_session_files_are_refused(played: Played, change, message) -> None:
    payload = json.loads(json.dumps(played.session.to_json()))
    change(payload)
    with pytest.raises(SessionError, match=message):
        ClassSession.from_json(load_fixture(), payload)


def test_an_empty_session_file_is_refused_readably(tmp_path, classroom_story) -> None:
    path = tmp_path / "empty.json"
    path.write_text("", encoding="utf-8")
    with pytest.raises(SessionError, match="empty"):
        load_session(classroom_story, path)


def test_a_lesson_can_start_from_a_saved_playthrough(classroom_story, clock: FakeClock) -> None:
    from game.core.story import Story

    story = Story(classroom_story, "student")
    story.choose(0)  # played before the lesson, e.g. loaded from a save
    session = ClassSession(classroom_story, story=story, now=clock)
    session.choose_directly(0)
    steps = session.debrief().steps
    assert [s.scene for s in steps] == ["s_room", "s_rally", "s_radio"]
    assert steps[0].decision is None and steps[1].decision.method == "teacher"
    again = ClassSession.from_json(classroom_story, json.loads(json.dumps(session.to_json())), now=clock)
    assert again.debrief().steps[1].decision.step == 1
