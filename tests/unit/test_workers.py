"""What a worker does with a batch that raises: poison documents fail alone, running out of
memory ends the batch (the child then exits), for thread and process workers alike."""

from __future__ import annotations

import pytest

from service.pipeline.article import Article
from service.pipeline.workers import _answer, _Done, _OutOfMemory, one_at_a_time


def upper(items):
    if any("POISON" in a.text for a in items):
        raise ValueError("poison")
    if any("HUGE" in a.text for a in items):
        raise MemoryError
    return [a.text.upper() for a in items]


def articles(*texts: str) -> list[Article]:
    return [Article(text=t) for t in texts]


def test_a_poison_document_fails_alone():
    out = one_at_a_time(upper, articles("a", "POISON", "b"))
    assert out[0] == "A" and out[2] == "B"
    assert isinstance(out[1], ValueError)


def test_a_fatal_error_ends_the_batch():
    with pytest.raises(MemoryError):
        one_at_a_time(upper, articles("a", "HUGE"), fatal=lambda e: isinstance(e, MemoryError))


class FakeExtractor:
    run = staticmethod(upper)


def test_the_child_answers_errors_in_place_and_out_of_memory_as_such():
    done = _answer(FakeExtractor(), articles("a", "POISON"))  # type: ignore[arg-type]
    assert isinstance(done, _Done)
    assert done.results == ["A", None]
    assert done.errors[0] is None and "ValueError: poison" in done.errors[1]
    assert isinstance(_answer(FakeExtractor(), articles("HUGE")), _OutOfMemory)  # type: ignore[arg-type]
