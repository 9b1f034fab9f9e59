"""The preference stage (`stage: dpo`): recipe checks, and short real DPO runs on a tiny random Llama's LoRA adapter
that write a run folder with the SFT run's guarantees."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest
import yaml
from factories import one_thread, save_tiny_model, smollm2_tokenizer, tiny_lora_llama

from empathic.errors import UserError
from empathic.training.preference import load_preference_recipe, recipe_stage
from empathic.training.preference_data import read_pairs
from empathic.training.recipe import Machine

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "finetuning" / "configs" / "smollm2-135m-empathy-dpo.yaml"
CPU = Machine(cuda=False)
T4 = Machine(cuda=True, bf16=False, name="Tesla T4")
SFT_WEIGHT = 0.5

PAIRS = [
    ("I feel lonely since my cat died", "I am so sorry. Losing her must hurt. Do you want to tell me about her?", "Ok."),
    ("My exams are next week and I cannot sleep", "That sounds really stressful. What worries you most?", "Sleep more."),
    ("Nobody listens to me at home", "That must feel lonely. I am listening now.", "Fine."),
    ("I lost my job today", "I am sorry, that is a hard day. How are you holding up?", "Get another."),
]


def user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def assistant(text: str) -> list[dict]:
    return [{"role": "assistant", "content": text}]


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    with one_thread():
        yield


@pytest.fixture(scope="module")
def start(tmp_path_factory) -> dict[str, Path]:
    """A tiny base model folder, an 'SFT' LoRA adapter on it (random non-zero A and B, as a run folder holds
    it: adapter + tokenizer with the training template), and a conversational pairs file."""
    root = tmp_path_factory.mktemp("pref")
    base = save_tiny_model(smollm2_tokenizer(), root / "base")
    model, tokenizer = tiny_lora_llama()
    model.peft_config["default"].base_model_name_or_path = str(base)
    adapter = root / "sft"
    model.save_pretrained(adapter)
    tokenizer.save_pretrained(adapter)
    pairs = root / "pairs.jsonl"
    rows = [{"prompt": user(p), "chosen": assistant(c), "rejected": assistant(r), "source": "test"} for p, c, r in PAIRS]
    pairs.write_text("".join(json.dumps(row) + "\n" for row in rows * 2))
    return {"root": root, "base": base, "adapter": adapter, "pairs": pairs}


def recipe_values(start: dict[str, Path], out: Path, **changes) -> dict:
    values = {
        "stage": "dpo", "start_adapter": str(start["adapter"]), "pairs": [str(start["pairs"])], "output_dir": str(out),
        "max_steps": 2, "per_device_train_batch_size": 2, "gradient_accumulation_steps": 1, "learning_rate": 1e-3,
        "beta": 0.1, "loss_type": ["sigmoid", "sft"], "loss_weights": [1.0, SFT_WEIGHT], "max_length": 64,
        "logging_steps": 1, "precompute_ref_batch_size": 8, "warmup_steps": 0, "seed": 0,
        "dataloader_pin_memory": False,
    }
    values.update(changes)
    return values


def write_recipe(path: Path, values: dict) -> Path:
    path.write_text(yaml.safe_dump(values))
    return path


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- recipe


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"learnig_rate": 1e-4}, r"unknown key 'learnig_rate' in .*did you mean 'learning_rate'"),
        ({"lora_r": 8}, r"lora_r: a preference recipe continues start_adapter's LoRA adapter"),
        ({"pairs": ["nowhere/pairs.jsonl"]}, r"pairs: nowhere/pairs.jsonl not found"),
        ({"pairs": []}, r"the preference recipe has no pairs"),
        ({"start_adapter": None}, r"the preference recipe has no start_adapter"),
        ({"save_strategy": "steps"}, r"save_strategy='steps'; a preference run keeps no checkpoints"),
        ({"max_pairs": 0}, r"max_pairs=0; must be a whole number >= 1"),
        ({"loss_weights": [1.0]}, r"invalid recipe: `loss_weights` must have the same length as `loss_type`"),
        ({"beta": "high"}, r"beta: invalid float value: 'high'"),
    ],
)
def test_recipe_mistakes_are_one_line_user_errors(start, tmp_path, change, message):
    values = {k: v for k, v in {**recipe_values(start, tmp_path / "run"), **change}.items() if v is not None}
    with pytest.raises(UserError, match=message):
        load_preference_recipe(write_recipe(tmp_path / "dpo.yaml", values), machine=CPU)


def test_start_adapter_that_is_not_an_adapter_folder_names_the_key(start, tmp_path):
    (tmp_path / "empty").mkdir()
    values = recipe_values(start, tmp_path / "run", start_adapter=str(tmp_path / "empty"))
    with pytest.raises(UserError, match=r"start_adapter .*empty is not a PEFT adapter"):
        load_preference_recipe(write_recipe(tmp_path / "dpo.yaml", values), machine=CPU)


def test_output_dir_may_not_be_the_start_adapter(start, tmp_path):
    values = recipe_values(start, start["adapter"])
    with pytest.raises(UserError, match=r"is start_adapter's own folder"):
        load_preference_recipe(write_recipe(tmp_path / "dpo.yaml", values), machine=CPU)


def test_recipe_resolves_base_model_and_machine_like_sft(start, tmp_path):
    path = write_recipe(tmp_path / "dpo.yaml", recipe_values(start, tmp_path / "run", load_in_4bit=True))
    cpu = load_preference_recipe(path, ["learning_rate=2e-4", "loss_weights=1,0.25"], machine=CPU)
    assert cpu.model.model_name_or_path == str(start["base"])  # from the start adapter's adapter_config.json
    assert cpu.model.dtype == "float32" and cpu.model.load_in_4bit is False
    assert cpu.training.bf16 is False and cpu.training.fp16 is False  # DPOConfig alone would default to bf16
    assert any("needs a CUDA GPU" in note for note in cpu.notes)
    assert cpu.training.learning_rate == pytest.approx(2e-4) and cpu.training.loss_weights == [1.0, 0.25]
    assert cpu.training.precompute_ref_log_probs is True and cpu.training.activation_checkpointing is False
    t4 = load_preference_recipe(path, machine=T4)
    assert t4.model.dtype == "float16" and t4.training.fp16 is True and t4.training.bf16 is False
    assert t4.model.load_in_4bit is True
    again = load_preference_recipe(write_recipe(tmp_path / "again.yaml", yaml.safe_load(cpu.to_yaml())), machine=CPU)
    assert again.values == cpu.values  # config.yaml reruns the same recipe


def test_cpu_with_native_bf16_gets_the_sft_recipes_bf16_autocast_unless_cpu_speedups_is_off(start, tmp_path):
    # TRL's DPOConfig alone turns bf16 on whenever fp16 is off; here it follows the machine, as in SFT. (The
    # round-7 research runs trained under that TRL default: bf16 autocast on this kind of CPU.)
    path = write_recipe(tmp_path / "dpo.yaml", recipe_values(start, tmp_path / "run"))
    fast = load_preference_recipe(path, machine=Machine(cuda=False, cpu_bf16=True))
    assert fast.training.bf16 is True and fast.training.use_cpu is True and fast.model.dtype == "float32"
    assert any("bf16 autocast" in note for note in fast.notes) and fast.values["bf16"] is False
    plain32 = load_preference_recipe(path, ["cpu_speedups=false"], machine=Machine(cuda=False, cpu_bf16=True))
    assert plain32.training.bf16 is False and plain32.training.activation_checkpointing is True


def test_system_prompt_comes_from_the_start_adapter_and_reaches_conversational_prompts(start, tmp_path):
    import shutil

    from empathic.training.preference_data import shape_pairs

    adapter = shutil.copytree(start["adapter"], tmp_path / "sft")
    (adapter / "config.yaml").write_text(yaml.safe_dump({"system_prompt": "Be kind."}))
    values = recipe_values(start, tmp_path / "run", start_adapter=str(adapter))
    recipe = load_preference_recipe(write_recipe(tmp_path / "dpo.yaml", values), machine=CPU)
    assert recipe.script.system_prompt == "Be kind." and recipe.values["system_prompt"] == "Be kind."
    rows = [{"prompt": user("hi"), "chosen": assistant("hello"), "rejected": assistant("no")},
            {"prompt": [{"role": "system", "content": "Own."}, *user("hi")], "chosen": assistant("a"),
             "rejected": assistant("b")}]
    shaped = shape_pairs(rows, "chatml", recipe.script.system_prompt)
    assert shaped[0]["prompt"] == [{"role": "system", "content": "Be kind."}, *user("hi")]
    assert shaped[1]["prompt"][0]["content"] == "Own." and shaped[0]["chosen"] == assistant("hello")


def test_example_recipe_carries_the_research_settings(start, tmp_path):
    overrides = [f"start_adapter={start['adapter']}", f"pairs={start['pairs']}"]
    recipe = load_preference_recipe(EXAMPLE, overrides, machine=CPU)
    t = recipe.training
    assert (t.learning_rate, t.beta, t.num_train_epochs, t.max_length) == (1e-4, 1.0, 2, 384)
    assert t.per_device_train_batch_size * t.gradient_accumulation_steps == 8
    assert t.loss_type == ["sigmoid_norm", "sft"] and t.loss_weights == [1.0, 0.5] and t.precompute_ref_log_probs
    assert str(getattr(t.lr_scheduler_type, "value", t.lr_scheduler_type)) == "cosine"
    assert recipe_stage(EXAMPLE) == "dpo" and recipe_stage(REPO / "finetuning/configs/smollm2-135m-cpu.yaml") == "sft"
    with pytest.raises(UserError, match=r"stage='ppo'"):
        recipe_stage(EXAMPLE, ["stage=ppo"])


def test_help_keys_dpo_lists_trl_dpo_fields_and_ours(capsys):
    from empathic.cli import main

    assert main(["train", "--help-keys", "dpo"]) == 0
    out = capsys.readouterr().out
    for key in ("beta:", "loss_type:", "precompute_ref_log_probs:", "start_adapter:", "pairs:", "max_pairs:"):
        assert key in out


# ---------------------------------------------------------------- pairs


@pytest.mark.parametrize(
    ("second_row", "message"),
    [
        ({"prompt": user("hi"), "chosen": assistant("hello")}, r"pairs.jsonl line 2: no 'rejected' field"),
        ({"prompt": user("hi"), "chosen": user("hello"), "rejected": assistant("no")},
         r"pairs.jsonl line 2: 'chosen' must be a non-empty list of assistant messages"),
        ({"prompt": "hi", "chosen": "hello", "rejected": "no"}, r"pairs.jsonl line 2: a text pair, but .*line 1"),
        ({"prompt": assistant("hi"), "chosen": assistant("a"), "rejected": assistant("b")},
         r"line 2: the prompt's last message must be the user's"),
        ([1, 2], r"line 2: expected a JSON object"),
    ],
)
def test_bad_pair_rows_name_file_and_line(tmp_path, second_row, message):
    path = tmp_path / "pairs.jsonl"
    first = {"prompt": user("hi"), "chosen": assistant("hello there"), "rejected": assistant("no")}
    path.write_text(json.dumps(first) + "\n" + json.dumps(second_row) + "\n")
    with pytest.raises(UserError, match=message):
        read_pairs([path])


def test_text_pairs_and_several_files_are_read_in_order(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps({"prompt": "p1", "chosen": "c1", "rejected": "r1", "id": 1}) + "\n\n")
    b.write_text(json.dumps({"prompt": "p2", "chosen": "c2", "rejected": "r2"}) + "\n")
    assert read_pairs([a, b]) == [{"prompt": "p1", "chosen": "c1", "rejected": "r1"},
                                  {"prompt": "p2", "chosen": "c2", "rejected": "r2"}]


# ---------------------------------------------------------------- runs


class Record:
    """A Trainer callback that looks at the model when training starts (TRL has set up the reference by then)."""

    def __init__(self) -> None:
        self.seen: dict = {}

    def callback(self):
        from transformers import TrainerCallback

        record = self

        class _Look(TrainerCallback):
            def on_train_begin(self, args, state, control, model=None, **kwargs):
                params = dict(model.named_parameters())
                record.seen = {
                    "adapters": sorted(model.peft_config),
                    "ref_trainable": [n for n, p in params.items() if ".ref." in n and p.requires_grad],
                    "default_trainable": [n for n, p in params.items() if ".default." in n and p.requires_grad],
                    "ref": {n.replace(".ref.", "."): p.detach().clone() for n, p in params.items() if ".ref." in n},
                }

        return _Look()


class Boom(Exception):
    pass


def interrupt_at_step(step: int, error: BaseException):
    from transformers import TrainerCallback

    class _Interrupt(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            if state.global_step >= step:
                raise error

    return _Interrupt()


@pytest.fixture(scope="module")
def trained(start):
    """A 2-step DPO run (sigmoid + 0.5 x sft) continuing the tiny adapter; the start folder's digest before it."""
    from empathic.training.preference_train import train_preference

    out = start["root"] / "runs" / "dpo"
    before = folder_digest(start["adapter"])
    config = write_recipe(start["root"] / "dpo.yaml", recipe_values(start, out))
    record = Record()
    result = train_preference(load_preference_recipe(config, machine=CPU), callbacks=[record.callback()])
    return {"run": out, "config": config, "result": result, "seen": record.seen, "before": before}


def test_run_folder_is_complete_and_holds_only_the_trained_adapter(trained, start):
    from empathic.durable import manifest_problems

    run = trained["run"]
    for name in ("adapter_model.safetensors", "adapter_config.json", "tokenizer.json", "tokenizer_config.json",
                 "chat_template.jinja", "config.yaml", "metrics.json", "README.md", "COMPLETE"):
        assert (run / name).is_file(), name
    assert manifest_problems(run, hashes=True) == []
    assert not (run / "ref").exists() and not any(run.glob("checkpoint-*"))  # no frozen copy, no checkpoints
    assert json.loads((run / "adapter_config.json").read_text())["base_model_name_or_path"] == str(start["base"])
    assert (run / "chat_template.jinja").read_text() == (start["adapter"] / "chat_template.jinja").read_text()
    saved = yaml.safe_load((run / "config.yaml").read_text())
    assert saved["stage"] == "dpo" and saved["loss_type"] == ["sigmoid", "sft"] and saved["bf16"] is False


def test_adapter_loads_with_plain_peft_differs_from_the_start_and_the_start_is_unchanged(trained, start):
    import torch
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM

    run = trained["run"]
    assert folder_digest(start["adapter"]) == trained["before"]
    tuned, begun = load_file(run / "adapter_model.safetensors"), load_file(start["adapter"] / "adapter_model.safetensors")
    assert tuned.keys() == begun.keys()
    assert any(not torch.equal(tuned[k], begun[k]) for k in tuned)
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(start["base"]), run)
    assert list(model.peft_config) == ["default"]
    ids = torch.tensor([[1, 2, 3, 4]])
    with torch.no_grad():
        after = model(ids).logits
        model.load_adapter(str(start["adapter"]), adapter_name="start")
        model.set_adapter("start")
        before = model(ids).logits
    assert not torch.allclose(before, after)


def test_reference_is_the_frozen_start_adapter(trained, start):
    from safetensors.torch import load_file

    seen = trained["seen"]
    assert seen["adapters"] == ["default", "ref"]
    assert seen["ref_trainable"] == [] and seen["default_trainable"]
    begun = load_file(start["adapter"] / "adapter_model.safetensors")
    ref = {k.replace("base_model.model.", "").replace(".weight", ""): v for k, v in seen["ref"].items()}
    for key, tensor in begun.items():
        name = key.replace("base_model.model.", "").replace(".weight", "")
        assert (ref[name] == tensor).all(), key
    first = trained["result"].metrics["train"]["first"]
    assert first["step"] == 1 and abs(first["rewards/chosen"]) < 1e-4 and abs(first["rewards/margins"]) < 1e-4


def test_sft_term_reaches_dpo_and_the_log_is_in_metrics(trained):
    m = trained["result"].metrics
    assert m["loss"]["types"] == ["sigmoid", "sft"] and m["loss"]["weights"] == [1.0, SFT_WEIGHT]
    log = m["train"]["log"]
    assert [e["step"] for e in log] == [1, 2] and m["train"]["global_step"] == 2
    for key in ("rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "logps/chosen",
                "logps/rejected", "loss"):
        assert key in log[-1], key
    # At step 1 the policy is the reference: the sigmoid term is exactly log 2, the rest is 0.5 x NLL(chosen).
    assert log[0]["loss"] > math.log(2) + 1.0
    assert m["pairs"] == {"files": [str(Path(m["pairs"]["files"][0]))], "used": 8, "trained": 8}
    assert json.loads((trained["run"] / "metrics.json").read_text())["train"]["log"] == log


def test_cli_reports_finished_run_and_refuses_to_overwrite_without_the_flag(trained, capsys):
    from empathic.cli import main

    config = str(trained["config"])
    assert main(["train", "--config", config, "--resume"]) == 0
    assert "already finished" in capsys.readouterr().out
    assert main(["train", "--config", config]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already holds a run" in err[0] and "--overwrite" in err[0]


def test_interrupted_overwrite_keeps_the_finished_run_then_overwrite_replaces_it(trained, capsys):
    from empathic.cli import main
    from empathic.durable import manifest_problems
    from empathic.training.preference_train import train_preference

    run = trained["run"]
    old = folder_digest(run)
    recipe = load_preference_recipe(trained["config"], ["max_steps=3"], machine=CPU)
    with pytest.raises(Boom):
        train_preference(recipe, overwrite=True, callbacks=[interrupt_at_step(1, Boom())])
    assert folder_digest(run) == old and not list(run.parent.glob(f".{run.name}.replaced"))
    argv = ["train", "--config", str(trained["config"]), "--set", "max_steps=3", "--overwrite",
            "--push-to-hub", "someone/empathic-dpo-test", "--dry-run"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "steps 3" in out and "reward margin" in out and "would upload" in out and "  README.md" in out
    assert json.loads((run / "metrics.json").read_text())["train"]["global_step"] == 3
    assert "# someone/empathic-dpo-test" in (run / "README.md").read_text() and manifest_problems(run) == []
    assert folder_digest(run) != old and not list(run.parent.glob(f".{run.name}.replaced"))


def test_interrupted_fresh_run_leaves_no_folder(start, tmp_path):
    from empathic.training.preference_train import train_preference

    out = tmp_path / "fresh"
    recipe = load_preference_recipe(write_recipe(tmp_path / "dpo.yaml", recipe_values(start, out)), machine=CPU)
    with pytest.raises(UserError, match=r"training interrupted; .*fresh is as it was"):
        train_preference(recipe, callbacks=[interrupt_at_step(1, KeyboardInterrupt())])
    assert not out.exists()
