from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.botprocess import STARTED


@pytest.fixture(autouse=True)
async def no_leftover_processes() -> AsyncIterator[None]:
    """A failing end-to-end test must not leave a bot process running behind it."""
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
