"""A letter (领导信箱) becomes a consultation topic: a draft for the letter's area, opening
tomorrow for two weeks, which the official edits and publishes as any other. The letter
and the topic link to each other (``letters.hooks``, wired in ``app.wiring``)."""

from __future__ import annotations

import datetime as dt

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from tortoise.transactions import in_transaction

from consult.models import Topic
from consult.services import TopicDraft, TopicRefused, topic_create
from core import audit
from core.clock import today
from core.flash import flash
from core.i18n import gettext as _
from core.models import Role
from core.permissions import current_user, requires
from letters import queries as letter_queries
from letters.hooks import Outcome
from letters.masking import mask_text
from letters.permissions import handles

OPEN_DAYS = 14


async def outcomes(letter_id: int) -> list[Outcome]:
    topics = await Topic.filter(from_letter_id=letter_id).order_by("id")
    return [
        Outcome(_("意见征集「{title}」").format(title=t.title), f"/consult/topics/{t.id}")
        for t in topics
    ]


@requires(Role.OFFICIAL)
async def topic_from_letter(request: Request) -> Response:
    user = current_user(request)
    letter = await letter_queries.one(request.path_params["letter_id"])
    if letter is None:
        raise HTTPException(404)
    if not handles(user, letter):
        raise HTTPException(403)
    opens = today() + dt.timedelta(days=1)
    body = mask_text(letter.text) + "\n\n" + _("（来自群众来信 #{id}）").format(id=letter.id)
    draft = TopicDraft(
        title=mask_text(letter.subject),
        body=body,
        area_id=letter.area_id,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=OPEN_DAYS),
    )
    try:
        async with in_transaction():
            topic = await topic_create(user, draft)
            topic.from_letter_id = letter.id
            await topic.save(update_fields=["from_letter_id"])
            await audit.record(
                user,
                "consult.topic.from_letter",
                ("topic", topic.id),
                f"由来信 #{letter.id} 起草意见征集 {topic.title}",
            )
    except TopicRefused as exc:
        flash(request, exc.message, "error")
        return RedirectResponse(f"/letters/{letter.id}", status_code=303)
    flash(request, _("已起草意见征集议题，请完善后发布。"))
    return RedirectResponse(f"/desk/consult/{topic.id}", status_code=303)
