"""Every loader on every schema it accepts, with the bad rows of its fixture counted, not fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.data.build_fixtures import fixture_root

from empathic.data import counsel_chat, empathetic_dialogues, esconv, goemotions, mhcc
from empathic.data.records import Ledger
from empathic.data.sources import Location, looks_like_hub_id, resolve, split_from_filename
from empathic.errors import UserError

FIX = fixture_root()  # synthetic, written at test time
SHARED = FIX / "shared"


def local(name: str, path: Path) -> Location:
    return Location(name, path=path)


def by_id(examples):
    return {e.id: e for e in examples}


# --- EmpatheticDialogues -------------------------------------------------------------------------


def test_ed_llm_parquet_reads_all_splits_and_accepts_validation_as_valid():
    ledger = Ledger()
    examples = empathetic_dialogues.load(
        local("empathetic_dialogues", SHARED / "empathetic_dialogues_llm"), {}, ledger
    ).examples
    splits = {e.given_split for e in examples}
    assert splits == {"train", "valid", "test"}
    assert ledger.read == 12
    assert ledger.dropped == {"missing_conversations": 1}
    first = by_id(examples)["empathetic_dialogues:hit:1_conv:1"]
    assert first.emotion == "proud"
    assert [m["role"] for m in first.messages] == ["user", "assistant", "user", "assistant"]
    assert first.links == ["empathetic_dialogues:hit:1_conv:1"]


def test_ed_llm_cleans_text_and_drops_the_trailing_user_turn():
    ledger = Ledger()
    examples = by_id(
        empathetic_dialogues.load(local("ed", SHARED / "empathetic_dialogues_llm"), {}, ledger).examples
    )
    assert (
        examples["empathetic_dialogues:hit:6_conv:6"].messages[0]["content"] == "Coffee & cake today finally."
    )
    keys = examples["empathetic_dialogues:hit:2_conv:2"].messages
    assert [m["role"] for m in keys] == ["user", "assistant"]
    assert ledger.fixes["trailing_user_turn_dropped"] == 2  # conv 2, and the lone-user conv 3


def test_ed_facebook_csv_rebuilds_conversations_with_commas_and_listener_on_even_index():
    ledger = Ledger()
    examples = by_id(empathetic_dialogues.load(local("ed", FIX / "ed_facebook"), {}, ledger).examples)
    conv = examples["empathetic_dialogues:hit:0_conv:1"]
    assert conv.given_split == "train"
    assert conv.emotion == "sentimental"
    assert conv.messages[0] == {"role": "user", "content": "I found old photos, of my grandma."}
    assert conv.messages[1]["role"] == "assistant"
    assert conv.messages[2]["content"] == "Her garden, mostly."
    # A row with a broken utterance_idx and a short row are skipped; their neighbours are kept.
    assert ledger.dropped == {"bad_utterance_idx": 1, "malformed_row": 1}
    storm = examples["empathetic_dialogues:hit:0_conv:2"]
    assert [m["content"] for m in storm.messages] == [
        "The storm knocked out power.",
        "Are you safe right now?",
    ]
    assert examples["empathetic_dialogues:hit:1_conv:3"].given_split == "valid"


def test_ed_folder_without_data_files_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no .parquet or .csv"):
        empathetic_dialogues.load(local("ed", tmp_path), {}, Ledger())


# --- CounselChat -----------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [SHARED / "counsel_chat", FIX / "counsel_chat_2022"])
def test_counsel_chat_keeps_the_top_upvoted_answer_per_question(folder):
    ledger = Ledger()
    result = counsel_chat.load(local("counsel_chat", folder), {}, ledger)
    answers = {e.id.split(":")[1]: e.messages[1]["content"] for e in result.examples}
    assert answers["0"] == "Talk to someone you trust about it."  # 5 upvotes beats 2 and 0
    assert len([e for e in result.examples if e.id.split(":")[1] == "0"]) == 1
    assert ledger.dropped["not_top_answer"] == 2
    assert ledger.dropped["empty_text"] == 1
    assert ledger.dropped["bad_upvotes"] == 1
    assert ledger.read == 12


def test_counsel_chat_all_answers_option_keeps_every_answer():
    result = counsel_chat.load(
        local("counsel_chat", SHARED / "counsel_chat"), {"all_answers": True}, Ledger()
    )
    assert len([e for e in result.examples if e.id.startswith("counsel_chat:0:")]) == 3


def test_counsel_chat_fixes_run_together_sentences_and_remembers_every_answer():
    result = counsel_chat.load(
        local("counsel_chat", SHARED / "counsel_chat"), {"all_answers": True}, Ledger()
    )
    text = by_id(result.examples)["counsel_chat:0:0"].messages[1]["content"]
    assert text == "You are not alone in this. Seriously, many people feel it. Try e.g. a journal."
    # Non-top answers are remembered too, for the MHCC cross-source check.
    top_only = counsel_chat.load(local("counsel_chat", SHARED / "counsel_chat"), {}, Ledger())
    assert "alowupvoteansweraboutworth" in top_only.reply_keys


def test_counsel_chat_links_question_id_and_question_text():
    result = counsel_chat.load(local("counsel_chat", SHARED / "counsel_chat"), {}, Ledger())
    one, two = by_id(result.examples)["counsel_chat:1:3"], by_id(result.examples)["counsel_chat:2:4"]
    assert one.links[0] == "counsel_chat:1" and two.links[0] == "counsel_chat:2"
    assert one.links[1] == two.links[1]  # the same question text under two ids
    assert one.messages[0]["content"] == "My partner never listens to me.\nWhat can I do?"


def test_counsel_chat_csv_without_answer_column_is_a_user_error(tmp_path):
    (tmp_path / "cc.csv").write_text("questionID,questionText\n1,hi\n", encoding="utf-8")
    with pytest.raises(UserError, match="lacks columns"):
        counsel_chat.load(local("counsel_chat", tmp_path / "cc.csv"), {}, Ledger())


# --- MHCC ------------------------------------------------------------------------------------------


def test_mhcc_skips_bad_rows_but_keeps_their_neighbours():
    ledger = Ledger()
    examples = mhcc.load(local("mhcc", SHARED / "mhcc"), {}, ledger).examples
    assert ledger.read == 7
    assert ledger.dropped == {"bad_json": 1, "missing_field": 1, "wrong_type": 1}
    assert len(examples) == 4  # the row after the broken JSON line is there
    assert any(e.messages[1]["content"].startswith("Ask for ten minutes") for e in examples)


def test_mhcc_normalises_crlf_contexts_and_shares_the_counsel_chat_question_link():
    examples = mhcc.load(local("mhcc", SHARED / "mhcc"), {}, Ledger()).examples
    partner = next(e for e in examples if e.messages[1]["content"].startswith("Ask for"))
    assert partner.messages[0]["content"] == "My partner never listens to me.\nWhat can I do?"
    cc = counsel_chat.load(local("counsel_chat", SHARED / "counsel_chat"), {}, Ledger()).examples
    assert partner.links[1] == by_id(cc)["counsel_chat:1:3"].links[1]
    exams = next(e for e in examples if e.messages[0]["content"].startswith("How do I calm"))
    assert exams.messages[1]["content"] == "Breathe out longer than you breathe in. Practice daily."


def test_mhcc_accepts_a_json_array_file(tmp_path):
    rows = [
        {"Context": "I can't focus.", "Response": "Try one task at a time."},
        {"Context": None, "Response": "x"},
    ]
    (tmp_path / "data.json").write_text(json.dumps(rows), encoding="utf-8")
    ledger = Ledger()
    examples = mhcc.load(local("mhcc", tmp_path / "data.json"), {}, ledger).examples
    assert len(examples) == 1 and ledger.dropped == {"missing_field": 1}


# --- ESConv ----------------------------------------------------------------------------------------


def _check_esconv(examples):
    job = next(e for e in examples if e.emotion == "anxiety")
    assert job.messages[0] == {"role": "user", "content": "Not great.\nI might lose my job."}
    assert job.messages[1]["content"] == "That sounds really stressful.\nHave you talked to your manager?"
    assert [m["role"] for m in job.messages] == ["user", "assistant", "user", "assistant"]
    assert job.strategies == ["Reflection of feelings", "Providing Suggestions"]
    dog = next(e for e in examples if e.emotion == "sadness")
    # "[Others]" is the bracketed form of "Others"; "Mind reading" is not a strategy.
    assert dog.strategies == ["Affirmation and Reassurance", "Others", None]
    for example in examples:
        assert len(example.strategies) == len(example.messages) // 2


def test_esconv_text_lines_with_usr_sys_speakers():
    ledger = Ledger()
    examples = esconv.load(local("esconv", SHARED / "esconv"), {}, ledger).examples
    _check_esconv(examples)
    assert {e.given_split for e in examples} == {"train", "valid", "test"}
    assert ledger.dropped == {"bad_json": 1}
    assert ledger.fixes["leading_assistant_turn_dropped"] == 1
    assert ledger.fixes["unknown_strategy_set_to_null"] == 1


def test_esconv_raw_json_with_seeker_supporter_speakers_and_annotations():
    examples = esconv.load(local("esconv", FIX / "esconv_raw" / "ESConv.json"), {}, Ledger()).examples
    _check_esconv(examples)
    assert {e.given_split for e in examples} == {None}  # no given split: the pipeline hashes groups


def test_esconv_strategy_names_come_from_strategy_json_without_brackets():
    assert esconv.read_strategy_names(SHARED / "esconv") == esconv.STRATEGIES


def test_esconv_conversation_with_unknown_speaker_is_dropped(tmp_path):
    good = {
        "emotion_type": "fear",
        "dialog": [
            {"text": "hi", "speaker": "usr"},
            {"text": "hello", "speaker": "sys", "strategy": "Question"},
        ],
    }
    bad = {"emotion_type": "fear", "dialog": [{"text": "hi", "speaker": "robot"}]}
    (tmp_path / "train.txt").write_text(json.dumps(bad) + "\n" + json.dumps(good) + "\n", encoding="utf-8")
    ledger = Ledger()
    examples = esconv.load(local("esconv", tmp_path), {}, ledger).examples
    assert len(examples) == 1 and ledger.dropped == {"bad_turn": 1}


# --- GoEmotions ------------------------------------------------------------------------------------


def test_goemotions_tsv_keeps_multi_label_rows_and_counts_bad_rows():
    ledger = Ledger()
    rows = {r.id: r for r in goemotions.load(local("goemotions", SHARED / "goemotions"), {}, ledger)}
    assert rows["c001"].labels == ["admiration", "love"]
    assert rows["c004"].labels == ["annoyance", "confusion"]
    assert rows["c002"].text == 'She said "no way" and left.'
    assert rows["c001"].text == "[NAME] is the best, love it"
    assert rows["c101"].given_split == "valid"  # dev.tsv
    assert ledger.dropped == {"malformed_row": 1, "bad_labels": 1}


def test_goemotions_name_placeholder_option_replaces_names():
    rows = {
        r.id: r
        for r in goemotions.load(
            local("goemotions", SHARED / "goemotions"), {"name_placeholder": "Alex"}, Ledger()
        )
    }
    assert rows["c001"].text == "Alex is the best, love it"


# --- Hub ids (datasets.load_dataset faked: no network here) ----------------------------------------


@pytest.fixture
def fake_hub(monkeypatch):
    """Make datasets.load_dataset return in-memory splits keyed by (hub id, config)."""
    import datasets

    tables: dict[tuple[str, str | None], dict[str, list[dict]]] = {}

    def load_dataset(hub_id, name=None, **kwargs):
        splits = tables[(hub_id, name)]
        return datasets.DatasetDict({k: datasets.Dataset.from_list(v) for k, v in splits.items()})

    monkeypatch.setattr(datasets, "load_dataset", load_dataset)
    return tables


def test_hub_goemotions_simplified_schema_maps_int_labels_to_names(fake_hub, monkeypatch):
    monkeypatch.setattr(goemotions, "hub_label_names", lambda location, column: None)  # built-in names
    fake_hub[("google-research-datasets/go_emotions", "simplified")] = {
        "train": [{"text": "so happy for you", "labels": [17, 0], "id": "h1"}],
        "validation": [{"text": "ugh", "labels": [3], "id": "h2"}],
        "test": [{"text": "bad", "labels": [], "id": "h3"}],
    }
    ledger = Ledger()
    location = resolve(
        "goemotions", None, None, goemotions.DIR_NAMES, goemotions.HUB_ID, goemotions.HUB_CONFIG
    )
    rows = {r.id: r for r in goemotions.load(location, {}, ledger)}
    assert rows["h1"].labels == ["admiration", "joy"] and rows["h1"].given_split == "train"
    assert rows["h2"].given_split == "valid"
    assert ledger.dropped == {"bad_labels": 1}


def test_hub_esconv_text_column_and_ed_validation_split(fake_hub):
    dialog = {
        "emotion_type": "anger",
        "dialog": [
            {"text": "hi", "speaker": "usr"},
            {"text": "hey", "speaker": "sys", "strategy": "Question"},
        ],
    }
    fake_hub[("thu-coai/esconv", None)] = {"train": [{"text": json.dumps(dialog)}]}
    examples = esconv.load(Location("esconv", hub_id="thu-coai/esconv"), {}, Ledger()).examples
    assert examples[0].strategies == ["Question"] and examples[0].given_split == "train"
    fake_hub[("Estwld/empathetic_dialogues_llm", None)] = {
        "validation": [{"conv_id": "c1", "situation": "s", "emotion": "sad",
                        "conversations": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}]
    }  # fmt: skip
    ed = empathetic_dialogues.load(
        Location("ed", hub_id="Estwld/empathetic_dialogues_llm"), {}, Ledger()
    ).examples
    assert ed[0].given_split == "valid"


def test_offline_hub_id_is_one_clear_user_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    with pytest.raises(UserError) as err:
        mhcc.load(Location("mhcc", hub_id="someone/not-cached-anywhere"), {}, Ledger())
    message = str(err.value)
    assert "\n" not in message
    assert "someone/not-cached-anywhere" in message and "local" in message


# --- Locations -------------------------------------------------------------------------------------


def test_resolve_prefers_config_path_then_data_dir_then_hub_id(tmp_path):
    (tmp_path / "esconv").mkdir()
    dirs, hub = esconv.DIR_NAMES, esconv.HUB_ID
    assert resolve("esconv", str(SHARED / "esconv"), tmp_path, dirs, hub).path == SHARED / "esconv"
    assert resolve("esconv", None, tmp_path, dirs, hub).path == tmp_path / "esconv"
    assert resolve("esconv", None, None, dirs, hub).hub_id == hub
    assert resolve("esconv", "org/other-esconv", None, dirs, hub).hub_id == "org/other-esconv"


def test_resolve_missing_path_or_layout_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="not found"):
        resolve("esconv", str(tmp_path / "nope.json"), None, esconv.DIR_NAMES, esconv.HUB_ID)
    with pytest.raises(UserError, match="no esconv/"):
        resolve("esconv", None, tmp_path, esconv.DIR_NAMES, esconv.HUB_ID)


@pytest.mark.parametrize(
    ("ref", "hub"),
    [("thu-coai/esconv", True), ("Amod/mental_health_counseling_conversations", True),
     ("data/esconv.json", False), ("./esconv", False), ("/abs/path", False), ("a/b/c", False)],
)  # fmt: skip
def test_hub_ids_are_told_apart_from_paths(ref, hub):
    assert looks_like_hub_id(ref) is hub


@pytest.mark.parametrize(
    ("name", "split"),
    [("train.parquet", "train"), ("valid.txt", "valid"), ("validation-00000-of-00001.parquet", "valid"),
     ("dev.tsv", "valid"), ("test.tsv", "test"), ("ESConv.json", None)],
)  # fmt: skip
def test_split_names_come_from_file_names(name, split):
    assert split_from_filename(Path(name)) == split
