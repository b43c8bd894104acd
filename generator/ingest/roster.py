"""The published roster of one month: only the schema's columns, masked names,
a reference that changes every month, rows in a content-based order.

Also where each published column came from in the raw file, so that a
problem found in the published table can point at the raw row and header.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

from generator.ingest.households import Households
from generator.ingest.refs import reference
from generator.layout import standard_columns

REF_COLUMN = {"dibao": "month_ref", "tekun": "month_ref", "linshi": "case_ref"}
# published column → raw field it was made from
SOURCE_FIELD = {
    "month_ref": "id_number", "case_ref": "id_number", "name_masked": "name", "village_code": "village",
    "household_size": "household_size", "amount": "amount", "start_month": "start_month",
    "urban_rural": "urban_rural", "dibao_method": "dibao_method", "tekun_mode": "tekun_mode",
    "linshi_kind": "linshi_kind", "reason_coarse": "reason", "approval_level": "approval_level",
    "approved_on": "approved_on", "month": "month",
}


@dataclass(frozen=True)
class Published:
    table: pd.DataFrame  # text cells, the schema's columns in order
    raw_rows: list[int]  # raw spreadsheet row of each published row
    refs: pd.Series  # the reference column again, by raw row (for overlap checks)


def money(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def publish(program: str, month: str, households: Households, secret: bytes, columns: list[str] | None = None
            ) -> Published:
    frame = households.frame
    seen: dict[str, int] = {}
    refs = []
    for id_value in frame["id_number"]:
        seen[id_value] = seen.get(id_value, 0) + 1
        refs.append(reference(secret, program, month, id_value, seen[id_value]))
    cells = {
        "month": [month] * len(frame),
        REF_COLUMN[program]: refs,
        "village_code": frame["village_code"].tolist(),
        "name_masked": frame["name_masked"].tolist(),
        "household_size": [str(int(v)) for v in frame["household_size"]],
        "amount": [money(int(v)) for v in frame["amount_fen"]],
        "start_month": frame["start_month"].tolist(),
        "urban_rural": frame["urban_rural"].tolist(),
        "dibao_method": frame["dibao_method"].tolist(),
        "tekun_mode": frame["tekun_mode"].tolist(),
        "linshi_kind": frame["linshi_kind"].tolist(),
        "reason_coarse": [v or "" for v in frame["reason_coarse"]],
        "approval_level": frame["approval_level"].tolist(),
        "approved_on": [v.isoformat() if v is not None else "" for v in frame["approved_on"]],
    }
    names = columns or standard_columns(program)
    table = pd.DataFrame({name: cells[name] for name in names}).assign(_row=frame["row"].to_numpy())
    table = table.sort_values(["village_code", REF_COLUMN[program]], kind="stable").reset_index(drop=True)
    return Published(table.drop(columns="_row"), table["_row"].astype(int).tolist(),
                     pd.Series(refs, index=frame["row"].to_numpy()))


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 without BOM, "\\n" line ends, quotes only where needed (as the demo data)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.columns)
    writer.writerows(zip(*(table[column].tolist() for column in table.columns)))  # lists: Arrow cells iterate slowly
    return buffer.getvalue().encode("utf-8")
