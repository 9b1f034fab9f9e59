"""Multi-task SFT: temperature mixing, training rows, the collator, and training through the trainer."""

from __future__ import annotations

import json
from collections import Counter

import pytest
import torch
from factories import smollm2_tokenizer, tiny_model
from fixtures.heads.build_fixtures import PREPARED

from empathic.io import read_jsonl
from empathic.labels import ED_EMOTIONS, GOEMOTIONS, IGNORE_INDEX
from empathic.modeling.heads import STRATEGIES, HeadsConfig, load_heads
from empathic.modeling.templates import tokenize_for_training
from empathic.training.data import read_classification
from empathic.training.multitask import MultiTaskCollator, TemperatureSampler, mixing_probabilities
from empathic.training.multitask_data import distinct_examples, encode_example, encode_records


@pytest.fixture(scope="module")
def tokenizer():
    return smollm2_tokenizer()


# ---------------------------------------------------------------- mixing


def test_mixing_probabilities_follow_n_to_the_alpha():
    counts = {"big": 40_000, "mid": 10_000, "small": 2_500}
    p = mixing_probabilities(counts, 0.5)
    assert p["big"] == pytest.approx(200 / 350) and p["mid"] == pytest.approx(100 / 350)
    assert p["small"] == pytest.approx(50 / 350)
    assert mixing_probabilities(counts, 1.0)["big"] == pytest.approx(40_000 / 52_500)
    assert mixing_probabilities(counts, 0.0)["small"] == pytest.approx(1 / 3)
    assert "empty" not in mixing_probabilities({**counts, "empty": 0}, 0.5)


def test_sampler_draws_sources_in_proportion_to_n_to_the_alpha():
    sizes = {0: 90_000, 1: 10_000, 2: 1_000}
    source_ids = [s for s, n in sizes.items() for _ in range(n)]
    sampler = TemperatureSampler(source_ids, alpha=0.5, num_samples=200_000, seed=1)
    drawn = Counter(source_ids[i] for i in sampler)
    expected = mixing_probabilities({str(s): n for s, n in sizes.items()}, 0.5)
    for s in sizes:
        assert drawn[s] / 200_000 == pytest.approx(expected[str(s)], abs=0.005)
    # The small source is over-sampled relative to its natural 1 % share, the big one under-sampled.
    assert drawn[2] / 200_000 > 0.05 and drawn[0] / 200_000 < 0.7


def test_sampler_visits_each_example_once_before_repeating_and_is_seeded():
    source_ids = [0] * 5 + [1] * 50
    sampler = TemperatureSampler(source_ids, alpha=1.0, num_samples=50, seed=3)
    first = list(sampler)
    small = [i for i in first if i < 5]
    for start in range(0, len(small) - 4, 5):
        assert sorted(small[start : start + 5]) == [0, 1, 2, 3, 4]
    assert first == list(TemperatureSampler(source_ids, alpha=1.0, num_samples=50, seed=3))
    sampler.set_epoch(1)
    assert list(sampler) != first and len(sampler) == 50


def test_upsampling_copies_are_dropped_before_mixing():
    records = read_jsonl(PREPARED / "train.jsonl")
    kept = distinct_examples(records)
    assert len(kept) == len(records) - 1 and not any(str(r["id"]).endswith("#r1") for r in kept)


# ---------------------------------------------------------------- rows


def test_sft_row_labels_are_the_training_assistant_mask(tokenizer):
    messages = [{"role": "user", "content": "My dog passed away."}, {"role": "assistant", "content": "I'm so sorry."}]
    row = encode_example(tokenizer, messages, source_id=0, emotion="sad")
    reference = tokenize_for_training(tokenizer, messages)
    assert row["input_ids"] == reference["input_ids"] and row["labels"] == reference["labels"]
    assert row["ed_label"] == ED_EMOTIONS.index("sad") and row["go_targets"] == []
    start, end = row["emo_span"]
    assert tokenizer.decode(row["input_ids"][start:end]) == "My dog passed away."


def test_goemotions_row_is_one_user_turn_with_no_lm_loss_and_all_its_labels(tokenizer):
    messages = [{"role": "user", "content": "I can't believe they cancelled it."}]
    row = encode_example(tokenizer, messages, source_id=4, go_labels=["disappointment", "surprise", "not-a-label"])
    assert all(t == IGNORE_INDEX for t in row["labels"])
    hot = [GOEMOTIONS[i] for i, v in enumerate(row["go_targets"]) if v == 1.0]
    assert hot == ["disappointment", "surprise"]  # multi-label kept, unknown names ignored
    assert row["ed_label"] == IGNORE_INDEX and row["strat_labels"] == []
    assert tokenizer.decode(row["input_ids"][slice(*row["emo_span"])]) == messages[0]["content"]


def test_strategy_items_pair_each_labelled_reply_with_the_user_turn_before_it(tokenizer):
    messages = [
        {"role": "user", "content": "first worry"}, {"role": "assistant", "content": "a"},
        {"role": "user", "content": "second worry"}, {"role": "assistant", "content": "b"},
        {"role": "user", "content": "third worry"}, {"role": "assistant", "content": "c"},
    ]
    row = encode_example(tokenizer, messages, source_id=1, strategies=["Question", None, "Bogus"])
    assert row["strat_labels"] == [STRATEGIES.index("Question")]  # null and unknown names carry no label
    assert tokenizer.decode(row["input_ids"][slice(*row["strat_spans"][0])]) == "first worry"
    row = encode_example(tokenizer, messages, source_id=1, strategies=["Question", "Information", "Others"])
    texts = [tokenizer.decode(row["input_ids"][a:b]) for a, b in row["strat_spans"]]
    assert texts == ["first worry", "second worry", "third worry"]
    assert row["emo_span"] == [0, 0]  # no emotion label: nothing pooled for the emotion head


def test_truncation_clips_spans_and_drops_items_beyond_max_length(tokenizer):
    messages = [
        {"role": "user", "content": "first worry"}, {"role": "assistant", "content": "a"},
        {"role": "user", "content": "second worry"}, {"role": "assistant", "content": "b"},
    ]
    full = encode_example(tokenizer, messages, source_id=1, strategies=["Question", "Information"])
    cut = full["strat_spans"][1][0]  # truncate right where the second user turn starts
    row = encode_example(tokenizer, messages, source_id=1, strategies=["Question", "Information"], max_length=cut)
    assert len(row["input_ids"]) == cut and row["strat_labels"] == [STRATEGIES.index("Question")]


def test_encode_records_maps_sources_and_keeps_every_labelled_row(tokenizer):
    records = read_jsonl(PREPARED / "train.jsonl")
    go = read_classification(PREPARED, "train")
    data = encode_records(tokenizer, records, go, family="chatml", max_length=256)
    counts = data.counts()
    assert counts["goemotions"] == len(go) and counts["empathetic_dialogues"] == 16 and not data.dropped
    dataset = data.to_dataset()
    assert len(dataset) == len(records) + len(go)
    assert set(dataset.column_names) >= {"input_ids", "labels", "emo_span", "strat_spans", "source_id"}


def test_collator_pads_lm_fields_like_trl_and_stacks_head_inputs(tokenizer):
    rows = [
        encode_example(tokenizer, [{"role": "user", "content": "so happy"}], source_id=2, go_labels=["joy"]),
        encode_example(tokenizer, [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hey"},
                                   {"role": "user", "content": "sad"}, {"role": "assistant", "content": "oh"}],
                       source_id=0, strategies=["Question", "Others"]),
    ]
    batch = MultiTaskCollator(pad_token_id=tokenizer.pad_token_id)(rows)
    width = max(len(r["input_ids"]) for r in rows)
    assert batch["input_ids"].shape == (2, width) and batch["attention_mask"][0].sum() == len(rows[0]["input_ids"])
    assert (batch["labels"][0] == IGNORE_INDEX).all()
    assert batch["go_mask"].tolist() == [True, False] and batch["go_targets"][0, GOEMOTIONS.index("joy")] == 1
    assert batch["strat_spans"].shape == (2, 2, 2)
    assert batch["strat_labels"].tolist() == [[IGNORE_INDEX, IGNORE_INDEX], [0, 7]]
    assert batch["source_id"].tolist() == [2, 0]


# ---------------------------------------------------------------- training through the trainer


def _trainer(tokenizer, out_dir, heads: HeadsConfig, steps: int, lr: float = 5e-3, accumulate: int = 2):
    from peft import LoraConfig
    from trl import SFTConfig

    from empathic.training.multitask import build_multitask_trainer

    args = SFTConfig(
        output_dir=str(out_dir), max_steps=steps, per_device_train_batch_size=2,
        gradient_accumulation_steps=accumulate, learning_rate=lr, lr_scheduler_type="constant", logging_steps=1,
        report_to="none", save_strategy="no", eval_strategy="no", max_length=80, assistant_only_loss=True,
        use_cpu=True, seed=5, disable_tqdm=True,
    )
    return build_multitask_trainer(
        model=tiny_model(tokenizer, seed=1), args=args, processing_class=tokenizer,
        train_records=read_jsonl(PREPARED / "train.jsonl"), eval_records=read_jsonl(PREPARED / "valid.jsonl"),
        heads_config=heads, classification_rows=read_classification(PREPARED, "train"),
        peft_config=LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM"),
    )


def _fixed_batch_losses(trainer) -> dict[str, float]:
    """Head and LM losses on a fixed batch of every source (no dropout, no gradients)."""
    from empathic.modeling.heads import capture_hidden, head_forward

    rows = [trainer.train_dataset[i] for i in range(0, len(trainer.train_dataset), 5)]
    batch = trainer.data_collator(rows)
    model = trainer.model
    model.eval()
    with torch.no_grad(), capture_hidden(model) as store:
        out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["labels"])
        heads = head_forward(trainer.heads, store["hidden"], batch)
    model.train()
    return {"lm": float(out.loss), "emotion": float(heads.emotion_loss), "strategy": float(heads.strategy_loss)}


@pytest.mark.slow
def test_a_few_multitask_steps_lower_every_loss_and_save_the_heads(tokenizer, tmp_path):
    trainer = _trainer(tokenizer, tmp_path, HeadsConfig(emotion=True, strategy=True, learning_rate=3e-2), steps=4)
    assert {g.get("name") for g in trainer.create_optimizer().param_groups} >= {"heads"}
    before = _fixed_batch_losses(trainer)
    trainer.train()
    after = _fixed_batch_losses(trainer)
    for name in ("lm", "emotion", "strategy"):
        assert after[name] < before[name], (name, before, after)

    logs = [e for e in trainer.state.log_history if "loss" in e]
    assert any({"lm_loss", "emotion_loss", "strategy_loss"} <= set(e) for e in logs)
    mixed = Counter()
    for entry in logs:  # per-window source counts add up to every example drawn
        mixed.update({k.removeprefix("mix/"): v for k, v in entry.items() if k.startswith("mix/")})
    assert sum(mixed.values()) == 4 * 2 * 2 and "goemotions" in mixed
    assert set(trainer.mix_probabilities) == {"empathetic_dialogues", "esconv", "counsel_chat", "goemotions"}

    metrics = trainer.evaluate()
    assert "eval_loss" in metrics and "eval_strategy_loss" in metrics
    # eval_loss is the LM loss alone (the Trainer weights batches by size, the log averages them: close,
    # not equal); the head terms (0.2 x ~3.5 here) would show.
    assert metrics["eval_loss"] == pytest.approx(metrics["eval_lm_loss"], abs=0.05)
    test = trainer.encode_for_eval(read_jsonl(PREPARED / "test.jsonl"))
    assert "test_loss" in trainer.evaluate(eval_dataset=test, metric_key_prefix="test")

    trainer.save_model(str(tmp_path / "final"))
    reloaded = load_heads(tmp_path / "final")
    x = torch.randn(3, reloaded.hidden_size)
    torch.testing.assert_close(reloaded.emotion_logits(x), trainer.heads.emotion_logits(x))
    saved = json.loads((tmp_path / "final" / "heads_config.json").read_text())
    assert saved["config"]["lambda_strategy"] == 0.2 and saved["mix_probabilities"]


@pytest.mark.slow
def test_without_heads_the_trainer_is_plain_sft_on_the_same_stream(tokenizer, tmp_path):
    trainer = _trainer(tokenizer, tmp_path, HeadsConfig(classification=True), steps=2, accumulate=1)
    assert trainer.heads is None
    trainer.train()
    assert not (tmp_path / "heads.safetensors").exists()
    logs = [e for e in trainer.state.log_history if "loss" in e]
    assert all("emotion_loss" not in e and "strategy_loss" not in e for e in logs)
    assert sum(v for e in logs for k, v in e.items() if k.startswith("mix/")) == 2 * 2


def test_training_loss_is_the_weighted_sum_of_the_three_terms(tokenizer, tmp_path):
    from empathic.modeling.heads import capture_hidden, head_forward

    cfg = HeadsConfig(emotion=True, strategy=True, lambda_lm=0.5, lambda_emotion=0.3, lambda_strategy=0.7)
    trainer = _trainer(tokenizer, tmp_path, cfg, steps=1, accumulate=1)
    rows = [trainer.train_dataset[i] for i in range(0, len(trainer.train_dataset), 5)]
    batch = trainer.data_collator(rows)
    assert batch["go_mask"].any() and (batch["ed_label"] != IGNORE_INDEX).any() and batch["strat_labels"].numel()
    model = trainer.model
    model.train()
    trainer.current_gradient_accumulation_steps = 1
    n_tokens = (batch["labels"][:, 1:] != IGNORE_INDEX).sum()
    total = trainer.compute_loss(model, dict(batch), num_items_in_batch=n_tokens)
    with torch.no_grad(), capture_hidden(model) as store:
        lm = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=batch["labels"]).loss
        heads = head_forward(trainer.heads, store["hidden"], batch)
    expected = 0.5 * lm + 0.3 * heads.emotion_loss + 0.7 * heads.strategy_loss
    assert float(total) == pytest.approx(float(expected), rel=1e-4)
    assert heads.emotion_loss > 0 and heads.strategy_loss > 0  # every declared term is computed
