"""Which language a user message is written in, so the crisis reply can answer in it.

A small function-word profile per supported language (English, Spanish, French, German,
Portuguese, romanised Hindi). Short messages carry few function words, so the detector only
leaves English when another language clearly wins; anything else is reported as "en".
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "es", "fr", "de", "pt", "hi")

_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("i you the a an and to of is are am was my me it this that not don't can't want "
                    "with have just do what so but for in on be like feel".split()),
    "es": frozenset("yo que el la los las de del y en un una es estoy quiero no me mi mis ya por para "
                    "con pero muy esto eso nada todo más mas siento porque como hoy vida voy esta este tengo nadie nunca "
                    "siempre ahora noche quiero morir vivir matar suicidarme hacer estar puedo tu él ella".split()),
    "fr": frozenset("je j'ai tu il elle le la les de des du et un une est suis veux ne pas plus me moi "
                    "mon ma mes avec pour que qui c'est ça ca rien tout vie envie vais veux mourir vivre tuer "
                    "personne jamais toujours maintenant ce soir nous vous aussi très".split()),
    "de": frozenset("ich du er sie es der die das und nicht ist bin will mich mein meine mir kein keine "
                    "mehr nur auch aber mit für was wie ein eine einen heute leben sterben umbringen niemand "
                    "immer jetzt habe kann mich sich wir ihr sehr".split()),
    "pt": frozenset("eu você voce que o a os as de do da e em um uma é estou quero não nao me meu minha "
                    "mais por para com mas muito isso nada tudo vida sinto hoje vou ele ela tô to quero morrer "
                    "viver matar ninguém nunca sempre agora noite tenho posso".split()),
    "hi": frozenset("main mai mein mujhe mujhko hai hain hoon hu hun nahi nahin nhi kya mera meri mere "
                    "ko ki ka ke se aur bahut ab yeh ye woh wo kar raha rahi chahta chahti koi kuch "
                    "kyun kyu tum aap apne zindagi jeena".split()),
}
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the message's language among `LANGUAGES` ("hi" is Hindi in Latin letters)."""
    tokens = _TOKEN.findall((text or "").lower())
    if not tokens:
        return "en"
    counts = {lang: sum(t in words for t in tokens) for lang, words in _WORDS.items()}
    # Accented letters and ß/ç/ã tip close calls.
    low = text.lower()
    counts["es"] += 2 * len(re.findall(r"[ñ¿¡]", low))
    counts["pt"] += 2 * len(re.findall(r"[ãõç]", low))
    counts["de"] += 2 * len(re.findall(r"[äöüß]", low))
    counts["fr"] += 2 * len(re.findall(r"[èêëàâîôûœ]", low))
    best = max(LANGUAGES, key=lambda lang: (counts[lang], lang == "en"))
    if best == "en" or counts[best] <= counts["en"] or (counts[best] < 2 and counts["en"] > 0):
        return "en"
    return best
