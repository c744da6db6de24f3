"""The students' page in a real browser: Debian's Chromium, driven by Playwright.

A lesson of the shipped story with devices on loopback. A phone opens the QR code's
address, joins, sees the vote, votes, changes its vote, reloads and still has it; a second
phone joins in the middle of the vote and votes; the teacher closes the vote and both
pages show the result. axe-core finds nothing wrong with the page as it votes and with
its sources open, and at 320 px nothing scrolls sideways.

Skipped, saying so, without Chromium (``tests/client_tools.py``); ``.ci/clients``
installs it and makes a skip a failure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from client_tools import chromium, npm_file
from game.classroom.devices.service import Devices
from game.classroom.devices.view import passages
from game.classroom.session import ClassSession
from game.core.loader import load_story

SCENES = Path(__file__).resolve().parents[2] / "scenes"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def lesson() -> Iterator[tuple[ClassSession, Devices]]:
    """The aide's lesson at its first scene with editors' notes on its passages."""
    data, _ = load_story(SCENES)
    session = ClassSession(data, "aide", class_name="7B History")
    while not (any(p["notes"] for p in passages(session)) and len(session.scene.choices) >= 2):
        session.choose_directly(next(view.choice.index for view in session.story.choices if view.open))
    devices = Devices(session, host="127.0.0.1", port=0)
    devices.start()
    yield session, devices
    devices.stop()


def until(check: Callable[[], bool], act: Callable[[], None], tries: int = 50) -> None:
    """Do ``act`` (pump the devices into the lesson, as the game's frame does) until
    ``check``. The page shows a ballot as taken only once the server has queued it for
    the game, so after the page has shown it one pump is enough; the tries are a guard."""
    for _ in range(tries):
        act()
        if check():
            return
    raise AssertionError("the browser's vote never reached the lesson")


def test_a_phone_joins_votes_changes_its_vote_and_sees_the_result(browser: Any, lesson: Any) -> None:
    session, devices = lesson
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(devices.join_url)
    phone.wait_for_selector("#lesson:not([hidden])")
    assert "code=" not in phone.url  # the code left the address bar
    assert phone.inner_text("#scene-title") == session.scene.title
    until(lambda: len(session.log.room.devices) == 1, devices.pump)

    session.open_vote()
    phone.wait_for_selector("#vote:not([hidden]) button.choice")
    texts = phone.locator("button.choice .words").all_inner_texts()
    assert [t.splitlines()[0] for t in texts] == [t.text for t in session.vote.tallies]

    phone.click("button.choice >> nth=0")
    phone.wait_for_selector("button.choice[aria-pressed=true] >> text=1")
    until(lambda: session.vote.tallies[0].devices == 1, devices.pump)
    phone.click("button.choice >> nth=1")  # a change of mind: the one vote moves
    phone.wait_for_selector("button.choice[aria-pressed=true] >> text=2")
    until(lambda: session.vote.tallies[1].devices == 1, devices.pump)
    assert [t.devices for t in session.vote.tallies[:2]] == [0, 1] and len(session.vote.ballots) == 1
    assert "Your vote: 2." in phone.inner_text("#mine")

    phone.reload()  # a dropped connection, a reloaded tab: still in, still its vote
    phone.wait_for_selector("button.choice[aria-pressed=true] >> text=2")
    assert phone.get_attribute("button.choice >> nth=1", "aria-pressed") == "true"

    late = browser.new_context(viewport={"width": 320, "height": 700}).new_page()
    late.goto(devices.join_url)  # joins while the vote is open, and can vote
    late.wait_for_selector("#vote:not([hidden]) button.choice")
    late.click("button.choice >> nth=1")
    late.wait_for_selector("button.choice[aria-pressed=true]")
    until(lambda: session.vote.tallies[1].devices == 2, devices.pump)
    assert late.evaluate("document.documentElement.scrollWidth") <= 320

    decision = session.close_vote()
    assert (decision.winner, decision.choices[1].devices) == (1, 2)
    for page in (phone, late):
        page.wait_for_selector("#result:not([hidden])")
        assert "the class chose 2" in page.inner_text("#result-summary")
        assert "2 votes from devices" in page.inner_text("#result-summary")
        assert page.is_hidden("#vote")


def test_axe_core_finds_nothing_wrong_as_the_class_votes_and_reads_the_sources(browser: Any, lesson: Any) -> None:
    session, devices = lesson
    axe = npm_file("axe-core/axe.min.js", "axe-core")
    # the page's CSP allows only its own script: the test's axe is let in past it
    page = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True).new_page()
    page.goto(devices.url)
    page.wait_for_selector("#join:not([hidden])")
    found = {"join": run_axe(page, axe)}
    page.fill("#code", devices.code.lower())
    page.click("#join-button")
    page.wait_for_selector("#lesson:not([hidden])")
    session.open_vote()
    page.wait_for_selector("#vote:not([hidden]) button.choice")
    page.click("button.choice >> nth=0")
    page.wait_for_selector("button.choice[aria-pressed=true]")
    found["vote"] = run_axe(page, axe)
    page.click("#sources-details summary")
    page.wait_for_selector("#passages .note")
    assert page.locator("#passages mark").count() == len(session.scene.cites)
    found["sources"] = run_axe(page, axe)
    assert found == {"join": [], "vote": [], "sources": []}, json.dumps(found, indent=1)


def test_a_wrong_code_is_told_on_the_page_and_nothing_joins(browser: Any, lesson: Any) -> None:
    session, devices = lesson
    page = browser.new_context().new_page()
    page.goto(devices.url)
    page.fill("#code", "ZZZZZZ" if devices.code != "ZZZZZZ" else "YYYYYY")
    page.click("#join-button")
    page.wait_for_selector("#join-error:text('not this room')")
    assert page.is_hidden("#lesson")
    devices.pump()
    assert session.log.room.devices == []


def run_axe(page: Any, axe: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe))
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, { runOnly: { type: "tag", values: tags } });
            return r.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" ")) }));
        }""",
        AXE_TAGS,
    )


def test_with_websockets_blocked_the_page_follows_the_lesson_by_polling(browser: Any, lesson: Any) -> None:
    """A school proxy that refuses WebSockets: the page falls back to asking now and then."""
    session, devices = lesson
    context = browser.new_context()
    context.route_web_socket("**/api/live", lambda socket: socket.close())
    page = context.new_page()
    page.goto(devices.join_url)
    page.wait_for_selector("#lesson:not([hidden])")
    session.open_vote()
    page.wait_for_selector("#vote:not([hidden]) button.choice", timeout=20000)
    page.click("button.choice >> nth=0")
    page.wait_for_selector("button.choice[aria-pressed=true]")
    until(lambda: session.vote.tallies[0].devices == 1, devices.pump)
    session.close_vote() if not session.vote.is_tie else session.close_vote(0)
    page.wait_for_selector("#result:not([hidden])", timeout=20000)
    assert "checking every few seconds" in page.inner_text("#connection") or "Reconnecting" in page.inner_text(
        "#connection")
