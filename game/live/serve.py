"""``wargame serve``: the join screen in the browser, through textual-serve.

textual-serve starts a new ``wargame join`` process on this machine for every browser connection
and relays its screen over a WebSocket; it has no login of its own, which is why the join screen
asks for the game's code, the seat and its PIN. It listens on 127.0.0.1 unless told otherwise: to
reach it from other machines, put a reverse proxy with TLS in front (see the README).

The page is textual-serve's own, less its link to a web font service: the font ships with
textual-serve, so a player's browser talks to this server only.
"""

from __future__ import annotations

import re
import shlex
import sys
import tempfile
from pathlib import Path

from game.live.errors import BadRequest

TITLE = "Missile Defence in Europe - join a live game"
_FONT_LINK = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*", re.IGNORECASE | re.DOTALL)


def join_command(live_dir: Path | None) -> str:
    """The shell command textual-serve runs per connection: this Python's ``wargame join``."""
    parts = [sys.executable, "-m", "game", "join"]
    if live_dir is not None:
        parts += ["--live-dir", str(Path(live_dir).expanduser().resolve())]
    return " ".join(shlex.quote(p) for p in parts)


def local_templates(package_templates: Path, into: Path) -> Path:
    """textual-serve's page template without the external font link, written into ``into``."""
    page = package_templates / "app_index.html"
    (into / page.name).write_text(_FONT_LINK.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    return into


def serve(bind: str, port: int, public_url: str | None, live_dir: Path | None) -> int:
    """Serve until interrupted (Ctrl+C); returns the exit code."""
    try:
        import textual_serve
        from textual_serve.server import Server
    except ImportError:
        raise BadRequest("textual-serve is not installed: pip install textual-serve") from None
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise BadRequest("--public-url starts with https:// (or http://)")
    if bind not in ("127.0.0.1", "localhost", "::1"):
        print(f"wargame serve: listening on {bind}, not only this machine: browsers reach it without TLS unless "
              "a reverse proxy in front provides it", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="wargame-serve-") as folder:
        templates = local_templates(Path(textual_serve.__file__).parent / "templates", Path(folder))
        server = Server(join_command(live_dir), host=bind, port=port, title=TITLE,
                        public_url=public_url.rstrip("/") if public_url else None, templates_path=templates)
        server.serve()
    return 0
