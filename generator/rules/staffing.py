"""Case aides (协管员) per township against the registered-population rule
of seed 001. The seed's bands overlap at exactly 20,000 and 50,000 ("2万人以下"
/ "2至5万人" / "5万人以上"); we resolve each boundary to the higher band: the
rule sets minimums, and the higher minimum satisfies both readings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.problems import Problem, problem


def aides_required(population: int) -> int:
    if population < 20_000:
        return 1
    if population < 50_000:
        return 2
    return 3


def check_staffing(frame: pd.DataFrame, rows: np.ndarray, *, dataset: str, file: str) -> list[Problem]:
    found = []
    for record, row in zip(frame.itertuples(index=False), rows):
        if pd.isna(record.registered_population):
            continue
        required = aides_required(int(record.registered_population))
        if not pd.isna(record.aides_required) and int(record.aides_required) != required:
            found.append(problem("staffing-required-wrong", dataset=dataset, file=file, row=int(row),
                                 column="aides_required", population=f"{int(record.registered_population):,}",
                                 required=required, given=int(record.aides_required)))
        if not pd.isna(record.aides_actual) and int(record.aides_actual) < required:
            found.append(problem("staffing-below-rule", dataset=dataset, file=file, row=int(row),
                                 column="aides_actual", actual=int(record.aides_actual), required=required))
    return found
