"""BM25 tokenisation that works for Korean, English and code.

Whitespace tokenising fails Korean: particles and endings stick to the word
(``리스트를``, ``정렬하는``), so a query for ``리스트`` would never meet a text
that says ``리스트를``. Each Hangul run therefore yields its character bigrams,
the whole run, and the run with a common particle/ending stripped (the
"stem"; one-syllable stems like ``값`` only come from this). Latin and digit
runs are lower-cased words; identifiers also yield their parts
(``snake_case`` → ``snake``, ``case``; ``parseHTTPResponse`` → ``parse``,
``http``, ``response``). Other CJK ideographs and kana get bigrams too.

The same function tokenises documents and queries, so the two always agree.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from rag.glossary import english_terms

# Runs of one script: Hangul syllables (and compatibility jamo), other CJK, or
# latin letters/digits/underscore (an identifier, possibly snake_case).
_RUN_RE = re.compile(
    r"(?P<hangul>[\uac00-\ud7a3\u3131-\u318e]+)"
    r"|(?P<cjk>[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+)"
    r"|(?P<word>[A-Za-z0-9_]+)"
)
# camelCase / PascalCase / ACRONYMWord / digits boundaries inside an identifier part.
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Particles and verb endings that attach to Korean words, longest first.
_KOREAN_SUFFIXES = tuple(
    sorted(
        {
            "으로부터", "에서부터", "으로써", "으로서", "에게서", "하려면", "하는데", "합니다",
            "입니다", "하세요", "해줘요", "했는데", "되는지", "하는지", "인지", "에서", "에게",
            "으로", "하는", "하기", "하고", "해서", "하면", "하여", "하려", "해줘", "되는", "되면",
            "된", "까지", "부터", "처럼", "보다", "마다", "이나", "이랑", "하게", "할때", "할", "한",
            "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도", "만", "랑", "나",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip

# Words that carry no meaning in a question about code. IDF would mostly tame
# them, but in a small corpus they still pull in noise.
_STOPWORDS = frozenset(
    {
        # English
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "get",
        "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so",
        "that", "the", "then", "this", "to", "use", "using", "want", "way", "what", "when",
        "which", "with", "without", "you", "your", "some", "need", "example", "code", "snippet",
        # Korean (whole words and stems)
        "방법", "어떻게", "코드", "예제", "예시", "하는", "하기", "있는", "싶어", "싶다", "싶은",
        "좀", "알려줘", "알려", "주세요", "해줘", "뭐", "무엇", "그리고", "또는", "사용", "사용해서",
        "이용", "이용해서", "것", "수", "때", "등",
    }
)  # fmt: skip


_NO_DOUBLE = frozenset("lsz")
_VOWELS = frozenset("aeiouy")


def english_stem(word: str) -> str:
    """A light English stemmer: plural, -ing, -ed and a final -e. Equal stems, not real words."""
    if not word.isalpha() or len(word) < 4:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, shortest in (("ing", 6), ("ed", 5)):
        if word.endswith(suffix) and len(word) >= shortest:
            base = word[: -len(suffix)]
            if not any(c in _VOWELS for c in base):
                break
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in _NO_DOUBLE | _VOWELS:
                base = base[:-1]  # stopping -> stop
            word = base
            break
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


def _korean_stem(word: str) -> str:
    for suffix in _KOREAN_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=200_000)
def _hangul_tokens(run: str) -> tuple[str, ...]:
    stem = _korean_stem(run)
    if run in _STOPWORDS or stem in _STOPWORDS:
        return ()
    if run in _KOREAN_SUFFIXES:  # a particle standing alone (e.g. after a latin word: "JSON으로")
        return ()
    tokens = [run, stem]
    if len(stem) > 2:
        # bigrams of the stem, so the particle does not make its own bigram
        tokens.extend(_bigrams(stem))
    for term in english_terms(stem):
        tokens.extend(_word_tokens(term))
    return tuple(sys.intern(t) for t in dict.fromkeys(tokens))  # "정렬" once, not as word, stem and bigram


@lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    parts = []
    for piece in word.split("_"):
        parts.extend(_CAMEL_RE.findall(piece))
    whole = word.lower().strip("_")
    tokens = [] if whole in _STOPWORDS or len(whole) < 2 else [english_stem(whole)]
    lowered = [p.lower() for p in parts]
    if len(lowered) > 1:
        tokens.extend(english_stem(p) for p in lowered if len(p) >= 2 and p not in _STOPWORDS and p != whole)
    return tuple(sys.intern(t) for t in tokens)  # cached per word: code repeats its names


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text``, in order, duplicates kept (term frequency matters)."""
    tokens: list[str] = []
    for match in _RUN_RE.finditer(text):
        kind = match.lastgroup
        run = match.group()
        if kind == "word":
            tokens.extend(_word_tokens(run))
        elif kind == "hangul":
            tokens.extend(_hangul_tokens(run))
        else:
            tokens.extend(_bigrams(run) if len(run) > 1 else (run,))
    return tokens


def query_tokens(text: str) -> list[str]:
    """Tokens of a search query: like :func:`tokenize`, each token once."""
    return list(dict.fromkeys(tokenize(text)))
