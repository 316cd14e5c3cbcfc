/* Small DOM helpers shared by the page modules (no HTML strings: text goes in as text). */
"use strict";

/** A new element with an optional class and text. */
export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** A button of type "button" with a label, an optional accessible name and a click handler. */
export function button(cls, label, onClick, ariaLabel) {
  const b = el("button", cls, label);
  b.type = "button";
  if (ariaLabel) {
    b.setAttribute("aria-label", ariaLabel);
    b.title = ariaLabel;
  }
  if (onClick) b.addEventListener("click", onClick);
  return b;
}
