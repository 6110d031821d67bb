"""``wargame serve``: the join screen in the browser, through textual-serve.

textual-serve starts a new ``wargame join`` process on this machine for every browser connection
and relays its screen over a WebSocket; it has no login of its own, which is why the join screen
asks for the game's code, the seat and its PIN. It listens on 127.0.0.1 unless told otherwise: to
reach it from other machines, put a reverse proxy with TLS in front (see the README).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from game.live.errors import BadRequest


def join_command(live_dir: Path | None) -> str:
    """The shell command textual-serve runs per connection: this Python's ``wargame join``."""
    parts = [sys.executable, "-m", "game", "join"]
    if live_dir is not None:
        parts += ["--live-dir", str(Path(live_dir).expanduser().resolve())]
    return " ".join(shlex.quote(p) for p in parts)


def serve(bind: str, port: int, public_url: str | None, live_dir: Path | None) -> int:
    """Serve until interrupted (Ctrl+C); returns the exit code."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise BadRequest("textual-serve is not installed: pip install textual-serve") from None
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise BadRequest("--public-url starts with https:// (or http://)")
    server = Server(join_command(live_dir), host=bind, port=port, title="Missile Defence in Europe - join a game",
                    public_url=public_url.rstrip("/") if public_url else None)
    server.serve()
    return 0
