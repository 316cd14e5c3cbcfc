/* One node's report: what `GET /api/workflows/{id}/runs/{run_id}` says of it (`nodes[]`, see
 * docs/workflows.md "Reports"), and the text it streamed. Built with textContent only: outputs are
 * whatever a model or a web page produced. */
"use strict";

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function pretty(value) {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch (e) {
    return String(value);
  }
}

function time(ms) {
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false, fractionalSecondDigits: 3 });
}

function duration(ms) {
  if (!Number.isFinite(ms)) return null;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function row(dl, term, value) {
  if (value === null || value === undefined || value === "") return;
  dl.append(el("dt", null, term), el("dd", null, value));
}

function block(parent, title, value) {
  if (value === undefined || value === null) return;
  if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) return;
  parent.appendChild(el("h4", "wf-sub-title", title));
  parent.appendChild(el("pre", "wf-json", pretty(value)));
}

function errorText(error) {
  if (!error) return null;
  if (typeof error === "string") return error;
  return [error.code, error.message].filter(Boolean).join(": ");
}

/* `report` is the node's entry (or null before it ran); `streamed` its live text. */
export function renderReport(container, { id, title, type, report, streamed, live }) {
  const nodes = [];
  const dl = el("dl", "wf-facts");
  const status = report ? (report.status === "processing" ? "running" : report.status) : live || "pending";
  row(dl, "Node", `${title} (${id})`);
  row(dl, "Type", type);
  const badge = el("dd");
  badge.appendChild(el("span", `wf-chip status-${status}`, status));
  dl.append(el("dt", null, "Status"), badge);
  if (report) {
    row(dl, "Started", time(report.started_at));
    row(dl, "Ended", time(report.ended_at));
    row(dl, "Duration", duration(report.duration_ms));
    if (report.runs > 1) row(dl, "Runs", report.runs);
    row(dl, "Branch", report.branch);
    if (report.usage) {
      const u = report.usage;
      row(dl, "Tokens", `${u.prompt_tokens ?? 0} in · ${u.completion_tokens ?? 0} out`);
    }
  }
  nodes.push(dl);
  if (report?.error) {
    const err = el("p", "form-error wf-node-error", errorText(report.error));
    err.setAttribute("role", "alert");
    nodes.push(err);
  }
  const body = el("div");
  block(body, "Inputs", report?.inputs);
  if (streamed && !(report && report.outputs && Object.keys(report.outputs).length && report.status !== "processing")) {
    body.appendChild(el("h4", "wf-sub-title", live === "running" ? "Streaming" : "Streamed text"));
    body.appendChild(el("pre", "wf-json wf-stream", streamed));
  }
  block(body, "Outputs", report?.outputs);
  if (Array.isArray(report?.iterations) && report.iterations.length) {
    body.appendChild(el("h4", "wf-sub-title", `Iterations (${report.iterations.length})`));
    const list = el("ol", "wf-iterations");
    list.start = 0;
    for (const it of report.iterations) {
      const li = el("li");
      li.value = it.index;
      li.appendChild(el("span", `wf-chip status-${it.status}`, it.status));
      list.appendChild(li);
    }
    body.appendChild(list);
  }
  const snapshots = Array.isArray(report?.snapshots) ? report.snapshots.filter((s) => s && s.iteration) : [];
  if (snapshots.length) {
    body.appendChild(el("h4", "wf-sub-title", `Per iteration (${snapshots.length})`));
    for (const snap of snapshots) {
      const details = el("details", "wf-snapshot");
      const summary = el("summary", null, `iteration ${snap.iteration.join(".")} · ${snap.status || ""}`);
      details.appendChild(summary);
      block(details, "Inputs", snap.inputs);
      block(details, "Outputs", snap.outputs);
      if (snap.branch) details.appendChild(el("p", null, `branch ${snap.branch}`));
      if (snap.error) details.appendChild(el("p", "form-error", errorText(snap.error)));
      body.appendChild(details);
    }
    if (report.dropped_snapshots) body.appendChild(el("p", "muted", `${report.dropped_snapshots} more not kept.`));
  }
  for (const note of report?.notes || []) body.appendChild(el("p", "muted", note));
  if (report?.logs) block(body, "Logs", report.logs);
  if (!report && !streamed) body.appendChild(el("p", "muted", live === "skipped" ? "Not run: its branch was not taken." : "No report yet."));
  nodes.push(body);
  container.replaceChildren(...nodes);
}
