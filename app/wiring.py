"""Wiring of rules that a lower layer must obey but a higher one owns (``projects.hooks``).

Installed when the app factory is imported, so every app, test and CLI command that builds
the app has them; ``install`` is idempotent.
"""

from __future__ import annotations

import importlib
import secrets

from accountability.implementation import queries as implementation_queries
from accountability.implementation import services as implementation_services
from accountability.objections import personal_data as objection_data
from accountability.objections import services as objection_services
from accountability.ratings import personal_data as rating_data
from accountability.ratings import queries as rating_queries
from app import audit_labels as _audit_labels  # noqa: F401 - registers its audit log words
from app import digest
from app import personal_data as inbox_data
from assist import personal_data as assist_data
from assist import stories as assist_stories
from comments import personal_data as comment_data
from comments import search as comment_search
from consult import from_letter as topic_from_letter
from consult import personal_data as consult_data
from consult import search as topic_search
from core import personal_data
from core.accounts import erasure
from core.accounts import hooks as account_hooks
from core.accounts.models import CodePurpose
from core.i18n import N_
from core.i18n import gettext as _
from core.search import index as search_index
from insight import turnout as dashboard_turnout
from letters import escalation as letter_escalation
from letters import hooks as letter_hooks
from letters import personal_data as letter_data
from letters import search as letter_search
from notify import jobs, periodic, sms
from notify import services as notify_services
from notify.kinds import Kind
from notify.services import Note
from projects import electorate, hooks, pending
from projects import from_letter as proposal_from_letter
from projects import personal_data as project_data
from projects import search as proposal_search
from projects.models import Phase
from residents import hooks as resident_hooks
from residents import personal_data as roster_data
from votes import notices as vote_notices
from votes import personal_data as vote_data
from votes.results import jobs as tally_jobs
from votes.results import search as result_search
from votes.results import turnout as vote_turnout
from votes.sealing import keys as sealing_keys


def install() -> None:
    hooks.on_phase(Phase.FUNDED, objection_services.funding_refusal)
    hooks.on_phase(Phase.CLOSED, implementation_services.closing_refusal)
    hooks.on_story(implementation_queries.proposal_story)
    hooks.on_story(rating_queries.proposal_ratings)
    hooks.on_turnout(vote_turnout.so_far)  # shown before a phase change is confirmed
    hooks.on_story(assist_stories.proposal_assisted_by)
    letter_hooks.on_remarks(assist_stories.letter_assisted_by)
    # Voting opens with an election key; its shares are handed to who opened it, once.
    hooks.on_entering(Phase.VOTING, sealing_keys.hand_over_shares)
    resident_hooks.on_roster_change(electorate.roster_change_refusal)
    # Who hears of a phase change hears it in the phase change's transaction.
    hooks.on_entering(Phase.VOTING, vote_notices.vote_opened)
    hooks.on_entering(Phase.PUBLICITY, vote_notices.results_published)
    periodic.every("vote-closing-reminder", "0 * * * *", vote_notices.remind_closing)
    periodic.every("staff-digest", digest.CRON, digest.staff_digest)
    # The admin's tally runs on the worker, never on a loop that serves pages.
    jobs.handles(tally_jobs.KIND, tally_jobs.run)
    # A letter becomes a proposal draft or a consultation topic; the pages link both ways.
    letter_hooks.on_outcomes(proposal_from_letter.outcomes)
    letter_hooks.on_outcomes(topic_from_letter.outcomes)
    path = "/desk/letters/{letter_id}"
    letter_hooks.offer(letter_hooks.Conversion(N_("转为提案草稿"), f"{path}/proposal", "get"))
    letter_hooks.offer(letter_hooks.Conversion(N_("转为意见征集议题"), f"{path}/topic"))
    # 督办: overdue letters go to the parent area's officials (also computed on every view).
    periodic.every("letters.escalate", "*/30 * * * *", letter_escalation.escalate_overdue)
    # 数据看板: turnout is counted lazily (never on the cast path), finally at the close.
    periodic.every("dashboard.turnout", dashboard_turnout.CRON, dashboard_turnout.recount_voting)
    # Photos held for a proposal form that was never saved leave storage after a week.
    periodic.every("projects.pending-sweep", pending.SWEEP_CRON, pending.sweep)
    hooks.on_entering(Phase.TALLYING, dashboard_turnout.at_close)
    account_hooks.on_send_code(send_code_by_sms)
    account_hooks.on_account_change(tell_account_change)
    _register_personal_data()
    # Search (搜索): each package says what the public may find of its things. Comments
    # are found through their subjects, registered as their modules are imported: so here
    # too, for the commands (yishi search reindex) that never import the routes.
    importlib.import_module("projects.subjects")
    importlib.import_module("consult.subjects")
    for source in (
        proposal_search.SOURCE,
        topic_search.SOURCE,
        comment_search.SOURCE,
        letter_search.SOURCE,
        result_search.SOURCE,
    ):
        search_index.register(source)


async def send_code_by_sms(mobile: str, purpose: CodePurpose, code: str) -> None:
    """Codes go straight to the gateway, not through the outbox: they are useless in five
    minutes, and never held back by quiet hours."""
    text = _("【议事】您的验证码是 {code}，5 分钟内有效。请勿告诉他人；如非本人操作，请忽略。")
    ref = f"code-{purpose.value}-{secrets.token_hex(6)}"
    await sms.gateway().send(
        sms.Sms(mobile, "verify_code", {"code": code}, text.format(code=code), ref)
    )


ACCOUNT_NOTICES = {
    "account.password_reset": N_("您的密码已通过短信验证码重设"),
    "account.password_change": N_("您的密码已修改"),
    "account.phone_change": N_("您的登录手机号已更换"),
}


async def tell_account_change(user_id: int, action: str) -> None:
    """A security notice (账号安全提醒) in the outbox, in the change's transaction."""
    title = ACCOUNT_NOTICES.get(action)
    if title is None:
        return
    body = _("如果这不是您本人的操作，请立即在登录页通过“忘记密码”重设密码，并联系村/社区干部。")
    await notify_services.notify([user_id], Note(Kind.ACCOUNT, _(title), body, "/me"))


def _register_personal_data() -> None:
    """What each package holds about a person (我的数据), and what leaving erases."""
    collect = personal_data.collector
    collect("account", N_("账户"), erasure.account_rows)
    collect("consents", N_("授权记录"), erasure.consent_rows)
    collect("account_changes", N_("账户操作记录"), erasure.own_audit_rows)
    collect("roster", N_("名册核验"), roster_data.roster_rows)
    collect("proposals", N_("提案"), project_data.proposal_rows)
    collect("supports", N_("附议"), project_data.support_rows)
    collect("comments", N_("评论与意见"), comment_data.comment_rows)
    collect("comment_actions", N_("举报与点赞"), comment_data.report_rows)
    collect("survey_answers", N_("问卷回答"), consult_data.answer_rows)
    collect("objections", N_("异议"), objection_data.objection_rows)
    collect("votes", N_("投票记录（只记是否投票）"), vote_data.mark_rows)
    collect("messages", N_("站内消息"), inbox_data.message_rows)
    collect("letters", N_("来信"), letter_data.letter_rows)
    collect("project_ratings", N_("项目满意度评价"), rating_data.rating_rows)
    collect("held_files", N_("待提交的照片"), project_data.held_file_rows)
    collect("assist_acts", N_("代办记录"), assist_data.assist_rows)
    personal_data.eraser("roster", roster_data.roster_unlink)
    personal_data.eraser("messages", inbox_data.messages_erase)
    personal_data.eraser("letters", letter_data.letters_erase)
    personal_data.eraser("project_ratings", rating_data.ratings_erase)
    personal_data.eraser("held_files", project_data.held_files_erase)
    personal_data.eraser("assist_acts", assist_data.assist_erase)
