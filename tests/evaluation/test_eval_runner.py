"""`empathic eval` end to end with a tiny random Llama + random LoRA adapter built here (no downloads)."""

import json

import numpy as np
import pytest
from test_eval_classifiers import write_epitome, write_goemotions

from empathic.cli import main
from empathic.evaluation import runner

torch = pytest.importorskip("torch")
CHATML = (
    "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A 2-layer Llama with a byte-level BPE tokenizer and a ChatML template, plus a LoRA adapter whose
    weights are random (not zero), so tuned replies differ from base ones."""
    from factories import tiny_model
    from peft import LoraConfig, get_peft_model
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    root = tmp_path_factory.mktemp("tiny")
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<pad>"]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = ["I am so sorry to hear that.", "How are you feeling today?", "That sounds hard.",
              "user assistant system", "Congratulations on the new job!"] * 5
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=300, special_tokens=specials,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    hf_tok = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<pad>",
                                     bos_token="<|endoftext|>", unk_token="<|endoftext|>")
    hf_tok.chat_template = CHATML
    model = tiny_model(hf_tok, hidden=32, max_positions=1024)
    base = root / "base"
    model.save_pretrained(base)
    hf_tok.save_pretrained(base)
    peft_model = get_peft_model(model, LoraConfig(r=4, lora_alpha=16, target_modules=["q_proj", "v_proj"],
                                                  init_lora_weights=False))
    adapter = root / "adapter"
    peft_model.save_pretrained(adapter)
    cfg_path = adapter / "adapter_config.json"
    conf = json.loads(cfg_path.read_text())
    conf["base_model_name_or_path"] = str(base)
    cfg_path.write_text(json.dumps(conf))
    return base, adapter


@pytest.fixture
def eval_env(tmp_path, monkeypatch, fixtures_dir):
    monkeypatch.setenv("EMPATHIC_CACHE", str(tmp_path / "cache"))
    data_dir = tmp_path / "shared"
    write_epitome(data_dir / "epitome", n_posts=30)
    write_goemotions(data_dir / "goemotions", n=(100, 40, 40))
    return data_dir


def make_cfg(tiny, tmp_path, fixtures_dir, data_dir, **kw):
    base, adapter = tiny
    return runner.EvalConfig(
        data=fixtures_dir / "eval" / "chat_small.jsonl", out=tmp_path / "out", base=str(base), adapter=str(adapter),
        max_new_tokens=6, batch_size=4, eqbench_file=fixtures_dir / "eval" / "eqbench_small.json",
        eqbench_max_new_tokens=6, data_dir=data_dir, n_resamples=200, threads=1, safety_benign_limit=4, **kw,
    )


def test_runner_end_to_end_then_rerun_from_cache(tiny, tmp_path, fixtures_dir, eval_env, monkeypatch):
    cfg = make_cfg(tiny, tmp_path, fixtures_dir, eval_env)
    m = runner.run(cfg)
    out = cfg.out
    gens = [json.loads(line) for line in (out / "generations.jsonl").read_text().splitlines()]
    assert len(gens) == 6 and m["meta"]["n_skipped"] == 3
    assert all(set(g) >= {"prompt", "reference", "base", "tuned"} for g in gens)
    assert any(g["base"] != g["tuned"] for g in gens)  # the random adapter changes replies
    assert all(g["base_new_tokens"] <= 6 for g in gens)
    keys = [r["key"] for r in m["headline"]]
    assert keys[:3] == ["perplexity", "similarity", "bleu"] and "stopped" in keys
    ppl = m["headline"][0]
    assert ppl["n"] == 6 and ppl["base"] > 1 and ppl["tuned"] > 1 and ppl["base"] != ppl["tuned"]
    assert m["epitome"]["available"] and len(m["epitome"]["rows"]) == 3
    # The default judge is the pair-reading cross-encoder, with length bands and the curation scorer beside it.
    assert set(m["epitome"]["length_bands"]) == set(m["epitome"]["classifier"]) == {r["key"] for r in m["epitome"]["rows"]}
    assert set(m["epitome"]["curation_scorer"]["agreement_with_judge_on_replies"]) == set(m["epitome"]["classifier"])
    assert m["emotions"]["available"] and m["emotions"]["distress"]["from_label"] == 5
    assert m["eqbench"]["base"]["n_questions"] == 2 and m["eqbench"]["base"]["parse_rate"] == 0
    escalated, benign, replaced = m["safety"]["rows"]
    assert escalated["base"] == escalated["tuned"] > 0.5  # the crisis screen runs before either model
    assert "of 4)" in benign["label"] and 0 <= benign["base"] <= 1
    assert replaced["base"] is not None
    saved = json.loads((out / "metrics.json").read_text())
    assert saved["headline"] == json.loads(json.dumps(m["headline"]))
    report = (out / "report.md").read_text()
    assert "## Headline: base vs tuned" in report and "differences.png" in report
    assert (out / "differences.png").is_file() and (out / "eqbench_outputs.jsonl").is_file()

    # Same prompts, settings and weights: nothing is generated or scored for perplexity again.
    from empathic.evaluation import context

    monkeypatch.setattr(context, "generate", lambda *a, **k: pytest.fail("re-run should come from the cache"))
    import empathic.evaluation.perplexity as perplexity

    monkeypatch.setattr(perplexity, "nll_per_example", lambda *a, **k: pytest.fail("perplexity should be cached"))
    cfg2 = make_cfg(tiny, tmp_path, fixtures_dir, eval_env)
    cfg2.out = tmp_path / "out2"
    again = runner.run(cfg2)
    assert (out / "generations.jsonl").read_text() == (cfg2.out / "generations.jsonl").read_text()
    assert again["headline"][:2] == m["headline"][:2]  # perplexity and similarity


def test_base_replies_are_the_plain_base_model(tiny, tmp_path, fixtures_dir, eval_env):
    from empathic.chat import generate_batch
    from empathic.evaluation.generation import GenSettings
    from empathic.modeling.loading import load_model_and_tokenizer

    cfg = make_cfg(tiny, tmp_path, fixtures_dir, eval_env, eqbench=False, classifiers=False, perplexity=False,
                   safety=False)
    runner.run(cfg)
    gens = [json.loads(line) for line in (cfg.out / "generations.jsonl").read_text().splitlines()]
    model, tok = load_model_and_tokenizer(str(tiny[0]), None)  # no adapter at all
    plain = generate_batch(model, tok, [g["prompt"] for g in gens], GenSettings(6, 1).chat_settings())
    assert [r.text for r in plain] == [g["base"] for g in gens]


def test_hub_id_offline_is_one_clear_line(tiny, tmp_path, fixtures_dir, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("EMPATHIC_CACHE", str(tmp_path / "cache"))
    code = main(["eval", "--base", "someone/not-here", "--adapter", str(tiny[1]),
                 "--data", str(fixtures_dir / "eval" / "chat_small.jsonl"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "someone/not-here" in err and "local folder" in err


def test_missing_data_file_is_a_user_error(tmp_path, capsys):
    code = main(["eval", "--data", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o"), "--no-eqbench"])
    assert code == 2 and "--data" in capsys.readouterr().err


def test_perplexity_matches_the_models_own_loss_despite_padding(tiny):
    from empathic.evaluation.perplexity import nll_per_example, perplexity, tokenize_all
    from empathic.modeling.loading import load_model_and_tokenizer

    model, tok = load_model_and_tokenizer(str(tiny[0]), None)
    convs = [[{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello there, how are you?"}],
             [{"role": "user", "content": "My dog died and I feel awful about it."},
              {"role": "assistant", "content": "I am so sorry."}],
             [{"role": "user", "content": "x"}, {"role": "assistant", "content": "ok"},
              {"role": "user", "content": "and?"}, {"role": "assistant", "content": "That sounds hard."}]]
    enc = tokenize_all(tok, convs)
    stats = nll_per_example(model, enc, batch_size=2, pad_id=tok.pad_token_id)  # rows padded to each other
    for e, (nll_sum, n_tokens) in zip(enc, stats, strict=True):
        ids = torch.tensor([e["input_ids"]])
        labels = torch.tensor([e["labels"]])
        with torch.no_grad():
            mean_nll = model(input_ids=ids, labels=labels).loss.item()  # HF shifts labels itself
        assert n_tokens == sum(t != -100 for t in e["labels"][1:])
        assert nll_sum / n_tokens == pytest.approx(mean_nll, rel=1e-4)
    assert perplexity(stats) == pytest.approx(float(np.exp(stats[:, 0].sum() / stats[:, 1].sum())))


def test_runner_with_judge_counts_failures(tiny, tmp_path, fixtures_dir, eval_env):
    from test_eval_judge import GOOD, Server, completion

    server = Server()
    try:
        server.queue += [(200, completion(json.dumps(GOOD)))] * 11 + [(200, completion("no scores, sorry"))]
        cfg = make_cfg(tiny, tmp_path, fixtures_dir, eval_env, eqbench=False, classifiers=False, perplexity=False,
                       safety=False, judge_url=server.url, judge_model="judge-x", judge_retries=0)
        m = runner.run(cfg)
    finally:
        server.close()
    judge = m["judge"]
    assert judge["n_failed"] == 1 and len(server.requests) == 12
    rows = {r["key"]: r for r in judge["rows"]}
    assert rows["judge_warmth"]["n"] == 5  # the last tuned reply's judgement failed: that pair is dropped
    assert rows["judge_warmth"]["base"] == 7 and rows["judge_warmth"]["within_noise"]
    assert rows["judge_moralising"]["better"] == "lower"
    assert len(json.loads((cfg.out / "judgements.json").read_text())["tuned"]) == 6
