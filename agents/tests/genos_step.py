"""The GenOS workflow Python step from seed 000 ("Mocking Flowise"), kept as that seed
documents it so the compatibility test runs the real client. Only the endpoint and an
Authorization header are filled in (the seed's `x-request-from: internal` stays: the
platform must not trust it), and the socket.io emitter is a recorder."""

import json

import aiohttp


class RecordingSocket:
    def __init__(self):
        self.emitted = []

    async def emit(self, event, data, room=None):
        self.emitted.append((event, data))


sio_server = RecordingSocket()
ENDPOINT = ""
AUTH = ""


async def run(data: dict) -> dict:
    sid = data.get("socketIOClientId")
    endpoint = ENDPOINT
    result = {}
    text_acc = ""

    big = 2**30
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60), read_bufsize=big, max_line_size=big) as session,
        session.post(endpoint, json=data, headers={"x-request-from": "internal", "Authorization": AUTH}) as resp,
    ):
        reasoning = ""
        async for line in resp.content:
            if not line:
                continue
            decoded = line.decode("utf-8").strip()
            if decoded.startswith("data:"):
                decoded = decoded.removeprefix("data:")
            try:
                payload = json.loads(decoded)
            except json.JSONDecodeError:
                continue

            event = payload.get("event")
            ev_data = payload.get("data")

            if event == "reasoning_token":
                reasoning += ev_data
            elif reasoning:
                result.setdefault("agentFlowExecutedData", []).append({
                    "nodeLabel": "Visible Reasoner",
                    "data": {"output": {"content": json.dumps({"visible_rationale": reasoning}, ensure_ascii=False)}},
                })  # fmt: skip
                reasoning = ""
                if sid:
                    await sio_server.emit("agentFlowExecutedData", result["agentFlowExecutedData"], room=sid)

            if event == "token":
                if isinstance(ev_data, str):
                    text_acc += ev_data
                if sid:
                    await sio_server.emit("token", ev_data, room=sid)
            elif event == "agentFlowExecutedData":
                result.setdefault("agentFlowExecutedData", []).append(ev_data)
                if sid:
                    await sio_server.emit("agentFlowExecutedData", result["agentFlowExecutedData"], room=sid)
            elif event == "error":
                result["message"] = ev_data
                result["success"] = False
                result["statusCode"] = 500
            elif event == "result":
                if text_acc and "text" not in result:
                    result["text"] = text_acc
                if sid:
                    await sio_server.emit("result", result, room=sid)

    data.update(result)
    return data
