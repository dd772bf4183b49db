"""The annual report's workbook (年度报告): one sheet per part of the dashboard.

Money in exact yuan (``core.exports.yuan``), shares as exact decimal percent; suppressed
turnout cells are written "<10", as on the page.

Building the workbook (pandas, openpyxl) costs several times what the figures do, and the
figures change far less often than the report is downloaded: a built workbook is kept,
keyed by a digest of every cell it holds, until the figures (or the words) change.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import pandas as pd

from core import exports
from core.i18n import gettext as _
from insight import labels
from insight.dashboard import Dashboard
from insight.published import Shown

SUPPRESSED = "<10"


def _cell(shown: Shown | None) -> tuple[object, object, object]:
    if shown is None:
        return SUPPRESSED, SUPPRESSED, SUPPRESSED
    return shown.electors, shown.voters, shown.rate


def participation_rows(board: Dashboard) -> list[list[object]]:
    rows: list[list[object]] = []
    for t in board.participation.turnouts:
        rows.append([t.process.name, board.scope.name, _("合计"), *_cell(t.total)])
        rows += [
            [t.process.name, board.scope.name, labels.age_band(b), *_cell(s)] for b, s in t.bands
        ]
        rows += [[t.process.name, board.scope.name, labels.sex(x), *_cell(s)] for x, s in t.sexes]
        sexes = [x for x, _s in t.sexes]
        rows += [
            [t.process.name, board.scope.name, labels.band_sex(b, x), *_cell(s)]
            for b, cells in t.crossed
            for x, s in zip(sexes, cells, strict=True)
        ]
        rows += [[t.process.name, c.name, _("合计"), *_cell(s)] for c, s in t.children]
    return rows


Table = tuple[list[str], list[list[object]]]  # the header and the rows of one sheet


def tables(board: Dashboard) -> dict[str, Table]:
    p, m, d, s = board.participation, board.money, board.delivery, board.satisfaction
    summary = [
        (_("提案"), p.proposals),
        (_("附议"), p.supports),
        (_("评论"), p.comments),
        (_("资金池（元）"), exports.yuan(m.pool_fen)),
        (_("奖补（元）"), exports.yuan(m.awarded_fen)),
        (_("财政核定（元）"), exports.yuan(m.confirmed_fen)),
        (_("已拨付（元）"), exports.yuan(m.disbursed_fen)),
        (_("人均奖补（元）"), exports.yuan(m.per_resident_fen)),
        (_("立项项目"), d.funded),
        (_("已验收"), d.accepted),
        (_("按期验收"), d.on_time),
        (_("逾期验收"), d.late_accepted),
        (_("逾期未验收"), d.overdue_open),
        (_("立项至验收平均天数"), d.average_days),
        (_("来信按时办结率（％）"), s.on_time_rate),
        (_("来信满意率（％）"), s.satisfaction_rate),
        (_("意见采纳率（％）"), s.adoption_rate),
    ]
    money: list[list[object]] = [
        [labels.category(c), exports.yuan(a), exports.yuan(cf), exports.yuan(di)]
        for c, a, cf, di in m.by_category
    ]
    demand: list[list[object]] = [
        [
            x.area.name,
            *(x.asked.get(c, 0) for c in labels.CATEGORIES),
            sum(x.letters.values()),
            sum(x.funded.values()),
            exports.yuan(x.awarded_fen),
        ]
        for x in board.demand
    ]
    categories = [labels.category(c) for c in labels.CATEGORIES]
    return {
        _("概况"): ([_("指标"), _("数值")], [list(row) for row in summary]),
        _("投票率"): (
            [_("批次"), _("区域"), _("年龄段 / 性别"), _("选民"), _("投票人"), _("投票率（％）")],
            participation_rows(board),
        ),
        _("资金按类别"): (
            [_("类别"), _("奖补（元）"), _("财政核定（元）"), _("已拨付（元）")],
            money,
        ),
        _("需求与供给"): (
            [_("区域"), *categories, _("来信"), _("立项项目"), _("奖补（元）")],
            demand,
        ),
    }


KEEP = 64  # workbooks kept (a district's areas × a few years are what gets downloaded)
_built: OrderedDict[str, bytes] = OrderedDict()


def digest(found: dict[str, Table]) -> str:
    """What the workbook would hold, as a key: equal digests, equal workbooks. repr is
    exact for every value here (int, str, Decimal, None)."""
    return hashlib.sha256(repr(sorted(found.items())).encode("utf-8")).hexdigest()


def workbook(board: Dashboard) -> bytes:
    found = tables(board)
    key = digest(found)
    kept = _built.get(key)
    if kept is not None:
        _built.move_to_end(key)
        return kept
    built = exports.to_xlsx(
        {name: pd.DataFrame(rows, columns=head) for name, (head, rows) in found.items()}
    )
    _built[key] = built
    while len(_built) > KEEP:
        _built.popitem(last=False)
    return built
