import { type Client } from "./client/client/index.js";
import { RunStream, type StreamOptions, type Transport } from "./streaming.js";
export * as sdk from "./client/sdk.gen.js";
export type * from "./client/types.gen.js";
export { ApiError, RunFailed, RunStream, readEvents, decodeEvent } from "./streaming.js";
export type { RunEvent, RunResult, StreamOptions } from "./streaming.js";
export interface TomatoOptions {
    /** Where the platform is served, e.g. "https://tomato.example.com". */
    baseUrl: string;
    /** A personal API key (tmt_…) or a login token. */
    apiKey: string;
    /** Extra headers for every request. */
    headers?: Record<string, string>;
    fetch?: typeof fetch;
}
export declare class Tomato {
    /** The generated client, configured: `sdk.keysList({ client: tomato.rest })`. */
    readonly rest: Client;
    readonly chat: Chat;
    readonly workflows: Workflows;
    readonly runs: Runs;
    constructor(options: TomatoOptions);
}
declare class Chat {
    private readonly transport;
    constructor(transport: Transport);
    /** Send a message; iterate the answer's events as they stream (POST /api/chat/stream). */
    stream(message: string, options?: StreamOptions & {
        conversationId?: string;
    }): RunStream;
    /** Send a message and wait for the whole answer. */
    send(message: string, options?: {
        conversationId?: string;
    }): Promise<import("./streaming.js").RunResult>;
}
declare class Workflows {
    private readonly transport;
    constructor(transport: Transport);
    /** Start a run of a workflow (POST /api/workflows/{id}/runs) and follow its events. */
    stream(workflowId: number, inputs?: Record<string, unknown>, options?: StreamOptions): Promise<RunStream>;
    run(workflowId: number, inputs?: Record<string, unknown>): Promise<import("./streaming.js").RunResult>;
}
declare class Runs {
    private readonly transport;
    constructor(transport: Transport);
    /** Any run's events after `after` (an event id; "0-0": from the start), then live. */
    follow(runId: string, options?: StreamOptions & {
        after?: string;
    }): RunStream;
    cancel(runId: string): Promise<void>;
}
