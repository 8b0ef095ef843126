"""The team's summary: what the initiative is being told, per month, kind and gap."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from offers.models import Gap

from .models import Contribution, ContributionKind

PERIODS = (6, 12, 24, 36)
DEFAULT_PERIOD = 12
NO_GAP_LABEL = "ohne Bezug zu einer Leerstelle"

# Distinct hues, each with at least 3:1 contrast against the white background.
PALETTE = [
    "#0072b2",
    "#b84a00",
    "#007a5a",
    "#a0407a",
    "#6e5a00",
    "#4b3f9e",
    "#444444",
    "#b3261e",
    "#2e6b12",
]

CHART_WIDTH = 720
CHART_HEIGHT = 260
MARGIN_LEFT = 44
MARGIN_BOTTOM = 36
MARGIN_TOP = 12


def month_starts(last: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the `count` months ending with the month of `last`, oldest first."""
    year, month = last.year, last.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]


@dataclass
class Series:
    key: str
    label: str
    colour: str
    counts: list[int]

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class Breakdown:
    """Counts per month for each series (a kind or a gap), plus a chart of them."""

    title: str
    months: list[datetime.date]
    series: list[Series]
    chart: dict = field(default_factory=dict)

    @property
    def month_totals(self):
        return [sum(column) for column in zip(*(s.counts for s in self.series), strict=True)]

    @property
    def total(self):
        return sum(self.month_totals)

    @property
    def rows(self):
        """Table rows: (month, counts per series, total of the month)."""
        return [
            (month, [s.counts[i] for s in self.series], self.month_totals[i])
            for i, month in enumerate(self.months)
        ]


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 4:
            return step * 4
    return value


def stacked_bar_chart(breakdown: Breakdown) -> dict:
    """Geometry of a stacked bar chart, for a server-rendered SVG."""
    n = len(breakdown.months)
    plot_width = CHART_WIDTH - MARGIN_LEFT - 8
    plot_height = CHART_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = _nice_max(max(breakdown.month_totals, default=0) or 1)
    slot = plot_width / max(n, 1)
    bar_width = max(slot * 0.7, 2)
    bars, labels = [], []
    for i, month in enumerate(breakdown.months):
        x = MARGIN_LEFT + i * slot + (slot - bar_width) / 2
        y = MARGIN_TOP + plot_height
        for s in breakdown.series:
            count = s.counts[i]
            if not count:
                continue
            height = count / top * plot_height
            y -= height
            bars.append(
                {
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "width": round(bar_width, 1),
                    "height": round(height, 1),
                    "colour": s.colour,
                    "title": f"{month:%m/%Y}, {s.label}: {count}",
                }
            )
        # Label every month while they fit, otherwise every third.
        if n <= 12 or i % 3 == 0:
            labels.append({"x": round(x + bar_width / 2, 1), "text": f"{month:%m/%y}"})
    ticks = [
        {"value": value, "y": round(MARGIN_TOP + plot_height - value / top * plot_height, 1)}
        for value in (0, top // 4, top // 2, 3 * top // 4, top)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "axis_x": MARGIN_LEFT,
        "axis_right": CHART_WIDTH - 8,
        "baseline": MARGIN_TOP + plot_height,
        "label_y": CHART_HEIGHT - MARGIN_BOTTOM + 18,
        "tick_x": MARGIN_LEFT - 6,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
    }


def _month_counts(queryset, key):
    """{(month start, key value): count} for the contributions in `queryset`."""
    rows = (
        queryset.annotate(month=TruncMonth("created_at"))
        .values("month", key)
        .annotate(n=Count("id"))
        .order_by()
    )
    result = {}
    for row in rows:
        month = timezone.localtime(row["month"]).date() if row["month"] else None
        if month is not None:
            result[(month.replace(day=1), row[key])] = row["n"]
    return result


def contribution_summary(months: int = DEFAULT_PERIOD, today=None) -> dict:
    """Contributions per month by kind and by gap over the last `months` months."""
    if months not in PERIODS:
        months = DEFAULT_PERIOD
    today = today or timezone.localdate()
    month_list = month_starts(today, months)
    start = timezone.make_aware(datetime.datetime.combine(month_list[0], datetime.time.min))
    contributions = Contribution.objects.filter(created_at__gte=start)

    by_kind = _month_counts(contributions, "kind")
    kinds = Breakdown(
        title="Beiträge nach Art",
        months=month_list,
        series=[
            Series(
                kind.value,
                kind.label,
                PALETTE[i % len(PALETTE)],
                [by_kind.get((m, kind.value), 0) for m in month_list],
            )
            for i, kind in enumerate(ContributionKind)
        ],
    )
    by_gap = _month_counts(contributions, "gap_id")
    gap_keys = [(gap.pk, gap.name) for gap in Gap.objects.order_by("number")] + [
        (None, NO_GAP_LABEL)
    ]
    gaps = Breakdown(
        title="Beiträge nach Leerstelle",
        months=month_list,
        series=[
            Series(
                str(pk or "ohne"),
                label,
                PALETTE[i % len(PALETTE)],
                [by_gap.get((m, pk), 0) for m in month_list],
            )
            for i, (pk, label) in enumerate(gap_keys)
        ],
    )
    for breakdown in (kinds, gaps):
        breakdown.chart = stacked_bar_chart(breakdown)
    return {"months": months, "periods": PERIODS, "by_kind": kinds, "by_gap": gaps}
