/* The live graph of a FlowGram workflow: SVG drawn from the document's node positions and edges.
 *
 * Nodes sit where FlowGram's editor put them (`meta.position`, the node's top-left corner); a loop is
 * a container drawn around its own canvas (`blocks` placed relative to it, `edges` inside), as in the
 * editor. A condition has one output port per branch (its condition keys, then `else`), and edges
 * leave from the port they name (`sourcePortID`). Comment and group nodes are the editor's notes and
 * are not drawn.
 *
 * Status is a class on each node (`status-pending`, `-running`, `-succeeded`, `-failed`,
 * `-skipped`, `-cancelled`; colours in static/css/workflows.css, so the strict CSP holds) and edges
 * are `taken` or `untaken` once their source has run. Every node is a focusable button: Enter or
 * Space (or a click) calls `onSelect(nodeId)`.
 */
"use strict";

const SVG = "http://www.w3.org/2000/svg";
export const NODE_W = 260;
export const NODE_H = 70;
const HEAD_H = 40;
const PORT_H = 24;
const PAD = 24;
const DOT_R = 16; // block-start / block-end / break / continue: small round nodes, as in FlowGram
const MARGIN = 30;
const MIN_SCALE = 0.62;
const HIDDEN_TYPES = new Set(["comment", "group"]);
const ROUND_TYPES = new Set(["block-start", "block-end", "break", "continue"]);
const ICONS = { start: "▶", end: "■", llm: "✦", condition: "◇", loop: "↻", http: "⇄", tool: "⚙", agent: "☺",
  code: "{}", variable: "x", "block-start": "▶", "block-end": "■", break: "⤓", continue: "↷" };

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function clip(text, max) {
  const s = String(text ?? "");
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

export function conditionPorts(node) {
  const conditions = Array.isArray(node?.data?.conditions) ? node.data.conditions : [];
  return [...conditions.map((c, i) => String(c?.key ?? `if_${i}`)), "else"];
}

/* Boxes for every drawn node (absolute coordinates), the edges of every canvas, and the extent. */
export function layout(document) {
  const boxes = new Map();
  const edges = [];
  const walk = (nodes, canvasEdges, ox, oy, parent) => {
    let right = -Infinity;
    let bottom = -Infinity;
    (Array.isArray(nodes) ? nodes : []).forEach((node, index) => {
      if (!node || typeof node !== "object" || HIDDEN_TYPES.has(node.type) || typeof node.id !== "string") return;
      const pos = node.meta?.position || {};
      const x = ox + (Number.isFinite(pos.x) ? pos.x : index * (NODE_W + 60));
      const y = oy + (Number.isFinite(pos.y) ? pos.y : 0);
      const box = { id: node.id, node, x, y, w: NODE_W, h: NODE_H, parent, round: ROUND_TYPES.has(node.type) };
      if (box.round) {
        box.w = box.h = DOT_R * 2;
      } else if (node.type === "condition") {
        box.ports = conditionPorts(node);
        box.h = HEAD_H + box.ports.length * PORT_H + 6;
      } else if (node.type === "loop" && Array.isArray(node.blocks) && node.blocks.length) {
        const inner = walk(node.blocks, node.edges, x + PAD, y + HEAD_H + PAD, node.id);
        box.container = true;
        box.w = Math.max(NODE_W, inner.right - x + PAD);
        box.h = Math.max(NODE_H, inner.bottom - y + PAD);
      }
      boxes.set(node.id, box);
      right = Math.max(right, box.x + box.w);
      bottom = Math.max(bottom, box.y + box.h);
    });
    for (const edge of Array.isArray(canvasEdges) ? canvasEdges : []) {
      if (edge && typeof edge === "object") edges.push(edge);
    }
    return { right, bottom };
  };
  walk(document?.nodes, document?.edges, 0, 0, null);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes.values()) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  if (!boxes.size) minX = minY = maxX = maxY = 0;
  return { boxes, edges: edges.filter((e) => boxes.has(e.sourceNodeID) && boxes.has(e.targetNodeID)),
    view: { x: minX - MARGIN, y: minY - MARGIN, w: maxX - minX + 2 * MARGIN, h: maxY - minY + 2 * MARGIN } };
}

function portY(box, port) {
  if (!box.ports) return box.y + box.h / 2;
  const index = Math.max(0, box.ports.indexOf(port ?? "else"));
  return box.y + HEAD_H + index * PORT_H + PORT_H / 2;
}

export class GraphView {
  constructor(container, document, { onSelect } = {}) {
    this.container = container;
    this.onSelect = onSelect || (() => {});
    this.layout = layout(document);
    this.status = new Map();
    this.branch = new Map();
    this.text = new Map();
    this.selected = null;
    this.nodeEls = new Map();
    this.edgeEls = [];
    this.draw();
  }

  draw() {
    const { boxes, edges, view } = this.layout;
    const root = svg("svg", { viewBox: `${view.x} ${view.y} ${view.w} ${view.h}`, role: "group",
      "aria-label": `Workflow graph, ${boxes.size} nodes`, class: "wf-svg", preserveAspectRatio: "xMinYMin meet" });
    const defs = svg("defs");
    const marker = svg("marker", { id: "wf-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: "auto-start-reverse" });
    marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "wf-arrow" }));
    defs.appendChild(marker);
    root.appendChild(defs);
    // Containers first (behind), then edges, then the other nodes on top.
    const sorted = [...boxes.values()].sort((a, b) => Number(!!b.container) - Number(!!a.container));
    const layerContainers = svg("g");
    const layerEdges = svg("g", { class: "wf-edges" });
    const layerNodes = svg("g");
    root.append(layerContainers, layerEdges, layerNodes);
    for (const edge of edges) {
      const s = boxes.get(edge.sourceNodeID);
      const t = boxes.get(edge.targetNodeID);
      const sx = s.x + s.w;
      const sy = portY(s, edge.sourcePortID);
      const tx = t.x;
      const ty = t.y + t.h / 2;
      const dx = Math.max(40, Math.abs(tx - sx) / 2);
      const path = svg("path", { d: `M${sx},${sy} C${sx + dx},${sy} ${tx - dx},${ty} ${tx},${ty}`,
        class: "wf-edge", "marker-end": "url(#wf-arrow)", "data-source": edge.sourceNodeID,
        "data-target": edge.targetNodeID });
      if (edge.sourcePortID) path.setAttribute("data-port", edge.sourcePortID);
      layerEdges.appendChild(path);
      this.edgeEls.push({ el: path, edge });
    }
    for (const box of sorted) (box.container ? layerContainers : layerNodes).appendChild(this.nodeElement(box));
    this.container.replaceChildren(root);
    this.svg = root;
    this.fit();
    this.refresh();
  }

  /* Shrink a wide graph to the box, but never below MIN_SCALE (text stays readable; the box scrolls). */
  fit() {
    const { view } = this.layout;
    const room = this.container.clientWidth - 2;
    const scale = room > 0 ? Math.min(1, Math.max(MIN_SCALE, room / view.w)) : MIN_SCALE;
    this.svg.setAttribute("width", String(Math.round(view.w * scale)));
    this.svg.setAttribute("height", String(Math.round(view.h * scale)));
  }

  nodeElement(box) {
    const { node } = box;
    const title = node.data?.title || node.id;
    const g = svg("g", { class: `wf-node type-${node.type}${box.container ? " wf-container" : ""}`,
      "data-node": node.id, tabindex: 0, role: "button", transform: `translate(${box.x},${box.y})` });
    g.appendChild(svg("title", {}, `${title} (${node.type})`));
    if (box.round) {
      g.appendChild(svg("circle", { cx: DOT_R, cy: DOT_R, r: DOT_R, class: "wf-shape" }));
      g.appendChild(svg("text", { x: DOT_R, y: DOT_R + 5, "text-anchor": "middle", class: "wf-icon" },
        ICONS[node.type] || "•"));
      g.appendChild(svg("text", { x: DOT_R, y: box.h + 14, "text-anchor": "middle", class: "wf-sub" },
        clip(node.type, 14)));
    } else {
      g.appendChild(svg("rect", { width: box.w, height: box.h, rx: 10, ry: 10, class: "wf-shape" }));
      g.appendChild(svg("text", { x: 14, y: 27, class: "wf-title" }, `${ICONS[node.type] || "▣"} ${clip(title, 24)}`));
      if (box.ports) {
        box.ports.forEach((port, i) => {
          const py = HEAD_H + i * PORT_H;
          g.appendChild(svg("rect", { x: 8, y: py + 2, width: box.w - 16, height: PORT_H - 4, rx: 4,
            class: "wf-port", "data-port": port }));
          g.appendChild(svg("text", { x: box.w - 14, y: py + PORT_H / 2 + 4, "text-anchor": "end",
            class: "wf-sub" }, clip(port, 24)));
        });
      } else {
        g.appendChild(svg("text", { x: 14, y: 52, class: "wf-sub wf-state" }, node.type));
      }
    }
    g.addEventListener("click", () => this.select(node.id));
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        this.select(node.id);
      }
    });
    this.nodeEls.set(node.id, g);
    return g;
  }

  select(id) {
    this.selected = id;
    for (const [key, el] of this.nodeEls) el.classList.toggle("selected", key === id);
    for (const [key, el] of this.nodeEls) el.setAttribute("aria-pressed", String(key === id));
    this.onSelect(id);
  }

  title(id) {
    const box = this.layout.boxes.get(id);
    return box ? box.node.data?.title || id : id;
  }

  type(id) {
    return this.layout.boxes.get(id)?.node.type;
  }

  has(id) {
    return this.layout.boxes.has(id);
  }

  reset() {
    this.status.clear();
    this.branch.clear();
    this.text.clear();
    this.refresh();
  }

  setStatus(id, status, branch) {
    if (!this.has(id)) return;
    this.status.set(id, status);
    if (branch) this.branch.set(id, branch);
    this.refresh(id);
  }

  /* A node starting again (the next loop iteration) streams afresh. */
  clearText(id) {
    if (!this.text.has(id)) return;
    this.text.delete(id);
    this.refresh(id);
  }

  appendText(id, text) {
    if (!this.has(id)) return;
    this.text.set(id, (this.text.get(id) || "") + text);
    this.refresh(id);
  }

  /* A run's stored (or live) node reports: `[{id, status, branch, ...}]`. */
  applyReport(nodes) {
    for (const n of nodes || []) {
      if (!this.has(n.id)) continue;
      const status = n.status === "processing" ? "running" : n.status;
      this.status.set(n.id, status);
      if (n.branch) this.branch.set(n.id, n.branch);
    }
    this.refresh();
  }

  /* Nodes that never reported stay pending while the run is live; once it ended they were not reached. */
  finish() {
    for (const id of this.layout.boxes.keys()) {
      const s = this.status.get(id);
      if (s === "running") this.status.set(id, "cancelled");
    }
    this.refresh();
  }

  refresh(only) {
    for (const [id, g] of this.nodeEls) {
      if (only && id !== only) continue;
      const status = this.status.get(id) || "pending";
      for (const cls of [...g.classList]) if (cls.startsWith("status-")) g.classList.remove(cls);
      g.classList.add(`status-${status}`);
      g.setAttribute("data-status", status);
      const box = this.layout.boxes.get(id);
      const label = `${box.node.data?.title || id}, ${box.node.type} node, ${status}`;
      g.setAttribute("aria-label", this.branch.get(id) ? `${label}, branch ${this.branch.get(id)}` : label);
      const state = g.querySelector(".wf-state");
      if (state) {
        const text = this.text.get(id);
        const tail = text ? text.replace(/\s+/g, " ").trim() : "";
        state.textContent = tail ? (tail.length > 34 ? `…${tail.slice(-33)}` : tail) : `${box.node.type} · ${status}`;
      }
      for (const port of g.querySelectorAll(".wf-port")) {
        port.classList.toggle("taken", this.branch.get(id) === port.getAttribute("data-port"));
      }
    }
    for (const { el, edge } of this.edgeEls) {
      const source = this.status.get(edge.sourceNodeID);
      const target = this.status.get(edge.targetNodeID);
      const branch = this.branch.get(edge.sourceNodeID);
      const portTaken = !this.layout.boxes.get(edge.sourceNodeID).ports || branch === (edge.sourcePortID ?? "else");
      let state = "";
      if (target === "skipped" || source === "skipped" || (source === "succeeded" && !portTaken)) state = "untaken";
      else if (source === "succeeded") state = "taken";
      el.classList.toggle("taken", state === "taken");
      el.classList.toggle("untaken", state === "untaken");
    }
  }
}
