"""A Kazakh stemmer of our own: suffix stripping by slots, in the order Kazakh puts suffixes on.

No offline Kazakh stemmer ships ready to use (kazstem needs apertium-kaz's FST, which Debian does
not package; Snowball has none). The rules, their sources and the measured precision and recall are
in docs/kazakh-stemmer.md. In short:

- A word is read from its end. Each step strips the longest suffix allowed in the current slot and
  moves inwards: post-case (-дағы, -ғы, -дай) → case → possessive → plural → verb endings (tense,
  person, participles, gerunds, the verbal noun -у) → negation → passive/reflexive voice. Derivation
  with -лық/-лік (and -дық, -тық, …), -лы/-лі, Arabic-Persian -и, and the loan suffixes -изм/-ист
  is stripped too, so a family reaches its root: терроризм, террорист, террористік → террор.
- A suffix is stripped only if its vowel agrees with the stem's last vowel (back а о ұ ы я, front
  ә е ө ү і э и) — the vowel harmony every native suffix obeys — and, for suffixes beginning with
  д/т, ғ/қ, г/к, only after the kind of sound that selects that variant (voiced or voiceless).
  Russian loans ending in two consonants (акт, министр) take front suffixes whatever their vowel.
- Negation -ма/-ме/-ба/-бе/-па/-пе and voice -ыл/-ін/-н/-л are stripped only inside a verb form
  (after a verb ending), never from a bare noun (бағдарлама keeps its -ма).
- Never below MIN_STEM letters, and a stem keeps at least one vowel; one-letter and vowel-initial
  suffixes need a longer stem (MIN_STEM_SHORT_SUFFIX).
- Consonant alternation: a stem left ending in г/ғ/б after a vowel-initial suffix went is given
  back its dictionary к/қ/п (жүрегі → жүрек, қауіпсіздігі → қауіпсіздік).
- Vowel elision before possessives (қауіп → қаупі, орын → орны) is undone from a short list.
- Known stems (data/kazakh_stems.txt: nouns and proper names attested with their endings in public
  Kazakh news, built by bench/build_kazakh_stems.py): a known word is its own stem, and a reading
  that leaves a known stem wins over shorter ones. So Астана, Қазақстан, аудан, облыс, мектеп keep
  their whole stem (not «аст», «қазақс», «ау»), and облысы is облыс + ы, not облы + сы.
- Negated verb forms: the negative gerund -май/-мей/-бай/-бей/-пай/-пей is negation + -й, read
  only when the negation is there (бармай → бар, not a noun in -ай).

Not stripped, on purpose: causative and reciprocal voice (-дыр, -ғыз, -ыс: a new verb with its own
dictionary entry), the agent noun -шы/-ші (сарапшы "expert" is not сарап), the privative -сыз/-сіз
(қауіпсіз "safe" is the opposite of қауіп "danger"), and verb-forming -ла/-да/-та.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STEMS_FILE = Path(__file__).parent / "data" / "kazakh_stems.txt"

BACK = frozenset("аоұыяё")
FRONT = frozenset("әеөүіэи")
# Letters that select the vowel-initial or "after a vowel" variant of a suffix. у and ю are glides
# here: "болу" takes -ы (болуы) and -ды (болуды) as a consonant-final stem does.
VOWELS = BACK | FRONT
SYLLABIC = VOWELS | frozenset("уюaeiou")  # a stem needs one of these
VOICELESS = frozenset("кқпстфхцчшщ")
NASALS = frozenset("мнң")

MIN_STEM = 2
MIN_STEM_SHORT_SUFFIX = 3
MIN_STEM_DERIVATION = 3
MIN_STEM_LOAN = 4

# Slots, outermost first. Finite verb endings (tense, person, gerund, conditional, imperative) end a
# word; participles and the verbal noun (VNOUN) take plural, possessive and case like nouns.
POSTCASE, PERSON, CASE, POSS, PLURAL, VFIN, VNOUN, NEG, VOICE, DERIV, LOAN, NEG_GERUND = range(12)

# Which slots may come next (further inside the word) after a suffix of a given slot was stripped.
_NEXT: dict[int | None, frozenset[int]] = {
    None: frozenset({POSTCASE, PERSON, CASE, POSS, PLURAL, VFIN, VNOUN, DERIV, LOAN, NEG_GERUND}),
    POSTCASE: frozenset({CASE, POSS, PLURAL, VNOUN, DERIV, LOAN}),
    PERSON: frozenset({VFIN}),
    CASE: frozenset({POSS, PLURAL, VNOUN, DERIV, LOAN}),
    POSS: frozenset({PLURAL, VNOUN, DERIV, LOAN}),
    PLURAL: frozenset({VNOUN, DERIV, LOAN}),
    VFIN: frozenset({NEG, VOICE}),
    VNOUN: frozenset({NEG, VOICE}),
    NEG: frozenset({VOICE}),
    VOICE: frozenset(),
    DERIV: frozenset({CASE, PLURAL, VNOUN, LOAN}),
    LOAN: frozenset(),
    NEG_GERUND: frozenset({NEG}),  # бар-ма-й: only with the negation inside
}
_VERB_SLOTS = frozenset({VFIN, VNOUN, NEG, VOICE, NEG_GERUND})
_NOUN_SLOTS = frozenset({POSTCASE, CASE, POSS, PLURAL, DERIV, LOAN})


@dataclass(frozen=True)
class Suffix:
    text: str
    slot: int
    after: str = ""  # "vowel", "consonant", "y" (ы/і: a 3rd-person possessive), "ae" (а/е), "" any

    @property
    def harmony(self) -> str:
        if self.text in _NO_HARMONY:
            return ""
        if any(ch in BACK for ch in self.text):
            return "back"
        if any(ch in FRONT - {"и"} for ch in self.text):
            return "front"
        return ""


# The instrumental has front vowels only: терроризммен, террормен, ұйыммен.
_NO_HARMONY = frozenset({"мен", "бен", "пен", "менен", "бенен", "пенен"})


def _many(slot: int, words: str, after: str = "") -> list[Suffix]:
    return [Suffix(w, slot, after) for w in words.split()]


SUFFIXES: tuple[Suffix, ...] = tuple(
    # post-case: locative + -ғы ("in/of the …"), temporal/relative -ғы, similative -дай
    _many(POSTCASE, "дағы дегі тағы тегі")
    + _many(POSTCASE, "ндағы ндегі", "y")
    + _many(POSTCASE, "ғы гі қы кі дай дей тай тей")
    # person endings of verbs (after a tense): -мын, -мыз, -сың, -сыңдар
    + _many(PERSON, "мын мін мыз міз сың сің сыңдар сіңдер")
    # case
    + _many(CASE, "ның нің дың дің тың тің")  # genitive
    + _many(CASE, "ға ге қа ке")  # dative
    + _many(CASE, "на не", "y")
    + _many(CASE, "ны ні", "vowel")  # accusative
    + _many(CASE, "ды ді ты ті", "consonant")
    + _many(CASE, "н", "y")
    + _many(CASE, "да де та те дан ден тан тен")  # locative, ablative
    + _many(CASE, "нда нде", "y")
    + _many(CASE, "нан нен")
    + _many(CASE, "мен бен пен менен бенен пенен")  # instrumental
    # possessive
    + _many(POSS, "ымыз іміз ыңыз іңіз ым ім ың ің ы і", "consonant")
    + _many(POSS, "мыз міз ңыз ңіз сы сі", "vowel")
    # plural
    + _many(PLURAL, "лар лер дар дер тар тер")
    # finite verb endings: past, present-future, conditional, imperative, gerunds
    + _many(VFIN, "ды ді ты ті дым дім тым тім дық дік тық тік дыңыз діңіз")
    + _many(VFIN, "ады еді амын емін амыз еміз асың есің асыз есіз", "consonant")
    + _many(VFIN, "йды йді ймын ймін ймыз йміз йсың йсің йсыз йсіз", "vowel")
    + _many(VFIN, "са се сам сем сақ сек саң сең саңыз сеңіз сын сін")
    + _many(VFIN, "айын ейін айық ейік ып іп а е", "consonant")
    + _many(VFIN, "йын йін йық йік", "vowel")
    + _many(VFIN, "п", "ae")
    + _many(NEG_GERUND, "й", "ae")
    # participles, intention, the verbal noun: these take noun suffixes after them
    + _many(VNOUN, "мақ мек бақ бек пақ пек мақшы мекші")
    + _many(VNOUN, "ған ген қан кен ғалы гелі қалы келі ғанша генше қанша кенше")
    + _many(VNOUN, "атын етін", "consonant")
    + _many(VNOUN, "йтын йтін", "vowel")
    + _many(VNOUN, "ушы уші у")
    # negation and voice (only inside a verb form: see _NEXT)
    + _many(NEG, "ма ме ба бе па пе")
    + _many(VOICE, "ыл іл ын ін", "consonant")
    + _many(VOICE, "л н", "vowel")
    # derivation: abstract nouns and relational adjectives, "having", Arabic-Persian -и
    + _many(DERIV, "лық лік дық дік тық тік лы лі")
    + _many(DERIV, "и", "consonant")
    # loan suffixes: -изм, -ист (терроризм, террорист → террор)
    + _many(LOAN, "изм ист")
)

_FINAL_CONSONANT = {"г": "к", "ғ": "қ", "б": "п"}
_ELIDED = {"қауп": "қауіп", "орн": "орын", "мұрн": "мұрын", "ерн": "ерін", "ауз": "ауыз",
           "қарн": "қарын", "ойн": "ойын", "халқ": "халық", "ұрп": "ұрпақ"}
# Function words are left as written: their "suffixes" are not suffixes (үшін is not үші + н).
_FUNCTION_WORDS = """және мен пен бен үшін туралы арқылы бойынша немесе бірақ себебі сондықтан
яғни демек осы сол бұл ол олар оның оны оған олардың біз сіз мен сен ал да де та те ғана тек әрі
дейін кейін бері соң сияқты секілді қатар бірге барлық әр кез қандай қалай неге"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())

# -ист words that are not "-ism" families: journalist is not journal.
_LOAN_KEEP = frozenset({"журналист", "специалист", "маман", "турист", "министр", "пианист", "юрист",
                        "механизм", "организм", "туризм", "журналистер", "аналитик"})


def _harmony(stem: str) -> str:
    for ch in reversed(stem):
        if ch in BACK:
            return "back"
        if ch in FRONT:
            return "front"
    return ""


def _ends_in_cluster(stem: str) -> bool:
    return len(stem) >= 2 and stem[-1] not in VOWELS and stem[-2] not in VOWELS


def _harmony_fits(stem: str, suffix: Suffix) -> bool:
    wanted = suffix.harmony
    have = _harmony(stem)
    if not wanted or not have or wanted == have:
        return True
    # Russian loans ending in a consonant cluster (акт, министр, текст) take front suffixes.
    return wanted == "front" and _ends_in_cluster(stem)


def _sound_fits(stem: str, suffix: Suffix) -> bool:
    """The variant of a suffix is chosen by the sound before it: -ды after voiced sounds, -ты after
    voiceless ones, -ғы/-ге after vowels and voiced ones, -қа/-ке after voiceless ones."""
    last = stem[-1]
    first = suffix.text[0]
    if suffix.after == "vowel" and last not in VOWELS:
        return False
    if suffix.after == "consonant" and last in VOWELS:
        return False
    if suffix.after == "y" and last not in "ыі":
        return False
    if suffix.after == "ae" and last not in "ае":
        return False
    if suffix.slot in (NEG, VOICE, LOAN, NEG_GERUND):
        return True
    if first in "тқк":
        return last in VOICELESS
    if first in "дғг":
        return last not in VOICELESS
    if suffix.text in ("нан", "нен"):
        return last in VOWELS or last in NASALS
    return True


def _long_enough(stem: str, suffix: Suffix) -> bool:
    minimum = MIN_STEM
    if suffix.slot == LOAN:
        minimum = MIN_STEM_LOAN
    elif suffix.slot in (DERIV, NEG, VOICE):
        minimum = MIN_STEM_DERIVATION
    elif suffix.text in ("у", "ып", "іп") or suffix.slot == NEG_GERUND:
        minimum = MIN_STEM  # алу → ал; the negation after -й keeps its own minimum
    elif len(suffix.text) == 1 or suffix.text[0] in VOWELS:
        minimum = MIN_STEM_SHORT_SUFFIX
    return len(stem) >= minimum and any(ch in SYLLABIC for ch in stem)


def _strips(word: str, slots: frozenset[int]) -> list[tuple[str, Suffix]]:
    """Every suffix of the allowed slots that may be stripped from the end of the word."""
    found = []
    for suffix in SUFFIXES:
        if suffix.slot not in slots or not word.endswith(suffix.text):
            continue
        stem = word[:-len(suffix.text)]
        if not stem or not _long_enough(stem, suffix):
            continue
        if suffix.slot == LOAN and word in _LOAN_KEEP:
            continue
        if not (_harmony_fits(stem, suffix) and _sound_fits(stem, suffix)):
            continue
        if suffix.text[0] in VOWELS and stem[-1] in _FINAL_CONSONANT:
            stem = stem[:-1] + _FINAL_CONSONANT[stem[-1]]
        elif suffix.text[0] == "т" and stem.endswith("ис"):
            stem += "т"  # террорист + тік is spelt террористік: the doubled т is written once
        found.append((stem, suffix))
    return found


def _analyses(word: str, slot: int | None, depth: int = 0) -> list[tuple[str, tuple[Suffix, ...]]]:
    """All ways to strip the word down along the slot order: (stem, suffixes outermost first)."""
    results: list[tuple[str, tuple[Suffix, ...]]] = [(word, ())]
    if depth >= 8:
        return results
    for stem, suffix in _strips(word, _NEXT[slot]):
        for inner, rest in _analyses(stem, suffix.slot, depth + 1):
            if suffix.slot == NEG_GERUND and not rest:
                continue  # -й without the negation is not a verb form
            results.append((inner, (suffix, *rest)))
    return results


@lru_cache(maxsize=1)
def known_stems() -> frozenset[str]:
    """The lexicon of known stems (see the module docstring)."""
    lines = STEMS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _finish(stem: str, suffixes: tuple[Suffix, ...]) -> str:
    # A verb stem in -а/-е loses it: қабылда-у and қабылд-ады (the present -а- or the stem's own
    # vowel? either way) meet at қабылд.
    if suffixes and suffixes[-1].slot in _VERB_SLOTS and stem[-1:] in ("а", "е") and len(stem) >= 4:
        stem = stem[:-1]
    return _ELIDED.get(stem, stem)


def strip_suffixes(word: str) -> tuple[str, list[str]]:
    """The stem and the suffixes stripped, outermost first (for explaining a stem). Of all the
    readings the slot order allows, the one leaving the shortest stem wins; on a tie, the one with
    fewer suffixes (the simpler reading)."""
    readings = _analyses(word, None)
    known = known_stems()
    # a known stem wins only through noun endings: қалады is not қала "city" + -ды
    on_known = [r for r in readings if r[0] in known and all(x.slot in _NOUN_SLOTS for x in r[1])]
    if word in known:  # never below a known word, except by the derivations a family keeps
        on_known = [r for r in readings if all(x.slot in (DERIV, LOAN) for x in r[1])]
    stem, suffixes = min(on_known or readings, key=lambda a: (len(a[0]), len(a[1])))
    if on_known:
        if stem != word and stem in known:  # a known stem may still lose a derivation (қауіпсіздік)
            inner, more = strip_suffixes(stem)
            return inner, [s.text for s in suffixes] + more
        return stem, [s.text for s in suffixes]
    return _finish(stem, suffixes), [s.text for s in suffixes]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one Kazakh word (lower-cased here). A hyphenated compound keeps its first parts
    and stems the last one: іс-қимылға → іс-қимыл."""
    word = word.lower().replace("ё", "е")
    if "-" in word:
        head, _, last = word.rpartition("-")
        return f"{head}-{stem(last)}" if last else word
    if len(word) <= MIN_STEM or not word.isalpha() or word in FUNCTION_WORDS:
        return word
    return strip_suffixes(word)[0]


def stem_batch(words: Iterable[str]) -> list[str]:
    return [stem(w) for w in words]
