/* DOM helpers for the page modules. */
"use strict";

/** A new element with an optional class and text (textContent: never markup). */
export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}
