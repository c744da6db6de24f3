"""The ``budapest1956`` command: the desktop game with no arguments, tools as subcommands.

This is a shell around the headless core: it parses arguments, prints what the core
returns, and maps errors to exit codes (0 clean, 1 the story or input has errors, 2 bad
usage). The pygame front end is imported only when a window is wanted, so the authoring
tools start fast and work where SDL cannot.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from .core.diagnostics import Diagnostics, StoryError
from .core.loader import load_story
from .core.model import StoryData
from .core.safefile import FileRefused, write_text_safely
from .core.shortlist import shortlist
from .paths import cache_dir, default_story_dir, story_key


def _story_dir_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "story_dir", nargs="?", type=Path, default=None,
        help="folder holding story.yaml (default: the shipped scenes/)",
    )


def _print_diagnostics(diagnostics: Diagnostics, stream: Any = None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics.sorted():
        print(diagnostic, file=stream)


def _load(story_dir: Path | None, *, quiet_warnings: bool = True) -> StoryData | None:
    """Load for a tool that needs a playable story; print errors and return None if not.

    Only the first errors are printed (``play --text`` or ``explore`` of a pack with
    120,000 mistakes would scroll them all past before saying anything useful): ``check``
    is the command that lists them all, and the last lines say so."""
    folder = story_dir or default_story_dir()
    story, diagnostics = load_story(folder, cache_dir=cache_dir())
    if story is None:
        _print_first(diagnostics, folder)
        print(f"{diagnostics.summary()}: fix the errors above (see `budapest1956 check`)", file=sys.stderr)
        return None
    if not quiet_warnings and diagnostics.warnings:
        _print_first(diagnostics, folder)
    return story


def _print_first(diagnostics: Diagnostics, folder: Path) -> None:
    """The first findings on stderr, and a line for the rest (see :mod:`game.core.shortlist`)."""
    listed = shortlist(diagnostics)
    for diagnostic in listed.shown:
        print(diagnostic, file=sys.stderr)
    if listed.hidden:
        print(listed.more(folder), file=sys.stderr)


# --------------------------------------------------------------------------- commands


def cmd_check(args: argparse.Namespace) -> int:
    from .core.explore import check_text_variants_remembered

    story, diagnostics = load_story(args.story_dir or default_story_dir(), strict=False, cache_dir=cache_dir())
    scenes = len(story.scenes) if story else 0
    # whether a conditional paragraph can show both ways needs a walk of the playthroughs,
    # so it is judged only on a story that compiled, and only when the walk is complete
    judged = story is not None and not diagnostics.has_errors and check_text_variants_remembered(story, diagnostics)
    if args.format == "json":
        print(json.dumps(
            {
                "diagnostics": [d.to_json() for d in diagnostics.sorted()],
                "errors": len(diagnostics.errors),
                "warnings": len(diagnostics.warnings),
                "scenes": scenes,
                "text_variants_checked": judged,
            },
            indent=2, ensure_ascii=False,
        ))
    else:
        _print_diagnostics(diagnostics, sys.stdout)
        if story is not None and not diagnostics.has_errors and not judged:
            print("note: the story has too many playthrough states to say which text variants can show"
                  " (see `budapest1956 explore`)")
        print(f"{diagnostics.summary()} in {scenes} scene{'s' * (scenes != 1)}")
    return 1 if diagnostics.has_errors else 0


def cmd_sources(args: argparse.Namespace) -> int:
    from .tools.sources_report import format_sources_report, sources_report

    story = _load(args.story_dir)
    if story is None:
        return 1
    report = sources_report(story)
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_sources_report(report))
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    from .tools.graph import to_dot, to_mermaid

    story = _load(args.story_dir)
    if story is None:
        return 1
    text = to_dot(story) if args.format == "dot" else to_mermaid(story)
    return _write_or_print(text, args.out)


def cmd_explore(args: argparse.Namespace) -> int:
    from .core.explore import explore, random_play

    story = _load(args.story_dir)
    if story is None:
        return 1
    if args.random:
        report = random_play(story, args.random, args.seed).to_json()
        if args.format == "json":
            print(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            print(f"{report['games']} random games (seed {report['seed']}) in {report['seconds']} s")
            print(f"scenes reached: {report['scenes_reached']}/{report['scenes_total']}")
            print(f"average length: {report['average_length']} choices, longest {report['longest']}")
            print("endings reached:")
            for ending, count in report["endings_reached"].items():
                print(f"  {ending}: {count}")
            if report["unreached"]:
                print("never reached at random: " + ", ".join(report["unreached"]))
            for stuck in report["stuck"]:
                print(f"stuck at {stuck['scene']} with {stuck['variables']}")
        return 1 if report["stuck"] else 0
    result = explore(story, args.max_states).to_json()
    if args.format == "json":
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(f"explored {result['states']:,} states in {result['seconds']} s"
              + (f" ({_stopped_by(result)})" if result["truncated"] else " (every reachable state)"))
        shape = result["abstraction"]
        print(f"told apart by: {len(shape['variables'])} variables, {len(shape['visits'])} visit counts"
              f" (capped at {shape['visit_cap']}), {len(shape['chosen'])} remembered choices"
              + (" (approximate: a visit count is used in arithmetic)" if shape["approximate"] else ""))
        print(f"scenes reached: {result['scenes_reached']}/{result['scenes_total']}")
        print(f"endings reached: {len(result['endings_reached'])}/{result['endings_total']}")
        for name, info in result["per_perspective"].items():
            cut = f"; stopped at {info['states']:,} states with {info['frontier']:,} still to walk" if info["truncated"] else ""
            print(f"  {name}: {info['scenes_reached']} scenes, endings: {', '.join(info['endings_reached']) or 'none'}{cut}")
        if result["truncated"]:
            advice = "raise --max-states" if set(result["stopped_by"].values()) == {"states"} else (
                "the budget bounds every walk; make fewer variables or visit counts matter to conditions")
            print(f"the walk was cut short: what it did not reach may still be reachable ({advice})")
        labels = (("unreachable", "unreachable"), ("endings never reached", "endings_unreached"),
                  ("choices never open", "choices_never_open"), ("replies never shown", "replies_never_shown"))
        if result["truncated"]:  # "never" is a claim only a complete walk can make
            labels = (("not reached before the limit", "unreachable"), ("endings not reached", "endings_unreached"),
                      ("choices not seen open", "choices_never_open"), ("replies not seen", "replies_never_shown"))
        for label, key in labels:
            if result[key]:
                print(f"{label}: " + ", ".join(result[key]))
        for dead in result["dead_ends"]:
            print(f"dead end: {dead['scene']} ({dead['location']}) with {dead['variables']}")
        for variant in result["text_variants_never_shown"]:
            part = "its text" if variant["never"] == "holds" else "its else (or its absence)"
            if result["truncated"]:  # as above: the walk that was cut short proves no "never"
                print(f"text not seen: {variant['location']}: if {variant['condition']} did not {variant['never'][:-1]}"
                      f" in the states walked, so {part} was not seen ({variant['scene']}, {variant['where']})")
                continue
            print(f"text never shown: {variant['location']}: if {variant['condition']} never {variant['never']},"
                  f" so {part} is never shown ({variant['scene']}, {variant['where']})")
    bad = result["unreachable"] or result["dead_ends"] or result["choices_never_open"] or result["endings_unreached"]
    return 1 if bad else 0


def _stopped_by(result: dict[str, Any]) -> str:
    """Why an explore walk stopped, in words: the state limit, or which budget was spent."""
    why = set(result["stopped_by"].values())
    budget = result["budget"]
    parts = []
    if "states" in why:
        parts.append("stopped at the state limit")
    if "work" in why:
        parts.append(f"stopped: its work budget of {budget['work']:,} units was spent")
    if "memory" in why:
        parts.append(f"stopped: its memory budget of {budget['memory'] // 1_000_000:,} MB was spent")
    return "; ".join(parts) or "stopped"


def cmd_reactivity(args: argparse.Namespace) -> int:
    from .core.reactivity import reactivity
    from .core.readings import readings

    story = _load(args.story_dir)
    if story is None:
        return 1
    if args.pairs < 0:
        print("error: --pairs must be 0 or more", file=sys.stderr)
        return 2
    report = reactivity(story)
    read = {r.perspective: r for r in readings(story, pairs=args.pairs, seed=args.seed)} if args.pairs else {}
    if args.format == "json":
        data = report.to_json()
        for perspective, reading in read.items():
            data["perspectives"][perspective]["reading"] = reading.to_json()
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    percent = report.acknowledged_percent
    scenes = report.converging_scenes
    print(f"{scenes} scene{'s' * (scenes != 1)} with converging choices, {report.converging_choices} converging "
          f"choices, {report.acknowledged} acknowledged ({'-' if percent is None else f'{percent}%'})")
    for p in report.perspectives:
        print(f"  {p.id}: {p.scenes} scenes, {p.reactive} with reactive text, "
              f"{len(p.varying)} vary with a choice taken two or more scenes earlier, "
              f"{len(p.gated)} choice{'s' * (len(p.gated) != 1)} open or close on an earlier decision")
        if (reading := read.get(p.id)) is not None:
            unfinished = f", {reading.unfinished} unfinished" if reading.unfinished else ""
            print(f"    reading: {reading.shortest:.1f}–{reading.median:.1f}–{reading.longest:.1f} min "
                  f"(shortest–median–longest of {reading.playthroughs} random playthroughs at "
                  f"{reading.words_per_minute} words a minute{unfinished}); a second playthrough shares "
                  f"{reading.overlap_percent:.0f}% of its words with the first")
    path = None
    for spot in report.flat_spots:  # by file and line
        if spot.path != path:
            path = spot.path
            print(f"\n{path}:")
        print(f"{spot.location}: {spot.message} ({spot.hint})")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .core.export import export_story

    story = _load(args.story_dir)
    if story is None:
        return 1
    return _write_or_print(json.dumps(export_story(story), indent=2, ensure_ascii=False) + "\n", args.out)


def cmd_schema(args: argparse.Namespace) -> int:
    from .core.schema import SCHEMA_FILES, json_schema

    folder = args.story_dir or default_story_dir()
    stale = []
    for name, (record, title) in SCHEMA_FILES.items():
        text = json.dumps(json_schema(record, title), indent=2, ensure_ascii=False) + "\n"
        path = folder / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            try:
                write_text_safely(path, text)
            except (FileRefused, OSError) as error:
                print(f"error: cannot write {path}: {_why(error)}", file=sys.stderr)
                return 1
            print(f"wrote {path}")
    if stale:
        print("out of date (run `budapest1956 schema`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    if not args.text:
        return _run_desktop(args)
    import shutil

    from .core.savestore import SaveStore
    from .core.startvalues import parse_start_values
    from .core.story import Story
    from .paths import data_folders
    from .tools.textstart import play_text

    if args.width is not None and args.width < 0:
        print("error: --width takes a number of columns, or 0 for no wrapping", file=sys.stderr)
        return 2
    story_data = _load(args.story)
    if story_data is None:
        return 1
    try:
        variables = parse_start_values(story_data.variables, args.set or [])
        Story(story_data, args.perspective, start=args.scene, variables=variables)  # bad options, before any question
    except StoryError as error:
        print(f"error: {error}", file=sys.stderr)
        if args.perspective is not None and args.perspective not in story_data.perspectives:
            print("points of view: " + ", ".join(f"{p.id} ({p.name})" for p in story_data.perspectives.values()),
                  file=sys.stderr)
        return 2
    if args.width is not None:
        width = args.width
    else:  # a terminal's own width (at most 76, a reading measure); never hard breaks into a pipe
        columns = shutil.get_terminal_size().columns  # 0 from a terminal that does not say
        width = (min(76, columns - 1) if columns > 20 else 76) if sys.stdout.isatty() else 0
    # the player's own saves folder, as the desktop game's, even with stdin piped: a
    # screen-reader user pipes nothing, and a script names --data-dir (never a throwaway one)
    folders = data_folders(args.data_dir)
    saves = SaveStore(folders.saves(story_key(story_data.id, story_data.root)), story_data)
    try:
        saves.clean_temporary()
        saves.adopt_legacy(folders.data / "saves")
    except OSError as error:
        print(f"warning: your saves folder could not be tidied: {error.strerror or error}", file=sys.stderr)

    def read() -> str | None:
        line = sys.stdin.readline()
        return line if line else None

    return play_text(story_data, read, sys.stdout, perspective=args.perspective, start=args.scene,
                     variables=variables, width=width, saves=saves)


def cmd_classroom(args: argparse.Namespace) -> int:
    args.classroom = True
    if args.timer not in (0, 60, 120, 180, 300):
        print("error: --timer takes 0, 60, 120, 180 or 300 seconds", file=sys.stderr)
        return 2
    return _run_desktop(args)


def cmd_guide(args: argparse.Namespace) -> int:
    from .classroom.guide import build_guide, guide_html, guide_markdown

    story = _load(args.story_dir)
    if story is None:
        return 1
    suffix = args.out.suffix.lower()
    if suffix not in (".html", ".htm", ".md", ".markdown"):
        print("error: --out must end in .html or .md", file=sys.stderr)
        return 2
    guide = build_guide(story)
    text = guide_html(guide) if suffix in (".html", ".htm") else guide_markdown(guide)
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"error: cannot create {args.out.parent}: {_why(error)}", file=sys.stderr)
        return 1
    return _write_or_print(text, args.out)


def _why(error: Exception) -> str:
    """A refusal's own sentence, or an OS error's reason without Python's "[Errno 13]"."""
    if isinstance(error, FileRefused):
        return str(error)
    return str(getattr(error, "strerror", None) or error)


def cmd_bench(args: argparse.Namespace) -> int:
    from .tools.bench import run_bench

    # the bench times `check` and `guide` as this parser runs them; it is handed the parser
    # rather than importing this module (which imports it: an import circle)
    return run_bench(as_json=args.json, quick=args.quick, include_ui=not args.no_ui, commands=build_parser)


NO_DISPLAY = ("error: there is no display to open the game's window on (neither DISPLAY nor WAYLAND_DISPLAY"
              " is set)\nhint: play in the terminal with `budapest1956 play --text`, or run with --headless")


def no_display(args: argparse.Namespace, environ: Any = os.environ, platform: str = sys.platform) -> bool:
    """Whether a window is wanted where none can open: on Linux with neither an X nor a
    Wayland display, and SDL not told to use another video driver. Said at once, because
    SDL otherwise tries one driver after another and can seem to hang."""
    if not platform.startswith("linux") or getattr(args, "headless", False):
        return False
    return not any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"))


def _route(text: str) -> list[int]:
    """``--route 1,2,1``: choice numbers as the story screen shows them (1 to 9)."""
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() and part.isascii() and 1 <= int(part) <= 9 for part in parts):
        raise argparse.ArgumentTypeError(f"'{text}' is not a list of choice numbers 1 to 9, like 1,2,1")
    return [int(part) for part in parts]


def _run_desktop(args: argparse.Namespace) -> int:
    if args.quit_after is not None and args.quit_after < 0:
        print("error: --quit-after takes a number of seconds, 0 or more", file=sys.stderr)
        return 2
    if getattr(args, "route", None) and not args.autoplay:
        args.autoplay = 1  # a route is played by autoplay: one game along it
    if no_display(args):
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    try:
        from .ui.app import run_app
    except ImportError as error:  # pragma: no cover - pygame missing
        print(f"error: the desktop game needs pygame ({error})", file=sys.stderr)
        return 2
    return run_app(args)


def _write_or_print(text: str, out: Path | None) -> int:
    if out:
        try:
            write_text_safely(out, text)
        except (FileRefused, OSError) as error:
            print(f"error: cannot write {out}: {_why(error)}", file=sys.stderr)
            return 1
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


# --------------------------------------------------------------------------- parser


def _add_game_options(parser: argparse.ArgumentParser, *, text: bool = False) -> None:
    """Options shared by the desktop game (no subcommand) and ``play``. With ``text``
    (``play --text --help``) the desktop-only ones are still accepted but not listed:
    a screen-reader user reads the whole help, and half of it would not apply."""
    desktop = (lambda words: argparse.SUPPRESS) if text else (lambda words: words)
    parser.add_argument("--story", type=Path, default=None, help="story folder (default: shipped scenes/)")
    parser.add_argument("--perspective", help="whose story to play (text play asks when it is not given)"
                        if text else "point of view to start with")
    parser.add_argument("--scene", help="start at this scene id (for authors)")
    parser.add_argument("--set", action="append", metavar="VAR=VALUE", help="set a variable at the start")
    parser.add_argument("--watch", action="store_true", help=desktop("reload the YAML when it changes"))
    parser.add_argument("--headless", action="store_true", help=desktop("run with SDL's dummy video and audio drivers"))
    parser.add_argument("--autoplay", type=int, default=0, metavar="N", help=desktop("play N games with random input"))
    parser.add_argument("--seed", type=int, default=0, help=desktop("random seed for --autoplay"))
    parser.add_argument(
        "--route", type=_route, metavar="N,N,...",
        help=desktop("autoplay takes these choices first, by their numbers on screen (e.g. 1,2,1), then plays at random"),
    )
    parser.add_argument("--screenshots", type=Path, metavar="DIR", help=desktop("save a PNG of every screen shown"))
    parser.add_argument("--quit-after", type=float, metavar="SECONDS",
                        help=desktop("exit after this long (0: first frame)"))
    parser.add_argument("--size", default=None, metavar="WxH", help=desktop("window size, e.g. 1280x720"))
    parser.add_argument("--classroom", action="store_true", help=desktop("start in classroom mode"))
    parser.add_argument("--bench-report", type=Path, help=argparse.SUPPRESS)
    _data_dir_argument(parser, text=text)


def _data_dir_argument(parser: argparse.ArgumentParser, *, text: bool = False) -> None:
    parser.add_argument(
        "--data-dir", type=Path, metavar="DIR",
        help="keep saves here (also $BUDAPEST1956_DATA_DIR); otherwise your own saves "
             "folder, the same as the desktop game's" if text else
             "keep saves, lessons, settings and the error log here (also $BUDAPEST1956_DATA_DIR); "
             "headless and autoplay runs otherwise use a throwaway folder",
    )


def _text_play(argv: Sequence[str]) -> bool:
    """Whether the command line is ``play --text`` (its help then lists text play only)."""
    return "play" in argv and "--text" in argv


class _VersionAction(argparse.Action):
    """``--version``, with the version read only when it is asked for: reading it imports
    importlib.metadata, about 18 ms of every start of the game otherwise (issue 13)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        from .version import version_line

        print(version_line())
        parser.exit()


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budapest1956",
        description="Budapest 1956: play the game (no command) or use the authoring tools.",
    )
    parser.add_argument("--version", action=_VersionAction)
    _add_game_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="validate a story folder and report every problem")
    _story_dir_argument(check)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(handler=cmd_check)

    sources = commands.add_parser("sources", help="which scenes cite which paragraph of each source")
    _story_dir_argument(sources)
    sources.add_argument("--format", choices=("text", "json"), default="text")
    sources.set_defaults(handler=cmd_sources)

    graph = commands.add_parser("graph", help="the scene graph as Mermaid or DOT")
    _story_dir_argument(graph)
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument("--out", type=Path, help="write to a file instead of standard output")
    graph.set_defaults(handler=cmd_graph)

    explore = commands.add_parser("explore", help="walk every reachable state, or play random games")
    _story_dir_argument(explore)
    explore.add_argument("--format", choices=("text", "json"), default="text")
    explore.add_argument("--random", type=int, default=0, metavar="N", help="play N random games instead")
    explore.add_argument("--seed", type=int, default=0)
    explore.add_argument("--max-states", type=int, default=500_000)
    explore.set_defaults(handler=cmd_explore)

    reactivity = commands.add_parser("reactivity", help="which converging choices the story acknowledges; flat spots")
    _story_dir_argument(reactivity)
    reactivity.add_argument("--format", choices=("text", "json"), default="text")
    reactivity.add_argument(
        "--pairs", type=int, default=40, metavar="N",
        help="pairs of random playthroughs per point of view for reading time and overlap (0: none)",
    )
    reactivity.add_argument("--seed", type=int, default=1956, help="seed of those playthroughs")
    reactivity.set_defaults(handler=cmd_reactivity)

    export = commands.add_parser("export", help="the compiled story for other tools")
    _story_dir_argument(export)
    export.add_argument("--format", choices=("json",), default="json")
    export.add_argument("--out", type=Path)
    export.set_defaults(handler=cmd_export)

    play = commands.add_parser("play", help="play the story (--text: in the terminal)")
    text = _text_play(argv)
    play.add_argument("--text", action="store_true", help="play in the terminal with numbered choices")
    _add_game_options(play, text=text)
    play.add_argument("--width", type=int, default=None, metavar="N",
                      help="wrap text play at N columns (0: never; default: the terminal's width, "
                           "no wrapping when output is not a terminal)" if text else argparse.SUPPRESS)
    play.set_defaults(handler=cmd_play)

    schema = commands.add_parser("schema", help="write (or --check) the JSON Schemas in scenes/")
    _story_dir_argument(schema)
    schema.add_argument("--check", action="store_true", help="fail if the shipped schemas are stale")
    schema.set_defaults(handler=cmd_schema)

    classroom = commands.add_parser("classroom", help="classroom mode: projector layout, votes, debriefs, exports")
    _add_game_options(classroom)
    classroom.add_argument("--export", type=Path, metavar="DIR", help="where exports go (with --autoplay: at the end)")
    classroom.add_argument("--timer", type=int, default=0, metavar="SECONDS", help="a vote timer: 60, 120, 180 or 300")
    classroom.add_argument("--devices", action="store_true",
                           help="the class votes from its own phones and laptops: a room code and a page on the "
                                "local network (also D on the setup screen, Q in a lesson)")
    classroom.add_argument("--devices-host", metavar="ADDRESS",
                           help="the local address to serve the class's page on (default: this machine's address "
                                "on its private network)")
    classroom.add_argument("--devices-port", type=int, default=8956, metavar="PORT",
                           help="the port to serve it on (default 8956; any free port when that one is taken)")
    classroom.add_argument("--simulated-devices", type=int, default=0, metavar="N",
                           help="with --autoplay and --devices: N simulated phones join and vote over the network")
    classroom.set_defaults(handler=cmd_classroom)

    guide = commands.add_parser("guide", help="the teacher's guide, generated from the scenes")
    _story_dir_argument(guide)
    guide.add_argument("--out", type=Path, required=True, help="FILE.html or FILE.md")
    guide.set_defaults(handler=cmd_guide)

    bench = commands.add_parser(
        "bench", help="measure speed and memory against the targets (about 2 minutes; progress on stderr)")
    bench.add_argument("--json", action="store_true", help="every figure, its spread and a verdict per target")
    bench.add_argument("--quick", action="store_true",
                       help="one repeat of each, idle sampled briefly: under 30 s, for a first look and the tests")
    bench.add_argument("--no-ui", action="store_true", help="skip the pygame measurements (their targets: not measured)")
    bench.set_defaults(handler=cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command with UTF-8, control-character-free standard streams (see
    :func:`game.core.terminal.terminal_streams`: no console encoding crashes on a name, no
    story pack writes escape sequences to the player's terminal)."""
    from .core.terminal import terminal_streams

    with terminal_streams():
        return _main(sys.argv[1:] if argv is None else list(argv))


def _main(argv: list[str]) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return _run_desktop(args)
        return handler(args)
    except StoryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `budapest1956 export | head`: stop quietly, even at exit's flush
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except MemoryError:  # a last resort: every walk and read is bounded, but the machine may be small
        print("error: out of memory: this story needs more memory than this computer can give"
              " (see the limits in scenes/README.md)", file=sys.stderr)
        return 1
