"""The fast tokeniser gives exactly the tokens of tokens.py (razdel), punctuation left out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sarap.text import fast_tokens, normalise, tokens

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "sarap"


def _razdel(text: str) -> list[tokens.Token]:
    return tokens.tokenise(text)


def _lines(fixtures: Path) -> list[str]:
    paths = [*sorted((fixtures / "monitor").iterdir()), fixtures / "text" / "kazakh_families.tsv",
             SHIPPED / "registry" / "decree_1404_kk.txt", *sorted(SEEDS.glob("*.txt"))]
    lines = []
    for path in paths:
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def test_the_same_tokens_as_razdel_on_every_fixture_and_seed_line(fixtures):
    lines = _lines(fixtures)
    assert len(lines) > 1000
    for line in lines:
        for text in (line, normalise.normalise(line)):
            assert fast_tokens.tokenise(text) == _razdel(text), text


def test_the_hard_cases_by_hand():
    text = ("Іс-қимыл 2024-жылы 54,15%-дан 1.5 1/2 5, 6 cho- to a -b қазақ,«сөз» abcабв aәb "
            "yahoo! ж.-Ж COVID-19 __x @user #террор https://x.kz/a info@mvd.kz :-) ... 5 .5 ²")
    assert fast_tokens.tokenise(text) == _razdel(text)
    assert fast_tokens.words("Иә, СОЛАЙ.") == tokens.words("Иә, СОЛАЙ.") == ["иә", "солай"]


_ALPHABET = st.sampled_from(list("аяәқAzıİ59") + ["-", "–", "_", ".", ",", "/", "\\", "!", "?", "(", ")",
                                                  "«", "»", ":", ";", "%", "@", "#", " ", " ", "\n", "©",
                                                  "yahoo", "http://x.kz", "ё", "Σ", "\u0301"])


@settings(max_examples=800, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_the_same_tokens_as_razdel_on_generated_strings(text):
    assert fast_tokens.tokenise(text) == _razdel(text)
