"""Reading the third-party crisis data folder (`../shared/data/crisis`, see its README).

Nothing from that folder is ever copied into this repository. Only sources with a CC BY licence
(`SHIPPABLE_SOURCES`) may train the weights that ship in `empathic/resources/`; every other source
is for evaluation, or for a user's own local retraining (`empathic screen train`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from empathic.errors import UserError

# source name (the rows' "source" field) -> file name
SOURCES: dict[str, str] = {
    "gaur2019_cssrs": "gaur2019_reddit_cssrs_500users.jsonl",
    "feix_twitter": "feix_twitter_suicidal_tendency.jsonl",
    "es_kvvaldez": "es_kvvaldez_spanish_suicidal_tweets.jsonl",
    "hypo_hyperbole": "hypo_hyperbole_negatives.jsonl",
    "sdcnl": "sdcnl_reddit_suicidewatch_vs_depression.jsonl",
    "kaggle_suicide_notes": "kaggle_suicide_notes_positives.jsonl",
    "kaggle_suicide_detection": "kaggle_suicide_detection_subset.jsonl",
    "suicidal_tweet_detection": "suicidal_tweet_detection.jsonl",
    "twitter_suicidal_intention": "twitter_suicidal_intention.jsonl",
    "reddit_sw_vs_casual": "reddit_suicidewatch_vs_casualconversation.jsonl",
    "depression_reddit_cleaned": "depression_reddit_cleaned.jsonl",
    "dreaddit": "dreaddit_stress_negatives.jsonl",
}
# CC BY (stated by the dataset's record / README): may train shipped weights.
SHIPPABLE_SOURCES = ("gaur2019_cssrs", "hypo_hyperbole")
# Labels made per text (or per user) by people, not by subreddit membership: the README's
# "most informative evaluation data". HYPO is negatives only, so it has an FPR and no recall.
HAND_LABELLED = ("gaur2019_cssrs", "feix_twitter", "es_kvvaldez", "hypo_hyperbole")


@dataclass(frozen=True)
class Row:
    text: str
    label: bool
    source: str
    group: str  # rows of one group (a Gaur user) never straddle a train/test split
    lang: str


def load_source(data_dir: Path | str, source: str) -> list[Row]:
    path = Path(data_dir) / SOURCES[source]
    if not path.is_file():
        raise UserError(f"crisis data file not found: {path}; pass --data-dir pointing at the crisis folder")
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            r = json.loads(line)
            if not isinstance(r.get("label"), bool) or not str(r.get("text", "")).strip():
                continue
            meta = r.get("meta") or {}
            group = f"{source}:{meta.get('user', meta.get('triple', n))}"
            rows.append(Row(r["text"], r["label"], source, group, r.get("lang") or "en"))
    return rows


def available_sources(data_dir: Path | str) -> list[str]:
    base = Path(data_dir)
    if not base.is_dir():
        raise UserError(f"crisis data folder not found: {base}; pass --data-dir DIR")
    found = [s for s, f in SOURCES.items() if (base / f).is_file()]
    if not found:
        raise UserError(f"no known crisis data files in {base} (expected e.g. {SOURCES['gaur2019_cssrs']})")
    return found
