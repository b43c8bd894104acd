"""WRITE XLSX: a plain Office Open XML workbook of text, numbers and booleans.

Why not xlsxwriter: at province scale (changes_monthly: 1.9M rows × 7 columns)
xlsxwriter spends ~4 µs a cell in Python (about 3 minutes for one file). Our
sheets need only typed values, a bold header, a frozen first row and Excel's
quote prefix, so the sheet XML is made here a column at a time (well under
1 µs a cell) and streamed into the zip in blocks of rows.

What the files hold: inline strings (no shared-string table), no formulas ever
(text is text, even "=1+1"), fixed document dates and zip timestamps, so the
same values always give the same bytes. Read back by openpyxl and pandas in
the tests.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import BinaryIO
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from xml.sax.saxutils import escape

FIXED_TIME = (2025, 1, 1, 0, 0, 0)  # zip entry timestamps: never the clock
BLOCK = 20_000  # rows rendered and compressed at a time: bounded memory for millions of rows
STYLE_PLAIN, STYLE_BOLD, STYLE_QUOTED = 0, 1, 2
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # text a spreadsheet could run as a formula
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0; Excel writes them as _xHHHH_


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a header row and columns of Python values (str, int,
    float, bool or None), all columns of equal length."""

    name: str
    header: Sequence[str] | None  # a bold first row, frozen so it stays in view; None: no header
    columns: Sequence[Sequence[object]]
    # Per column, per row: STYLE_*. None: plain, and text that starts like a
    # formula (FORMULA_START) gets Excel's quote prefix, so it stays text.
    styles: Sequence[Sequence[int] | None] | None = None


def workbook(sheets: Sequence[Sheet], *, title: str = "", author: str = "", created: dt.datetime) -> bytes:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        _put(book, "[Content_Types].xml", _content_types(len(sheets)))
        _put(book, "_rels/.rels", _ROOT_RELS)
        _put(book, "docProps/core.xml", _core(title, author, created))
        _put(book, "docProps/app.xml", _APP)
        _put(book, "xl/workbook.xml", _workbook(sheets))
        _put(book, "xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        _put(book, "xl/styles.xml", _STYLES)
        for number, sheet in enumerate(sheets, start=1):
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{number}.xml", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with book.open(info, "w") as stream:
                _write_alongside(stream, (chunk.encode("utf-8") for chunk in _sheet_xml(sheet)))
    return sink.getvalue()


def _write_alongside(stream: BinaryIO, chunks: Iterator[bytes]) -> None:
    """Write each chunk in a second thread while the next one is made.

    Deflating is a third of the time of a big sheet, and zlib releases the
    GIL, so on two cores it runs beside the XML making. One writer thread,
    in order, at most one chunk waiting: the same bytes as writing inline.
    """
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future | None = None
        for chunk in chunks:
            if pending is not None:
                pending.result()
            pending = writer.submit(stream.write, chunk)
        if pending is not None:
            pending.result()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- the sheet ---------------------------------------------------------------------


def _sheet_xml(sheet: Sheet) -> Iterator[str]:
    rows = len(sheet.columns[0]) if sheet.columns else 0
    first = 1 if sheet.header is None else 2  # the sheet row of the first value
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    if sheet.header is not None:
        yield ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
               'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
    yield "<sheetData>"
    letters = [column_letter(i) for i in range(len(sheet.columns))]
    if sheet.header is not None:
        yield '<row r="1">' + "".join(f'<c r="{c}1"{_tail(name, STYLE_BOLD)}' for c, name in zip(letters, sheet.header)) + "</row>"
    styles = sheet.styles or [None] * len(sheet.columns)
    for start in range(0, rows, BLOCK):
        stop = min(start + BLOCK, rows)
        numbers = range(start + first, stop + first)
        cells = [_column(letter, numbers, values[start:stop], None if style is None else style[start:stop])
                 for letter, values, style in zip(letters, sheet.columns, styles)]
        yield "".join(f'<row r="{n}">{"".join(row)}</row>' for n, row in zip(numbers, zip(*cells)))
    yield "</sheetData></worksheet>"


def _column(letter: str, numbers: range, values: Sequence[object], styles: Sequence[int] | None) -> list[str]:
    """The cell XML of one column for a block of rows."""
    if styles is None:
        # Most values repeat (codes, names, months): each distinct value is made into XML once.
        tails = each_distinct(values, lambda v: _tail(v, STYLE_QUOTED if _formula_like(v) else STYLE_PLAIN))
    else:
        tails = [_tail(value, style) for value, style in zip(values, styles)]
    return [f'<c r="{letter}{n}"{tail}' if tail else "" for n, tail in zip(numbers, tails)]


def each_distinct(values: Sequence[object], make) -> list:
    """[make(v) for v in values], calling make once per distinct value (codes,
    names and months repeat across millions of rows). The CSV and JSON
    writers and the publicity notice rows use it too."""
    kinds = set(map(type, values))
    if len(kinds - {str, type(None)}) > 1:  # 1, 1.0 and True are one dict key: make them one by one
        return [make(v) for v in values]
    made = {v: make(v) for v in set(values)}
    return list(map(made.__getitem__, values))


def _formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _tail(value: object, style: int) -> str:
    """A cell's XML after `<c r="A1"`; "" for an empty cell."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f"><v>{value!r}</v></c>"
    text = str(value)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    styled = f' s="{style}"' if style else ""
    return f'{styled} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


# --- the package parts -------------------------------------------------------------


def _put(book: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    book.writestr(info, text.encode("utf-8"))


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ROOT_RELS = (_XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
              '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
              "</Relationships>")
_APP = (_XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Sunshine</Application></Properties>")
# Styles: 0 plain, 1 bold (headers), 2 quote prefix (text that starts like a formula).
_STYLES = (_XML + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
           "</styleSheet>")


def _content_types(sheets: int) -> str:
    parts = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for n in range(1, sheets + 1))
    return (_XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            f"{parts}</Types>")


def _workbook(sheets: Sequence[Sheet]) -> str:
    entries = "".join(f'<sheet name="{escape(s.name, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
                      for n, s in enumerate(sheets, start=1))
    return (_XML + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{entries}</sheets></workbook>")


def _workbook_rels(sheets: int) -> str:
    links = "".join(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                    f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, sheets + 1))
    styles = (f'<Relationship Id="rId{sheets + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
              'Target="styles.xml"/>')
    return _XML + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{links}{styles}</Relationships>'


def _core(title: str, author: str, created: dt.datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (_XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")
