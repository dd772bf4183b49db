"""Demo rosters (``yishi demo``): some 300 synthetic residents per demo village and community,
imported through the real importer, and the six demo residents verified against them.

The ID numbers are synthetic (region 370104, random birth dates, correct check digits).
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from core.demo import DISTRICT_CODE, PEOPLE
from core.models import Area, Role, User
from core.principal import load_principal
from residents import idcard, reading, verification
from residents.services import roster_import
from residents.validation import COLUMNS

ROWS_PER_AREA = 300
REGION = "370104"  # 槐荫区
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国秀英桂兰长海晓燕志强丽娟德明玉兰淑珍海燕红梅国庆文华永刚春花凤英金凤玉梅建华明亮立新秋菊雪梅"


def _born(rng: random.Random) -> dt.date:
    # About one in eight is under 18, so minimum voting ages have someone to turn away.
    first = dt.date(2009, 1, 1) if rng.random() < 0.125 else dt.date(1940, 1, 1)
    last = dt.date(2016, 12, 31) if first.year == 2009 else dt.date(2007, 12, 31)
    return first + dt.timedelta(days=rng.randrange((last - first).days))


def _name(rng: random.Random) -> str:
    given = rng.randrange(0, len(GIVEN) - 1, 2)
    return rng.choice(SURNAMES) + GIVEN[given : given + rng.choice((1, 2))]


def roster_rows(
    areas: list[Area], residents: list[tuple[str, str]], seed: int = 2027
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The demo roster; `residents` are (name, area code) put on it. Returns the frame and
    the ID number given to each of them."""
    rng = random.Random(seed)
    used: set[str] = set()
    rows: list[tuple[str, str, str, str]] = []
    numbers: dict[str, str] = {}

    def add(name: str, code: str, born: dt.date) -> str:
        number = idcard.make_number(REGION, born, rng.randrange(1000))
        while number in used:
            number = idcard.make_number(REGION, born, rng.randrange(1000))
        used.add(number)
        rows.append((name, number, code, born.isoformat()))
        return number

    for name, code in residents:
        numbers[name] = add(name, code, dt.date(1960, 1, 1) + dt.timedelta(rng.randrange(12000)))
    for area in areas:
        for _ in range(ROWS_PER_AREA - sum(code == area.code for _n, code in residents)):
            add(_name(rng), area.code, _born(rng))
    headers = [names[0] for names in COLUMNS.values()]  # 姓名, 身份证号, 村/社区代码, 出生日期
    return pd.DataFrame(rows, columns=headers), numbers


async def load() -> list[str]:
    district = await Area.get(code=DISTRICT_CODE)
    areas = await Area.filter(
        path__startswith=district.path, kind__in=["village", "community"]
    ).order_by("path")
    demo_residents = [
        (name, mobile, home)
        for name, mobile, home, roles, _scope in PEOPLE
        if roles == [Role.RESIDENT]
    ]
    frame, numbers = roster_rows(areas, [(name, home) for name, _m, home in demo_residents])
    report = await roster_import(None, district, reading.from_frame("演示名册.csv", frame))
    assert report.ok, report.errors[:5]
    by_code = {area.code: area for area in areas}
    for name, mobile, home in demo_residents:
        user = await User.get(mobile=mobile)
        principal = await load_principal(user.id)
        assert principal is not None
        await verification.verify_self(
            principal, name=name, id_number=numbers[name], area_id=by_code[home].id, ip="demo"
        )
    sample = frame.iloc[len(demo_residents)]  # the first row nobody has claimed
    return [
        f"已载入居民名册：{len(areas)} 个村/社区，共 {report.rows:,} 人（身份证号为合成数据）；"
        f"{len(demo_residents)} 位演示居民已核验",
        f"  可注册新账户后在 /verify 核验：姓名 {sample.iloc[0]}，身份证号 {sample.iloc[1]}，"
        f"{by_code[sample.iloc[2]].name}",
    ]
