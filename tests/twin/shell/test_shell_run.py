"""Shell.run: pipes, lists, stderr, redirections, files, expansion, builtins, errors."""

from __future__ import annotations

from aoi.twin.process import CommandResult
from aoi.twin.shell import TEXT_PROGRAMS, Shell

from .conftest import PODS, kubectl, recorder


def test_simple_command_runs_the_program(shell: Shell):
    assert shell.run("kubectl get pods -n x") == CommandResult(PODS)


def test_pipeline_counts_non_running_pods(shell: Shell):
    assert shell.run("kubectl get pods -n x | grep -v Running | wc -l") == CommandResult("2\n")


def test_stderr_of_an_early_stage_reaches_the_caller(shell: Shell):
    result = shell.run("kubectl logs nope | grep -i error | wc -l")
    assert result.stdout == "0\n"
    assert result.stderr == 'Error from server (NotFound): pods "nope" not found\n'
    assert result.exit_code == 0  # no pipefail: the last stage's status


def test_and_or_short_circuit(shell: Shell):
    assert shell.run("false && echo no || echo yes").stdout == "yes\n"
    assert shell.run("true || echo no; echo after").stdout == "after\n"
    result = shell.run("kubectl logs nope && echo never")
    assert (result.stdout, result.exit_code) == ("", 1)


def test_exit_status_and_dollar_question(shell: Shell):
    assert shell.run("kubectl logs nope 2>/dev/null; echo rc=$?") == CommandResult("rc=1\n")
    assert shell.run("! false").exit_code == 0


def test_stderr_merging_and_discarding(shell: Shell):
    assert shell.run("kubectl logs nope 2>&1 | wc -l") == CommandResult("1\n")
    assert shell.run("kubectl logs nope |& wc -l") == CommandResult("1\n")
    assert shell.run("kubectl get pods >/dev/null") == CommandResult()
    # order matters: stderr copies the pipe first, then stdout goes to /dev/null
    assert shell.run("kubectl logs nope 2>&1 >/dev/null").stdout.startswith("Error from server")


def test_files_live_in_memory(shell: Shell):
    assert shell.run("kubectl get pods > /tmp/p; cat /tmp/p | wc -l").stdout == "4\n"
    shell.run("echo a >> /tmp/log; echo b >> /tmp/log")
    assert shell.files["/tmp/log"] == "a\nb\n"
    assert shell.run("grep -c Running < /tmp/p").stdout == "2\n"
    assert shell.run("wc -l < /tmp/missing") == CommandResult(
        "", "bash: line 1: /tmp/missing: No such file or directory\n", 1
    )


def test_heredoc_reaches_stdin(shell: Shell):
    result = shell.run("kubectl apply -f - <<'EOF'\nmetadata:\n  name: \"x\"\n  note: 'a: $B'\nEOF")
    assert result.stdout == "applied:\nmetadata:\n  name: \"x\"\n  note: 'a: $B'\n"


def test_expansion_from_env_and_substitution(shell: Shell):
    assert shell.run("echo $NS ${UNSET} ${UNSET:-dflt} end").stdout == "test-social-network dflt end\n"
    assert shell.run('echo "[$UNSET]"').stdout == "[]\n"
    assert shell.run("echo $(kubectl get pods | awk 'NR>1 {print $1}')").stdout == "geo-abc user-x mongo-y\n"
    assert shell.run('echo "$(printf "a\\nb")"').stdout == "a\nb\n"
    assert shell.run("X=5; echo $X").stdout == "5\n"
    assert shell.run("echo $X").stdout == "\n"  # variables last one run only


def test_for_loop_over_substitution(shell: Shell):
    result = shell.run("for p in $(kubectl get pods | tail -n +2 | cut -d' ' -f1); do echo pod/$p; done")
    assert result.stdout == "pod/geo-abc\npod/user-x\npod/mongo-y\n"


def test_group_output_is_piped(shell: Shell):
    assert shell.run("(echo b; echo a) | sort").stdout == "a\nb\n"
    assert shell.run("if kubectl logs nope 2>/dev/null; then echo y; else echo n; fi").stdout == "n\n"


def test_unknown_program_and_lookup_by_basename(shell: Shell):
    assert shell.run("nosuch --x") == CommandResult("", "bash: line 1: nosuch: command not found\n", 127)
    assert shell.run("printf 'a\\n' | /usr/bin/grep a").stdout == "a\n"


def test_wrappers_run_the_wrapped_command(shell: Shell):
    assert shell.run("sudo kubectl get pods | head -1").stdout == PODS.splitlines(True)[0]
    assert shell.run("timeout 5 echo hi").stdout == "hi\n"


def test_programs_can_be_added_later():
    calls: list[list[str]] = []
    shell = Shell({})
    shell.programs["docker"] = recorder(calls)
    shell.run("docker ps -a")
    assert calls == [["docker", "ps", "-a"]]


def test_text_programs_can_be_left_out():
    shell = Shell({"kubectl": kubectl}, text_programs=False)
    assert shell.run("grep x").exit_code == 127


def test_parse_errors_become_exit_2(shell: Shell):
    result = shell.run("kubectl get pods |")
    assert result.exit_code == 2 and "syntax error" in result.stderr
    assert shell.run("while true; do echo; done").exit_code == 2


def test_xargs_runs_through_the_program_table(shell: Shell):
    result = shell.run("kubectl get pods | awk 'NR>1{print $1}' | xargs -I{} echo describe {}")
    assert result.stdout == "describe geo-abc\ndescribe user-x\ndescribe mongo-y\n"
    assert shell.run("echo a b c | xargs -n 2 echo").stdout == "a b\nc\n"
    assert shell.run("echo x | xargs nosuch").exit_code == 127


def test_date_is_fixed_and_configurable():
    assert Shell().run("date").stdout == "Mon Jan  1 00:00:00 UTC 2024\n"
    shell = Shell(env={"TWIN_DATE": "2025-03-04T05:06:07Z"})
    assert shell.run("date +%Y-%m-%dT%H:%M:%S").stdout == "2025-03-04T05:06:07\n"
    assert shell.run("sleep 5; date +%s").stdout == "1741064767\n"


def test_tee_writes_files(shell: Shell):
    assert shell.run("echo hi | tee /tmp/t").stdout == "hi\n"
    assert shell.files["/tmp/t"] == "hi\n"


def test_base64_secret_round_trip(shell: Shell):
    assert shell.run("kubectl get secret s -o jsonpath='{.data.password}' | base64 -d").stdout == "password"


def test_text_programs_are_plain_programs():
    assert TEXT_PROGRAMS["wc"](["wc", "-l"], "a\nb\n") == CommandResult("2\n")
    assert TEXT_PROGRAMS["cat"](["cat", "/x"], "").stderr == "cat: /x: No such file or directory\n"
