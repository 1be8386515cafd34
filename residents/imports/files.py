"""Reading an uploaded import file (DAT-1): XLSX or CSV, told apart by content, never by name.

Every refusal is a `FileRefused` with a message for the page; a refused file imports nothing.
CSV files come from many systems: UTF-8 (with or without a byte order mark) and GBK (read as
GB 18030, its superset) are recognised by decoding, in that order.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from residents.common.errors import ActionRefused

XLSX, CSV = "xlsx", "csv"
ZIP_SIGNATURE = b"PK\x03\x04"
# Other files people send by mistake: old Excel, PDF, images, archives.
BINARY_SIGNATURES = (b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!")
# Tried in order; GB 18030 reads every GBK file.
CSV_ENCODINGS = (("utf-8-sig", "UTF-8"), ("gb18030", "GBK"))


class FileRefused(ActionRefused):
    """The file as a whole cannot be imported."""


@dataclass
class Table:
    kind: str
    encoding: str
    headers: list[str]
    # (line number in the file, the row's cells) for every row that is not blank.
    rows: list[tuple[int, list]] = field(default_factory=list)


def check_size(size: int) -> None:
    if not size:
        raise FileRefused(_("The file is empty."))
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise FileRefused(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": f"{limit / (1024 * 1024):g}"}
        )


def file_kind(data: bytes) -> str:
    """XLSX or CSV by content, or FileRefused."""
    check_size(len(data))
    if data.startswith(ZIP_SIGNATURE):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "xl/workbook.xml" in names:
            return XLSX
        raise FileRefused(_("This file is neither an XLSX workbook nor a CSV file."))
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise FileRefused(_("This file is neither an XLSX workbook nor a CSV file."))
    return CSV


def read_table(data: bytes) -> Table:
    kind = file_kind(data)
    table = _read_xlsx(data) if kind == XLSX else _read_csv(data)
    if not table.headers or not any(table.headers):
        raise FileRefused(_("The file is empty."))
    if not table.rows:
        raise FileRefused(_("The file has a heading row but no data rows."))
    return table


def _check_cell(value, line: int) -> None:
    if isinstance(value, str) and value.startswith("="):
        raise FileRefused(
            _("Line %(line)s holds a formula. Formulas are not imported: save the sheet with "
              "values only (paste as values) and upload it again.") % {"line": line}
        )


def _add_row(table: Table, line: int, cells: list) -> None:
    for value in cells:
        _check_cell(value, line)
    if any(value not in (None, "") and str(value).strip() for value in cells):
        if len(table.rows) >= settings.IMPORT_MAX_ROWS:
            raise FileRefused(
                _("The file has more than %(limit)s data rows; split it into smaller files.")
                % {"limit": f"{settings.IMPORT_MAX_ROWS:,}"}
            )
        table.rows.append((line, cells))


def _read_xlsx(data: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise FileRefused(_("The XLSX workbook cannot be read; it may be damaged.")) from error
    try:
        sheet = workbook.worksheets[0]
        table = Table(kind=XLSX, encoding="", headers=[])
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_value(value) for value in cells]
            if not table.headers:
                if any(value not in (None, "") for value in cells):
                    for value in cells:
                        _check_cell(value, line)
                    table.headers = [_heading(value) for value in cells]
                continue
            _add_row(table, line, cells)
        return table
    finally:
        workbook.close()


def _xlsx_value(value):
    if isinstance(value, float) and value.is_integer():
        # An ID number or phone typed as a number comes back as a float.
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _heading(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding, or FileRefused."""
    for codec, label in CSV_ENCODINGS:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        _("The CSV file is in an encoding that cannot be recognised: save it as UTF-8 or GBK "
          "and upload it again.")
    )


def _read_csv(data: bytes) -> Table:
    text, encoding = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    table = Table(kind=CSV, encoding=encoding, headers=[])
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        for cells in reader:
            line = reader.line_num
            if not table.headers:
                if any(value.strip() for value in cells):
                    for value in cells:
                        _check_cell(value, line)
                    table.headers = [_heading(value) for value in cells]
                continue
            _add_row(table, line, cells)
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file cannot be read near line %(line)s.") % {"line": reader.line_num}
        ) from error
    return table
