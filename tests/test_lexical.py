"""BM25 terms fold what users type differently from documents: accents and
ligatures, on a tiny real corpus (fake embedder: only the lexical side is
judged here)."""

from qa.collection import Collection
from qa.encode.hashing import HashEmbedder
from qa.store import lexical


def test_accents_and_ligatures_fold_into_one_term():
    assert lexical.tokenize(["Québec"]) == lexical.tokenize(["Quebec"])
    assert lexical.tokenize(["the ﬁrst wave"]) == lexical.tokenize(["the first wave"])
    assert lexical.tokenize(["IL-1β"]) == [["il", "1β"]]   # a Greek letter is a letter, not an accent


def test_a_question_typed_without_accents_finds_the_accented_name(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quebec.txt").write_text("Syndicats\n\nL'Association des policières et policiers provinciaux du Québec "
                                     "a pris part aux discussions de Montréal.\n", encoding="utf-8")
    (docs / "ontario.txt").write_text("Unions\n\nThe Ontario Provincial Police Association joined the talks in "
                                      "Toronto about provincial police staffing.\n", encoding="utf-8")
    c = Collection.build([docs], store=tmp_path / "index", encoder=HashEmbedder())
    passages = c.search("Quebec Montreal", k=2, mode="bm25")
    assert [p.doc for p in passages] == ["quebec.txt"]   # the Ontario text holds neither word
