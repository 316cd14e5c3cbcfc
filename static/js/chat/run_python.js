/* How a run_python step looks: the code (highlighted), its output, the value of the last expression,
 * the error, and the files it produced — images shown inline, other files as download links.
 * A long output is collapsed to its first lines with a button to show the rest.
 *
 * Plugged into the chat's steps through registerStepRenderer (static/js/chat/steps.js); the step's
 * `args` is the tool's visible arguments ({code, language}) and `result` its visible result
 * ({status, ok, stdout, stderr, value, error, message, files, duration_ms}), see sandbox/tools.py.
 */
"use strict";

import { el } from "../core/dom.js";
import { registerStepRenderer } from "./steps.js";

const COLLAPSED_LINES = 12;

function highlighted(code) {
  const pre = el("pre", "step-code");
  const block = el("code", "hljs language-python");
  const { hljs } = window;
  if (hljs && hljs.getLanguage("python")) {
    try {
      // highlight.js escapes the source; its output is markup of its own spans only.
      block.innerHTML = hljs.highlight(code, { language: "python", ignoreIllegals: true }).value;
    } catch (e) {
      block.textContent = code;
    }
  } else {
    block.textContent = code;
  }
  pre.appendChild(block);
  return pre;
}

/** A text block; past COLLAPSED_LINES lines it shows the first ones and a button for the rest. */
function output(text, cls) {
  const pre = el("pre", `step-json run-output ${cls || ""}`.trim());
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  if (lines.length <= COLLAPSED_LINES) {
    pre.textContent = text;
    return pre;
  }
  const wrap = el("div", "run-collapsible");
  pre.textContent = `${lines.slice(0, COLLAPSED_LINES).join("\n")}\n…`;
  const more = el("button", "run-more", `Show all ${lines.length} lines`);
  more.type = "button";
  more.setAttribute("aria-expanded", "false");
  more.addEventListener("click", () => {
    const open = more.getAttribute("aria-expanded") === "true";
    pre.textContent = open ? `${lines.slice(0, COLLAPSED_LINES).join("\n")}\n…` : text;
    more.textContent = open ? `Show all ${lines.length} lines` : "Show less";
    more.setAttribute("aria-expanded", String(!open));
  });
  wrap.append(pre, more);
  return wrap;
}

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function files(items, container) {
  const images = items.filter((f) => f.image);
  const others = items.filter((f) => !f.image);
  for (const f of images) {
    const figure = el("figure", "run-figure");
    const img = el("img");
    img.src = f.url;
    img.alt = f.figure ? `Plot: ${f.name}` : f.name;
    img.loading = "lazy";
    const caption = el("figcaption");
    const link = el("a", "", f.name);
    link.href = f.url;
    link.target = "_blank";
    link.rel = "noopener";
    caption.appendChild(link);
    figure.append(img, caption);
    container.appendChild(figure);
  }
  if (others.length) {
    const list = el("ul", "run-files");
    for (const f of others) {
      const item = el("li");
      const link = el("a", "", f.name);
      link.href = f.url;
      link.setAttribute("download", f.name);
      item.append(link, el("span", "run-size", ` ${sizeText(f.size)}`));
      list.appendChild(item);
    }
    container.appendChild(list);
  }
  return images.length > 0;
}

function firstLine(code) {
  const line = String(code || "").split("\n").find((l) => l.trim() && !l.trim().startsWith("#")) || "";
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

registerStepRenderer("run_python", {
  icon: "🐍",
  summary(step) {
    const r = step.result;
    if (r && r.status && r.status !== "ok") return r.message || r.status;
    return firstLine(step.args && step.args.code);
  },
  body(step, container) {
    const code = step.args && step.args.code;
    if (code) {
      container.appendChild(el("div", "step-sub", "Code"));
      container.appendChild(highlighted(code));
    }
    if (step.status === "failed") {
      container.appendChild(el("div", "step-sub", "Error"));
      container.appendChild(el("pre", "step-json step-error", step.error || "The code could not run."));
      return;
    }
    const r = step.result;
    if (!r) return;
    if (r.stdout) {
      container.appendChild(el("div", "step-sub", "Output"));
      container.appendChild(output(r.stdout));
    }
    if (r.stderr) {
      container.appendChild(el("div", "step-sub", "Errors and warnings"));
      container.appendChild(output(r.stderr, "run-stderr"));
    }
    if (r.value != null) {
      container.appendChild(el("div", "step-sub", "Value"));
      container.appendChild(output(r.value));
    }
    if (r.error) {
      container.appendChild(el("div", "step-sub", r.error.type || "Error"));
      container.appendChild(output(r.error.traceback || r.error.message || "", "step-error"));
    } else if (r.message) {
      container.appendChild(el("p", "step-error run-message", r.message));
    }
    if (r.files && r.files.length) {
      container.appendChild(el("div", "step-sub", "Files"));
      const shown = files(r.files, container);
      // A plot is what the person asked for: open the step so it shows without a click.
      const details = container.closest("details");
      if (shown && details && !details.dataset.runOpened) {
        details.dataset.runOpened = "1";
        details.open = true;
      }
    }
  },
});
