"""The web chat page in a real headless browser (Debian's chromium driven by Playwright)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from serve_helpers import SlowScript, backend_for

CHROMIUM = os.environ.get("EMPATHIC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOT = os.environ.get("EMPATHIC_PAGE_SCREENSHOT")  # where to save one (Notes/serve_page.png)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"no chromium at {CHROMIUM}: .ci/run installs Debian's (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def url(serve, runon):
    with serve(backend_for(*runon, max_new_tokens=40)) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    yield page
    context.close()


def send(page, text: str) -> None:
    page.fill("#message", text)
    page.press("#message", "Enter")  # Enter sends, no mouse needed


def test_the_page_shows_the_disclosure_and_crisis_resources_before_any_message(page, url):
    page.goto(url)
    assert "width=device-width" in page.get_attribute("meta[name=viewport]", "content")
    page.wait_for_function("document.querySelector('#disclosure').textContent.startsWith(\"Hi, I'm an AI\")")
    assert page.is_visible("#resources") and "988" in page.inner_text("#resources")
    assert page.evaluate("document.activeElement.id") == "message"
    assert page.get_attribute("#log", "aria-live") == "polite"


def test_typing_a_message_and_pressing_enter_streams_back_one_reply(page, url):
    page.goto(url)
    send(page, "I feel sad")
    page.wait_for_selector(".msg.assistant[aria-busy=false]")
    assert page.inner_text(".msg.user .text") == "I feel sad"
    assert page.inner_text(".msg.assistant .text") == "Sure, I hear you."
    assert page.input_value("#message") == "" and page.evaluate("document.activeElement.id") == "message"
    send(page, "tell me more")  # the conversation goes on: the history is sent back
    page.wait_for_function("document.querySelectorAll('.msg.assistant[aria-busy=false]').length == 2")
    assert page.locator(".msg.assistant").count() == 2


def test_a_crisis_message_shows_the_escalation_reply_and_highlights_the_resources(page, url):
    page.goto(url)
    send(page, "I feel sad")
    page.wait_for_selector(".msg.assistant[aria-busy=false]")
    send(page, "I want to kill myself")
    page.wait_for_selector(".msg.assistant.escalation")
    reply = page.inner_text(".msg.assistant.escalation .text")
    assert "988" in reply and "741741" in reply
    assert "highlight" in page.get_attribute("#resources", "class")
    if SCREENSHOT:
        page.set_viewport_size({"width": 720, "height": 1100})
        page.screenshot(path=SCREENSHOT, full_page=True)


def test_the_reply_appears_sentence_by_sentence_while_it_is_generated(page, url, runon, monkeypatch):
    model, tokenizer = runon
    monkeypatch.setattr(model, "generate", SlowScript(tokenizer, "I see. I hear you. Tell me more. "))
    page.goto(url)
    page.evaluate("""() => {
        window.seen = [];
        new MutationObserver(() => {
            const reply = document.querySelector('.msg.assistant .text');
            if (reply && reply.textContent && window.seen.at(-1) !== reply.textContent) window.seen.push(reply.textContent);
        }).observe(document.querySelector('#log'), {subtree: true, childList: true, characterData: true});
    }""")
    send(page, "I feel sad")
    page.wait_for_selector(".msg.assistant[aria-busy=false]")
    seen = page.evaluate("window.seen")
    assert seen[-1] == "I see. I hear you. Tell me more."
    assert len(seen) >= 3, seen  # shown growing, not all at once at the end


def test_a_reply_cut_by_the_token_limit_says_so(browser, serve, runon):
    page = browser.new_page()
    with serve(backend_for(*runon, max_new_tokens=3)) as base:
        page.goto(base)
        send(page, "I feel sad")
        page.wait_for_selector(".msg.assistant[aria-busy=false]")
        assert "length limit" in page.inner_text(".msg.assistant .cut")
    page.close()
