// Tomato Agent SDK: the client generated from the OpenAPI schema (`sdk`, `client`) plus run streaming.
//
//   const tomato = new Tomato({ baseUrl: "http://127.0.0.1:8000", apiKey: "tmt_…" });
//   const run = tomato.chat.stream("What is 6*7?");
//   for await (const text of run.textStream()) process.stdout.write(text);
import { createClient, createConfig } from "./client/client/index.js";
import { RunStream, ApiError } from "./streaming.js";
export * as sdk from "./client/sdk.gen.js";
export { ApiError, RunFailed, RunStream, readEvents, decodeEvent } from "./streaming.js";
export class Tomato {
    /** The generated client, configured: `sdk.keysList({ client: tomato.rest })`. */
    rest;
    chat;
    workflows;
    runs;
    constructor(options) {
        const baseUrl = options.baseUrl.replace(/\/+$/, "");
        const transport = {
            baseUrl,
            headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
            fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
        };
        this.rest = createClient(createConfig({ baseUrl, headers: transport.headers, fetch: transport.fetch }));
        this.chat = new Chat(transport);
        this.workflows = new Workflows(transport);
        this.runs = new Runs(transport);
    }
}
class Chat {
    transport;
    constructor(transport) {
        this.transport = transport;
    }
    /** Send a message; iterate the answer's events as they stream (POST /api/chat/stream). */
    stream(message, options = {}) {
        const { conversationId, ...streamOptions } = options;
        const opener = (signal) => this.transport.fetch(`${this.transport.baseUrl}/api/chat/stream`, {
            method: "POST",
            headers: { ...this.transport.headers, "Content-Type": "application/json", Accept: "text/event-stream" },
            body: JSON.stringify({ message, conversation_id: conversationId ?? null }),
            signal,
        });
        return new RunStream(this.transport, { opener }, streamOptions);
    }
    /** Send a message and wait for the whole answer. */
    send(message, options = {}) {
        return this.stream(message, options).untilDone();
    }
}
class Workflows {
    transport;
    constructor(transport) {
        this.transport = transport;
    }
    /** Start a run of a workflow (POST /api/workflows/{id}/runs) and follow its events. */
    async stream(workflowId, inputs = {}, options = {}) {
        const response = await this.transport.fetch(`${this.transport.baseUrl}/api/workflows/${workflowId}/runs`, {
            method: "POST",
            headers: { ...this.transport.headers, "Content-Type": "application/json" },
            body: JSON.stringify({ inputs }),
        });
        const body = await response.json().catch(() => null);
        if (!response.ok)
            throw new ApiError(response.status, body);
        return new RunStream(this.transport, { runId: body.run_id }, options);
    }
    async run(workflowId, inputs = {}) {
        return (await this.stream(workflowId, inputs)).untilDone();
    }
}
class Runs {
    transport;
    constructor(transport) {
        this.transport = transport;
    }
    /** Any run's events after `after` (an event id; "0-0": from the start), then live. */
    follow(runId, options = {}) {
        const { after, ...streamOptions } = options;
        return new RunStream(this.transport, { runId, after }, streamOptions);
    }
    cancel(runId) {
        return new RunStream(this.transport, { runId }).cancel();
    }
}
