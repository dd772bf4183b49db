"""Comment reads: a subject's thread as one viewer sees it, and the moderation queue."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from tortoise.expressions import F, Q

from comments.models import Comment, CommentReport, CommentSupport, Visibility
from comments.permissions import may_answer, may_comment, may_moderate, may_report
from comments.subjects import CommentNote, Subject, load_notes, load_subject
from core.forms import Form
from core.i18n import gettext as _
from core.principal import Principal, governed_scope

THREAD_LIMIT = 500  # a village discussion; beyond this the page would need paging
QUEUE_LIMIT = 100


def masked_name(name: str) -> str:
    """张桂兰 → 张**: residents are shown to the public by surname only (个人信息保护)."""
    return (name[:1] + "*" * max(1, len(name) - 1)) if name else "*"


@dataclass
class CommentView:
    """One comment as one viewer may see it."""

    comment: Comment
    author_label: str
    author_place: str
    show_text: bool  # hidden text reaches only its author and moderators
    is_mine: bool
    can_moderate: bool
    can_support: bool
    can_reply: bool
    may_comment: bool  # the viewer may reply as a resident
    may_answer: bool  # the viewer may reply as an official
    supported: bool
    reported: bool
    can_report: bool
    note: CommentNote | None = None
    replies: list[CommentView] = field(default_factory=list)
    form: Form = field(default_factory=Form)  # the reply or report form, with any errors

    @property
    def hidden_notice(self) -> str:
        if self.comment.visibility == Visibility.AUTO_HIDDEN:
            return _("此评论因多次被举报已暂时隐藏，等待审核")
        return _("此评论已被隐藏：{reason}").format(reason=self.comment.hidden_reason)


@dataclass
class Thread:
    subject: Subject
    comments: list[CommentView]
    total: int
    stances: dict[str, int]
    may_comment: bool
    may_answer: bool
    form: Form = field(default_factory=Form)

    @property
    def noun(self) -> str:
        return self.subject.noun or _("评论")


@dataclass
class _Viewer:
    user: Principal | None
    may_comment: bool
    may_answer: bool
    can_moderate: bool
    supported: set[int]
    reported: set[int]
    may_report: bool


def _author(comment: Comment, viewer: _Viewer) -> tuple[str, str]:
    author = comment.author
    # An official answers for the office, not from where they happen to live.
    place = author.home_area.name if author.home_area and not comment.is_official else ""
    if viewer.user and author.id == viewer.user.id:
        return _("我"), place
    if comment.is_official or viewer.can_moderate:
        return author.name, place
    return masked_name(author.name), place


def _view(comment: Comment, viewer: _Viewer, notes: dict[int, CommentNote]) -> CommentView:
    mine = viewer.user is not None and comment.author_id == viewer.user.id
    label, place = _author(comment, viewer)
    return CommentView(
        comment=comment,
        author_label=label,
        author_place=place,
        show_text=not comment.is_hidden or mine or viewer.can_moderate,
        is_mine=mine,
        can_moderate=viewer.can_moderate,
        can_support=viewer.may_comment and not mine and not comment.is_hidden,
        can_reply=(
            comment.parent_id is None
            and not comment.is_hidden
            and (viewer.may_comment or viewer.may_answer)
        ),
        may_comment=viewer.may_comment,
        may_answer=viewer.may_answer,
        supported=comment.id in viewer.supported,
        reported=comment.id in viewer.reported,
        can_report=viewer.may_report and not mine,
        note=notes.get(comment.id),
    )


async def _viewer(user: Principal | None, subject: Subject, ids: list[int]) -> _Viewer:
    supported: set[int] = set()
    reported: set[int] = set()
    if user is not None and ids:
        supported = set(
            cast(
                list[int],
                await CommentSupport.filter(comment_id__in=ids, supporter_id=user.id).values_list(
                    "comment_id", flat=True
                ),
            )
        )
        reported = set(
            cast(
                list[int],
                await CommentReport.filter(comment_id__in=ids, reporter_id=user.id).values_list(
                    "comment_id", flat=True
                ),
            )
        )
    return _Viewer(
        user,
        await may_comment(user, subject),
        may_answer(user, subject),
        may_moderate(user, subject.area_path),
        supported,
        reported,
        await may_report(user, subject),
    )


async def thread_for(subject: Subject, user: Principal | None, form: Form | None = None) -> Thread:
    """Every comment on the subject (top level in order, replies under each)."""
    comments = (
        await Comment.filter(subject_type=subject.type, subject_id=subject.id)
        .select_related("author__home_area")
        .order_by("id")
        .limit(THREAD_LIMIT)
    )
    ids = [c.id for c in comments]
    viewer = await _viewer(user, subject, ids)
    notes = await load_notes(subject.type, ids)
    top: dict[int, CommentView] = {}
    for comment in comments:
        view = _view(comment, viewer, notes)
        parent_id = comment.parent_id
        if parent_id is None:
            top[comment.id] = view
        elif parent_id in top:
            top[parent_id].replies.append(view)
    stances = Counter(
        v.comment.stance.value for v in top.values() if v.comment.stance and not v.comment.is_hidden
    )
    return Thread(
        subject=subject,
        comments=list(top.values()),
        total=len(comments),
        stances=dict(stances),
        may_comment=viewer.may_comment,
        may_answer=may_answer(user, subject),
        form=form or Form(),
    )


async def comment_view(
    comment: Comment, subject: Subject, user: Principal | None, form: Form | None = None
) -> CommentView:
    """One comment (with its replies) for re-rendering its fragment after an action."""
    family = (
        await Comment.filter(Q(id=comment.id) | Q(parent_id=comment.id))
        .select_related("author__home_area")
        .order_by("id")
    )
    ids = [c.id for c in family]
    viewer = await _viewer(user, subject, ids)
    notes = await load_notes(subject.type, ids)
    views = [_view(c, viewer, notes) for c in family]
    head = next(v for v in views if v.comment.id == comment.id)
    head.replies = [v for v in views if v.comment.id != comment.id]
    if form is not None:
        head.form = form
    return head


@dataclass
class QueueItem:
    """One comment awaiting (or having had) a moderator's decision, with its subject."""

    view: CommentView
    subject: Subject | None
    area_name: str
    reasons: dict[str, int]  # report reason → how many


def _queue_filter(show: str) -> Q:
    if show == "hidden":
        return Q(visibility=Visibility.HIDDEN)
    # Auto-hidden ones, and visible ones with reports no moderator has looked at yet.
    return Q(visibility=Visibility.AUTO_HIDDEN) | Q(
        visibility=Visibility.VISIBLE, report_count__gt=F("reports_reviewed")
    )


async def moderation_queue(user: Principal, show: str = "pending") -> list[QueueItem]:
    """Reported and auto-hidden comments (or hidden ones) in the areas this person governs."""
    query = Comment.filter(_queue_filter(show))
    # Officials: only their own areas and below.
    query = query.filter(governed_scope(user, lambda path: Q(area__path__startswith=path)))
    found = (
        await query.select_related("author__home_area", "area")
        .order_by("-report_count", "-id")
        .limit(QUEUE_LIMIT)
    )
    return [await queue_item(comment, user) for comment in found]


async def pending_count(user: Principal) -> int:
    """How many comments wait in this person's moderation queue (the daily digest)."""
    scope = governed_scope(user, lambda path: Q(area__path__startswith=path))
    return await Comment.filter(_queue_filter("pending")).filter(scope).count()


async def queue_item(comment: Comment, user: Principal) -> QueueItem:
    subject = await load_subject(comment.subject_type, comment.subject_id)
    await comment.fetch_related("area", "author__home_area")
    viewer = _Viewer(user, False, False, True, set(), set(), False)
    reasons = Counter(
        await CommentReport.filter(comment_id=comment.id).values_list("reason", flat=True)
    )
    return QueueItem(
        view=_view(comment, viewer, {}),
        subject=subject,
        area_name=comment.area.name,
        reasons={str(k): v for k, v in reasons.items()},
    )
