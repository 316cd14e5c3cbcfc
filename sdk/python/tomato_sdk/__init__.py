"""Tomato Agent SDK: the generated REST client (``tomato_client``) plus streaming for runs.

from tomato_sdk import Tomato
with Tomato("http://127.0.0.1:8000", api_key="tmt_…") as tomato:
    with tomato.chat.stream("What is 6*7?") as run:
        for text in run.text():
            print(text, end="")
"""

from tomato_sdk.client import AsyncTomato, Tomato
from tomato_sdk.events import ApiError, Event, RunFailed, RunResult
from tomato_sdk.streams import AsyncRunStream, RunStream

__all__ = ["ApiError", "AsyncRunStream", "AsyncTomato", "Event", "RunFailed", "RunResult", "RunStream", "Tomato"]
