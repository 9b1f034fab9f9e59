"""Crisis resources per locale, the fixed escalation replies and the AI disclosure."""

from __future__ import annotations

import pytest

from empathic.errors import UserError
from empathic.safety import AI_DISCLOSURE, ai_disclosure, escalation_reply, get_locale, load_locales


def test_us_crisis_reply_lists_988_crisis_text_line_and_911():
    reply = escalation_reply("suicidal_ideation", "US")
    assert "988" in reply
    assert "text HOME to 741741" in reply
    assert "911" in reply
    assert "deserve support" in reply


def test_immediate_danger_reply_puts_the_emergency_number_first():
    reply = escalation_reply("immediate_danger", "US")
    assert reply.startswith("Please call 911")
    assert reply.index("911") < reply.index("988")
    uk = escalation_reply("immediate_danger", "UK")
    assert uk.startswith("Please call 999")
    assert uk.index("999") < uk.index("116 123")


def test_uk_reply_uses_uk_lines_and_no_us_numbers():
    reply = escalation_reply("self_harm", "UK")
    assert "116 123" in reply and "85258" in reply and "999" in reply
    assert "988" not in reply and "911" not in reply


def test_abuse_reply_leads_with_abuse_lines_and_safety():
    reply = escalation_reply("abuse", "US")
    assert "not your fault" in reply
    assert "1-800-799-7233" in reply and "START to 88788" in reply
    assert reply.index("1-800-799-7233") < reply.index("988")
    assert "911" in reply


def test_harm_to_others_reply_is_worded_for_safety_of_others():
    reply = escalation_reply("harm_to_others", "US")
    assert "before anyone gets hurt" in reply
    assert "988" in reply and "911" in reply
    assert reply != escalation_reply("suicidal_ideation", "US")


def test_international_reply_points_to_findahelpline_and_local_emergency_number():
    reply = escalation_reply("suicidal_ideation", "international")
    assert "findahelpline.com" in reply
    assert "local emergency number" in reply


def test_locale_codes_are_case_insensitive():
    assert get_locale("uk").emergency == "999"


def test_unknown_locale_names_the_available_ones():
    with pytest.raises(UserError, match=r"unknown locale 'ZZ'.*BR, DE, ES, FR, IN, MX, PT, UK, US, international"):
        escalation_reply("suicidal_ideation", "ZZ")


def test_a_custom_resources_file_replaces_the_packaged_one(fixtures_dir):
    custom = fixtures_dir / "safety" / "custom_resources.yaml"
    reply = escalation_reply("immediate_danger", "TEST", resources_file=custom)
    assert reply.startswith("Please call 000")
    assert "0800 TEST" in reply and "988" not in reply
    locales, default = load_locales(custom)
    assert default == "TEST" and list(locales) == ["TEST"]
    with pytest.raises(UserError, match="pass one of: TEST"):
        escalation_reply("abuse", "US", resources_file=custom)


def test_missing_or_broken_resources_file_is_a_user_error(tmp_path, fixtures_dir):
    with pytest.raises(UserError, match="not found"):
        load_locales(tmp_path / "nope.yaml")
    with pytest.raises(UserError, match="not valid YAML"):
        load_locales(fixtures_dir / "safety" / "broken_resources.yaml")
    incomplete = tmp_path / "incomplete.yaml"
    incomplete.write_text("locales:\n  XX:\n    emergency: '112'\n", encoding="utf-8")
    with pytest.raises(UserError, match="XX.crisis"):
        load_locales(incomplete)


def test_ai_disclosure_says_ai_not_professional_help_and_where_to_go():
    assert "AI" in AI_DISCLOSURE
    assert "can't replace professional help" in AI_DISCLOSURE
    assert "988" in AI_DISCLOSURE and "911" in AI_DISCLOSURE
    uk = ai_disclosure("UK")
    assert "116 123" in uk and "999" in uk and "988" not in uk
