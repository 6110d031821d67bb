"""Game codes and seat PINs: making them, reading what a person typed, and checking a PIN.

A **code** names a live game (``K7QM2X``): six characters from an alphabet without look-alikes
(no ``0``/``O``, ``1``/``I``/``L``), read case-insensitively, spaces and dashes ignored. It is not
a secret: anyone in the room may know it. A **PIN** (six digits) is the secret of one seat. Only a
salted PBKDF2 digest of each PIN is stored, and digests are compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
PIN_LENGTH = 6
PIN_ITERATIONS = 100_000
"""PBKDF2-SHA256 rounds for a PIN digest (about 50 ms on a laptop: slow to guess, quick to join)."""

_CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
_PIN_RE = re.compile(rf"^\d{{{PIN_LENGTH}}}$")


class BadInput(ValueError):
    """A code or PIN that is not even of the right form (the message says what form is expected)."""


def new_code() -> str:
    """A fresh random game code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def read_code(text: str) -> str:
    """The code a person typed (``k7q-m2x`` -> ``K7QM2X``); :class:`BadInput` if it cannot be one."""
    code = re.sub(r"[\s-]", "", text).upper()
    if not _CODE_RE.match(code):
        raise BadInput(
            f"{text.strip()[:20]!r} is not a game code: a code is {CODE_LENGTH} letters and digits, like K7QM2X"
        )
    return code


def new_pin() -> str:
    """A fresh random six-digit PIN."""
    return f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"


def read_pin(text: str) -> str:
    """The PIN a person typed (spaces ignored); :class:`BadInput` if it is not six digits."""
    pin = re.sub(r"\s", "", text)
    if not _PIN_RE.match(pin):
        raise BadInput(f"a PIN is {PIN_LENGTH} digits")
    return pin


@dataclass(frozen=True)
class PinDigest:
    """What is stored of a PIN: a random salt, the iteration count and the PBKDF2-SHA256 digest."""

    salt: bytes
    iterations: int
    digest: bytes

    @classmethod
    def of(cls, pin: str, iterations: int | None = None) -> PinDigest:
        """The digest of ``pin`` with a new random salt (``iterations`` defaults to :data:`PIN_ITERATIONS`)."""
        salt = secrets.token_bytes(16)
        rounds = PIN_ITERATIONS if iterations is None else iterations
        return cls(salt, rounds, _derive(pin, salt, rounds))

    def matches(self, pin: str) -> bool:
        """Whether ``pin`` is the PIN this digest was made from (constant-time comparison)."""
        return hmac.compare_digest(_derive(pin, self.salt, self.iterations), self.digest)


def _derive(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)


def new_token() -> str:
    """A seat token: the proof, held only by the process that joined, that it owns its claim."""
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> bytes:
    """What is stored of a token (a token is long and random, so one SHA-256 suffices)."""
    return hashlib.sha256(token.encode("ascii")).digest()
