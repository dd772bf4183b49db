"""The subject adapter: how a domain (proposals, consultation topics) plugs into comments.

A domain registers one ``SubjectKind`` under a short name at import time::

    SUBJECTS["topic"] = TopicSubjects()

and the comment system asks it, for a subject id, what it needs: the area (for who may
comment and who moderates), the public page (where a comment is anchored), whether the
subject is open for comments, and optional notes to show under comments (e.g. an
official's adoption decision on a consultation opinion).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Subject:
    """What the comment system knows about the thing being discussed."""

    type: str  # the registry key, e.g. "proposal" or "topic"
    id: int
    title: str
    url: str  # its public page; comments are anchored there (#comment-12)
    area_id: int
    area_path: str  # the area's tree path: officials governing it moderate here
    is_open: bool  # residents may post, reply and support now
    closed_notice: str = ""  # why not, shown where the form would be
    noun: str = ""  # what a comment is called here (意见 on topics); default 评论
    stances: bool = True  # top-level comments carry a stance (支持/中立/反对)

    @property
    def anchor(self) -> str:
        return f"comments-{self.type}-{self.id}"


@dataclass(frozen=True)
class CommentNote:
    """A domain's remark shown under one comment (e.g. 采纳情况 and the reason)."""

    label: str
    text: str
    tone: str = "info"  # a CSS modifier: info | ok | partial | no


class SubjectKind(Protocol):
    async def load(self, subject_id: int) -> Subject | None:
        """The subject, or None if there is none (or it is not public yet)."""

    async def notes(self, comment_ids: list[int]) -> dict[int, CommentNote]:
        """Notes for some of these comments; an empty dict when the domain has none."""


SUBJECTS: dict[str, SubjectKind] = {}


def register(name: str, kind: SubjectKind) -> None:
    SUBJECTS[name] = kind


async def load_subject(subject_type: str, subject_id: int) -> Subject | None:
    kind = SUBJECTS.get(subject_type)
    return await kind.load(subject_id) if kind else None


async def load_notes(subject_type: str, comment_ids: list[int]) -> dict[int, CommentNote]:
    kind = SUBJECTS.get(subject_type)
    if kind is None or not comment_ids:
        return {}
    return await kind.notes(comment_ids)
