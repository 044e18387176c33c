"""The load test's own arithmetic (no server, no timing): CPU time from two samples of
/proc/<pid>/stat, the side-by-side table of --compare-baseline, the choice of a virtual
environment for the baseline and the gunicorn command line."""

import baseline_comparison as baseline
import run_load
import server_cpu


def stat_line(pid, name, parent, utime, stime, cutime=0, cstime=0):
    """A /proc/<pid>/stat line as Linux writes it (fields 1 to 20, the rest left out)."""
    return (
        f"{pid} ({name}) S {parent} {pid} {pid} 0 -1 4194560 100 0 0 0 "
        f"{utime} {stime} {cutime} {cstime} 20 0"
    )


def test_a_stat_line_gives_the_parent_and_all_four_cpu_times():
    assert server_cpu.parse_proc_stat(stat_line(42, "gunicorn", 7, 10, 5, 3, 2)) == (7, 20)


def test_a_command_name_with_spaces_and_parentheses_is_read_to_its_last_parenthesis():
    line = stat_line(43, "gunicorn: worker [consultation.wsgi] (x) ", 42, 100, 50)

    assert server_cpu.parse_proc_stat(line) == (42, 150)


def test_the_server_cpu_is_its_master_and_workers_and_nothing_else():
    stats = {1: (0, 999), 42: (1, 20), 43: (42, 150), 44: (42, 250), 50: (1, 777)}

    assert server_cpu.tree_ticks(stats, 42) == 420


def test_a_worker_that_died_between_two_samples_still_counts_through_its_master():
    before = {42: (1, 20), 43: (42, 150), 44: (42, 250)}
    # Worker 44 timed out after 50 more ticks: reaped, its 300 ticks are in the master's
    # cutime; worker 45 took its place and used 30.
    after = {42: (1, 20 + 300), 43: (42, 250), 45: (42, 30)}

    used = server_cpu.tree_ticks(after, 42) - server_cpu.tree_ticks(before, 42)

    assert used == 100 + 50 + 30
    assert server_cpu.cpu_ms_per_request(1.0, 2.8, 120) == 15.0
    assert server_cpu.cpu_ms_per_request(1.0, 1.0, 0) == 0.0


def report(p50, p95, rps, cpu_ms, acknowledged, label="", threads=1, sign_in_retries=0):
    types = {"open draft page": {"p50_ms": p50, "p95_ms": p95}, "sign in": {"p50_ms": 80,
             "p95_ms": 200}}  # fmt: skip
    return {
        "label": label,
        "readers": 400,
        "commenters": 100,
        "duration_s": 120,
        "workers": 4,
        "threads": threads,
        "load_average_before_after": [7.5, 9.1],
        "requests": {"types": types, "requests": 9000, "requests_per_second": rps,
                     "failures": 0, "server_errors_5xx": 0, "p50_ms": p50, "p95_ms": p95},
        "gunicorn_cpu_ms_per_request": cpu_ms,
        "logins": {"signed_in": 100, "retried_after_429": sign_in_retries},
        "comments": {"acknowledged": acknowledged, "acknowledged_and_stored_once": acknowledged,
                     "missing": [], "duplicates": [], "without_feedback_item": []},
    }  # fmt: skip


def test_the_side_by_side_table_gives_both_figures_and_their_ratio():
    table = baseline.side_by_side(
        report(12000, 21000, 15, 105, 300, "d61aaaf (baseline)", sign_in_retries=70),
        report(120, 900, 150, 10.5, 600, "abc1234 + working tree", threads=4),
    )
    lines = table.splitlines()

    assert lines[0].startswith("baseline  d61aaaf (baseline): 400 readers + 100 commenters")
    assert "gunicorn 4 workers (sync)" in lines[0]
    assert "gunicorn 4 workers (gthread x 4 threads)" in lines[1]
    assert "load average before/after [7.5, 9.1]" in lines[1]
    row = next(line for line in lines if line.startswith("open draft page"))
    assert row.split()[3:] == ["12000", "120", "0.01x", "21000", "900", "0.04x"]
    row = next(line for line in lines if line.startswith("requests/s"))
    assert row.split()[1:] == ["15", "150", "10.00x"]
    row = next(line for line in lines if line.startswith("gunicorn CPU ms/request"))
    assert row.split()[3:] == ["105", "10.5", "0.10x"]
    row = next(line for line in lines if line.startswith("sign-in retries after 429"))
    assert row.split()[4:] == ["70", "0", "0.00x"]
    row = next(line for line in lines if line.startswith("failures"))
    assert row.split()[1:] == ["0", "0", "-"]  # no ratio to nothing
    assert any(line.startswith("comments stored once") for line in lines)


def test_a_request_type_on_one_side_only_shows_zero_on_the_other():
    current = report(100, 500, 150, 10, 10)
    current["requests"]["types"]["new page"] = {"p50_ms": 30, "p95_ms": 60}

    table = baseline.side_by_side(report(100, 500, 150, 10, 10), current)

    row = next(line for line in table.splitlines() if line.startswith("new page"))
    assert row.split()[2:] == ["0", "30", "-", "0", "60", "-"]


def test_the_current_environment_serves_a_baseline_it_satisfies_but_not_one_it_does_not():
    satisfied = """
[project]
dependencies = ["django>=5.2,<5.3", "psycopg[binary]>=3", "pywin32; sys_platform == 'win32'"]
[project.optional-dependencies]
dev = ["pytest>=8"]
"""
    unmet = """
[project]
dependencies = ["django>=4.2,<5", "a-package-nobody-installed>=1"]
"""
    assert baseline.unmet_requirements(satisfied) == []
    reasons = baseline.unmet_requirements(unmet)
    assert reasons[0].startswith("django<5,>=4.2 (installed 5.2")
    assert reasons[1] == "a-package-nobody-installed>=1 (not installed)"


def test_gunicorn_runs_sync_workers_unless_threads_are_asked_for():
    sync = run_load.gunicorn_command(8000, 4)
    threaded = run_load.gunicorn_command(8000, 4, threads=4)

    assert "--worker-class" not in sync and "--threads" not in sync
    assert threaded[-4:] == ["--worker-class", "gthread", "--threads", "4"]
    assert threaded[: len(sync)] == sync
