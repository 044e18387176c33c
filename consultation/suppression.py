"""Small-cell suppression that survives subtraction, for every figure published about who took
part (What we heard, the public Word export and its charts).

A group of fewer than SMALL_CELL people is never shown; and since a reader can subtract the
groups shown from a total (or from a column total counted on the public comments), at least
one more group is hidden with it, chosen so that no hidden figure can be worked out again.
"Worked out" is judged as an attacker would: `attacker_bounds` narrows each hidden figure from
everything published beside it (the exact totals, the other figures, every figure being at
least 0 or 1, people never more than comments) and a hidden figure is disclosed when only one
value remains. Complementary suppression rather than rounding: the comments themselves are
public, so exact totals are always known, and rounded figures beside an exact total can be
undone at the edges (a group of 1 beside a group rounded up by 2).

Everything here is plain Python on numbers: no database, no Django."""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

SMALL_CELL = 5


@dataclass(frozen=True)
class Known:
    """What a reader knows about some cells: their sum is `total` (or, if not `exact`, at
    least `total`)."""

    cells: tuple
    total: int
    exact: bool = True


@dataclass
class Table:
    """A table as an attacker sees it. `values` holds every cell's true value; `units` groups
    the cells hidden together (a whole row of a one-way table, one cell of a cross-table);
    `lower` is the least value a reader knows each cell has (a row listed only when someone
    is in it has at least 1); `at_most` pairs (a, b) say that a is never above b (people,
    comments)."""

    values: dict
    units: dict
    known: list[Known] = field(default_factory=list)
    lower: dict = field(default_factory=dict)
    at_most: list[tuple] = field(default_factory=list)


def attacker_bounds(table: Table, hidden_cells: set) -> dict[Hashable, tuple[float, float]]:
    """The narrowest range a reader can give each hidden cell from the shown cells and what
    they know (interval propagation to a fixed point)."""
    lo = {cell: table.lower.get(cell, 0) for cell in hidden_cells}
    hi = dict.fromkeys(hidden_cells, math.inf)

    def bounds(cell):
        if cell in hidden_cells:
            return lo[cell], hi[cell]
        return table.values[cell], table.values[cell]

    changed = True
    while changed:
        changed = False
        for fact in table.known:
            spans = [bounds(cell) for cell in fact.cells]
            low_sum = sum(span[0] for span in spans)
            high_sum = sum(span[1] for span in spans)
            for cell, (low, high) in zip(fact.cells, spans, strict=True):
                if cell not in hidden_cells:
                    continue
                others_high = high_sum - high
                new_low = fact.total - others_high if others_high != math.inf else -math.inf
                new_high = fact.total - (low_sum - low) if fact.exact else math.inf
                if new_low > lo[cell]:
                    lo[cell], changed = new_low, True
                if new_high < hi[cell]:
                    hi[cell], changed = new_high, True
        for small, large in table.at_most:
            small_low, small_high = bounds(small)
            large_low, large_high = bounds(large)
            if small in hidden_cells and large_high < small_high:
                hi[small], changed = large_high, True
            if large in hidden_cells and small_low > large_low:
                lo[large], changed = small_low, True
    return {cell: (lo[cell], hi[cell]) for cell in hidden_cells}


def _disclosed(table: Table, hidden_cells: set) -> list:
    """Hidden cells whose value a reader can work out. A zero is not disclosed by the figures
    when a published total of zero already says it."""
    out = []
    for cell, (low, high) in attacker_bounds(table, hidden_cells).items():
        if low < high:
            continue
        if not any(fact.exact and fact.total == 0 and cell in fact.cells for fact in table.known):
            out.append(cell)
    return out


def suppress(table: Table, primary: Iterable, *, size: dict) -> set | None:
    """The units to hide: the `primary` ones (too few people) and as many more as it takes
    for no hidden cell to be worked out. Each added unit is the least informative that helps:
    among the units shown that share a known total with a disclosed cell, the smallest by
    `size` above its least possible value (hiding it adds room), else the smallest. None when
    no choice is left: the table must not be published at all."""
    hidden = set(primary)
    if not hidden:
        return hidden
    unit_of = {cell: unit for unit, cells in table.units.items() for cell in cells}
    while True:
        hidden_cells = {cell for unit in hidden for cell in table.units[unit]}
        disclosed = _disclosed(table, hidden_cells)
        if not disclosed:
            return hidden
        cell = disclosed[0]
        neighbours = {
            unit_of[other]
            for fact in table.known
            if cell in fact.cells
            for other in fact.cells
            if unit_of[other] not in hidden
        }
        if not neighbours:
            return None

        hidden.add(_complement(table, cell, neighbours, hidden_cells, size))


def _complement(table: Table, cell, candidates: set, hidden_cells: set, size: dict):
    """The smallest unit whose hiding leaves `cell` undetermined; else the smallest that adds
    room (a value above its least possible one), so that the next round can succeed."""
    ordered = sorted(candidates, key=lambda unit: (size[unit], str(unit)))
    for unit in ordered:
        if cell not in _disclosed(table, hidden_cells | set(table.units[unit])):
            return unit

    def room(unit):
        return sum(table.values[c] - table.lower.get(c, 0) for c in table.units[unit])

    return min(ordered, key=lambda unit: room(unit) <= 0)


def suppress_rows(
    rows: dict[Hashable, dict[str, int]],
    *,
    totals: dict[str, int | None],
    listed_when_empty: bool,
    people: str = "people",
    comments: str | None = "comments",
) -> set | None:
    """Rows of a one-way table (by sector, gender, country, section) to hide. `rows` maps each
    row to its columns; `totals` gives each column's total as published (None when it is not
    published). A reader knows each listed row has at least 1 person unless every category
    is listed (`listed_when_empty`, as for gender) and that people are never more than
    comments. The conservative reading: a column's hidden rows add up to what the total
    leaves, even for sections, where one person counts in several rows."""
    columns = [people] + ([comments] if comments else [])
    least = 0 if listed_when_empty else 1
    table = Table(
        values={(row, col): values[col] for row, values in rows.items() for col in columns},
        units={row: [(row, column) for column in columns] for row in rows},
        lower={(row, column): least for row in rows for column in columns},
        at_most=[((row, people), (row, comments)) for row in rows] if comments else [],
    )
    for column in columns:
        if totals.get(column) is not None:
            cells = tuple((row, column) for row in rows)
            table.known.append(Known(cells, sum(rows[row][column] for row in rows)))
    if totals.get(people) is None:
        # Too few people to show even their number: no group of them is shown either (a lone
        # non-zero category beside zeros would say everyone's gender).
        return None
    primary = [row for row, values in rows.items() if 0 < values[people] < SMALL_CELL]
    return suppress(table, primary, size={row: rows[row][people] for row in rows})


def suppress_cross_table(
    counts: dict[Hashable, list[int]],
    *,
    small_rows: Iterable,
) -> set | None:
    """Cells of a cross-table (decisions by sector or by gender) to hide. Every column's total
    is known from the public comments, each listed row holds at least one item, and every cell
    of a row with fewer than SMALL_CELL people is hidden (`small_rows`)."""
    width = len(next(iter(counts.values()), []))
    table = Table(
        values={(row, col): counts[row][col] for row in counts for col in range(width)},
        units={(row, col): [(row, col)] for row in counts for col in range(width)},
    )
    for col in range(width):
        cells = tuple((row, col) for row in counts)
        table.known.append(Known(cells, sum(counts[row][col] for row in counts)))
    for row in counts:
        table.known.append(Known(tuple((row, col) for col in range(width)), 1, exact=False))
    primary = [(row, col) for row in small_rows for col in range(width)]
    return suppress(table, primary, size={cell: table.values[cell] for cell in table.units})


def update_is_safe(*, joined: dict, left: dict, changed_people: int, everyone: dict) -> bool:
    """Whether published figures may move from one state to the next, when a reader can tell
    who is new (the comments that appeared in between) but not their gender. `joined` and
    `left` count, per gender, the people who came into or left that gender's group; `everyone`
    counts each gender's people after the move. The move must involve at least SMALL_CELL
    people, and leave at least two genders possible for the newcomers and for those who left;
    unless everyone is of one gender, which the figures say anyway.

    A reader who sees the change d = joined - left, and knows how many joined and left,
    can pin newcomers to gender g only if no explanation of d gives them another gender."""
    if changed_people < SMALL_CELL:
        return False
    if sum(1 for count in everyone.values() if count) <= 1:
        return True
    genders = set(joined) | set(left) | set(everyone)
    change = {g: joined.get(g, 0) - left.get(g, 0) for g in genders}
    leaving = sum(left.values())
    # Those who left: at least what the change forces out of each group.
    forced = {g: max(0, -change[g]) for g in genders}
    slack = leaving - sum(forced.values())

    def possible_for_leavers(g):
        return max(1, forced[g]) - forced[g] <= slack

    def possible_for_newcomers(g):
        return max(forced[g], 1 - change[g]) - forced[g] <= slack

    if sum(joined.values()) and sum(map(possible_for_newcomers, genders)) < 2:
        return False
    return not (leaving and sum(map(possible_for_leavers, genders)) < 2)
