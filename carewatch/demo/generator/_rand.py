"""Faster draws than ``random.Random.randint`` (which dominates the build time), same distribution."""

import bisect


def randint(rng, low: int, high: int) -> int:
    """A uniform integer in [low, high], from the caller's generator."""
    return low + int(rng.random() * (high - low + 1))


def digits(rng, count: int) -> str:
    return f"{int(rng.random() * 10**count):0{count}d}"


def cumulative(weights) -> tuple[float, ...]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return tuple(out)


def weighted(rng, values, cum_weights):
    """Like ``rng.choices(values, cum_weights=cum_weights)[0]``, without the overhead."""
    return values[bisect.bisect(cum_weights, rng.random() * cum_weights[-1])]


def table(mapping: dict) -> tuple[tuple, tuple[float, ...]]:
    """(values, cumulative weights) for :func:`weighted` from ``{value: weight}``."""
    return tuple(mapping), cumulative(mapping.values())


def choice(rng, values):
    """Like ``rng.choice(values)``, with one call to ``rng.random()``."""
    return values[int(rng.random() * len(values))]
