/* Tomato Agent chat widget.
 *
 *   <script src="https://tomato.example.com/embed.js" data-embed="emb_…" async></script>
 *
 * A chat bubble in a closed-off shadow DOM: the page's styles do not reach in, the widget's do not
 * leak out. The visitor is anonymous: a signed visitor id from the platform, kept in this site's
 * localStorage, so a visitor sees only their own conversations. Answers stream; a dropped connection
 * or a reload resumes the answer from the last event seen, with nothing lost or duplicated.
 * No dependencies; text is rendered as text, never as HTML.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const token = script && script.dataset.embed;
  if (!token || !script.src) return;
  const base = new URL(script.src).origin;
  const api = `${base}/embed/${encodeURIComponent(token)}`;
  const store = {
    get: (name) => {
      try { return JSON.parse(localStorage.getItem(`tomato-embed:${token}:${name}`)); } catch { return null; }
    },
    set: (name, value) => {
      try {
        if (value === null) localStorage.removeItem(`tomato-embed:${token}:${name}`);
        else localStorage.setItem(`tomato-embed:${token}:${name}`, JSON.stringify(value));
      } catch { /* storage blocked: the session lasts as long as the page */ }
    },
  };

  const CSS = `
    :host { all: initial !important; display: block !important; }
    * { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
    .bubble { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%;
      border: 0; background: var(--theme); color: #fff; font-size: 26px; cursor: pointer;
      box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000; }
    .panel { position: fixed; right: 20px; bottom: 88px; width: min(380px, calc(100vw - 40px));
      height: min(560px, calc(100vh - 120px)); display: flex; flex-direction: column; background: #fff;
      color: #1f2328; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); overflow: hidden;
      z-index: 2147483000; font-size: 14px; line-height: 1.45; }
    .panel[hidden] { display: none; }
    header { display: flex; align-items: center; gap: 8px; padding: 12px 14px; background: var(--theme);
      color: #fff; font-weight: 600; }
    header .title { flex: 1; }
    header button { background: transparent; border: 1px solid rgba(255,255,255,.6); color: #fff;
      border-radius: 6px; padding: 2px 8px; cursor: pointer; font-size: 12px; }
    .log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
    .msg { max-width: 85%; padding: 8px 11px; border-radius: 10px; white-space: pre-wrap; word-wrap: break-word; }
    .msg.user { align-self: flex-end; background: var(--theme); color: #fff; }
    .msg.assistant { align-self: flex-start; background: #f1f3f5; }
    .msg.error { align-self: center; background: #fff4e5; color: #8a4b00; font-size: 13px; }
    .step { align-self: flex-start; color: #57606a; font-size: 12px; }
    form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e5e7eb; }
    textarea { flex: 1; resize: none; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px;
      font-size: 14px; height: 40px; color: #1f2328; background: #fff; }
    form button { border: 0; border-radius: 8px; padding: 0 14px; background: var(--theme); color: #fff;
      cursor: pointer; font-size: 14px; }
    form button:disabled { opacity: .5; cursor: default; }
  `;

  // A tag of its own, so no page rule for div, span… reaches the widget's host element.
  const host = document.createElement("tomato-chat-widget");
  host.setAttribute("data-embed", token);
  const root = host.attachShadow({ mode: "open" });
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    node.append(...children);
    return node;
  };
  const bubble = el("button", { className: "bubble", type: "button", textContent: "💬", title: "Chat" });
  bubble.setAttribute("aria-label", "Open the chat");
  const title = el("span", { className: "title" });
  const fresh = el("button", { type: "button", textContent: "New chat" });
  const log = el("div", { className: "log" });
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  const input = el("textarea", { placeholder: "Type a message…", rows: 1 });
  input.setAttribute("aria-label", "Message");
  const send = el("button", { type: "submit", textContent: "Send" });
  const form = el("form", {}, input, send);
  const panel = el("div", { className: "panel", hidden: true }, el("header", {}, title, fresh), log, form);
  panel.setAttribute("role", "dialog");

  let visitor = store.get("visitor");
  let conversation = store.get("conversation");
  let busy = false;

  const headers = (extra = {}) => ({ "X-Tomato-Visitor": visitor || "", ...extra });
  const line = (role, text) => {
    const node = el("div", { className: `msg ${role}`, textContent: text });
    log.append(node);
    log.scrollTop = log.scrollHeight;
    return node;
  };
  const problem = async (response) => {
    const body = await response.json().catch(() => null);
    return (body && body.error && body.error.message) || `The chat is unavailable (${response.status}).`;
  };

  async function* events(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let id = "";
    let type = "message";
    let data = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n")) >= 0) {
        const text = buffer.slice(0, cut).replace(/\r$/, "");
        buffer = buffer.slice(cut + 1);
        if (text === "") {
          if (data.length) yield { id, type, data: JSON.parse(data.join("\n")) };
          type = "message";
          data = [];
        } else if (!text.startsWith(":")) {
          const colon = text.indexOf(":");
          const name = text.slice(0, colon);
          const field = text.slice(colon + 1).replace(/^ /, "");
          if (name === "id") id = field;
          else if (name === "event") type = field;
          else if (name === "data") data.push(field);
        }
      }
    }
  }

  // Follow a run to its end, resuming after the last event id whenever the connection drops.
  async function follow(first, run) {
    let answer = run.node;
    let response = first;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      try {
        if (!response) {
          response = await fetch(`${api}/runs/${encodeURIComponent(run.id)}/events`, {
            headers: headers({ "Last-Event-ID": run.after }),
          });
          if (!response.ok) throw new Error(await problem(response));
        }
        for await (const event of events(response)) {
          run.after = event.id || run.after;
          const nested = event.data && typeof event.data === "object" && Array.isArray(event.data.scope);
          const data = nested ? event.data.data : event.data;
          if (event.type === "token" && !nested) {
            if (!answer) answer = line("assistant", "");
            answer.textContent += data;
            log.scrollTop = log.scrollHeight;
          } else if (event.type === "tool_start" && !nested) {
            log.append(el("div", { className: "step", textContent: `→ ${data.label}` }));
          } else if (event.type === "error") {
            line("error", data.message || "The answer failed.");
          }
          store.set("run", { id: run.id, after: run.after });
          if (event.type === "result" || event.type === "cancelled" || event.type === "error") {
            store.set("run", null);
            return;
          }
        }
      } catch (error) {
        if (error instanceof Error && error.message && !(error instanceof TypeError)) {
          line("error", error.message);
          store.set("run", null);
          return;
        }
      }
      response = null;
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 4000)));
    }
    line("error", "The connection was lost; reload to see the answer.");
  }

  async function submit(text) {
    busy = true;
    send.disabled = true;
    line("user", text);
    try {
      const response = await fetch(`${api}/chat`, {
        method: "POST",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify({ message: text, conversation_id: conversation }),
      });
      if (!response.ok) {
        line("error", await problem(response));
        return;
      }
      conversation = response.headers.get("X-Conversation-Id") || conversation;
      store.set("conversation", conversation);
      const run = { id: response.headers.get("X-Run-Id"), after: "0-0", node: null };
      store.set("run", { id: run.id, after: run.after });
      await follow(response, run);
    } catch {
      line("error", "The chat is unreachable right now.");
    } finally {
      busy = false;
      send.disabled = false;
    }
  }

  async function restore() {
    if (!conversation) return false;
    const response = await fetch(`${api}/conversations/${encodeURIComponent(conversation)}/messages`, {
      headers: headers(),
    });
    if (!response.ok) {
      conversation = null;
      store.set("conversation", null);
      return false;
    }
    const { results } = await response.json();
    const pending = store.get("run");
    for (const message of results) {
      if (pending && message.run_id === pending.id && message.role === "assistant") continue;
      if (message.role === "user" || message.content) line(message.role, message.content);
    }
    if (pending && pending.id) {
      // The answer was streaming when the page went away: replay it from the start, then follow it.
      busy = true;
      send.disabled = true;
      await follow(null, { id: pending.id, after: "0-0", node: null });
      busy = false;
      send.disabled = false;
    }
    return results.length > 0;
  }

  async function start() {
    // A host site may say who its signed-in user is (data-user-id, data-user-hash: an HMAC it computed
    // with the embed's identity secret); their conversations then follow them across devices.
    const identity = script.dataset.userId
      ? { user_id: script.dataset.userId, user_hash: script.dataset.userHash || "" }
      : {};
    const response = await fetch(`${api}/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ visitor, ...identity }),
    });
    if (!response.ok) {
      console.warn("Tomato chat widget:", await problem(response));
      return;
    }
    const config = await response.json();
    visitor = config.visitor;
    store.set("visitor", visitor);
    title.textContent = config.title;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS.replace(/var\(--theme\)/g, config.theme_color));
    root.adoptedStyleSheets = [sheet];
    root.append(bubble, panel);
    document.body.append(host);
    bubble.addEventListener("click", () => {
      panel.hidden = !panel.hidden;
      if (!panel.hidden) input.focus();
    });
    fresh.addEventListener("click", () => {
      if (busy) return;
      conversation = null;
      store.set("conversation", null);
      log.replaceChildren();
      if (config.greeting) line("assistant", config.greeting);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text || busy) return;
      input.value = "";
      submit(text);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    const had = await restore().catch(() => false);
    if (!had && config.greeting) log.prepend(el("div", { className: "msg assistant", textContent: config.greeting }));
    if (store.get("open")) panel.hidden = false;
    bubble.addEventListener("click", () => store.set("open", !panel.hidden));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
