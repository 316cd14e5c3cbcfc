"""Command line: ``python -m scripted_llm --host 127.0.0.1 --port 8100``.

Prints ``scripted-llm listening on http://HOST:PORT/v1`` once ready and exits
cleanly on SIGTERM/SIGINT.  See :mod:`scripted_llm` for the scenario language.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import signal
import sys

from .scenario import ScenarioStore
from .server import DEFAULT_MODELS, ScriptedLLMApp, ServerConfig


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripted_llm",
        description="Scripted OpenAI-compatible chat-completions server (not a real model).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8100, help="port; 0 picks a free one")
    parser.add_argument("--script", help="JSON file with scenarios and rules")
    parser.add_argument(
        "--api-key",
        default=os.environ.get("SCRIPTED_LLM_API_KEY") or None,
        help="require 'Authorization: Bearer KEY' (default: $SCRIPTED_LLM_API_KEY)",
    )
    parser.add_argument(
        "--delay-ms",
        type=float,
        default=15.0,
        help="default delay between streamed chunks (default 15)",
    )
    parser.add_argument(
        "--model",
        action="append",
        dest="models",
        help=f"model id for /v1/models (repeatable; default {', '.join(DEFAULT_MODELS)})",
    )
    parser.add_argument(
        "--pack",
        action="store_true",
        help="pack events sent without delay into 64 KB chunks (default: one HTTP chunk per event, as real servers)",
    )
    parser.add_argument("--max-recorded", type=int, default=1000, help="requests kept for /_control")
    parser.add_argument("--backlog", type=int, default=2048, help="listen backlog")
    parser.add_argument(
        "--allow-remote-control",
        action="store_true",
        help="accept /_control requests from non-loopback clients",
    )
    parser.add_argument("--log-level", default="WARNING", help="logging level (stderr)")
    return parser


async def serve(config: ServerConfig, store: ScenarioStore) -> int:
    """Run until SIGTERM/SIGINT; return the process exit code."""
    app = ScriptedLLMApp(config, store)
    try:
        await app.start()
    except OSError as exc:
        print(f"scripted-llm: cannot listen on {config.host}:{config.port}: {exc}", file=sys.stderr)
        return 1
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # non-POSIX loops
            loop.add_signal_handler(sig, stop.set)
    host = f"[{config.host}]" if ":" in config.host else config.host
    print(f"scripted-llm listening on http://{host}:{app.port}/v1", flush=True)
    try:
        await stop.wait()
    finally:
        await app.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, str(args.log_level).upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        store = ScenarioStore(script=args.script, max_recorded=args.max_recorded)
    except (OSError, ValueError, re.error) as exc:
        print(f"scripted-llm: cannot load --script {args.script}: {exc}", file=sys.stderr)
        return 2
    config = ServerConfig(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        delay_ms=args.delay_ms,
        models=tuple(args.models or DEFAULT_MODELS),
        backlog=args.backlog,
        allow_remote_control=args.allow_remote_control,
        pack=args.pack,
    )
    return asyncio.run(serve(config, store))


if __name__ == "__main__":
    sys.exit(main())
