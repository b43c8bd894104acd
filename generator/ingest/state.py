"""Private state: what each ingested month held, to compute next month's changes.

`.private/state/<program>/<YYYY-MM>.csv`, one row per published household:
the key is HMAC(secret, ID number) (refs.state_key), never the ID number
itself, plus the village, size, amount and categories the changes need.
Nothing here is published; the folder is git-ignored.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from generator.ingest.refs import private_dir

COLUMNS = ["key", "village_code", "household_size", "amount_fen", "urban_rural", "tekun_mode"]


def state_path(root: Path, program: str, month: str) -> Path:
    return private_dir(root) / "state" / program / f"{month}.csv"


def read_state(root: Path, program: str, month: str) -> pd.DataFrame | None:
    path = state_path(root, program, month)
    if not path.is_file():
        return None
    frame = pd.read_csv(path, dtype={"key": str, "village_code": str, "urban_rural": str, "tekun_mode": str},
                        keep_default_na=False)
    return frame.assign(
        household_size=frame["household_size"].astype("int64"),
        amount_fen=frame["amount_fen"].astype("int64"),
        tekun_mode=frame["tekun_mode"].replace("", None),
    )[COLUMNS]


def state_bytes(households: pd.DataFrame) -> bytes:
    """The state file of one month: `households` has the COLUMNS."""
    buffer = io.StringIO()
    households[COLUMNS].sort_values("key").to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
