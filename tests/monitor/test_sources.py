"""Each source type read from a fixture in its real format."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sarap.core.errors import InvalidInput
from sarap.monitor import feeds, files, telegram, webpage


def test_rss_and_atom_feeds_are_read_with_dates_in_utc_and_html_turned_to_text(feed_server):
    rss = feeds.fetch(f"{feed_server.url}/feed_rss.xml")
    items = feeds.parse_feed(rss.body, "rss")
    assert [i.external_id for i in items] == ["zhetisu-1001", "zhetisu-1002", "zhetisu-1003"]
    assert items[0].published == datetime(2024, 3, 1, 5, 0, tzinfo=UTC)
    assert items[0].text.startswith("Алматы облысында терроризмнің") and "<p>" not in items[0].text
    assert items[0].author == "Жетісу жаңалықтары"  # the outlet, when an item names no author

    atom = feeds.fetch(f"{feed_server.url}/feed_atom.xml")
    entries = feeds.parse_feed(atom.body, "atom")
    assert entries[0].published == datetime(2024, 3, 3, 4, 0, tzinfo=UTC)  # +05:00 → UTC
    assert "radicalisation" in entries[0].text and "<b>" not in entries[0].text
    assert entries[1].text.startswith("Мұғалімдерге арналған")


def test_a_feed_is_asked_again_with_its_etag_and_a_304_brings_nothing(feed_server):
    first = feeds.fetch(f"{feed_server.url}/feed_rss.xml")
    again = feeds.fetch(f"{feed_server.url}/feed_rss.xml", etag=first.etag,
                        last_modified=first.last_modified)
    assert again.status == 304 and again.body == b""
    assert feed_server.requests[-1]["If-None-Match"] == first.etag
    assert feed_server.requests[-1]["If-Modified-Since"] == first.last_modified
    feed_server.touch("feed_rss.xml")
    changed = feeds.fetch(f"{feed_server.url}/feed_rss.xml", etag=first.etag)
    assert changed.status == 200 and changed.etag != first.etag


def test_an_unreachable_feed_names_the_address_and_the_answer(feed_server):
    with pytest.raises(InvalidInput) as caught:
        feeds.fetch(f"{feed_server.url}/missing.xml")
    assert "missing.xml" in str(caught.value) and "404" in str(caught.value)


def test_the_main_text_of_a_page_leaves_out_menus_sidebars_scripts_and_footers(monitor_fixtures):
    page = webpage.extract((monitor_fixtures / "page.html").read_text(encoding="utf-8"))
    assert page.title == "В Караганде обсудили профилактику радикализма"
    assert "круглый стол" in page.text and "ежеквартально" in page.text
    for noise in ("Главная", "Погода", "поездов", "analytics", "Все права", "Поделиться"):
        assert noise not in page.text
    assert page.published == datetime.fromisoformat("2024-03-05T11:00:00+05:00")
    assert page.language == "ru"


def test_a_news_page_gives_its_article_not_the_longer_comment_thread_and_its_json_ld_date(monitor_fixtures):
    page = webpage.extract((monitor_fixtures / "news_with_comments.html").read_text(encoding="utf-8"))
    assert "алдын алу мәселесіне арналған кеңес өтті" in page.text
    assert "профилактикалық іс-шаралардың жоспарын" in page.text
    assert "Оқырман" not in page.text and "пікірі" not in page.text
    assert page.published == datetime.fromisoformat("2024-11-14T09:30:00+05:00")
    assert page.title == "Шымкентте жастар арасындағы радикализмнің алдын алу жөнінде кеңес өтті"
    assert page.language == "kk"


def test_a_feed_entry_keeps_all_of_its_html_content_as_paragraphs():
    text = webpage.plain_text("<p>Бірінші <b>абзац</b>.</p><p>Екінші&nbsp;абзац.</p>")
    assert text == "Бірінші абзац.\n\nЕкінші абзац."


def test_a_youscan_export_is_read_through_the_preset_mapping(monitor_fixtures):
    mapping = files.load_mapping(preset_name="youscan")
    rows = list(files.read(monitor_fixtures / "youscan_export.csv", mapping))
    assert len(rows) == 6
    first = rows[0]
    assert first.external_id == "ys-1" and first.platform == "facebook"
    assert first.published == datetime(2024, 3, 1, 5, 15, tzinfo=UTC)  # 10:15 in Almaty (UTC+5)
    assert first.engagement == {"likes": 12, "shares": 1, "comments": 3}
    assert first.region == "ALA" and not first.author_public
    assert rows[1].author_public and rows[1].region == "ALR"  # Media
    assert rows[3].author_public  # Official
    assert rows[1].engagement["views"] == 1500


def test_a_jsonl_export_with_a_mapping_set_on_the_command_line(monitor_fixtures):
    mapping = files.load_mapping(overrides=["id=post_id", "published=created", "text=body",
                                            "platform=channel", "author=nick", "language=lang"], fmt="jsonl")
    rows = list(files.read(monitor_fixtures / "posts.jsonl", mapping))
    assert [r.external_id for r in rows] == ["j1", "j2", "j3"]
    assert rows[2].published == datetime(2024, 3, 7, 8, 0, tzinfo=UTC)
    assert rows[1].language == "ru" and rows[0].language is None


def test_a_bad_date_names_the_file_row_field_and_the_expected_format(monitor_fixtures):
    mapping = files.load_mapping(preset_name="youscan")
    with pytest.raises(InvalidInput) as caught:
        list(files.read(monitor_fixtures / "youscan_bad_date.csv", mapping))
    message = str(caught.value)
    assert "youscan_bad_date.csv:3" in message
    assert "published (Date+Time)" in message and "31.02.2024 11:40" in message
    assert "%d.%m.%Y %H:%M" in message


def test_a_mapping_without_text_or_with_an_unknown_field_is_refused():
    with pytest.raises(InvalidInput) as caught:
        files.load_mapping(overrides=["published=Date", "txt=Body"])
    message = str(caught.value)
    assert "unknown field 'txt'" in message and "required field 'text'" in message


def test_a_mapped_column_missing_from_the_file_is_named(monitor_fixtures, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("when,body\n2024-03-01T10:00:00,мәтін\n", encoding="utf-8")
    mapping = files.load_mapping(overrides=["published=when", "text=message"])
    with pytest.raises(InvalidInput) as caught:
        list(files.read(path, mapping))
    assert "x.csv:2" in str(caught.value) and "'message' is missing" in str(caught.value)


def test_a_telegram_export_skips_service_messages_flattens_entities_and_keeps_reactions(monitor_fixtures):
    items = list(telegram.read(monitor_fixtures / "telegram_channel.json"))
    # 7 messages: 2 service messages and a photo without caption are skipped.
    assert [i.external_id for i in items] == ["1712345678/2", "1712345678/3", "1712345678/5",
                                              "1712345678/7"]
    lecture = items[0]
    assert lecture.text == ("Бүгін терроризмнің алдын алу бойынша онлайн дәріс өтеді. Тіркелу: "
                            "https://example.kz/tirkelu")
    assert lecture.engagement == {"reactions": 17}
    assert lecture.extra["reactions"] == [{"emoji": "👍", "count": 14}, {"emoji": "🔥", "count": 3}]
    assert lecture.published == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert items[1].extra["forwarded_from"] == "Жетісу жаңалықтары"
    assert items[2].extra["reply_to_message_id"] == 2
    assert items[3].text.startswith("Напоминаем: о подозрительных")


def test_a_file_that_is_not_a_telegram_export_says_what_was_expected(monitor_fixtures):
    with pytest.raises(InvalidInput) as caught:
        list(telegram.read(monitor_fixtures / "feed_atom.xml"))
    assert "feed_atom.xml" in str(caught.value) and "result.json" in str(caught.value)
