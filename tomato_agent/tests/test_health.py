import pytest

from tomato_agent import mongo

pytestmark = pytest.mark.django_db


def test_health_ok_with_real_services(client, mongo_db):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "redis": "ok", "mongo": "ok"}


def test_health_503_names_mongo_when_unreachable(client, settings):
    from tomato_agent.embedded import free_port

    settings.MONGO_URL = f"mongodb://127.0.0.1:{free_port()}/?directConnection=true"
    settings.MONGO_TIMEOUT_MS = 300
    mongo.close_client()
    try:
        response = client.get("/health")
    finally:
        mongo.close_client()
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["mongo"] == "unavailable"
    assert body["checks"]["redis"] == "ok"
    assert body["failed"] == ["mongo"]
