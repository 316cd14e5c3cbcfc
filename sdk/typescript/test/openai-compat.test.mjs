// The official `openai` npm package against the platform's /v1 (run by sdk/python/tests/test_typescript.py).
import assert from "node:assert/strict";
import { test } from "node:test";

import OpenAI from "openai";

const env = process.env;
const scenarios = JSON.parse(env.TOMATO_SCENARIOS ?? "{}");
const skip = env.TOMATO_BASE_URL ? false : "run by sdk/python/tests/test_typescript.py (needs a live server)";
const client = () => new OpenAI({ baseURL: `${env.TOMATO_BASE_URL}/v1`, apiKey: env.TOMATO_API_KEY, maxRetries: 0 });

test("models lists the default agent", { skip }, async () => {
  const models = [];
  for await (const model of client().models.list()) models.push(model.id);
  assert.equal(models[0], "tomato-agent");
});

test("a streamed completion: the answer in content, the steps in reasoning, usage last", { skip }, async () => {
  const { marker, answer } = scenarios.openai;
  const stream = await client().chat.completions.create({
    model: "tomato-agent",
    stream: true,
    messages: [{ role: "user", content: `${marker} 6*7?` }],
  });
  let content = "";
  let reasoning = "";
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    content += chunk.choices[0]?.delta?.content ?? "";
    reasoning += chunk.choices[0]?.delta?.reasoning_content ?? "";
  }
  assert.equal(content, answer);
  assert.match(reasoning, /Calculator/);
  assert.equal(chunks.at(-1).choices[0].finish_reason, "stop");
  assert.ok(chunks.at(-1).usage.total_tokens > 0);
});

test("a completion without streaming, and an error in OpenAI's shape", { skip }, async () => {
  const completion = await client().chat.completions.create({
    model: "tomato-agent",
    messages: [{ role: "user", content: `${scenarios.plain.marker} hi` }],
  });
  assert.equal(completion.choices[0].message.content, scenarios.plain.answer);
  await assert.rejects(
    client().chat.completions.create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] }),
    (error) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(error.code, "model_not_found");
      return true;
    },
  );
});
