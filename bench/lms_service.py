"""LMS badge service: completions per second, next to drawing the artwork for every learner.

    python bench/lms_service.py [--count N]

"service" is what a webhook does: :meth:`BadgeService.complete` (sign, store) then the baked
PNG the learner downloads, with the artwork drawn once per achievement and cached. "baseline" is
the old example's way: the same issuing, with the artwork drawn again for every learner. Both
run in this process on the same course, alternating, and the ratio service / baseline is
printed (above 1: the service is faster).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from obv3.baking import bake
from obv3.issue import Issuer
from obv3.keys import Ed25519Key
from obv3.lms import BadgeService, Completion, InMemoryBadgeStore, Settings, render_artwork

COURSE = {
    "id": "https://badges.example.edu/achievements/intro-python",
    "type": ["Achievement"],
    "achievementType": "Course",
    "name": "Introduction to Python",
    "description": "Completed every module of Introduction to Python.",
    "criteria": {"narrative": "Complete all modules and pass the final quiz."},
}


def _completion(n: int) -> Completion:
    return Completion("moodle", "101", str(n), f"learner{n}@example.edu", "2026-01-01T00:00:00Z")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20, help="completions per side (default 20)")
    count = parser.parse_args().count
    key = Ed25519Key.generate()
    issuer = Issuer({"id": key.did, "type": ["Profile"], "name": "Example Academy"}, key)
    settings = Settings(secret="s", courses={"moodle:101": COURSE})
    service = BadgeService(issuer, InMemoryBadgeStore(), settings)
    service.baked_png(service.complete(_completion(0))[0])  # warm: contexts, artwork

    def with_service(n: int) -> None:
        badge, _ = service.complete(_completion(n))
        service.baked_png(badge)

    def baseline(n: int) -> None:
        credential = issuer.issue(COURSE, f"learner{n}@example.edu", id=f"urn:uuid:bench-{n}")
        bake(render_artwork(COURSE, issuer.profile.name).png, credential)

    timings: dict[str, list[float]] = {"service": [], "baseline": []}
    sides: list[tuple[str, Callable[[int], None]]] = [
        ("service", with_service),
        ("baseline", baseline),
    ]
    for n in range(1, count + 1):
        for name, run in sides:
            start = time.perf_counter()
            run(n * 2 + (name == "baseline"))
            timings[name].append(time.perf_counter() - start)
    service_ms = statistics.median(timings["service"]) * 1000
    baseline_ms = statistics.median(timings["baseline"]) * 1000
    print(f"service  {service_ms:8.1f} ms per completion (median of {count})")
    print(f"baseline {baseline_ms:8.1f} ms per completion (artwork drawn each time)")
    print(f"ratio    {baseline_ms / service_ms:8.1f}x (service / baseline throughput)")


if __name__ == "__main__":
    main()
