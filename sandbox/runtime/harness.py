"""Runs inside the sandbox: reads one request on stdin, runs the code, writes one result on fd 3.

This file is mounted read-only at ``/opt/tomato/harness.py`` and started by the
sandbox's own interpreter (standard library only; the platform's code is not
there). By the time it starts, the namespaces, the seccomp filter, the rlimits
and the empty environment are already in place: nothing here is a security
boundary. It only gives the code a Jupyter-like contract:

* ``script`` mode runs the code as a module; the value of a last bare
  expression comes back as its ``repr``;
* ``main`` mode (workflow code nodes) defines the code, calls
  ``main({"params": ...})`` and returns its JSON-serialisable result;
* matplotlib figures still open at the end come back as PNG images, and the
  files the code wrote into the working directory come back too.

stdout and stderr are the real file descriptors 1 and 2 (so subprocesses
write to them as well); the host reads and caps them.
"""

from __future__ import annotations

import ast
import base64
import io
import json
import os
import sys
import traceback
import warnings

RESULT_FD = 3
WORKDIR = "/work"
VALUE_CHARS = 10_000


def _open_result_channel():
    # Move the result pipe out of the way of the code (and of its subprocesses).
    fd = os.dup(RESULT_FD)  # close-on-exec, unlike the inherited one
    os.close(RESULT_FD)
    return os.fdopen(fd, "w", encoding="utf-8")


def _seed_matplotlib_cache(config_dir: str) -> None:
    """Copy the font cache built when the environment was prepared, so a plot does not rebuild it."""
    prebuilt = os.path.join(sys.prefix, "share", "tomato-mplconfig")
    if not os.path.isdir(prebuilt):
        return
    os.makedirs(config_dir, exist_ok=True)
    for name in os.listdir(prebuilt):
        with open(os.path.join(prebuilt, name), "rb") as src, open(os.path.join(config_dir, name), "wb") as dst:
            dst.write(src.read())


def _snapshot(root: str) -> dict[str, tuple[int, int]]:
    found = {}
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(directory, name)
            try:
                stat = os.lstat(path)
            except OSError:
                continue
            if os.path.isfile(path) and not os.path.islink(path):
                found[os.path.relpath(path, root)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _collect_files(before: dict, limits: dict) -> tuple[list[dict], list[dict]]:
    returned, skipped = [], []
    budget = limits.get("files_bytes", 8 << 20)
    for name, (mtime, size) in sorted(_snapshot(WORKDIR).items()):
        if before.get(name) == (mtime, size):
            continue
        if len(returned) >= limits.get("files_max", 10) or size > budget:
            skipped.append({"name": name, "size": size})
            continue
        try:
            with open(os.path.join(WORKDIR, name), "rb") as handle:
                data = handle.read(size + 1)[:size]
        except OSError:
            continue
        budget -= len(data)
        returned.append({"name": name, "size": len(data), "data": base64.b64encode(data).decode("ascii")})
    return returned, skipped


def _collect_figures(limits: dict) -> list[dict]:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    figures = []
    for number in pyplot.get_fignums()[: limits.get("figures_max", 10)]:
        buffer = io.BytesIO()
        try:
            pyplot.figure(number).savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        except Exception as exc:  # a broken figure must not hide the rest of the result
            print(f"could not render figure {number}: {exc}", file=sys.stderr)
            continue
        data = buffer.getvalue()
        figures.append({"name": f"figure-{number}.png", "size": len(data), "data": base64.b64encode(data).decode()})
    pyplot.close("all")
    return figures


def _error(exc: BaseException, filename: str) -> dict:
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == filename]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    text = "Traceback (most recent call last):\n" + "".join(lines) if frames else "".join(lines)
    return {"type": type(exc).__name__, "message": str(exc)[:2000], "traceback": text[-8000:]}


def _run_script(code: str, namespace: dict) -> object:
    filename = namespace["__file__"]
    tree = ast.parse(code, filename=filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 - running the code is the point
    if last is not None:
        return eval(compile(last, filename, "eval"), namespace)  # noqa: S307
    return None


def _run_main(code: str, namespace: dict, params: object) -> object:
    filename = namespace["__file__"]
    exec(compile(code, filename, "exec"), namespace)  # noqa: S102
    main = namespace.get("main")
    if not callable(main):
        raise NameError("the code must define a function main(args) that returns a dict")
    output = main({"params": params})
    json.dumps(output)  # fails here, with the user's traceback, if it cannot be returned
    return output


def main() -> None:
    result_channel = _open_result_channel()
    request = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    limits = request.get("limits") or {}
    os.makedirs(os.path.join(WORKDIR, ".tmp"), exist_ok=True)
    _seed_matplotlib_cache(os.environ.get("MPLCONFIGDIR", os.path.join(WORKDIR, ".config", "matplotlib")))
    warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
    for name, encoded in (request.get("files") or {}).items():
        with open(os.path.join(WORKDIR, os.path.basename(name)), "wb") as handle:
            handle.write(base64.b64decode(encoded))
    before = _snapshot(WORKDIR)

    filename = "<code>"
    namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}
    result: dict = {"ok": True}
    sys.argv = [filename]
    sys.path[0] = WORKDIR
    try:
        if request.get("mode") == "main":
            result["output"] = _run_main(request["code"], namespace, request.get("params"))
        else:
            value = _run_script(request["code"], namespace)
            if value is not None:
                text = repr(value)
                result["value"] = text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS] + "… [truncated]"
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = {"type": "SystemExit", "message": f"exit status {exc.code}", "traceback": ""}
            result = {"ok": False, "error": error}
    except BaseException as exc:  # the code's own failure is the result, whatever it is
        result = {"ok": False, "error": _error(exc, filename)}
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    try:
        result["figures"] = _collect_figures(limits)
        result["files"], result["skipped_files"] = _collect_files(before, limits)
    except BaseException as exc:
        result.setdefault("files", [])
        print(f"could not collect the produced files: {exc}", file=sys.stderr)
    try:
        result_channel.write(json.dumps(result, default=repr))
    except (TypeError, ValueError) as exc:
        result_channel.write(json.dumps({"ok": False, "error": {"type": type(exc).__name__, "message": str(exc)}}))
    result_channel.close()


def _set_dumpable(dumpable: bool) -> None:
    """pid 1 is not dumpable, so the code cannot read /proc/1/environ or its memory; set before the
    fork so there is no window. The code's own process is dumpable again, or it could not read its
    own /proc/self."""
    import ctypes

    pr_set_dumpable = 4
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, int(dumpable), 0, 0, 0)


def run_as_init(argv: list[str]) -> None:
    """Be the sandbox's pid 1: run the code in a child, reap every process, exit with the child's status.

    The code must not be pid 1 itself: the kernel protects a namespace's init from signals
    (RLIMIT_CPU's SIGXCPU included), and bubblewrap's own init exits without reaping, which
    would hide the sandbox's CPU time from the supervisor's ``wait4``.

    ``--framed`` (gVisor, whose ``runsc`` passes only stdin, stdout and stderr): the child's
    stdout, stderr and result go through pipes this process relays onto its own stdout as frames
    (one byte of channel, four of length, the data), which the code cannot forge.
    """
    framed = "--framed" in argv
    argv = [arg for arg in argv if arg != "--framed"]
    os.closerange(RESULT_FD + 1, 1024)  # what the sandbox tooling left open (the seccomp program)
    channels = [os.pipe() for _ in FRAME_CHANNELS] if framed else []
    _set_dumpable(False)
    child = os.fork()
    if child == 0:
        _set_dumpable(True)
        for (read_end, write_end), target in zip(channels, (1, 2, RESULT_FD), strict=False):
            os.dup2(write_end, target)
            os.close(read_end)
            os.close(write_end)
        try:
            if argv and argv[0] == "javascript":
                os.execv(argv[1], [argv[1], os.path.join(os.path.dirname(__file__), "harness.js")])
            main()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(0)  # threads the code left running must not keep the sandbox alive
    if not framed:
        os.close(RESULT_FD)
    os.close(0)
    status = _relay(channels, child) if framed else None
    while status is None:
        try:
            pid, status_now = os.wait()
        except ChildProcessError:
            os._exit(0)
        if pid == child:
            status = status_now
    os._exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))


FRAME_CHANNELS = (1, 2, 3)  # stdout, stderr, result


def _relay(channels: list[tuple[int, int]], child: int) -> int:
    """Copy the child's pipes onto stdout as frames until it exits (and its pipes drain); its wait status."""
    import selectors
    import struct
    import time

    selector = selectors.DefaultSelector()
    for (read_end, write_end), channel in zip(channels, FRAME_CHANNELS, strict=True):
        os.close(write_end)
        selector.register(read_end, selectors.EVENT_READ, channel)
    status = None
    drain_until = None
    while selector.get_map() and (drain_until is None or time.monotonic() < drain_until):
        for key, _ in selector.select(0.05):
            data = os.read(key.fd, 65536)
            if not data:
                selector.unregister(key.fd)
                os.close(key.fd)
                continue
            frame = memoryview(struct.pack(">BI", key.data, len(data)) + data)
            while frame:
                frame = frame[os.write(1, frame) :]
        if status is None:
            pid, wait_status = os.waitpid(child, os.WNOHANG)
            if pid:
                status, drain_until = wait_status, time.monotonic() + 1.0
    if status is None:
        _, status = os.waitpid(child, 0)
    return status


if __name__ == "__main__":
    run_as_init(sys.argv[1:])
