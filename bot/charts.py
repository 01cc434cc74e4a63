"""Charts for insights, drawn headless with matplotlib in the reader's language; hidden counts are drawn as gaps.

Drawing takes about a second, so callers run these functions in a worker thread (``asyncio.to_thread``); they
use matplotlib's object API (a ``Figure`` per call, no pyplot state), which is safe to use from several threads.
"""

from __future__ import annotations

import html
import io
import threading
from collections import OrderedDict
from collections.abc import Callable

from matplotlib.figure import Figure

from bot.i18n import t
from bot.matching.taxonomy import Taxonomy
from bot.services.insights import SUPPRESSED, Insights
from bot.views import skill_name


def _plain(text: str) -> str:
    """Catalogue text and skill names arrive as escaped HTML; a picture shows them as they read."""
    return html.unescape(str(text))


_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_CACHE_SIZE = 32
_CACHE_LOCK = threading.Lock()


def _cached(key: tuple, draw: Callable[[], bytes]) -> bytes:
    """The picture for ``key`` (a chart's kind, language and every figure it shows), drawn once.

    Drawing takes most of a second, and /stats is asked again and again while the figures stay the same; a chart
    whose figures changed has another key and is drawn anew.
    """
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    png = draw()
    with _CACHE_LOCK:
        _CACHE[key] = png
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return png


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def demand_supply_chart(insights: Insights, taxonomy: Taxonomy, lang: str = "en") -> bytes:
    key = ("demand_supply", id(taxonomy), lang, tuple(insights.demand_supply))
    return _cached(key, lambda: _demand_supply_chart(insights, taxonomy, lang))


def _demand_supply_chart(insights: Insights, taxonomy: Taxonomy, lang: str) -> bytes:
    rows = list(reversed(insights.demand_supply))
    fig = Figure(figsize=(9, 0.45 * max(len(rows), 4) + 1.5))
    ax = fig.subplots()
    names = [_plain(skill_name(taxonomy, lang, s)) for s, *_ in rows]
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [d for _, d, _, _ in rows], height=0.4, label=_plain(t(lang, "chart.demand_long")))
    ax.barh(
        [i - 0.2 for i in y], [s or 0 for _, _, s, _ in rows], height=0.4, label=_plain(t(lang, "chart.supply_long"))
    )
    for i, (_, _, supply, _) in enumerate(rows):
        if supply is None:
            ax.text(0.1, i - 0.2, SUPPRESSED, va="center", fontsize=8)
    ax.set_yticks(list(y), names, fontsize=8)
    ax.set_xlabel(_plain(t(lang, "chart.count")))
    ax.set_title(_plain(t(lang, "chart.demand_title")))
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def per_economy_chart(insights: Insights, taxonomy: Taxonomy, lang: str = "en") -> bytes:
    shown = tuple((economy, tuple(rows)) for economy, rows in sorted(insights.per_economy.items()))
    return _cached(("per_economy", id(taxonomy), lang, shown), lambda: _per_economy_chart(insights, taxonomy, lang))


def _per_economy_chart(insights: Insights, taxonomy: Taxonomy, lang: str) -> bytes:
    economies = sorted(insights.per_economy) or ["—"]
    cols = 3
    rows_n = -(-len(economies) // cols)
    fig = Figure(figsize=(16, 3.4 * rows_n))
    axes = fig.subplots(rows_n, cols, squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= len(economies) or economies[index] not in insights.per_economy:
            ax.axis("off")
            continue
        economy = economies[index]
        data = list(reversed(insights.per_economy[economy]))
        names = [_plain(skill_name(taxonomy, lang, s))[:28] for s, _, _ in data]
        y = range(len(data))
        ax.barh([i + 0.2 for i in y], [d for _, d, _ in data], height=0.4, label=_plain(t(lang, "chart.demand")))
        ax.barh([i - 0.2 for i in y], [s or 0 for _, _, s in data], height=0.4, label=_plain(t(lang, "chart.supply")))
        ax.set_yticks(list(y), names, fontsize=7)
        ax.set_title(_plain(t(lang, f"economy.{economy}")), fontsize=10)
    axes.flat[0].legend(fontsize=7, loc="lower right")
    fig.suptitle(_plain(t(lang, "chart.per_economy_title")))
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return _png(fig)
