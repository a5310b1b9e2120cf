"""The action grammar: every rule of AIOpsLab's parser and its exact error texts."""

from __future__ import annotations

import pytest

from aoi.env import ParsedAction, ResponseParsingError, exec_shell_action, fence, parse_action
from aoi.env.parser import FORMAT_ERROR

FORMAT_TEXT = "Error parsing response: " + FORMAT_ERROR


def parse_error(response: str) -> str:
    with pytest.raises(ResponseParsingError) as info:
        parse_action(response)
    return str(info.value)


def test_format_error_text_is_aiopslabs():
    # Trailing spaces and the final indentation are part of the text agents have seen.
    assert FORMAT_TEXT.startswith("Error parsing response: \nFormat validation failure. Only have one pair")
    assert 'check the ticks. \nCorrect example 1:\nI should run:\n```\nexec_shell("ls")\n```\n' in FORMAT_TEXT
    assert 'Check k8s info \n```\nexec_shell("kubectl get services --all-namespaces")\n```\n' in FORMAT_TEXT
    assert FORMAT_TEXT.endswith("```\n            ")


def test_exec_shell_with_surrounding_text():
    action = parse_action('I will look at the pods.\n```\nexec_shell("kubectl get pods -n x")\n```\nthanks')
    assert action == ParsedAction("exec_shell", ["kubectl get pods -n x"], {})


@pytest.mark.parametrize(
    "response",
    [
        '```bash\nexec_shell("ls")\n```',  # a language tag
        '```python\nsubmit("Yes")\n```',
        '```\nexec_shell("ls")\n```\n```\nexec_shell("pwd")\n```',  # two blocks
        '```exec_shell("ls")```',  # inline
        'exec_shell("ls")',  # no fence at all
        "",
    ],
)
def test_responses_without_exactly_one_untagged_block_are_rejected(response):
    assert parse_error(response) == FORMAT_TEXT


def test_api_name_is_text_before_first_paren():
    assert parse_action("```\n  get_logs ('ns', 'svc')\n```").api == "get_logs"


def test_no_parenthesis_means_no_api_call():
    assert parse_error("```\nsubmit\n```") == "Error parsing response: No API call found!"
    assert parse_error("```\nsubmit(\n```") == "Error parsing response: No API call found!"


def test_exec_shell_command_keyword_and_quotes():
    assert parse_action("```\nexec_shell(command='ls -l')\n```").args == ["ls -l"]
    assert parse_action('```\nexec_shell("echo \\"hi\\" | wc -c")\n```').args == ['echo "hi" | wc -c']
    # Pipes, && and redirections pass through untouched.
    assert parse_action('```\nexec_shell("a | b && c > /tmp/x")\n```').args == ["a | b && c > /tmp/x"]


@pytest.mark.parametrize("call", ['exec_shell("ls", timeout=60)', "exec_shell(ls)", "exec_shell(\"ls')"])
def test_exec_shell_needs_one_quoted_string(call):
    expected = "Error parsing response: Error when parsing response: commands must be quoted strings"
    assert parse_error(f"```\n{call}\n```") == expected


def test_exec_shell_strips_every_outer_quote_like_aiopslab():
    # AIOpsLab's str.strip('"') also eats a quote that ends the command.
    assert parse_action('```\nexec_shell("echo \\"x\\"")\n```').args == ['echo "x\\']


def test_literal_arguments():
    action = parse_action(
        '```\nsubmit({"system_level": "Application", "fault_type": "Misconfiguration"})\n```'
    )
    assert action.args == [{"system_level": "Application", "fault_type": "Misconfiguration"}]
    assert parse_action('```\nsubmit(["a", "b"])\n```').args == [["a", "b"]]
    assert parse_action("```\nsubmit(('a', 'b'))\n```").args == [["a", "b"]]  # top-level tuple -> list
    assert parse_action("```\nget_metrics('ns', duration=10)\n```") == ParsedAction(
        "get_metrics", ["ns"], {"duration": 10}
    )
    assert parse_action("```\nsubmit(None, True, 1.5)\n```").args == [None, True, 1.5]
    assert parse_action("```\nsubmit()\n```").args == []


def test_keyword_only_submit_has_no_positional_args():
    assert parse_action('```\nsubmit(has_anomaly="Yes")\n```') == ParsedAction(
        "submit", [], {"has_anomaly": "Yes"}
    )


@pytest.mark.parametrize(
    ("call", "detail"),
    [
        ("submit(yes)", "Unsupported AST node type: <class 'ast.Name'>"),
        ("submit(-1)", "Unsupported AST node type: <class 'ast.UnaryOp'>"),
        ("submit([('a', 1)])", "Unsupported AST node type: <class 'ast.Tuple'>"),
        ("submit(x=(1, 2))", "Unsupported AST node type: <class 'ast.Tuple'>"),
    ],
)
def test_non_literal_arguments_are_rejected_with_double_prefix(call, detail):
    assert parse_error(f"```\n{call}\n```") == f"Error parsing response: Error parsing response: {detail}"


def test_syntax_error_is_reported():
    message = parse_error("```\nsubmit([1,)\n```")
    assert message.startswith("Error parsing response: Error parsing response: ")
    assert message.endswith("(<unknown>, line 1)")  # str() of the SyntaxError from ast.parse


def test_code_block_lines_between_first_two_fence_lines():
    # The regex match and the extracted block can differ; the block wins for the call.
    response = 'text ```\nexec_shell("ls")\n```'
    assert parse_action(response).args == ["ls"]


@pytest.mark.parametrize(
    "command",
    [
        "ls -l",
        'echo "x"',
        "echo 'x'",
        "grep \"a b\" f | awk '{print $1}'",
        "kubectl get pods -o jsonpath='{.items}'",
    ],
)
def test_exec_shell_action_round_trips(command):
    assert parse_action(fence(exec_shell_action(command))).args == [command]


def test_fence_leaves_fenced_text_alone():
    assert fence('submit("Yes")') == '```\nsubmit("Yes")\n```'
    assert fence('```\nsubmit("Yes")\n```') == '```\nsubmit("Yes")\n```'
