"""`run_load.py --compare-baseline [REF]`: the same scenario against an earlier version of the
code (REF, checked out into a temporary git worktree) and against the working tree, one after
the other on the same machine, each on a fresh database set up the same way; then the two
reports side by side, with the ratio current / baseline of each figure.

The baseline runs on the current virtual environment when that environment already satisfies
every requirement of the baseline's pyproject.toml (its dependencies and its dev and load
extras), so that an added dependency does not force a new one; otherwise a virtual
environment is built in the temporary worktree (`pip install -e ".[dev,load]"`, a few
minutes). The default REF is the merge-base of HEAD with main: what this branch changes."""

import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

SCENARIO_ROWS = [
    ("requests", "requests"),
    ("requests/s", "requests_per_second"),
    ("failures", "failures"),
    ("5xx", "server_errors_5xx"),
]


def git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()  # noqa: S603


def resolve_baseline(root: Path, ref: str | None) -> str:
    """The commit to compare with: REF, or the merge-base of HEAD with main."""
    if ref:
        return git(root, "rev-parse", "--verify", f"{ref}^{{commit}}")
    base = git(root, "merge-base", "HEAD", "main")
    if base == git(root, "rev-parse", "HEAD"):
        sys.exit("HEAD is on main: name the baseline, e.g. --compare-baseline HEAD~1")
    return base


def unmet_requirements(pyproject_text: str, extras=("dev", "load")) -> list[str]:
    """The requirements of a pyproject.toml that the running environment does not satisfy
    (not installed, or at a version outside the specifier). Extras of a requirement
    (`django[argon2]`) are not followed."""
    project = tomllib.loads(pyproject_text)["project"]
    wanted = list(project.get("dependencies", []))
    for extra in extras:
        wanted += project.get("optional-dependencies", {}).get(extra, [])
    unmet = []
    for line in wanted:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            unmet.append(f"{requirement} (not installed)")
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            unmet.append(f"{requirement} (installed {installed})")
    return unmet


def add_worktree(root: Path, commit: str, folder: Path) -> Path:
    path = folder / "baseline"
    git(root, "worktree", "add", "--detach", str(path), commit)
    return path


def remove_worktree(root: Path, path: Path):
    command = ["git", "-C", str(root), "worktree", "remove", "--force", str(path)]
    subprocess.run(command, capture_output=True)  # noqa: S603


def baseline_python(worktree: Path) -> tuple[str, str]:
    """The Python to run the baseline with, and why."""
    unmet = unmet_requirements((worktree / "pyproject.toml").read_text())
    if not unmet:
        return sys.executable, "the current virtual environment (it meets the baseline's pyproject)"
    print(f"Building a virtual environment for the baseline: {'; '.join(unmet)}")
    venv = worktree / ".venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [str(venv / "bin/python"), "-m", "pip", "install", "--quiet", "-e", ".[dev,load]"],
        cwd=worktree, check=True,
    )  # fmt: skip
    return str(venv / "bin/python"), f"its own virtual environment (unmet: {'; '.join(unmet)})"


def ratio(baseline: float, current: float) -> str:
    if not baseline:
        return "-"
    return f"{current / baseline:.2f}x"


def figure(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}".removesuffix(".0")


def comment_counts(report: dict) -> dict:
    comments = report["comments"]
    return {
        "comments acknowledged": comments["acknowledged"],
        "comments stored once": comments["acknowledged_and_stored_once"],
        "comments missing": len(comments["missing"]),
        "comments duplicated": len(comments["duplicates"]),
        "without feedback item": len(comments["without_feedback_item"]),
    }


def side_by_side(baseline: dict, current: dict) -> str:
    """Both reports in one table: per request type p50 and p95 (ms), then the totals, each with
    the ratio current / baseline (below 1 is faster or less)."""
    lines = []
    for label, report in (("baseline", baseline), ("current", current)):
        lines.append(
            f"{label:9} {report.get('label', '')}: {report['readers']} readers + "
            f"{report['commenters']} commenters, {report['duration_s']} s, "
            f"{server_configuration(report)}, load average before/after "
            f"{report['load_average_before_after']}"
        )
    header = (f"{'request type':28} {'p50 base':>9} {'current':>8} {'ratio':>7}"
              f"   {'p95 base':>9} {'current':>8} {'ratio':>7}")  # fmt: skip
    lines += ["", header, "-" * len(header)]
    base_types, current_types = baseline["requests"]["types"], current["requests"]["types"]
    names = list(current_types) + [n for n in base_types if n not in current_types]
    empty = {"p50_ms": 0, "p95_ms": 0}
    for name in names:
        b, c = base_types.get(name, empty), current_types.get(name, empty)
        lines.append(
            f"{name:28} {figure(b['p50_ms']):>9} {figure(c['p50_ms']):>8} "
            f"{ratio(b['p50_ms'], c['p50_ms']):>7}   {figure(b['p95_ms']):>9} "
            f"{figure(c['p95_ms']):>8} {ratio(b['p95_ms'], c['p95_ms']):>7}"
        )
    b_all, c_all = baseline["requests"], current["requests"]
    lines.append(
        f"{'all':28} {figure(b_all['p50_ms']):>9} {figure(c_all['p50_ms']):>8} "
        f"{ratio(b_all['p50_ms'], c_all['p50_ms']):>7}   {figure(b_all['p95_ms']):>9} "
        f"{figure(c_all['p95_ms']):>8} {ratio(b_all['p95_ms'], c_all['p95_ms']):>7}"
    )
    lines += ["", f"{'':28} {'baseline':>9} {'current':>8} {'ratio':>7}"]
    rows = [(label, b_all[key], c_all[key]) for label, key in SCENARIO_ROWS]
    rows.append(("gunicorn CPU ms/request", baseline["gunicorn_cpu_ms_per_request"],
                 current["gunicorn_cpu_ms_per_request"]))  # fmt: skip
    rows.append(("sign-ins", baseline["logins"]["signed_in"], current["logins"]["signed_in"]))
    rows.append(("sign-in retries after 429", baseline["logins"]["retried_after_429"],
                 current["logins"]["retried_after_429"]))  # fmt: skip
    base_comments, current_comments = comment_counts(baseline), comment_counts(current)
    rows += [(label, base_comments[label], current_comments[label]) for label in base_comments]
    for label, b, c in rows:
        lines.append(f"{label:28} {figure(b):>9} {figure(c):>8} {ratio(b, c):>7}")
    return "\n".join(lines)


def server_configuration(report: dict) -> str:
    threads = report.get("threads", 1)
    kind = f"gthread x {threads} threads" if threads > 1 else "sync"
    return f"gunicorn {report['workers']} workers ({kind})"
