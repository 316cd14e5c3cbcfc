"""The workflow kind in the worker: one run of a FlowGram workflow (or SpotLight's agent_chat).

``execute`` unseals what admission sealed (document, inputs, per-request
settings and secrets), builds the run's environment (:mod:`workflows.environment`)
and calls the runtime, which streams node events and tokens through
:class:`workflows.sink.WorkflowSink`. The outcome carries the per-node report
(statuses, inputs, outputs, a snapshot per loop iteration, branches, errors,
timings) into the run report in MongoDB; ``persist`` stores the assistant
message of a chat bound to a workflow, exactly the text that streamed.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import orjson
from django.conf import settings

from providers.gateway import ModelGateway
from runs import events
from runs.kinds import Outcome, RunContext
from tools.registry import ToolContext, registry
from tools.secrets import secret_decrypt
from workflows import chatflow, reporting
from workflows.environment import AgentRunner, ModelResolver, RequestModel, Vault, code_runner
from workflows.sink import WorkflowSink, answer_nodes, answer_text

log = logging.getLogger(__name__)


def _steps(steps: list[dict]) -> list[dict]:
    """The runtime's steps as the run report keeps every kind's: ``started_at`` an ISO time (it counts epoch ms)."""
    out = []
    for step in steps or ():
        started = step.get("started_at")
        if isinstance(started, int | float):
            step = {**step, "started_at": datetime.fromtimestamp(started / 1000, UTC).isoformat()}
        out.append(step)
    return out


def unseal(spec: dict) -> dict:
    from workflows.admission import SEAL_INFO

    return orjson.loads(secret_decrypt(spec["sealed"], info=SEAL_INFO))


def _request_model(runtime: dict) -> RequestModel | None:
    model = runtime.get("model")
    if not model:
        return None
    return RequestModel(
        model_name=model.get("model_name") or "",
        base_url=model.get("base_url") or "",
        api_key=model.get("api_key") or "",
        temperature=model.get("temperature"),
        max_tokens=model.get("max_tokens"),
    )


class WorkflowKind:
    name = "workflow"

    def execute(self, spec: dict, ctx: RunContext) -> Outcome:
        payload = unseal(spec)
        runtime = payload.get("runtime") or {}
        document = payload["schema"]
        sink = WorkflowSink(
            ctx.sink,
            secrets=payload.get("secrets") or (),
            answer_from=answer_nodes(document) if spec.get("answer") and spec.get("mode") == "graph" else (),
        )
        models = ModelResolver(
            gateway=ModelGateway.for_run(ctx), default=_request_model(runtime), on_secret=sink.add_secret
        )
        vault = Vault(
            values=runtime.get("vault"), staff_vault=bool(runtime.get("staff_vault")), on_secret=sink.add_secret
        )
        vault.preload(reporting.vault_names(document))
        tool_ctx = ToolContext(
            user_id=ctx.user_id,
            is_staff=ctx.is_staff,
            run_id=ctx.run_id,
            conversation_id=ctx.conversation_id,
            cancel=ctx.cancel,
        )
        tools = registry.tools_for(tool_ctx)
        if runtime.get("tools"):
            from workflows.spotlight_tools import request_tools

            given = request_tools(runtime["tools"], vault=vault, user_tools=tools)
            if spec.get("mode") == "agent_chat":
                tools = given  # the chat agent with the request's tools, and only those
            else:
                names = {tool.name for tool in given}
                tools = given + [tool for tool in tools if tool.name not in names]
        try:
            if spec.get("mode") == "agent_chat":
                return self._agent_chat(spec, payload, ctx, sink, models, tools, tool_ctx)
            outcome = self._graph(spec, payload, ctx, sink, models, vault, tools, tool_ctx)
            chat = spec.get("chat")
            if chat and chat["new_conversation"] and outcome.status == events.SUCCEEDED:
                from agents.execution import title_after_first_answer

                title_after_first_answer(
                    ctx,
                    question=chat["content"],
                    answer=outcome.record["content"] or "",
                    workflow_id=spec["report_fields"].get("workflow_id"),
                )
            return outcome
        finally:
            models.close()

    def _graph(self, spec, payload, ctx, sink, models, vault, tools, tool_ctx) -> Outcome:
        from workflows import engine

        env = engine.Env(
            sink=sink,
            cancel=ctx.cancel,
            user_id=ctx.user_id,
            is_staff=ctx.is_staff,
            llm=models,
            http_client=engine.safe_sender(),
            vault=vault,
            tools=tools,
            tool_context=tool_ctx,
            agent=AgentRunner(models=models, tools=tools, tool_context=tool_ctx),
            code=code_runner(user_id=ctx.user_id),
            max_parallel=settings.WORKFLOW_MAX_PARALLEL,
            trace_id=ctx.trace_id,
        )
        inputs = payload["inputs"]
        if spec.get("chat"):
            inputs = self._chat_inputs(spec, ctx, payload["schema"])
        result = engine.run_workflow(payload["schema"], inputs, env=env)
        outputs = sink.scrub(result.outputs or {})
        if spec.get("answer") and not sink.answer and result.status == events.SUCCEEDED:
            sink.emit_answer(answer_text(outputs))
        sink.release_finished()
        sink.flush()
        data = {"outputs": outputs, **self._chat_ids(spec)}
        if spec.get("answer"):
            data["content"] = sink.answer
        if result.status == events.SUCCEEDED:
            data["finish_reason"] = "stop"
        report = reporting.report_fields(result, scrub=sink.scrub)
        return Outcome(
            status=result.status,
            result=data,
            error=sink.scrub(result.error),
            usage=result.usage,
            model=result.model or settings.LLM_MODEL,
            steps=sink.scrub(_steps(result.steps)),
            finish_reason="stop" if result.status == events.SUCCEEDED else None,
            report=report,
            record={"content": sink.answer, "outputs": outputs, "nodes": report.get("nodes")},
        )

    def _agent_chat(self, spec, payload, ctx, sink, models, tools, tool_ctx) -> Outcome:
        """SpotLight's built-in ``agent_chat``: the chat agent with the request's model, messages and tools."""
        from agents.loop import run_loop
        from agents.prompting import system_prompt

        llm = models.for_request()
        mode = settings.AGENT_TOOL_MODE
        messages = [{"role": "system", "content": system_prompt(tools, mode=mode)}]
        given = payload["runtime"].get("messages") or ()
        # The conversation as the model may take it: user and assistant turns (a bare "tool" message without
        # the call it answers is refused by OpenAI-compatible servers); system messages join the system prompt.
        messages += [m for m in given if m.get("role") in ("user", "assistant") and m.get("content")]
        system_extra = [m["content"] for m in given if m.get("role") == "system" and m.get("content")]
        if system_extra:
            messages[0]["content"] += "\n\n" + "\n\n".join(system_extra)
        result = run_loop(
            llm=llm,
            registry=registry,
            tools=tools,
            ctx=tool_ctx,
            messages=messages,
            sink=sink,
            mode=mode,
            max_iterations=settings.AGENT_MAX_ITERATIONS,
        )
        data = {"outputs": {"answer": result.content}, "content": result.content}
        if result.status == events.SUCCEEDED:
            data["finish_reason"] = result.finish_reason or "stop"
        return Outcome(
            status=result.status,
            result=data,
            error=result.error,
            usage=result.usage,
            model=result.model,
            steps=result.steps,
            finish_reason=result.finish_reason,
            record={"content": result.content},
            report={"outputs": {"answer": result.content}, "rounds": sink.scrub(result.rounds)},
        )

    @staticmethod
    def _chat_inputs(spec: dict, ctx: RunContext, document: dict) -> dict:
        """A chat turn's start inputs: the message and the conversation so far."""
        chat = spec["chat"]
        turns = []
        if not chat["new_conversation"]:
            turns = chatflow.chat_history(
                conversation_id=ctx.conversation_id,
                user_id=ctx.user_id,
                before_seq=chat["user_seq"],
                limit=settings.AGENT_HISTORY_MESSAGES - 1,
                branch=chat.get("branch"),
            )
        return chatflow.chat_inputs(
            document, message=chat["content"], history=turns, conversation_id=ctx.conversation_id
        )

    @staticmethod
    def _chat_ids(spec: dict) -> dict:
        fields = spec.get("report_fields") or {}
        return {"message_id": fields["assistant_message_id"]} if fields.get("assistant_message_id") else {}

    def interrupted(self, run: dict, *, status: str, text: str, error: dict | None) -> Outcome:
        data = {"outputs": {}}
        if run.get("assistant_message_id"):
            data.update(message_id=run["assistant_message_id"], content=text)
        return Outcome(status=status, result=data, error=error, record={"content": text, "outputs": {}})

    def persist(self, run: dict, outcome: Outcome, *, timings: dict) -> None:
        """A chat bound to a workflow keeps its answer in the conversation; other runs keep only the report."""
        if not run.get("assistant_message_id"):
            return
        from agents import history

        record = outcome.record or {}
        content = record.get("content") or ""
        history.answer_store(
            run=run,
            status=outcome.status,
            content=content,
            final_content=content,
            reasoning="",
            rounds=chatflow.node_rounds(record.get("nodes")),
            usage=outcome.usage,
            model=outcome.model,
            error=outcome.error,
            timings=timings,
            usage_by_model=outcome.report.get("usage_by_model"),
        )


workflow_kind = WorkflowKind()
