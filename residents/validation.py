"""Checking roster rows, a chunk of rows at a time, column-wise (pandas/numpy).

Every problem becomes a `CellError` with the spreadsheet row and the file's own column
header; the importer refuses the whole file if there is any.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.i18n import gettext as _
from core.tabular import CellError, pick_columns
from residents import idcard
from residents.models import NAME_MAX

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "id_number", "id"),
    "area_code": ("村/社区代码", "区域代码", "行政区划代码", "代码", "area_code", "area"),
    "birth_date": ("出生日期", "出生年月日", "birth_date", "birthday"),
}
_DATE_RE = (
    r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
    r"(?:[ T]00:00(?::00)?)?$"
)  # Excel dates arrive with a midnight time
_COMPACT_DATE_RE = r"^([0-9]{4})([0-9]{2})([0-9]{2})$"
ERROR_CAP = 1000  # enough to fix a file; a file of garbage is not listed line by line

# (row number, area id, id hash, name, birth date, sex): what the importer stages for a row.
StagedRow = tuple[int, int | None, str, str, dt.date, str]


def normalise_name(raw: str) -> str:
    """Names compare after NFKC (full-width letters) and without any spaces."""
    return "".join(unicodedata.normalize("NFKC", raw).split())


def find_columns(frame: pd.DataFrame) -> tuple[dict[str, str], CellError | None]:
    columns = pick_columns(frame, COLUMNS)
    missing = [COLUMNS[name][0] for name in COLUMNS if name not in columns]
    if missing:
        return columns, CellError(1, "、".join(missing), _("缺少必需的列"))
    return columns, None


@dataclass(frozen=True)
class Place:
    """An area a roster row may name."""

    id: int
    name: str
    path: str
    living: bool  # a village or community: the areas rosters list people in


@dataclass
class Problems:
    """The file's problems so far: all counted, the first `ERROR_CAP` kept."""

    items: list[CellError] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.items) < ERROR_CAP:
            self.items.append(CellError(row, column, message))

    def add_rows(self, rows: np.ndarray, column: str, message: str) -> None:
        for row in rows[: max(0, ERROR_CAP - len(self.items))]:
            self.items.append(CellError(int(row), column, message))
        self.count += len(rows)

    def add_each(self, rows: np.ndarray, column: str, messages: pd.Series) -> None:
        room = max(0, ERROR_CAP - len(self.items))
        for row, message in zip(rows[:room], messages.iloc[:room], strict=True):
            self.items.append(CellError(int(row), column, str(message)))
        self.count += len(rows)

    def sorted(self) -> list[CellError]:
        return sorted(self.items, key=lambda e: e.row)


def parse_dates(raw: pd.Series) -> pd.Series:
    """1980-03-01, 1980/3/1, 1980.3.1, 1980年3月1日, 19800301 → datetime64 (NaT if not)."""
    dates = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")  # the usual form, fast
    others = dates.isna().to_numpy()
    if others.any():
        rest = raw[others]
        parts = rest.str.extract(_DATE_RE).fillna(rest.str.extract(_COMPACT_DATE_RE))
        numbers = parts.apply(pd.to_numeric, errors="coerce")
        ymd = pd.DataFrame({"year": numbers[0], "month": numbers[1], "day": numbers[2]})
        dates[others] = pd.to_datetime(ymd, errors="coerce").to_numpy()
    return dates


class RosterChecker:
    """Checks chunks of one file against the known areas and the chosen scope."""

    def __init__(
        self, columns: dict[str, str], places: dict[str, Place], scope: Place, key: bytes
    ) -> None:
        self.columns = columns
        self.places = places
        self.scope = scope
        self.key = key
        self.problems = Problems()

    def check(self, chunk: pd.DataFrame) -> list[StagedRow]:
        """Record the chunk's problems; return the rows whose ID number is sound (those are
        staged, so a duplicate can be found even in a file that fails for other reasons)."""
        rows = chunk.index.to_numpy() + 2  # the header is spreadsheet row 1
        text = {
            name: chunk[header].fillna("").astype(str).str.strip()
            for name, header in self.columns.items()
        }
        names = self._names(rows, text["name"])
        numbers = (
            text["id_number"].str.normalize("NFKC").str.replace(" ", "", regex=False).str.upper()
        )
        verdict = idcard.check_numbers(numbers)
        self._numbers(rows, verdict)
        self._birth_dates(rows, text["birth_date"], verdict.birth_dates)
        area_ids = self._areas(rows, text["area_code"])
        sound = ~(verdict.malformed | verdict.bad_check_digit | verdict.bad_birth_date)
        hashes = idcard.id_hashes(numbers[sound].tolist(), self.key)
        births = verdict.birth_dates.to_numpy()[sound].astype("datetime64[D]").astype(object)
        return list(
            zip(
                rows[sound].tolist(),
                area_ids[sound].tolist(),
                hashes,
                names[sound].tolist(),
                births.tolist(),
                idcard.sexes_of(numbers[sound]).tolist(),
                strict=True,
            )
        )

    def _names(self, rows: np.ndarray, raw: pd.Series) -> np.ndarray:
        names = raw.str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
        column = self.columns["name"]
        lengths = names.str.len().to_numpy()
        self.problems.add_rows(rows[lengths == 0], column, _("姓名不能为空"))
        message = _("姓名不能超过 {n} 个字").format(n=NAME_MAX)
        self.problems.add_rows(rows[lengths > NAME_MAX], column, message)
        return names.to_numpy(dtype=object)

    def _numbers(self, rows: np.ndarray, verdict: idcard.NumberCheck) -> None:
        column = self.columns["id_number"]
        add = self.problems.add_rows
        add(rows[verdict.malformed], column, _("身份证号应为 18 位：17 位数字加 1 位数字或 X"))
        add(rows[verdict.bad_check_digit], column, _("身份证号校验位不对，请核对号码"))
        add(rows[verdict.bad_birth_date], column, _("身份证号中的出生日期不是有效日期"))

    def _birth_dates(self, rows: np.ndarray, raw: pd.Series, from_numbers: pd.Series) -> None:
        column = self.columns["birth_date"]
        stated = parse_dates(raw)
        unreadable = stated.isna().to_numpy()
        self.problems.add_rows(
            rows[unreadable], column, _("出生日期格式不对，应写成 1980-03-01 这样的日期")
        )
        both = ~unreadable & from_numbers.notna().to_numpy()
        differs = both & (stated.to_numpy() != from_numbers.to_numpy())
        self.problems.add_rows(rows[differs], column, _("出生日期与身份证号中的出生日期不一致"))

    def _areas(self, rows: np.ndarray, codes: pd.Series) -> np.ndarray:
        """Area ids (None where the code is wrong), with the reason for every wrong code.
        A file names few areas, so each distinct code is judged once."""
        verdicts = {code: self._judge(code) for code in codes.unique()}
        ids = codes.map({code: v[0] for code, v in verdicts.items() if v[0] is not None})
        messages = codes.map({code: v[1] for code, v in verdicts.items() if v[1]})
        wrong = messages.notna().to_numpy()
        self.problems.add_each(rows[wrong], self.columns["area_code"], messages[wrong])
        return ids.astype("Int64").to_numpy(dtype=object, na_value=None)

    def _judge(self, code: str) -> tuple[int | None, str]:
        place = self.places.get(code)
        if not (len(code) == 12 and code.isdigit()):
            return None, _("村/社区代码应为 12 位数字")
        if place is None:
            return None, _("找不到代码为 {code} 的区域").format(code=code)
        if not place.living:
            return None, _("{name}不是村或社区，名册只能列到村/社区").format(name=place.name)
        if not place.path.startswith(self.scope.path):
            message = _("{name}不在所选范围「{scope}」内")
            return None, message.format(name=place.name, scope=self.scope.name)
        return place.id, ""
