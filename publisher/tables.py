"""A steward's CSV → its encoding, dialect, header and Table Schema; cell text → plain numbers.

Shared by the XLSX reader and the CSV resources of a package. A CSV is decoded as UTF-8 (with or
without BOM), else Windows-1252 (with a warning); its delimiter (`,` `;` tab) is sniffed from the
header line. The steward's file is never rewritten: a non-default encoding or delimiter is declared
in the resource so that readers see the same table. Indonesian number formats ("2.488.733",
"12,5") become plain numbers where we write the CSV ourselves (XLSX tables) and are reported where
we do not. Inferred schemas keep codes as strings with their leading zeros.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from publisher.personal import personal_data
from publisher.problems import Problem, Text, register

NUMERIC_TYPES = ("integer", "number")
SAMPLE_ROWS = 5000  # rows read to infer a schema and spot locale numbers
CHUNK = 1 << 20

register(
    {
        "csv-empty": Text(
            id="Berkas CSV {path} tidak berisi baris judul kolom.",
            en="CSV file {path} has no header row.",
            fix_id="Ekspor ulang tabel dengan judul kolom di baris pertama.",
            fix_en="Export the table again with the column headers in the first row.",
        ),
        "csv-encoding-unknown": Text(
            id="Berkas CSV {path} bukan teks UTF-8 maupun Windows-1252 (bita tak dikenal pada "
            "posisi {offset}).",
            en="CSV file {path} is neither UTF-8 nor Windows-1252 text (unknown byte at offset "
            "{offset}).",
            fix_id="Buka di Excel/LibreOffice dan simpan sebagai 'CSV UTF-8 (dipisah koma)'.",
            fix_en="Open it in Excel/LibreOffice and save it as 'CSV UTF-8 (comma delimited)'.",
        ),
        "csv-encoding": Text(
            id="Berkas CSV {path} tersimpan sebagai {encoding}, bukan UTF-8; encoding-nya "
            "dicatat di datapackage.json.",
            en="CSV file {path} is saved as {encoding}, not UTF-8; the encoding is declared in "
            "datapackage.json.",
            fix_id="Sebaiknya simpan sebagai 'CSV UTF-8 (dipisah koma)'.",
            fix_en="Better save it as 'CSV UTF-8 (comma delimited)'.",
        ),
        "csv-delimiter": Text(
            id="Berkas CSV {path} memakai pemisah '{delimiter}', bukan koma; pemisahnya dicatat "
            "di datapackage.json.",
            en="CSV file {path} uses '{delimiter}' as separator, not a comma; it is declared in "
            "datapackage.json.",
            fix_id="Sebaiknya simpan sebagai 'CSV UTF-8 (dipisah koma)'.",
            fix_en="Better save it as 'CSV UTF-8 (comma delimited)'.",
        ),
        "csv-bom": Text(
            id="Berkas CSV {path} diawali tanda BOM (byte-order mark) UTF-8; encoding-nya dicatat "
            "di datapackage.json sebagai utf-8-sig.",
            en="CSV file {path} starts with a UTF-8 byte-order mark (BOM); the encoding is "
            "declared in datapackage.json as utf-8-sig.",
            fix_id="Tidak wajib diubah. Simpan sebagai 'CSV UTF-8' tanpa BOM bila ada program "
            "yang menampilkan 'ï»¿' di depan judul kolom pertama.",
            fix_en="No change needed. Save as UTF-8 CSV without a BOM if a program shows 'ï»¿' "
            "before the first column name.",
        ),
        "csv-line-endings": Text(
            id="Berkas CSV {path} memakai akhir baris Windows (CR LF); dibaca dengan benar.",
            en="CSV file {path} uses Windows line ends (CR LF); it is read correctly.",
            fix_id="Tidak wajib diubah; akhir baris campuran (sebagian CR LF, sebagian LF) "
            "sebaiknya diseragamkan.",
            fix_en="No change needed; mixed line ends (some CR LF, some LF) are better made "
            "uniform.",
        ),
        "csv-locale-numbers": Text(
            id="Kolom {columns} di {path} berisi angka berformat Indonesia (mis. '{value}' di "
            "baris {row} kolom {field}); program pengolah data membacanya sebagai teks.",
            en="Columns {columns} of {path} hold Indonesian-formatted numbers (e.g. '{value}' in "
            "row {row}, column {field}); data tools read them as text.",
            fix_id="Simpan angka tanpa pemisah ribuan (2488733, bukan 2.488.733) dan dengan titik "
            "desimal.",
            fix_en="Save numbers without thousands separators (2488733, not 2.488.733) and with a "
            "decimal point.",
        ),
        "csv-header-mismatch": Text(
            id="Judul kolom {path} tidak sama dengan skema {schema}: {detail}.",
            en="The header of {path} does not match schema {schema}: {detail}.",
            fix_id="Gunakan nama kolom persis seperti skema: {expected}.",
            fix_en="Use exactly the schema's column names: {expected}.",
        ),
    }
)

_ID_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 2.488.733 / 1.234,5
_EN_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 2,488,733 / 1,234.5
_SPACED = re.compile(r"^[-+]?\d{1,3}( \d{3})+(,\d+)?$")  # 2 488 733
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")  # 12,5
_PLAIN = re.compile(r"^[-+]?\d+(\.\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_CODE_NAME = re.compile(r"^(kode|no_tps)", re.IGNORECASE)


@dataclass(frozen=True)
class Decoded:
    """A text file's content; `encoding` is a Python codec name usable in a resource."""

    text: str
    encoding: str


def decode(data: bytes) -> Decoded | None:
    """UTF-8 (BOM → utf-8-sig), else Windows-1252; None when neither fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return None


def sniff_encoding(path: Path) -> tuple[str | None, int]:
    """Streaming: 'utf-8', 'utf-8-sig' or 'cp1252', or (None, offset of the first bad byte)."""
    with path.open("rb") as fh:
        head = fh.read(3)
        bom = head == codecs.BOM_UTF8
        for encoding in ("utf-8", "cp1252"):
            fh.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            offset = 0
            try:
                while chunk := fh.read(CHUNK):
                    decoder.decode(chunk)
                    offset += len(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError as exc:
                bad = offset + exc.start
                if encoding == "cp1252":
                    return None, bad
                continue
            return ("utf-8-sig" if bom else encoding), 0
    return None, 0


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of , ; tab (comma on a tie)."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 without BOM, LF line ends, minimal quoting: the same rows give the same bytes."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def normalise_number(text: str, kind: str) -> str:
    """'2.488.733' → '2488733', '1.234,5' → '1234.5', '12,5' → '12.5'; other text unchanged.

    For integer fields a zero fraction is dropped ('1.234,00' → '1234'). Text that is not a number
    ('-', 'n/a') is left as it is for the validator to report.
    """
    value = text.strip()
    if _ID_THOUSANDS.match(value) or _SPACED.match(value):
        value = value.replace(".", "").replace(" ", "").replace(",", ".")
    elif _EN_THOUSANDS.match(value) and (kind == "integer" or "." in value):
        value = value.replace(",", "")
    elif _DECIMAL_COMMA.match(value):
        value = value.replace(",", ".")
    elif not _PLAIN.match(value):
        return text
    value = value.lstrip("+")
    if kind == "integer" and re.match(r"^-?\d+\.0+$", value):
        value = value.split(".", 1)[0]
    return value


def clean_number(text: str, kind: str) -> str:
    """`normalise_number`, except that "1.234" in a number column stays a decimal, not 1234."""
    if kind == "number" and _PLAIN.match(text.strip()):
        return text.strip()
    return normalise_number(text, kind)


def infer_fields(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
    """Table Schema fields for a table without a configured schema.

    Codes stay strings: a column named kode_*/no_tps, or holding any digit string with a leading
    zero ("001", "0812..."), is a string; otherwise all-integer columns are integers and
    all-decimal columns numbers.
    """
    fields: list[dict[str, Any]] = []
    for i, name in enumerate(header):
        values = [row[i].strip() for row in rows if i < len(row) and row[i].strip()]
        fields.append({"name": name, "type": _infer_type(name, values)})
    return fields


def _infer_type(name: str, raw: list[str]) -> str:
    if _CODE_NAME.match(name) or not raw:
        return "string"
    if any(len(v) > 1 and v.startswith("0") and v.isdigit() for v in raw):
        return "string"
    values = [normalise_number(v, "number") for v in raw]
    if all(_INTEGER.match(v) for v in values):
        return "integer"
    if all(_NUMBER.match(v) for v in values):
        return "number"
    return "string"


@dataclass(frozen=True)
class CsvInfo:
    """What a resource must declare for a steward's CSV to read right, and its schema."""

    encoding: str | None  # None: plain UTF-8
    delimiter: str
    header: tuple[str, ...]
    schema: dict[str, Any] | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def dialect(self) -> dict[str, Any] | None:
        return None if self.delimiter == "," else {"delimiter": self.delimiter}


def inspect_csv(
    path: Path, *, shown: str, schema: Mapping[str, Any] | None, schema_name: str = ""
) -> CsvInfo:
    """Encoding, delimiter and header of a CSV; the configured schema, or one inferred."""
    encoding, offset = sniff_encoding(path)
    if encoding is None:
        problem = Problem.make("csv-encoding-unknown", shown, offset=offset)
        return CsvInfo(None, ",", (), None, (problem,))
    problems: list[Problem] = []
    if encoding == "cp1252":
        problems.append(Problem.make("csv-encoding", shown, severity="warning", encoding="cp1252"))
    elif encoding == "utf-8-sig":
        problems.append(Problem.make("csv-bom", shown, severity="info"))
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline()
        if first.endswith("\r\n"):
            problems.append(Problem.make("csv-line-endings", shown, severity="info"))
        delimiter = sniff_delimiter(first)
        fh.seek(0)
        rows = list(islice(csv.reader(fh, delimiter=delimiter), SAMPLE_ROWS + 1))
    if not rows or not any(cell.strip() for cell in rows[0]):
        return CsvInfo(None, ",", (), None, (Problem.make("csv-empty", shown),))
    if delimiter != ",":
        problems.append(Problem.make("csv-delimiter", shown, severity="info", delimiter=delimiter))
    header = tuple(cell.strip() for cell in rows[0])
    body = rows[1:]
    signs = personal_data(header, body)
    problems += [
        Problem.make(
            "personal-data", shown, field=sign.field, reason_id=sign.reason_id,
            reason_en=sign.reason_en,
        )
        for sign in signs
    ]  # fmt: skip
    if schema is not None:
        found = dict(schema)
        if not signs:  # a list of persons is not fixed by renaming its columns
            problems += _header_problems(header, found, shown, schema_name)
    else:
        found = {"fields": infer_fields(header, body), "missingValues": [""]}
    problems += _locale_number_problems(header, body, found, shown)
    declared = None if encoding == "utf-8" else encoding
    return CsvInfo(declared, delimiter, header, found, tuple(problems))


def _header_problems(
    header: Sequence[str], schema: Mapping[str, Any], shown: str, schema_name: str
) -> list[Problem]:
    expected = [str(f["name"]) for f in schema.get("fields", [])]
    if list(header) == expected:
        return []
    missing = [n for n in expected if n not in header]
    extra = [n for n in header if n not in expected]
    mode = str(schema.get("fieldsMatch", "exact"))
    if mode != "exact":  # matched by name: only what `validate` would also find is said
        keyed = set(schema.get("primaryKey") or [])
        required = {
            str(f["name"]) for f in schema.get("fields", [])
            if (f.get("constraints") or {}).get("required") or f["name"] in keyed
        }  # fmt: skip
        if mode in ("superset", "partial"):
            missing = [n for n in missing if n in required]
        if mode in ("subset", "partial"):
            extra = []
        if not missing and not extra:
            return []
    detail = {
        lang: "; ".join(
            ([f"{absent}: " + ", ".join(missing)] if missing else [])
            + ([f"{more}: " + ", ".join(extra)] if extra else [])
            or [order]
        )
        for lang, absent, more, order in (
            ("id", "tidak ada", "lebih", "urutan berbeda"),
            ("en", "missing", "extra", "order differs"),
        )
    }
    return [
        Problem.make(
            "csv-header-mismatch",
            shown,
            severity="error",  # as `validate` judges it (extra/missing/incorrect-label)
            schema=schema_name or "-",
            detail_id=detail["id"],
            detail_en=detail["en"],
            expected=", ".join(expected),
        )
    ]


def _locale_number_problems(
    header: Sequence[str], body: Sequence[Sequence[str]], schema: Mapping[str, Any], shown: str
) -> list[Problem]:
    """One warning per file naming every numeric column written the Indonesian way; its row and
    field are those of the first such cell (header = row 1)."""
    types = {str(f["name"]): str(f.get("type", "string")) for f in schema.get("fields", [])}
    found: dict[str, tuple[int, str]] = {}  # column → (row, first such value)
    for i, name in enumerate(header):
        kind = types.get(name, "string")
        if kind not in NUMERIC_TYPES:
            continue
        for number, row in enumerate(body, start=2):
            value = row[i].strip() if i < len(row) else ""
            if value.isdigit():
                continue  # plain digits, the usual cell: never changed by clean_number
            # "1.234" is a grouped integer, but may be a decimal in a number column
            if value and clean_number(value, kind) != value:
                found[name] = (number, value)
                break
    if not found:
        return []
    first = min(found, key=lambda name: found[name][0])
    return [
        Problem.make(
            "csv-locale-numbers",
            shown,
            severity="warning",
            row=found[first][0],
            field=first,
            value=found[first][1],
            columns=", ".join(found),
        )
    ]


def normalised_csv(path: Path, info: CsvInfo) -> bytes:
    """A steward's CSV → UTF-8, comma-separated, numeric columns in plain form ('2488733')."""
    kinds = {
        str(f["name"]): str(f.get("type", "string")) for f in (info.schema or {}).get("fields", [])
    }
    with path.open(encoding=info.encoding or "utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=info.delimiter))
    header = [cell.strip() for cell in rows[0]]
    numeric = [i for i, name in enumerate(header) if kinds.get(name) in NUMERIC_TYPES]
    body = []
    for row in rows[1:]:
        cells = list(row)
        for i in numeric:
            if i < len(cells):
                cells[i] = clean_number(cells[i], kinds[header[i]])
        body.append(cells)
    return write_csv(header, body)
