"""`empathic chat` driven through `empathic.cli.main`, with piped stdin, --prompt and batch files.

The model is the ChatML run-on fixture: it always answers "Sure, I hear you." and then invents the
user's next turn, so every reply line below also re-checks single-turn enforcement end to end.
"""

from __future__ import annotations

import io
import json
import sys

import pytest
from fixtures.chat.tiny_models import FIRST_TURN, GenerateSpy, load, runon_model

import empathic.chat.cli
from empathic.chat.respond import ASK_FOR_MORE
from empathic.cli import main
from empathic.safety import ai_disclosure, escalation_reply

MODEL = "runon-chatml-text"
CRISIS = "I want to kill myself"

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture
def chat(monkeypatch, capsys):
    """chat(*args, stdin=None) -> (exit code, stdout, stderr), greedy, on the run-on model."""

    def run(*args, stdin=None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", stdin if not isinstance(stdin, str) else io.StringIO(stdin))
        base = ["--base", str(runon_model(MODEL)), "--temperature", "0", "--repetition-penalty", "1"]
        if "--adapter" not in args and "--base" not in args:
            base.append("--no-adapter")
        code = main(["chat", *base, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def conversations(monkeypatch):
    """Every conversation the CLI hands to the chat engine."""
    seen = []
    real = empathic.chat.cli.stream_respond

    def recording(model, tokenizer, messages, *rest, **kwargs):
        seen.append([dict(m) for m in messages])
        return real(model, tokenizer, messages, *rest, **kwargs)

    monkeypatch.setattr(empathic.chat.cli, "stream_respond", recording)
    return seen


@pytest.fixture
def spy(monkeypatch):
    """Counts the model's generate calls when the CLI loads the run-on model."""
    model, tokenizer = load(MODEL)
    fake = GenerateSpy(model, tokenizer)
    monkeypatch.setattr(model, "generate", fake)
    monkeypatch.setattr(empathic.chat.cli, "load", lambda base, adapter, **options: (model, tokenizer))
    return fake


# --- interactive, piped -----------------------------------------------------------------------


def test_piped_session_one_reply_line_per_message_with_commands(chat, conversations):
    stdin = "/help\nI had a bad day\nhello again\n/reset\ntell me more\n   \n/quit\nnever read\n"
    code, out, err = chat(stdin=stdin)
    assert code == 0
    assert out.splitlines() == [FIRST_TURN, FIRST_TURN, FIRST_TURN, ASK_FOR_MORE]
    assert err.count(ai_disclosure()) == 1  # once, at session start
    assert "/reset" in err and "(conversation cleared)" in err  # /help text, /reset confirmation
    assert "You:" not in out and "AI:" not in out  # no prompt noise when piped
    # multi-turn history, forgotten by /reset
    roles = [[m["role"] for m in c] for c in conversations]
    assert roles == [["user"], ["user", "assistant", "user"], ["user"], ["user", "assistant", "user"]]
    assert conversations[1][1]["content"] == FIRST_TURN
    assert "never read" not in json.dumps(conversations)


def test_end_of_input_ends_the_session_cleanly(chat):
    code, out, err = chat(stdin="hello there")  # no newline, no /quit: EOF
    assert (code, out) == (0, FIRST_TURN + "\n")
    assert "Traceback" not in err


class InterruptingStdin(io.StringIO):
    def readline(self, *args):
        raise KeyboardInterrupt


def test_ctrl_c_at_the_prompt_ends_cleanly(chat):
    code, out, err = chat(stdin=InterruptingStdin())
    assert code == 130 and "interrupted" in err and "Traceback" not in err


def test_ctrl_c_during_a_reply_ends_cleanly(chat, monkeypatch):
    def interrupted(*args, **kwargs):
        yield "Sure,"
        raise KeyboardInterrupt

    monkeypatch.setattr(empathic.chat.cli, "stream_respond", interrupted)
    code, out, err = chat(stdin="hi\nhello\n")
    assert code == 130 and out.startswith("Sure,") and "Traceback" not in err


def test_multi_line_replies_stay_on_one_line_when_piped(chat, spy):
    code, out, _ = chat(stdin=CRISIS + "\n")
    assert out.count("\n") == 1
    assert out.strip() == " ".join(line.strip() for line in escalation_reply("suicidal_ideation").splitlines())


def test_overlong_message_is_trimmed_from_its_start_and_the_user_is_told(chat):
    # The message ends in an everyday phrase: since round 51 the screen reads a long text's last window too, and
    # "worry" x 4000 then "the end" sits just over its crisis line (margin +0.09), which would take the crisis path.
    code, out, err = chat("--max-new-tokens", "20", stdin="hi\n" + "worry " * 4000 + "that is all\n")
    assert code == 0 and len(out.splitlines()) == 2
    assert "dropped the 1 oldest exchange" in err and "characters of your message (its end was kept)" in err


# --- one-shot and safety ----------------------------------------------------------------------


def test_one_shot_prompt_prints_one_reply(chat):
    code, out, err = chat("--prompt", "I had a bad day")
    assert (code, out) == (0, FIRST_TURN + "\n")
    assert ai_disclosure() in err


def test_crisis_prompt_gets_the_escalation_reply_and_the_model_is_not_called(chat, spy):
    code, out, _ = chat("--prompt", CRISIS, "--locale", "UK")
    assert code == 0 and spy.calls == 0
    assert out == escalation_reply("suicidal_ideation", "UK") + "\n"


def test_no_safety_warns_and_lets_the_model_answer(chat, spy):
    code, out, err = chat("--prompt", CRISIS, "--no-safety")
    assert "WARNING: --no-safety: the safety layer is OFF" in err
    assert out == FIRST_TURN + "\n" and spy.calls == 1


def test_config_file_settings_and_flags_win(chat, tmp_path):
    config = tmp_path / "chat.yaml"
    config.write_text("max_new_tokens: 4\ntemperature: 0\nsystem_prompt: Be kind.\n")
    code, out, err = chat("--config", str(config), "--prompt", "hi")
    assert out == "Sure, I\n"  # cut at 4 tokens: "Sure" "," " " "I"
    assert "reached --max-new-tokens 4" in err  # and the user is told
    assert chat("--config", str(config), "--max-new-tokens", "40", "--prompt", "hi")[1] == FIRST_TURN + "\n"


# --- batch ------------------------------------------------------------------------------------

BATCH_LINES = [
    b'{"id": "a", "prompt": "I had a bad day"}',
    b'\xff\xfe{"prompt": "not utf-8"}',
    b'{"prompt": "unterminated',
    b'{"id": 4}',
    b'{"id": "c", "prompt": "' + CRISIS.encode() + b'"}',
    b'{"messages": [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "Sure, I hear you."},'
    b' {"role": "user", "content": "tell me more"}]}',
    b'{"prompt": "   "}',
    b"[1, 2]",
    b'{"messages": [{"role": "assistant", "content": "hi"}]}',
]


def test_batch_every_line_gets_exactly_one_output_line_in_order(chat, spy, tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out" / "out.jsonl"
    src.write_bytes(b"\n".join(BATCH_LINES) + b"\n")
    code, out, err = chat("--input", str(src), "--output", str(dst), "--batch-size", "2")
    assert code == 0 and out == ""
    rows = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(BATCH_LINES)
    assert rows[0] == {"id": "a", "reply": FIRST_TURN, "crisis": False, "category": None, "stopped": True, "notice": None}
    assert [r.get("line") for r in rows] == [None, 2, 3, 4, None, None, None, 8, 9]
    assert "UTF-8" in rows[1]["error"] and "malformed JSON" in rows[2]["error"]
    assert "missing field" in rows[3]["error"] and "last message" in rows[8]["error"]
    assert rows[4]["crisis"] is True and rows[4]["category"] == "suicidal_ideation"
    assert rows[4]["reply"] == escalation_reply("suicidal_ideation")
    assert (rows[5]["id"], rows[5]["reply"]) == (6, FIRST_TURN)  # no id: the line number
    assert rows[6]["reply"] == ASK_FOR_MORE
    assert len(spy.prompts) == 2  # only lines 1 and 6 reached the model
    assert "9 lines" in err and "4 replies, 5 bad input lines" in err


# --- models and adapters ----------------------------------------------------------------------


def test_missing_adapter_folder_is_one_clear_line(chat, tmp_path):
    code, out, err = chat("--adapter", str(tmp_path / "nope"), "--prompt", "hi")
    assert code == 2 and err.strip().count("\n") == 0
    assert "model folder not found" in err and "Traceback" not in err


def test_offline_hub_id_is_one_clear_line(chat):
    code, _, err = chat("--adapter", "someone/some-adapter", "--prompt", "hi")
    assert code == 2 and err.strip().count("\n") == 0
    assert "pass an existing local folder" in err


def test_without_a_trained_adapter_the_base_model_is_used_and_the_user_told(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)  # no runs/demo here
    code = main(["chat", "--base", str(runon_model(MODEL)), "--temperature", "0", "--prompt", "hi"])
    out, err = capsys.readouterr()
    assert code == 0 and out == FIRST_TURN + "\n"
    assert "no trained adapter in runs/demo" in err


@pytest.mark.filterwarnings("ignore::FutureWarning")  # peft calls a deprecated transformers helper
def test_default_adapter_and_its_training_system_prompt_are_used(monkeypatch, capsys, tmp_path, conversations):
    import copy

    from peft import LoraConfig, get_peft_model

    model, _ = load(MODEL)
    lora = get_peft_model(copy.deepcopy(model), LoraConfig(r=2, target_modules=["q_proj", "v_proj"]))  # B=0
    adapter = tmp_path / "runs" / "demo"
    lora.save_pretrained(adapter)
    (adapter / "config.yaml").write_text("system_prompt: You are a warm, supportive listener.\n")
    config = json.loads((adapter / "adapter_config.json").read_text())
    config["base_model_name_or_path"] = str(runon_model(MODEL))
    (adapter / "adapter_config.json").write_text(json.dumps(config))
    monkeypatch.chdir(tmp_path)
    code = main(["chat", "--temperature", "0", "--repetition-penalty", "1", "--prompt", "hi"])
    out, err = capsys.readouterr()
    assert code == 0 and out == FIRST_TURN + "\n" and "no trained adapter" not in err
    assert conversations[-1][0] == {"role": "system", "content": "You are a warm, supportive listener."}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "x.jsonl"], "needs both --input"),
        (["--prompt", "hi", "--adapter", "a", "--no-adapter"], "contradict"),
        (["--top-p", "0", "--prompt", "hi"], "top_p"),
        (["--locale", "Atlantis", "--prompt", "hi"], "unknown locale"),
    ],
)
def test_bad_options_are_one_clear_line(chat, args, message):
    code, _, err = chat(*args)
    assert code == 2 and message in err and err.strip().count("\n") == 0


def test_bad_config_key_is_one_clear_line(chat, tmp_path):
    config = tmp_path / "chat.yaml"
    config.write_text("max_tokens: 3\n")
    code, _, err = chat("--config", str(config), "--prompt", "hi")
    assert code == 2 and "unknown key(s) max_tokens" in err


def test_batch_line_the_template_refuses_is_an_error_line(monkeypatch, capsys, tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    two_users = '{"messages": [{"role": "user", "content": "hi"}, {"role": "user", "content": "hello"}]}'
    src.write_text(two_users + '\n{"prompt": "hi"}\n')
    gemma = str(runon_model("runon-gemma-text"))  # Gemma's template demands alternating roles
    code = main(["chat", "--base", gemma, "--no-adapter", "--temperature", "0", "--input", str(src), "--output", str(dst)])
    rows = [json.loads(line) for line in dst.read_text().splitlines()]
    assert code == 0 and "alternate" in rows[0]["error"] and rows[1]["reply"] == FIRST_TURN
