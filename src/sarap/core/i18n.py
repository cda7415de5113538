"""The one i18n layer of every package: text in Kazakh (default), Russian and English from gettext
catalogs (core/locale/*/LC_MESSAGES/sarap.po), plurals, numbers and dates per language (Babel).

Domain packages, the CLI, reports and the web app all take their user-facing text from here, so a
message translated once reads the same on a page, in a report and in an error."""

from __future__ import annotations

import gettext
import io
from datetime import date
from functools import cache
from pathlib import Path

from babel.core import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("kk", "ru", "en")
DEFAULT = "kk"

LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def catalog(lang: str) -> gettext.GNUTranslations:
    """The gettext catalog of one language, compiled from its .po files when first used: sarap.po
    and one file per area (e.g. monitor.po), so that areas add messages without touching each other's."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    merged = None
    for path in sorted(folder.glob("*.po"), key=lambda p: (p.name != "sarap.po", p.name)):
        with path.open("rb") as fh:
            messages = read_po(fh, locale=lang, domain="sarap")
        if merged is None:
            merged = messages
        else:
            for message in messages:
                if message.id and message.id not in merged:
                    merged[message.id] = message
    if merged is None:
        raise FileNotFoundError(folder / "sarap.po")
    compiled = io.BytesIO()
    write_mo(compiled, merged)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def po_files(lang: str) -> list[Path]:
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


MONTHS = {
    "kk": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
           "қазан", "қараша", "желтоқсан"],
    "ru": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
           "октябрь", "ноябрь", "декабрь"],
    "ru_gen": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
               "сентября", "октября", "ноября", "декабря"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}
SEASONS = {"kk": {3: "көктем", 6: "жаз", 9: "күз", 12: "қыс"},
           "ru": {3: "весна", 6: "лето", 9: "осень", 12: "зима"},
           "en": {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}}


def choose(requested: str | None, cookie: str | None) -> str:
    for lang in (requested, cookie):
        if lang and lang in LANGUAGES:
            return lang
    return DEFAULT


def t(key: str, lang: str, **values: object) -> str:
    """The text for a message id in a language (the id itself when no catalog has it); named values
    fill its {placeholders}."""
    text = catalog(lang if lang in LANGUAGES else DEFAULT).gettext(key)
    return text.format(**values) if values else text


def plural_form(n: int, forms: tuple[str, ...] | list[str], lang: str) -> str:
    """The form of a noun for a count by the language's CLDR plural rule (forms in the order of
    Babel's plural categories the language uses: one, few, many, other)."""
    categories = [c for c in ("one", "few", "many", "other")
                  if c in Locale.parse(lang).plural_form.tags | {"other"}]
    category = Locale.parse(lang).plural_form(n)
    index = categories.index(category) if category in categories else len(categories) - 1
    return forms[min(index, len(forms) - 1)]


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number as the language writes it (decimal comma and grouping in kk/ru)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang).replace("-", "−")


def percent(share: float, lang: str) -> str:
    """A share 0…1 as a whole percent in the language's style."""
    return format_percent(share, format="#,##0%", locale=lang)


def format_date(start: date, end: date, precision: str, lang: str) -> str:
    """A partial date as each language writes it, no more precise than it is."""
    if precision == "year":
        return {"kk": f"{start.year} ж.", "ru": f"{start.year} г.", "en": str(start.year)}[lang]
    if precision == "season":
        name = SEASONS[lang][start.month]
        return {"kk": f"{end.year} ж. {name}", "ru": f"{name} {end.year} г.",
                "en": f"{name} {end.year}"}[lang]
    if precision == "month":
        month = MONTHS[lang][start.month - 1]
        return {"kk": f"{start.year} ж. {month}", "ru": f"{month} {start.year} г.",
                "en": f"{month} {start.year}"}[lang]
    days = str(start.day) if end == start else f"{start.day}–{end.day}"
    if lang == "kk":
        return f"{start.year} ж. {days} {MONTHS['kk'][start.month - 1]}"
    if lang == "ru":
        return f"{days} {MONTHS['ru_gen'][start.month - 1]} {start.year} г."
    return f"{days} {MONTHS['en'][start.month - 1]} {start.year}"
