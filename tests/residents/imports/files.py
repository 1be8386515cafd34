"""Small import files made for the tests: rows under the police source's headings."""

from __future__ import annotations

import csv
import datetime
import io

from openpyxl import Workbook

from residents.imports.demo import DEMO_COLUMNS
from residents.models import ImportSource

POLICE = DEMO_COLUMNS[ImportSource.POLICE]
HEADINGS = [POLICE[name] for name in ("name", "id_number", "hukou_location", "address",
                                      "hukou_moved_in_on", "phone", "area")]


def police_row(data: dict, **cells) -> list:
    """One file row of a resident's registration data (values as a clerk's export has them)."""
    row = {
        "name": data["name"], "id_number": data["id_number"],
        "hukou_location": data["hukou_location"], "address": data["address"],
        "hukou_moved_in_on": "", "phone": "", "area": "",
    }
    row.update(cells)
    return [row[name] for name in ("name", "id_number", "hukou_location", "address",
                                   "hukou_moved_in_on", "phone", "area")]


def csv_file(rows: list[list], *, encoding: str = "utf-8", headings=None) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headings or HEADINGS)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return text.getvalue().encode(encoding)


def xlsx_file(rows: list[list], *, headings=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings or HEADINGS)
    for row in rows:
        sheet.append([value.isoformat() if isinstance(value, datetime.datetime) else value
                      for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
