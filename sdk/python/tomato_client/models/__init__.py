"""Contains all the data models used in inputs/outputs"""

from .agent import Agent
from .agent_input import AgentInput
from .agent_page import AgentPage
from .alternatives import Alternatives
from .api_key_status_enum import ApiKeyStatusEnum
from .blank_enum import BlankEnum
from .branch import Branch
from .branch_select import BranchSelect
from .cancel_accepted import CancelAccepted
from .cancelled_event_data import CancelledEventData
from .chat_completion import ChatCompletion
from .chat_completion_choices_item import ChatCompletionChoicesItem
from .chat_completion_choices_item_finish_reason import ChatCompletionChoicesItemFinishReason
from .chat_completion_choices_item_message import ChatCompletionChoicesItemMessage
from .chat_completion_choices_item_message_role import ChatCompletionChoicesItemMessageRole
from .chat_completion_chunk import ChatCompletionChunk
from .chat_completion_chunk_choices_item import ChatCompletionChunkChoicesItem
from .chat_completion_chunk_choices_item_delta import ChatCompletionChunkChoicesItemDelta
from .chat_completion_chunk_object import ChatCompletionChunkObject
from .chat_completion_object import ChatCompletionObject
from .chat_completion_request import ChatCompletionRequest
from .chat_completion_request_messages_item import ChatCompletionRequestMessagesItem
from .chat_completion_request_messages_item_role import ChatCompletionRequestMessagesItemRole
from .chat_completion_request_stream_options import ChatCompletionRequestStreamOptions
from .chat_result import ChatResult
from .chat_result_status import ChatResultStatus
from .chat_stream_body import ChatStreamBody
from .chat_stream_body_if_busy import ChatStreamBodyIfBusy
from .chat_stream_format import ChatStreamFormat
from .chat_sync_body import ChatSyncBody
from .chat_sync_body_if_busy import ChatSyncBodyIfBusy
from .conversation import Conversation
from .conversation_create import ConversationCreate
from .conversation_export import ConversationExport
from .conversation_page import ConversationPage
from .conversations_export_format import ConversationsExportFormat
from .created_key import CreatedKey
from .embed import Embed
from .embed_input import EmbedInput
from .error import Error
from .error_body import ErrorBody
from .feedback import Feedback
from .genos_chat_stream_body import GenosChatStreamBody
from .health import Health
from .health_checks import HealthChecks
from .health_checks_additional_property import HealthChecksAdditionalProperty
from .health_llm import HealthLlm
from .health_status import HealthStatus
from .key import Key
from .key_create import KeyCreate
from .key_usage import KeyUsage
from .key_usage_day import KeyUsageDay
from .key_usage_total import KeyUsageTotal
from .login import Login
from .me import Me
from .message import Message
from .message_page import MessagePage
from .open_ai_error import OpenAIError
from .open_ai_error_error import OpenAIErrorError
from .open_ai_model import OpenAIModel
from .open_ai_model_kind import OpenAIModelKind
from .open_ai_model_list import OpenAIModelList
from .open_ai_model_list_object import OpenAIModelListObject
from .open_ai_model_object import OpenAIModelObject
from .open_ai_usage import OpenAIUsage
from .patched_agent_input import PatchedAgentInput
from .patched_conversation_rename import PatchedConversationRename
from .patched_embed_input import PatchedEmbedInput
from .patched_snippet_input import PatchedSnippetInput
from .patched_workflow_change import PatchedWorkflowChange
from .provider_model_out import ProviderModelOut
from .provider_out import ProviderOut
from .rating_enum import RatingEnum
from .result_event_data import ResultEventData
from .role_enum import RoleEnum
from .run import Run
from .run_event import RunEvent
from .run_event_type import RunEventType
from .run_events_format import RunEventsFormat
from .run_started import RunStarted
from .run_status_enum import RunStatusEnum
from .run_step import RunStep
from .run_usage import RunUsage
from .scopes_enum import ScopesEnum
from .session_event_data import SessionEventData
from .signup import Signup
from .snippet import Snippet
from .snippet_hit import SnippetHit
from .snippet_input import SnippetInput
from .snippet_page import SnippetPage
from .snippets_list_scope import SnippetsListScope
from .snippets_search_scope import SnippetsSearchScope
from .spotlight_run_workflow_body import SpotlightRunWorkflowBody
from .spotlight_run_workflow_body_input import SpotlightRunWorkflowBodyInput
from .spotlight_run_workflow_body_input_messages_item import SpotlightRunWorkflowBodyInputMessagesItem
from .spotlight_run_workflow_body_input_variables import SpotlightRunWorkflowBodyInputVariables
from .spotlight_run_workflow_body_runtime_config import SpotlightRunWorkflowBodyRuntimeConfig
from .spotlight_run_workflow_body_runtime_config_model import SpotlightRunWorkflowBodyRuntimeConfigModel
from .spotlight_run_workflow_body_runtime_config_tools_item import SpotlightRunWorkflowBodyRuntimeConfigToolsItem
from .spotlight_run_workflow_body_runtime_config_vault import SpotlightRunWorkflowBodyRuntimeConfigVault
from .spotlight_run_workflow_body_task_meta import SpotlightRunWorkflowBodyTaskMeta
from .sub_agent_work import SubAgentWork
from .task_cancel_input import TaskCancelInput
from .task_cancel_output import TaskCancelOutput
from .task_report_response_200 import TaskReportResponse200
from .task_result_response_200 import TaskResultResponse200
from .task_run_input import TaskRunInput
from .task_run_input_inputs import TaskRunInputInputs
from .task_run_output import TaskRunOutput
from .task_validate_output import TaskValidateOutput
from .token_response import TokenResponse
from .tool import Tool
from .tool_call import ToolCall
from .tool_mode_enum import ToolModeEnum
from .tool_parameters import ToolParameters
from .tool_result_event_data import ToolResultEventData
from .tool_start_event_data import ToolStartEventData
from .usage_day import UsageDay
from .usage_report import UsageReport
from .usage_summary import UsageSummary
from .usage_totals import UsageTotals
from .usage_user import UsageUser
from .user import User
from .validation_errors import ValidationErrors
from .visibility_enum import VisibilityEnum
from .workflow import Workflow
from .workflow_detail import WorkflowDetail
from .workflow_detail_inputs_schema import WorkflowDetailInputsSchema
from .workflow_input import WorkflowInput
from .workflow_page import WorkflowPage
from .workflow_run_input import WorkflowRunInput
from .workflow_run_input_inputs import WorkflowRunInputInputs
from .workflow_run_page import WorkflowRunPage
from .workflow_run_report import WorkflowRunReport
from .workflow_run_summary import WorkflowRunSummary
from .workflow_version import WorkflowVersion
from .workflow_version_detail import WorkflowVersionDetail
from .workflow_version_page import WorkflowVersionPage
from .workflows_export_response_200 import WorkflowsExportResponse200
from .workflows_import_body import WorkflowsImportBody

__all__ = (
    "Agent",
    "AgentInput",
    "AgentPage",
    "Alternatives",
    "ApiKeyStatusEnum",
    "BlankEnum",
    "Branch",
    "BranchSelect",
    "CancelAccepted",
    "CancelledEventData",
    "ChatCompletion",
    "ChatCompletionChoicesItem",
    "ChatCompletionChoicesItemFinishReason",
    "ChatCompletionChoicesItemMessage",
    "ChatCompletionChoicesItemMessageRole",
    "ChatCompletionChunk",
    "ChatCompletionChunkChoicesItem",
    "ChatCompletionChunkChoicesItemDelta",
    "ChatCompletionChunkObject",
    "ChatCompletionObject",
    "ChatCompletionRequest",
    "ChatCompletionRequestMessagesItem",
    "ChatCompletionRequestMessagesItemRole",
    "ChatCompletionRequestStreamOptions",
    "ChatResult",
    "ChatResultStatus",
    "ChatStreamBody",
    "ChatStreamBodyIfBusy",
    "ChatStreamFormat",
    "ChatSyncBody",
    "ChatSyncBodyIfBusy",
    "Conversation",
    "ConversationCreate",
    "ConversationExport",
    "ConversationPage",
    "ConversationsExportFormat",
    "CreatedKey",
    "Embed",
    "EmbedInput",
    "Error",
    "ErrorBody",
    "Feedback",
    "GenosChatStreamBody",
    "Health",
    "HealthChecks",
    "HealthChecksAdditionalProperty",
    "HealthLlm",
    "HealthStatus",
    "Key",
    "KeyCreate",
    "KeyUsage",
    "KeyUsageDay",
    "KeyUsageTotal",
    "Login",
    "Me",
    "Message",
    "MessagePage",
    "OpenAIError",
    "OpenAIErrorError",
    "OpenAIModel",
    "OpenAIModelKind",
    "OpenAIModelList",
    "OpenAIModelListObject",
    "OpenAIModelObject",
    "OpenAIUsage",
    "PatchedAgentInput",
    "PatchedConversationRename",
    "PatchedEmbedInput",
    "PatchedSnippetInput",
    "PatchedWorkflowChange",
    "ProviderModelOut",
    "ProviderOut",
    "RatingEnum",
    "ResultEventData",
    "RoleEnum",
    "Run",
    "RunEvent",
    "RunEventType",
    "RunEventsFormat",
    "RunStarted",
    "RunStatusEnum",
    "RunStep",
    "RunUsage",
    "ScopesEnum",
    "SessionEventData",
    "Signup",
    "Snippet",
    "SnippetHit",
    "SnippetInput",
    "SnippetPage",
    "SnippetsListScope",
    "SnippetsSearchScope",
    "SpotlightRunWorkflowBody",
    "SpotlightRunWorkflowBodyInput",
    "SpotlightRunWorkflowBodyInputMessagesItem",
    "SpotlightRunWorkflowBodyInputVariables",
    "SpotlightRunWorkflowBodyRuntimeConfig",
    "SpotlightRunWorkflowBodyRuntimeConfigModel",
    "SpotlightRunWorkflowBodyRuntimeConfigToolsItem",
    "SpotlightRunWorkflowBodyRuntimeConfigVault",
    "SpotlightRunWorkflowBodyTaskMeta",
    "SubAgentWork",
    "TaskCancelInput",
    "TaskCancelOutput",
    "TaskReportResponse200",
    "TaskResultResponse200",
    "TaskRunInput",
    "TaskRunInputInputs",
    "TaskRunOutput",
    "TaskValidateOutput",
    "TokenResponse",
    "Tool",
    "ToolCall",
    "ToolModeEnum",
    "ToolParameters",
    "ToolResultEventData",
    "ToolStartEventData",
    "UsageDay",
    "UsageReport",
    "UsageSummary",
    "UsageTotals",
    "UsageUser",
    "User",
    "ValidationErrors",
    "VisibilityEnum",
    "Workflow",
    "WorkflowDetail",
    "WorkflowDetailInputsSchema",
    "WorkflowInput",
    "WorkflowPage",
    "WorkflowRunInput",
    "WorkflowRunInputInputs",
    "WorkflowRunPage",
    "WorkflowRunReport",
    "WorkflowRunSummary",
    "WorkflowVersion",
    "WorkflowVersionDetail",
    "WorkflowVersionPage",
    "WorkflowsExportResponse200",
    "WorkflowsImportBody",
)
