"""The project's secret and the references made from it.

`month_ref` / `case_ref` (published): 12 hex characters of
HMAC-SHA256(secret, "<group>|<month>|<id number>"), so they differ every month
and link nobody across months, yet are the same for the same person in 低保
and 特困 of one month (group "dibao-tekun"), which is how `validate` finds a
household in both. 临时救助 uses group "linshi" and counts repeated cases of one
person ("|2", "|3" …) so every case has its own reference.

`state_key` (private, `.private/state/` only): HMAC of the ID number alone,
stable across months, for matching last month's households.

The secret lives in `.private/secret` (never published, never committed); a
new project gets one on its first successful ingest.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path

PRIVATE_DIR = ".private"
SECRET_FILE = "secret"
REF_LENGTH = 12
# A reference must never look like a phone or ID number to the privacy
# scanner: like the demo data (generator/demo/encode.py) no more than six
# digits in a row; the next 12 characters of the digest are taken otherwise.
_LONG_DIGIT_RUN = re.compile(r"[0-9]{7}")
GROUP = {"dibao": "dibao-tekun", "tekun": "dibao-tekun", "linshi": "linshi"}


def private_dir(root: Path) -> Path:
    return root / PRIVATE_DIR


def load_secret(root: Path) -> tuple[bytes, bool]:
    """(secret, is_new). A new secret is only returned: `save_secret` writes it on success."""
    path = private_dir(root) / SECRET_FILE
    if path.is_file():
        return bytes.fromhex(path.read_text(encoding="ascii").strip()), False
    return secrets.token_bytes(32), True


def secret_text(secret: bytes) -> str:
    return secret.hex() + "\n"


def _digest(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def reference(secret: bytes, program: str, month: str, id_number: str, occurrence: int = 1) -> str:
    message = f"{GROUP[program]}|{month}|{id_number}" + (f"|{occurrence}" if occurrence > 1 else "")
    digest = _digest(secret, message)
    while True:
        for start in range(0, len(digest) - REF_LENGTH + 1, REF_LENGTH):
            candidate = digest[start:start + REF_LENGTH]
            if not _LONG_DIGIT_RUN.search(candidate):
                return candidate
        digest = _digest(secret, digest)  # all five windows digit-heavy: practically never


def state_key(secret: bytes, id_number: str) -> str:
    return _digest(secret, f"state|{id_number}")
