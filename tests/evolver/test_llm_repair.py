"""`LLMRepairer` against the local fake OpenAI-compatible server, with scripted replies."""

from __future__ import annotations

import json

from aoi.evolver import LLMRepairer
from aoi.llm import OpenAICompatibleClient
from llm.conftest import chat_server  # noqa: F401 - re-exported fixture


def _case(cases, pattern):
    return next(c for c in cases if c.pattern == pattern)


def _good_plan(case) -> str:
    ns = case.namespace
    return "Here is the plan:\n" + json.dumps({
        "discovery": [f"kubectl get pods -n {ns}"],
        "diagnosis": [f"kubectl get deployment user-service -n {ns} -o yaml"],
        "check": [f"kubectl get deployment user-service -n {ns} -o yaml"],
        "resolution": [f"kubectl patch deployment user-service -n {ns} --type=json "
                       "-p '[{\"op\": \"remove\", \"path\": \"/spec/template/spec/nodeSelector\"}]'"],
        "verification": [f"kubectl get pods -n {ns}"],
        "submission": None,
    })


def test_a_good_proposal_is_validated_by_execution(cases, chat_server):  # noqa: F811
    case = _case(cases, "D")
    server = chat_server([_good_plan(case)])
    repairer = LLMRepairer(OpenAICompatibleClient(server.base_url, "fake-model"))
    plan = repairer.repair(case)
    assert plan is not None and plan.validated and plan.repairer == "llm"
    prompt = "\n".join(m["content"] for m in server.requests[0].messages)
    assert "Failure pattern: D (missing verification)" in prompt
    assert "kubectl patch deployment user-service" in prompt  # the ground truth's fix
    assert "[step" in prompt  # the failed run, compressed


def test_a_wrong_fix_or_garbage_is_not_kept(cases, chat_server):  # noqa: F811
    case = _case(cases, "D")
    wrong = json.dumps({"discovery": [f"kubectl get pods -n {case.namespace}"], "resolution":
                        [f"kubectl rollout restart deployment nginx-thrift -n {case.namespace}"], "submission": None})
    server = chat_server([wrong, "I am not sure."])
    repairer = LLMRepairer(OpenAICompatibleClient(server.base_url, "fake-model"))
    assert repairer.repair(case) is None
    assert repairer.repair(case) is None
    assert [why.split(":")[0] for _, why in repairer.rejected] == ["the plan failed when executed",
                                                                   "unparsable reply"]
