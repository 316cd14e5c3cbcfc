import type { CancelledEventData, ErrorBody, ResultEventData, SessionEventData, ToolResultEventData, ToolStartEventData } from "./client/types.gen.js";
interface EventBase {
    /** The stream id: resume after it. */
    id: string;
    /** The nesting path of nested work (a sub-agent, a workflow node); [] for the run's own events. */
    scope: string[];
}
export type RunEvent = EventBase & ({
    type: "session";
    data: SessionEventData;
} | {
    type: "token" | "reasoning_token";
    data: string;
} | {
    type: "tool_start";
    data: ToolStartEventData;
} | {
    type: "tool_result";
    data: ToolResultEventData;
} | {
    type: "result";
    data: ResultEventData;
} | {
    type: "cancelled";
    data: CancelledEventData;
} | {
    type: "error";
    data: ErrorBody;
} | {
    type: "tool_retry" | "node_started" | "node_finished" | "workflow_finished";
    data: Record<string, unknown>;
} | {
    type: "title";
    data: {
        conversation_id: string;
        title: string;
    };
});
export declare const TERMINAL: Set<string>;
export interface RunResult {
    runId: string;
    status: "succeeded" | "cancelled" | "failed";
    /** The answer (what the top-level token events carried). */
    content: string;
    usage: ResultEventData["usage"] | null;
    error: ErrorBody | null;
    /** The terminal event's data as sent (a workflow's outputs…). */
    data: Record<string, unknown>;
}
/** The platform refused a request: the HTTP status and its error body. */
export declare class ApiError extends Error {
    readonly status: number;
    readonly body: unknown;
    constructor(status: number, body: unknown);
    get code(): string | undefined;
}
/** A run ended with an error event (code: llm_error, max_iterations, worker_lost…). */
export declare class RunFailed extends Error {
    readonly result: RunResult;
    constructor(result: RunResult);
    get code(): string | undefined;
}
export declare function decodeEvent(id: string, type: string, data: string): RunEvent;
/** The events of a text/event-stream body; comments (keep-alives) are skipped. */
export declare function readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<RunEvent>;
export interface StreamOptions {
    /** Resume at most this many times (default 10). */
    maxReconnects?: number;
    /** The first wait before a reconnect, doubled each time up to 5 s (default 200 ms). */
    backoffMs?: number;
}
export interface Transport {
    baseUrl: string;
    headers: Record<string, string>;
    fetch: typeof fetch;
}
/** A run's events over one or more connections: `for await (const event of run)`. */
export declare class RunStream implements AsyncIterable<RunEvent> {
    private readonly transport;
    private readonly options;
    runId: string | null;
    lastEventId: string;
    reconnects: number;
    private terminal;
    private text;
    private controller;
    private opener;
    constructor(transport: Transport, init: {
        runId?: string;
        after?: string;
        opener?: (signal: AbortSignal) => Promise<Response>;
    }, options?: StreamOptions);
    private open;
    private take;
    private nextDelay;
    [Symbol.asyncIterator](): AsyncGenerator<RunEvent>;
    /** Only the answer, piece by piece. */
    textStream(): AsyncGenerator<string>;
    /** Ask the platform to stop the run; its `cancelled` event (with the partial answer) follows. */
    cancel(): Promise<void>;
    /** Read to the end (resuming as needed); rejects with RunFailed if the run failed. */
    untilDone(): Promise<RunResult>;
    /** How the run ended, once its terminal event has been read. */
    get result(): RunResult | null;
    /** Stop reading (the run goes on; use cancel() to stop it). */
    close(): void;
}
export {};
