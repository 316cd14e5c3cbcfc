"""Korean programming vocabulary → English terms, for BM25 across the two languages.

Korean developers write most technical terms as transliterations (리스트, 딕셔너리,
데코레이터) or as Sino-Korean words (정렬 sort, 중복 duplicate), while half the
snippet library is described in English. :mod:`rag.tokens` adds the English term
next to the Korean one, on documents and queries alike, so ``딕셔너리 정렬`` meets
"sort a dict". The dense model bridges the languages too; this makes the lexical
side do so for the common vocabulary. Keys are matched greedily, longest first,
inside Hangul runs (``데이터클래스`` → data, class).

A general programming glossary, not a list of the evaluation's words.
"""

from __future__ import annotations

KOREAN_TO_ENGLISH: dict[str, str] = {
    # data structures and types
    "리스트": "list", "배열": "array", "딕셔너리": "dict dictionary", "사전": "dict dictionary",
    "해시맵": "hashmap map", "맵": "map", "집합": "set", "세트": "set", "튜플": "tuple",
    "문자열": "string", "스트링": "string", "정수": "integer int", "실수": "float", "숫자": "number",
    "불리언": "boolean bool", "객체": "object", "클래스": "class", "인스턴스": "instance",
    "구조체": "struct", "인터페이스": "interface", "제네릭": "generic generics", "타입": "type",
    "열거형": "enum", "큐": "queue", "스택": "stack", "트리": "tree", "그래프": "graph",
    "노드": "node", "키": "key", "값": "value", "행": "row", "열": "column", "컬럼": "column",
    "테이블": "table", "레코드": "record", "필드": "field", "속성": "attribute property",
    "데이터": "data", "데이터클래스": "dataclass", "데이터프레임": "dataframe", "시리즈": "series",
    "중첩": "nested", "바이트": "bytes",
    # operations
    "정렬": "sort sorted order", "검색": "search find", "찾기": "find search", "탐색": "search walk",
    "필터": "filter", "필터링": "filter", "변환": "convert conversion", "파싱": "parse",
    "파서": "parser", "분리": "split", "분할": "split", "나누기": "split divide", "합치기": "merge join",
    "병합": "merge", "결합": "join combine", "조인": "join", "연결": "connect connection",
    "삽입": "insert", "추가": "add append", "삭제": "delete remove", "제거": "remove delete",
    "수정": "update modify edit", "갱신": "update", "업데이트": "update", "업서트": "upsert",
    "조회": "query select get", "읽기": "read", "쓰기": "write", "저장": "save store write",
    "불러오기": "load", "로드": "load", "출력": "print output", "입력": "input", "복사": "copy",
    "비교": "compare", "계산": "compute calculate", "집계": "aggregate", "그룹": "group",
    "그룹화": "group groupby", "평탄화": "flatten", "평균": "mean average", "합계": "sum total",
    "개수": "count", "카운트": "count", "최대": "max maximum", "최소": "min minimum",
    "중복": "duplicate duplicates dedupe", "유일": "unique", "고유": "unique", "순위": "rank ranking",
    "상위": "top", "하위": "child descendants", "재귀": "recursive recursion", "반복": "loop iterate",
    "순회": "iterate traverse walk", "매핑": "map mapping", "직렬화": "serialize serializer",
    "역직렬화": "deserialize", "인코딩": "encoding encode", "디코딩": "decode decoding",
    "압축": "compress", "암호화": "encrypt encryption", "복호화": "decrypt", "해시": "hash",
    "체크섬": "checksum", "검증": "validate validation", "유효성": "validation valid",
    "포맷": "format", "형식": "format", "포매팅": "format formatting", "치환": "replace substitute",
    "교체": "replace", "추출": "extract", "정규화": "normalize normalization", "정제": "clean cleaning",
    "전처리": "preprocess cleaning", "샘플링": "sample", "슬라이싱": "slice", "청크": "chunk",
    "배치": "batch", "묶음": "batch group", "페이지네이션": "pagination paginate", "페이지": "page",
    "커서": "cursor", "피벗": "pivot", "결측치": "missing nan", "결측": "missing nan",
    # programs and runtime
    "함수": "function", "메서드": "method", "메소드": "method", "변수": "variable", "상수": "constant",
    "인자": "argument args", "인수": "argument args", "매개변수": "parameter", "반환": "return",
    "리턴": "return", "예외": "exception error", "에러": "error", "오류": "error", "로그": "log logging",
    "로깅": "logging log", "디버깅": "debug", "테스트": "test testing", "단위테스트": "unit test",
    "픽스처": "fixture", "모듈": "module", "패키지": "package", "라이브러리": "library",
    "데코레이터": "decorator", "제너레이터": "generator", "이터레이터": "iterator",
    "컨텍스트": "context", "람다": "lambda", "콜백": "callback", "클로저": "closure",
    "프로미스": "promise", "비동기": "async asynchronous asyncio", "동기": "sync synchronous",
    "코루틴": "coroutine async", "스레드": "thread threading", "쓰레드": "thread threading",
    "멀티스레드": "thread threading", "프로세스": "process", "병렬": "parallel concurrent",
    "동시": "concurrent concurrency", "동시성": "concurrency", "락": "lock", "잠금": "lock locking",
    "경쟁": "race", "세마포어": "semaphore", "채널": "channel", "고루틴": "goroutine",
    "워커": "worker", "타임아웃": "timeout", "시간초과": "timeout", "재시도": "retry",
    "캐시": "cache", "캐싱": "cache caching", "메모이제이션": "memoize memoization",
    "메모리": "memory", "성능": "performance", "최적화": "optimize performance",
    "스케줄": "schedule cron", "크론": "cron", "이벤트": "event", "리스너": "listener",
    "핸들러": "handler", "시그널": "signal", "종료": "shutdown exit stop", "취소": "cancel undo",
    "대기": "wait", "지연": "delay", "시간": "time", "날짜": "date", "타임존": "timezone",
    "시간대": "timezone", "타임스탬프": "timestamp", "난수": "random", "랜덤": "random",
    "토큰": "token", "비밀번호": "password", "패스워드": "password", "보안": "security secure",
    "인증": "auth authentication", "권한": "permission", "환경변수": "environment env",
    "환경": "environment", "설정": "config settings configuration", "옵션": "option",
    "명령어": "command", "명령": "command", "커맨드": "command", "서브커맨드": "subcommand",
    "인터프리터": "interpreter", "가상환경": "virtualenv venv", "의존성": "dependency",
    "설치": "install",
    # files, text, web
    "파일": "file", "파일명": "filename", "디렉터리": "directory", "디렉토리": "directory",
    "폴더": "folder directory", "경로": "path", "확장자": "extension suffix", "텍스트": "text",
    "문자": "character char", "문장": "sentence", "공백": "whitespace space", "줄": "line",
    "라인": "line", "대소문자": "case", "정규식": "regex regular expression",
    "정규표현식": "regex regular expression", "이메일": "email", "전화번호": "phone",
    "한글": "hangul korean", "한국어": "korean", "유니코드": "unicode", "이모지": "emoji",
    "특수문자": "special character punctuation", "요청": "request", "응답": "response",
    "서버": "server", "클라이언트": "client", "헤더": "header", "쿠키": "cookie", "세션": "session",
    "다운로드": "download", "업로드": "upload", "프록시": "proxy", "포트": "port", "소켓": "socket",
    "엔드포인트": "endpoint", "웹": "web", "브라우저": "browser", "자바스크립트": "javascript",
    "타입스크립트": "typescript", "파이썬": "python", "장고": "django", "판다스": "pandas",
    "넘파이": "numpy", "도커": "docker", "컨테이너": "container", "이미지": "image",
    "볼륨": "volume", "컴포즈": "compose", "쿠버네티스": "kubernetes", "깃": "git", "커밋": "commit",
    "브랜치": "branch", "머지": "merge", "리베이스": "rebase", "푸시": "push", "풀": "pull",
    "저장소": "repository repo", "데이터베이스": "database db", "디비": "database db",
    "쿼리": "query sql", "트랜잭션": "transaction", "인덱스": "index", "스키마": "schema",
    "마이그레이션": "migration", "모델": "model", "시리얼라이저": "serializer",
    "뷰": "view", "템플릿": "template", "라우터": "router", "미들웨어": "middleware",
    "엑셀": "excel", "씨에스브이": "csv", "제이슨": "json", "레디스": "redis",
    "포스트그레스": "postgres postgresql", "셸": "shell", "쉘": "shell", "스크립트": "script",
    "터미널": "terminal", "리눅스": "linux", "맥": "macos mac", "윈도우": "windows",
    "통화": "currency", "원화": "krw won currency", "쉼표": "comma", "콤마": "comma",
    "백업": "backup", "정리": "cleanup clean", "모니터링": "monitoring", "헬스체크": "healthcheck",
    "배포": "deploy deployment", "빌드": "build", "사용자": "user", "유저": "user",
}  # fmt: skip

_MAX_KEY = max(map(len, KOREAN_TO_ENGLISH))


def english_terms(word: str) -> list[str]:
    """English terms for the glossary words found in a Hangul ``word``, left to right, longest match first."""
    terms: list[str] = []
    i = 0
    while i < len(word):
        for size in range(min(_MAX_KEY, len(word) - i), 0, -1):
            english = KOREAN_TO_ENGLISH.get(word[i : i + size])
            if english and (size > 1 or len(word) == 1):
                terms.extend(english.split())
                i += size
                break
        else:
            i += 1
    return terms
