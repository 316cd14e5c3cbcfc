/* The run form, generated from the start node's `outputs` JSON schema (`inputs_schema` of the API).
 *
 * One field per property, in FlowGram's order (`extra.index`, else as declared): string → text
 * (a select for an `enum`), number / integer → number, boolean → checkbox, object / array / map →
 * JSON text, date-time → text. `required` (or FlowGram's `isPropertyRequired`) marks a field; a
 * `default` fills it. An optional field left empty is not sent, so the server applies the default.
 * `collect()` checks what a browser can (required, numbers, JSON) and returns `{inputs, errors}`;
 * the server validates the rest and its errors name the input.
 */
"use strict";

const JSON_TYPES = new Set(["object", "array", "map"]);

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === true) node.setAttribute(key, "");
    else if (value !== false && value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

function typeOf(prop) {
  const t = Array.isArray(prop?.type) ? prop.type.find((x) => x !== "null") : prop?.type;
  return typeof t === "string" ? t : "string";
}

export function properties(schema) {
  const props = schema && typeof schema.properties === "object" && schema.properties ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  return Object.entries(props)
    .filter(([, prop]) => prop && typeof prop === "object")
    .map(([name, prop], order) => ({ name, prop, type: typeOf(prop), order,
      index: Number.isFinite(prop.extra?.index) ? prop.extra.index : order,
      required: required.has(name) || prop.isPropertyRequired === true }))
    .sort((a, b) => a.index - b.index || a.order - b.order);
}

export class InputsForm {
  constructor(container, schema, { idPrefix = "wf-in" } = {}) {
    this.container = container;
    this.fields = properties(schema);
    this.idPrefix = idPrefix;
    this.render();
  }

  render() {
    const nodes = [];
    if (!this.fields.length) nodes.push(el("p", { class: "muted" }, "This workflow takes no inputs."));
    this.fields.forEach((field, i) => {
      const id = `${this.idPrefix}-${i}`;
      const wrap = el("div", { class: `field wf-field wf-type-${field.type}` });
      const label = el("label", { for: id }, field.prop.title || field.name);
      if (field.required) label.appendChild(el("span", { class: "wf-required", "aria-hidden": "true" }, " *"));
      const hint = [field.type, field.required ? "required" : "optional"];
      const describedBy = [`${id}-hint`];
      let input;
      const def = field.prop.default;
      if (field.type === "boolean") {
        input = el("input", { type: "checkbox", id, checked: def === true });
        wrap.classList.add("wf-check");
        wrap.append(input, label);
      } else if (Array.isArray(field.prop.enum)) {
        input = el("select", { id, required: field.required });
        if (!field.required) input.appendChild(el("option", { value: "" }, "—"));
        for (const v of field.prop.enum) {
          const option = el("option", { value: JSON.stringify(v) }, String(v));
          if (def !== undefined && JSON.stringify(def) === JSON.stringify(v)) option.selected = true;
          input.appendChild(option);
        }
        wrap.append(label, input);
      } else if (JSON_TYPES.has(field.type)) {
        input = el("textarea", { id, rows: 3, spellcheck: "false", class: "wf-json-input", required: field.required,
          placeholder: field.type === "array" ? "[ … ] as JSON" : "{ … } as JSON" });
        if (def !== undefined) input.value = JSON.stringify(def, null, 2);
        wrap.append(label, input);
      } else {
        const number = field.type === "number" || field.type === "integer";
        input = el(field.type === "string" && field.prop.extra?.formComponent === "prompt-editor" ? "textarea" : "input", {
          id, required: field.required,
          type: number ? "number" : "text", step: field.type === "integer" ? "1" : number ? "any" : undefined,
          inputmode: field.type === "integer" ? "numeric" : undefined,
          placeholder: field.type === "date-time" ? "2026-01-31T09:00:00Z" : undefined,
        });
        if (input.tagName === "TEXTAREA") {
          input.removeAttribute("type");
          input.rows = 3;
        }
        if (def !== undefined && def !== null) input.value = String(def);
        wrap.append(label, input);
      }
      if (field.prop.description) hint.push(field.prop.description);
      if (def !== undefined && field.type !== "boolean") hint.push(`default ${JSON.stringify(def)}`);
      wrap.appendChild(el("p", { id: `${id}-hint`, class: "wf-hint" }, hint.join(" · ")));
      const error = el("p", { id: `${id}-error`, class: "field-error", hidden: true });
      wrap.appendChild(error);
      describedBy.push(`${id}-error`);
      input.setAttribute("aria-describedby", describedBy.join(" "));
      input.dataset.name = field.name;
      field.input = input;
      field.error = error;
      nodes.push(wrap);
    });
    this.container.replaceChildren(...nodes);
  }

  /* `{inputs, errors}`: errors by input name (also shown under each field). */
  collect() {
    const inputs = {};
    const errors = {};
    for (const field of this.fields) {
      const { input, type, name } = field;
      let value;
      let problem = null;
      if (type === "boolean") {
        value = input.checked;
      } else if (input.tagName === "SELECT") {
        value = input.value === "" ? undefined : JSON.parse(input.value);
      } else {
        const raw = input.value;
        if (raw.trim() === "") {
          value = undefined;
        } else if (type === "number" || type === "integer") {
          value = Number(raw);
          if (!Number.isFinite(value)) problem = "must be a number";
          else if (type === "integer" && !Number.isInteger(value)) problem = "must be a whole number";
        } else if (JSON_TYPES.has(type)) {
          try {
            value = JSON.parse(raw);
            const isArray = Array.isArray(value);
            if (type === "array" && !isArray) problem = "must be a JSON array";
            if (type !== "array" && (isArray || value === null || typeof value !== "object")) problem = "must be a JSON object";
          } catch (e) {
            problem = "is not valid JSON";
          }
        } else {
          value = raw;
        }
      }
      if (!problem && value === undefined && field.required) problem = "is required";
      if (problem) errors[name] = problem;
      else if (value !== undefined) inputs[name] = value;
      field.error.textContent = problem ? `${field.prop.title || name} ${problem}.` : "";
      field.error.hidden = !problem;
      input.setAttribute("aria-invalid", problem ? "true" : "false");
    }
    const first = this.fields.find((f) => errors[f.name]);
    if (first) first.input.focus();
    return { inputs, errors };
  }

  setDisabled(disabled) {
    for (const field of this.fields) field.input.disabled = disabled;
  }
}
