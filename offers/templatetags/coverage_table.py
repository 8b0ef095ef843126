"""The gap × audience coverage matrix, turned for the page, with reported needs beside it;
and one gap's coverage per audience with its needs (the gap's own page).

selectors.coverage_matrix() gives one row per gap. On /leerstellen/ the table has one
row per audience instead: the five gap names have spaces and wrap into narrow column
heads, while the audience names are long single words that cannot. So the table fits
a desktop screen without an inner scroll.
"""

from django import template

register = template.Library()


@register.filter
def per_audience(matrix, audiences):
    """[(audience, [(gap, count) for each gap])] from coverage_matrix()'s rows per gap."""
    return [
        (audience, [(gap, counts[index]) for gap, counts in matrix])
        for index, audience in enumerate(audiences)
    ]


@register.simple_tag
def coverage_rows(matrix, audiences, needs):
    """Rows per audience with offers AND reported needs per gap.

    `needs` is {(gap id, audience id): count} (feedback's `reported_needs` tag). Returns
    [(audience, [(gap, offer count, need count) for each gap])].
    """
    return [
        (
            audience,
            [(gap, offers, needs.get((gap.pk, audience.pk), 0)) for gap, offers in cells],
        )
        for audience, cells in per_audience(matrix, audiences)
    ]


@register.simple_tag
def gap_coverage_rows(coverage, gap, needs):
    """Rows of one gap's table: [(audience, offer count, need count)] per audience.

    `coverage` is selectors.gap_coverage(gap) (audiences with `offer_count`), `needs`
    the {(gap id, audience id): count} of feedback's `reported_needs` tag.
    """
    return [
        (audience, audience.offer_count, needs.get((gap.pk, audience.pk), 0))
        for audience in coverage
    ]


@register.simple_tag
def needs_beside_offers(matrix, audiences, needs):
    """Every gap × audience pair with at least one reported need, most needs first:
    [{"gap", "audience", "needs", "offers", "verdict"}]. The verdict answers "does
    the offer meet the need?" as far as numbers can: "none" (no offer at all),
    "scarce" (fewer offers than reports) or "offers" (at least as many offers)."""
    rows = []
    for audience, cells in coverage_rows(matrix, audiences, needs):
        for gap, offers, reported in cells:
            if not reported:
                continue
            verdict = "none" if not offers else "scarce" if offers < reported else "offers"
            rows.append(
                {
                    "gap": gap,
                    "audience": audience,
                    "needs": reported,
                    "offers": offers,
                    "verdict": verdict,
                }
            )
    rows.sort(key=lambda row: (-row["needs"], row["offers"], row["gap"].number))
    return rows
