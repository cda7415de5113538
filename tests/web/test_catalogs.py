"""Every message any package uses (pages, CLI, reports) is in the gettext catalog of each of its three
languages; the catalogs live in sarap.core so every package shares them."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

from sarap.core.i18n import LANGUAGES, po_files, t

SRC = Path(__file__).parents[2] / "src" / "sarap"


def used_ids() -> set[str]:
    files = [*SRC.glob("**/*.py"), *SRC.glob("web/templates/**/*.html")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    return set(re.findall(r'\bt\(\s*"(\w+)"\s*[,)]', text))


def test_every_used_message_is_translated_in_every_language():
    for lang in LANGUAGES:
        ids: set[str] = set()
        for path in po_files(lang):
            with path.open("rb") as fh:
                ids |= {m.id for m in read_po(fh) if m.id and m.string}
        missing = used_ids() - ids
        assert not missing, f"{lang}: {sorted(missing)}"


def test_catalogs_differ_by_language():
    assert (t("events", "kk"), t("events", "ru"), t("events", "en")) == ("Оқиғалар", "События", "Events")
