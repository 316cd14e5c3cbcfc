from rag.tokens import english_stem, query_tokens, tokenize


def test_hangul_runs_give_bigrams_and_the_stem_without_particles():
    tokens = tokenize("파이썬에서 리스트를 정렬하는 방법")
    assert {"리스트", "리스", "스트", "정렬", "파이썬"} <= set(tokens)
    assert "트를" not in tokens  # no bigram across the particle
    assert "방법" not in tokens  # stopword


def test_particle_does_not_hide_the_word():
    assert set(query_tokens("리스트")) <= set(tokenize("리스트를 뒤집기"))
    assert "값" in tokenize("값을 기준으로")  # one-syllable stem


def test_korean_query_matches_a_compound_through_bigrams():
    doc = set(tokenize("데이터프레임 두 개를 병합"))
    query = set(query_tokens("프레임"))
    assert query & doc


def test_latin_words_are_lower_case_and_identifiers_are_split():
    tokens = tokenize("parseHTTPResponse snake_case_name JSONDecoder")
    assert "http" in tokens
    assert "pars" in tokens  # parse, stemmed
    assert {"snak", "cas", "nam"} <= set(tokens)  # snake_case_name, parts stemmed
    assert {"json", "decoder"} <= set(tokens)
    assert all(t == t.lower() for t in tokens)


def test_mixed_script_words_split_at_the_script_boundary():
    tokens = tokenize("JSON으로 변환해줘")
    assert "json" in tokens
    assert "변환" in tokens
    assert "으로" not in tokens


def test_light_english_stemmer_conflates_inflections():
    assert english_stem("counts") == english_stem("count")
    assert english_stem("typing") == english_stem("type")
    assert english_stem("stopped") == english_stem("stops")
    assert english_stem("queries") == "query"


def test_korean_programming_terms_also_give_the_english_term():
    assert {"dict", "sort"} <= set(tokenize("딕셔너리 정렬"))
    assert {"async", "function"} <= set(tokenize("비동기함수를"))  # a compound, longest match first


def test_query_tokens_are_unique_and_stopwords_dropped():
    tokens = query_tokens("how to sort sort a list")
    assert tokens.count("sort") == 1
    assert "how" not in tokens
    assert tokenize("") == []
