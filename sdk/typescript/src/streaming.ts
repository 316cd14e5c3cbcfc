// Following a run: typed events, resume after a dropped connection, cancel, wait for the result.
//
// A RunStream reads the run's native server-sent events. When the connection drops before the
// terminal event it reconnects to GET /api/runs/{runId}/events with Last-Event-ID set to the last
// event it handed out, so nothing is lost and nothing comes twice. The request that starts a run is
// sent once and never retried: a retry would start (and bill) a second run.

import type {
  CancelledEventData,
  ErrorBody,
  ResultEventData,
  SessionEventData,
  ToolResultEventData,
  ToolStartEventData,
} from "./client/types.gen.js";

interface EventBase {
  /** The stream id: resume after it. */
  id: string;
  /** The nesting path of nested work (a sub-agent, a workflow node); [] for the run's own events. */
  scope: string[];
}

export type RunEvent = EventBase &
  (
    | { type: "session"; data: SessionEventData }
    | { type: "token" | "reasoning_token"; data: string }
    | { type: "tool_start"; data: ToolStartEventData }
    | { type: "tool_result"; data: ToolResultEventData }
    | { type: "result"; data: ResultEventData }
    | { type: "cancelled"; data: CancelledEventData }
    | { type: "error"; data: ErrorBody }
    | { type: "tool_retry" | "node_started" | "node_finished" | "workflow_finished"; data: Record<string, unknown> }
    | { type: "title"; data: { conversation_id: string; title: string } }
  );

export const TERMINAL = new Set(["result", "cancelled", "error"]);

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
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const error = (body as { error?: ErrorBody } | null)?.error;
    super(`${status} ${error?.code ?? ""}: ${error?.message ?? JSON.stringify(body).slice(0, 300)}`);
    this.name = "ApiError";
  }

  get code(): string | undefined {
    return (this.body as { error?: ErrorBody } | null)?.error?.code;
  }
}

/** A run ended with an error event (code: llm_error, max_iterations, worker_lost…). */
export class RunFailed extends Error {
  constructor(readonly result: RunResult) {
    super(`${result.error?.code ?? "internal"}: ${result.error?.message ?? "the run failed"}`);
    this.name = "RunFailed";
  }

  get code(): string | undefined {
    return this.result.error?.code;
  }
}

export function decodeEvent(id: string, type: string, data: string): RunEvent {
  let raw: unknown = data ? JSON.parse(data) : null;
  let scope: string[] = [];
  // Nested work arrives wrapped: {"scope": [...], "data": ...}.
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    const wrapped = raw as { scope?: unknown; data?: unknown };
    if (keys.length === 2 && Array.isArray(wrapped.scope) && "data" in wrapped) {
      scope = wrapped.scope as string[];
      raw = wrapped.data;
    }
  }
  return { id, type, data: raw, scope } as RunEvent;
}

/** The events of a text/event-stream body; comments (keep-alives) are skipped. */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<RunEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  let id = "";
  let type = "message";
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, "");
        buffer = buffer.slice(newline + 1);
        if (line === "") {
          if (data.length) yield decodeEvent(id, type, data.join("\n"));
          type = "message";
          data = [];
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":");
          const name = colon < 0 ? line : line.slice(0, colon);
          const field = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (name === "id") id = field;
          else if (name === "event") type = field;
          else if (name === "data") data.push(field);
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}

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
export class RunStream implements AsyncIterable<RunEvent> {
  runId: string | null;
  lastEventId: string;
  reconnects = 0;
  private terminal: RunEvent | null = null;
  private text: string[] = [];
  private controller = new AbortController();
  private opener: ((signal: AbortSignal) => Promise<Response>) | null;

  constructor(
    private readonly transport: Transport,
    init: { runId?: string; after?: string; opener?: (signal: AbortSignal) => Promise<Response> },
    private readonly options: StreamOptions = {},
  ) {
    this.runId = init.runId ?? null;
    this.lastEventId = init.after ?? "0-0";
    this.opener = init.opener ?? null;
  }

  private async open(): Promise<Response> {
    let response: Response;
    if (this.opener && this.runId === null) {
      response = await this.opener(this.controller.signal);
    } else {
      response = await this.transport.fetch(`${this.transport.baseUrl}/api/runs/${this.runId}/events`, {
        headers: { ...this.transport.headers, Accept: "text/event-stream", "Last-Event-ID": this.lastEventId },
        signal: this.controller.signal,
      });
    }
    this.opener = null; // a start request is sent once; resumes follow the run
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    this.runId ??= response.headers.get("x-run-id");
    return response;
  }

  private take(event: RunEvent): void {
    if (event.id) this.lastEventId = event.id;
    if (event.type === "session" && this.runId === null) this.runId = event.data.run_id;
    if (event.type === "token" && event.scope.length === 0) this.text.push(event.data);
    if (TERMINAL.has(event.type)) this.terminal = event;
  }

  private nextDelay(error: unknown): number {
    if (this.runId === null) throw new Error("the connection dropped before the run started streaming", { cause: error });
    this.reconnects += 1;
    const max = this.options.maxReconnects ?? 10;
    if (this.reconnects > max) throw new Error(`run ${this.runId}: gave up after ${max} reconnects`, { cause: error });
    return Math.min((this.options.backoffMs ?? 200) * 2 ** (this.reconnects - 1), 5000);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RunEvent> {
    while (this.terminal === null) {
      let error: unknown = null;
      let response: Response | null = null;
      try {
        response = await this.open();
        for await (const event of readEvents(response.body!)) {
          this.take(event);
          yield event;
          if (this.terminal) return;
        }
      } catch (caught) {
        if (caught instanceof ApiError || this.controller.signal.aborted) throw caught;
        error = caught; // a reset, a body cut short: resume
      } finally {
        await response?.body?.cancel().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, this.nextDelay(error)));
    }
  }

  /** Only the answer, piece by piece. */
  async *textStream(): AsyncGenerator<string> {
    for await (const event of this) {
      if (event.type === "token" && event.scope.length === 0) yield event.data;
    }
  }

  /** Ask the platform to stop the run; its `cancelled` event (with the partial answer) follows. */
  async cancel(): Promise<void> {
    if (this.runId === null) throw new Error("the run has not started yet");
    const response = await this.transport.fetch(`${this.transport.baseUrl}/api/runs/${this.runId}/cancel`, {
      method: "POST",
      headers: this.transport.headers,
    });
    if (!response.ok && response.status !== 409) throw new ApiError(response.status, await response.json().catch(() => null));
  }

  /** Read to the end (resuming as needed); rejects with RunFailed if the run failed. */
  async untilDone(): Promise<RunResult> {
    for await (const _ of this) {
      // drain
    }
    const result = this.result!;
    if (result.status === "failed") throw new RunFailed(result);
    return result;
  }

  /** How the run ended, once its terminal event has been read. */
  get result(): RunResult | null {
    if (this.terminal === null || this.runId === null) return null;
    const raw = (this.terminal.data ?? {}) as Record<string, unknown>;
    const status = this.terminal.type === "result" ? "succeeded" : this.terminal.type === "cancelled" ? "cancelled" : "failed";
    return {
      runId: this.runId,
      status,
      content: typeof raw.content === "string" ? raw.content : this.text.join(""),
      usage: (raw.usage as RunResult["usage"]) ?? null,
      error: status === "failed" ? (raw as unknown as ErrorBody) : null,
      data: raw,
    };
  }

  /** Stop reading (the run goes on; use cancel() to stop it). */
  close(): void {
    this.controller.abort();
  }
}
