import pytest


@pytest.fixture(autouse=True)
def fresh_index():
    """Each test starts with no cached index: the database rolls back between tests
    without bumping the version, and SQLite may hand out the same ids again."""
    from rag.search import index_reset

    index_reset()
    yield
    index_reset()


@pytest.fixture
def make_snippet():
    from rag import services

    def make(owner, **fields):
        values = {"title": "Untitled", "code": "pass", "description": "", "language": "python", "tags": []}
        values.update(fields)
        return services.snippet_create(user=owner, **values)

    return make


@pytest.fixture
def other_user(make_user):
    return make_user()


@pytest.fixture
def library(user, other_user, make_snippet):
    """A small library: the user's own snippets, another user's private and shared ones."""
    return {
        "sort": make_snippet(
            user,
            title="Sort a dictionary by value",
            description="딕셔너리를 값 기준으로 내림차순 정렬한다.",
            code="dict(sorted(d.items(), key=lambda kv: kv[1], reverse=True))",
            tags=["dict", "sorting"],
        ),
        "sql": make_snippet(
            user,
            title="Find duplicate emails",
            description="List email addresses used by more than one account with GROUP BY and HAVING.",
            code="SELECT email, COUNT(*) FROM users GROUP BY email HAVING COUNT(*) > 1;",
            language="sql",
        ),
        "private": make_snippet(
            other_user,
            title="Rotate AWS access keys",
            description="다른 사용자의 비공개 스니펫: AWS 액세스 키를 교체하는 스크립트.",
            code="aws iam create-access-key --user-name deploy",
            language="shell",
            tags=["aws", "secret"],
        ),
        "shared": make_snippet(
            other_user,
            title="Debounce input events",
            description="Run a handler only after the user stops typing for a while.",
            code="function debounce(fn, ms) { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }",
            language="js",
            shared=True,
        ),
    }
