"""Locale tables (ES, MX, FR, DE, BR, PT, IN), reply languages and the harm-to-others reply."""

from __future__ import annotations

import pytest

from empathic.errors import UserError
from empathic.safety.output import screen_model_output
from empathic.safety.reply_texts import LANGUAGES, TEXTS
from empathic.safety.resources import (
    ai_disclosure,
    escalation_reply,
    get_locale,
    load_locales,
    normalise_lang,
    output_replacement,
)

CATEGORIES = ("suicidal_ideation", "self_harm", "immediate_danger", "abuse", "harm_to_others")

# The numbers each locale must show (well-known national lines; see crisis_resources.yaml).
EXPECTED = {
    "ES": ("024", "112"),
    "MX": ("800 911 2000", "911"),
    "FR": ("3114", "112"),
    "DE": ("0800 111 0 111", "0800 111 0 222", "112"),
    "BR": ("188", "192"),
    "PT": ("213 544 545", "112"),
    "IN": ("14416", "112"),
}


@pytest.mark.parametrize(("code", "numbers"), EXPECTED.items())
def test_each_new_locale_lists_its_national_lines(code, numbers):
    reply = escalation_reply("suicidal_ideation", code)
    for number in numbers:
        assert number in reply
    assert "988" not in reply and "741741" not in reply


@pytest.mark.parametrize(("code", "lang", "words"), [
    ("ES", None, "Mereces apoyo"), ("MX", None, "Mereces apoyo"), ("FR", None, "Tu mérites"),
    ("DE", None, "Du verdienst"), ("BR", None, "Você merece"), ("PT", None, "Você merece"),
    ("IN", None, "You deserve support"), ("IN", "hi", "madad ke haqdaar"),
])
def test_locale_answers_in_its_language_by_default(code, lang, words):
    assert words in escalation_reply("suicidal_ideation", code, lang=lang)


def test_detected_language_picks_the_words_and_the_locale_picks_the_numbers():
    es_in_us = escalation_reply("suicidal_ideation", "US", lang="es")
    assert "Mereces apoyo" in es_in_us and "988" in es_in_us and "911" in es_in_us
    assert "marca 2 para español" in es_in_us
    en_in_es = escalation_reply("suicidal_ideation", "ES", lang="en")
    assert "You deserve support" in en_in_es and "call 024 (free, 24/7)" in en_in_es
    # Unknown or unsupported language codes fall back to the locale's own language.
    assert escalation_reply("suicidal_ideation", "FR", lang="ja") == escalation_reply("suicidal_ideation", "FR")


@pytest.mark.parametrize(("raw", "code"), [("es-MX", "es"), ("pt_BR", "pt"), ("hi-Latn", "hi"),
                                           ("Hinglish", "hi"), ("DE", "de"), ("zh", None), (None, None)])
def test_language_codes_are_normalised(raw, code):
    assert normalise_lang(raw) == code


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("category", CATEGORIES)
def test_every_reply_exists_in_every_language_with_no_placeholder_left(lang, category):
    reply = escalation_reply(category, "international", lang=lang)
    assert "{" not in reply and "}" not in reply
    assert "findahelpline.com" in reply
    assert "AI" in reply or "IA" in reply or "KI" in reply


@pytest.mark.parametrize("lang", LANGUAGES)
def test_immediate_danger_leads_with_the_emergency_number_in_every_language(lang):
    reply = escalation_reply("immediate_danger", "ES", lang=lang)
    assert reply.index("112") < reply.index("024")
    assert reply.splitlines()[0].count("112") == 1


def test_harm_to_others_has_its_own_text_and_resources():
    us = escalation_reply("harm_to_others", "US")
    assert "1-800-422-4453" in us and "911" in us and "988" in us
    assert us.index("1-800-422-4453") < us.index("988")
    assert us != escalation_reply("suicidal_ideation", "US")
    fr = escalation_reply("harm_to_others", "FR")
    assert "119" in fr and "112" in fr and "avant que quelqu'un ne soit blessé" in fr
    de = escalation_reply("harm_to_others", "DE")
    assert "110" in de and "116 111" in de
    br = escalation_reply("harm_to_others", "BR")
    assert "190" in br and "Disque 100" in br and "192" in br
    assert "1098" in escalation_reply("harm_to_others", "IN", lang="hi")
    assert "NSPCC" in escalation_reply("harm_to_others", "UK")
    # A locale without a harm_to_others section falls back to its crisis lines.
    assert "800 911 2000" in escalation_reply("harm_to_others", "MX")


def test_abuse_lines_lead_the_abuse_reply_in_the_new_locales():
    es = escalation_reply("abuse", "ES")
    assert "No es culpa tuya" in es and es.index("016") < es.index("024")
    assert "116 016" in escalation_reply("abuse", "DE")
    assert "3919" in escalation_reply("abuse", "FR")
    assert "180" in escalation_reply("abuse", "BR")
    assert "181" in escalation_reply("abuse", "IN")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ai_disclosure_in_every_language(lang):
    text = ai_disclosure("international", lang=lang)
    assert "findahelpline.com" in text and "{" not in text
    assert ai_disclosure("US") == ai_disclosure("US", lang="en")


def test_output_replacement_follows_the_language_asked_for_and_the_locale_line():
    assert "3114" in output_replacement("method_information", "FR")
    assert "No puedo compartir" in output_replacement("method_information", "US", lang="es")
    assert "988" in output_replacement("method_information", "US", lang="es")
    assert "Arzt" in output_replacement("medication_dosing", "DE")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", ["method_information", "medication_dosing", "diagnosis", "disclosure"])
def test_the_fixed_texts_pass_the_output_screen_themselves(lang, key):
    text = TEXTS[lang][key].format(line="Line: call 123", call="call 112")
    assert screen_model_output(text).ok, (lang, key)


@pytest.mark.parametrize("code", sorted(EXPECTED) + ["US", "UK", "international"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_escalation_replies_pass_the_output_screen(code, category):
    for lang in get_locale(code).languages:
        assert screen_model_output(escalation_reply(category, code, lang=lang)).ok, (code, category, lang)


def test_a_resource_line_may_be_text_or_a_language_mapping(tmp_path):
    custom = tmp_path / "r.yaml"
    custom.write_text(
        "locales:\n  XX:\n    languages: [de]\n    emergency: '999'\n    crisis:\n"
        "      - name: Line\n        contact: {de: 'ruf 1 an', en: 'call 1'}\n", encoding="utf-8")
    assert "ruf 1 an" in escalation_reply("self_harm", "XX", custom)
    assert "call 1" in escalation_reply("self_harm", "XX", custom, lang="en")
    bad = tmp_path / "bad.yaml"
    bad.write_text("locales:\n  XX:\n    emergency: '1'\n    crisis:\n      - name: L\n        contact: {}\n",
                   encoding="utf-8")
    with pytest.raises(UserError):
        load_locales(bad)
