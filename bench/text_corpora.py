"""Assembles the public evaluation corpora of the text layer from their repositories' snapshots.

The data stays out of our repository: bring each public repository onto the machine first (the
search tool's `fetch`, or `git clone`), then

    python bench/text_corpora.py --mirror /work/.mirror --out /work/data-eval

writes one JSON Lines file per corpus ({"text": …, "id": …} a line):

- ru_telegram.jsonl: posts of 21 public Russian Telegram news channels, github.com/NKTKLN/
  telegram-news-classifier, data/raw/*.json (data: CC BY 4.0; code: MIT).
- kk_news.jsonl: sentences of KazNERD's *validation* split (Kazakh TV news), github.com/IS2AI/
  KazNERD, KazNERD/IOB2_valid.txt (CC BY 4.0). The test split is never read.
- ru_news.jsonl: sentences and headlines of Russian news: the first 20 RIA Novosti articles,
  github.com/RossiyaSegodnya/ria_news_dataset, ria_20.json (CC BY-NC-ND 4.0), and the news samples of
  natasha/corus, data/ods/*.csv.gz (Gazeta, Interfax, Izvestia, Meduza, RIA, RT, TASS; the ODS news
  dump, in corus under MIT).
- kk_news_words.tsv: word forms and their counts in KazNERD's validation split (stemmer lexicon).

Then `sarap text lang-eval FILE --expect ru` measures language identification on each file.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import io
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path


def _git(mirror: Path, repo: str, path: str) -> bytes:
    git_dir = mirror / repo / "repo"
    if (git_dir / ".git").is_dir():
        git_dir = git_dir / ".git"
    return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"HEAD:{path}"], check=True,
                          capture_output=True).stdout


def _files(mirror: Path, repo: str, folder: str) -> list[str]:
    git_dir = mirror / repo / "repo"
    if (git_dir / ".git").is_dir():
        git_dir = git_dir / ".git"
    out = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "--name-only", "HEAD", folder + "/"],
                         check=True, capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line]


def telegram(mirror: Path) -> Iterator[dict[str, str]]:
    repo = "NKTKLN+telegram-news-classifier"
    for path in _files(mirror, repo, "data/raw"):
        for post in json.loads(_git(mirror, repo, path)):
            if (post.get("text") or "").strip():
                yield {"id": f"{post['sender_id']}/{post['message_id']}", "text": post["text"],
                       "channel": post.get("channel", ""), "date": post.get("date", "")}


_SPACE_BEFORE = re.compile(r" ([.,;:!?)»%])")
_SPACE_AFTER = re.compile(r"([(«]) ")


def _detokenise(tokens: list[str]) -> str:
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(tokens)))


def kaznerd_sentences(mirror: Path) -> Iterator[list[str]]:
    tokens: list[str] = []
    for line in _git(mirror, "IS2AI+KazNERD", "KazNERD/IOB2_valid.txt").decode("utf-8").splitlines():
        if not line.strip():
            if tokens:
                yield tokens
            tokens = []
            continue
        tokens.append(line.rsplit(" ", 1)[0])
    if tokens:
        yield tokens


def _sentences(text: str) -> Iterator[str]:
    from razdel import sentenize

    for sentence in sentenize(text):
        if len(sentence.text.split()) >= 3:
            yield sentence.text


def russian_news(mirror: Path) -> Iterator[dict[str, str]]:
    ria = _git(mirror, "RossiyaSegodnya+ria_news_dataset", "ria_20.json").decode()
    for i, line in enumerate(ria.splitlines()):
        doc = json.loads(line)
        body = html.unescape(re.sub(r"<[^>]+>", " ", doc["text"]))
        yield {"id": f"ria20/{i}/title", "text": doc["title"]}
        for j, sentence in enumerate(_sentences(body)):
            yield {"id": f"ria20/{i}/{j}", "text": sentence}
    csv.field_size_limit(1 << 30)
    for path in _files(mirror, "natasha+corus", "data/ods"):
        rows = csv.DictReader(io.StringIO(gzip.decompress(_git(mirror, "natasha+corus", path)).decode()))
        name = Path(path).name.split(".")[0]
        for i, row in enumerate(rows):
            yield {"id": f"ods-{name}/{i}/title", "text": row["title"]}
            for j, sentence in enumerate(_sentences(row["text"])):
                yield {"id": f"ods-{name}/{i}/{j}", "text": sentence}


def _write(path: Path, rows: Iterator[dict[str, str]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print("ru_telegram", _write(args.out / "ru_telegram.jsonl", telegram(args.mirror)))
    sentences = list(kaznerd_sentences(args.mirror))
    print("kk_news", _write(args.out / "kk_news.jsonl", ({"id": f"kaznerd-valid/{i}", "text": _detokenise(s)}
                                                         for i, s in enumerate(sentences))))
    print("ru_news", _write(args.out / "ru_news.jsonl", russian_news(args.mirror)))
    counts = Counter(t.lower() for s in sentences for t in s if t.isalpha())
    with (args.out / "kk_news_words.tsv").open("w", encoding="utf-8") as out:
        for word, n in counts.most_common():
            out.write(f"{word}\t{n}\n")
    print("kk_news_words", len(counts))


if __name__ == "__main__":
    main()
