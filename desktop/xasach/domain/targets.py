"""Plan targets (chỉ tiêu kế hoạch): what a commune is held to, and whether it is met.

The defaults come from the source plans (seeds 002: Cần Thơ 205/KH-UBND; 004: Thừa Thiên Huế
302/KH-UBND) and live in `resources/rules/targets.json`; each plan may change the values. A
target is a share (unit "%") that must reach its value, or a count ("count") that must reach it
— or, with direction "max", stay at or below it (no new hotspots: at most 0). A value that
cannot be computed (nothing to count, a figure not entered) is None and its mark is "no data",
never "met".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from xasach.domain.errors import DomainError
from xasach.i18n import N_, _

PERCENT, COUNT = "%", "count"
AT_LEAST, AT_MOST = "min", "max"

#: The targets the app knows how to compute, with their labels (the plan sets the values).
TARGET_LABELS: dict[str, str] = {
    "services_reach": N_("People with files reaching counselling, treatment or rehab"),
    "hotspots_eliminated": N_("Hotspots eliminated, of those active in the period"),
    "hotspots_eliminated_growth": N_("Hotspots eliminated compared with a year earlier"),
    "no_new_hotspots": N_("New hotspots found in the period"),
    "propaganda_monthly": N_("Village-months with propaganda (every village, every month)"),
    "model_per_village": N_("Villages with at least one model"),
    "post_rehab_managed": N_("People back from rehab under post-rehab management"),
    "psychosis_managed": N_("Psychosis (“ngáo đá”) cases under management"),
}


def target_label(key: str) -> str:
    return _(TARGET_LABELS[key]) if key in TARGET_LABELS else key


@dataclass(frozen=True)
class TargetResult:
    """One target evaluated for a period: value and target in `unit` ("%" or "count"), `met`
    None when the value cannot be computed, `detail` the numbers behind it in words."""

    key: str
    label: str
    value: float | None
    target: float
    unit: str
    met: bool | None
    detail: str
    direction: str = AT_LEAST  # "max": the value must stay at or below the target

    @property
    def required_text(self) -> str:
        """ "≥ 100%", "≤ 0": the target with its direction."""
        sign = "≤" if self.direction == AT_MOST else "≥"
        return f"{sign} {_fmt(self.target)}{'%' if self.unit == PERCENT else ''}"


def _fmt(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class TargetSpec:
    """One target of a plan: its value, unit, direction and where it comes from."""

    key: str
    target: float
    unit: str = PERCENT
    direction: str = AT_LEAST
    source: str = ""
    enabled: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "target": self.target,
            "unit": self.unit,
            "direction": self.direction,
            "source": self.source,
            "enabled": self.enabled,
        }


@dataclass(frozen=True)
class Plan:
    """A plan's targets (kế hoạch) and the choices that say how to count them."""

    name: str
    version: str
    targets: tuple[TargetSpec, ...]
    #: Episode kinds that count as reaching counselling, treatment or rehab services.
    service_kinds: tuple[str, ...] = ()
    #: Villages with at least one model (mô hình): no register holds models yet, so the plan
    #: records the figure; None = not entered.
    villages_with_model: int | None = None

    def spec(self, key: str) -> TargetSpec | None:
        return next((t for t in self.targets if t.key == key), None)

    def with_target(self, key: str, value: float) -> Plan:
        if self.spec(key) is None:
            raise DomainError(_("The plan has no target “{key}”.").format(key=key))
        specs = tuple(replace(t, target=value) if t.key == key else t for t in self.targets)
        return replace(self, targets=specs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "service_kinds": list(self.service_kinds),
            "villages_with_model": self.villages_with_model,
            "targets": [t.as_dict() for t in self.targets],
        }


def _bad(detail: str) -> DomainError:
    return DomainError(
        _("The plan targets are incomplete or invalid ({detail}). Fix them or reload the "
          "defaults.").format(detail=detail)
    )  # fmt: skip


def plan_from_dict(doc: Mapping[str, Any]) -> Plan:
    """Parse plan targets (the shipped JSON, a setting, or an update bundle), refusing bad ones."""
    try:
        specs = []
        for row in doc["targets"]:
            spec = TargetSpec(
                key=str(row["key"]),
                target=float(row["target"]),
                unit=str(row.get("unit", PERCENT)),
                direction=str(row.get("direction", AT_LEAST)),
                source=str(row.get("source", "")),
                enabled=bool(row.get("enabled", True)),
            )
            if spec.unit not in (PERCENT, COUNT) or spec.direction not in (AT_LEAST, AT_MOST):
                raise ValueError(spec.key)
            if spec.target < 0 or spec.target != spec.target:  # negative or NaN
                raise ValueError(spec.key)
            specs.append(spec)
        models = doc.get("villages_with_model")
        return Plan(
            name=str(doc.get("name", "")),
            version=str(doc.get("version", "")),
            targets=tuple(specs),
            service_kinds=tuple(str(k) for k in doc.get("service_kinds", ())),
            villages_with_model=None if models is None else int(models),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(str(exc)) from exc


def _met(spec: TargetSpec, value: float | None) -> bool | None:
    if value is None:
        return None
    return value <= spec.target if spec.direction == AT_MOST else value >= spec.target


def share_result(spec: TargetSpec, part: int, whole: int, detail: str) -> TargetResult:
    """A share target: `part` of `whole` in percent; nothing to count (whole 0) → no data."""
    value = part * 100 / whole if whole else None
    return _result(spec, value, PERCENT, _met(spec, value), detail)


def _result(
    spec: TargetSpec, value: float | None, unit: str, met: bool | None, detail: str
) -> TargetResult:
    label = target_label(spec.key)
    return TargetResult(spec.key, label, value, spec.target, unit, met, detail, spec.direction)


def count_result(spec: TargetSpec, value: float | None, detail: str) -> TargetResult:
    return _result(spec, value, COUNT, _met(spec, value), detail)


def growth_result(spec: TargetSpec, now: int, before: int) -> TargetResult:
    """Change of a count against the same period a year earlier, in percent."""
    detail = _("{now} in this period, {before} a year earlier").format(now=now, before=before)
    if before == 0:
        # No base to grow from: any elimination counts as met, none as "no data".
        return _result(spec, None, PERCENT, True if now > 0 else None, detail)
    value = (now - before) * 100 / before
    return _result(spec, value, PERCENT, _met(spec, value), detail)


def mark(result: TargetResult) -> str:
    """✓ met, ✗ not met, – no data (text beside each target on screen and in the CLI)."""
    return {True: "✓", False: "✗", None: "–"}[result.met]
