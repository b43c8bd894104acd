"""One planted defect per domain rule, each on a fresh copy of the minimal
portal: the rule reports its code at the spreadsheet row and column a clerk
would fix, and the untouched portal reports none of these codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import copy_portal
from generator.checking import check


def edit(portal: Path, relative: str, match: dict[str, str], changes: dict[str, str] | None = None,
         *, delete: bool = False) -> int:
    """Change (or delete) the first data row whose cells equal `match`; returns its spreadsheet row."""
    path = portal / "datasets" / relative
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = rows[0]
    for index, row in enumerate(rows[1:], start=1):
        if all(row[header.index(k)] == v for k, v in match.items()):
            if delete:
                del rows[index]
            else:
                for key, value in (changes or {}).items():
                    row[header.index(key)] = value
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            path.write_text(out.getvalue(), encoding="utf-8")
            return index + 1
    raise AssertionError(f"no row {match} in {relative}")


def first(portal: Path, relative: str, **match: str) -> dict[str, str]:
    with open(portal / "datasets" / relative, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if all(row[k] == v for k, v in match.items()):
                return row
    raise AssertionError(f"no row {match} in {relative}")


# code -> (plant(portal) -> (file, row or None, column))
def plant_area_level(p):
    return "areas.csv", edit(p, "areas.csv", {"code": "990103001001"}, {"level": "township", "parent_code": "990103"}), "code"


def plant_area_parent(p):
    return "areas.csv", edit(p, "areas.csv", {"code": "990103001001"}, {"parent_code": "990103100"}), "parent_code"


def plant_area_orphan(p):
    row = edit(p, "areas.csv", {"code": "990103100"}, {"parent_code": ""})
    return "areas.csv", row, "parent_code"


def plant_unit(p):
    return "standards.csv", edit(p, "standards.csv", {"standard_id": "dibao-urban-2025-07"}, {"unit": "multiple"}), "unit"


def plant_period_invalid(p):
    return "standards.csv", edit(p, "standards.csv", {"standard_id": "dibao-urban-2021-01"}, {"valid_to": "2020-12-31"}), "valid_to"


def plant_overlap(p):
    edit(p, "standards.csv", {"standard_id": "dibao-urban-2024-10"}, {"valid_to": ""})
    return "standards.csv", edit(p, "standards.csv", {"standard_id": "dibao-urban-2025-07"}, {}), "valid_from"


def plant_decrease(p):
    return "standards.csv", edit(p, "standards.csv", {"standard_id": "dibao-urban-2024-01"}, {"value": "700"}), "value"


def plant_tekun_ratio(p):
    return "standards.csv", edit(p, "standards.csv", {"standard_id": "tekun-basic-urban-2025-07"}, {"value": "1000"}), "value"


def plant_standard_missing(p):
    edit(p, "standards.csv", {"standard_id": "dibao-urban-2025-07"}, delete=True)
    edit(p, "standards.csv", {"standard_id": "dibao-urban-2024-10"}, {"valid_to": "2025-03-31"})
    return "dibao/2025-04.csv", None, "amount"


def plant_month_mismatch(p):
    row = first(p, "dibao/2025-03.csv")
    return "dibao/2025-03.csv", edit(p, "dibao/2025-03.csv", {"month_ref": row["month_ref"]}, {"month": "2025-04"}), "month"


def plant_start_after(p):
    row = first(p, "dibao/2025-03.csv")
    return "dibao/2025-03.csv", edit(p, "dibao/2025-03.csv", {"month_ref": row["month_ref"]}, {"start_month": "2025-09"}), "start_month"


def plant_amount_over(p):
    row = first(p, "tekun/2025-03.csv", tekun_mode="dispersed")
    return "tekun/2025-03.csv", edit(p, "tekun/2025-03.csv", {"month_ref": row["month_ref"]}, {"amount": "3000.00"}), "amount"


def plant_overlap_dibao_tekun(p):
    tekun = first(p, "tekun/2025-03.csv")
    dibao = first(p, "dibao/2025-03.csv")
    return "dibao/2025-03.csv", edit(p, "dibao/2025-03.csv", {"month_ref": dibao["month_ref"]}, {"month_ref": tekun["month_ref"]}), "month_ref"


def plant_roster_without_notice(p):
    edit(p, "notices/2025-03.csv", {"assistance_type": "tekun", "stage": "confirmed_publication", "area_code": "990103001"}, delete=True)
    return "tekun/2025-03.csv", None, "village_code"


def plant_linshi_reason(p):
    row = first(p, "linshi/2025-04.csv", linshi_kind="zhichu")
    return "linshi/2025-04.csv", edit(p, "linshi/2025-04.csv", {"case_ref": row["case_ref"]}, {"reason_coarse": ""}), "reason_coarse"


def plant_approval_outside(p):
    row = first(p, "linshi/2025-03.csv")
    return "linshi/2025-03.csv", edit(p, "linshi/2025-03.csv", {"case_ref": row["case_ref"]}, {"approved_on": "2025-04-02"}), "approved_on"


def plant_change_inconsistent(p):
    return "changes/dibao/2025-03.csv", edit(p, "changes/dibao/2025-03.csv", {"change_type": "decrease"}, {"amount_after": "900.00"}), "amount_after"


def plant_changes_reconcile(p):
    edit(p, "changes/dibao/2025-03.csv", {"change_type": "new"}, delete=True)
    return "changes/dibao/2025-03.csv", None, "change_type"


def plant_notice_dates(p):
    return "notices/2025-03.csv", edit(p, "notices/2025-03.csv", {"stage": "confirmed_publication"}, {"notice_end": "2025-03-01"}), "notice_end"


def plant_overspent(p):
    edit(p, "funds/allocations/2025.csv", {"allocation_id": "2025-tekun-rural-1"}, {"amount": "100.00"})
    return "funds/budget_execution/2025-11.csv", 3, "spent_to_date"


def plant_execution_mismatch(p):
    row = edit(p, "funds/budget_execution/2025-05.csv", {"assistance_type": "linshi"}, {})
    value = float(first(p, "funds/budget_execution/2025-05.csv", assistance_type="linshi")["spent_to_date"])
    edit(p, "funds/budget_execution/2025-05.csv", {"assistance_type": "linshi"}, {"spent_to_date": f"{value + 500:.2f}"})
    return "funds/budget_execution/2025-05.csv", row, "spent_to_date"


def plant_transfer(p):
    return "funds/transfers/2025.csv", edit(p, "funds/transfers/2025.csv", {"from_use": "dibao"}, {"amount": "200000.00"}), "amount"


def plant_staffing_below(p):
    return "staffing.csv", edit(p, "staffing.csv", {"township_code": "990103100"}, {"aides_actual": "1"}), "aides_actual"


def plant_unregistered(p):
    (p / "datasets" / "dibao" / "2026-01.csv").write_text("month\n", encoding="utf-8")
    return "dibao/2026-01.csv", None, None


def plant_file_missing(p):
    (p / "datasets" / "tekun" / "2025-06.csv").unlink()
    return "tekun/2025-06.csv", None, None


def plant_undocumented_field(p):
    schema_path = p / "datasets" / "schemas" / "staffing.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"][2]["description"] = "population"
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    return "schemas/staffing.json", None, "registered_population"


def edit_descriptor(portal: Path, change) -> None:
    path = portal / "datasets" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(descriptor), ensure_ascii=False), encoding="utf-8")


def without(*names: str):
    return lambda d: {**d, "resources": [r for r in d["resources"] if r["name"] not in names]}


def plant_family_missing(p):
    edit_descriptor(p, without("service_points"))
    (p / "datasets" / "service_points.csv").unlink()
    return "datapackage.json", None, None


def plant_period_missing(p):
    def drop_period(d):
        for r in d["resources"]:
            if r["name"] == "dibao-2025-03":
                r["sunshine"].pop("period")
        return d
    edit_descriptor(p, drop_period)
    return "datapackage.json", None, None


def plant_month_missing(p):
    edit_descriptor(p, without("tekun-2025-06"))
    (p / "datasets" / "tekun" / "2025-06.csv").unlink()
    return "datapackage.json", None, None


PLANTS = {
    "area-level-mismatch": plant_area_level,
    "area-parent-mismatch": plant_area_parent,
    "area-orphan": plant_area_orphan,
    "standard-unit-mismatch": plant_unit,
    "standard-period-invalid": plant_period_invalid,
    "standard-periods-overlap": plant_overlap,
    "standard-decreased": plant_decrease,
    "tekun-below-dibao-ratio": plant_tekun_ratio,
    "standard-missing": plant_standard_missing,
    "month-mismatch": plant_month_mismatch,
    "start-after-month": plant_start_after,
    "amount-over-standard": plant_amount_over,
    "dibao-tekun-overlap": plant_overlap_dibao_tekun,
    "roster-without-notice": plant_roster_without_notice,
    "linshi-reason-missing": plant_linshi_reason,
    "approval-outside-month": plant_approval_outside,
    "change-inconsistent": plant_change_inconsistent,
    "changes-do-not-reconcile": plant_changes_reconcile,
    "notice-dates-invalid": plant_notice_dates,
    "budget-overspent": plant_overspent,
    "execution-disbursement-mismatch": plant_execution_mismatch,
    "transfer-unfunds-dibao": plant_transfer,
    "staffing-below-rule": plant_staffing_below,
    "file-not-in-package": plant_unregistered,
    "file-missing": plant_file_missing,
    "schema-field-undocumented": plant_undocumented_field,
    "family-missing": plant_family_missing,
    "period-missing": plant_period_missing,
    "month-missing": plant_month_missing,
}


@pytest.fixture(scope="module")
def clean_codes(tmp_path_factory) -> set[str]:
    return check(copy_portal(tmp_path_factory.mktemp("clean") / "portal")).report.codes()


@pytest.mark.parametrize("code", sorted(PLANTS))
def test_each_rule_reports_its_planted_defect(code, tmp_path, clean_codes):
    assert code not in clean_codes
    portal = copy_portal(tmp_path / "portal")
    file, row, column = PLANTS[code](portal)
    report = check(portal).report
    found = [(p.file, p.row, p.column) for p in report if p.code == code]
    assert (f"datasets/{file}", row, column) in found, found


FAKE_ID = "110101199003071234"  # shaped like a resident ID number; fake, lives under tests/ only
FAKE_MOBILE = "13912345678"


def test_no_cell_value_reaches_any_report(tmp_path):
    """Cells that fail their checks are never quoted, in any format, even
    where a rule would name an area or category."""
    from generator import reporting

    portal = copy_portal(tmp_path / "portal")
    roster = first(portal, "dibao/2025-03.csv")
    edit(portal, "dibao/2025-03.csv", {"month_ref": roster["month_ref"]},
         {"village_code": FAKE_ID, "urban_rural": f"张三{FAKE_MOBILE}"})
    edit(portal, "changes/dibao/2025-03.csv", {"change_type": "new"}, {"village_code": FAKE_ID})
    edit(portal, "notices/2025-03.csv", {"stage": "confirmed_publication"}, {"area_code": FAKE_ID})
    edit(portal, "funds/disbursement/2025-03.csv", {"assistance_type": "dibao"}, {"area_code": FAKE_ID[:9]})
    result = check(portal)
    assert not result.report.publishable()
    outputs = [reporting.to_text(result.report, strict=False), reporting.to_json(result.report, strict=False),
               reporting.to_github(result.report)]
    for output in outputs:
        for secret in (FAKE_ID, FAKE_ID[:9], FAKE_MOBILE, "张三"):
            assert secret not in output


@pytest.mark.parametrize("family", ["fund_transfers", "fund_disbursement_monthly", "fund_allocations", "notices"])
def test_a_package_without_an_optional_family_is_checked_not_crashed(family, tmp_path):
    portal = copy_portal(tmp_path / "portal")
    edit_descriptor(portal, lambda d: {**d, "resources": [r for r in d["resources"] if r["sunshine"]["family"] != family]})
    report = check(portal).report
    assert "file-not-in-package" in report.codes()  # the files are still there, unregistered


def test_an_unreadable_standard_value_is_one_problem_not_a_cascade(tmp_path):
    portal = copy_portal(tmp_path / "portal")
    row = edit(portal, "standards.csv", {"standard_id": "dibao-urban-2025-07"}, {"value": "八百"})
    report = check(portal).report
    errors = {(p.code, p.file, p.row) for p in report.errors}
    assert errors == {("wrong-type", "datasets/standards.csv", row)}
