// Following a run: typed events, resume after a dropped connection, cancel, wait for the result.
//
// A RunStream reads the run's native server-sent events. When the connection drops before the
// terminal event it reconnects to GET /api/runs/{runId}/events with Last-Event-ID set to the last
// event it handed out, so nothing is lost and nothing comes twice. The request that starts a run is
// sent once and never retried: a retry would start (and bill) a second run.
export const TERMINAL = new Set(["result", "cancelled", "error"]);
/** The platform refused a request: the HTTP status and its error body. */
export class ApiError extends Error {
    status;
    body;
    constructor(status, body) {
        const error = body?.error;
        super(`${status} ${error?.code ?? ""}: ${error?.message ?? JSON.stringify(body).slice(0, 300)}`);
        this.status = status;
        this.body = body;
        this.name = "ApiError";
    }
    get code() {
        return this.body?.error?.code;
    }
}
/** A run ended with an error event (code: llm_error, max_iterations, worker_lost…). */
export class RunFailed extends Error {
    result;
    constructor(result) {
        super(`${result.error?.code ?? "internal"}: ${result.error?.message ?? "the run failed"}`);
        this.result = result;
        this.name = "RunFailed";
    }
    get code() {
        return this.result.error?.code;
    }
}
export function decodeEvent(id, type, data) {
    let raw = data ? JSON.parse(data) : null;
    let scope = [];
    // Nested work arrives wrapped: {"scope": [...], "data": ...}.
    if (raw && typeof raw === "object" && !Array.isArray(raw)) {
        const keys = Object.keys(raw);
        const wrapped = raw;
        if (keys.length === 2 && Array.isArray(wrapped.scope) && "data" in wrapped) {
            scope = wrapped.scope;
            raw = wrapped.data;
        }
    }
    return { id, type, data: raw, scope };
}
/** The events of a text/event-stream body; comments (keep-alives) are skipped. */
export async function* readEvents(body) {
    const decoder = new TextDecoder();
    const reader = body.getReader();
    let buffer = "";
    let id = "";
    let type = "message";
    let data = [];
    try {
        for (;;) {
            const { value, done } = await reader.read();
            if (done)
                return;
            buffer += decoder.decode(value, { stream: true });
            let newline;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                const line = buffer.slice(0, newline).replace(/\r$/, "");
                buffer = buffer.slice(newline + 1);
                if (line === "") {
                    if (data.length)
                        yield decodeEvent(id, type, data.join("\n"));
                    type = "message";
                    data = [];
                }
                else if (!line.startsWith(":")) {
                    const colon = line.indexOf(":");
                    const name = colon < 0 ? line : line.slice(0, colon);
                    const field = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
                    if (name === "id")
                        id = field;
                    else if (name === "event")
                        type = field;
                    else if (name === "data")
                        data.push(field);
                }
            }
        }
    }
    finally {
        reader.releaseLock();
    }
}
/** A run's events over one or more connections: `for await (const event of run)`. */
export class RunStream {
    transport;
    options;
    runId;
    lastEventId;
    reconnects = 0;
    terminal = null;
    text = [];
    controller = new AbortController();
    opener;
    constructor(transport, init, options = {}) {
        this.transport = transport;
        this.options = options;
        this.runId = init.runId ?? null;
        this.lastEventId = init.after ?? "0-0";
        this.opener = init.opener ?? null;
    }
    async open() {
        let response;
        if (this.opener && this.runId === null) {
            response = await this.opener(this.controller.signal);
        }
        else {
            response = await this.transport.fetch(`${this.transport.baseUrl}/api/runs/${this.runId}/events`, {
                headers: { ...this.transport.headers, Accept: "text/event-stream", "Last-Event-ID": this.lastEventId },
                signal: this.controller.signal,
            });
        }
        this.opener = null; // a start request is sent once; resumes follow the run
        if (!response.ok)
            throw new ApiError(response.status, await response.json().catch(() => null));
        this.runId ??= response.headers.get("x-run-id");
        return response;
    }
    take(event) {
        if (event.id)
            this.lastEventId = event.id;
        if (event.type === "session" && this.runId === null)
            this.runId = event.data.run_id;
        if (event.type === "token" && event.scope.length === 0)
            this.text.push(event.data);
        if (TERMINAL.has(event.type))
            this.terminal = event;
    }
    nextDelay(error) {
        if (this.runId === null)
            throw new Error("the connection dropped before the run started streaming", { cause: error });
        this.reconnects += 1;
        const max = this.options.maxReconnects ?? 10;
        if (this.reconnects > max)
            throw new Error(`run ${this.runId}: gave up after ${max} reconnects`, { cause: error });
        return Math.min((this.options.backoffMs ?? 200) * 2 ** (this.reconnects - 1), 5000);
    }
    async *[Symbol.asyncIterator]() {
        while (this.terminal === null) {
            let error = null;
            let response = null;
            try {
                response = await this.open();
                for await (const event of readEvents(response.body)) {
                    this.take(event);
                    yield event;
                    if (this.terminal)
                        return;
                }
            }
            catch (caught) {
                if (caught instanceof ApiError || this.controller.signal.aborted)
                    throw caught;
                error = caught; // a reset, a body cut short: resume
            }
            finally {
                await response?.body?.cancel().catch(() => undefined);
            }
            await new Promise((resolve) => setTimeout(resolve, this.nextDelay(error)));
        }
    }
    /** Only the answer, piece by piece. */
    async *textStream() {
        for await (const event of this) {
            if (event.type === "token" && event.scope.length === 0)
                yield event.data;
        }
    }
    /** Ask the platform to stop the run; its `cancelled` event (with the partial answer) follows. */
    async cancel() {
        if (this.runId === null)
            throw new Error("the run has not started yet");
        const response = await this.transport.fetch(`${this.transport.baseUrl}/api/runs/${this.runId}/cancel`, {
            method: "POST",
            headers: this.transport.headers,
        });
        if (!response.ok && response.status !== 409)
            throw new ApiError(response.status, await response.json().catch(() => null));
    }
    /** Read to the end (resuming as needed); rejects with RunFailed if the run failed. */
    async untilDone() {
        for await (const _ of this) {
            // drain
        }
        const result = this.result;
        if (result.status === "failed")
            throw new RunFailed(result);
        return result;
    }
    /** How the run ended, once its terminal event has been read. */
    get result() {
        if (this.terminal === null || this.runId === null)
            return null;
        const raw = (this.terminal.data ?? {});
        const status = this.terminal.type === "result" ? "succeeded" : this.terminal.type === "cancelled" ? "cancelled" : "failed";
        return {
            runId: this.runId,
            status,
            content: typeof raw.content === "string" ? raw.content : this.text.join(""),
            usage: raw.usage ?? null,
            error: status === "failed" ? raw : null,
            data: raw,
        };
    }
    /** Stop reading (the run goes on; use cancel() to stop it). */
    close() {
        this.controller.abort();
    }
}
