"""Rows and layouts → file bytes that are the same on every run (CSV, XLSX, scanned-looking PDF).

XLSX: openpyxl stamps the time into docProps/core.xml and into every zip entry; both are reset
here. PDF: Pillow writes the time into the document info unless dates are given.
"""

from __future__ import annotations

import csv
import io
import random
import re
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FIXED_TIME = datetime(2019, 5, 21, 0, 0, 0)
_ZIP_TIME = (2019, 5, 21, 0, 0, 0)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

Cell = str | int | None


def csv_bytes(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], *, delimiter: str = ","
) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def id_number(value: int) -> str:
    """12345 → '12.345' (Indonesian thousands separator)."""
    return f"{value:,}".replace(",", ".")


# --- presentation-style XLSX --------------------------------------------------------------------


@dataclass
class Sheet:
    """A table laid out for print: titles, a merged header block, rows, a total row, notes."""

    title: str
    titles: Sequence[str]
    columns: Sequence[tuple[str, ...]]  # header levels per column, top first
    rows: Sequence[Sequence[Cell]]
    total: Sequence[Cell] | None = None  # first cell = label, merged over `total_span` columns
    total_span: int = 1
    numbering: bool = False  # a "(1) (2) (3)" row under the header
    notes: Sequence[str] = ()  # lines under the table (place, date, signature)
    widths: Sequence[int] = ()
    hidden: bool = False
    text_columns: Sequence[int] = field(default_factory=tuple)  # 0-based; written as text


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in sheets:
        _write_sheet(wb.create_sheet(spec.title), spec)
    wb.properties.creator = "KPU"
    wb.properties.lastModifiedBy = "KPU"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _write_sheet(ws: Worksheet, spec: Sheet) -> None:
    width = len(spec.columns)
    r = 1
    for text in spec.titles:
        ws.cell(r, 1, text).font = Font(bold=True, size=12)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    r += 1
    r = _write_header(ws, spec.columns, r)
    if spec.numbering:
        for c in range(width):
            cell = ws.cell(r, c + 1, f"({c + 1})")
            cell.alignment = Alignment(horizontal="center")
            cell.border = _BOX
        r += 1
    for row in spec.rows:
        _write_row(ws, r, row, spec.text_columns)
        r += 1
    if spec.total is not None:
        _write_row(ws, r, spec.total, spec.text_columns)
        for c in range(width):
            ws.cell(r, c + 1).font = Font(bold=True)
        if spec.total_span > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=spec.total_span)
        r += 1
    r += 1
    for line in spec.notes:
        if line:
            ws.cell(r, max(1, width - 4), line)
        r += 1
    for c, w in enumerate(spec.widths or [14] * width):
        ws.column_dimensions[get_column_letter(c + 1)].width = w
    if spec.hidden:
        ws.sheet_state = "hidden"


def _write_header(ws: Worksheet, columns: Sequence[tuple[str, ...]], top: int) -> int:
    """Header levels → merged cells: a short label spans down, a shared upper level spans across."""
    depth = max(len(c) for c in columns)
    for c, levels in enumerate(columns):
        for r in range(depth):
            cell = ws.cell(top + r, c + 1)
            cell.border = _BOX
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, text in enumerate(levels):
            ws.cell(top + i, c + 1, text)
        if len(levels) < depth:
            ws.merge_cells(
                start_row=top + len(levels) - 1,
                start_column=c + 1,
                end_row=top + depth - 1,
                end_column=c + 1,
            )
    for level in range(depth):
        c = 0
        while c < len(columns):
            prefix = columns[c][: level + 1]
            end = c
            while (
                end + 1 < len(columns)
                and len(columns[c]) > level + 1
                and columns[end + 1][: level + 1] == prefix
                and len(columns[end + 1]) > level + 1
            ):
                end += 1
            if end > c:
                ws.merge_cells(
                    start_row=top + level,
                    start_column=c + 1,
                    end_row=top + level,
                    end_column=end + 1,
                )
            c = end + 1
    return top + depth


def _write_row(ws: Worksheet, r: int, row: Sequence[Cell], text_columns: Sequence[int]) -> None:
    for c, value in enumerate(row):
        cell = ws.cell(r, c + 1, value)
        cell.border = _BOX
        if isinstance(value, int) and c not in text_columns:
            cell.number_format = "#,##0"
        elif c in text_columns:
            cell.number_format = "@"


def _normalise_zip(data: bytes) -> bytes:
    """Fixed timestamps in every zip entry and in docProps/core.xml."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + stamp.encode() + rb"\2",
                    body,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, body)
    return out.getvalue()


# --- scanned-looking PDF ------------------------------------------------------------------------

_PAGE = (620, 877)  # A4 at 75 dpi


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def scanned_pdf(
    *, seed: str, heading: Sequence[str], table: Sequence[Sequence[str]], footer: Sequence[str]
) -> bytes:
    """A rendered form page (heading, ruled table, signature) with scanner noise, as a PDF."""
    rng = random.Random(seed)
    page = Image.new("L", _PAGE, 250)
    draw = ImageDraw.Draw(page)
    y = 36
    for i, line in enumerate(heading):
        size = 15 if i == 0 else 12
        font = _font(size)
        while draw.textlength(line, font=font) > _PAGE[0] - 40 and size > 7:
            size -= 1
            font = _font(size)
        w = draw.textlength(line, font=font)
        draw.text(((_PAGE[0] - w) / 2, y), line, fill=20, font=font)
        y += 22 if i == 0 else 17
    y += 10
    y = _draw_table(draw, table, y)
    y += 24
    for line in footer:
        draw.text((_PAGE[0] - 230, y), line, fill=25, font=_font(11))
        y += 16
    # an ink stamp and a signature stroke
    cx, cy = _PAGE[0] - 190, y - 40
    draw.ellipse((cx - 38, cy - 38, cx + 38, cy + 38), outline=90, width=3)
    draw.line([(cx + 10 + i * 9, cy + 5 + rng.randint(-8, 8)) for i in range(10)], fill=40, width=2)
    for _ in range(900):  # dust and speckles
        x, yy = rng.randrange(_PAGE[0]), rng.randrange(_PAGE[1])
        v = rng.randrange(60, 200)
        draw.point((x, yy), fill=v)
    page = page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=235)
    page = page.filter(ImageFilter.GaussianBlur(0.5))
    buf = io.BytesIO()
    stamp = time.strptime("2019-05-21", "%Y-%m-%d")
    page.save(
        buf,
        "PDF",
        resolution=75.0,
        quality=45,
        title=heading[0] if heading else "Dokumen",
        author="KPU",
        creator="Pindai",
        producer="Pindai",
        creationDate=stamp,
        modDate=stamp,
    )
    return buf.getvalue()


def _draw_table(draw: ImageDraw.ImageDraw, table: Sequence[Sequence[str]], y: int) -> int:
    if not table:
        return y
    font = _font(9)
    ncol = max(len(r) for r in table)
    left, right = 28, _PAGE[0] - 28
    first = min(150, (right - left) // 3)
    rest = (right - left - first) / max(1, ncol - 1)
    xs = [left, left + first] + [round(left + first + rest * (i + 1)) for i in range(ncol - 1)]
    row_h = 15
    top = y
    for row in table[:40]:
        for c, text in enumerate(row):
            draw.text((xs[c] + 3, y + 2), str(text)[:26], fill=30, font=font)
        y += row_h
        draw.line([(left, y), (right, y)], fill=60)
    draw.line([(left, top), (right, top)], fill=60)
    for x in xs[: ncol + 1]:
        draw.line([(x, top), (x, y)], fill=60)
    draw.line([(right, top), (right, y)], fill=60)
    return y
