"""A person's comments (and consultation opinions, which are comments), reports and likes.

On account deletion they stay: a discussion with holes in it would misquote the replies,
and the author now shows as "已注销用户". What the comments say is the person's to delete
before leaving, as any comment can be.
"""

from __future__ import annotations

from typing import Any

from comments.models import Comment, CommentReport, CommentSupport


async def comment_rows(user_id: int) -> list[dict[str, Any]]:
    rows = await Comment.filter(author_id=user_id).order_by("id")
    return [
        {
            "id": c.id,
            "on": f"{c.subject_type}:{c.subject_id}",
            "reply_to": c.parent_id,
            "stance": c.stance,
            "body": c.body,
            "visibility": c.visibility,
            "created_at": c.created_at,
        }
        for c in rows
    ]


async def report_rows(user_id: int) -> list[dict[str, Any]]:
    reports = await CommentReport.filter(reporter_id=user_id).order_by("id")
    likes = await CommentSupport.filter(supporter_id=user_id).order_by("id")
    return [
        *(
            {"comment_id": r.comment_id, "what": "report", "reason": r.reason, "at": r.created_at}
            for r in reports
        ),
        *(
            {"comment_id": s.comment_id, "what": "support", "reason": None, "at": s.created_at}
            for s in likes
        ),
    ]
