"""Interface text in Kazakh (default), Russian and English, and dates per language."""

from __future__ import annotations

from datetime import date

LANGUAGES = ("kk", "ru", "en")
DEFAULT = "kk"

CATALOG: dict[str, dict[str, str]] = {
    "app": {"kk": "Сарап", "ru": "Сарап", "en": "Sarap"},
    "dashboard": {"kk": "Шолу", "ru": "Обзор", "en": "Dashboard"},
    "events": {"kk": "Оқиғалар", "ru": "События", "en": "Events"},
    "total": {"kk": "Барлық оқиғалар", "ru": "Всего событий", "en": "Events in all"},
    "by_year": {"kk": "Жылдар бойынша вербалды және физикалық әрекеттер",
                "ru": "Вербальные и физические действия по годам",
                "en": "Verbal and physical acts by year"},
    "year": {"kk": "Жыл", "ru": "Год", "en": "Year"},
    "count": {"kk": "Саны", "ru": "Число", "en": "Count"},
    "by_region": {"kk": "Өңірлер бойынша", "ru": "По регионам", "en": "By region"},
    "latest": {"kk": "Соңғы оқиғалар", "ru": "Последние события", "en": "Latest events"},
    "region": {"kk": "Өңір", "ru": "Регион", "en": "Region"},
    "date": {"kk": "Күні", "ru": "Дата", "en": "Date"},
    "category": {"kk": "Санат", "ru": "Категория", "en": "Category"},
    "action_type": {"kk": "Әрекет түрі", "ru": "Тип действия", "en": "Action type"},
    "side": {"kk": "Тарап", "ru": "Сторона", "en": "Side"},
    "summary": {"kk": "Оқиға", "ru": "Событие", "en": "Event"},
    "dataset": {"kk": "Деректер жиыны", "ru": "Набор данных", "en": "Dataset"},
    "text": {"kk": "Мәтін", "ru": "Текст", "en": "Text"},
    "from": {"kk": "Басы", "ru": "С", "en": "From"},
    "to": {"kk": "Соңы", "ru": "По", "en": "To"},
    "filter": {"kk": "Сүзу", "ru": "Отобрать", "en": "Filter"},
    "any": {"kk": "Кез келген", "ru": "Любой", "en": "Any"},
    "export": {"kk": "Экспорт", "ru": "Экспорт", "en": "Export"},
    "previous": {"kk": "Алдыңғы", "ru": "Назад", "en": "Previous"},
    "next": {"kk": "Келесі", "ru": "Далее", "en": "Next"},
    "found": {"kk": "Табылды", "ru": "Найдено", "en": "Found"},
    "places": {"kk": "Орны", "ru": "Место", "en": "Places"},
    "actors": {"kk": "Қатысушылар", "ru": "Участники", "en": "Actors"},
    "casualties": {"kk": "Шығындар", "ru": "Потери", "en": "Casualties"},
    "killed": {"kk": "Қаза тапқандар", "ru": "Погибшие", "en": "Killed"},
    "injured": {"kk": "Жараланғандар", "ru": "Раненые", "en": "Injured"},
    "hostages": {"kk": "Кепілдер", "ru": "Заложники", "en": "Hostages"},
    "sources": {"kk": "Дереккөздер", "ru": "Источники", "en": "Sources"},
    "history": {"kk": "Өзгерістер тарихы", "ru": "История изменений", "en": "Revision history"},
    "author_coding": {"kk": "Автордың кестедегі жазбасы", "ru": "Запись автора в таблице",
                      "en": "The author's table cells"},
    "corrections": {"kk": "Түзетулер", "ru": "Исправления", "en": "Corrections"},
    "notes": {"kk": "Ескертпе", "ru": "Примечания", "en": "Notes"},
    "certainty": {"kk": "Сенімділік", "ru": "Достоверность", "en": "Certainty"},
    "not_found": {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"},
    "server_error": {"kk": "Қате орын алды. Кейінірек қайталап көріңіз.",
                     "ru": "Произошла ошибка. Повторите позже.",
                     "en": "Something went wrong. Please try again later."},
    "public_only": {"kk": "Тек ашық жазбалар көрсетіледі.", "ru": "Показаны только открытые записи.",
                    "en": "Only public records are shown."},
    "login": {"kk": "Кіру", "ru": "Войти", "en": "Log in"},
    "logout": {"kk": "Шығу", "ru": "Выйти", "en": "Log out"},
    "username": {"kk": "Пайдаланушы аты", "ru": "Имя пользователя", "en": "User name"},
    "password": {"kk": "Құпиясөз", "ru": "Пароль", "en": "Password"},
    "change_password": {"kk": "Құпиясөзді ауыстыру", "ru": "Сменить пароль", "en": "Change password"},
    "must_change": {"kk": "Бір реттік құпиясөзді өз құпиясөзіңізге ауыстырыңыз.",
                    "ru": "Замените одноразовый пароль своим.",
                    "en": "Replace the one-time password with your own."},
    "current_password": {"kk": "Қазіргі құпиясөз", "ru": "Текущий пароль", "en": "Current password"},
    "new_password": {"kk": "Жаңа құпиясөз (кемінде 12 таңба)", "ru": "Новый пароль (не менее 12 знаков)",
                     "en": "New password (12 characters or more)"},
    "repeat_password": {"kk": "Жаңа құпиясөзді қайталаңыз", "ru": "Повторите новый пароль",
                        "en": "Repeat the new password"},
    "mismatch": {"kk": "Жаңа құпиясөздер сәйкес емес.", "ru": "Новые пароли не совпадают.",
                 "en": "The new passwords differ."},
    "same": {"kk": "Жаңа құпиясөз ескісімен бірдей.", "ru": "Новый пароль совпадает со старым.",
             "en": "The new password is the old one."},
    "wrong_current": {"kk": "Қазіргі құпиясөз қате.", "ru": "Текущий пароль неверен.",
                      "en": "The current password is wrong."},
    "too_short": {"kk": "Құпиясөз тым қысқа: кемінде 12 таңба.", "ru": "Пароль короче 12 знаков.",
                  "en": "The password is shorter than 12 characters."},
    "edit": {"kk": "Өзгерту", "ru": "Изменить", "en": "Edit"},
    "save": {"kk": "Сақтау", "ru": "Сохранить", "en": "Save"},
    "reason": {"kk": "Өзгерту себебі", "ru": "Причина изменения", "en": "Reason for the change"},
    "date_text": {"kk": "Дереккөздегі күні", "ru": "Дата в источнике", "en": "Date as written"},
    "date_start": {"kk": "Басталған күні", "ru": "Дата начала", "en": "Start date"},
    "date_end": {"kk": "Аяқталған күні", "ru": "Дата окончания", "en": "End date"},
    "access_level": {"kk": "Қолжетімділік деңгейі", "ru": "Уровень доступа", "en": "Access level"},
    "forbidden": {"kk": "Бұл әрекетке рұқсат жоқ.", "ru": "Нет прав на это действие.",
                  "en": "You may not do this."},
    "map": {"kk": "Өңірлер бойынша оқиғалар картасы", "ru": "Карта событий по регионам",
            "en": "Map of events by region"},
    "too_many": {"kk": "Кіру әрекеттері тым көп. Бірнеше минуттан кейін қайталаңыз.",
                 "ru": "Слишком много попыток входа. Повторите через несколько минут.",
                 "en": "Too many login attempts. Try again in a few minutes."},
    "new_event": {"kk": "Жаңа оқиға", "ru": "Новое событие", "en": "New event"},
    "settlement": {"kk": "Елді мекен", "ru": "Населённый пункт", "en": "Settlement"},
    "source_url": {"kk": "Дереккөз сілтемесі", "ru": "Ссылка на источник", "en": "Source link"},
    "import": {"kk": "Импорт", "ru": "Импорт", "en": "Import"},
    "rows_read": {"kk": "Оқылған жолдар", "ru": "Прочитано строк", "en": "Rows read"},
    "would_import": {"kk": "Импортталады", "ru": "Будет импортировано", "en": "Would import"},
    "imported": {"kk": "Импортталды", "ru": "Импортировано", "en": "Imported"},
    "new": {"kk": "жаңа", "ru": "новых", "en": "new"},
    "updated": {"kk": "жаңартылған", "ru": "обновлённых", "en": "updated"},
    "unchanged": {"kk": "Өзгеріссіз", "ru": "Без изменений", "en": "Unchanged"},
    "nothing_written": {"kk": "Файлда қателер бар: ештеңе жазылған жоқ.",
                        "ru": "В файле есть ошибки: ничего не записано.",
                        "en": "The file has problems: nothing was written."},
    "row": {"kk": "Жол", "ru": "Строка", "en": "Row"},
    "column": {"kk": "Баған", "ru": "Столбец", "en": "Column"},
    "value": {"kk": "Мәні", "ru": "Значение", "en": "Value"},
    "problem": {"kk": "Мәселе", "ru": "Проблема", "en": "Problem"},
    "confirm_import": {"kk": "Импорттауды растау", "ru": "Подтвердить импорт", "en": "Confirm the import"},
    "file": {"kk": "Файл", "ru": "Файл", "en": "File"},
    "format": {"kk": "Пішімі", "ru": "Формат", "en": "Format"},
    "by_extension": {"kk": "Кеңейтімі бойынша", "ru": "По расширению", "en": "From the file name"},
    "check": {"kk": "Тексеру (жазбай)", "ru": "Проверить (без записи)", "en": "Check (writes nothing)"},
    "nationwide": {"kk": "Бүкіл ел", "ru": "Вся страна", "en": "Nationwide"},
    "abroad": {"kk": "Шетел", "ru": "За рубежом", "en": "Abroad"},
}

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


def t(key: str, lang: str) -> str:
    entry = CATALOG.get(key)
    return entry.get(lang, entry["en"]) if entry else key


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
