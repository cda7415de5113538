"""The web app's name for the one i18n layer in sarap.core.i18n (kept so existing imports work)."""

from sarap.core.i18n import (  # noqa: F401
    DEFAULT,
    LANGUAGES,
    LOCALE_DIR,
    MONTHS,
    SEASONS,
    catalog,
    choose,
    format_date,
    number,
    percent,
    plural_form,
    t,
)
