"""Chunking: offsets are exact for any text; structure becomes sections."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qa.ingest.chunking import chunk_document
from qa.ingest.paragraphs import blocks
from qa.config import ChunkSettings
from qa.ingest.documents import Document, read_document
from qa.encode.embedding import WordPieceCounter, model_dir

from .conftest import SEEDS

COUNT = WordPieceCounter(model_dir("all-MiniLM-L6-v2"))
SMALL = ChunkSettings(max_tokens=24, target_tokens=12)


def doc_of(text: str) -> Document:
    return Document("t.txt", text, "0" * 64, "txt", "T")


def check_chunks(text: str, settings: ChunkSettings) -> list:
    chunks = chunk_document(doc_of(text), settings, COUNT)
    last_end = 0
    for c in chunks:
        assert text[c.start:c.end] == c.text
        assert c.text.strip() == c.text and c.text
        assert COUNT(c.text) <= settings.max_tokens
        assert c.start >= last_end  # in order, never overlapping
        last_end = c.end
    # every non-heading word of the text is in some chunk
    covered = sum(len(c.text.split()) for c in chunks)
    headings = sum(len(text[b.start:b.end].split()) for b in blocks(text) if b.heading)
    assert covered + headings == len(text.split())
    return chunks


words = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=12)
line = st.lists(words, min_size=0, max_size=40).map(" ".join)
document = st.lists(st.one_of(line, st.just(""), st.just("## Heading"), st.just("• bullet item."), st.just("Label:")),
                    max_size=30).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document, st.booleans())
@example("0 0 0 0: 0: 0:0 0:0 0000 0::0 0:0A\x852A", False)  # U+0085 parts words for \s, not for the tokenizer
def test_offsets_exact_for_arbitrary_documents(text, trailing_newline):
    check_chunks(text + ("\n" if trailing_newline else ""), SMALL)


def test_one_huge_paragraph_without_punctuation_is_split_at_words():
    text = " ".join(f"wörd{i}" for i in range(3000))  # no sentence end, no newline
    chunks = check_chunks(text, ChunkSettings())
    assert len(chunks) > 10


def test_unicode_and_empty_sections():
    text = "Résumé\n\n## Empty\n\n## Full\n\nLes frontières du Québec — 82 %.\n日本語の文です。これは二番目。\n"
    chunks = check_chunks(text, ChunkSettings())
    assert [c.section for c in chunks] == ["Full"]


def test_seed_sections_paragraphs_and_limits():
    doc = read_document(SEEDS / "004_c83899779e2afedb.txt")
    chunks = chunk_document(doc, ChunkSettings(), COUNT)
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
        assert COUNT(c.text) <= ChunkSettings().max_tokens
    firearms = next(c for c in chunks if "26,145" in c.text)
    assert firearms.section == "Addressing Firearms Smuggling"
    assert firearms.paragraph and firearms.paragraph > 1
    qp = read_document(SEEDS / "000_a58a9600d03a047c.txt")
    about = chunk_document(qp, ChunkSettings(), COUNT)[0]
    assert about.section == "About" and "May 30, 2025" in about.text


def test_chunks_start_and_end_at_sentence_boundaries():
    from qa.ingest.sentences import split_sentences

    for path in SEEDS.iterdir():
        doc = read_document(path)
        spans = split_sentences(doc.text)
        starts, ends = {s for s, _ in spans}, {e for _, e in spans}
        settings = ChunkSettings(max_tokens=60, target_tokens=30)
        for c in chunk_document(doc, settings, COUNT):
            for offset, edges in ((c.start, starts), (c.end, ends)):
                if offset not in edges:  # only a sentence longer than the limit is cut, at a word
                    s, e = next((s, e) for s, e in spans if s <= offset <= e)
                    assert COUNT(doc.text[s:e]) > settings.max_tokens, c.text
