"""Multi-seat play: ``wargame host``, ``wargame join``, ``wargame serve`` and ``wargame live ...``.

``host`` creates a live game and keeps running (it draws the cards and plays the bots' seats);
``join`` opens one seat's terminal screen (or lets a bot play it headless); ``serve`` offers the
join screen to browsers; ``live`` lists, inspects, exports and manages the seats of live games.
Every refusal (unknown code, wrong PIN, seat already open...) is one line and exit code 2.
Nothing here imports Textual or the engine until a command runs.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.cli import EXIT_OK, Subcommands, UserError, usable_folder

if TYPE_CHECKING:
    from game.live import LiveGame, LiveSession
    from game.session import Seat

LIVE_DIR_HELP = "folder of the live games (default: $WARGAME_LIVE_DIR, else saves/live)"
WEB_DRIVER = "web_driver"
_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$")
"""Part of ``$TEXTUAL_DRIVER`` when textual-serve runs the app for a browser."""


def register(sub: Subcommands) -> None:
    """Add ``host``, ``join``, ``serve`` and ``live`` to the subcommands."""
    from game.cli.commands import _seed

    p = sub.add_parser("host", help="start a live game: one screen per team, joined with a code and a PIN")
    p.add_argument("--scenario", "-s", metavar="ID|PATH", default=None,
                   help="scenario id (see 'wargame scenarios') or path to a scenario file; default: lisbon-2010")
    p.add_argument("--seed", type=_seed, default=None, help="seed of the game (default: random)")
    p.add_argument("--seats", metavar="SPEC", default=None,
                   help="who plays each role: nato=human,russia=bot:greedy (default: people at every seat)")
    p.add_argument("--pins", metavar="FILE", type=Path, default=None,
                   help="write the code and the PINs to FILE (readable by you only) instead of the screen")
    p.add_argument("--save", metavar="FILE", type=Path, default=None,
                   help="the save file written when the game ends (default: saves/<game id>.json)")
    p.add_argument("--resume", metavar="CODE", default=None,
                   help="host a live game again after its host stopped (asks for the facilitator's PIN)")
    p.add_argument("--live-dir", metavar="DIR", type=Path, default=None, help=LIVE_DIR_HELP)
    p.set_defaults(handler=cmd_host)

    p = sub.add_parser("join", help="take your seat in a live game (asks for the seat's PIN)")
    p.add_argument("code", metavar="CODE", nargs="?", default=None,
                   help="the game's code, as the host printed it (without it: the join screen asks)")
    p.add_argument("--role", "-r", metavar="ROLE", default=None, help="your seat: a role, or 'facilitator'")
    p.add_argument("--bot", metavar="KIND", default=None,
                   help="let a bot play the seat without a screen (the PIN is read from standard input)")
    p.add_argument("--live-dir", metavar="DIR", type=Path, default=None, help=LIVE_DIR_HELP)
    p.set_defaults(handler=cmd_join)

    p = sub.add_parser("serve", help="serve the join screen to browsers (one app process per connection)")
    p.add_argument("--port", "-p", type=_port, default=8000, help="TCP port (default: 8000)")
    p.add_argument("--bind", metavar="ADDRESS", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; put a TLS proxy in front)")
    p.add_argument("--public-url", metavar="URL", default=None,
                   help="the address browsers use, when behind a reverse proxy (e.g. https://wargame.example.org)")
    p.add_argument("--live-dir", metavar="DIR", type=Path, default=None, help=LIVE_DIR_HELP)
    p.set_defaults(handler=cmd_serve)

    p = sub.add_parser("live", help="list, inspect, export and manage the seats of live games")
    live_sub = p.add_subparsers(dest="live_command", metavar="ACTION", parser_class=type(p))
    p.set_defaults(handler=lambda args: _usage(p))
    q = live_sub.add_parser("list", help="the live games here, newest first")
    q.add_argument("--live-dir", metavar="DIR", type=Path, default=None, help=LIVE_DIR_HELP)
    q.set_defaults(handler=cmd_list)
    q = live_sub.add_parser("status", help="a live game: where it stands and who is at each seat")
    _code_arg(q)
    q.set_defaults(handler=cmd_status)
    q = live_sub.add_parser("export", help="write a live game (as it stands) as an ordinary save file")
    _code_arg(q)
    q.add_argument("--output", "-o", metavar="FILE", type=Path, default=None,
                   help="default: saves/<game id>.json")
    q.add_argument("--force", action="store_true", help="replace FILE even if it holds another game")
    q.set_defaults(handler=cmd_export)
    for name, help_text in (
        ("bot", "let a bot play a seat whose people are absent (they take it back by joining again)"),
        ("people", "give a seat back to its people (the game waits for them again)"),
        ("share", "allow a second screen to join a seat (--off to stop allowing it)"),
        ("release", "free a seat: the screens holding it lose it and must join again"),
    ):
        q = live_sub.add_parser(name, help=f"{help_text}; asks for the facilitator's PIN")
        _code_arg(q)
        q.add_argument("seat", metavar="SEAT", help="a role, or 'facilitator'")
        if name == "bot":
            q.add_argument("kind", metavar="KIND", nargs="?", default=None, help="which bot (default: strategic)")
        if name == "share":
            q.add_argument("--off", action="store_true", help="one screen only again")
        q.set_defaults(handler=cmd_control, control=name)


def _code_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("code", metavar="CODE", help="the game's code")
    p.add_argument("--live-dir", metavar="DIR", type=Path, default=None, help=LIVE_DIR_HELP)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a port is a whole number, not {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("a port is between 1 and 65535")
    return port


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return 2


@contextmanager
def _refusals() -> Iterator[None]:
    """Every refusal of a live game, and any failure of its record, becomes a one-line :class:`UserError`."""
    import sqlite3

    from game.live import LiveError

    try:
        yield
    except LiveError as exc:
        raise UserError(str(exc)) from None
    except sqlite3.Error as exc:
        raise UserError(f"the game's record could not be used: {exc}") from None


def live_folder(live_dir: Path | None) -> Path:
    """The live games' folder (``--live-dir``, else ``$WARGAME_LIVE_DIR``, else ``live/`` in the saves folder),
    checked: a :class:`UserError` when it, or a folder above it, is a file. A folder that does not exist yet
    is fine: hosting a game creates it."""
    from game.live.directory import ENV_VAR
    from game.live.directory import live_dir as folder_of_live_games

    return usable_folder(folder_of_live_games(live_dir), live_dir, "--live-dir", ENV_VAR, "live")


def _open(code: str, live_dir: Path | None) -> LiveGame:
    from game.live import LiveGame

    live_folder(live_dir)
    with _refusals():
        return LiveGame.open(code, live_dir)


def _ask_pin(question: str) -> str:
    """The PIN: asked without echo at a terminal, else read as one line of standard input."""
    if sys.stdin.isatty():
        try:
            return getpass.getpass(question)
        except EOFError:
            raise UserError("no PIN given") from None
    line = sys.stdin.readline()
    if not line:
        raise UserError("no PIN given (give it on standard input)")
    return line.strip()


# --- host ------------------------------------------------------------------------------------------


def cmd_host(args: argparse.Namespace) -> int:
    """Create (or take over) a live game and host it until it ends."""
    from game.live.host import Host

    live_folder(args.live_dir)
    if args.resume is not None:
        if args.scenario or args.seed is not None or args.seats:
            raise UserError("--resume continues a game as it was: no --scenario, --seed or --seats with it")
        live = _open(args.resume, args.live_dir)
        with _refusals():
            session, _ = live.take_over_host(_ask_pin(f"Facilitator's PIN for game {live.code}: "))
        print(f"Hosting live game {live.code} again: {_moves(len(session.actions))} so far.", flush=True)
    else:
        session = _create(args)
    host = Host(session, write=lambda line: print(line, flush=True), save_to=args.save)
    try:
        with _refusals():
            host.run()
    except KeyboardInterrupt:
        print(f"\nStopped hosting. The game is kept: 'wargame host --resume {session.code}' hosts it again, "
              f"'wargame live export {session.code}' saves it.", file=sys.stderr)
        return 130
    return EXIT_OK


def _create(args: argparse.Namespace) -> LiveSession:
    """A new live game from the command's arguments; prints its code, its PINs (or where they are) and how to join."""
    import secrets

    from game.cli.commands import load
    from game.live import LiveGame
    from game.session import SeatError, parse_seats

    loaded = load(args.scenario)
    try:
        seats = parse_seats(args.seats, loaded.game.roles)
    except SeatError as exc:
        raise UserError(f"--seats: {exc}") from None
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    with _refusals():
        new = LiveGame.create(loaded, seed, seats, args.live_dir)
        session = new.live.host_session(new.host_token)
    live, game = new.live, loaded.game
    if args.pins is not None:
        try:
            _write_pins(args.pins, new.code, new.pins)
        except UserError:  # nobody could join a game whose PINs are lost: it goes
            live.close()
            for path in live.store.path.parent.glob(f"{live.store.path.name}*"):
                path.unlink(missing_ok=True)
            raise
    print(f"Live game {new.code}: {loaded.scenario.title} ({game.id}), seed {seed}")
    lines = [f"  {live.seat_name(seat):<14} {new.pins[seat]}   {_played_by(seat, seats)}" for seat in live.seat_ids]
    if args.pins is not None:
        print(f"The seats' PINs are in {args.pins} (give each team its own; the facilitator's is for you).")
    else:
        print("Seats and PINs (give each team its own PIN; the facilitator's is for you):")
        print("\n".join(lines))
    print(f"Join on this machine:  wargame join {new.code} --role ROLE")
    print("By browser:            wargame serve, then open http://127.0.0.1:8000 (see README, 'Multi-seat play')")
    print(f"The record:            {live.store.path}  (export: wargame live export {new.code})")
    print(f"Ctrl+C stops hosting; the game is kept and 'wargame host --resume {new.code}' goes on with it.\n",
          flush=True)
    return session


def _played_by(seat: str, seats: Mapping[str, Seat]) -> str:
    if seat not in seats:
        return "runs the game"
    return "people" if seats[seat].human else f"the {seats[seat].bot} bot"


def _write_pins(path: Path, code: str, pins: Mapping[str, str]) -> None:
    """The code and the PINs in a file only its owner may read (``seat PIN`` lines, after ``code CODE``)."""
    lines = [f"# live game {code}: one PIN per seat", f"code {code}", *(f"{seat} {pin}" for seat, pin in pins.items())]
    text = "\n".join(lines) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


# --- join ------------------------------------------------------------------------------------------


def cmd_join(args: argparse.Namespace) -> int:
    """Join a seat: its terminal screen, or a bot playing it headless."""
    web = WEB_DRIVER in os.environ.get("TEXTUAL_DRIVER", "")
    live_folder(args.live_dir)
    if args.bot is not None:
        return _join_bot(args)
    if not web and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError("'wargame join' needs an interactive terminal (or --bot KIND to let a bot play the seat)")
    session = None
    if args.code is None and args.role is None:
        args.code, args.role = _ssh_words()
    if args.code is not None and args.role is not None and not web:
        live = _open(args.code, args.live_dir)
        with _refusals():
            seat = live.seat_id(args.role)
            session = live.join(seat, _ask_pin(f"PIN for {live.seat_name(seat)} in game {live.code}: "), "terminal")
    from game.live.tui import run_seat

    return run_seat(session, code=args.code, role=args.role, live_dir=args.live_dir,
                    via="browser" if web else "terminal")


def _ssh_words() -> tuple[str | None, str | None]:
    """Code and seat typed after the host in ``ssh -t wargame@host K7QM2X russia`` (under a ForceCommand).

    They only fill in the join form (which checks them and asks for the PIN); anything else is ignored.
    """
    words = [*os.environ.get("SSH_ORIGINAL_COMMAND", "").split()[:2], None, None]
    code, seat = (w if w is not None and _WORD.match(w) else None for w in words[:2])
    return code, seat


def _join_bot(args: argparse.Namespace) -> int:
    from game.bots import BOTS
    from game.live.seatbot import play_seat

    if args.code is None or args.role is None:
        raise UserError("--bot needs the game's CODE and --role")
    if args.bot not in BOTS:
        raise UserError(f"--bot: unknown bot {args.bot!r} (bots: {', '.join(BOTS)})")
    live = _open(args.code, args.live_dir)
    with _refusals():
        seat = live.seat_id(args.role)
        if seat not in live.loaded.game.roles:
            raise UserError("a bot plays a role's seat, not the facilitator's")
        session = live.join(seat, _ask_pin(f"PIN for {live.seat_name(seat)}: "), "bot")
        try:
            play_seat(session, BOTS[args.bot](live.loaded.game, seat))
        finally:
            session.leave()
    return EXIT_OK


# --- serve -----------------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the join screen to browsers through textual-serve."""
    from game.live.serve import serve

    live_folder(args.live_dir)  # every browser's join screen would look for games in it
    with _refusals():
        return serve(args.bind, args.port, args.public_url, args.live_dir)


# --- live ... --------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    """The live games here."""
    import sqlite3

    from game.live import LiveError, LiveGame
    from game.live.directory import list_games

    folder = live_folder(args.live_dir)
    paths = list_games(args.live_dir)
    if not paths:
        print(f"no live games in {folder}")
        return EXIT_OK
    for path in paths:
        try:
            live = LiveGame.open(path.stem, args.live_dir)
        except (LiveError, sqlite3.Error) as exc:
            print(f"{path.stem}  (cannot be read: {exc})")
            continue
        with live.store.snapshot():
            moves = live.store.action_count()
        print(f"{live.code}  {live.loaded.game.id:<16} started {_when(live.header.created)}  {_moves(moves)}")
        live.close()
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    """Where a live game stands, and who is at each seat."""
    live = _open(args.code, args.live_dir)
    with _refusals():
        session = live.observe()
        rows = session.presence()
    state, game = session.state, session.game
    actor = session.to_act()
    where = "over" if state.over else f"turn {state.turn}/{game.turns}, {state.phase.value}"
    print(f"Live game {live.code}: {game.scenario.title} - {where}, {_moves(len(session.actions))}")
    if actor is not None and not state.over:
        print(f"To play: {'the event card' if actor == 'chance' else game.role_name(actor)}")
    for status in rows:
        print(f"  {status.name:<14} {status.describe()}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the live game as a save file."""
    live = _open(args.code, args.live_dir)
    with _refusals():
        session = live.observe()
        path = session.export(args.output, overwrite=args.force)
    print(f"wrote {path} ({_moves(len(session.actions))}); 'wargame replay {path}' or 'wargame report {path}'")
    return EXIT_OK


def cmd_control(args: argparse.Namespace) -> int:
    """The facilitator's seat controls, from the command line."""
    from game.engine import FACILITATOR
    from game.live import Control

    live = _open(args.code, args.live_dir)
    with _refusals():
        seat = live.seat_id(args.seat)
        live.check_pin(FACILITATOR, _ask_pin(f"Facilitator's PIN for game {live.code}: "))
        control = Control(live, "facilitator")
        actions: dict[str, Callable[[], object]] = {
            "bot": lambda: control.hand_to_bot(seat, *([args.kind] if getattr(args, "kind", None) else [])),
            "people": lambda: control.hand_to_people(seat),
            "share": lambda: control.share(seat, not getattr(args, "off", False)),
            "release": lambda: control.release(seat),
        }
        actions[args.control]()
        status = next(s for s in live.observe().presence() if s.seat == seat)
    print(f"{status.name}: {status.describe()}")
    return EXIT_OK


def _moves(count: int) -> str:
    """``1 move``, ``2 moves``."""
    return f"{count} move{'' if count == 1 else 's'}"


def _when(stamp: str) -> str:
    """A record's time stamp (ISO 8601, UTC) as people read it: ``2026-12-08 02:05 UTC``."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
