"""The reach chart as inline SVG, drawn on the server: no script, no external library, nothing to load."""

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 190
BAR_AREA = 330
BAR_HEIGHT = 18
ROW_GAP = 8
HEADING_HEIGHT = 30
COLOURS = ("#0b4f6c", "#6b3fa0", "#1d6b35", "#8a4b08", "#b3261e")


def reach_chart(metrics: list[dict], rows: list[dict], *, chart_id: str = "reach-chart") -> SafeString:
    """One block per metric, one bar per country, scaled within the metric (their units differ).

    Every bar carries its number as text, so nothing is said by colour or length alone; the same figures
    are in the table beside the chart.
    """
    if not metrics:
        return mark_safe("")  # noqa: S308 - a constant
    parts = []
    y = 0
    for index, metric in enumerate(metrics):
        values = [(row["name"] or _("Not by country"), row["cells"][index]) for row in rows]
        values = [(name, value) for name, value in values if value is not None]
        total = sum(value for _name, value in values)
        peak = max((value for _name, value in values), default=0) or 1
        y += HEADING_HEIGHT
        heading = "%s: %s" % (metric["label"], number_format(total, force_grouping=True))
        parts.append('<text x="0" y="%s" font-weight="700" font-size="15">%s</text>' % (y - 10, escape(heading)))
        colour = COLOURS[index % len(COLOURS)]
        for name, value in values:
            length = max(round(BAR_AREA * value / peak), 1 if value else 0)
            parts.append(
                '<text x="0" y="%s" font-size="13">%s</text>' % (y + BAR_HEIGHT - 5, escape(name[:28]))
                + '<rect x="%s" y="%s" width="%s" height="%s" fill="%s"></rect>'
                % (LABEL_WIDTH, y, length, BAR_HEIGHT, colour)
                + '<text x="%s" y="%s" font-size="13">%s</text>'
                % (LABEL_WIDTH + length + 6, y + BAR_HEIGHT - 5, escape(number_format(value, force_grouping=True)))
            )
            y += BAR_HEIGHT + ROW_GAP
    height = y + ROW_GAP
    title = escape(_("Reach by metric and country"))
    description = escape(_("The same figures are given in the table below the chart."))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="reach-chart" role="img" width="100%%" '
        'viewBox="0 0 %(width)s %(height)s" aria-labelledby="%(id)s-title %(id)s-desc" direction="ltr">'
        '<title id="%(id)s-title">%(title)s</title><desc id="%(id)s-desc">%(desc)s</desc>'
        '<g fill="#1b1f23" font-family="system-ui, sans-serif">%(body)s</g></svg>'
    ) % {
        "width": WIDTH,
        "height": height,
        "id": chart_id,
        "title": title,
        "desc": description,
        "body": "".join(parts),
    }
    return mark_safe(svg)  # noqa: S308 - every piece of text in it is escaped above
