/* The steps of an answer: tool calls, sub-agents and workflow nodes, each one line (icon, label, a short
 * visible argument, status, time), collapsed by default (a <details>) and expandable to its arguments and
 * result. Work with a `scope` (docs/events.md#scopes-nested-work) nests: a scope segment ("agent:bee",
 * "node:llm_0", "iter:2") is a group step whose body holds the steps and text inside it.
 *
 * The same view renders a live run (handle() per event) and a stored answer (fromHistory()), so a reopened
 * conversation shows what the live view showed.
 *
 * Extension points (static/js/chat/run_python.js, static/js/workflows/chat-steps.js):
 *   registerStepRenderer(tool, {icon, summary(step), body(step, container)}) - how one tool's step looks;
 *   registerScope(prefix, (segment, data) => ({label, icon}))                 - how a scope segment is named;
 *   registerEventHandler(type, (steps, data, scope) => void)                   - other event types.
 * A step is {tool, label, icon, args, result, status: "running" | "ok" | "failed", error, duration_ms}.
 */
"use strict";

import { el } from "../core/dom.js";

const renderers = {};
const scopes = {};
const handlers = {};

export function registerStepRenderer(tool, renderer) { renderers[tool] = renderer; }
export function registerScope(prefix, namer) { scopes[prefix] = namer; }
export function registerEventHandler(type, handler) { handlers[type] = handler; }

registerScope("agent", (segment) => ({ label: `Sub-agent ${segment.slice(6)}`, icon: "☺" }));

const STATUS_TEXT = { running: "running", ok: "done", failed: "failed" };

export function durationText(ms) {
  if (ms === null || ms === undefined) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;
}

function pretty(value) {
  if (typeof value === "string") return value;
  try { return JSON.stringify(value, null, 2); } catch (e) { return String(value); }
}

function isEmpty(value) {
  if (value === null || value === undefined || value === "") return true;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/** The short visible argument of a step's head: the first text value of its arguments, cut. */
export function shortArgument(args) {
  let text = "";
  if (typeof args === "string") text = args;
  else if (args && typeof args === "object") {
    const values = Object.values(args);
    const first = values.find((v) => typeof v === "string" && v.trim()) ?? values.find((v) => v !== null && typeof v !== "object");
    text = first === undefined ? "" : String(first);
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function block(container, title, value, cls) {
  container.appendChild(el("div", "step-sub", title));
  const pre = el("pre", `step-json${cls ? ` ${cls}` : ""}`, pretty(value));
  pre.tabIndex = 0; // it may scroll: reachable from the keyboard
  container.appendChild(pre);
}

class Step {
  constructor(owner, step, { group = false } = {}) {
    this.step = step;
    this.group = group;
    this.node = el("details", `step${group ? " step-group" : ""}`);
    const head = el("summary", "step-head");
    this.icon = el("span", "step-icon");
    this.icon.setAttribute("aria-hidden", "true");
    this.label = el("span", "step-label");
    this.arg = el("span", "step-arg");
    this.status = el("span", "step-status");
    head.append(this.icon, this.label, this.arg, this.status);
    this.body = el("div", "step-body");
    this.info = el("div", "step-info");
    this.body.appendChild(this.info);
    if (group) {
      this.text = el("div", "step-text");
      this.text.hidden = true;
      this.children = el("div", "steps step-children");
      this.body.append(this.text, this.children);
    }
    this.node.append(head, this.body);
    owner.appendChild(this.node);
    this.update();
  }

  update() {
    const s = this.step;
    const renderer = (!this.group && renderers[s.tool]) || {};
    this.node.dataset.status = s.status || "running";
    if (s.tool) this.node.dataset.tool = s.tool;
    this.icon.textContent = s.icon || renderer.icon || (this.group ? "▸" : "⚙");
    this.label.textContent = s.label || s.tool || "Step";
    const summary = renderer.summary ? renderer.summary(s) : shortArgument(s.args);
    this.arg.textContent = summary || "";
    this.arg.hidden = !summary;
    const status = STATUS_TEXT[s.status] || s.status || "running";
    const time = durationText(s.duration_ms);
    this.status.textContent = s.status === "running" ? "running…" : time ? `${status} · ${time}` : status;
    this.info.replaceChildren();
    if (renderer.body) renderer.body(s, this.info);
    else {
      if (!isEmpty(s.args)) block(this.info, "Arguments", s.args);
      if (!isEmpty(s.result)) block(this.info, this.group ? "Outputs" : "Result", s.result);
      if (s.error) block(this.info, "Error", s.error, "step-error");
      else if (s.status === "failed" && !this.group) block(this.info, "Error", "The tool failed.", "step-error");
    }
    this.info.hidden = !this.info.firstChild;
    if (!this.group && this.info.hidden && s.status !== "running") {
      this.info.hidden = false;
      this.info.appendChild(el("p", "step-empty muted", "No visible arguments or result."));
    }
  }
}

export class Steps {
  /** container: where the top-level steps go (an element with class "steps"). */
  constructor(container) {
    this.container = container;
    this.groups = {}; // scope key -> Step (group)
    this.calls = {};  // scope key + call id -> Step
  }

  /** The group step of a scope path (created with its ancestors); data names the last segment. A
   * sub-agent's scope "agent:<id>:<call id>" nests inside the step of the tool call that started it. */
  group(path, data) {
    let owner = this.container, found = null;
    for (let i = 0; i < path.length; i++) {
      const key = path.slice(0, i + 1).join("/");
      found = this.groups[key];
      const parts = path[i].split(":");
      const caller = !found && parts[0] === "agent" && parts.length > 2
        ? this.calls[`${path.slice(0, i).join("/")}#${parts.slice(2).join(":")}`] : null;
      if (caller) {
        caller.text = el("div", "step-text");
        caller.text.hidden = true;
        caller.children = el("div", "steps step-children");
        caller.body.append(caller.text, caller.children);
        caller.node.classList.add("step-caller");
        this.groups[key] = found = caller;
      }
      if (!found) {
        const segment = path[i];
        const namer = scopes[segment.split(":")[0]];
        const named = (namer && namer(segment, i === path.length - 1 ? data || {} : {})) || { label: segment };
        found = new Step(owner, { label: named.label, icon: named.icon, status: "running" }, { group: true });
        this.groups[key] = found;
      } else if (i === path.length - 1 && data && data.title && !found.step.labelSet) {
        const namer = scopes[path[i].split(":")[0]];
        if (namer) Object.assign(found.step, namer(path[i], data), { labelSet: true });
      }
      owner = found.children;
    }
    return found;
  }

  owner(scope) { return scope && scope.length ? this.group(scope).children : this.container; }

  toolStart(data, scope) {
    const key = `${(scope || []).join("/")}#${data.call_id}`;
    const step = { tool: data.tool, label: data.label, args: data.visible, status: "running" };
    this.calls[key] = new Step(this.owner(scope), step);
    return this.calls[key];
  }

  toolResult(data, scope) {
    const key = `${(scope || []).join("/")}#${data.call_id}`;
    let view = this.calls[key];
    if (!view) view = this.toolStart({ call_id: data.call_id, tool: data.tool, label: data.label, visible: data.visible_arguments }, scope);
    Object.assign(view.step, {
      status: data.ok ? "ok" : "failed", result: data.visible, error: data.error || null, duration_ms: data.duration_ms ?? null,
    });
    if (data.visible_arguments !== undefined && isEmpty(view.step.args)) view.step.args = data.visible_arguments;
    view.update();
    return view;
  }

  /** Text streamed inside a scope (a sub-agent's or a node's own answer). */
  text(scope, piece) {
    const group = this.group(scope);
    group.text.hidden = false;
    group.text.textContent += piece;
  }

  /** One event; false when it is not a step's (the answer's own tokens, terminal events). */
  handle(type, data, scope) {
    if (handlers[type]) { handlers[type](this, data, scope || []); return true; }
    if (type === "tool_start") { this.toolStart(data, scope); return true; }
    if (type === "tool_result") { this.toolResult(data, scope); return true; }
    if (type === "tool_retry") {
      const view = this.calls[`${(scope || []).join("/")}#${data.call_id}`];
      if (view) {
        view.step.retry = `retry ${data.attempt} of ${data.attempts}${data.error ? `: ${data.error}` : ""}`;
        view.status.textContent = `retrying (${data.attempt} of ${data.attempts})…`;
        view.info.appendChild(el("p", "step-retry muted", view.step.retry));
      }
      return true;
    }
    if ((type === "token" || type === "reasoning_token") && scope && scope.length) { this.text(scope, data); return true; }
    return false;
  }

  /** The run ended: groups still marked running take the run's end. */
  finish(status) {
    Object.values(this.groups).forEach((g) => {
      if (g.step.status === "running") { g.step.status = status === "succeeded" ? "ok" : "failed"; g.update(); }
    });
    Object.values(this.calls).forEach((c) => {
      if (c.step.status === "running") { c.step.status = "failed"; c.step.error = c.step.error || "stopped"; c.update(); }
    });
  }

  /** A stored answer's tool calls (GET …/messages: tool_calls with visible_arguments). A sub-agent's call
   * carries its work (`agent`: the scope of its steps and the text it streamed); its own calls follow it,
   * each with that scope, so they nest under it as they did live. */
  fromHistory(calls) {
    (calls || []).forEach((t) => {
      if (typeof t.id === "string" && t.id.startsWith("node:") && scopes.node) {
        // A workflow node, stored as a call: the group step the live answer drew for it (its type's icon,
        // no argument line), not a tool step.
        const node = this.group([t.id], { title: t.label, type: t.tool });
        Object.assign(node.step, { status: t.ok ? "ok" : "failed", result: isEmpty(t.visible) ? null : t.visible,
          error: t.error || null, duration_ms: t.duration_ms ?? null });
        node.update();
        return;
      }
      this.toolResult({ call_id: t.id, tool: t.tool, label: t.label, ok: t.ok, visible: t.visible,
        visible_arguments: t.visible_arguments, error: t.error, duration_ms: t.duration_ms }, t.scope || null);
      const work = t.agent;
      if (!work || !Array.isArray(work.scope) || !work.scope.length) return;
      if (work.text) this.text(work.scope, work.text);
      if (work.truncated) {
        const more = work.truncated === 1 ? "1 more step was" : `${work.truncated} more steps were`;
        this.group(work.scope).children.appendChild(el("p", "step-empty muted step-truncated", `${more} too many to keep.`));
      }
    });
  }
}
