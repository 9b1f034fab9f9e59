"""The LLM-judge client against a real HTTP server on 127.0.0.1 returning canned completions."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from empathic.errors import UserError
from empathic.evaluation import judge

GOOD = {"scores": {name: {"score": 7, "rationale": f"{name} ok"} for name in judge.CRITERIA}}
GOOD["scores"]["moralising"] = {"score": 2, "rationale": "a little preachy"}


def completion(content: str) -> bytes:
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()


class Server:
    """Serves queued (status, body) answers in order; records request bodies and headers."""

    def __init__(self):
        self.queue: list[tuple[int, bytes]] = []
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length)),
                                       "auth": self.headers.get("Authorization")})
                status, body = outer.queue.pop(0) if outer.queue else (500, b"empty queue")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def cfg(server, **kw):
    return judge.JudgeConfig(url=server.url, model="judge-x", timeout=5, retries=kw.pop("retries", 2), backoff=0, **kw)


CONVO = [{"role": "system", "content": "be kind"}, {"role": "user", "content": "My cat died."}]


def test_good_completion_is_parsed_and_scored(server):
    server.queue.append((200, completion("Here you go:\n```json\n" + json.dumps(GOOD) + "\n```")))
    j = judge.judge_reply(cfg(server), CONVO, "I'm so sorry about your cat.")
    assert j.error is None
    assert j.scores["demonstrated_empathy"] == 7 and j.scores["moralising"] == 2
    assert j.rationales["moralising"] == "a little preachy"
    # five positive criteria at 7, moralising 2 -> 8, sycophancy 7 -> 3: (35 + 8 + 3) / 7
    assert j.overall == pytest.approx(46 / 7)
    req = server.requests[0]
    assert req["path"] == "/v1/chat/completions"
    assert req["body"]["model"] == "judge-x" and req["body"]["temperature"] == 0.0
    assert "I'm so sorry about your cat." in req["body"]["messages"][1]["content"]
    assert "USER: My cat died." in req["body"]["messages"][1]["content"]
    assert "be kind" not in req["body"]["messages"][1]["content"]  # system prompts are not shown to the judge
    assert req["auth"] is None


def test_server_error_is_retried_then_succeeds(server):
    server.queue += [(500, b"oops"), (200, completion(json.dumps(GOOD)))]
    j = judge.judge_reply(cfg(server), CONVO, "reply")
    assert j.error is None and len(server.requests) == 2


def test_persistent_server_errors_become_a_counted_failure(server):
    server.queue += [(500, b"oops")] * 3
    j = judge.judge_reply(cfg(server, retries=2), CONVO, "reply")
    assert j.error.startswith("http:") and "HTTP 500" in j.error
    assert len(server.requests) == 3 and j.overall is None


def test_client_errors_are_not_retried(server):
    server.queue += [(401, b"{}"), (200, completion(json.dumps(GOOD)))]
    j = judge.judge_reply(cfg(server), CONVO, "reply")
    assert "401" in j.error and len(server.requests) == 1


def test_malformed_completion_is_unparseable_not_a_crash(server):
    server.queue.append((200, completion("I would rate this reply quite highly overall!")))
    assert judge.judge_reply(cfg(server), CONVO, "reply").error == "unparseable"
    server.queue.append((200, b"<html>not json</html>"))
    assert judge.judge_reply(cfg(server, retries=0), CONVO, "reply").error.startswith("http:")


def test_api_key_is_sent_as_bearer(server, monkeypatch):
    monkeypatch.setenv("EMPATHIC_JUDGE_API_KEY", "sekrit")
    c = judge.config_from_args(server.url, "judge-x", timeout=5, retries=0, backoff=0)
    server.queue.append((200, completion(json.dumps(GOOD))))
    judge.judge_reply(c, CONVO, "reply")
    assert server.requests[0]["auth"] == "Bearer sekrit"


def test_unreachable_server_is_a_counted_failure():
    import socket

    with socket.socket() as sock:  # a port nobody listens on once this closes
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    c = judge.JudgeConfig(url=f"http://127.0.0.1:{port}", model="m", timeout=2, retries=1, backoff=0)
    assert judge.judge_reply(c, CONVO, "reply").error.startswith("http:")


def test_parse_judgement_tolerates_flat_and_broken_json():
    flat = '{"demonstrated_empathy": 8, "validation": "6/10", "warmth": 12, "unknown": 3}'
    scores, _ = judge.parse_judgement(flat)
    assert scores == {"demonstrated_empathy": 8.0, "validation": 6.0, "warmth": 10.0}  # clipped to 0-10
    broken = 'Scores: {"demonstrated_empathy": {"score": 4, "rationale": "cut off'
    assert judge.parse_judgement(broken)[0] == {"demonstrated_empathy": 4.0}
    assert judge.parse_judgement('{"note": "a brace } inside a string", "warmth": 5}')[0] == {"warmth": 5.0}
    assert judge.parse_judgement("no json here")[0] == {}
    assert judge.overall({"warmth": 5.0}) is None  # partial judgements give no overall


def test_endpoint_forms_and_config_errors():
    assert judge.JudgeConfig("http://h:1", "m").endpoint == "http://h:1/v1/chat/completions"
    assert judge.JudgeConfig("http://h:1/v1/", "m").endpoint == "http://h:1/v1/chat/completions"
    assert judge.JudgeConfig("http://h:1/x/chat/completions", "m").endpoint == "http://h:1/x/chat/completions"
    assert judge.config_from_args(None, None) is None
    with pytest.raises(UserError, match="--judge-model"):
        judge.config_from_args("http://h:1", None)
    with pytest.raises(UserError, match="http"):
        judge.config_from_args("h:1", "m")
