"""Charts for insights, drawn headless with matplotlib in the reader's language; hidden counts are drawn as gaps.

Drawing takes most of a second, and matplotlib renders holding the interpreter lock: even in a worker thread it
would stall the event loop for tens of milliseconds at a time. The bot therefore draws through ``draw``, in a
worker process of its own (started on first use); ``python -m bot report`` calls the functions directly. They use
matplotlib's object API (a ``Figure`` per call, no pyplot state). A chart is drawn once per set of figures.
"""

from __future__ import annotations

import asyncio
import html
import io
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

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


def _names(taxonomy: Taxonomy) -> tuple[tuple[str, str], ...]:
    """What of the taxonomy a chart shows (it arrives as a fresh copy in the worker process, so not its id)."""
    return tuple((skill_id, skill.name) for skill_id, skill in sorted(taxonomy.skills.items()))


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def demand_supply_chart(insights: Insights, taxonomy: Taxonomy, lang: str = "en") -> bytes:
    key = ("demand_supply", _names(taxonomy), lang, tuple(insights.demand_supply))
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
    return _cached(("per_economy", _names(taxonomy), lang, shown), lambda: _per_economy_chart(insights, taxonomy, lang))


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


_KINDS: dict[str, Callable[[Insights, Taxonomy, str], bytes]] = {
    "demand_supply": demand_supply_chart,
    "per_economy": per_economy_chart,
}
_POOL: ProcessPoolExecutor | None = None


def _pool() -> ProcessPoolExecutor:
    global _POOL
    with _CACHE_LOCK:
        if _POOL is None:
            # spawn: a fresh interpreter, not a fork of one that runs threads
            _POOL = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return _POOL


async def _started() -> ProcessPoolExecutor:
    if _POOL is not None:
        return _POOL
    pool = await asyncio.to_thread(_pool)  # starting a process takes a while: not on the event loop
    await asyncio.get_running_loop().run_in_executor(pool, os.getpid)  # and wait for it in the executor too
    return pool


async def draw(kind: str, insights: Insights, taxonomy: Taxonomy, lang: str = "en") -> bytes:
    """The chart ``kind`` ("demand_supply" or "per_economy") as PNG bytes, drawn in the worker process."""
    pool = await _started()
    return await asyncio.get_running_loop().run_in_executor(pool, _KINDS[kind], insights, taxonomy, lang)


async def worker_pid() -> int:
    """The process that draws (for tests: not this one)."""
    return await asyncio.get_running_loop().run_in_executor(await _started(), os.getpid)
