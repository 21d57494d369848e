"""Reading an uploaded .xlsx with bounded work and memory (issue 14: uploads with limits).

openpyxl, even in read-only mode, builds the whole shared-string table when it opens a workbook and
each row's XML element before any check can run, and pads rows out to the sheet's declared dimension:
a 403 KB file with one 400 MB string cost 739 MB, a 5 KB file declaring A1:XFD1048576 kept a worker
busy for minutes. This reader streams the parts through expat instead and never builds more than it
needs:

- the archive's declared uncompressed size is checked before anything is unpacked (zip bombs);
  Python's zipfile stops at the declared size and checks the CRC, so the declaration cannot lie;
- only the first worksheet's first `columns` columns are kept; the declared dimension is never read,
  and a missing row is not padded;
- a text (shared string or cell) is kept up to `max_chars` characters; past that the reader counts the
  rest without storing it and hands back a `TooLong` marker, so the caller can say which field is too
  long;
- reading stops past `max_rows` rows with data;
- a document type declaration (entity expansion) is refused.

Values come back as openpyxl would give them with `data_only=True` (cached formula results): str,
int, float, bool, or datetime for numbers styled as dates (openpyxl's own date-format test and epochs).
A value that does not fit its cell type (text in a number or date cell) comes back as its raw text, for
the caller's row check to explain.
"""

import datetime
import posixpath
import re
import zipfile
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

CHUNK = 64 * 1024
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_REL = REL_NS + "/worksheet"
SHARED_STRINGS_REL = REL_NS + "/sharedStrings"
STYLES_REL = REL_NS + "/styles"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"


class WorkbookError(Exception):
    """The file cannot be read as a workbook within the limits; `reason` says why, in a word:
    "not_xlsx", "too_large", "no_worksheet", "corrupt", "too_many_rows"."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class TooLong(str):
    """A text cut at the reader's limit; `length` is its real length in characters."""

    def __new__(cls, prefix, length):
        text = super().__new__(cls, prefix)
        text.length = length
        return text


# OOXML writes a character XML cannot hold (a control character) as _xHHHH_; "_x005F_" is an underscore.
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _local(name):
    """"c" for "c" and "x:c": parts are read without namespace processing (faster), by local name."""
    return name[name.find(":") + 1 :]


def _attribute(attrs, local):
    """An attribute by local name, whatever its prefix ("r:id", "ns1:id")."""
    for name, value in attrs.items():
        if _local(name) == local:
            return value
    return None


def _column_index(reference):
    """1 for "A7", 27 for "AA7"; 0 when the reference has no letters."""
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    return index


class _Text:
    """Collects one text up to `limit` characters and counts the rest."""

    __slots__ = ("parts", "kept", "length", "limit")

    def __init__(self, limit):
        self.parts, self.kept, self.length, self.limit = [], 0, 0, limit

    def add(self, data):
        self.length += len(data)
        if self.kept < self.limit:
            piece = data[: self.limit - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)

    def value(self):
        text = ESCAPED.sub(lambda match: chr(int(match[1], 16)), "".join(self.parts))
        return text if self.length <= self.limit else TooLong(text, self.length)


def _refuse_doctype(*args):
    raise WorkbookError("corrupt", "document type declarations are not allowed")


def _parse(archive, name, start=None, end=None, text=None):
    """Stream one part through expat; the handlers get raw tag names (use _local)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True  # one call per run of text, not one per character reference
    parser.buffer_size = CHUNK
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    try:
        with archive.open(name) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise WorkbookError("corrupt", f"{name}: {exc}") from exc
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:  # CRC error, truncated member
        raise WorkbookError("corrupt", f"{name}: {exc}") from exc


def _relationships(archive, part):
    """{id: (type, target path inside the archive)} of a part's .rels (empty when it has none)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    found = {}
    if rels_name not in archive.NameToInfo:
        return found

    def start(tag, attrs):
        if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id")] = (attrs.get("Type", "").replace(STRICT_REL_NS, REL_NS), path)

    _parse(archive, rels_name, start=start)
    return found


def _workbook_part(archive):
    """The workbook part named by the package's relationships (xl/workbook.xml as a rule)."""
    for rel_type, path in _relationships(archive, "").values():
        if rel_type.endswith("/officeDocument") and path in archive.NameToInfo:
            return path
    raise WorkbookError("not_xlsx", "no workbook part")


def _first_worksheet(archive, workbook):
    """(path of the first worksheet in tab order, the workbook's epoch); chart sheets are skipped."""
    sheets, epoch = [], CALENDAR_WINDOWS_1900

    def start(tag, attrs):
        nonlocal epoch
        tag = _local(tag)
        if tag == "sheet":
            sheets.append(_attribute(attrs, "id"))
        elif tag == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            epoch = CALENDAR_MAC_1904

    _parse(archive, workbook, start=start)
    rels = _relationships(archive, workbook)
    for rel_id in sheets:
        rel_type, path = rels.get(rel_id, ("", ""))
        if rel_type == WORKSHEET_REL and path in archive.NameToInfo:
            return path, epoch, rels
    raise WorkbookError("no_worksheet")


def _date_styles(archive, path):
    """The indexes of the cell formats (cellXfs) that show a number as a date or time."""
    if not path or path not in archive.NameToInfo:
        return frozenset()
    custom, formats, inside = {}, [], []

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "numFmt":
            custom[attrs.get("numFmtId")] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            inside.append(True)
        elif tag == "xf" and inside:
            formats.append(attrs.get("numFmtId", "0"))

    def end(tag):
        if _local(tag) == "cellXfs":
            inside.clear()

    _parse(archive, path, start=start, end=end)
    dates = set()
    for index, format_id in enumerate(formats):
        code = custom.get(format_id)
        if code is None and format_id.isdigit():
            code = BUILTIN_FORMATS.get(int(format_id), "")
        if code and is_date_format(code):
            dates.add(index)
    return frozenset(dates)


def _shared_strings(archive, path, max_chars, max_count):
    """Every shared string, each kept up to `max_chars` characters (TooLong past that); more than
    `max_count` strings is refused as too large."""
    strings = []
    if not path or path not in archive.NameToInfo:
        return strings
    state = {"text": None, "in_t": False, "phonetic": 0}

    def start(tag, attrs):
        tag = _local(tag)
        if tag == "si":
            state["text"] = _Text(max_chars)
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["in_t"] = True

    def end(tag):
        tag = _local(tag)
        if tag == "si":
            if len(strings) >= max_count:
                raise WorkbookError("too_large", "too many shared strings")
            strings.append(state["text"].value())
            state["text"] = None
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data):
        if state["in_t"] and state["text"] is not None:
            state["text"].add(data)

    _parse(archive, path, start=start, end=end, text=text)
    return strings


class _SheetReader:
    """The worksheet's rows as (row number, [value of column 1..columns]), streamed."""

    def __init__(self, *, shared, date_styles, epoch, columns, max_chars, max_rows, first_row):
        self.shared, self.date_styles, self.epoch = shared, date_styles, epoch
        self.columns, self.max_chars, self.max_rows, self.first_row = columns, max_chars, max_rows, first_row
        self.rows, self.data_rows = [], 0
        self.row_number, self.values = 0, None
        self.cell = None  # (column, type, style) of the cell being read, None when it is not kept
        self.text, self.in_value, self.in_inline = None, False, 0
        self.next_column = 1

    def start(self, tag, attrs):
        tag = tag[tag.find(":") + 1 :]  # _local, inlined: called for every element of the sheet
        if tag == "row":
            self.row_number = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row_number + 1
            self.values, self.next_column = [None] * self.columns, 1
        elif tag == "c" and self.values is not None:
            reference = attrs.get("r", "")
            column = _column_index(reference) if reference else self.next_column
            self.next_column = column + 1
            if 1 <= column <= self.columns and self.row_number >= self.first_row:
                style = attrs.get("s", "0")
                self.cell = (column, attrs.get("t", "n"), int(style) if style.isdigit() else 0)
            else:
                self.cell = None
        elif self.cell is not None:
            if tag == "v":
                self.in_value, self.text = True, _Text(self.max_chars)
            elif tag == "is":
                self.in_inline, self.text = 1, _Text(self.max_chars)
            elif tag == "rPh" and self.in_inline:
                self.in_inline += 1  # phonetic guide text is not part of the value
            elif tag == "t" and self.in_inline == 1:
                self.in_value = True

    def end(self, tag):
        tag = tag[tag.find(":") + 1 :]
        if tag in ("v", "t"):
            self.in_value = False
        elif tag == "rPh" and self.in_inline > 1:
            self.in_inline -= 1
        elif tag == "c" and self.cell is not None:
            if self.text is not None:
                self.values[self.cell[0] - 1] = self._value(self.cell, self.text.value())
            self.cell, self.text, self.in_inline = None, None, 0
        elif tag == "row" and self.values is not None:
            if any(value not in (None, "") for value in self.values):
                self.data_rows += 1
                if self.data_rows > self.max_rows:
                    raise WorkbookError("too_many_rows")
                self.rows.append((self.row_number, self.values))
            self.values = None

    def character_data(self, data):
        if self.in_value and self.text is not None:
            self.text.add(data)

    def _value(self, cell, raw):
        _column, kind, style = cell
        if isinstance(raw, TooLong):
            return raw
        if kind == "s":
            return self.shared[int(raw)] if raw.strip().isdigit() and int(raw) < len(self.shared) else raw
        if kind in ("inlineStr", "str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return from_ISO8601(raw.strip())
            except (ValueError, TypeError):
                return raw
        try:  # "n": a number, maybe shown as a date
            number = float(raw)
        except ValueError:
            return raw
        if style in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return raw
        return int(number) if number.is_integer() and "." not in raw and "E" not in raw.upper() else number


def read_rows(file, *, columns, max_rows, max_chars, max_uncompressed, first_row=2):
    """[(row number as Excel shows it, [values of columns 1..`columns`])] of the first worksheet's rows
    with any value, from row `first_row` on. Raises WorkbookError when the file is not a workbook, unpacks
    to more than `max_uncompressed` bytes, has no worksheet, is corrupt, or has more than `max_rows` rows
    with data. Texts longer than `max_chars` come back as TooLong."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookError("not_xlsx", str(exc)) from exc
    with archive:
        if sum(info.file_size for info in archive.infolist()) > max_uncompressed:
            raise WorkbookError("too_large")
        workbook = _workbook_part(archive)
        sheet, epoch, rels = _first_worksheet(archive, workbook)
        by_type = {rel_type: path for rel_type, path in rels.values()}
        reader = _SheetReader(
            # A worksheet of `max_rows` rows needs at most one string per cell (twice that for other sheets).
            shared=_shared_strings(archive, by_type.get(SHARED_STRINGS_REL), max_chars, 2 * (max_rows + 1) * columns),
            date_styles=_date_styles(archive, by_type.get(STYLES_REL)),
            epoch=epoch, columns=columns, max_chars=max_chars, max_rows=max_rows, first_row=first_row,
        )
        _parse(archive, sheet, start=reader.start, end=reader.end, text=reader.character_data)
        return reader.rows


def as_date(value):
    """A date from a cell value that is a date or datetime (None otherwise)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None
