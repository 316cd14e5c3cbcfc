// Runs inside the sandbox with node: FlowGram's code-node contract.
//
// Reads one JSON request on stdin ({code, params}), evaluates the code in
// strict mode with `params` in scope, awaits `main({ params })` and writes one
// JSON result on fd 3. Namespaces, seccomp, rlimits and the empty environment
// are already in place when this starts; this file is not a security boundary.
"use strict";

const fs = require("fs");

const RESULT_FD = 3;

function describe(error) {
  if (error instanceof Error) {
    const stack = String(error.stack || "")
      .split("\n")
      .filter((line) => !line.trim().startsWith("at ") || line.includes("<anonymous>"))
      .join("\n");
    return { type: error.name || "Error", message: String(error.message).slice(0, 2000), traceback: stack.slice(-8000) };
  }
  return { type: "Error", message: String(error).slice(0, 2000), traceback: "" };
}

function finish(result) {
  let text;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    text = JSON.stringify({ ok: false, error: describe(error) });
  }
  fs.writeSync(RESULT_FD, text === undefined ? JSON.stringify({ ok: true, output: null }) : text);
  fs.closeSync(RESULT_FD);
  process.exit(0);
}

async function run() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const params = request.params === undefined ? {} : request.params;
  let output;
  try {
    const body = `"use strict";\n${request.code}\n;if (typeof main !== "function") { throw new ReferenceError("the code must define a function main({ params })"); }\nreturn main({ params });`;
    // eslint-disable-next-line no-new-func
    const compiled = new Function("params", body);
    output = await compiled(params);
  } catch (error) {
    finish({ ok: false, error: describe(error) });
    return;
  }
  finish({ ok: true, output: output === undefined ? null : output });
}

process.on("unhandledRejection", (error) => finish({ ok: false, error: describe(error) }));
run();
