"""Pairwise base-vs-tuned judging against fake judges on 127.0.0.1: position swap, win/tie/loss, interval."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from empathic.evaluation import pairwise as pw
from empathic.evaluation.judge import JudgeConfig

TUNED, BASE = "I'm so sorry, that sounds painful.", "Ok."
CONVS = [[{"role": "user", "content": f"I feel low {i}"}] for i in range(12)]


def serve(decide):
    """A loopback OpenAI-style server whose answer is decide(reply_a, reply_b) -> text."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            prompt = body["messages"][-1]["content"]
            a = re.search(r"\[Reply A\]\n(.*?)\n\n\[Reply B\]", prompt, re.S).group(1)
            b = re.search(r"\[Reply B\]\n(.*?)\n\n", prompt, re.S).group(1)
            data = json.dumps({"choices": [{"message": {"content": decide(a, b)}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return httpd, JudgeConfig(url=f"http://127.0.0.1:{httpd.server_address[1]}/v1", model="fake", timeout=5,
                              retries=0, backoff=0)


@pytest.fixture
def judge_with():
    servers = []

    def make(decide):
        httpd, cfg = serve(decide)
        servers.append(httpd)
        return cfg

    yield make
    for s in servers:
        s.shutdown()
        s.server_close()


def run(cfg):
    return pw.pairwise(cfg, CONVS, [BASE] * len(CONVS), [TUNED] * len(CONVS), n_resamples=500)


def test_a_consistent_judge_that_prefers_tuned_gives_all_wins(judge_with):
    cfg = judge_with(lambda a, b: json.dumps({"winner": "A" if "sorry" in a else "B", "reason": "warmer"}))
    s = run(cfg)["summary"]
    assert (s["win"], s["tie"], s["loss"]) == (1.0, 0.0, 0.0)
    assert s["net"] == 1.0 and s["ci_low"] == 1.0
    assert s["position_consistency"] == 1.0


def test_a_judge_that_always_picks_position_a_is_all_ties_not_wins(judge_with):
    s = run(judge_with(lambda a, b: '{"winner": "A"}'))["summary"]
    assert s["tie"] == 1.0 and s["net"] == 0.0
    assert s["position_consistency"] == 0.0


def test_a_judge_that_prefers_base_gives_losses_with_an_interval_below_zero(judge_with):
    s = run(judge_with(lambda a, b: "B" if "sorry" in a else "A"))["summary"]
    assert s["loss"] == 1.0 and s["ci_high"] < 0


def test_unparseable_answers_are_counted_and_left_out(judge_with):
    s = run(judge_with(lambda a, b: "I cannot decide."))["summary"]
    assert s["n_scored"] == 0 and s["n_failed"] == len(CONVS) and s["net"] is None


def test_a_mixed_judge_has_an_interval_around_its_net_preference():
    wins = [pw.PairVerdict("A", "B", 1.0, True)] * 6
    losses = [pw.PairVerdict("B", "A", -1.0, True)] * 2
    ties = [pw.PairVerdict("tie", "tie", 0.0, True)] * 2
    s = pw.summarise(wins + losses + ties, n_resamples=2000)
    assert s["net"] == pytest.approx(0.4)
    assert s["ci_low"] < 0.4 < s["ci_high"]


@pytest.mark.parametrize(("text", "winner"), [
    ('{"winner": "b", "reason": "x"}', "B"), ("```json\n{\"winner\": \"tie\"}\n```", "tie"), ("A", "A"),
    ("A is better because B", None),
])
def test_parse_winner(text, winner):
    assert pw.parse_winner(text) == winner
