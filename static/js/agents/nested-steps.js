/* Sub-agents' work inside a chat answer: events with a `scope` (docs/events.md, "Sub-agents").
 *
 * A sub-agent call is a tool card of its caller; its events carry the scope
 * ["agent:<agent id>:<call id>", ...]. Each scope gets a box inside the card of the call that started
 * it, holding the sub-agent's own tool cards (and, deeper, its own sub-agents' boxes) and its streamed
 * answer. chat.js hands every scoped event here with its card helpers:
 *   TomatoNestedSteps.handle(view, frame, {toolCard, finishToolCard, render})
 */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function callIdOf(segment) {
    var parts = String(segment).split(":");
    return parts[0] === "agent" && parts.length > 2 ? parts.slice(2).join(":") : null;
  }

  // The box of one scope path, made inside the card of the call that opened it (or the answer's steps).
  function box(view, scope, ui) {
    view.nested = view.nested || {};
    var key = JSON.stringify(scope);
    if (view.nested[key]) return view.nested[key];
    var parent = scope.length > 1 ? box(view, scope.slice(0, -1), ui) : { cards: view.cards, node: view.tools };
    var callId = callIdOf(scope[scope.length - 1]);
    var card = callId ? parent.cards[callId] : null;
    var node = el("div", "sub-steps");
    node.dataset.scope = scope[scope.length - 1];
    var tools = el("div", "tools");
    var answer = el("div", "md sub-answer");
    node.append(tools, answer);
    (card || parent.node).appendChild(node);
    var made = { node: tools, body: answer, text: "", cards: {}, frame: 0 };
    view.nested[key] = made;
    return made;
  }

  function handle(view, frame, ui) {
    var scope = frame.scope || [];
    var d = frame.data;
    var b = box(view, scope, ui);
    switch (frame.type) {
      case "token":
        b.text += d;
        if (!b.frame) {
          b.frame = requestAnimationFrame(function () { b.frame = 0; ui.render(b.text, b.body); });
        }
        break;
      case "tool_start":
        var card = ui.toolCard({ call_id: d.call_id, tool: d.tool, label: d.label, args: d.visible });
        b.cards[d.call_id] = card;
        b.node.appendChild(card);
        break;
      case "tool_result":
        var c = b.cards[d.call_id];
        if (!c) { c = ui.toolCard(d); b.cards[d.call_id] = c; b.node.appendChild(c); }
        ui.finishToolCard(c, d);
        break;
      case "tool_retry":
        var r = b.cards[d.call_id];
        if (r) r.appendChild(el("div", "tool-sub", "Retrying (" + d.attempt + " of " + d.attempts + "): " + d.error));
        break;
    }
  }

  window.TomatoNestedSteps = { handle: handle };
})();
