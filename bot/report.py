"""``python -m bot report --out DIR``: the insights' CSV tables and PNG charts, written to a folder."""

from __future__ import annotations

from pathlib import Path

from bot.charts import demand_supply_chart, per_economy_chart
from bot.config import Settings
from bot.services import Services


async def build_report(settings: Settings) -> dict[str, bytes]:
    """File name → content: one CSV per table and the two charts."""
    services = Services.create(settings)
    await services.db.connect()
    try:
        insights = await services.insights.compute()
    finally:
        await services.db.close()
    files = {f"{table.name}.csv": table.to_csv() for table in insights.tables.values()}
    files["demand_vs_supply.png"] = demand_supply_chart(insights, services.taxonomy)
    files["per_economy.png"] = per_economy_chart(insights, services.taxonomy)
    return files


def write_files(files: dict[str, bytes], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        (out / name).write_bytes(content)
        written.append(out / name)
    return written
