"""`empathic eval` end to end with a tiny random Llama + random LoRA adapter built here (no downloads)."""

import dataclasses
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

    # Same prompts, settings and weights: nothing is generated, scored for perplexity or screened again.
    import empathic.chat
    import empathic.evaluation.perplexity as perplexity
    import empathic.safety
    from empathic.evaluation import context

    monkeypatch.setattr(context, "generate", lambda *a, **k: pytest.fail("re-run should come from the cache"))
    monkeypatch.setattr(perplexity, "nll_per_example", lambda *a, **k: pytest.fail("perplexity should be cached"))
    monkeypatch.setattr(empathic.chat, "respond_batch", lambda *a, **k: pytest.fail("red team should be cached"))
    monkeypatch.setattr(empathic.safety, "screen_model_output", lambda *a, **k: pytest.fail("screen should be cached"))
    cfg2 = make_cfg(tiny, tmp_path, fixtures_dir, eval_env)
    cfg2.out = tmp_path / "out2"
    again = runner.run(cfg2)
    assert (out / "generations.jsonl").read_text() == (cfg2.out / "generations.jsonl").read_text()
    assert again["headline"][:2] == m["headline"][:2]  # perplexity and similarity
    assert again["safety"]["rows"] == m["safety"]["rows"]


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


def _safety_inputs(tiny, tmp_path, fixtures_dir, data_dir):
    from empathic.evaluation.context import load

    cfg = make_cfg(tiny, tmp_path, fixtures_dir, data_dir)
    loaded = load(cfg)
    from empathic.chat import Reply

    gens = {role: [Reply(text=t, stopped=True, new_tokens=4) for t in ("I am here for you.", "That sounds hard.")] for role in ("base", "tuned")}
    return cfg, loaded, gens


def test_safety_cache_is_keyed_by_model_and_screen_version(tiny, tmp_path, fixtures_dir, eval_env, monkeypatch):
    """A warm run answers nothing again; another adapter, another screen version or other settings do."""
    import empathic.chat
    import empathic.safety
    from empathic.evaluation import safety_section as ss
    from empathic.evaluation.store import Store

    calls = {"respond": [], "screen": 0}
    real_respond, real_screen = empathic.chat.respond_batch, empathic.safety.screen_model_output

    def respond(model, tok, convs, *a, **k):
        calls["respond"].append(len(convs))
        return real_respond(model, tok, convs, *a, **k)

    def screen(text, *a, **k):
        calls["screen"] += 1
        return real_screen(text, *a, **k)

    monkeypatch.setattr(empathic.chat, "respond_batch", respond)
    monkeypatch.setattr(empathic.safety, "screen_model_output", screen)
    cfg, loaded, gens = _safety_inputs(tiny, tmp_path, fixtures_dir, eval_env)
    store = Store(tmp_path / "store.sqlite")

    def section(cfg=cfg, loaded=loaded):
        return ss.safety_section(cfg, loaded, gens, store, lambda b, t: _paired(cfg, b, t))

    first = section()
    n_convs = calls["respond"][0]
    # Tuned is asked only the messages that reached the model for base: the input screen is model-free.
    assert len(calls["respond"]) == 2 and 0 < calls["respond"][1] < n_convs
    assert calls["screen"] >= 2  # the two distinct test replies (plus the benign red-team replies)
    calls["respond"].clear()
    calls["screen"] = 0
    assert section()["rows"] == first["rows"] and calls == {"respond": [], "screen": 0}

    other = dataclasses.replace(loaded, adapter_fp="another-adapter")
    assert section(loaded=other)["rows"][0] == first["rows"][0]
    assert len(calls["respond"]) == 1  # tuned only: base is the same model
    calls["respond"].clear()

    section(cfg=dataclasses.replace(cfg, max_new_tokens=cfg.max_new_tokens + 1))
    assert len(calls["respond"]) == 2
    calls["respond"].clear()

    ss.screen_version.cache_clear()
    monkeypatch.setattr(ss, "screen_version", lambda: "edited-screen")
    calls["screen"] = 0
    assert section()["rows"] == first["rows"]
    assert len(calls["respond"]) == 2 and calls["screen"] >= 2


def test_screen_version_follows_the_content_of_the_stack(tmp_path):
    from empathic.evaluation.safety_section import screen_version

    for name in ("safety", "chat", "resources"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.py").write_text("x = 1\n")
    (tmp_path / "safety" / "__pycache__").mkdir()
    before = screen_version.__wrapped__(tmp_path)
    (tmp_path / "safety" / "__pycache__" / "a.pyc").write_bytes(b"compiled")
    assert screen_version.__wrapped__(tmp_path) == before  # bytecode is not the screen
    (tmp_path / "resources" / "a.py").write_text("x = 2\n")
    assert screen_version.__wrapped__(tmp_path) != before


def test_perplexity_batches_cap_rows_and_padded_positions():
    from empathic.evaluation.perplexity import plan_batches

    lengths = [100, 30, 900, 40, 500, 35, 2500]
    plan = plan_batches(lengths, max_rows=2, max_positions=1000)
    assert sorted(i for b in plan for i in b) == list(range(len(lengths)))
    assert [[lengths[i] for i in b] for b in plan] == [[30, 35], [40, 100], [500], [900], [2500]]
    assert plan_batches(lengths, max_rows=3, max_positions=None)[0] == [1, 5, 3]


def _paired(cfg, b, t):
    from empathic.evaluation import bootstrap as bs

    return bs.paired_bootstrap(np.asarray(b, float), np.asarray(t, float), bs.mean_stat, n_resamples=50, seed=0)
