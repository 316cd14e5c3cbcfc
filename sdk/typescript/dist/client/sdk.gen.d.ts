import type { Client, Options as Options2, TDataShape } from './client/index.js';
import type { AgentsCreateData, AgentsCreateErrors, AgentsCreateResponses, AgentsDestroyData, AgentsDestroyErrors, AgentsDestroyResponses, AgentsListData, AgentsListErrors, AgentsListResponses, AgentsPartialUpdateData, AgentsPartialUpdateErrors, AgentsPartialUpdateResponses, AgentsRetrieveData, AgentsRetrieveErrors, AgentsRetrieveResponses, AuthLoginCreateData, AuthLoginCreateErrors, AuthLoginCreateResponses, AuthLogoutAllCreateData, AuthLogoutAllCreateErrors, AuthLogoutAllCreateResponses, AuthLogoutCreateData, AuthLogoutCreateErrors, AuthLogoutCreateResponses, AuthMeRetrieveData, AuthMeRetrieveErrors, AuthMeRetrieveResponses, AuthSignupCreateData, AuthSignupCreateErrors, AuthSignupCreateResponses, ChatStreamData, ChatStreamErrors, ChatStreamResponse, ChatStreamResponses, ChatSyncData, ChatSyncErrors, ChatSyncResponses, ConversationsBranchSelectData, ConversationsBranchSelectErrors, ConversationsBranchSelectResponses, ConversationsCreateData, ConversationsCreateErrors, ConversationsCreateResponses, ConversationsDestroyData, ConversationsDestroyErrors, ConversationsDestroyResponses, ConversationsExportData, ConversationsExportErrors, ConversationsExportResponses, ConversationsListData, ConversationsListErrors, ConversationsListResponses, ConversationsMessagesListData, ConversationsMessagesListErrors, ConversationsMessagesListResponses, ConversationsPartialUpdateData, ConversationsPartialUpdateErrors, ConversationsPartialUpdateResponses, ConversationsRetrieveData, ConversationsRetrieveErrors, ConversationsRetrieveResponses, EmbedsCreateData, EmbedsCreateErrors, EmbedsCreateResponses, EmbedsDestroyData, EmbedsDestroyErrors, EmbedsDestroyResponses, EmbedsListData, EmbedsListErrors, EmbedsListResponses, EmbedsRetrieveData, EmbedsRetrieveErrors, EmbedsRetrieveResponses, EmbedsUpdateData, EmbedsUpdateErrors, EmbedsUpdateResponses, GenosChatStreamData, GenosChatStreamErrors, GenosChatStreamResponse, GenosChatStreamResponses, HealthData, HealthErrors, HealthResponses, KeysCreateData, KeysCreateErrors, KeysCreateResponses, KeysListData, KeysListErrors, KeysListResponses, KeysRetrieveData, KeysRetrieveErrors, KeysRetrieveResponses, KeysRevokeData, KeysRevokeErrors, KeysRevokeResponses, KeysUsageData, KeysUsageErrors, KeysUsageResponses, MessagesFeedbackSetData, MessagesFeedbackSetErrors, MessagesFeedbackSetResponses, MetricsData, MetricsErrors, MetricsResponses, OpenaiChatCompletionsData, OpenaiChatCompletionsErrors, OpenaiChatCompletionsResponses, OpenaiModelsListData, OpenaiModelsListErrors, OpenaiModelsListResponses, OpenaiModelsRetrieveData, OpenaiModelsRetrieveErrors, OpenaiModelsRetrieveResponses, ProvidersListData, ProvidersListErrors, ProvidersListResponses, RunEventsData, RunEventsErrors, RunEventsResponse, RunEventsResponses, RunsCancelCreateData, RunsCancelCreateErrors, RunsCancelCreateResponses, RunsRetrieveData, RunsRetrieveErrors, RunsRetrieveResponses, SandboxFileData, SandboxFileErrors, SandboxFileResponses, SnippetsCreateData, SnippetsCreateErrors, SnippetsCreateResponses, SnippetsDestroyData, SnippetsDestroyErrors, SnippetsDestroyResponses, SnippetsListData, SnippetsListErrors, SnippetsListResponses, SnippetsPartialUpdateData, SnippetsPartialUpdateErrors, SnippetsPartialUpdateResponses, SnippetsRetrieveData, SnippetsRetrieveErrors, SnippetsRetrieveResponses, SnippetsSearchData, SnippetsSearchErrors, SnippetsSearchResponses, SpotlightRunWorkflowData, SpotlightRunWorkflowErrors, SpotlightRunWorkflowResponse, SpotlightRunWorkflowResponses, SpotlightServiceInfoData, SpotlightServiceInfoErrors, SpotlightServiceInfoResponses, TaskCancelData, TaskCancelErrors, TaskCancelResponses, TaskReportData, TaskReportErrors, TaskReportResponses, TaskResultData, TaskResultErrors, TaskResultResponses, TaskRunData, TaskRunErrors, TaskRunResponses, TaskValidateData, TaskValidateErrors, TaskValidateResponses, ToolsListData, ToolsListErrors, ToolsListResponses, UsageRetrieveData, UsageRetrieveErrors, UsageRetrieveResponses, UsageSummaryRetrieveData, UsageSummaryRetrieveErrors, UsageSummaryRetrieveResponses, WorkflowsChangeData, WorkflowsChangeErrors, WorkflowsChangeResponses, WorkflowsCreateData, WorkflowsCreateErrors, WorkflowsCreateResponses, WorkflowsDeleteData, WorkflowsDeleteErrors, WorkflowsDeleteResponses, WorkflowsExportData, WorkflowsExportErrors, WorkflowsExportResponses, WorkflowsImportData, WorkflowsImportErrors, WorkflowsImportResponses, WorkflowsListData, WorkflowsListErrors, WorkflowsListResponses, WorkflowsReadData, WorkflowsReadErrors, WorkflowsReadResponses, WorkflowsRunData, WorkflowsRunErrors, WorkflowsRunReadData, WorkflowsRunReadErrors, WorkflowsRunReadResponses, WorkflowsRunResponses, WorkflowsRunsData, WorkflowsRunsErrors, WorkflowsRunsResponses, WorkflowsVersionReadData, WorkflowsVersionReadErrors, WorkflowsVersionReadResponses, WorkflowsVersionRestoreData, WorkflowsVersionRestoreErrors, WorkflowsVersionRestoreResponses, WorkflowsVersionsData, WorkflowsVersionsErrors, WorkflowsVersionsResponses } from './types.gen.js';
export type Options<TData extends TDataShape = TDataShape, ThrowOnError extends boolean = boolean, TResponse = unknown> = Options2<TData, ThrowOnError, TResponse> & {
    /**
     * You can provide a client instance returned by `createClient()` instead of
     * individual options. This might be also useful if you want to implement a
     * custom client.
     */
    client?: Client;
    /**
     * You can pass arbitrary values through the `meta` object. This can be
     * used to access values that aren't defined as part of the SDK function.
     */
    meta?: Record<string, unknown>;
};
/**
 * The agents you may pick: your own and the public ones, by name.
 */
export declare const agentsList: <ThrowOnError extends boolean = false>(options?: Options<AgentsListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AgentsListResponses, AgentsListErrors, ThrowOnError, "fields">;
export declare const agentsCreate: <ThrowOnError extends boolean = false>(options: Options<AgentsCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AgentsCreateResponses, AgentsCreateErrors, ThrowOnError, "fields">;
export declare const agentsDestroy: <ThrowOnError extends boolean = false>(options: Options<AgentsDestroyData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AgentsDestroyResponses, AgentsDestroyErrors, ThrowOnError, "fields">;
export declare const agentsRetrieve: <ThrowOnError extends boolean = false>(options: Options<AgentsRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AgentsRetrieveResponses, AgentsRetrieveErrors, ThrowOnError, "fields">;
export declare const agentsPartialUpdate: <ThrowOnError extends boolean = false>(options: Options<AgentsPartialUpdateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AgentsPartialUpdateResponses, AgentsPartialUpdateErrors, ThrowOnError, "fields">;
export declare const authLoginCreate: <ThrowOnError extends boolean = false>(options: Options<AuthLoginCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AuthLoginCreateResponses, AuthLoginCreateErrors, ThrowOnError, "fields">;
export declare const authLogoutCreate: <ThrowOnError extends boolean = false>(options?: Options<AuthLogoutCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AuthLogoutCreateResponses, AuthLogoutCreateErrors, ThrowOnError, "fields">;
export declare const authLogoutAllCreate: <ThrowOnError extends boolean = false>(options?: Options<AuthLogoutAllCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AuthLogoutAllCreateResponses, AuthLogoutAllCreateErrors, ThrowOnError, "fields">;
export declare const authMeRetrieve: <ThrowOnError extends boolean = false>(options?: Options<AuthMeRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AuthMeRetrieveResponses, AuthMeRetrieveErrors, ThrowOnError, "fields">;
export declare const authSignupCreate: <ThrowOnError extends boolean = false>(options: Options<AuthSignupCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<AuthSignupCreateResponses, AuthSignupCreateErrors, ThrowOnError, "fields">;
export declare const conversationsList: <ThrowOnError extends boolean = false>(options?: Options<ConversationsListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsListResponses, ConversationsListErrors, ThrowOnError, "fields">;
export declare const conversationsCreate: <ThrowOnError extends boolean = false>(options?: Options<ConversationsCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsCreateResponses, ConversationsCreateErrors, ThrowOnError, "fields">;
export declare const conversationsDestroy: <ThrowOnError extends boolean = false>(options: Options<ConversationsDestroyData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsDestroyResponses, ConversationsDestroyErrors, ThrowOnError, "fields">;
export declare const conversationsRetrieve: <ThrowOnError extends boolean = false>(options: Options<ConversationsRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsRetrieveResponses, ConversationsRetrieveErrors, ThrowOnError, "fields">;
export declare const conversationsPartialUpdate: <ThrowOnError extends boolean = false>(options: Options<ConversationsPartialUpdateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsPartialUpdateResponses, ConversationsPartialUpdateErrors, ThrowOnError, "fields">;
/**
 * Show the branch through a message (an alternative answer or an edited message): it continues with the newest message at each step below it.
 */
export declare const conversationsBranchSelect: <ThrowOnError extends boolean = false>(options: Options<ConversationsBranchSelectData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsBranchSelectResponses, ConversationsBranchSelectErrors, ThrowOnError, "fields">;
/**
 * The whole conversation as a download: Markdown (roles, times, answers as written) or JSON (the conversation and its messages as the API serializes them).
 */
export declare const conversationsExport: <ThrowOnError extends boolean = false>(options: Options<ConversationsExportData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsExportResponses, ConversationsExportErrors, ThrowOnError, "fields">;
export declare const conversationsMessagesList: <ThrowOnError extends boolean = false>(options: Options<ConversationsMessagesListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ConversationsMessagesListResponses, ConversationsMessagesListErrors, ThrowOnError, "fields">;
export declare const embedsList: <ThrowOnError extends boolean = false>(options?: Options<EmbedsListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<EmbedsListResponses, EmbedsListErrors, ThrowOnError, "fields">;
/**
 * Put your agent on a website: a chat widget
 */
export declare const embedsCreate: <ThrowOnError extends boolean = false>(options: Options<EmbedsCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<EmbedsCreateResponses, EmbedsCreateErrors, ThrowOnError, "fields">;
export declare const embedsDestroy: <ThrowOnError extends boolean = false>(options: Options<EmbedsDestroyData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<EmbedsDestroyResponses, EmbedsDestroyErrors, ThrowOnError, "fields">;
export declare const embedsRetrieve: <ThrowOnError extends boolean = false>(options: Options<EmbedsRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<EmbedsRetrieveResponses, EmbedsRetrieveErrors, ThrowOnError, "fields">;
export declare const embedsUpdate: <ThrowOnError extends boolean = false>(options: Options<EmbedsUpdateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<EmbedsUpdateResponses, EmbedsUpdateErrors, ThrowOnError, "fields">;
/**
 * Your API keys that are not revoked (expired ones say so), newest first
 */
export declare const keysList: <ThrowOnError extends boolean = false>(options?: Options<KeysListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<KeysListResponses, KeysListErrors, ThrowOnError, "fields">;
/**
 * Create a key; the answer holds its secret (`key`) this once
 */
export declare const keysCreate: <ThrowOnError extends boolean = false>(options: Options<KeysCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<KeysCreateResponses, KeysCreateErrors, ThrowOnError, "fields">;
/**
 * Revoke a key: requests with it fail from now on
 */
export declare const keysRevoke: <ThrowOnError extends boolean = false>(options: Options<KeysRevokeData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<KeysRevokeResponses, KeysRevokeErrors, ThrowOnError, "fields">;
export declare const keysRetrieve: <ThrowOnError extends boolean = false>(options: Options<KeysRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<KeysRetrieveResponses, KeysRetrieveErrors, ThrowOnError, "fields">;
/**
 * Tokens, cost and runs of one key per day
 */
export declare const keysUsage: <ThrowOnError extends boolean = false>(options: Options<KeysUsageData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<KeysUsageResponses, KeysUsageErrors, ThrowOnError, "fields">;
/**
 * Thumbs up or down on one of your answers, with an optional comment; rating null clears it.
 */
export declare const messagesFeedbackSet: <ThrowOnError extends boolean = false>(options: Options<MessagesFeedbackSetData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<MessagesFeedbackSetResponses, MessagesFeedbackSetErrors, ThrowOnError, "fields">;
export declare const providersList: <ThrowOnError extends boolean = false>(options?: Options<ProvidersListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ProvidersListResponses, ProvidersListErrors, ThrowOnError, "fields">;
export declare const runsRetrieve: <ThrowOnError extends boolean = false>(options: Options<RunsRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<RunsRetrieveResponses, RunsRetrieveErrors, ThrowOnError, "fields">;
export declare const runsCancelCreate: <ThrowOnError extends boolean = false>(options: Options<RunsCancelCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<RunsCancelCreateResponses, RunsCancelCreateErrors, ThrowOnError, "fields">;
/**
 * A file produced by `run_python` (a plot, a CSV). Only its owner may read it; anyone else gets 404. PNG, JPEG, GIF and WebP images are served inline; everything else as an attachment.
 */
export declare const sandboxFile: <ThrowOnError extends boolean = false>(options: Options<SandboxFileData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SandboxFileResponses, SandboxFileErrors, ThrowOnError, "fields">;
/**
 * Your own and shared snippets, newest first. `q` filters by substring; for ranked search use /api/snippets/search.
 */
export declare const snippetsList: <ThrowOnError extends boolean = false>(options?: Options<SnippetsListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SnippetsListResponses, SnippetsListErrors, ThrowOnError, "fields">;
/**
 * Save a snippet (private unless `shared`); its embedding is computed now.
 */
export declare const snippetsCreate: <ThrowOnError extends boolean = false>(options: Options<SnippetsCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SnippetsCreateResponses, SnippetsCreateErrors, ThrowOnError, "fields">;
export declare const snippetsDestroy: <ThrowOnError extends boolean = false>(options: Options<SnippetsDestroyData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SnippetsDestroyResponses, SnippetsDestroyErrors, ThrowOnError, "fields">;
export declare const snippetsRetrieve: <ThrowOnError extends boolean = false>(options: Options<SnippetsRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SnippetsRetrieveResponses, SnippetsRetrieveErrors, ThrowOnError, "fields">;
/**
 * Owner or staff. Re-embeds when title, description, language or tags change.
 */
export declare const snippetsPartialUpdate: <ThrowOnError extends boolean = false>(options: Options<SnippetsPartialUpdateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SnippetsPartialUpdateResponses, SnippetsPartialUpdateErrors, ThrowOnError, "fields">;
/**
 * Hybrid search (dense e5 embeddings + BM25, reciprocal-rank fusion) over your own and shared snippets; Korean and English.
 */
export declare const snippetsSearch: <ThrowOnError extends boolean = false>(options: Options<SnippetsSearchData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SnippetsSearchResponses, SnippetsSearchErrors, ThrowOnError, "fields">;
/**
 * Stop the task, LLM calls and HTTP requests in flight included; `success` is false when it had already ended.
 */
export declare const taskCancel: <ThrowOnError extends boolean = false>(options: Options<TaskCancelData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<TaskCancelResponses, TaskCancelErrors, ThrowOnError, "fields">;
/**
 * `{id, inputs, outputs, workflowStatus, reports, messages}`; live while the task runs.
 */
export declare const taskReport: <ThrowOnError extends boolean = false>(options: Options<TaskReportData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<TaskReportResponses, TaskReportErrors, ThrowOnError, "fields">;
/**
 * The workflow's outputs once the task has ended; `null` while it runs.
 */
export declare const taskResult: <ThrowOnError extends boolean = false>(options: Options<TaskResultData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<TaskResultResponses, TaskResultErrors, ThrowOnError, "fields">;
/**
 * Start a workflow task; 400 `invalid_request` with `errors` if it cannot run.
 */
export declare const taskRun: <ThrowOnError extends boolean = false>(options: Options<TaskRunData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<TaskRunResponses, TaskRunErrors, ThrowOnError, "fields">;
/**
 * FlowGram's validation rules plus reference, cycle and input checks; each error names its node.
 */
export declare const taskValidate: <ThrowOnError extends boolean = false>(options: Options<TaskValidateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<TaskValidateResponses, TaskValidateErrors, ThrowOnError, "fields">;
/**
 * Tools the agent may use for you
 */
export declare const toolsList: <ThrowOnError extends boolean = false>(options?: Options<ToolsListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ToolsListResponses, ToolsListErrors, ThrowOnError, "fields">;
export declare const usageRetrieve: <ThrowOnError extends boolean = false>(options?: Options<UsageRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<UsageRetrieveResponses, UsageRetrieveErrors, ThrowOnError, "fields">;
/**
 * Staff only: usage per user across the platform.
 */
export declare const usageSummaryRetrieve: <ThrowOnError extends boolean = false>(options?: Options<UsageSummaryRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<UsageSummaryRetrieveResponses, UsageSummaryRetrieveErrors, ThrowOnError, "fields">;
/**
 * Your own and shared workflows, most recently changed first.
 */
export declare const workflowsList: <ThrowOnError extends boolean = false>(options?: Options<WorkflowsListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsListResponses, WorkflowsListErrors, ThrowOnError, "fields">;
export declare const workflowsCreate: <ThrowOnError extends boolean = false>(options: Options<WorkflowsCreateData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsCreateResponses, WorkflowsCreateErrors, ThrowOnError, "fields">;
export declare const workflowsDelete: <ThrowOnError extends boolean = false>(options: Options<WorkflowsDeleteData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsDeleteResponses, WorkflowsDeleteErrors, ThrowOnError, "fields">;
export declare const workflowsRead: <ThrowOnError extends boolean = false>(options: Options<WorkflowsReadData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsReadResponses, WorkflowsReadErrors, ThrowOnError, "fields">;
/**
 * A changed document, name or description is saved as a new version.
 */
export declare const workflowsChange: <ThrowOnError extends boolean = false>(options: Options<WorkflowsChangeData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsChangeResponses, WorkflowsChangeErrors, ThrowOnError, "fields">;
/**
 * The FlowGram document as stored (it opens in FlowGram's editor); `envelope=true` wraps it as `{name, description, version, schema}`.
 */
export declare const workflowsExport: <ThrowOnError extends boolean = false>(options: Options<WorkflowsExportData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsExportResponses, WorkflowsExportErrors, ThrowOnError, "fields">;
/**
 * Your own runs of this workflow, newest first.
 */
export declare const workflowsRuns: <ThrowOnError extends boolean = false>(options: Options<WorkflowsRunsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsRunsResponses, WorkflowsRunsErrors, ThrowOnError, "fields">;
/**
 * Start a run of the current version with `inputs` for the start node. Follow it with `GET /api/runs/{run_id}/events` (SSE) or a WebSocket `resume` frame; 400 `invalid_request` with `errors` when the workflow or the inputs cannot run.
 */
export declare const workflowsRun: <ThrowOnError extends boolean = false>(options: Options<WorkflowsRunData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsRunResponses, WorkflowsRunErrors, ThrowOnError, "fields">;
/**
 * One of your runs of this workflow with its per-node report (live while it runs).
 */
export declare const workflowsRunRead: <ThrowOnError extends boolean = false>(options: Options<WorkflowsRunReadData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsRunReadResponses, WorkflowsRunReadErrors, ThrowOnError, "fields">;
export declare const workflowsVersions: <ThrowOnError extends boolean = false>(options: Options<WorkflowsVersionsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsVersionsResponses, WorkflowsVersionsErrors, ThrowOnError, "fields">;
export declare const workflowsVersionRead: <ThrowOnError extends boolean = false>(options: Options<WorkflowsVersionReadData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsVersionReadResponses, WorkflowsVersionReadErrors, ThrowOnError, "fields">;
/**
 * Make this version current again, saved as a new version.
 */
export declare const workflowsVersionRestore: <ThrowOnError extends boolean = false>(options: Options<WorkflowsVersionRestoreData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsVersionRestoreResponses, WorkflowsVersionRestoreErrors, ThrowOnError, "fields">;
/**
 * The body is a FlowGram document exactly as FlowGram's editor exports it (`{nodes, edges}`), or this API's export envelope `{name, description, schema}`.
 */
export declare const workflowsImport: <ThrowOnError extends boolean = false>(options?: Options<WorkflowsImportData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<WorkflowsImportResponses, WorkflowsImportErrors, ThrowOnError, "fields">;
/**
 * Send a message and wait for the whole answer
 */
export declare const chatSync: <ThrowOnError extends boolean = false>(options: Options<ChatSyncData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<ChatSyncResponses, ChatSyncErrors, ThrowOnError, "fields">;
/**
 * Send a message; the answer streams back as server-sent events
 */
export declare const chatStream: <ThrowOnError extends boolean = false>(options: Options<ChatStreamData, ThrowOnError, ChatStreamResponse>) => Promise<import("./core/serverSentEvents.gen.js").ServerSentEventsResult<ChatStreamResponses, ChatStreamErrors>>;
/**
 * Replay a run's events, then follow it live
 */
export declare const runEvents: <ThrowOnError extends boolean = false>(options: Options<RunEventsData, ThrowOnError, RunEventsResponse>) => Promise<import("./core/serverSentEvents.gen.js").ServerSentEventsResult<RunEventsResponses, RunEventsErrors>>;
/**
 * GenOS / Flowise-style chat stream (`{question, chatId?}`)
 */
export declare const genosChatStream: <ThrowOnError extends boolean = false>(options: Options<GenosChatStreamData, ThrowOnError, GenosChatStreamResponse>) => Promise<import("./core/serverSentEvents.gen.js").ServerSentEventsResult<GenosChatStreamResponses, GenosChatStreamErrors>>;
/**
 * Database, Redis and MongoDB reachability
 */
export declare const health: <ThrowOnError extends boolean = false>(options?: Options<HealthData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<HealthResponses, HealthErrors, ThrowOnError, "fields">;
/**
 * Prometheus metrics (restricted by METRICS_ALLOWED_IPS / METRICS_TOKEN)
 */
export declare const metrics: <ThrowOnError extends boolean = false>(options?: Options<MetricsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<MetricsResponses, MetricsErrors, ThrowOnError, "fields">;
/**
 * The agents and workflows you may run, as OpenAI models
 */
export declare const openaiModelsList: <ThrowOnError extends boolean = false>(options?: Options<OpenaiModelsListData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<OpenaiModelsListResponses, OpenaiModelsListErrors, ThrowOnError, "fields">;
/**
 * One model
 */
export declare const openaiModelsRetrieve: <ThrowOnError extends boolean = false>(options: Options<OpenaiModelsRetrieveData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<OpenaiModelsRetrieveResponses, OpenaiModelsRetrieveErrors, ThrowOnError, "fields">;
/**
 * Run an agent: OpenAI Chat Completions (streaming or not)
 */
export declare const openaiChatCompletions: <ThrowOnError extends boolean = false>(options: Options<OpenaiChatCompletionsData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<OpenaiChatCompletionsResponses, OpenaiChatCompletionsErrors, ThrowOnError, "fields">;
/**
 * SpotLight execution plane: run a workflow (or agent_chat); SpotLight-format SSE back
 */
export declare const spotlightRunWorkflow: <ThrowOnError extends boolean = false>(options: Options<SpotlightRunWorkflowData, ThrowOnError, SpotlightRunWorkflowResponse>) => Promise<import("./core/serverSentEvents.gen.js").ServerSentEventsResult<SpotlightRunWorkflowResponses, SpotlightRunWorkflowErrors>>;
/**
 * SpotLight service info and the workflows this caller may run (the seed's GET /)
 */
export declare const spotlightServiceInfo: <ThrowOnError extends boolean = false>(options?: Options<SpotlightServiceInfoData, ThrowOnError>) => import("./client/types.gen.js").RequestResult<SpotlightServiceInfoResponses, SpotlightServiceInfoErrors, ThrowOnError, "fields">;
