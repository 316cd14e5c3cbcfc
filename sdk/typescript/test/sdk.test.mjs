// The TypeScript SDK against a live server; started by sdk/python/tests/test_typescript.py, which
// registers the scripted scenarios and passes them (and the server, a dropping proxy, a key) in env.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import { RunFailed, Tomato, sdk } from "../dist/index.js";

const env = process.env;
const scenarios = JSON.parse(env.TOMATO_SCENARIOS ?? "{}");
const skip = env.TOMATO_BASE_URL ? false : "run by sdk/python/tests/test_typescript.py (needs a live server)";
const tomato = () => new Tomato({ baseUrl: env.TOMATO_BASE_URL, apiKey: env.TOMATO_API_KEY });

const inOrder = (events) => {
  const ids = events.map((e) => e.id.split("-").map(Number));
  return new Set(events.map((e) => e.id)).size === ids.length &&
    ids.every((id, i) => i === 0 || id[0] > ids[i - 1][0] || (id[0] === ids[i - 1][0] && id[1] > ids[i - 1][1]));
};

test("the generated client answers typed REST", { skip }, async () => {
  const { data, error, response } = await sdk.authMeRetrieve({ client: tomato().rest });
  assert.equal(error, undefined);
  assert.equal(response.status, 200);
  assert.equal(data.username, env.TOMATO_USERNAME);
  const refused = await sdk.keysList({ client: tomato().rest });
  assert.equal(refused.response.status, 403);
  assert.equal(refused.error.error.code, "insufficient_scope");
});

test("chat.stream yields typed events and the result", { skip }, async () => {
  const { marker, answer } = scenarios.tool;
  const run = tomato().chat.stream(`${marker} 6*7?`);
  const events = [];
  for await (const event of run) events.push(event);
  assert.equal(events[0].type, "session");
  assert.equal(events[0].data.run_id, run.runId);
  const start = events.find((e) => e.type === "tool_start");
  assert.equal(start.data.label, "Calculator");
  assert.equal(events.at(-1).type, "result");
  const text = events.filter((e) => e.type === "token").map((e) => e.data).join("");
  assert.equal(text, answer);
  assert.equal(run.result.content, answer);
  assert.equal(run.result.status, "succeeded");
  assert.ok(run.result.usage.total_tokens > 0);
});

test("a dropped connection resumes with nothing lost or duplicated", { skip }, async () => {
  const { marker, answer } = scenarios.resume;
  const client = new Tomato({
    baseUrl: env.TOMATO_PROXY_URL,
    apiKey: env.TOMATO_API_KEY,
    headers: { "X-Test-Drop": `${randomUUID().replaceAll("-", "")}:1500` },
  });
  const run = client.chat.stream(`${marker} count`, { backoffMs: 50 });
  const events = [];
  for await (const event of run) events.push(event);
  assert.ok(run.reconnects >= 1, "the proxy cut the first connection");
  assert.ok(inOrder(events));
  assert.equal(events.filter((e) => e.type === "token").map((e) => e.data).join(""), answer);
  assert.equal(run.result.content, answer);
});

test("cancel stops the run and keeps the partial answer", { skip }, async () => {
  const run = tomato().chat.stream(`${scenarios.long.marker} long`);
  let tokens = 0;
  let text = "";
  for await (const event of run) {
    if (event.type === "token") {
      text += event.data;
      if (++tokens === 5) await run.cancel();
    }
  }
  assert.equal(run.result.status, "cancelled");
  assert.equal(run.result.content, text);
  assert.ok(text.length > 0 && text.length < scenarios.long.answer.length);
});

test("follow replays a run; untilDone waits; a failed run rejects", { skip }, async () => {
  const client = tomato();
  const result = await client.chat.send(`${scenarios.plain.marker} hi`);
  assert.equal(result.content, scenarios.plain.answer);
  const replay = [];
  for await (const event of client.runs.follow(result.runId)) replay.push(event);
  assert.equal(replay[0].type, "session");
  const rest = [];
  for await (const event of client.runs.follow(result.runId, { after: replay[1].id })) rest.push(event);
  assert.deepEqual(rest.map((e) => e.id), replay.slice(2).map((e) => e.id));
  await assert.rejects(client.chat.send(`${scenarios.broken.marker} fail`), (error) => {
    assert.ok(error instanceof RunFailed);
    assert.match(error.code, /^llm/);
    return true;
  });
});
