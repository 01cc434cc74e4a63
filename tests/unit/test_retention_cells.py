"""The retention figures' counts and sums (``retention_cells``), and that suppression keeps every small count among
them hidden, also by subtraction and by any combination of the sums: checked by brute force, from the outside."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services.hires import retention_cells, retention_key
from bot.services.suppression import MIN_PEOPLE, suppress
from tests.reader import recoverable, subtraction_leaks


def test_counts_by_hand() -> None:
    rows = [
        ("ME", "mid", "region", "region"),  # stayed
        ("ME", "mid", "abroad", None),  # left at 6 months, no answer at 12
        ("region", "senior", None, "region"),  # economy never said; no answer at 6
        ("abroad", "junior", "abroad", "RS"),  # came back at 12 months, to Serbia
        ("abroad", "junior", "AL", "abroad"),  # came back at 6 (counted once), left again
    ]
    cells, relations, unpublished = retention_cells(rows)
    c = lambda m, d="all", v="all": cells[retention_key(m, d, v)]  # noqa: E731
    assert (c("hires"), c("in_region_6"), c("in_region_12"), c("came_back")) == (3, 1, 2, 2)
    assert (c("hires", "economy", "ME"), c("hires", "economy", "unstated"), c("hires", "level", "senior")) == (2, 1, 1)
    assert (c("other_6"), c("other_12"), c("other_12", "economy", "ME")) == (2, 1, 1)
    assert (c("came_back", "economy", "RS"), c("came_back", "economy", "AL"), c("came_back", "level", "junior")) == (
        1,
        1,
        2,
    )
    assert retention_key("other_6", "economy", "ME") in unpublished
    assert retention_key("hires", "economy", "unstated") in unpublished
    assert retention_key("hires", "economy", "ME") not in unpublished
    for rel in relations:  # every sum holds
        assert cells[rel.total] == sum(cells[p] for p in rel.parts)


hire = st.tuples(
    st.sampled_from(("ME", "RS", "region", "abroad")),
    st.sampled_from(("mid", "senior")),
    st.sampled_from((None, "region", "abroad", "ME")),
    st.sampled_from((None, "region", "abroad", "RS")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(hire, max_size=7))
def test_no_hidden_retention_count_can_be_worked_out(rows: list[tuple]) -> None:
    cells, relations, unpublished = retention_cells(rows)
    hidden = suppress(cells, relations, unpublished=unpublished)
    shown = {k: v for k, v in cells.items() if k not in unpublished}
    assert {k for k, v in shown.items() if 0 < v < MIN_PEOPLE} <= hidden <= set(shown)
    # every published total minus its published parts gives nothing away ...
    assert subtraction_leaks(cells, relations, hidden, unpublished) == []
    # ... nor does any combination of the sums, knowing a hidden count is at least 1
    assert recoverable(cells, relations, hidden, unpublished) == {}
