"""What the journeys upload: an area table, a resident roster, a village photo."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from residents import idcard

DISTRICT, STREET = "370104000000", "370104001000"
EAST, WEST = "370104001001", "370104001002"
STREET_NAME, EAST_NAME, WEST_NAME = "青石街道", "东庄村", "西庄社区"


@dataclass(frozen=True)
class Resident:
    name: str
    mobile: str
    password: str
    born: dt.date
    id_number: str


RESIDENT = Resident(
    name="王秀英",
    mobile="13900000201",
    password="resident-pass-1",
    born=dt.date(1968, 4, 12),
    id_number=idcard.make_number("370104", dt.date(1968, 4, 12), 7),
)


def areas_csv() -> bytes:
    rows = [
        "代码,名称,类型,上级代码,人口,户数",
        f"{DISTRICT},槐荫区,区,,,",
        f"{STREET},{STREET_NAME},街道,{DISTRICT},,",
        f"{EAST},{EAST_NAME},村,{STREET},820,265",
        f"{WEST},{WEST_NAME},社区,{STREET},1400,520",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def roster_csv() -> bytes:
    """The resident plus a few neighbours, so the turnout figures have a denominator."""
    rows = [
        "姓名,身份证号,村/社区代码,出生日期",
        f"{RESIDENT.name},{RESIDENT.id_number},{EAST},{RESIDENT.born.isoformat()}",
    ]
    for n, (name, area) in enumerate([("赵德明", EAST), ("钱桂兰", EAST), ("孙立强", WEST)]):
        born = dt.date(1970 + n, 1 + n, 3 + n)
        rows.append(
            f"{name},{idcard.make_number('370104', born, 100 + n)},{area},{born.isoformat()}"
        )
    return ("\n".join(rows) + "\n").encode("utf-8")


def village_photo() -> bytes:
    """A small real JPEG (the app decodes uploads, so it must be a picture)."""
    image = Image.new("RGB", (320, 240), (118, 156, 92))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 150, 320, 240), fill=(140, 140, 140))  # the road to be paved
    draw.ellipse((240, 20, 300, 80), fill=(250, 210, 80))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def upload(name: str, mime: str, data: bytes) -> dict[str, object]:
    return {"name": name, "mimeType": mime, "buffer": data}
