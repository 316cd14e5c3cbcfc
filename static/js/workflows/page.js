/* The Workflows page (templates/workflows/index.html): the list, import/export, the run form, the
 * live graph and the per-node report, over the JSON API (docs/api.md#workflows).
 *
 * A run is followed by id over native SSE (run.js); the open workflow and run are in the URL
 * (`/workflows/?id=12&run=…`), so a reload comes back to the same graph and keeps following.
 */
"use strict";

import { InputsForm } from "./form.js";
import { GraphView } from "./graph.js";
import { renderReport, pretty } from "./report.js";
import { followRun, scopeNode } from "./run.js";

const api = window.TomatoApi;
const $ = (id) => document.getElementById(id);
const FINISHED = new Set(["succeeded", "failed", "cancelled"]);

const state = {
  workflows: [],
  next: null,
  workflow: null, // the open workflow's detail
  form: null,
  graph: null,
  run: null, // {id, status, follower, report, nodes: Map}
  selected: null,
};

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function errorList(err) {
  const body = err && err.body;
  const list = body?.error?.errors || body?.errors;
  return Array.isArray(list) ? list.map(String) : [];
}

function showListError(message) {
  $("wf-list-error").textContent = message || "";
  $("wf-list-error").hidden = !message;
}

function setUrl() {
  const params = new URLSearchParams();
  if (state.workflow) params.set("id", state.workflow.id);
  if (state.run) params.set("run", state.run.id);
  const query = params.toString();
  history.replaceState(null, "", `/workflows/${query ? `?${query}` : ""}`);
}

// ---------- the list ----------

async function loadList({ more = false } = {}) {
  const q = $("wf-q").value.trim();
  const url = more && state.next ? state.next : `/api/workflows?limit=50${q ? `&q=${encodeURIComponent(q)}` : ""}`;
  $("wf-list-status").textContent = "Loading…";
  try {
    const page = await api.get(url);
    state.workflows = more ? state.workflows.concat(page.results) : page.results;
    state.next = page.next;
    renderList();
    $("wf-list-status").textContent = state.workflows.length ? "" : q ? "No workflow matches." : "No workflows yet: import one.";
  } catch (e) {
    $("wf-list-status").textContent = "";
    showListError(`Could not load workflows: ${e.message}`);
  }
}

function renderList() {
  const items = state.workflows.map((w) => {
    const li = el("li", "wf-item");
    if (state.workflow && state.workflow.id === w.id) li.classList.add("active");
    const open = el("button", "wf-item-open", w.name);
    open.type = "button";
    open.dataset.id = w.id;
    if (state.workflow && state.workflow.id === w.id) open.setAttribute("aria-current", "true");
    open.addEventListener("click", () => openWorkflow(w.id));
    const meta = el("span", "wf-item-meta",
      [`v${w.version}`, w.is_owner ? "yours" : `by ${w.owner}`, w.shared ? "shared" : null].filter(Boolean).join(" · "));
    li.append(open, meta);
    if (w.description) li.appendChild(el("p", "wf-item-desc", w.description));
    return li;
  });
  $("wf-list").replaceChildren(...items);
  $("wf-more").hidden = !state.next;
}

async function importDocument(body, name) {
  showListError("");
  $("wf-list-status").textContent = "Importing…";
  try {
    const query = name ? `?name=${encodeURIComponent(name)}` : "";
    const workflow = await api.post(`/api/workflows/import${query}`, body);
    $("wf-list-status").textContent = `Imported “${workflow.name}”.`;
    await loadList();
    await openWorkflow(workflow.id);
    return true;
  } catch (e) {
    $("wf-list-status").textContent = "";
    const details = errorList(e);
    showListError(`Could not import: ${e.message}${details.length ? ` ${details.join(" ")}` : ""}`);
    return false;
  }
}

function parseJson(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `That is not JSON (${e.message}).` };
  }
}

async function importFile(file) {
  if (!file) return;
  if (file.size > 1_048_576) {
    showListError("That file is over 1 MB, the largest workflow the server takes.");
    return;
  }
  const parsed = parseJson(await file.text());
  if (parsed.error) {
    showListError(parsed.error);
    return;
  }
  const isEnvelope = parsed.value && typeof parsed.value === "object" && "schema" in parsed.value;
  const name = isEnvelope ? null : file.name.replace(/(\.flowgram)?\.json$/i, "") || null;
  await importDocument(parsed.value, name);
}

// ---------- one workflow ----------

async function openWorkflow(id, { runId = null } = {}) {
  stopFollowing();
  showListError("");
  let workflow;
  try {
    workflow = await api.get(`/api/workflows/${encodeURIComponent(id)}`);
  } catch (e) {
    showListError(e.status === 404 ? "That workflow does not exist or is not shared with you." : e.message);
    state.workflow = null;
    $("wf-open").hidden = true;
    $("wf-empty").hidden = false;
    setUrl();
    return;
  }
  state.workflow = workflow;
  state.run = null;
  state.selected = null;
  $("wf-empty").hidden = true;
  $("wf-open").hidden = false;
  $("wf-name").textContent = workflow.name;
  showMeta(workflow);
  $("wf-description").textContent = workflow.description || "";
  $("wf-description").hidden = !workflow.description;
  $("wf-export").href = `/api/workflows/${workflow.id}/export`;
  $("wf-chat").href = `/?workflow=${workflow.id}`;
  $("wf-delete").hidden = !workflow.is_owner;
  $("wf-share").hidden = !workflow.is_owner;
  $("wf-shared").checked = !!workflow.shared;
  const errors = workflow.errors || [];
  $("wf-errors").hidden = !errors.length;
  $("wf-errors").querySelector("ul").replaceChildren(...errors.map((msg) => el("li", null, msg)));
  state.form = new InputsForm($("wf-fields"), workflow.inputs_schema || {});
  state.graph = new GraphView($("wf-graph"), workflow.schema, { onSelect: selectNode });
  $("wf-run").disabled = errors.length > 0;
  clearRunUi();
  renderList();
  setUrl();
  loadRuns();
  if (runId) await showRun(runId);
}

function showMeta(workflow) {
  $("wf-meta").textContent = [`version ${workflow.version}`, workflow.is_owner ? "yours" : `by ${workflow.owner}`,
    workflow.shared ? "shared" : "private"].join(" · ");
}

function clearRunUi() {
  $("wf-run-error").hidden = true;
  $("wf-run-errors").hidden = true;
  $("wf-run-status").textContent = "";
  $("wf-run-status").removeAttribute("data-status");
  $("wf-result").hidden = true;
  $("wf-report").hidden = true;
  $("wf-cancel").hidden = true;
}

async function loadRuns() {
  const workflow = state.workflow;
  try {
    const page = await api.get(`/api/workflows/${workflow.id}/runs?limit=10`);
    if (state.workflow !== workflow) return;
    const items = page.results.map((r) => {
      const li = el("li");
      const button = el("button", "link-btn wf-run-open");
      button.type = "button";
      const when = new Date(r.created_at).toLocaleString();
      button.append(el("span", `wf-chip status-${r.status === "running" || r.status === "queued" ? "running" : r.status}`, r.status),
        document.createTextNode(` ${when}${r.duration_ms != null ? ` · ${(r.duration_ms / 1000).toFixed(1)} s` : ""} · v${r.workflow_version ?? "?"}`));
      if (state.run && state.run.id === r.id) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => showRun(r.id));
      li.appendChild(button);
      return li;
    });
    $("wf-runs").replaceChildren(...items);
    $("wf-runs-empty").hidden = items.length > 0;
  } catch (e) {
    $("wf-runs").replaceChildren();
    $("wf-runs-empty").hidden = false;
  }
}

function setRunStatus(status, text) {
  const s = $("wf-run-status");
  s.textContent = text || status;
  s.dataset.status = status;
  const live = ["queued", "running", "cancelling"].includes(status);
  const busy = live || status === "starting";
  $("wf-run").disabled = busy || (state.workflow?.errors || []).length > 0;
  $("wf-cancel").hidden = !live;
  state.form?.setDisabled(busy);
}

async function startRun(ev) {
  ev.preventDefault();
  if (!state.workflow || (state.run && !FINISHED.has(state.run.status))) return;
  const { inputs, errors } = state.form.collect();
  $("wf-run-errors").hidden = true;
  $("wf-run-error").hidden = true;
  if (Object.keys(errors).length) {
    $("wf-run-error").textContent = "Fix the inputs marked below.";
    $("wf-run-error").hidden = false;
    return;
  }
  const workflow = state.workflow;
  setRunStatus("starting", "Starting…");
  let started;
  try {
    started = await api.post(`/api/workflows/${workflow.id}/runs`, { inputs });
  } catch (e) {
    setRunStatus("refused", "Not started.");
    $("wf-run-error").textContent = e.message;
    $("wf-run-error").hidden = false;
    const details = errorList(e);
    $("wf-run-errors").replaceChildren(...details.map((msg) => el("li", null, msg)));
    $("wf-run-errors").hidden = !details.length;
    return;
  }
  if (state.workflow !== workflow) return;
  follow(started.run_id);
  loadRuns();
}

function newRun(runId) {
  stopFollowing();
  state.run = { id: runId, status: "queued", follower: null, report: null, live: new Map(), text: new Map() };
  state.graph.reset();
  $("wf-result").hidden = true;
  setUrl();
  return state.run;
}

function follow(runId) {
  const run = newRun(runId);
  setRunStatus("queued", "Queued…");
  run.follower = followRun(runId, (type, data, scope) => onEvent(run, type, data, scope), {
    onDisconnect: () => {
      if (state.run === run && !FINISHED.has(run.status)) setRunStatus("failed", "Lost the connection to the run.");
    },
  });
}

function onEvent(run, type, data, scope) {
  if (state.run !== run) return;
  const graph = state.graph;
  switch (type) {
    case "session":
      setRunStatus("running", "Running…");
      run.status = "running";
      break;
    case "node_started":
      run.live.set(data.node_id, "running");
      run.text.delete(data.node_id); // a loop's next iteration: its text starts over
      graph.clearText(data.node_id);
      graph.setStatus(data.node_id, "running");
      break;
    case "node_finished":
      run.live.set(data.node_id, data.status);
      graph.setStatus(data.node_id, data.status, data.branch);
      if (state.selected === data.node_id) refreshReport();
      break;
    case "token": {
      const node = scopeNode(scope);
      if (!node) break; // top-level tokens repeat the answer node's, already shown on it
      run.text.set(node, (run.text.get(node) || "") + data);
      graph.appendText(node, data);
      if (state.selected === node) scheduleReport();
      break;
    }
    case "workflow_finished":
      showOutputs(data.outputs);
      break;
    case "result":
    case "cancelled":
    case "error":
      finishRun(run, type === "result" ? "succeeded" : type === "cancelled" ? "cancelled" : "failed", data);
      break;
    default:
      break;
  }
}

async function finishRun(run, status, data) {
  run.status = status;
  const text = { succeeded: "Succeeded", cancelled: "Cancelled", failed: "Failed" }[status];
  const error = status === "failed" && data?.message ? `: ${data.message}` : "";
  const took = Number.isFinite(data?.duration_ms) ? ` in ${(data.duration_ms / 1000).toFixed(2)} s` : "";
  setRunStatus(status, `${text}${took}${error}`);
  if (data?.outputs) showOutputs(data.outputs);
  await refreshReport({ apply: true });
  loadRuns();
}

function showOutputs(outputs) {
  $("wf-result").hidden = false;
  $("wf-outputs").textContent = pretty(outputs || {});
}

function stopFollowing() {
  if (state.run?.follower) state.run.follower.close();
}

async function showRun(runId) {
  const workflow = state.workflow;
  let report;
  try {
    report = await api.get(`/api/workflows/${workflow.id}/runs/${encodeURIComponent(runId)}`);
  } catch (e) {
    $("wf-run-error").textContent = e.status === 404 ? "That run is not one of yours." : e.message;
    $("wf-run-error").hidden = false;
    return;
  }
  if (state.workflow !== workflow) return;
  if (!FINISHED.has(report.status)) {
    follow(runId); // replays what happened so far, then follows
    return;
  }
  const run = newRun(runId);
  run.status = report.status;
  run.report = report;
  state.graph.applyReport(report.nodes);
  const took = Number.isFinite(report.duration_ms) ? ` in ${(report.duration_ms / 1000).toFixed(2)} s` : "";
  const error = report.error?.message ? `: ${report.error.message}` : "";
  setRunStatus(report.status, `${report.status[0].toUpperCase()}${report.status.slice(1)}${took}${error}`);
  showOutputs(report.outputs);
  loadRuns();
  if (state.selected) renderSelected();
}

// ---------- the node report ----------

function selectNode(id) {
  state.selected = id;
  $("wf-report").hidden = false;
  renderSelected();
  refreshReport();
}

let reportFrame = 0;
function scheduleReport() {
  if (reportFrame) return;
  reportFrame = requestAnimationFrame(() => {
    reportFrame = 0;
    renderSelected();
  });
}

function renderSelected() {
  const id = state.selected;
  if (!id || !state.graph) return;
  const run = state.run;
  const report = run?.report?.nodes?.find((n) => n.id === id) || null;
  $("wf-report-title").textContent = `Node: ${state.graph.title(id)}`;
  renderReport($("wf-report-body"), {
    id, title: state.graph.title(id), type: state.graph.type(id), report,
    streamed: run?.text.get(id) || "", live: run ? run.live.get(id) || state.graph.status.get(id) : null,
  });
}

/* The run's node reports from the server (live while it runs); `apply` colours the graph from them. */
async function refreshReport({ apply = false } = {}) {
  const run = state.run;
  const workflow = state.workflow;
  if (!run || !workflow) {
    renderSelected();
    return;
  }
  try {
    const report = await api.get(`/api/workflows/${workflow.id}/runs/${encodeURIComponent(run.id)}`);
    if (state.run !== run) return;
    run.report = report;
    if (apply) state.graph.applyReport(report.nodes);
  } catch (e) {
    /* the report is not there yet (queued); the events are */
  }
  renderSelected();
}

// ---------- wiring ----------

function wire() {
  $("wf-search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    loadList();
  });
  $("wf-more").addEventListener("click", () => loadList({ more: true }));
  $("wf-file").addEventListener("change", async (ev) => {
    await importFile(ev.target.files[0]);
    ev.target.value = "";
  });
  const toggle = $("wf-paste-toggle");
  const showPaste = (open) => {
    $("wf-paste").hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) $("wf-paste-json").focus();
    else toggle.focus();
  };
  toggle.addEventListener("click", () => showPaste($("wf-paste").hidden));
  $("wf-paste-cancel").addEventListener("click", () => showPaste(false));
  $("wf-paste").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const parsed = parseJson($("wf-paste-json").value);
    if (parsed.error) {
      showListError(parsed.error);
      $("wf-paste-json").focus();
      return;
    }
    if (await importDocument(parsed.value, $("wf-paste-name").value.trim() || null)) {
      $("wf-paste-json").value = "";
      $("wf-paste-name").value = "";
      $("wf-paste").hidden = true;
      toggle.setAttribute("aria-expanded", "false");
    }
  });
  $("wf-run-form").addEventListener("submit", startRun);
  $("wf-cancel").addEventListener("click", async () => {
    const run = state.run;
    if (!run) return;
    $("wf-cancel").disabled = true;
    try {
      await api.post(`/api/runs/${encodeURIComponent(run.id)}/cancel`);
      if (!FINISHED.has(run.status)) setRunStatus("cancelling", "Cancelling…");
    } catch (e) {
      if (e.status !== 409) $("wf-run-status").textContent = `Could not cancel: ${e.message}`;
    } finally {
      $("wf-cancel").disabled = false;
    }
  });
  $("wf-shared").addEventListener("change", async (ev) => {
    const workflow = state.workflow;
    if (!workflow) return;
    const shared = ev.target.checked;
    ev.target.disabled = true;
    try {
      const changed = await api.patch(`/api/workflows/${workflow.id}`, { shared });
      workflow.shared = changed.shared;
      showMeta(workflow);
      loadList();
    } catch (e) {
      ev.target.checked = !shared;
      showListError(`Could not change sharing: ${e.message}`);
    } finally {
      ev.target.disabled = false;
    }
  });
  $("wf-delete").addEventListener("click", async () => {
    const workflow = state.workflow;
    if (!workflow || !window.confirm(`Delete the workflow “${workflow.name}” and all its versions?`)) return;
    try {
      await api.del(`/api/workflows/${workflow.id}`);
      stopFollowing();
      state.workflow = null;
      state.run = null;
      $("wf-open").hidden = true;
      $("wf-empty").hidden = false;
      setUrl();
      loadList();
    } catch (e) {
      showListError(e.message);
    }
  });
  $("wf-report-close").addEventListener("click", () => {
    const id = state.selected;
    state.selected = null;
    $("wf-report").hidden = true;
    if (id) state.graph?.nodeEls.get(id)?.focus();
  });
}

async function start() {
  wire();
  let resizing = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(() => state.graph?.fit());
  });
  const params = new URLSearchParams(window.location.search);
  await loadList();
  const id = params.get("id");
  if (id) await openWorkflow(id, { runId: params.get("run") });
}

start();
