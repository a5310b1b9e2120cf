"""Logs keep their alarming lines; errors stay verbatim; long outputs stay within budget."""

from __future__ import annotations

from aoi.agents.compressor import RuleCompressor

from .conftest import HOTEL


def test_fatal_log_line_is_kept_without_colour_codes(run, geo_pod):
    ev = run(f"kubectl logs {geo_pod} -n {HOTEL}")
    assert ev.kind == "logs" and "1 error/warning lines" in ev.summary
    ftl = [d for d in ev.details if " FTL " in d]
    assert ftl == ['2026-03-05T13:01:32Z FTL cmd/geo/db.go:35 > not authorized on geo-db to execute command '
                   '{ count: "geo", query: { hotelId: "1" }, $db: "geo-db" }']  # fmt: skip
    assert "\x1b" not in ev.render()


def _long_log(hotel, geo_pod) -> str:
    raw = hotel.run(f"kubectl logs {geo_pod} -n {HOTEL}").stdout.splitlines()
    lines = []
    for i in range(5000):
        second = f"{i // 60 % 60:02d}:{i % 60:02d}"
        if i % 7 == 0:
            lines.append(raw[-1].replace("13:01:32", f"13:{second}"))
        elif i % 500 == 0:
            lines.append(f"2026-03-05T13:{second}Z WRN cmd/geo/db.go:{i} > slow query on geo-db took {i}ms")
        else:
            lines.append(raw[3 + i % 5].replace("13:01:32", f"13:{second}"))
    return "\n".join(lines) + "\n"


def test_5000_line_log_stays_within_budget_and_counts_repeats(hotel, geo_pod):
    text = _long_log(hotel, geo_pod)
    for budget in (150, 600):
        ev = RuleCompressor().compress(f"kubectl logs {geo_pod} -n {HOTEL}", text, "", 0, budget_tokens=budget)
        assert ev.tokens <= budget and len(ev.render()) <= 4 * budget
        assert ev.summary.startswith("5000 log lines, 7 distinct")
        assert any("FTL" in d and d.endswith("(x715)") for d in ev.details)
        assert any("slow query" in d and d.endswith("(x8)") for d in ev.details)


def test_notfound_error_is_verbatim(run):
    ev = run(f"kubectl get pod nope -n {HOTEL}")
    assert not ev.ok and ev.kind == "error" and ev.exit_code == 1
    assert ev.render() == f'$ kubectl get pod nope -n {HOTEL}\nfailed (exit 1):\n  Error from server (NotFound): pods "nope" not found'


def test_aiopslab_error_text_on_stdout_counts_as_error():
    text = '[ERROR] Command execution failed: Error from server (NotFound): pods "nope" not found\n'
    ev = RuleCompressor().compress("kubectl get pod nope", text, "", 0)
    assert ev.kind == "error" and not ev.ok and ev.details == (text.strip(),)


def test_stderr_warning_of_a_successful_command_is_kept_first(run):
    ev = RuleCompressor().compress("kubectl get pods", "NAME   READY   STATUS    RESTARTS   AGE\nx   1/1   Running   0   1m\n",
                                   "Warning: deprecated flag\n", 0)  # fmt: skip
    assert ev.details[0] == "stderr: Warning: deprecated flag"


def test_empty_and_no_resources():
    assert RuleCompressor().compress("kubectl delete pod x", "", "", 0).summary == "(no output)"
    ev = RuleCompressor().compress("kubectl get pods -n x", "", "No resources found in x namespace.\n", 0)
    assert ev.kind == "empty" and ev.ok and ev.summary == "No resources found in x namespace."


def test_failed_command_without_output():
    ev = RuleCompressor().compress("false", "", "", 1)
    assert ev.kind == "error" and ev.summary == "failed (exit 1), no output"
