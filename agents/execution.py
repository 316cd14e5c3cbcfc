"""The chat kind in the worker: one turn of the judge → act → answer loop.

``execute`` reads the conversation's history once and runs the turn of the
conversation's agent (``agents.agent_runtime``: an agent people built, frozen
in the run's spec, or the default agent); ``persist`` stores the assistant message (the
streamed text exactly, its tool rounds and usage) before the spine writes the
terminal event.
"""

from __future__ import annotations

import logging

from django.conf import settings

from agents import history
from agents.agent_runtime import AgentTurn
from agents.loop import LoopResult, history_messages
from providers.gateway import ModelGateway
from runs import events
from runs.kinds import Outcome, RunContext
from tools.registry import ToolContext, registry

log = logging.getLogger(__name__)


def title_after_first_answer(
    ctx: RunContext, *, question: str, answer: str, workflow_id: int | None = None, agent_id: str | None = None
) -> None:
    """The first answer of a conversation is in: give the conversation a title made from the question and
    the answer (no model call) and announce it on the run's stream (``title``), unless the person renamed
    it. One write that does not wait for the web side's record of the conversation (it creates the
    conversation when it is first: ``workflow_id`` and ``agent_id`` are what it is bound to; unless the
    person deleted it meanwhile, ``agents.deletions``). A failure here costs the title, never the answer."""
    from agents.deletions import conversation_was_deleted

    try:
        title = history.conversation_title_generate(
            user_id=ctx.user_id,
            conversation_id=ctx.conversation_id,
            question=question,
            answer=answer,
            workflow_id=workflow_id,
            agent_id=agent_id,
            deleted=lambda: conversation_was_deleted(user_id=ctx.user_id, conversation_id=ctx.conversation_id),
        )
    except Exception:
        log.warning("run %s: the conversation's title was not generated", ctx.run_id, exc_info=True)
        return
    if title is not None:
        ctx.sink.emit(events.TITLE, {"conversation_id": ctx.conversation_id, "title": title})


class ChatKind:
    name = "chat"

    def execute(self, spec: dict, ctx: RunContext) -> Outcome:
        conversation_id = spec["conversation_id"]
        tool_ctx = ToolContext(
            user_id=ctx.user_id,
            is_staff=ctx.is_staff,
            run_id=ctx.run_id,
            conversation_id=conversation_id,
            cancel=ctx.cancel,
        )
        agent = spec.get("agent")  # an agent people built (agents.agent_selectors.agent_run_spec), or the default
        turn = AgentTurn(
            gateway=ModelGateway.for_run(ctx), sink=ctx.sink, tool_ctx=tool_ctx, available=registry.tools_for(tool_ctx)
        )
        mode = (agent or {}).get("tool_mode") or settings.AGENT_TOOL_MODE
        stored = []
        if not spec["new_conversation"]:
            stored = history.history_for_model(
                conversation_id=conversation_id, user_id=ctx.user_id, before_seq=spec["user_seq"],
                limit=settings.AGENT_HISTORY_MESSAGES - 1, branch=spec.get("branch"),
            )  # fmt: skip
        messages = [{"role": "system", "content": ""}]  # the agent's system prompt goes here
        messages += history_messages([m for m in stored if m.get("status") != "failed" or m.get("content")], mode=mode)
        messages.append({"role": "user", "content": spec["content"]})
        result = turn.run(agent, messages)
        if spec["new_conversation"] and result.status == events.SUCCEEDED:
            title_after_first_answer(
                ctx,
                question=spec["content"],
                answer=result.final_content or result.content,
                agent_id=(agent or {}).get("id"),
            )
        return self._outcome(spec["report_fields"]["assistant_message_id"], result)

    @staticmethod
    def _outcome(message_id: str, result: LoopResult) -> Outcome:
        data = {"message_id": message_id, "content": result.content}
        if result.status == events.SUCCEEDED:
            data["finish_reason"] = result.finish_reason or "stop"
        return Outcome(
            status=result.status, result=data, error=result.error, usage=result.usage, model=result.model,
            steps=result.steps, finish_reason=result.finish_reason, record=result,
        )  # fmt: skip

    def interrupted(self, run: dict, *, status: str, text: str, error: dict | None) -> Outcome:
        result = LoopResult(status=status, content=text, final_content=text, error=error)
        return Outcome(status=status, result={"message_id": run["assistant_message_id"], "content": text},
                       error=error, record=result)  # fmt: skip

    def persist(self, run: dict, outcome: Outcome, *, timings: dict) -> None:
        result: LoopResult = outcome.record
        history.answer_store(
            run=run, status=outcome.status, content=result.content, final_content=result.final_content,
            reasoning=result.reasoning, rounds=result.rounds, usage=outcome.usage, model=outcome.model,
            error=outcome.error, timings=timings, usage_by_model=outcome.report.get("usage_by_model"),
            agent=run.get("agent"),
        )  # fmt: skip


chat_kind = ChatKind()
