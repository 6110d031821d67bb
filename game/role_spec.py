"""The ``role=value,role=value`` lists of the command line (``--seats``, ``--bots``)."""

from __future__ import annotations


def role_assignments(
    spec: str, roles: tuple[str, ...], form: str, error: type[ValueError], each: str,
) -> list[tuple[str, str]]:
    """The ``(role, value)`` pairs of ``spec``, each role one of ``roles`` and named once.

    ``form`` says what a part should look like (``role=bot``), ``each`` what one role gets (``seat``);
    a malformed part, an unknown role or a role named twice raises ``error``.
    """
    pairs: list[tuple[str, str]] = []
    for part in spec.split(","):
        role, sep, value = (x.strip() for x in part.partition("="))
        if not sep or not role or not value:
            raise error(f"expected {form}, got {part.strip()!r}")
        if role not in roles:
            raise error(f"unknown role {role!r} (roles: {', '.join(roles)})")
        if any(role == named for named, _ in pairs):
            raise error(f"role {role!r} is given twice (one {each} per role)")
        pairs.append((role, value))
    return pairs
