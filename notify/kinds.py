"""What a notification is about (its kind) and the channels it may travel by."""

from __future__ import annotations

from enum import StrEnum

from core.i18n import N_


class Channel(StrEnum):
    SITE = "site"  # 站内信: the inbox on the site, always kept
    SMS = "sms"
    EMAIL = "email"
    WECHAT = "wechat"  # 微信公众号模板消息


class Kind(StrEnum):
    """One kind per event a person may hear about; preferences are per kind and channel."""

    PROPOSAL_REVIEWED = "proposal_reviewed"
    COMMENT_ANSWERED = "comment_answered"
    OBJECTION_ANSWERED = "objection_answered"
    VOTE_OPENED = "vote_opened"
    VOTE_CLOSING = "vote_closing"
    RESULTS_PUBLISHED = "results_published"
    PROJECT_PROGRESS = "project_progress"
    OPINION_FEEDBACK = "opinion_feedback"
    LETTER_UPDATE = "letter_update"
    STAFF_DIGEST = "staff_digest"
    ACCOUNT = "account"  # security notices: password or phone changed
    RATING_OPENED = "rating_opened"  # a finished project of my village may be rated
    RATING_ANSWERED = "rating_answered"


LABELS = {
    Kind.PROPOSAL_REVIEWED: N_("我的提案审核结果"),
    Kind.COMMENT_ANSWERED: N_("官方回复我的评论"),
    Kind.OBJECTION_ANSWERED: N_("我的异议答复"),
    Kind.VOTE_OPENED: N_("本村/社区开始投票"),
    Kind.VOTE_CLOSING: N_("投票截止前提醒"),
    Kind.RESULTS_PUBLISHED: N_("结果发布和公示"),
    Kind.PROJECT_PROGRESS: N_("我提出或附议的项目进展"),
    Kind.OPINION_FEEDBACK: N_("征求意见的反馈"),
    Kind.LETTER_UPDATE: N_("我的来信办理进展"),
    Kind.STAFF_DIGEST: N_("工作日报（工作人员）"),
    Kind.ACCOUNT: N_("账号安全提醒"),
    Kind.RATING_OPENED: N_("本村/社区项目验收后邀请评价"),
    Kind.RATING_ANSWERED: N_("官方回复我的项目评价"),
}

# Channels a kind travels by when the person has said nothing; the inbox always has it.
DEFAULT_CHANNELS: dict[Kind, frozenset[Channel]] = {
    kind: frozenset({Channel.SITE, Channel.SMS, Channel.EMAIL}) for kind in Kind
}
# Kinds a person cannot turn off on the site (security notices).
ALWAYS_ON_SITE = frozenset({Kind.ACCOUNT})
