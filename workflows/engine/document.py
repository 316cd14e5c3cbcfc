"""A FlowGram schema as a graph: nodes, edges and the canvases they sit on.

The main canvas holds the top-level ``nodes`` and ``edges``; every container
(a loop) holds its ``blocks`` and its own ``edges`` — a canvas of its own,
entered at its ``block-start`` node. Edges never cross canvases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

START, END, LLM, CONDITION, LOOP = "start", "end", "llm", "condition", "loop"
BLOCK_START, BLOCK_END, BREAK, CONTINUE = "block-start", "block-end", "break", "continue"
HTTP, CODE, TOOL, AGENT, VARIABLE = "http", "code", "tool", "agent", "variable"
COMMENT, GROUP = "comment", "group"
RUNNABLE = frozenset(
    {START, END, LLM, CONDITION, LOOP, BLOCK_START, BLOCK_END, BREAK, CONTINUE, HTTP, CODE, TOOL, AGENT, VARIABLE}
)
DECORATION = frozenset({COMMENT, GROUP})  # drawn by the editor, never run
TERMINATING = frozenset({END, BLOCK_END, BREAK, CONTINUE})  # nothing runs after these
ROOT = ""  # the main canvas's id


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    source_port: str | None
    target_port: str | None


@dataclass
class Node:
    id: str
    type: str
    data: dict
    canvas: str  # ROOT or the id of the container holding it
    meta: dict = field(default_factory=dict)
    children: list[str] = field(default_factory=list)
    in_edges: list[Edge] = field(default_factory=list)
    out_edges: list[Edge] = field(default_factory=list)

    @property
    def title(self) -> str:
        title = self.data.get("title")
        return title if isinstance(title, str) and title else self.id

    @property
    def label(self) -> str:
        """How errors name the node: its id, and its title when it has one."""
        title = self.data.get("title")
        return f'"{self.id}" ({title})' if isinstance(title, str) and title and title != self.id else f'"{self.id}"'


@dataclass
class Canvas:
    id: str  # ROOT or the container's id
    nodes: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


class Document:
    """The parsed graph. Build it from a schema that passed :func:`workflows.engine.validate`'s shape check."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.nodes: dict[str, Node] = {}
        self.canvases: dict[str, Canvas] = {}
        self.global_declare = schema.get("globalVariable")
        self._add_canvas(ROOT, schema.get("nodes") or [], schema.get("edges") or [])
        self._ancestors: dict[str, frozenset[str]] = {}

    def _add_canvas(self, canvas_id: str, nodes: list, edges: list) -> None:
        canvas = Canvas(canvas_id)
        self.canvases[canvas_id] = canvas
        for raw in nodes:
            data = raw.get("data") if isinstance(raw.get("data"), Mapping) else {}
            meta = raw.get("meta") if isinstance(raw.get("meta"), Mapping) else {}
            node = Node(id=raw["id"], type=raw["type"], data=dict(data), canvas=canvas_id, meta=dict(meta))
            self.nodes.setdefault(node.id, node)
            canvas.nodes.append(node.id)
            blocks = raw.get("blocks")
            if isinstance(blocks, list):
                node.children = [b["id"] for b in blocks if isinstance(b, Mapping) and isinstance(b.get("id"), str)]
                self._add_canvas(node.id, blocks, raw.get("edges") or [])
        for raw in edges:
            edge = Edge(
                source=raw["sourceNodeID"],
                target=raw["targetNodeID"],
                source_port=raw.get("sourcePortID") or None,
                target_port=raw.get("targetPortID") or None,
            )
            canvas.edges.append(edge)
            source, target = self.nodes.get(edge.source), self.nodes.get(edge.target)
            if source is not None and target is not None and source.canvas == target.canvas == canvas_id:
                source.out_edges.append(edge)
                target.in_edges.append(edge)

    def first_of(self, canvas_id: str, type_: str) -> Node | None:
        for node_id in self.canvases[canvas_id].nodes:
            if self.nodes[node_id].type == type_:
                return self.nodes[node_id]
        return None

    @property
    def start(self) -> Node:
        node = self.first_of(ROOT, START)
        if node is None:
            raise LookupError("the workflow has no start node")
        return node

    @property
    def end(self) -> Node | None:
        return self.first_of(ROOT, END)

    def containers(self, node: Node) -> list[Node]:
        """The containers around ``node``, innermost first."""
        out = []
        canvas = node.canvas
        while canvas != ROOT:
            container = self.nodes[canvas]
            out.append(container)
            canvas = container.canvas
        return out

    def ancestors(self, node_id: str) -> frozenset[str]:
        """Every node on the same canvas with a path of edges to ``node_id``."""
        cached = self._ancestors.get(node_id)
        if cached is not None:
            return cached
        seen: set[str] = set()
        stack = [e.source for e in self.nodes[node_id].in_edges]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(e.source for e in self.nodes[current].in_edges)
        result = frozenset(seen)
        self._ancestors[node_id] = result
        return result

    def descendants_within(self, container_id: str) -> set[str]:
        """Every node inside a container, at any depth."""
        out: set[str] = set()
        stack = list(self.nodes[container_id].children)
        while stack:
            current = stack.pop()
            if current in out or current not in self.nodes:
                continue
            out.add(current)
            stack.extend(self.nodes[current].children)
        return out
