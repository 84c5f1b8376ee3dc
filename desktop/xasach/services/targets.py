"""Plan targets (chỉ tiêu) evaluated from the registers for a period — the Overview's panel and
the periodic report use these same numbers.

The plan (values, which episodes count as services, villages with a model) is stored as JSON in
the `setting` table under `targets.plan`; without one, the shipped defaults of
`resources/rules/targets.json` (seeds 002 and 004) apply. The upper level can send a plan down
in a reference bundle (services.rule_updates).

For the current period, "at the end of the period" means today: a state is read as it is now,
and months still to come are not due.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xasach.domain.episodes import EpisodeType
from xasach.domain.errors import DomainError
from xasach.domain.hotspots import HotspotStatus
from xasach.domain.periods import Period
from xasach.domain.roles import Actor, Permission
from xasach.domain.rules import planned_end
from xasach.domain.targets import (
    Plan,
    TargetResult,
    TargetSpec,
    count_result,
    growth_result,
    plan_from_dict,
    share_result,
)
from xasach.i18n import _
from xasach.paths import resources_dir
from xasach.services.common import acting, own_unit
from xasach.services.law_figures import HotspotLife, hotspot_lives, overlaps, people_with_files
from xasach.services.overview import may_see
from xasach.services.setup import MODE_UPPER
from xasach.store import audit
from xasach.store.models import Activity, ActivityVillage, Episode, Village
from xasach.store.reference import get_setting, put_setting, rule_set

PLAN_SETTING = "targets.plan"
SHIPPED_TARGETS = "rules/targets.json"
REHAB_KINDS = frozenset(
    {
        EpisodeType.VOLUNTARY_REHAB_COMMUNITY.value,
        EpisodeType.VOLUNTARY_REHAB_FACILITY.value,
        EpisodeType.COMPULSORY_REHAB.value,
    }
)


def shipped_plan() -> Plan:
    path = resources_dir() / SHIPPED_TARGETS
    return plan_from_dict(json.loads(path.read_text(encoding="utf-8")))


def load_plan(session: Session) -> Plan:
    """The plan in force here: the stored one, or the shipped defaults."""
    stored = get_setting(session, PLAN_SETTING)
    if not stored:
        return shipped_plan()
    try:
        return plan_from_dict(json.loads(stored))
    except ValueError as exc:  # DomainError is a ValueError too
        raise DomainError(
            _("The stored plan targets cannot be read ({detail}). Reload the defaults.").format(
                detail=exc
            )
        ) from exc


def store_plan(session: Session, plan: Plan) -> None:
    """Write the plan without a permission check (callers check: save_plan, rule updates)."""
    put_setting(session, PLAN_SETTING, json.dumps(plan.as_dict(), ensure_ascii=False))


def save_plan(session: Session, plan: Plan) -> None:
    """Change the plan's targets (Settings → Rules and targets)."""
    actor = acting(session, Permission.SETTINGS)
    plan_from_dict(plan.as_dict())  # the same checks as a plan read back
    store_plan(session, plan)
    audit.append(session, actor.username, "targets_change", "setting", PLAN_SETTING)


def load_plan_file(path: Path) -> Plan:
    try:
        return plan_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        if isinstance(exc, DomainError):
            raise
        raise DomainError(
            _("The plan targets {path} cannot be read ({detail}).").format(path=path, detail=exc)
        ) from exc


# --- evaluation ------------------------------------------------------------------------------


class _Context:
    """One commune and period, with what several targets share (hotspots, today)."""

    def __init__(
        self, session: Session, unit: str, period: Period, plan: Plan, today: date
    ) -> None:
        self.session, self.unit, self.period, self.plan = session, unit, period, plan
        self.today = today
        self.end = min(period.end, today)  # "the period's end" for a period still running
        self._lives: list[HotspotLife] | None = None

    @property
    def lives(self) -> list[HotspotLife]:
        if self._lives is None:
            self._lives = hotspot_lives(self.session, self.unit)
        return self._lives

    def people(self) -> set[str]:
        return people_with_files(self.session, self.unit, self.period.start, self.end)

    def episodes(self, kinds: frozenset[str] | set[str]) -> list[Episode]:
        return list(
            self.session.scalars(
                select(Episode).where(
                    Episode.deleted_at.is_(None),
                    Episode.unit_code == self.unit,
                    Episode.kind.in_(kinds),
                    Episode.start_date <= self.end,
                )
            )
        )


def _services_reach(ctx: _Context, spec: TargetSpec) -> TargetResult:
    people = ctx.people()
    reached = {e.person_id for e in ctx.episodes(set(ctx.plan.service_kinds))} & people
    detail = _("{part} of {whole} people with files").format(part=len(reached), whole=len(people))
    return share_result(spec, len(reached), len(people), detail)


def _hotspots_eliminated(ctx: _Context, spec: TargetSpec) -> TargetResult:
    active = [h for h in ctx.lives if h.active_during(ctx.period.start, ctx.end)]
    gone = [h for h in active if h.status_on(ctx.end) == HotspotStatus.ELIMINATED]
    detail = _("{part} of {whole} hotspots active in the period are eliminated").format(
        part=len(gone), whole=len(active)
    )
    return share_result(spec, len(gone), len(active), detail)


def _eliminations(lives: list[HotspotLife], start: date, end: date) -> int:
    return sum(
        1 for h in lives for d, s in h.events if start <= d <= end and s == HotspotStatus.ELIMINATED
    )


def _hotspots_growth(ctx: _Context, spec: TargetSpec) -> TargetResult:
    before = ctx.period.same_period_last_year()
    now = _eliminations(ctx.lives, ctx.period.start, ctx.end)
    return growth_result(spec, now, _eliminations(ctx.lives, before.start, before.end))


def _new_hotspots(ctx: _Context, spec: TargetSpec) -> TargetResult:
    start, end = ctx.period.start, ctx.end
    found = sum(1 for h in ctx.lives if start <= h.discovered <= end)
    back = sum(
        1
        for h in ctx.lives
        for d, s in h.events
        if start <= d <= end and s == HotspotStatus.RE_EMERGED
    )
    detail = _("{found} found, {back} re-emerged").format(found=found, back=back)
    return count_result(spec, float(found + back), detail)


def _village_ids(ctx: _Context) -> list[str]:
    return list(
        ctx.session.scalars(
            select(Village.id).where(Village.deleted_at.is_(None), Village.unit_code == ctx.unit)
        )
    )


def _propaganda(ctx: _Context, spec: TargetSpec) -> TargetResult:
    villages = _village_ids(ctx)
    start = ctx.period.start
    months = [
        (start.year, m)
        for m in range(start.month, start.month + ctx.period.months)
        if date(start.year, m, 1) <= ctx.today
    ]
    year, month = (
        func.strftime("%Y", Activity.activity_date),
        func.strftime("%m", Activity.activity_date),
    )
    rows = ctx.session.execute(
        select(ActivityVillage.village_id, year, month)
        .join(Activity, Activity.id == ActivityVillage.activity_id)
        .where(
            ActivityVillage.deleted_at.is_(None),
            Activity.deleted_at.is_(None),
            ActivityVillage.village_id.in_(villages),
            Activity.activity_date >= start,
            Activity.activity_date <= ctx.end,
        )
        .distinct()
    ).all()
    covered = {(v, int(y), int(m)) for v, y, m in rows}
    due = len(villages) * len(months)
    done = sum(1 for v in villages for y, m in months if (v, y, m) in covered)
    detail = _("{part} of {whole} village-months ({villages} villages × {months} months)").format(
        part=done, whole=due, villages=len(villages), months=len(months)
    )
    return share_result(spec, done, due, detail)


def _models(ctx: _Context, spec: TargetSpec) -> TargetResult:
    villages = len(_village_ids(ctx))
    with_model = ctx.plan.villages_with_model
    if with_model is None:
        detail = _("Not entered: record the villages with a model in the plan targets.")
        return share_result(spec, 0, 0, detail)
    part = min(with_model, villages)
    detail = _("{part} of {whole} villages").format(part=part, whole=villages)
    return share_result(spec, part, villages, detail)


def _post_rehab(ctx: _Context, spec: TargetSpec) -> TargetResult:
    """People whose rehab ended and whose post-rehab management would run in the period:
    managed when a post-rehab episode follows that rehab."""
    rules = rule_set(ctx.session)
    post: dict[str, list[date]] = {}
    for e in ctx.episodes({EpisodeType.POST_REHAB.value}):
        post.setdefault(e.person_id, []).append(e.start_date)
    due: set[str] = set()
    managed: set[str] = set()
    for e in ctx.episodes(REHAB_KINDS):
        if e.actual_end is None or e.actual_end > ctx.end:
            continue
        until = planned_end(rules, EpisodeType.POST_REHAB, e.actual_end, after=EpisodeType(e.kind))
        if until is None or until < ctx.period.start:
            continue
        due.add(e.person_id)
        if any(start >= e.start_date for start in post.get(e.person_id, [])):
            managed.add(e.person_id)
    detail = _("{part} of {whole} people back from rehab").format(part=len(managed), whole=len(due))
    return share_result(spec, len(managed), len(due), detail)


def _psychosis(ctx: _Context, spec: TargetSpec) -> TargetResult:
    """Psychosis cases of the period: managed when still under an open episode at its end."""
    cases = {
        e.person_id
        for e in ctx.episodes({EpisodeType.PSYCHOSIS_FOLLOWUP.value})
        if e.actual_end is None or e.actual_end >= ctx.period.start
    }
    open_now = set(
        ctx.session.scalars(
            select(Episode.person_id).where(
                Episode.unit_code == ctx.unit,
                overlaps(ctx.end, ctx.end),
                Episode.person_id.in_(cases),
            )
        )
    )
    detail = _("{part} of {whole} cases").format(part=len(open_now), whole=len(cases))
    return share_result(spec, len(open_now), len(cases), detail)


_Rule = Callable[[_Context, TargetSpec], TargetResult]
#: target key → (how to compute it, the register its figures come from).
_TARGETS: dict[str, tuple[_Rule, Permission]] = {
    "services_reach": (_services_reach, Permission.VIEW_PEOPLE),
    "hotspots_eliminated": (_hotspots_eliminated, Permission.VIEW_HOTSPOTS),
    "hotspots_eliminated_growth": (_hotspots_growth, Permission.VIEW_HOTSPOTS),
    "no_new_hotspots": (_new_hotspots, Permission.VIEW_HOTSPOTS),
    "propaganda_monthly": (_propaganda, Permission.VIEW_PROPAGANDA),
    "model_per_village": (_models, Permission.VIEW_PROPAGANDA),
    "post_rehab_managed": (_post_rehab, Permission.VIEW_PEOPLE),
    "psychosis_managed": (_psychosis, Permission.VIEW_PEOPLE),
}


def _unit(session: Session, unit_code: str | None) -> str:
    if unit_code:
        return unit_code
    if get_setting(session, "mode") == MODE_UPPER:
        raise DomainError(_("Name the commune whose targets to evaluate."))
    return own_unit(session)


def visible_targets(actor: Actor, plan: Plan) -> list[TargetSpec]:
    """The plan's enabled targets whose register the role may see (as on the Overview)."""
    return [
        spec
        for spec in plan.targets
        if spec.enabled and spec.key in _TARGETS and may_see(actor, _TARGETS[spec.key][1])
    ]


def evaluate_targets(
    session: Session,
    period: Period,
    *,
    unit_code: str | None = None,
    today: date | None = None,
) -> list[TargetResult]:
    """Each target of the plan for `period`, in the plan's order, leaving out targets whose
    register the logged-in role may not see."""
    actor = acting(session, Permission.VIEW_REPORTS)
    plan = load_plan(session)
    ctx = _Context(session, _unit(session, unit_code), period, plan, today or date.today())
    return [_TARGETS[spec.key][0](ctx, spec) for spec in visible_targets(actor, plan)]
