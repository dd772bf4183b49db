"""Demo consultations: one open (elevators in 吴家堡街道) and one answered (the district's
2027 people's-livelihood projects), with opinions, a reply, an official answer, supports,
questionnaire responses and feedback. Rows are written directly, dated as if they came in
over the consultation period."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pandas as pd
from tortoise.transactions import in_transaction

from comments.models import Comment, CommentSupport, Stance
from consult import documents, notices
from consult.models import (
    Adoption,
    Answer,
    OpinionFeedback,
    Question,
    QuestionKind,
    QuestionOption,
    SurveyResponse,
    Topic,
    TopicDocument,
    TopicStatus,
)
from core import audit
from core.clock import CHINA, today
from core.models import Area, User

ELEVATOR_BODY = """\
为改善老旧小区居民出行条件，街道办事处起草了《吴家堡街道老旧小区加装电梯实施办法（征求意见稿）》，\
现向辖区居民公开征求意见。

## 主要内容

1. **适用范围**：辖区内 2000 年以前建成、四层及以上、未设电梯的住宅楼。
2. **申请条件**：本单元三分之二以上业主同意，且其余业主无书面反对。
3. **资金来源**：财政补贴每台 20 万元，其余由本单元业主按楼层比例分摊。
4. **低层住户**：加装电梯影响采光、通风的，由本单元业主协商一致后给予补偿。

## 参与方式

- 在本页下方发表意见，并选择支持、中立或反对；
- 填写问卷（约 2 分钟）；
- 下载附件中的费用分摊测算表了解具体数额。

截止后，街道将逐条反馈意见采纳情况。
"""

LIVELIHOOD_BODY = """\
为把财政资金用在群众最需要的地方，区政府就 **2027 年民生实事项目** 公开征求意见。\
请结合本村、本社区的实际，提出您最希望办理的事项。

| 类别 | 2026 年投入 | 2027 年拟投入 |
|---|---|---|
| 道路硬化 | 1,200 万元 | 1,500 万元 |
| 饮水安全 | 600 万元 | 800 万元 |
| 养老服务 | 400 万元 | 700 万元 |
"""

LIVELIHOOD_RESPONSE = """\
本次征求意见共收到意见 4 条、问卷 3 份，感谢大家的参与。

## 采纳情况

- **道路硬化**：采纳。沙王村、睦里庄村的村内道路列入 2027 年计划，预计 6 月开工。
- **养老服务**：部分采纳。纬六路社区日间照料中心增加助餐服务；上门护理将先在两个社区试点。
- **文体设施**：暂未采纳。2027 年资金优先保障道路和饮水，广场改造纳入 2028 年储备项目。

项目实施进度将在「参与式预算」栏目公开，欢迎监督。
"""


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 17), CHINA)


async def _questions(
    topic: Topic, specs: list[tuple[QuestionKind, str, list[str], int, int]]
) -> list[Question]:
    made = []
    for position, (kind, prompt, options, low, high) in enumerate(specs, start=1):
        question = await Question.create(
            topic=topic,
            position=position,
            kind=kind,
            prompt=prompt,
            required=kind != QuestionKind.TEXT,
            min_choices=low,
            max_choices=high,
        )
        for i, label in enumerate(options, start=1):
            await QuestionOption.create(question=question, position=i, label=label)
        await question.fetch_related("options")
        made.append(question)
    return made


async def _respond(
    topic: Topic,
    person: User,
    when: dt.datetime,
    answers: list[tuple[Question, list[int] | int | str]],
) -> None:
    response = await SurveyResponse.create(topic=topic, respondent=person)
    await SurveyResponse.filter(id=response.id).update(created_at=when, updated_at=when)
    for question, value in answers:
        if isinstance(value, list):
            for index in value:
                await Answer.create(
                    response=response, question=question, option=question.options[index]
                )
        elif isinstance(value, int):
            await Answer.create(response=response, question=question, scale=value)
        else:
            await Answer.create(response=response, question=question, text=value)


async def _opinion(
    topic: Topic,
    person: User,
    when: dt.datetime,
    body: str,
    stance: Stance | None = None,
    parent: Comment | None = None,
    official: bool = False,
) -> Comment:
    comment = await Comment.create(
        subject_type="topic",
        subject_id=topic.id,
        area_id=topic.area_id,
        author=person,
        parent=parent,
        stance=stance,
        body=body,
        is_official=official,
    )
    await Comment.filter(id=comment.id).update(created_at=when)
    return comment


def _cost_sheet() -> bytes:
    table = pd.DataFrame(
        {
            "楼层": [1, 2, 3, 4, 5, 6],
            "分摊比例": ["0%", "8%", "16%", "22%", "26%", "28%"],
            "每户分摊（元，按 40 万元/台、补贴 20 万元计）": [0, 16000, 32000, 44000, 52000, 56000],
        }
    )
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False, sheet_name="费用分摊测算")
    return buffer.getvalue()


async def _attach(topic: Topic, name: str, data: bytes) -> None:
    stored = await documents.keep("xlsx", data)
    await TopicDocument.create(
        topic=topic,
        kind="xlsx",
        stored_name=stored,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


async def _elevators(people: dict[str, User], areas: dict[str, Area]) -> Topic:
    now = today()
    topic = await Topic.create(
        title="吴家堡街道老旧小区加装电梯实施办法（征求意见稿）",
        body=ELEVATOR_BODY,
        area=areas["370104013000"],
        status=TopicStatus.OPEN,
        opens_on=now - dt.timedelta(days=6),
        closes_on=now + dt.timedelta(days=21),
        created_by=people["13800000002"],
    )
    await _attach(topic, "加装电梯费用分摊测算表.xlsx", _cost_sheet())
    willing, worries, subsidy, other = await _questions(
        topic,
        [
            (
                QuestionKind.SINGLE,
                "您所在的楼栋有加装电梯的意愿吗？",
                ["有，愿意按比例出资", "有，但希望补贴再多一些", "暂时没有需要", "不清楚"],
                0,
                0,
            ),
            (
                QuestionKind.MULTIPLE,
                "您最关心哪些问题？（选 1 至 2 项）",
                ["费用分摊", "低层住户补偿", "施工期间出行", "日后维修保养", "采光和噪音"],
                1,
                2,
            ),
            (QuestionKind.SCALE, "您对每台 20 万元的补贴标准满意吗？", [], 0, 0),
            (QuestionKind.TEXT, "还有什么意见和建议？", [], 0, 0),
        ],
    )
    zhang, liu, chen = people["13900000001"], people["13900000002"], people["13900000003"]
    day = [now - dt.timedelta(days=d) for d in (5, 4, 2, 1)]
    a = await _opinion(
        topic,
        zhang,
        _moment(day[0], 9),
        "我家住五楼，老伴腿脚不好，上下楼太难了，"
        "非常支持加装电梯。希望一楼住户的补偿标准能写清楚，免得邻里闹矛盾。",
        Stance.SUPPORT,
    )
    b = await _opinion(
        topic,
        liu,
        _moment(day[1], 20),
        "我住一楼，电梯井会挡住我家的采光，运行起来"
        "也有噪音。办法里只写了「协商一致后给予补偿」，没有具体标准，我不同意现在的方案。",
        Stance.OPPOSE,
    )
    c = await _opinion(
        topic,
        chen,
        _moment(day[2], 11),
        "建议写明电梯以后的维修保养费用由谁出、怎么分摊，最好也按楼层比例，每年公示一次账目。",
        Stance.NEUTRAL,
    )
    await _opinion(
        topic,
        zhang,
        _moment(day[2], 19),
        "一楼的邻居确实吃亏，可以按楼层比例给一楼一些补偿，大家坐下来商量着办。",
        parent=b,
    )
    await _opinion(
        topic,
        people["13800000002"],
        _moment(day[3], 10),
        "感谢您的意见。街道将在第四条补充低层住户的补偿办法和参考标准，征求意见结束后统一答复。",
        parent=b,
        official=True,
    )
    for comment, supporter in ((a, chen), (c, zhang), (c, liu)):
        await CommentSupport.create(comment=comment, supporter=supporter)
        await Comment.filter(id=comment.id).update(support_count=comment.support_count + 1)
        comment.support_count += 1
    await _respond(
        topic,
        zhang,
        _moment(day[0], 10),
        [(willing, [0]), (worries, [0, 1]), (subsidy, 4), (other, "希望尽快开工。")],
    )
    await _respond(
        topic, liu, _moment(day[1], 21), [(willing, [2]), (worries, [1, 4]), (subsidy, 2)]
    )
    await _respond(topic, chen, _moment(day[2], 12), [(willing, [1]), (worries, [3]), (subsidy, 3)])
    return topic


async def _livelihood(people: dict[str, User], areas: dict[str, Area]) -> Topic:
    now = today()
    opens, closes = now - dt.timedelta(days=60), now - dt.timedelta(days=30)
    topic = await Topic.create(
        title="2027 年槐荫区民生实事项目征求意见",
        body=LIVELIHOOD_BODY,
        area=areas["370104000000"],
        status=TopicStatus.ANSWERED,
        opens_on=opens,
        closes_on=closes,
        response=LIVELIHOOD_RESPONSE,
        answered_at=_moment(closes + dt.timedelta(days=5), 15),
        created_by=people["13800000001"],
    )
    first, rating = await _questions(
        topic,
        [
            (
                QuestionKind.SINGLE,
                "您最希望优先办理哪一类民生实事？",
                ["道路硬化", "饮水安全", "路灯照明", "养老服务", "文体设施"],
                0,
                0,
            ),
            (QuestionKind.SCALE, "您对今年民生实事的办理情况满意吗？", [], 0, 0),
        ],
    )
    admin = people["13800000001"]
    feedback = [
        (
            "13900000004",
            3,
            Stance.SUPPORT,
            "睦里庄村村内道路坑洼多，雨天出行难，建议优先硬化。",
            Adoption.ADOPTED,
            "已列入 2027 年村内道路硬化计划，预计 6 月开工。",
        ),
        (
            "13900000005",
            8,
            Stance.SUPPORT,
            "社区老人多，希望日间照料中心能提供午餐，并有上门护理。",
            Adoption.PARTLY,
            "日间照料中心 2027 年增加助餐服务；上门护理先在两个社区试点。",
        ),
        (
            "13900000006",
            15,
            Stance.NEUTRAL,
            "沙王村的路灯坏了好几盏，希望维修，顺便把村里的路也修一修。",
            Adoption.ADOPTED,
            "路灯已于 4 月修复；沙王村道路列入 2027 年计划。",
        ),
        (
            "13900000001",
            21,
            Stance.OPPOSE,
            "不赞成今年再建文化广场，村里已经有一个了，钱应该先用在道路和饮水上。",
            Adoption.NOT_ADOPTED,
            "文化广场改造为 2028 年储备项目，2027 年资金优先保障道路和饮水，与您的建议一致。",
        ),
    ]
    for mobile, offset, stance, body, adoption, reason in feedback:
        when = _moment(opens + dt.timedelta(days=offset), 14)
        comment = await _opinion(topic, people[mobile], when, body, stance)
        given = await OpinionFeedback.create(
            comment=comment, adoption=adoption, reason=reason, official=admin
        )
        await notices.opinion_feedback(topic, comment, given)  # as feedback_record tells it
    for mobile, offset, pick, score in (
        ("13900000004", 3, 0, 4),
        ("13900000005", 9, 3, 5),
        ("13900000006", 16, 0, 3),
    ):
        await _respond(
            topic,
            people[mobile],
            _moment(opens + dt.timedelta(days=offset), 15),
            [(first, [pick]), (rating, score)],
        )
    return topic


async def load() -> list[str]:
    if await Topic.exists():
        return ["意见征集演示数据已存在，未重复载入。"]
    people = {u.mobile: u for u in await User.all()}
    areas = {a.code: a for a in await Area.all()}
    async with in_transaction():
        open_topic = await _elevators(people, areas)
        answered = await _livelihood(people, areas)
        await audit.record(None, "demo.consult", ("topic", open_topic.id), "载入意见征集演示数据")
    return [
        "意见征集：",
        f"  征集中 /consult/topics/{open_topic.id} {open_topic.title}",
        f"  已反馈 /consult/topics/{answered.id} {answered.title}",
    ]
