"""Demo letters in every state (new, accepted, transferred, extended, overdue and escalated,
replied, rated, reopened, declined), dated back from today so their deadlines make sense
whenever the demo is loaded; a village official for 吴家堡村, so that an extension asked
for there is approved one level up by the street's official."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core import clock, settings
from core.clock import CHINA, today
from core.models import Area, Role, RoleGrant, User
from core.passwords import hash_password
from letters import calendar, deadlines
from letters.escalation import escalate_overdue
from letters.models import (
    EventKind,
    Extension,
    Letter,
    LetterEvent,
    LetterKind,
    LetterReply,
    LetterStatus,
    Rating,
)

K = LetterKind
VILLAGE_OFFICIAL = ("孙立军", "13800000004", "370104013201")
STREET_OFFICIAL = "13800000002"


@dataclass(frozen=True)
class Spec:
    writer: str  # mobile
    area: str  # code
    kind: LetterKind
    subject: str
    text: str
    days_ago: int
    state: str
    public: bool = True


LETTERS = [
    Spec(
        "13900000001",
        "370104013201",
        K.HELP,
        "村东头路灯坏了三盏",
        "村东头靠近小学的三盏路灯坏了快一个月，晚上孩子放学走路很危险，请尽快修理。联系电话 13900000001。",
        0,
        "new",
    ),
    Spec(
        "13900000002",
        "370104013202",
        K.SUGGEST,
        "建议在村口增设公交站牌",
        "村里老人去城里看病要走两公里到公交站，建议在村口增设一个站牌。",
        1,
        "accepted",
    ),
    Spec(
        "13900000003",
        "370104013203",
        K.COMPLAIN,
        "后屯村南侧排水沟堵塞",
        "雨后南侧排水沟堵塞，污水漫到路上，气味很大。",
        3,
        "transferred",
    ),
    Spec(
        "13900000001",
        "370104013201",
        K.CONSULT,
        "新农合报销比例咨询",
        "想咨询一下今年新农合在区医院住院的报销比例和需要的材料。",
        12,
        "extended",
    ),
    Spec(
        "13900000002",
        "370104013202",
        K.COMPLAIN,
        "垃圾清运不及时",
        "前屯村西头的垃圾箱经常三四天没人清运，夏天苍蝇很多。我的身份证号 370104198001011234。",
        40,
        "overdue",
    ),
    Spec(
        "13900000004",
        "370104100201",
        K.SUGGEST,
        "建议修建村民文化广场",
        "睦里庄村没有像样的活动场地，建议利用村委会旁边的空地修建文化广场。",
        12,
        "replied",
    ),
    Spec(
        "13900000005",
        "370104001001",
        K.PRAISE,
        "表扬社区网格员",
        "纬六路社区网格员王师傅帮独居老人买药送菜，非常负责，特此表扬。",
        30,
        "rated",
    ),
    Spec(
        "13900000006",
        "370104100202",
        K.HELP,
        "自来水水压太低",
        "沙王村北片自来水水压很低，二楼以上基本没水，已经持续两周。",
        20,
        "reopened",
    ),
    Spec(
        "13900000003",
        "370104013203",
        K.COMPLAIN,
        "邻里宅基地纠纷",
        "与邻居的宅基地界线纠纷已经起诉到法院，希望村里出面。",
        6,
        "declined",
        public=False,
    ),
    Spec(
        "13900000006",
        "370104100202",
        K.HELP,
        "低保申请进度",
        "上个月提交了低保申请，想了解审批进度。",
        20,
        "private_replied",
        public=False,
    ),
]


async def _village_official(areas: dict[str, Area]) -> User:
    name, mobile, code = VILLAGE_OFFICIAL
    user = await User.get_or_none(mobile=mobile)
    if user is None:
        user = await User.create(
            name=name,
            mobile=mobile,
            password_hash=hash_password(settings.DEMO_PASSWORD),
            home_area=areas[code],
        )
        await RoleGrant.create(user=user, role=Role.OFFICIAL, area=areas[code])
    return user


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=CHINA).astimezone(dt.UTC)


async def _letter(spec: Spec, areas: dict[str, Area], schedule: deadlines.Schedule) -> Letter:
    writer = await User.get(mobile=spec.writer)
    start = today() - dt.timedelta(days=spec.days_ago)
    dues = calendar.dues_from(start, spec.kind, schedule)
    letter = await Letter.create(
        writer=writer,
        area=areas[spec.area],
        kind=spec.kind,
        subject=spec.subject,
        text=spec.text,
        is_public=spec.public,
        show_name=spec.public,
        received_on=start,
        accept_due=dues.accept,
        reply_due=dues.reply,
        due_provisional=dues.provisional,
    )
    await Letter.filter(id=letter.id).update(created_at=_at(start))
    await LetterEvent.create(
        letter=letter, kind=EventKind.WRITTEN, actor=writer, office=letter.area.name
    )
    return letter


async def _accept(letter: Letter, by: User, day: dt.date) -> None:
    letter.status, letter.accepted_at = LetterStatus.ACCEPTED, _at(day, 10)
    letter.accepted_on_time = day <= letter.accept_due
    await LetterEvent.create(
        letter=letter, kind=EventKind.ACCEPTED, actor=by, office=letter.area.name
    )


async def _reply(
    letter: Letter, by: User, day: dt.date, text: str, schedule: deadlines.Schedule
) -> None:
    await LetterReply.create(letter=letter, text=text, author=by, office=letter.area.name)
    if letter.first_replied_on is None:
        letter.first_replied_on = day
        letter.replied_on_time = day <= letter.reply_due
        letter.reply_working_days = deadlines.working_days_between(
            letter.received_on, day, schedule
        )
    letter.status, letter.replied_at = LetterStatus.REPLIED, _at(day, 15)
    await LetterEvent.create(
        letter=letter, kind=EventKind.REPLIED, actor=by, office=letter.area.name
    )


async def _advance(
    letter: Letter, spec: Spec, areas: dict[str, Area], schedule: deadlines.Schedule
) -> None:
    street = await User.get(mobile=STREET_OFFICIAL)
    village = await User.get(mobile=VILLAGE_OFFICIAL[1])
    start = letter.received_on
    handler = village if spec.area == VILLAGE_OFFICIAL[2] else street
    state = spec.state
    if state == "transferred":
        to = areas["370104013202"]
        moved = today() - dt.timedelta(days=1)
        dues = calendar.dues_from(moved, letter.kind, schedule)
        letter.area, letter.transfers, letter.received_on = to, 1, moved
        letter.accept_due, letter.reply_due = dues.accept, dues.reply
        await LetterEvent.create(
            letter=letter,
            kind=EventKind.TRANSFERRED,
            actor=street,
            office=to.name,
            note="排水沟位于前屯村地界",
        )
    elif state == "declined":
        letter.status, letter.decline_reason = LetterStatus.DECLINED, "litigation"
        letter.accepted_on_time = True
        await LetterEvent.create(
            letter=letter,
            kind=EventKind.DECLINED,
            actor=street,
            office=letter.area.name,
            note="已进入诉讼、仲裁程序",
        )
    elif state != "new":
        await _accept(letter, handler, start + dt.timedelta(days=1))
    if state == "extended":
        due = deadlines.add_working_days(letter.reply_due, settings.LETTER_EXTENSION_DAYS, schedule)
        letter.extension, letter.extension_reason = Extension.APPROVED, "需要区医保局书面答复"
        letter.extension_by, letter.extension_days = handler, settings.LETTER_EXTENSION_DAYS
        letter.reply_due = due.day
        await LetterEvent.create(
            letter=letter,
            kind=EventKind.EXTENSION_REQUESTED,
            actor=handler,
            office=letter.area.name,
            note=letter.extension_reason,
        )
        await LetterEvent.create(
            letter=letter, kind=EventKind.EXTENSION_APPROVED, actor=street, office="吴家堡街道"
        )
    if state in ("replied", "rated", "reopened", "private_replied"):
        await _reply(
            letter,
            handler,
            start + dt.timedelta(days=8),
            "已安排专人核实，具体情况答复如下：相关工作已列入本月计划，完成后在村务公开栏公示。",
            schedule,
        )
    if state == "rated":
        letter.rating, letter.rated_at = Rating.SATISFIED, _at(start + dt.timedelta(days=9))
        await LetterEvent.create(
            letter=letter, kind=EventKind.RATED, actor=letter.writer, note="满意"
        )
    if state == "reopened":
        reopened = start + dt.timedelta(days=10)
        due = deadlines.add_working_days(reopened, calendar.reply_days(letter.kind), schedule)
        letter.status, letter.reopened_at = LetterStatus.ACCEPTED, _at(reopened)
        letter.reply_due = due.day
        await LetterEvent.create(
            letter=letter, kind=EventKind.RATED, actor=letter.writer, note="不满意"
        )
        await LetterEvent.create(
            letter=letter,
            kind=EventKind.REOPENED,
            actor=letter.writer,
            note="水压问题仍未解决，二楼还是没水",
        )
    await letter.save()


async def load() -> list[str]:
    if await Letter.exists():
        return ["领导信箱演示数据已存在，未重复载入。"]
    areas = {a.code: a for a in await Area.all()}
    # The demo's residents have proven their phones (no SMS is sent in the demo).
    residents = await RoleGrant.filter(role=Role.RESIDENT).values_list("user_id", flat=True)
    await User.filter(id__in=residents, mobile_verified_at=None).update(
        mobile_verified_at=clock.now()
    )
    await _village_official(areas)
    schedule = await calendar.load_schedule()
    for spec in LETTERS:
        letter = await _letter(spec, areas, schedule)
        await _advance(letter, spec, areas, schedule)
    escalated = await escalate_overdue(clock.now())
    return [
        f"领导信箱：{len(LETTERS)} 封演示来信（各种办理状态，{escalated} 封逾期督办）：/letters",
        f"  村干部 {VILLAGE_OFFICIAL[0]} 手机号 {VILLAGE_OFFICIAL[1]}（负责 吴家堡村）",
    ]
