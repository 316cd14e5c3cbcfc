/* Step renderers by tool name: a tool whose visible result deserves more than its JSON (run_python's output,
 * plots and files) registers one; chat.js asks window.TomatoSteps.renderer(tool) when it shows a tool call.
 * A renderer is {summary(step), body(step, container)} with step = {tool, args, result, status, error}.
 * Modules run after chat.js started: registering announces itself ("tomato:steps"), so calls shown before
 * are drawn again with their renderer. */
"use strict";

const renderers = new Map();

window.TomatoSteps = { renderer: (tool) => renderers.get(tool) || null };

export function registerStepRenderer(tool, renderer) {
  renderers.set(tool, renderer);
  document.dispatchEvent(new CustomEvent("tomato:steps", { detail: { tool } }));
}
