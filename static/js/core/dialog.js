/* In-page dialogs (a modal <dialog>): confirm and prompt without the browser's own boxes.
 * Focus moves into the dialog and stays there (Tab and Shift+Tab cycle), Esc cancels, and focus goes back
 * to what had it. Each returns a promise: confirmDialog -> true/false, promptDialog -> the text or null. */
"use strict";

import { el, button } from "./dom.js";

const FOCUSABLE = "button, input, textarea, select, a[href], [tabindex]:not([tabindex='-1'])";

function open({ title, message, input, confirmLabel, danger }) {
  return new Promise((resolve) => {
    const previous = document.activeElement;
    const dialog = el("dialog", "dialog");
    const form = el("form", "dialog-form");
    form.method = "dialog";
    const heading = el("h2", "dialog-title", title);
    heading.id = `dialog-${Date.now()}`;
    dialog.setAttribute("aria-labelledby", heading.id);
    form.appendChild(heading);
    if (message) form.appendChild(el("p", "dialog-message", message));
    let field = null;
    if (input) {
      const label = el("label", "dialog-label", input.label);
      field = el("input", "dialog-input");
      field.type = "text";
      field.value = input.value || "";
      field.maxLength = input.maxLength || 200;
      field.required = !input.optional;
      field.id = `${heading.id}-input`;
      label.htmlFor = field.id;
      form.append(label, field);
    }
    const actions = el("div", "dialog-actions");
    const cancel = button("secondary dialog-cancel", "Cancel", () => close(null));
    const ok = el("button", danger ? "danger dialog-ok" : "primary dialog-ok", confirmLabel || "OK");
    ok.type = "submit";
    actions.append(cancel, ok);
    form.appendChild(actions);
    dialog.appendChild(form);

    let done = false;
    function close(value) {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      if (previous && previous.focus) previous.focus();
      resolve(value);
    }
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (field) {
        const text = field.value.trim();
        if (!text && field.required) { field.focus(); return; }
        close(text);
      } else close(true);
    });
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); close(null); }); // Esc
    dialog.addEventListener("keydown", (e) => {
      if (e.key !== "Tab") return;
      const items = Array.from(dialog.querySelectorAll(FOCUSABLE)).filter((n) => !n.disabled);
      const first = items[0], last = items[items.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    if (field) { field.focus(); field.select(); } else (danger ? cancel : ok).focus();
  });
}

export function confirmDialog({ title, message, confirmLabel, danger }) {
  return open({ title, message, confirmLabel, danger }).then((v) => v === true);
}

/** optional: an empty answer is allowed (resolves ""); null is always "cancelled". */
export function promptDialog({ title, label, value, confirmLabel, maxLength, optional }) {
  return open({ title, input: { label, value, maxLength, optional }, confirmLabel });
}
