"""An attacker who knows some sums and bounds about hidden figures and searches every integer
answer that fits: written apart from consultation.suppression (which narrows ranges by
propagation), so that the tests do not check the code against itself.

A problem is a dict of unknowns, each with its least and greatest possible value, and facts:
("eq", names, total), ("ge", names, total) and ("le", a, b) for a <= b."""

UNBOUNDED = 10_000


def _search(lows: dict, highs: dict, facts: list, assigned: dict) -> dict | None:
    """One assignment of every unknown that fits every fact, extending `assigned`."""
    free = [name for name in lows if name not in assigned]
    for fact in facts:
        kind = fact[0]
        if kind in ("eq", "ge"):
            names, total = fact[1], fact[2]
            done = sum(assigned[n] for n in names if n in assigned)
            low = done + sum(lows[n] for n in names if n not in assigned)
            high = done + sum(highs[n] for n in names if n not in assigned)
            if high < total or (kind == "eq" and low > total):
                return None
        else:
            a, b = fact[1], fact[2]
            if (assigned.get(a, lows[a])) > (assigned.get(b, highs[b])):
                return None
    if not free:
        return dict(assigned)
    name = min(free, key=lambda n: highs[n] - lows[n])
    for value in range(lows[name], highs[name] + 1):
        found = _search(lows, highs, facts, {**assigned, name: value})
        if found is not None:
            return found
    return None


def pinned(unknowns: dict[str, tuple[int, int]], facts: list) -> dict[str, int]:
    """The unknowns that have one possible value, with that value."""
    lows = {name: low for name, (low, _high) in unknowns.items()}
    highs = {name: min(high, UNBOUNDED) for name, (_low, high) in unknowns.items()}
    # Each unknown in an exact sum is at most that sum: keeps the search finite and short.
    for fact in facts:
        if fact[0] == "eq":
            for name in fact[1]:
                if name in highs:
                    highs[name] = min(highs[name], fact[2])
    solution = _search(lows, highs, facts, {})
    assert solution is not None, "the published figures contradict each other"
    out = {}
    for name, value in solution.items():
        found = None
        for other in range(lows[name], highs[name] + 1):
            if other == value:
                continue
            found = _search({**lows, name: other}, {**highs, name: other}, facts, {})
            if found is not None:
                break
        if found is None:
            out[name] = value
    return out
