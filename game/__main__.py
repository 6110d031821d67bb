"""Allow ``python -m game`` to behave exactly like the ``wargame`` command."""

from game.cli import main

raise SystemExit(main())
