"""The mailbox as open data: public letters (masked as on the pages) and the statistics.

Only what the public pages show: never the writer's phone, account, files or private
letters; the name only as 张** and only where the writer allowed it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request

from core.api.resources import PAGING, Paging, Parameter, Resource, choice
from core.api.schema import array, integer, nullable, obj, page_of, ref, string
from core.clock import china_date, today
from core.i18n import gettext as _
from letters import queries
from letters.masking import mask_text, masked_name
from letters.models import Letter, LetterKind, LetterReply, Rating
from letters.permissions import PUBLIC_STATUSES
from letters.statistics import Report, report
from letters.stats import Figures

KINDS = [k.value for k in LetterKind]
MONTH = {"type": "string", "pattern": f"^{queries.MONTH_PATTERN}$"}
AREA_CODE = {"type": "string", "pattern": f"^{queries.AREA_CODE_PATTERN}$"}
STATUSES = [s.value for s in PUBLIC_STATUSES]


def public_letter(letter: Letter, replies: list[LetterReply]) -> dict[str, Any]:
    writer = letter.writer.name if letter.writer and letter.show_name else ""
    return {
        "id": letter.id,
        "kind": letter.kind.value,
        "area": {"code": letter.area.code, "name": letter.area.name},
        "subject": mask_text(letter.subject),
        "text": mask_text(letter.text),
        "writer": masked_name(writer) if writer else None,
        "written_on": china_date(letter.created_at).isoformat(),
        "status": letter.status.value,
        "rating": letter.rating.value if letter.rating else None,
        "replies": [
            {"office": r.office, "date": china_date(r.created_at).isoformat(), "text": r.text}
            for r in replies
        ],
        "html_url": f"/letters/{letter.id}",
    }


def _one(request: Request, name: str, valid: Callable[[str], bool]) -> str:
    """The parameter's one value, "" when absent; an empty, repeated or invalid one is a
    400, as the document says ("" is no month, no area code and no value of an enum)."""
    given = request.query_params.getlist(name)
    if given and (len(given) > 1 or not valid(given[0])):
        raise HTTPException(400, _("参数 {name} 的取值无效").format(name=name))
    return given[0] if given else ""


async def _filters(request: Request) -> queries.Filters:
    code = _one(request, "area", queries.AREA_CODE.fullmatch)  # type: ignore[arg-type]
    area = await queries.area_by_code(code) if code else None
    if code and area is None:
        raise HTTPException(404, _("没有这个区域"))
    return queries.Filters(
        area,
        _one(request, "kind", KINDS.__contains__),
        _one(request, "status", STATUSES.__contains__),
        _one(request, "month", lambda m: queries.month_range(m) is not None),
    )


async def _letters(request: Request) -> dict[str, Any]:
    paging = Paging.from_request(request)
    letters, total = await queries.public_page(await _filters(request), paging.offset, paging.limit)
    replies = await queries.replies_for(letters)
    return paging.page([public_letter(x, replies.get(x.id, [])) for x in letters], total)


def rate(value: Decimal | None) -> str | None:
    """A share in percent or a mean as exact decimal text ("85.7"), never a float."""
    return None if value is None else str(value)


def figures_json(f: Figures) -> dict[str, Any]:
    return {
        "received": f.received,
        "accept_counted": f.accept_counted,
        "accepted_on_time": f.accepted_on_time,
        "accepted_on_time_pct": rate(f.accept_rate),
        "reply_counted": f.reply_counted,
        "replied_on_time": f.replied_on_time,
        "replied_on_time_pct": rate(f.reply_rate),
        "average_reply_working_days": rate(f.average_reply_days),
        "rated": f.rated,
        "satisfied": f.satisfied,
        "unrated": f.unrated,
        "satisfaction_pct": rate(f.satisfaction),
        "overdue": f.overdue,
    }


def report_json(r: Report) -> dict[str, Any]:
    return {
        "year": r.year,
        "month": r.month or None,
        "areas": [
            {"code": a.area.code, "name": a.area.name, "level": a.level, **figures_json(a.figures)}
            for a in r.areas
        ],
        "months": [{"month": m.month, **figures_json(m.figures)} for m in r.months],
    }


def _year(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100


def period(request: Request) -> tuple[int, str]:
    """The year (default this one) or one month (YYYY-MM) the statistics cover."""
    year = _one(request, "year", _year)  # checked even beside a month: both are documented
    month = _one(request, "month", lambda m: queries.month_range(m) is not None)
    if month:
        return int(month[:4]), month
    return (int(year) if year else today().year), ""


async def _stats(request: Request) -> dict[str, Any]:
    year, month = period(request)
    return report_json(await report(year, month))


def _decimal(description: str) -> dict[str, Any]:
    return nullable(string(f"{description}；一位小数的十进制文本，无可计者为 null"))


def _figure_schemas() -> dict[str, Any]:
    return {
        "received": integer("收到的来信"),
        "accept_counted": integer("计入按时受理率的来信：已受理或不予受理的，及逾期未受理的"),
        "accepted_on_time": integer("其中按期限受理或不予受理的"),
        "accepted_on_time_pct": _decimal("按时受理率（%）"),
        "reply_counted": integer("计入按时办结率的来信：已答复的，及逾期未答复的"),
        "replied_on_time": integer("其中首次答复不晚于期限的"),
        "replied_on_time_pct": _decimal("按时办结率（%）"),
        "average_reply_working_days": _decimal("从收信到首次答复的平均工作日"),
        "rated": integer("已评价"),
        "satisfied": integer("满意和基本满意"),
        "unrated": integer("已答复未评价（不计为满意）"),
        "satisfaction_pct": _decimal("满意率（%）：(满意+基本满意)/已评价"),
        "overdue": integer("逾期未办"),
    }


SCHEMAS = {
    "PublicLetter": obj(
        "一封公开的来信（姓名与号码已遮蔽）",
        id=integer(),
        kind=string("类型", enum=KINDS),
        area=ref("Area"),
        subject=string("标题"),
        text=string("内容（手机、电话和身份证号已遮蔽）"),
        writer=nullable(string("来信人（如 张**），不愿署名为 null")),
        written_on=string("来信日期", fmt="date"),
        status=string("状态", enum=STATUSES),
        rating=nullable(string("来信人的评价", enum=[r.value for r in Rating])),
        replies=array(
            obj("答复", office=string("答复单位"), date=string("日期", fmt="date"), text=string())
        ),
        html_url=string("公开页面的路径"),
    ),
    "PublicLetterPage": page_of("PublicLetter", "公开来信的一页"),
    "LetterStats": obj(
        "领导信箱统计",
        year=integer(),
        month=nullable(string("月份（YYYY-MM），全年为 null")),
        areas=array(
            obj(
                "一个区域的统计（含下级）",
                code=string("行政区划代码"),
                name=string("名称"),
                level=integer("0 区，1 街道/镇，2 村/社区"),
                **_figure_schemas(),
            )
        ),
        months=array(obj("一个月的统计（全区）", month=string("YYYY-MM"), **_figure_schemas())),
    ),
}
RESOURCES = [
    Resource(
        "/letters",
        "letters",
        "公开的来信及答复（来信人同意公开、已受理的）",
        _letters,
        ref("PublicLetterPage"),
        (
            *PAGING,
            Parameter("area", "12 位区域代码（含下级）", AREA_CODE),
            choice("kind", "类型", KINDS),
            choice("status", "状态", STATUSES),
            Parameter("month", "来信月份，如 2026-11", MONTH),
        ),
        "不公开的来信从不出现；姓名只显示姓氏，文中手机、电话和身份证号已遮蔽。",
        errors={400: "参数无效", 404: "没有这个区域"},
    ),
    Resource(
        "/letters/stats",
        "letter_stats",
        "领导信箱统计：每个街道和村/社区、每月的来信量、按时受理率、按时办结率、平均办理工作日、满意率、逾期",
        _stats,
        ref("LetterStats"),
        (
            Parameter(
                "year", "年份，默认今年", {"type": "integer", "minimum": 2000, "maximum": 2100}
            ),
            Parameter("month", "月份，如 2026-11（优先于 year）", MONTH),
        ),
        "满意率 = (满意 + 基本满意) / 已评价；未评价的答复计为未评价，不计入满意。",
        errors={400: "参数无效"},
    ),
]
