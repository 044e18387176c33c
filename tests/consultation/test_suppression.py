"""Small-cell suppression on tricky tables, each checked by an attacker who tries every integer
answer (tests/security/attacker.py) rather than by the code's own audit."""

import random

import pytest

from consultation.suppression import (
    SMALL_CELL,
    Known,
    Table,
    attacker_bounds,
    suppress_cross_table,
    suppress_rows,
    update_is_safe,
)
from tests.security.attacker import pinned


def one_way_attack(rows: dict, hidden: set, *, people_total, comments_total, every_category):
    """What a reader can work out of a one-way table's hidden rows: {(row, column): value}."""
    least = 0 if every_category else 1
    columns = ["people"] + ([] if every_category else ["comments"])
    unknowns = {f"{row}|{col}": (least, 10_000) for row in hidden for col in columns}
    facts = []
    for col, total in (("people", people_total), ("comments", comments_total)):
        if col in columns and total is not None:
            shown = sum(values[col] for row, values in rows.items() if row not in hidden)
            facts.append(("eq", [f"{row}|{col}" for row in hidden], total - shown))
    if not every_category:
        facts += [("le", f"{row}|people", f"{row}|comments") for row in hidden]
    return pinned(unknowns, facts)


def check_one_way(rows, *, every_category=False):
    people = sum(values["people"] for values in rows.values())
    comments = sum(values.get("comments", 0) for values in rows.values())
    hidden = suppress_rows(
        rows,
        totals={"people": people, "comments": comments},
        listed_when_empty=every_category,
        comments=None if every_category else "comments",
    )
    if hidden is None:
        return None
    small = {row for row, values in rows.items() if 0 < values["people"] < SMALL_CELL}
    assert small <= hidden
    recovered = one_way_attack(
        rows,
        hidden,
        people_total=people,
        comments_total=None if every_category else comments,
        every_category=every_category,
    )
    assert recovered == {}, recovered
    return hidden


def test_one_small_group_beside_a_total_takes_the_smallest_other_group_with_it():
    rows = {
        "Media": {"people": 2, "comments": 3},
        "Academia": {"people": 7, "comments": 9},
        "Diaspora": {"people": 30, "comments": 41},
    }
    assert check_one_way(rows) == {"Media", "Academia"}


def test_two_groups_of_one_are_not_enough_for_each_other():
    # Hidden together, 1 + 1 = 2 with each at least 1 would give both away.
    rows = {
        "Media": {"people": 1, "comments": 1},
        "Parliament": {"people": 1, "comments": 1},
        "Academia": {"people": 6, "comments": 6},
        "Diaspora": {"people": 30, "comments": 41},
    }
    assert check_one_way(rows) == {"Media", "Parliament", "Academia"}


def test_three_small_groups_guard_each_other():
    # 1 + 1 + 3: hidden together, none of them can be worked out, and Diaspora stays shown.
    rows = {
        "Media": {"people": 1, "comments": 1},
        "Parliament": {"people": 1, "comments": 1},
        "Academia": {"people": 3, "comments": 3},
        "Diaspora": {"people": 30, "comments": 41},
    }
    assert check_one_way(rows) == {"Media", "Parliament", "Academia"}


def test_a_table_of_groups_of_one_is_withheld():
    rows = {name: {"people": 1, "comments": 1} for name in ("A", "B", "C", "D", "E", "F")}
    assert check_one_way(rows) is None


def test_a_table_with_one_small_group_only_is_withheld():
    assert check_one_way({"Diaspora": {"people": 3, "comments": 5}}) is None


def test_gender_hides_an_empty_category_rather_than_a_large_one():
    rows = {
        "woman": {"people": 40},
        "man": {"people": 3},
        "another": {"people": 0},
        "undisclosed": {"people": 12},
    }
    assert check_one_way(rows, every_category=True) == {"man", "another"}


def test_gender_with_everyone_in_small_groups():
    rows = {
        "woman": {"people": 1},
        "man": {"people": 1},
        "another": {"people": 0},
        "undisclosed": {"people": 4},
    }
    hidden = check_one_way(rows, every_category=True)
    assert {"woman", "man", "undisclosed"} <= hidden


def test_without_a_published_total_of_people_the_table_is_withheld():
    rows = {"woman": {"people": 3}, "man": {"people": 1}}
    hidden = suppress_rows(rows, totals={"people": None}, listed_when_empty=True, comments=None)
    assert hidden is None


@pytest.mark.parametrize("seed", range(60))
def test_random_one_way_tables_give_nothing_away(seed):
    chance = random.Random(seed)  # noqa: S311 (reproducible test data)
    rows = {}
    for n in range(chance.randint(1, 7)):
        people = chance.choice([1, 1, 2, 3, 4, 5, 6, 8, 13, 21])
        rows[f"row{n}"] = {"people": people, "comments": people + chance.choice([0, 0, 1, 3])}
    check_one_way(rows)
    genders = {g: {"people": chance.choice([0, 0, 1, 2, 4, 5, 9])} for g in "wmau"}
    if sum(values["people"] for values in genders.values()):
        check_one_way(genders, every_category=True)


def cross_attack(counts: dict, hidden: set) -> dict:
    width = len(next(iter(counts.values())))
    unknowns = {f"{row}|{col}": (0, 10_000) for row, col in hidden}
    facts = []
    for col in range(width):
        names = [f"{row}|{col}" for row in counts if (row, col) in hidden]
        if names:
            shown = sum(counts[row][col] for row in counts if (row, col) not in hidden)
            facts.append(("eq", names, sum(counts[row][col] for row in counts) - shown))
    for row in counts:
        names = [f"{row}|{col}" for col in range(width) if (row, col) in hidden]
        if names:
            shown = sum(counts[row][col] for col in range(width) if (row, col) not in hidden)
            facts.append(("ge", names, 1 - shown))
    recovered = pinned(unknowns, facts)
    # A zero that the public column total of zero already says is no secret.
    return {
        name: value
        for name, value in recovered.items()
        if sum(counts[row][int(name.split("|")[1])] for row in counts) != 0
    }


def check_cross(counts, small):
    hidden = suppress_cross_table(counts, small_rows=small)
    if hidden is None:
        return None
    width = len(next(iter(counts.values())))
    assert {(row, col) for row in small for col in range(width)} <= hidden
    assert cross_attack(counts, hidden) == {}
    return hidden


def test_row_minus_columns_cannot_give_away_a_small_groups_decisions():
    # Women (3 people): decisions known per column from the public comments.
    counts = {"woman": [0, 1, 2, 0], "man": [5, 0, 3, 4], "undisclosed": [2, 2, 2, 2]}
    hidden = check_cross(counts, ["woman"])
    # Every column that holds a hidden cell holds another one.
    for col in range(4):
        column = [row for row in counts if (row, col) in hidden]
        assert len(column) != 1


def test_a_column_where_the_small_group_has_none_is_guarded_too():
    # "Not accepted": nobody among the small group, 6 among the others. Hiding only the
    # small group's 0 would leave 6 - 6 = 0 for a reader to find.
    counts = {"Media": [1, 0, 0, 0], "Diaspora": [4, 0, 6, 2], "Academia": [3, 0, 1, 5]}
    check_cross(counts, ["Media"])


@pytest.mark.parametrize("seed", range(40))
def test_random_cross_tables_give_nothing_away(seed):
    chance = random.Random(1000 + seed)  # noqa: S311 (reproducible test data)
    counts = {
        f"row{n}": [chance.choice([0, 0, 1, 2, 3, 6]) for _ in range(4)]
        for n in range(chance.randint(1, 5))
    }
    for row in counts:
        if not any(counts[row]):
            counts[row][0] = 1  # a listed row holds at least one item
    small = [row for row in counts if chance.random() < 0.4]
    check_cross(counts, small)


def test_the_audit_narrows_by_totals_and_by_people_never_above_comments():
    table = Table(
        values={"a": 2, "b": 5, "c": 9, "a'": 2},
        units={"a": ["a"], "b": ["b"], "c": ["c"], "a'": ["a'"]},
        known=[Known(("a", "b", "c"), 16)],
        lower={"a": 1, "b": 1},
        at_most=[("a", "a'")],
    )
    assert attacker_bounds(table, {"a", "b"}) == {"a": (1, 2), "b": (5, 6)}


@pytest.mark.parametrize(
    ("joined", "left", "changed", "everyone", "safe"),
    [
        ({"woman": 1}, {}, 1, {"woman": 9, "man": 6}, False),  # one approval
        ({"woman": 4}, {}, 4, {"woman": 9, "man": 6}, False),  # fewer than 5
        ({"woman": 5}, {}, 5, {"woman": 9, "man": 6}, False),  # 5, all women: each one is
        ({"woman": 4, "man": 1}, {}, 5, {"woman": 9, "man": 6}, True),
        ({"woman": 5}, {}, 5, {"woman": 12}, True),  # everyone is a woman: the table says so
        ({}, {}, 6, {"woman": 9, "man": 6}, True),  # people already counted wrote more
        # One woman came and four men left: the change says each one's gender.
        ({"woman": 1}, {"man": 4}, 5, {"woman": 9, "man": 6}, False),
        # +3 women and +1 man: whoever left, and the newcomers, could be of several genders.
        ({"woman": 3, "man": 2}, {"man": 1}, 6, {"woman": 9, "man": 6}, True),
    ],
)
def test_figures_move_only_when_newcomers_cannot_be_told_apart(
    joined, left, changed, everyone, safe
):
    assert (
        update_is_safe(joined=joined, left=left, changed_people=changed, everyone=everyone) is safe
    )
