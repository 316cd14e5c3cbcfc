export type ClientOptions = {
    baseUrl: `${string}://${string}` | (string & {});
};
export type Agent = {
    id: string;
    version: number;
    name: string;
    emoji: string;
    description: string;
    starters: Array<string>;
    instructions: string;
    provider: string;
    model: string;
    temperature: number | null;
    tools: Array<string>;
    knowledge: Array<string>;
    tool_mode: string;
    max_iterations: number | null;
    agents: Array<string>;
    visibility: string;
    readonly owner: string | null;
    readonly is_owner: boolean;
    created_at: string;
    updated_at: string;
};
/**
 * What ``POST`` takes (``PATCH`` takes any of it). Checked by ``agents.agent_services``.
 */
export type AgentInput = {
    name: string;
    /**
     * its system prompt
     */
    instructions?: string;
    /**
     * registry tool names
     */
    tools?: Array<string>;
    /**
     * ids of agents it may call as tools
     */
    agents?: Array<string>;
    /**
     * provider slug
     */
    provider?: string | null;
    model?: string | null;
    temperature?: number | null;
    emoji?: string;
    description?: string;
    starters?: Array<string>;
    /**
     * snippet tags that scope code_search
     */
    knowledge?: Array<string>;
    tool_mode?: ToolModeEnum | BlankEnum;
    max_iterations?: number | null;
    visibility?: VisibilityEnum;
    /**
     * staff only, on create: owned by nobody
     */
    global_agent?: boolean;
};
export type AgentPage = {
    results: Array<Agent>;
    next: string | null;
};
/**
 * The messages in one place of a conversation with branches (regenerated answers, edited messages).
 */
export type Alternatives = {
    /**
     * this message's place among them, from 0
     */
    index: number;
    count: number;
    /**
     * oldest first
     */
    ids: Array<string>;
};
/**
 * * `active` - active
 * * `expired` - expired
 * * `revoked` - revoked
 */
export type ApiKeyStatusEnum = 'active' | 'expired' | 'revoked';
export type BlankEnum = '';
export type Branch = {
    conversation_id: string;
    /**
     * the last message of the branch now shown
     */
    leaf_id: string;
};
export type BranchSelect = {
    message_id: string;
};
export type CancelAccepted = {
    /**
     * `cancelling`
     */
    status: string;
};
export type Conversation = {
    id: string;
    title: string;
    created_at: string;
    updated_at: string;
    message_count: number;
    pinned?: boolean;
    archived?: boolean;
    /**
     * the agent it talks to (null: default)
     */
    agent_id?: string | null;
};
export type ConversationCreate = {
    title?: string;
};
export type ConversationExport = {
    conversation: Conversation;
    messages: Array<Message>;
};
export type ConversationPage = {
    results: Array<Conversation>;
    /**
     * the next (older) page, or null
     */
    next: string | null;
};
export type CreatedKey = {
    id: number;
    name: string;
    /**
     * the key's first characters, to tell keys apart
     */
    prefix: string;
    scopes: Array<ScopesEnum>;
    status: ApiKeyStatusEnum;
    created_at: string;
    expires_at: string | null;
    last_used_at: string | null;
    last_used_ip: string | null;
    requests_per_minute: number;
    requests_per_day: number;
    /**
     * the secret: shown this once, never stored
     */
    key: string;
};
export type Embed = {
    id: number;
    name: string;
    /**
     * public: it is in the host page
     */
    token: string;
    agent: string;
    allowed_origins: Array<string>;
    greeting: string;
    theme_color: string;
    visitor_requests_per_minute: number;
    ip_requests_per_minute: number;
    daily_token_budget: number | null;
    enabled: boolean;
    /**
     * to pass your site's users through: user_hash = HMAC-SHA256(identity_secret, user_id), hex
     */
    identity_secret: string;
    created_at: string;
    /**
     * the tag to paste into the host page
     */
    readonly snippet: string;
};
export type EmbedInput = {
    name: string;
    /**
     * origins like https://www.example.com
     */
    allowed_origins: Array<string>;
    /**
     * a model id from /v1/models
     */
    agent?: string;
    greeting?: string;
    theme_color?: string;
    visitor_requests_per_minute?: number;
    ip_requests_per_minute?: number;
    daily_token_budget?: number | null;
    enabled?: boolean;
};
export type ErrorBody = {
    /**
     * stable machine-readable code (docs/events.md, docs/api.md)
     */
    code: string;
    /**
     * safe to show a person
     */
    message: string;
};
export type Feedback = {
    rating: RatingEnum | NullEnum | null;
    comment?: string;
    readonly at: string | null;
};
export type Key = {
    id: number;
    name: string;
    /**
     * the key's first characters, to tell keys apart
     */
    prefix: string;
    scopes: Array<ScopesEnum>;
    status: ApiKeyStatusEnum;
    created_at: string;
    expires_at: string | null;
    last_used_at: string | null;
    last_used_ip: string | null;
    requests_per_minute: number;
    requests_per_day: number;
};
export type KeyCreate = {
    name: string;
    /**
     * default: all of chat, workflows, read
     */
    scopes?: Array<ScopesEnum>;
    /**
     * default: never
     */
    expires_at?: string | null;
    requests_per_minute?: number | null;
    requests_per_day?: number | null;
};
/**
 * A usage answer's ``from`` and ``to`` (``from`` is a Python keyword, hence not a class attribute).
 */
export type KeyUsage = {
    key_id: number;
    total: KeyUsageTotal;
    by_day: Array<KeyUsageDay>;
    from: string;
    to: string;
};
export type KeyUsageDay = {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    cost_usd: number;
    runs: number;
    date: string;
};
export type KeyUsageTotal = {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    cost_usd: number;
    runs: number;
};
export type Login = {
    username: string;
};
export type Me = {
    id: number;
    username: string;
    email: string;
    is_staff: boolean;
    date_joined: string;
};
export type Message = {
    id: string;
    role: RoleEnum;
    content: string;
    reasoning?: string;
    readonly tool_calls: Array<ToolCall>;
    /**
     * an answer's status: succeeded, failed, cancelled
     */
    status?: string | null;
    error?: ErrorBody | null;
    created_at: string;
    run_id?: string | null;
    usage?: RunUsage | null;
    model?: string | null;
    /**
     * in a conversation with branches: the other versions of this message; null when it has none
     */
    alternatives?: Alternatives | null;
    /**
     * an answer's thumbs up or down
     */
    feedback?: Feedback | null;
};
export type MessagePage = {
    results: Array<Message>;
    /**
     * the previous (older) page, or null
     */
    next: string | null;
};
export type NullEnum = never;
/**
 * What ``POST`` takes (``PATCH`` takes any of it). Checked by ``agents.agent_services``.
 */
export type PatchedAgentInput = {
    name?: string;
    /**
     * its system prompt
     */
    instructions?: string;
    /**
     * registry tool names
     */
    tools?: Array<string>;
    /**
     * ids of agents it may call as tools
     */
    agents?: Array<string>;
    /**
     * provider slug
     */
    provider?: string | null;
    model?: string | null;
    temperature?: number | null;
    emoji?: string;
    description?: string;
    starters?: Array<string>;
    /**
     * snippet tags that scope code_search
     */
    knowledge?: Array<string>;
    tool_mode?: ToolModeEnum | BlankEnum;
    max_iterations?: number | null;
    visibility?: VisibilityEnum;
    /**
     * staff only, on create: owned by nobody
     */
    global_agent?: boolean;
};
/**
 * A change to a conversation: a new title, pinned or not, archived or not (at least one).
 */
export type PatchedConversationRename = {
    title?: string;
    /**
     * pinned ones list first in the web chat
     */
    pinned?: boolean;
    /**
     * archived ones leave the list (`GET /api/conversations?archived=true` lists them)
     */
    archived?: boolean;
};
export type PatchedEmbedInput = {
    name?: string;
    /**
     * origins like https://www.example.com
     */
    allowed_origins?: Array<string>;
    /**
     * a model id from /v1/models
     */
    agent?: string;
    greeting?: string;
    theme_color?: string;
    visitor_requests_per_minute?: number;
    ip_requests_per_minute?: number;
    daily_token_budget?: number | null;
    enabled?: boolean;
};
export type PatchedSnippetInput = {
    title?: string;
    description?: string;
    code?: string;
    language?: string;
    tags?: Array<string>;
    shared?: boolean;
};
export type PatchedWorkflowChange = {
    name?: string;
    description?: string;
    schema?: unknown;
    shared?: boolean;
};
export type ProviderModelOut = {
    model: string;
    label: string;
    context_window: number | null;
    input_per_million_usd: number | null;
    output_per_million_usd: number | null;
    tool_mode: string;
    reasoning: boolean;
};
export type ProviderOut = {
    id: number;
    slug: string;
    name: string;
    is_default: boolean;
    default_model: string;
    models: Array<ProviderModelOut>;
};
/**
 * * `up` - up
 * * `down` - down
 */
export type RatingEnum = 'up' | 'down';
/**
 * * `user` - user
 * * `assistant` - assistant
 */
export type RoleEnum = 'user' | 'assistant';
export type Run = {
    id: string;
    kind?: string;
    conversation_id?: string | null;
    status: RunStatusEnum;
    model: string;
    created_at: string;
    started_at: string | null;
    ended_at: string | null;
    duration_ms: number | null;
    steps: Array<RunStep>;
    usage: RunUsage | null;
    error: ErrorBody | null;
    /**
     * a chat with an agent people built: `{id, version, name}`
     */
    agent?: unknown;
};
export type RunStarted = {
    run_id: string;
    workflow_id: number | null;
    version: number | null;
    events_url: string;
};
/**
 * * `queued` - queued
 * * `running` - running
 * * `succeeded` - succeeded
 * * `failed` - failed
 * * `cancelled` - cancelled
 */
export type RunStatusEnum = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
/**
 * One step of a run: a model call or a tool call.
 */
export type RunStep = {
    /**
     * `llm`, `tool`, or a kind's own step (a workflow node)
     */
    kind: string;
    name: string;
    started_at?: string | null;
    duration_ms?: number | null;
    ok?: boolean | null;
    usage?: RunUsage | null;
    /**
     * a tool or sub-agent step: the model's call id
     */
    call_id?: string;
    /**
     * a sub-agent step: `{id, version, name}`
     */
    agent?: unknown;
    /**
     * a sub-agent step: the scope its events carry
     */
    scope?: Array<string>;
    /**
     * a sub-agent step: how it ended
     */
    status?: string;
    /**
     * a sub-agent step: the model that answered
     */
    model?: string;
    /**
     * a sub-agent step: its own steps (the run's tree)
     */
    steps?: unknown;
};
/**
 * Tokens and cost of a run (or a sum of runs).
 */
export type RunUsage = {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    /**
     * null: the model has no price
     */
    cost_usd?: number | null;
};
/**
 * * `chat` - chat
 * * `workflows` - workflows
 * * `read` - read
 */
export type ScopesEnum = 'chat' | 'workflows' | 'read';
export type Signup = {
    username: string;
    email?: string | string;
};
export type Snippet = {
    id: number;
    title: string;
    description: string;
    code: string;
    language: string;
    tags: Array<string>;
    shared: boolean;
    owner: string;
    /**
     * whether the embedding matches the current text
     */
    readonly embedded: boolean;
    created_at: string;
    updated_at: string;
};
export type SnippetHit = {
    id: number;
    title: string;
    description: string;
    language: string;
    code: string;
    tags: Array<string>;
    shared: boolean;
    owner: string;
    /**
     * reciprocal-rank fusion of dense and BM25 ranks, 1 = first in both
     */
    score: number;
};
export type SnippetInput = {
    title: string;
    description?: string;
    code: string;
    language?: string;
    tags?: Array<string>;
    shared?: boolean;
};
export type SnippetPage = {
    results: Array<Snippet>;
    next: string | null;
};
/**
 * A sub-agent's call: where its own steps are (their ``scope``) and the text it streamed.
 */
export type SubAgentWork = {
    /**
     * the scope of its events and steps
     */
    scope: Array<string>;
    /**
     * the text it streamed (its answer)
     */
    text: string;
    /**
     * how many of its steps were too many to keep (0: none)
     */
    truncated: number;
};
export type TaskCancelInput = {
    taskID: string;
};
export type TaskCancelOutput = {
    success: boolean;
};
export type TaskRunInput = {
    /**
     * The FlowGram document as a JSON string (an object is taken too).
     */
    schema: string;
    inputs?: {
        [key: string]: unknown;
    };
};
export type TaskRunOutput = {
    taskID: string;
};
export type TaskValidateOutput = {
    valid: boolean;
    errors: Array<string>;
};
export type TokenResponse = {
    user: User;
    token: string;
    expires_at: string;
};
/**
 * A tool as the agent offers it to the model: what it is called and what it takes.
 */
export type Tool = {
    name: string;
    alias: string;
    description: string;
    /**
     * JSON schema of the tool's arguments
     */
    parameters: {
        [key: string]: unknown;
    };
};
/**
 * A tool call of an answer as a person may see it (never its secrets or raw output).
 */
export type ToolCall = {
    id: string;
    tool: string | null;
    label: string | null;
    ok: boolean | null;
    visible: unknown;
    visible_arguments: unknown;
    error: string | null;
    duration_ms: number | null;
    /**
     * a sub-agent's step: the scope it ran in (docs/events.md#scopes-nested-work); null in the answer
     */
    scope: Array<string> | null;
    /**
     * a call to a sub-agent: its work; null otherwise
     */
    agent: SubAgentWork | null;
};
/**
 * * `` -
 * * `native` - native
 * * `prompt` - prompt
 */
export type ToolModeEnum = 'native' | 'prompt';
export type UsageDay = {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    cost_usd: number | null;
    /**
     * answers counted
     */
    messages: number;
    date: string;
    model: string | null;
};
/**
 * ``GET /api/usage``: your answers' usage per day and model.
 */
export type UsageReport = {
    total: UsageTotals;
    by_day: Array<UsageDay>;
    from: string;
    to: string;
};
/**
 * ``GET /api/usage/summary`` (staff): usage per person.
 */
export type UsageSummary = {
    total: UsageTotals;
    by_user: Array<UsageUser>;
    from: string;
    to: string;
};
export type UsageTotals = {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    cost_usd: number;
    /**
     * answers counted
     */
    messages: number;
};
export type UsageUser = {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    cost_usd: number | null;
    /**
     * answers counted
     */
    messages: number;
    user_id: number;
    username: string | null;
};
export type User = {
    id: number;
    username: string;
    email: string;
};
/**
 * * `private` - private
 * * `link` - link
 * * `public` - public
 */
export type VisibilityEnum = 'private' | 'link' | 'public';
export type Workflow = {
    id: number;
    name: string;
    description: string;
    version: number;
    shared: boolean;
    owner: string;
    readonly is_owner: boolean;
    created_at: string;
    updated_at: string;
};
export type WorkflowDetail = {
    id: number;
    name: string;
    description: string;
    version: number;
    shared: boolean;
    owner: string;
    readonly is_owner: boolean;
    created_at: string;
    updated_at: string;
    schema: unknown;
    /**
     * The start node's outputs: what a run takes.
     */
    readonly inputs_schema: {
        [key: string]: unknown;
    };
    /**
     * Why the workflow cannot run as it is ([] when it can).
     */
    readonly errors: Array<string>;
};
export type WorkflowInput = {
    name: string;
    description?: string;
    /**
     * The FlowGram document {nodes, edges} (or its JSON string).
     */
    schema: unknown;
    shared?: boolean;
};
/**
 * A page of Workflow objects.
 */
export type WorkflowPage = {
    results: Array<Workflow>;
    next: string | null;
};
export type WorkflowRunInput = {
    /**
     * Values for the start node's outputs.
     */
    inputs?: {
        [key: string]: unknown;
    };
};
/**
 * A page of WorkflowRunSummary objects.
 */
export type WorkflowRunPage = {
    results: Array<WorkflowRunSummary>;
    next: string | null;
};
export type WorkflowRunReport = {
    id: string;
    status: string;
    workflow_version?: number | null;
    source?: string;
    created_at: string;
    ended_at?: string | null;
    duration_ms?: number | null;
    usage?: unknown;
    error?: unknown;
    inputs?: unknown;
    outputs?: unknown;
    /**
     * Per node: status, timings, inputs, outputs, error, branch, usage and a snapshot per run of it (each loop iteration).
     */
    nodes?: unknown;
    messages?: unknown;
};
export type WorkflowRunSummary = {
    id: string;
    status: string;
    workflow_version?: number | null;
    source?: string;
    created_at: string;
    ended_at?: string | null;
    duration_ms?: number | null;
    usage?: unknown;
    error?: unknown;
};
export type WorkflowVersion = {
    version: number;
    name: string;
    description: string;
    created_by?: string | null;
    created_at: string;
};
export type WorkflowVersionDetail = {
    version: number;
    name: string;
    description: string;
    created_by?: string | null;
    created_at: string;
    schema: unknown;
};
/**
 * A page of WorkflowVersion objects.
 */
export type WorkflowVersionPage = {
    results: Array<WorkflowVersion>;
    next: string | null;
};
/**
 * first event of a run: its ids (`conversation_id` and `message_id` for chat runs)
 */
export type SessionEventData = {
    run_id: string;
    conversation_id?: string;
    message_id?: string;
};
export type ToolStartEventData = {
    call_id: string;
    tool: string;
    label: string;
    /**
     * any JSON value
     */
    visible: unknown;
};
export type ToolResultEventData = {
    call_id: string;
    tool: string;
    label: string;
    ok: boolean;
    /**
     * any JSON value
     */
    visible: unknown;
    error: string | null;
    duration_ms: number;
};
/**
 * last event of a successful run: the kind's result (a chat turn's answer)
 */
export type ResultEventData = {
    message_id: string;
    content: string;
    finish_reason: string;
    usage: RunUsage;
    duration_ms: number;
};
/**
 * the partial answer is kept
 */
export type CancelledEventData = {
    message_id: string;
    content: string;
};
/**
 * One event of a run's stream (native format). `token`/`reasoning_token` data is a string; the others' data is the matching `…EventData`, `error` an `ErrorBody`. `scope` is set for nested work (a sub-agent, a workflow node).
 */
export type RunEvent = {
    id: string;
    type: 'session' | 'token' | 'reasoning_token' | 'tool_start' | 'tool_result' | 'tool_retry' | 'node_started' | 'node_finished' | 'workflow_finished' | 'title' | 'result' | 'cancelled' | 'error';
    /**
     * any JSON value
     */
    data: unknown;
    scope?: Array<string>;
};
/**
 * The answer once its run has ended
 */
export type ChatResult = {
    conversation_id: string;
    run_id: string;
    status: 'succeeded' | 'cancelled';
    message: Message;
    usage: RunUsage;
};
export type Health = {
    status: 'ok' | 'unavailable';
    checks: {
        [key: string]: 'ok' | 'unavailable';
    };
    llm: {
        model: string;
        scripted_demo: boolean;
    };
    failed?: Array<string>;
};
export type OpenAiError = {
    error: {
        message: string;
        type: string;
        param?: string | null;
        code: string;
    };
};
export type OpenAiModel = {
    id: string;
    object: 'model';
    created: number;
    owned_by: string;
    name?: string;
    description?: string;
    kind?: 'agent' | 'workflow';
};
export type OpenAiModelList = {
    object: 'list';
    data: Array<OpenAiModel>;
};
/**
 * OpenAI's request. Sampling parameters (temperature, max_tokens…) are accepted and ignored: the agent's settings apply. `tools`, `n` > 1, non-text content parts and non-text response formats are 400 `unsupported_parameter`.
 */
export type ChatCompletionRequest = {
    /**
     * an id from GET /v1/models
     */
    model: string;
    messages: Array<{
        role: 'system' | 'developer' | 'user' | 'assistant';
        /**
         * a string, or a list of `{type: text, text}` parts
         */
        content?: unknown;
    }>;
    stream?: boolean;
    stream_options?: {
        include_usage?: boolean;
    };
    /**
     * platform extension: continue this conversation
     */
    conversation_id?: string;
};
export type ChatCompletion = {
    id: string;
    object: 'chat.completion';
    created: number;
    model: string;
    choices: Array<{
        index?: number;
        finish_reason?: 'stop' | 'length';
        message?: {
            role?: 'assistant';
            content?: string;
            /**
             * tool steps and the model's reasoning, as text
             */
            reasoning_content?: string | null;
            /**
             * tool steps and the model's reasoning, as text
             */
            reasoning?: string | null;
        };
    }>;
    usage: OpenAiUsage;
};
/**
 * One `data:` line of a stream; the stream ends with `data: [DONE]`.
 */
export type ChatCompletionChunk = {
    id: string;
    object: 'chat.completion.chunk';
    created: number;
    model: string;
    choices: Array<{
        index?: number;
        finish_reason?: string | null;
        delta?: {
            role?: string;
            content?: string;
            reasoning_content?: string;
            reasoning?: string;
        };
    }>;
    usage?: OpenAiUsage;
};
export type OpenAiUsage = {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
    /**
     * list price; absent when the model has none
     */
    cost_usd?: number;
};
/**
 * Field errors: `{field: [message, …]}`
 */
export type ValidationErrors = {
    [key: string]: Array<string>;
};
/**
 * The platform's error body
 */
export type Error = {
    error: ErrorBody;
    /**
     * DRF's message, kept for older clients
     */
    detail?: string;
};
export type AgentWritable = {
    id: string;
    version: number;
    name: string;
    emoji: string;
    description: string;
    starters: Array<string>;
    instructions: string;
    provider: string;
    model: string;
    temperature: number | null;
    tools: Array<string>;
    knowledge: Array<string>;
    tool_mode: string;
    max_iterations: number | null;
    agents: Array<string>;
    visibility: string;
    created_at: string;
    updated_at: string;
};
export type AgentPageWritable = {
    results: Array<AgentWritable>;
    next: string | null;
};
export type ConversationExportWritable = {
    conversation: Conversation;
    messages: Array<MessageWritable>;
};
export type EmbedWritable = {
    id: number;
    name: string;
    /**
     * public: it is in the host page
     */
    token: string;
    agent: string;
    allowed_origins: Array<string>;
    greeting: string;
    theme_color: string;
    visitor_requests_per_minute: number;
    ip_requests_per_minute: number;
    daily_token_budget: number | null;
    enabled: boolean;
    /**
     * to pass your site's users through: user_hash = HMAC-SHA256(identity_secret, user_id), hex
     */
    identity_secret: string;
    created_at: string;
};
export type FeedbackWritable = {
    rating: RatingEnum | NullEnum | null;
    comment?: string;
};
export type LoginWritable = {
    username: string;
    password: string;
};
export type MessageWritable = {
    id: string;
    role: RoleEnum;
    content: string;
    reasoning?: string;
    /**
     * an answer's status: succeeded, failed, cancelled
     */
    status?: string | null;
    error?: ErrorBody | null;
    created_at: string;
    run_id?: string | null;
    usage?: RunUsage | null;
    model?: string | null;
    /**
     * in a conversation with branches: the other versions of this message; null when it has none
     */
    alternatives?: Alternatives | null;
    /**
     * an answer's thumbs up or down
     */
    feedback?: FeedbackWritable | null;
};
export type MessagePageWritable = {
    results: Array<MessageWritable>;
    /**
     * the previous (older) page, or null
     */
    next: string | null;
};
export type SignupWritable = {
    username: string;
    password: string;
    email?: string | string;
};
export type SnippetWritable = {
    id: number;
    title: string;
    description: string;
    code: string;
    language: string;
    tags: Array<string>;
    shared: boolean;
    owner: string;
    created_at: string;
    updated_at: string;
};
export type SnippetPageWritable = {
    results: Array<SnippetWritable>;
    next: string | null;
};
export type WorkflowWritable = {
    id: number;
    name: string;
    description: string;
    version: number;
    shared: boolean;
    owner: string;
    created_at: string;
    updated_at: string;
};
export type WorkflowDetailWritable = {
    id: number;
    name: string;
    description: string;
    version: number;
    shared: boolean;
    owner: string;
    created_at: string;
    updated_at: string;
    schema: unknown;
};
/**
 * A page of Workflow objects.
 */
export type WorkflowPageWritable = {
    results: Array<WorkflowWritable>;
    next: string | null;
};
/**
 * The answer once its run has ended
 */
export type ChatResultWritable = {
    conversation_id: string;
    run_id: string;
    status: 'succeeded' | 'cancelled';
    message: MessageWritable;
    usage: RunUsage;
};
export type AgentsListData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/agents';
};
export type AgentsListErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AgentsListError = AgentsListErrors[keyof AgentsListErrors];
export type AgentsListResponses = {
    200: AgentPage;
};
export type AgentsListResponse = AgentsListResponses[keyof AgentsListResponses];
export type AgentsCreateData = {
    body: AgentInput;
    path?: never;
    query?: never;
    url: '/api/agents';
};
export type AgentsCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AgentsCreateError = AgentsCreateErrors[keyof AgentsCreateErrors];
export type AgentsCreateResponses = {
    201: Agent;
};
export type AgentsCreateResponse = AgentsCreateResponses[keyof AgentsCreateResponses];
export type AgentsDestroyData = {
    body?: never;
    path: {
        agent_id: string;
    };
    query?: never;
    url: '/api/agents/{agent_id}';
};
export type AgentsDestroyErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AgentsDestroyError = AgentsDestroyErrors[keyof AgentsDestroyErrors];
export type AgentsDestroyResponses = {
    /**
     * No response body
     */
    204: void;
};
export type AgentsDestroyResponse = AgentsDestroyResponses[keyof AgentsDestroyResponses];
export type AgentsRetrieveData = {
    body?: never;
    path: {
        agent_id: string;
    };
    query?: never;
    url: '/api/agents/{agent_id}';
};
export type AgentsRetrieveErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AgentsRetrieveError = AgentsRetrieveErrors[keyof AgentsRetrieveErrors];
export type AgentsRetrieveResponses = {
    200: Agent;
};
export type AgentsRetrieveResponse = AgentsRetrieveResponses[keyof AgentsRetrieveResponses];
export type AgentsPartialUpdateData = {
    body?: PatchedAgentInput;
    path: {
        agent_id: string;
    };
    query?: never;
    url: '/api/agents/{agent_id}';
};
export type AgentsPartialUpdateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AgentsPartialUpdateError = AgentsPartialUpdateErrors[keyof AgentsPartialUpdateErrors];
export type AgentsPartialUpdateResponses = {
    200: Agent;
};
export type AgentsPartialUpdateResponse = AgentsPartialUpdateResponses[keyof AgentsPartialUpdateResponses];
export type AuthLoginCreateData = {
    body: LoginWritable;
    path?: never;
    query?: never;
    url: '/api/auth/login';
};
export type AuthLoginCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
};
export type AuthLoginCreateError = AuthLoginCreateErrors[keyof AuthLoginCreateErrors];
export type AuthLoginCreateResponses = {
    200: TokenResponse;
};
export type AuthLoginCreateResponse = AuthLoginCreateResponses[keyof AuthLoginCreateResponses];
export type AuthLogoutCreateData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/auth/logout';
};
export type AuthLogoutCreateErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AuthLogoutCreateError = AuthLogoutCreateErrors[keyof AuthLogoutCreateErrors];
export type AuthLogoutCreateResponses = {
    /**
     * No response body
     */
    204: void;
};
export type AuthLogoutCreateResponse = AuthLogoutCreateResponses[keyof AuthLogoutCreateResponses];
export type AuthLogoutAllCreateData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/auth/logout-all';
};
export type AuthLogoutAllCreateErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AuthLogoutAllCreateError = AuthLogoutAllCreateErrors[keyof AuthLogoutAllCreateErrors];
export type AuthLogoutAllCreateResponses = {
    /**
     * No response body
     */
    204: void;
};
export type AuthLogoutAllCreateResponse = AuthLogoutAllCreateResponses[keyof AuthLogoutAllCreateResponses];
export type AuthMeRetrieveData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/auth/me';
};
export type AuthMeRetrieveErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type AuthMeRetrieveError = AuthMeRetrieveErrors[keyof AuthMeRetrieveErrors];
export type AuthMeRetrieveResponses = {
    200: Me;
};
export type AuthMeRetrieveResponse = AuthMeRetrieveResponses[keyof AuthMeRetrieveResponses];
export type AuthSignupCreateData = {
    body: SignupWritable;
    path?: never;
    query?: never;
    url: '/api/auth/signup';
};
export type AuthSignupCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
};
export type AuthSignupCreateError = AuthSignupCreateErrors[keyof AuthSignupCreateErrors];
export type AuthSignupCreateResponses = {
    201: TokenResponse;
};
export type AuthSignupCreateResponse = AuthSignupCreateResponses[keyof AuthSignupCreateResponses];
export type ConversationsListData = {
    body?: never;
    path?: never;
    query?: {
        /**
         * true: the archived ones instead (default false)
         */
        archived?: boolean;
        /**
         * `updated_at` of the last conversation seen (from `next`)
         */
        before?: string;
        /**
         * page size, 1 to 100 (default 50)
         */
        limit?: number;
        /**
         * true: only pinned ones; false: only unpinned ones
         */
        pinned?: boolean;
        /**
         * only those whose title or messages contain this (any case)
         */
        q?: string;
    };
    url: '/api/conversations';
};
export type ConversationsListErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsListError = ConversationsListErrors[keyof ConversationsListErrors];
export type ConversationsListResponses = {
    200: ConversationPage;
};
export type ConversationsListResponse = ConversationsListResponses[keyof ConversationsListResponses];
export type ConversationsCreateData = {
    body?: ConversationCreate;
    path?: never;
    query?: never;
    url: '/api/conversations';
};
export type ConversationsCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsCreateError = ConversationsCreateErrors[keyof ConversationsCreateErrors];
export type ConversationsCreateResponses = {
    201: Conversation;
};
export type ConversationsCreateResponse = ConversationsCreateResponses[keyof ConversationsCreateResponses];
export type ConversationsDestroyData = {
    body?: never;
    path: {
        conversation_id: string;
    };
    query?: never;
    url: '/api/conversations/{conversation_id}';
};
export type ConversationsDestroyErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsDestroyError = ConversationsDestroyErrors[keyof ConversationsDestroyErrors];
export type ConversationsDestroyResponses = {
    /**
     * No response body
     */
    204: void;
};
export type ConversationsDestroyResponse = ConversationsDestroyResponses[keyof ConversationsDestroyResponses];
export type ConversationsRetrieveData = {
    body?: never;
    path: {
        conversation_id: string;
    };
    query?: never;
    url: '/api/conversations/{conversation_id}';
};
export type ConversationsRetrieveErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsRetrieveError = ConversationsRetrieveErrors[keyof ConversationsRetrieveErrors];
export type ConversationsRetrieveResponses = {
    200: Conversation;
};
export type ConversationsRetrieveResponse = ConversationsRetrieveResponses[keyof ConversationsRetrieveResponses];
export type ConversationsPartialUpdateData = {
    body?: PatchedConversationRename;
    path: {
        conversation_id: string;
    };
    query?: never;
    url: '/api/conversations/{conversation_id}';
};
export type ConversationsPartialUpdateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsPartialUpdateError = ConversationsPartialUpdateErrors[keyof ConversationsPartialUpdateErrors];
export type ConversationsPartialUpdateResponses = {
    200: Conversation;
};
export type ConversationsPartialUpdateResponse = ConversationsPartialUpdateResponses[keyof ConversationsPartialUpdateResponses];
export type ConversationsBranchSelectData = {
    body: BranchSelect;
    path: {
        conversation_id: string;
    };
    query?: never;
    url: '/api/conversations/{conversation_id}/branch';
};
export type ConversationsBranchSelectErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsBranchSelectError = ConversationsBranchSelectErrors[keyof ConversationsBranchSelectErrors];
export type ConversationsBranchSelectResponses = {
    200: Branch;
};
export type ConversationsBranchSelectResponse = ConversationsBranchSelectResponses[keyof ConversationsBranchSelectResponses];
export type ConversationsExportData = {
    body?: never;
    path: {
        conversation_id: string;
    };
    query?: {
        /**
         * default md
         */
        format?: 'json' | 'md';
    };
    url: '/api/conversations/{conversation_id}/export';
};
export type ConversationsExportErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsExportError = ConversationsExportErrors[keyof ConversationsExportErrors];
export type ConversationsExportResponses = {
    200: ConversationExport;
};
export type ConversationsExportResponse = ConversationsExportResponses[keyof ConversationsExportResponses];
export type ConversationsMessagesListData = {
    body?: never;
    path: {
        conversation_id: string;
    };
    query?: {
        /**
         * sequence number: the page ends just before it
         */
        before?: number;
        /**
         * page size, 1 to 100 (default 50)
         */
        limit?: number;
    };
    url: '/api/conversations/{conversation_id}/messages';
};
export type ConversationsMessagesListErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ConversationsMessagesListError = ConversationsMessagesListErrors[keyof ConversationsMessagesListErrors];
export type ConversationsMessagesListResponses = {
    200: MessagePage;
};
export type ConversationsMessagesListResponse = ConversationsMessagesListResponses[keyof ConversationsMessagesListResponses];
export type EmbedsListData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/embeds';
};
export type EmbedsListErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type EmbedsListError = EmbedsListErrors[keyof EmbedsListErrors];
export type EmbedsListResponses = {
    200: Array<Embed>;
};
export type EmbedsListResponse = EmbedsListResponses[keyof EmbedsListResponses];
export type EmbedsCreateData = {
    body: EmbedInput;
    path?: never;
    query?: never;
    url: '/api/embeds';
};
export type EmbedsCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type EmbedsCreateError = EmbedsCreateErrors[keyof EmbedsCreateErrors];
export type EmbedsCreateResponses = {
    201: Embed;
};
export type EmbedsCreateResponse = EmbedsCreateResponses[keyof EmbedsCreateResponses];
export type EmbedsDestroyData = {
    body?: never;
    path: {
        embed_id: number;
    };
    query?: never;
    url: '/api/embeds/{embed_id}';
};
export type EmbedsDestroyErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type EmbedsDestroyError = EmbedsDestroyErrors[keyof EmbedsDestroyErrors];
export type EmbedsDestroyResponses = {
    /**
     * No response body
     */
    204: void;
};
export type EmbedsDestroyResponse = EmbedsDestroyResponses[keyof EmbedsDestroyResponses];
export type EmbedsRetrieveData = {
    body?: never;
    path: {
        embed_id: number;
    };
    query?: never;
    url: '/api/embeds/{embed_id}';
};
export type EmbedsRetrieveErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type EmbedsRetrieveError = EmbedsRetrieveErrors[keyof EmbedsRetrieveErrors];
export type EmbedsRetrieveResponses = {
    200: Embed;
};
export type EmbedsRetrieveResponse = EmbedsRetrieveResponses[keyof EmbedsRetrieveResponses];
export type EmbedsUpdateData = {
    body?: PatchedEmbedInput;
    path: {
        embed_id: number;
    };
    query?: never;
    url: '/api/embeds/{embed_id}';
};
export type EmbedsUpdateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type EmbedsUpdateError = EmbedsUpdateErrors[keyof EmbedsUpdateErrors];
export type EmbedsUpdateResponses = {
    200: Embed;
};
export type EmbedsUpdateResponse = EmbedsUpdateResponses[keyof EmbedsUpdateResponses];
export type KeysListData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/keys';
};
export type KeysListErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type KeysListError = KeysListErrors[keyof KeysListErrors];
export type KeysListResponses = {
    200: Array<Key>;
};
export type KeysListResponse = KeysListResponses[keyof KeysListResponses];
export type KeysCreateData = {
    body: KeyCreate;
    path?: never;
    query?: never;
    url: '/api/keys';
};
export type KeysCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type KeysCreateError = KeysCreateErrors[keyof KeysCreateErrors];
export type KeysCreateResponses = {
    201: CreatedKey;
};
export type KeysCreateResponse = KeysCreateResponses[keyof KeysCreateResponses];
export type KeysRevokeData = {
    body?: never;
    path: {
        key_id: number;
    };
    query?: never;
    url: '/api/keys/{key_id}';
};
export type KeysRevokeErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type KeysRevokeError = KeysRevokeErrors[keyof KeysRevokeErrors];
export type KeysRevokeResponses = {
    /**
     * No response body
     */
    204: void;
};
export type KeysRevokeResponse = KeysRevokeResponses[keyof KeysRevokeResponses];
export type KeysRetrieveData = {
    body?: never;
    path: {
        key_id: number;
    };
    query?: never;
    url: '/api/keys/{key_id}';
};
export type KeysRetrieveErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type KeysRetrieveError = KeysRetrieveErrors[keyof KeysRetrieveErrors];
export type KeysRetrieveResponses = {
    200: Key;
};
export type KeysRetrieveResponse = KeysRetrieveResponses[keyof KeysRetrieveResponses];
export type KeysUsageData = {
    body?: never;
    path: {
        key_id: number;
    };
    query?: {
        /**
         * default: the first of this month
         */
        from?: string;
        /**
         * default: today
         */
        to?: string;
    };
    url: '/api/keys/{key_id}/usage';
};
export type KeysUsageErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type KeysUsageError = KeysUsageErrors[keyof KeysUsageErrors];
export type KeysUsageResponses = {
    200: KeyUsage;
};
export type KeysUsageResponse = KeysUsageResponses[keyof KeysUsageResponses];
export type MessagesFeedbackSetData = {
    body: FeedbackWritable;
    path: {
        message_id: string;
    };
    query?: never;
    url: '/api/messages/{message_id}/feedback';
};
export type MessagesFeedbackSetErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type MessagesFeedbackSetError = MessagesFeedbackSetErrors[keyof MessagesFeedbackSetErrors];
export type MessagesFeedbackSetResponses = {
    200: Feedback;
};
export type MessagesFeedbackSetResponse = MessagesFeedbackSetResponses[keyof MessagesFeedbackSetResponses];
export type ProvidersListData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/providers';
};
export type ProvidersListErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ProvidersListError = ProvidersListErrors[keyof ProvidersListErrors];
export type ProvidersListResponses = {
    200: Array<ProviderOut>;
};
export type ProvidersListResponse = ProvidersListResponses[keyof ProvidersListResponses];
export type RunsRetrieveData = {
    body?: never;
    path: {
        run_id: string;
    };
    query?: never;
    url: '/api/runs/{run_id}';
};
export type RunsRetrieveErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type RunsRetrieveError = RunsRetrieveErrors[keyof RunsRetrieveErrors];
export type RunsRetrieveResponses = {
    200: Run;
};
export type RunsRetrieveResponse = RunsRetrieveResponses[keyof RunsRetrieveResponses];
export type RunsCancelCreateData = {
    body?: never;
    path: {
        run_id: string;
    };
    query?: never;
    url: '/api/runs/{run_id}/cancel';
};
export type RunsCancelCreateErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type RunsCancelCreateError = RunsCancelCreateErrors[keyof RunsCancelCreateErrors];
export type RunsCancelCreateResponses = {
    202: CancelAccepted;
};
export type RunsCancelCreateResponse = RunsCancelCreateResponses[keyof RunsCancelCreateResponses];
export type SandboxFileData = {
    body?: never;
    path: {
        file_id: string;
    };
    query?: never;
    url: '/api/sandbox/files/{file_id}';
};
export type SandboxFileErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SandboxFileError = SandboxFileErrors[keyof SandboxFileErrors];
export type SandboxFileResponses = {
    200: Blob | File;
};
export type SandboxFileResponse = SandboxFileResponses[keyof SandboxFileResponses];
export type SnippetsListData = {
    body?: never;
    path?: never;
    query?: {
        /**
         * from `next`
         */
        cursor?: string;
        language?: string;
        /**
         * page size, at most 100
         */
        limit?: number;
        q?: string;
        /**
         * mine: your own; shared: shared by others
         *
         * * `all` - all
         * * `mine` - mine
         * * `shared` - shared
         */
        scope?: 'all' | 'mine' | 'shared';
        /**
         * only those with this tag
         */
        tag?: string;
    };
    url: '/api/snippets';
};
export type SnippetsListErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SnippetsListError = SnippetsListErrors[keyof SnippetsListErrors];
export type SnippetsListResponses = {
    200: SnippetPage;
};
export type SnippetsListResponse = SnippetsListResponses[keyof SnippetsListResponses];
export type SnippetsCreateData = {
    body: SnippetInput;
    path?: never;
    query?: never;
    url: '/api/snippets';
};
export type SnippetsCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SnippetsCreateError = SnippetsCreateErrors[keyof SnippetsCreateErrors];
export type SnippetsCreateResponses = {
    201: Snippet;
};
export type SnippetsCreateResponse = SnippetsCreateResponses[keyof SnippetsCreateResponses];
export type SnippetsDestroyData = {
    body?: never;
    path: {
        snippet_id: number;
    };
    query?: never;
    url: '/api/snippets/{snippet_id}';
};
export type SnippetsDestroyErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SnippetsDestroyError = SnippetsDestroyErrors[keyof SnippetsDestroyErrors];
export type SnippetsDestroyResponses = {
    /**
     * No response body
     */
    204: void;
};
export type SnippetsDestroyResponse = SnippetsDestroyResponses[keyof SnippetsDestroyResponses];
export type SnippetsRetrieveData = {
    body?: never;
    path: {
        snippet_id: number;
    };
    query?: never;
    url: '/api/snippets/{snippet_id}';
};
export type SnippetsRetrieveErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SnippetsRetrieveError = SnippetsRetrieveErrors[keyof SnippetsRetrieveErrors];
export type SnippetsRetrieveResponses = {
    200: Snippet;
};
export type SnippetsRetrieveResponse = SnippetsRetrieveResponses[keyof SnippetsRetrieveResponses];
export type SnippetsPartialUpdateData = {
    body?: PatchedSnippetInput;
    path: {
        snippet_id: number;
    };
    query?: never;
    url: '/api/snippets/{snippet_id}';
};
export type SnippetsPartialUpdateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SnippetsPartialUpdateError = SnippetsPartialUpdateErrors[keyof SnippetsPartialUpdateErrors];
export type SnippetsPartialUpdateResponses = {
    200: Snippet;
};
export type SnippetsPartialUpdateResponse = SnippetsPartialUpdateResponses[keyof SnippetsPartialUpdateResponses];
export type SnippetsSearchData = {
    body?: never;
    path?: never;
    query: {
        k?: number;
        language?: string;
        q: string;
        /**
         * mine: your own; shared: shared by others
         *
         * * `all` - all
         * * `mine` - mine
         * * `shared` - shared
         */
        scope?: 'all' | 'mine' | 'shared';
        /**
         * only those with this tag
         */
        tag?: string;
    };
    url: '/api/snippets/search';
};
export type SnippetsSearchErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SnippetsSearchError = SnippetsSearchErrors[keyof SnippetsSearchErrors];
export type SnippetsSearchResponses = {
    200: Array<SnippetHit>;
};
export type SnippetsSearchResponse = SnippetsSearchResponses[keyof SnippetsSearchResponses];
export type TaskCancelData = {
    body: TaskCancelInput;
    path?: never;
    query?: never;
    url: '/api/task/cancel';
};
export type TaskCancelErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type TaskCancelError = TaskCancelErrors[keyof TaskCancelErrors];
export type TaskCancelResponses = {
    200: TaskCancelOutput;
};
export type TaskCancelResponse = TaskCancelResponses[keyof TaskCancelResponses];
export type TaskReportData = {
    body?: never;
    path?: never;
    query: {
        taskID: string;
    };
    url: '/api/task/report';
};
export type TaskReportErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type TaskReportError = TaskReportErrors[keyof TaskReportErrors];
export type TaskReportResponses = {
    200: {
        [key: string]: unknown;
    };
};
export type TaskReportResponse = TaskReportResponses[keyof TaskReportResponses];
export type TaskResultData = {
    body?: never;
    path?: never;
    query: {
        taskID: string;
    };
    url: '/api/task/result';
};
export type TaskResultErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type TaskResultError = TaskResultErrors[keyof TaskResultErrors];
export type TaskResultResponses = {
    200: {
        [key: string]: unknown;
    };
};
export type TaskResultResponse = TaskResultResponses[keyof TaskResultResponses];
export type TaskRunData = {
    body: TaskRunInput;
    path?: never;
    query?: never;
    url: '/api/task/run';
};
export type TaskRunErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type TaskRunError = TaskRunErrors[keyof TaskRunErrors];
export type TaskRunResponses = {
    200: TaskRunOutput;
};
export type TaskRunResponse = TaskRunResponses[keyof TaskRunResponses];
export type TaskValidateData = {
    body: TaskRunInput;
    path?: never;
    query?: never;
    url: '/api/task/validate';
};
export type TaskValidateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type TaskValidateError = TaskValidateErrors[keyof TaskValidateErrors];
export type TaskValidateResponses = {
    200: TaskValidateOutput;
};
export type TaskValidateResponse = TaskValidateResponses[keyof TaskValidateResponses];
export type ToolsListData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/api/tools';
};
export type ToolsListErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type ToolsListError = ToolsListErrors[keyof ToolsListErrors];
export type ToolsListResponses = {
    200: Array<Tool>;
};
export type ToolsListResponse = ToolsListResponses[keyof ToolsListResponses];
export type UsageRetrieveData = {
    body?: never;
    path?: never;
    query?: {
        /**
         * first day (default: the first of this month)
         */
        from?: string;
        /**
         * last day, inclusive (default: today); at most a year
         */
        to?: string;
    };
    url: '/api/usage';
};
export type UsageRetrieveErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type UsageRetrieveError = UsageRetrieveErrors[keyof UsageRetrieveErrors];
export type UsageRetrieveResponses = {
    200: UsageReport;
};
export type UsageRetrieveResponse = UsageRetrieveResponses[keyof UsageRetrieveResponses];
export type UsageSummaryRetrieveData = {
    body?: never;
    path?: never;
    query?: {
        /**
         * first day (default: the first of this month)
         */
        from?: string;
        /**
         * last day, inclusive (default: today); at most a year
         */
        to?: string;
    };
    url: '/api/usage/summary';
};
export type UsageSummaryRetrieveErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type UsageSummaryRetrieveError = UsageSummaryRetrieveErrors[keyof UsageSummaryRetrieveErrors];
export type UsageSummaryRetrieveResponses = {
    200: UsageSummary;
};
export type UsageSummaryRetrieveResponse = UsageSummaryRetrieveResponses[keyof UsageSummaryRetrieveResponses];
export type WorkflowsListData = {
    body?: never;
    path?: never;
    query?: {
        cursor?: string;
        limit?: number;
        q?: string;
    };
    url: '/api/workflows';
};
export type WorkflowsListErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsListError = WorkflowsListErrors[keyof WorkflowsListErrors];
export type WorkflowsListResponses = {
    200: WorkflowPage;
};
export type WorkflowsListResponse = WorkflowsListResponses[keyof WorkflowsListResponses];
export type WorkflowsCreateData = {
    body: WorkflowInput;
    path?: never;
    query?: never;
    url: '/api/workflows';
};
export type WorkflowsCreateErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsCreateError = WorkflowsCreateErrors[keyof WorkflowsCreateErrors];
export type WorkflowsCreateResponses = {
    201: WorkflowDetail;
};
export type WorkflowsCreateResponse = WorkflowsCreateResponses[keyof WorkflowsCreateResponses];
export type WorkflowsDeleteData = {
    body?: never;
    path: {
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}';
};
export type WorkflowsDeleteErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsDeleteError = WorkflowsDeleteErrors[keyof WorkflowsDeleteErrors];
export type WorkflowsDeleteResponses = {
    /**
     * No response body
     */
    204: void;
};
export type WorkflowsDeleteResponse = WorkflowsDeleteResponses[keyof WorkflowsDeleteResponses];
export type WorkflowsReadData = {
    body?: never;
    path: {
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}';
};
export type WorkflowsReadErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsReadError = WorkflowsReadErrors[keyof WorkflowsReadErrors];
export type WorkflowsReadResponses = {
    200: WorkflowDetail;
};
export type WorkflowsReadResponse = WorkflowsReadResponses[keyof WorkflowsReadResponses];
export type WorkflowsChangeData = {
    body?: PatchedWorkflowChange;
    path: {
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}';
};
export type WorkflowsChangeErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsChangeError = WorkflowsChangeErrors[keyof WorkflowsChangeErrors];
export type WorkflowsChangeResponses = {
    200: WorkflowDetail;
};
export type WorkflowsChangeResponse = WorkflowsChangeResponses[keyof WorkflowsChangeResponses];
export type WorkflowsExportData = {
    body?: never;
    path: {
        workflow_id: number;
    };
    query?: {
        envelope?: boolean;
        version?: number;
    };
    url: '/api/workflows/{workflow_id}/export';
};
export type WorkflowsExportErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsExportError = WorkflowsExportErrors[keyof WorkflowsExportErrors];
export type WorkflowsExportResponses = {
    200: {
        [key: string]: unknown;
    };
};
export type WorkflowsExportResponse = WorkflowsExportResponses[keyof WorkflowsExportResponses];
export type WorkflowsRunsData = {
    body?: never;
    path: {
        workflow_id: number;
    };
    query?: {
        limit?: number;
    };
    url: '/api/workflows/{workflow_id}/runs';
};
export type WorkflowsRunsErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsRunsError = WorkflowsRunsErrors[keyof WorkflowsRunsErrors];
export type WorkflowsRunsResponses = {
    200: WorkflowRunPage;
};
export type WorkflowsRunsResponse = WorkflowsRunsResponses[keyof WorkflowsRunsResponses];
export type WorkflowsRunData = {
    body?: WorkflowRunInput;
    path: {
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}/runs';
};
export type WorkflowsRunErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsRunError = WorkflowsRunErrors[keyof WorkflowsRunErrors];
export type WorkflowsRunResponses = {
    202: RunStarted;
};
export type WorkflowsRunResponse = WorkflowsRunResponses[keyof WorkflowsRunResponses];
export type WorkflowsRunReadData = {
    body?: never;
    path: {
        run_id: string;
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}/runs/{run_id}';
};
export type WorkflowsRunReadErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsRunReadError = WorkflowsRunReadErrors[keyof WorkflowsRunReadErrors];
export type WorkflowsRunReadResponses = {
    200: WorkflowRunReport;
};
export type WorkflowsRunReadResponse = WorkflowsRunReadResponses[keyof WorkflowsRunReadResponses];
export type WorkflowsVersionsData = {
    body?: never;
    path: {
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}/versions';
};
export type WorkflowsVersionsErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsVersionsError = WorkflowsVersionsErrors[keyof WorkflowsVersionsErrors];
export type WorkflowsVersionsResponses = {
    200: WorkflowVersionPage;
};
export type WorkflowsVersionsResponse = WorkflowsVersionsResponses[keyof WorkflowsVersionsResponses];
export type WorkflowsVersionReadData = {
    body?: never;
    path: {
        version: number;
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}/versions/{version}';
};
export type WorkflowsVersionReadErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsVersionReadError = WorkflowsVersionReadErrors[keyof WorkflowsVersionReadErrors];
export type WorkflowsVersionReadResponses = {
    200: WorkflowVersionDetail;
};
export type WorkflowsVersionReadResponse = WorkflowsVersionReadResponses[keyof WorkflowsVersionReadResponses];
export type WorkflowsVersionRestoreData = {
    body?: never;
    path: {
        version: number;
        workflow_id: number;
    };
    query?: never;
    url: '/api/workflows/{workflow_id}/versions/{version}/restore';
};
export type WorkflowsVersionRestoreErrors = {
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Not found (another user's object is a 404 too)
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsVersionRestoreError = WorkflowsVersionRestoreErrors[keyof WorkflowsVersionRestoreErrors];
export type WorkflowsVersionRestoreResponses = {
    200: WorkflowDetail;
};
export type WorkflowsVersionRestoreResponse = WorkflowsVersionRestoreResponses[keyof WorkflowsVersionRestoreResponses];
export type WorkflowsImportData = {
    body?: {
        [key: string]: unknown;
    };
    path?: never;
    query?: {
        name?: string;
        shared?: boolean;
    };
    url: '/api/workflows/import';
};
export type WorkflowsImportErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * Not authenticated, or the token or key is invalid, expired or revoked
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type WorkflowsImportError = WorkflowsImportErrors[keyof WorkflowsImportErrors];
export type WorkflowsImportResponses = {
    201: WorkflowDetail;
};
export type WorkflowsImportResponse = WorkflowsImportResponses[keyof WorkflowsImportResponses];
export type ChatSyncData = {
    body: {
        conversation_id?: string | null;
        message: string;
        /**
         * a new conversation's agent (GET /api/agents); it keeps it
         */
        agent_id?: string | null;
        /**
         * a new conversation answered by this workflow
         */
        workflow_id?: number | null;
        /**
         * while the conversation's answer runs: reject (409, default), enqueue, interrupt
         */
        if_busy?: 'reject' | 'enqueue' | 'interrupt';
    };
    path?: never;
    query?: never;
    url: '/api/chat';
};
export type ChatSyncErrors = {
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    400: ValidationErrors | Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    409: unknown;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    429: Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    502: unknown;
};
export type ChatSyncError = ChatSyncErrors[keyof ChatSyncErrors];
export type ChatSyncResponses = {
    /**
     * The answer once the run ends
     */
    200: ChatResult;
};
export type ChatSyncResponse = ChatSyncResponses[keyof ChatSyncResponses];
export type ChatStreamData = {
    body: {
        conversation_id?: string | null;
        message: string;
        /**
         * a new conversation's agent (GET /api/agents); it keeps it
         */
        agent_id?: string | null;
        /**
         * a new conversation answered by this workflow
         */
        workflow_id?: number | null;
        /**
         * while the conversation's answer runs: reject (409, default), enqueue, interrupt
         */
        if_busy?: 'reject' | 'enqueue' | 'interrupt';
    };
    path?: never;
    query?: {
        format?: 'native' | 'genos' | 'spotlight';
    };
    url: '/api/chat/stream';
};
export type ChatStreamErrors = {
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    400: ValidationErrors | Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    409: unknown;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    429: Error;
};
export type ChatStreamError = ChatStreamErrors[keyof ChatStreamErrors];
export type ChatStreamResponses = {
    /**
     * `id:` / `event:` / `data:` records; data per `RunEvent`
     */
    200: string;
};
export type ChatStreamResponse = ChatStreamResponses[keyof ChatStreamResponses];
export type RunEventsData = {
    body?: never;
    headers?: {
        'Last-Event-ID'?: string;
    };
    path: {
        run_id: string;
    };
    query?: {
        after?: string;
        format?: 'native' | 'genos' | 'spotlight';
    };
    url: '/api/runs/{run_id}/events';
};
export type RunEventsErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    404: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type RunEventsError = RunEventsErrors[keyof RunEventsErrors];
export type RunEventsResponses = {
    /**
     * `id:` / `event:` / `data:` records; data per `RunEvent`
     */
    200: string;
};
export type RunEventsResponse = RunEventsResponses[keyof RunEventsResponses];
export type GenosChatStreamData = {
    body: {
        question: string;
        chatId?: string;
    };
    path?: never;
    query?: never;
    url: '/chat/stream';
};
export type GenosChatStreamErrors = {
    /**
     * Bad input: field errors (DRF style) or an error code
     */
    400: ValidationErrors | Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    404: unknown;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    409: unknown;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type GenosChatStreamError = GenosChatStreamErrors[keyof GenosChatStreamErrors];
export type GenosChatStreamResponses = {
    /**
     * `id:` / `event:` / `data:` records; data per `RunEvent`
     */
    200: string;
};
export type GenosChatStreamResponse = GenosChatStreamResponses[keyof GenosChatStreamResponses];
export type HealthData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/health';
};
export type HealthErrors = {
    /**
     * the failing checks named in `failed`
     */
    503: Health;
};
export type HealthError = HealthErrors[keyof HealthErrors];
export type HealthResponses = {
    /**
     * every check ok
     */
    200: Health;
};
export type HealthResponse = HealthResponses[keyof HealthResponses];
export type MetricsData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/metrics';
};
export type MetricsErrors = {
    /**
     * not allowed
     */
    404: unknown;
};
export type MetricsResponses = {
    /**
     * Prometheus text format
     */
    200: unknown;
};
export type OpenaiModelsListData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/v1/models';
};
export type OpenaiModelsListErrors = {
    /**
     * no or a bad key (`invalid_api_key`, `not_authenticated`)
     */
    401: OpenAiError;
    /**
     * the key lacks the scope (`insufficient_scope`)
     */
    403: OpenAiError;
    /**
     * rate limited or over budget; see `Retry-After`
     */
    429: OpenAiError;
};
export type OpenaiModelsListError = OpenaiModelsListErrors[keyof OpenaiModelsListErrors];
export type OpenaiModelsListResponses = {
    /**
     * the models
     */
    200: OpenAiModelList;
};
export type OpenaiModelsListResponse = OpenaiModelsListResponses[keyof OpenaiModelsListResponses];
export type OpenaiModelsRetrieveData = {
    body?: never;
    path: {
        model_id: string;
    };
    query?: never;
    url: '/v1/models/{model_id}';
};
export type OpenaiModelsRetrieveErrors = {
    /**
     * no or a bad key (`invalid_api_key`, `not_authenticated`)
     */
    401: OpenAiError;
    /**
     * the key lacks the scope (`insufficient_scope`)
     */
    403: OpenAiError;
    /**
     * `model_not_found`
     */
    404: OpenAiError;
    /**
     * rate limited or over budget; see `Retry-After`
     */
    429: OpenAiError;
};
export type OpenaiModelsRetrieveError = OpenaiModelsRetrieveErrors[keyof OpenaiModelsRetrieveErrors];
export type OpenaiModelsRetrieveResponses = {
    /**
     * the model
     */
    200: OpenAiModel;
};
export type OpenaiModelsRetrieveResponse = OpenaiModelsRetrieveResponses[keyof OpenaiModelsRetrieveResponses];
export type OpenaiChatCompletionsData = {
    body: ChatCompletionRequest;
    path?: never;
    query?: never;
    url: '/v1/chat/completions';
};
export type OpenaiChatCompletionsErrors = {
    /**
     * bad or unsupported parameter (`param` names it)
     */
    400: OpenAiError;
    /**
     * no or a bad key (`invalid_api_key`, `not_authenticated`)
     */
    401: OpenAiError;
    /**
     * the key lacks the scope (`insufficient_scope`)
     */
    403: OpenAiError;
    /**
     * `model_not_found`, or a `conversation_id` that is not yours
     */
    404: OpenAiError;
    /**
     * `conversation_busy`
     */
    409: OpenAiError;
    /**
     * rate limited or over budget; see `Retry-After`
     */
    429: OpenAiError;
    /**
     * the model failed (`llm_*`)
     */
    502: OpenAiError;
};
export type OpenaiChatCompletionsError = OpenaiChatCompletionsErrors[keyof OpenaiChatCompletionsErrors];
export type OpenaiChatCompletionsResponses = {
    /**
     * `chat.completion`, or with `stream: true` server-sent `chat.completion.chunk`s
     */
    200: ChatCompletion;
};
export type OpenaiChatCompletionsResponse = OpenaiChatCompletionsResponses[keyof OpenaiChatCompletionsResponses];
export type SpotlightRunWorkflowData = {
    body: {
        task_meta: {
            /**
             * a stored workflow's id, or agent_chat
             */
            workflow_id: string;
            trace_id?: string;
            /**
             * a label only
             */
            user_id?: string;
        };
        input?: {
            messages?: Array<{
                [key: string]: unknown;
            }>;
            variables?: {
                [key: string]: unknown;
            };
        };
        runtime_config?: {
            model?: {
                model_name?: string;
                base_url?: string;
                api_key?: string;
                temperature?: number;
                max_tokens?: number;
            };
            tools?: Array<{
                [key: string]: unknown;
            }>;
            vault?: {
                [key: string]: string;
            };
        };
    };
    path?: never;
    query?: never;
    url: '/v1/run_workflow';
};
export type SpotlightRunWorkflowErrors = {
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    400: ValidationErrors | Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    404: unknown;
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    429: Error;
};
export type SpotlightRunWorkflowError = SpotlightRunWorkflowErrors[keyof SpotlightRunWorkflowErrors];
export type SpotlightRunWorkflowResponses = {
    /**
     * tool_thinking, tool_start, tool_result, message_chunk, error, done
     */
    200: string;
};
export type SpotlightRunWorkflowResponse = SpotlightRunWorkflowResponses[keyof SpotlightRunWorkflowResponses];
export type SpotlightServiceInfoData = {
    body?: never;
    path?: never;
    query?: never;
    url: '/v1/workflows';
};
export type SpotlightServiceInfoErrors = {
    /**
     * `{error: {code, message}}` — see docs/events.md for the codes
     */
    401: Error;
    /**
     * The API key lacks the scope this route needs (`insufficient_scope`)
     */
    403: Error;
    /**
     * Rate limited (`rate_limited`, `budget_exceeded`); see `Retry-After`
     */
    429: Error;
};
export type SpotlightServiceInfoError = SpotlightServiceInfoErrors[keyof SpotlightServiceInfoErrors];
export type SpotlightServiceInfoResponses = {
    /**
     * `{service, version, status, workflows: [{id, name, description}]}`
     */
    200: unknown;
};
