"""What search finds of letters: those the public letters page shows (the writer allowed
publishing, and the letter was accepted or answered), masked as that page masks them: the
writer's surname only and only if they agreed to it, phone and ID numbers hidden, in the
letter and in the answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

from core.clock import china_date
from core.i18n import N_
from core.search.index import Document, Source, id_batches
from letters.labels import STATUSES
from letters.masking import mask_text, masked_name
from letters.models import Letter, LetterReply
from letters.permissions import PUBLIC_STATUSES


async def letter_document(letter_id: int) -> Document | None:
    letter = await Letter.get_or_none(id=letter_id).select_related("area", "writer")
    if letter is None or not letter.is_public or letter.status not in PUBLIC_STATUSES:
        return None
    writer = masked_name(letter.writer.name) if letter.writer and letter.show_name else "匿名"
    # The index holds text in the source language, whoever's request wrote it.
    replies = await LetterReply.filter(letter_id=letter.id).order_by("id")
    body = [f"来信人：{writer}", mask_text(letter.text)]
    body += [f"{reply.office}：{mask_text(reply.text)}" for reply in replies]
    return Document(
        url=f"/letters/{letter.id}",
        title=mask_text(letter.subject),
        body="\n".join(body),
        year=china_date(letter.created_at).year,
        area_path=letter.area.path,
        area_name=letter.area.name,
        status=letter.status.value,
    )


def letter_ids() -> AsyncIterator[list[int]]:
    return id_batches(Letter.filter(is_public=True, status__in=PUBLIC_STATUSES))


SOURCE = Source(
    kind="letter",
    label=N_("公开来信"),
    document=letter_document,
    all_ids=letter_ids,
    statuses={s.value: STATUSES[s] for s in PUBLIC_STATUSES},
)
