"""Charts for insights, drawn headless with matplotlib; hidden counts of people (see insights) are drawn as gaps."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server

import matplotlib.pyplot as plt

from bot.matching.taxonomy import Taxonomy
from bot.services.insights import SUPPRESSED, Insights

ECONOMY_NAMES = {
    "AL": "Albania", "BA": "Bosnia and Herzegovina", "XK": "Kosovo*", "ME": "Montenegro", "MK": "North Macedonia",
    "RS": "Serbia",
}  # fmt: skip


def _png(fig: plt.Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def demand_supply_chart(insights: Insights, taxonomy: Taxonomy) -> bytes:
    rows = list(reversed(insights.demand_supply))
    fig, ax = plt.subplots(figsize=(9, 0.45 * max(len(rows), 4) + 1.5))
    names = [taxonomy.skills[s].name if s in taxonomy.skills else s for s, *_ in rows]
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [d for _, d, _, _ in rows], height=0.4, label="open vacancies requiring it")
    ax.barh([i - 0.2 for i in y], [s or 0 for _, _, s, _ in rows], height=0.4, label="professionals with it")
    for i, (_, _, supply, _) in enumerate(rows):
        if supply is None:
            ax.text(0.1, i - 0.2, SUPPRESSED, va="center", fontsize=8)
    ax.set_yticks(list(y), names, fontsize=8)
    ax.set_xlabel("count")
    ax.set_title("Most demanded skills: demand vs supply")
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def per_economy_chart(insights: Insights, taxonomy: Taxonomy) -> bytes:
    economies = sorted(insights.per_economy) or ["—"]
    cols = 3
    rows_n = -(-len(economies) // cols)
    fig, axes = plt.subplots(rows_n, cols, figsize=(16, 3.4 * rows_n), squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= len(economies) or economies[index] not in insights.per_economy:
            ax.axis("off")
            continue
        economy = economies[index]
        data = list(reversed(insights.per_economy[economy]))
        names = [(taxonomy.skills[s].name if s in taxonomy.skills else s)[:28] for s, _, _ in data]
        y = range(len(data))
        ax.barh([i + 0.2 for i in y], [d for _, d, _ in data], height=0.4, label="demand")
        ax.barh([i - 0.2 for i in y], [s or 0 for _, _, s in data], height=0.4, label="supply")
        ax.set_yticks(list(y), names, fontsize=7)
        ax.set_title(ECONOMY_NAMES.get(economy, economy), fontsize=10)
    axes.flat[0].legend(fontsize=7, loc="lower right")
    fig.suptitle("Top demanded skills per economy (supply hidden where it could single out people)")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return _png(fig)
