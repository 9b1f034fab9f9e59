"""Mechanism-splice preference pairs for the DPO stage, from an SFT adapter's own greedy replies to its train prompts.

Rejected = the adapter's reply unchanged. Chosen = the same reply with the empathy mechanisms the curation
scorer finds missing spliced in: an emotional-reaction opener (ER 0) and/or a reflective clause (IP 0). In trim
mode (a conciseness stage) chosen = an over-long reply with whole sentences removed and no mechanism lost. In
best-of mode (on-policy) both sides are the adapter's own sampled replies, unedited: chosen = the best-scoring
sample inside the length band, rejected = the lowest-scoring sample at least as long. Only
the SFT run's own train split is read, and only the curation scorer (the curate half of EPITOME) judges, so
neither validation/test prompts nor the evaluation judges ever shape the pairs (Notes/eval/empathy.md,
rounds 7-10, where this began as scratch scripts).
"""

from __future__ import annotations

import itertools
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

import numpy as np

from empathic.errors import UserError
from empathic.io import iter_jsonl, write_json, write_jsonl
from empathic.training.self_disclosure import claims_experience

MECHANISMS = ("emotional_reactions", "interpretations", "explorations")
ER, IP, EX = MECHANISMS

# Train-row emotion label -> the adjective of a reflective clause ("I can only imagine how scary that was.").
ADJ = {"afraid": "scary", "terrified": "terrifying", "anxious": "stressful", "apprehensive": "nerve-wracking",
       "sad": "sad", "devastated": "devastating", "lonely": "lonely", "disappointed": "disappointing",
       "guilty": "hard", "ashamed": "hard", "shame": "hard", "embarrassed": "embarrassing", "angry": "frustrating",
       "anger": "frustrating", "furious": "infuriating", "annoyed": "annoying", "disgusted": "upsetting",
       "jealous": "hard", "nostalgic": "special", "sentimental": "meaningful", "excited": "exciting",
       "joyful": "wonderful", "proud": "rewarding", "grateful": "meaningful", "content": "nice",
       "hopeful": "encouraging", "trusting": "reassuring", "confident": "good", "caring": "meaningful",
       "faithful": "meaningful", "impressed": "impressive", "surprised": "surprising", "prepared": "reassuring",
       "anticipating": "exciting", "anxiety": "stressful", "depression": "hard", "sadness": "hard", "fear": "scary",
       "disgust": "upsetting", "guilt": "hard"}
DEFAULT_ADJ = "hard"  # rows without a label are CounselChat/ESConv problems: "hard" fits nearly all of them
NEGATIVE_ADJ = frozenset({"scary", "terrifying", "stressful", "nerve-wracking", "sad", "devastating", "lonely",
                          "disappointing", "hard", "embarrassing", "frustrating", "infuriating", "annoying", "upsetting"})
POSITIVE_ADJ = frozenset({"special", "meaningful", "exciting", "wonderful", "rewarding", "nice", "encouraging",
                          "reassuring", "good", "impressive"})
# "surprised" has no valence of its own (good and bad surprises), so it gets no emotional-reaction opener.
VALENCE = {emotion: ("negative" if adj in NEGATIVE_ADJ else "positive")
           for emotion, adj in ADJ.items() if adj in NEGATIVE_ADJ | POSITIVE_ADJ}

CLAUSES_WITH_ADJ = ("I understand how {a} that must feel.", "I understand how {a} that must have felt.",
                    "I can only imagine how {a} that was.", "I can only imagine how {a} that was for you.",
                    "I can understand how {a} that must be for you.", "I understand how {a} that is.",
                    "I can understand how {a} that must be.", "I can imagine how {a} that is.")
CLAUSES_FREE = ("I understand how you must feel.", "I understand how you feel.", "I can imagine how you feel.",
                "I understand how much that means to you.")
# Near-identical sentences share one entry under the template cap, or the cap would not limit the phrasing.
FAMILY = {t: "I understand / can imagine how you (must) feel." for t in CLAUSES_FREE[:3]}
OPENERS = {
    "negative": ("I'm so sorry to hear that.", "I'm sorry you're going through this.", "Oh no, I'm so sorry.",
                 "I'm really sorry that happened.", "That sounds really hard.", "I'm so sorry."),
    "positive": ("That's wonderful!", "How exciting!", "I'm so happy for you!", "That's great news!",
                 "That sounds amazing!", "I'm so happy to hear that!"),
}

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
HAS_CLAUSE = re.compile(r"\bI (can )?(only )?(understand|imagine|know) how\b", re.I)
SORRY_TONE = re.compile(r"\b(oh no|bad|hard|sorry|sad|unfortunate|awful|terrible|horrible|condolences|loss)\b", re.I)
GLAD_TONE = re.compile(r"\b(glad|congrat\w*|awesome|great|happy for|wonderful|exciting|amazing|fun|proud of)\b"
                       r"|\b(that'?s|that is|sounds|how) (so |very |really )?(good|cool|nice)\b", re.I)
REACTION_TONE = re.compile(SORRY_TONE.pattern + "|" + GLAD_TONE.pattern, re.I)
# A sentence that voices the listener's own feeling about the news (keep_reactions protects it from replacement):
# the tones above plus the reaction words the greedy replies use ("that sounds tough", "so brave of you").
REACTION_SENTENCE = re.compile(REACTION_TONE.pattern + r"|\b(tough|rough|difficult|brave|scary|frustrating|painful|"
                               r"heartbreaking|upsetting|stressful|exciting|lucky|impressive|sweet|lovely|"
                               r"beautiful|fantastic|excellent|brilliant|incredible|so (?:kind|thoughtful))\b", re.I)
# A closing well-wish ("I hope you're doing well.", "Good luck!"): round 45 found it ends ~30% of the reference
# chain's replies, and those replies show interpretations half as often (Notes/eval/empathy.md). With
# replace_closers a clause may take its place, so a length-neutral pair can trade filler for an interpretation.
CLOSER = re.compile(r"^(I hope|I wish|Hope|Good luck|Best of luck|Take care|Have a|Wishing)\b", re.I)
NEGATION = r"\b(not|never|no|wasn'?t|isn'?t|aren'?t|weren'?t|didn'?t|don'?t|doesn'?t|won'?t|n't)\b(\W+\w+){0,2}?\W+"


# How build_pairs makes pairs: splice (the greedy splice chain), trim (a conciseness stage) or best_of (on-policy
# pairs from sampled replies). The names are also what each pair row's meta "mode" says.
Mode = Literal["splice", "trim", "best_of"]
MODES: tuple[str, ...] = get_args(Mode)


@dataclass(frozen=True)
class PairRules:
    """What `build_pairs` samples, keeps and caps (defaults: the round-10 reference chain)."""

    prompts: int = 640               # train prompts sampled (seeded)
    seed: int = 42
    max_prompt_chars: int = 900      # JSON of the prompt messages: short contexts, as the research pool
    min_rejected_words: int = 4
    max_rejected_words: int = 22
    min_words: int = 8               # chosen reply length bounds: the references' middle half is ~7-18 words
    max_words: int = 18
    max_added_words: int = 7         # chosen at most this much longer than rejected, so DPO does not learn "longer"
    splice: tuple[str, ...] = (ER, IP)  # the mechanisms spliced in where missing (a second stage: IP alone)
    # False: a spliced opener/clause counts as its mechanism by construction; the curation scorer only vetoes a fall.
    # (The lexical curation scorer grants IP to few clause phrasings, so with True most clause pairs are filtered out.)
    curation_must_rise: bool = True
    # True: a clause may replace only a sentence without a reaction of its own (REACTION_SENTENCE), so a
    # length-neutral pair cannot trade emotional reactions for the clause (rounds 25-26: E29 and E30 lost ER that way).
    keep_reactions: bool = False
    # True: a clause may also replace a final well-wishing statement (CLOSER); other final sentences stay untouched.
    replace_closers: bool = False
    template_cap: float = 0.2        # no opener/clause template in more than this share of the pairs
    options_per_prompt: int = 30     # curation-passing candidates per prompt scored for similarity (best first)
    max_new_tokens: int = 48
    batch_size: int = 32
    # splice: greedy replies + spliced mechanisms. trim: pairs only from greedy replies longer than max_words;
    # chosen = the reply with whole sentences removed. best_of: pairs from `samples` sampled replies per prompt.
    mode: Mode = "splice"
    samples: int = 0                 # best_of only: sampled replies per prompt, at least 2; 0 for the greedy modes
    temperature: float = 0.8         # warm enough that a prompt's samples differ in length and mechanisms
    top_p: float = 0.95
    min_score_gap: float = 0.5       # chosen's curation score (ER + IP + 0.5 EX expected levels) over rejected's
    # The curation score's weights on the ER, IP and EX expected levels; a later stage that lacks one mechanism
    # (round 29: IP) weights it up so the best-of choice is made on it rather than on the mechanisms already there.
    score_weights: tuple[float, float, float] = (1.0, 1.0, 0.5)
    # best_of only: the choice is made on curation score + this x MiniLM similarity to the train reference, so the
    # chosen sample also stays on the reference's content (round 29: choosing on the score alone moved similarity
    # below base); the min_score_gap rule stays on the curation score alone.
    similarity_weight: float = 0.0
    # best_of only: the rejected sample at most this many words longer than the chosen (None: any length at least
    # the chosen's). Rounds 29-30: with no cap the rejected side was 6-7 words longer and DPO also learned "shorter".
    max_longer_words: int | None = None
    # best_of only: draw the samples with the continuous loop (a finished row leaves, the next takes its place) rather
    # than model.generate batches where every row waits for the longest: ~1.45x faster with the same processors
    # (Notes/performance.md). Off by default (round 32's recipe used generate batches); the reference chain turns it on
    # (finetuning/empathy_chain.sh, round 43).
    continuous: bool = False
    # splice and best_of: an EmpatheticDialogues prompt's valence is read from its last user turn by a learned
    # classifier (empathic.training.turn_valence) instead of the conversation's emotion label: the splice opener
    # follows it (none where the classifier is unsure), and best_of never chooses a reply whose tone contradicts it.
    # Round 49: label-read openers taught the chain to answer good news with "I'm so sorry".
    turn_valence: bool = False

    def __post_init__(self) -> None:
        """The one home of the mode rules: a known mode; best_of with at least 2 samples; samples only for best_of."""
        if self.mode not in MODES:
            raise ValueError(f"unknown pair mode {self.mode!r}; choose one of {', '.join(MODES)}")
        if self.mode == "best_of" and self.samples < 2:
            raise ValueError(f"best_of needs at least 2 samples per prompt to pick from, got {self.samples}")
        if self.mode != "best_of" and self.samples != 0:
            raise ValueError(f"samples ({self.samples}) are for the best_of mode only, not {self.mode}")
        if len(self.score_weights) != len(MECHANISMS) or min(self.score_weights) < 0 or not any(self.score_weights):
            raise ValueError(f"score weights are {len(MECHANISMS)} numbers (ER, IP, EX), none negative and not all 0; "
                             f"got {self.score_weights}")
        if self.max_longer_words is not None and (self.max_longer_words < 0 or self.mode != "best_of"):
            raise ValueError(f"max longer words ({self.max_longer_words}) is 0 or more and for the best_of mode only")
        if self.similarity_weight < 0 or (self.similarity_weight and self.mode != "best_of"):
            raise ValueError(f"similarity weight ({self.similarity_weight}) is 0 or more and for the best_of mode only")
        if self.replace_closers and self.mode != "splice":
            raise ValueError(f"replace closers is for the splice mode only, not {self.mode}")
        if self.continuous and self.mode != "best_of":
            raise ValueError("continuous sampling is for the best_of mode only (greedy replies always use it)")
        if self.turn_valence and self.mode == "trim":
            raise ValueError("turn valence is for the splice and best_of modes, not trim")
        if self.max_new_tokens < 1:
            raise ValueError(f"max new tokens must be at least 1, got {self.max_new_tokens}")


@dataclass(frozen=True)
class TrainPrompt:
    """One train conversation: the messages up to the last user turn and its reference reply."""

    messages: list[dict[str, str]]
    reference: str
    emotion: str | None = None
    id: str | None = None
    # The last user turn's valence from empathic.training.turn_valence: "positive", "negative", "" (unsure); None when
    # not read (rules.turn_valence off, or not an EmpatheticDialogues row).
    turn_valence: str | None = None


@dataclass(frozen=True)
class Splice:
    """A chosen-reply candidate: the rejected reply with opener/clause sentences spliced in."""

    text: str
    mechanisms: tuple[str, ...]  # what was spliced in (ER, IP); none in trim mode
    templates: tuple[str, ...]   # template families used, for the cap
    inserted: int                # sentences added rather than replacing a statement (0 = length-neutral;
                                 # negative = sentences removed, trim mode)


@dataclass(frozen=True)
class Pair:
    """A kept pair with the numbers the stats report."""

    prompt: TrainPrompt
    rejected: str
    chosen: Splice
    levels_rejected: dict[str, int]
    levels_chosen: dict[str, int]
    similarity_rejected: float
    similarity_chosen: float
    misfit: str = ""
    mode: str = "splice"         # splice, trim or best_of (in the row's meta)


@dataclass(frozen=True)
class _Option:
    """A candidate that passed the curation filter, with its ranking key (best = largest)."""

    splice: Splice
    levels: dict[str, int]
    similarity: float
    key: tuple = ()


@dataclass(frozen=True)
class OwnReply:
    """An own reply read back from a replies file (what generate_batch's Reply gives make_pairs)."""

    text: str
    stopped: bool


class CurationScorer(Protocol):
    """The curation scorer's interface (empathic.evaluation.lexical_judge.LexicalScorer)."""

    def predict_proba(self, responses: list[str]) -> dict[str, np.ndarray]: ...


Embed = Callable[[list[str]], np.ndarray]  # texts -> unit-length rows (empathic.evaluation.embeddings.Embedder.encode)


def sentences(text: str) -> list[str]:
    """The reply's sentences (split after . ! ?)."""
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]


def word_count(text: str) -> int:
    """Whitespace words, as the evaluation counts reply length."""
    return len(text.split())


def last_user_turn(messages: Sequence[dict[str, str]]) -> str:
    """The content of the last user message."""
    return next(m["content"] for m in reversed(messages) if m["role"] == "user")


# ------------------------------------------------------------------ train prompts


def train_split_path(run: Path) -> Path | None:
    """The train split an SFT run learned from: RUN/data/train.jsonl, or, for a run trained on a prepared folder
    (`data_prepared` in its config.yaml, a path as the run was given it), that folder's train.jsonl; None if neither."""
    own = Path(run) / "data" / "train.jsonl"
    if own.is_file():
        return own
    config = Path(run) / "config.yaml"
    if config.is_file():
        import yaml

        prepared = (yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("data_prepared")
        if isinstance(prepared, str) and (Path(prepared).expanduser() / "train.jsonl").is_file():
            return Path(prepared).expanduser() / "train.jsonl"
    return None


def read_train_prompts(run: Path, rules: PairRules) -> list[TrainPrompt]:
    """A seeded sample of the SFT run's short, distinct train prompts (never its validation or test split)."""
    path = train_split_path(run)
    if path is None:
        raise UserError(f"no prepared train split for {run}; --adapter must be an SFT run folder "
                        "(`empathic train` writes data/train.jsonl into it, or names its data_prepared folder)")
    seen: set[str] = set()
    pool: list[TrainPrompt] = []
    for _, row in iter_jsonl(path):
        messages = row.get("messages") if isinstance(row, dict) else None
        if not messages or len(messages) < 2 or messages[-1].get("role") != "assistant":
            continue
        prompt = messages[:-1]
        key = json.dumps(prompt)  # the research pool's measure of context length (ASCII-escaped JSON)
        if prompt[-1].get("role") != "user" or len(key) > rules.max_prompt_chars or key in seen:
            continue
        seen.add(key)
        pool.append(TrainPrompt(prompt, messages[-1]["content"], row.get("emotion"), row.get("id")))
    if not pool:
        raise UserError(f"{path} holds no short train conversation ending in an assistant reply")
    picked = sorted(random.Random(rules.seed).sample(range(len(pool)), min(rules.prompts, len(pool))))
    return [pool[i] for i in picked]


def own_replies(adapter: Path, prompts: Sequence[TrainPrompt], rules: PairRules, progress: bool = True) -> list[Any]:
    """The adapter's greedy replies (the evaluation's generation settings), with a progress bar."""
    from tqdm.auto import tqdm

    from empathic.chat import GenerationSettings, generate_batch
    from empathic.modeling.loading import load_model_and_tokenizer

    model, tokenizer = load_model_and_tokenizer(adapter=adapter)
    settings = GenerationSettings(max_new_tokens=rules.max_new_tokens, temperature=0.0)
    with tqdm(total=len(prompts), desc="own replies", unit="reply", disable=not progress) as bar:
        return generate_batch(model, tokenizer, [p.messages for p in prompts], settings,
                              batch_size=rules.batch_size, continuous=True,
                              on_batch=lambda indices, _: bar.update(len(indices)))


def replies_path(out: Path) -> Path:
    """Where build_pairs keeps the own replies of a pairs file: beside it, `<name>.replies.jsonl`."""
    return out.with_name(out.stem + ".replies.jsonl")


def write_replies(path: Path, prompts: Sequence[TrainPrompt], replies: Sequence[Any]) -> None:
    """The own replies with their prompts, written atomically, so a later run with other filters skips generation."""
    write_jsonl(path, [{"id": p.id, "prompt": p.messages, "text": r.text, "stopped": bool(r.stopped)}
                       for p, r in zip(prompts, replies, strict=True)])


def _kept_rows(path: Path, prompts: Sequence[TrainPrompt], samples: bool) -> list[dict]:
    """The rows of a kept replies/samples file, checked to be of this mode's kind and for exactly these prompts."""
    if not Path(path).is_file():
        raise UserError(f"no {'samples' if samples else 'replies'} file at {path}")
    check_replies_kind(path, samples=samples)
    rows = [row for _, row in iter_jsonl(path)]
    if len(rows) != len(prompts) or any(not isinstance(r, dict) or r.get("prompt") != p.messages
                                        for r, p in zip(rows, prompts, strict=False)):
        raise UserError(f"{path} holds replies to other prompts than the {len(prompts)} sampled now "
                        "(another --prompts, --seed or --train-from?)")
    return rows


def read_replies(path: Path, prompts: Sequence[TrainPrompt]) -> list[OwnReply]:
    """Own replies written earlier for exactly these prompts, in order; a UserError if the file is for other prompts."""
    rows = _kept_rows(path, prompts, samples=False)
    if any(not isinstance(r.get("text"), str) or not isinstance(r.get("stopped"), bool) for r in rows):
        raise UserError(f"{path}: every row needs a text string and a stopped true/false")
    return [OwnReply(r["text"], r["stopped"]) for r in rows]


def replies_kind(path: Path) -> str:
    """'samples' for a best-of samples file, 'replies' for a greedy replies file, else '' (by its first row)."""
    first = next((row for _, row in iter_jsonl(path)), None)
    if not isinstance(first, dict):
        return ""
    return "samples" if "samples" in first else "replies" if "text" in first else ""


def check_replies_kind(path: Path, samples: bool) -> None:
    """A UserError when a kept replies file is of the other mode's kind (greedy replies vs best-of samples)."""
    kind = replies_kind(path)
    if samples and kind == "replies":
        raise UserError(f"{path} holds greedy replies (<out>.replies.jsonl); --best-of needs the sampled replies "
                        "a --best-of run kept (<out>.samples.jsonl)")
    if not samples and kind == "samples":
        raise UserError(f"{path} holds best-of samples (<out>.samples.jsonl); pass it with --best-of N, or pass "
                        "greedy replies (<out>.replies.jsonl) without it")


def own_samples(adapter: Path, prompts: Sequence[TrainPrompt], rules: PairRules,
                progress: bool = True) -> list[list[Any]]:
    """`rules.samples` sampled replies per prompt (temperature/top_p from the rules, seeded), with a progress bar."""
    import torch
    from tqdm.auto import tqdm

    from empathic.chat import GenerationSettings, generate_batch
    from empathic.modeling.loading import load_model_and_tokenizer

    # seed=None: generate_batch would re-seed every batch with the same seed, so every batch drew the same random
    # numbers; one seed before the whole run keeps it reproducible without that.
    settings = GenerationSettings(max_new_tokens=rules.max_new_tokens, temperature=rules.temperature,
                                  top_p=rules.top_p, seed=None)
    if not settings.do_sample:
        raise UserError(f"best-of pairs need sampling: temperature must be above 0, got {rules.temperature}")
    model, tokenizer = load_model_and_tokenizer(adapter=adapter)
    n = rules.samples
    # Each conversation repeated n times: one generate call, each copy a row of its own that samples its own reply.
    # rules.continuous False (default): `model.generate` batches, the loop of round 32's best-of stage. True: the
    # continuous loop (~1.45x faster, the same processors), which the reference chain uses since round 43. One seed
    # before the run keeps either reproducible.
    conversations = [p.messages for p in prompts for _ in range(n)]
    torch.manual_seed(rules.seed)
    with tqdm(total=len(conversations), desc="own samples", unit="reply", disable=not progress) as bar:
        flat = generate_batch(model, tokenizer, conversations, settings, batch_size=rules.batch_size,
                              continuous=rules.continuous, on_batch=lambda indices, _: bar.update(len(indices)))
    return [flat[i * n:(i + 1) * n] for i in range(len(prompts))]


def samples_path(out: Path) -> Path:
    """Where build_pairs keeps the sampled replies of a best-of pairs file: beside it, `<name>.samples.jsonl`."""
    return out.with_name(out.stem + ".samples.jsonl")


def write_samples(path: Path, prompts: Sequence[TrainPrompt], samples: Sequence[Sequence[Any]]) -> None:
    """The sampled replies with their prompts, written atomically, so a later run with other filters skips sampling."""
    write_jsonl(path, [{"id": p.id, "prompt": p.messages,
                        "samples": [{"text": r.text, "stopped": bool(r.stopped)} for r in replies]}
                       for p, replies in zip(prompts, samples, strict=True)])


def read_samples(path: Path, prompts: Sequence[TrainPrompt]) -> list[list[OwnReply]]:
    """Sampled replies written earlier for exactly these prompts, in order; a UserError if the file is for other
    prompts, is a greedy replies file, or a row holds fewer than 2 samples."""
    rows = _kept_rows(path, prompts, samples=True)
    for line, r in enumerate(rows, start=1):
        samples = r.get("samples")
        if not isinstance(samples, list) or len(samples) < 2 or any(
                not isinstance(x, dict) or not isinstance(x.get("text"), str) or not isinstance(x.get("stopped"), bool)
                for x in samples):
            raise UserError(f"{path} row {line}: samples must list at least 2 replies, each with a text string "
                            "and a stopped true/false")
    return [[OwnReply(x["text"], x["stopped"]) for x in r["samples"]] for r in rows]


# ------------------------------------------------------------------ splicing


def adjective_misfit(adjective: str, reply: str, user_text: str) -> str:
    """'negated' (user wrote "not scary"), 'tone' (a sorry reply + a happy adjective, or the reverse), else ''."""
    if re.search(NEGATION + re.escape(adjective[:5].lower()), user_text, re.I):
        return "negated"
    if adjective in POSITIVE_ADJ and SORRY_TONE.search(reply):
        return "tone"
    if adjective in NEGATIVE_ADJ and GLAD_TONE.search(reply) and not SORRY_TONE.search(reply):
        return "tone"
    return ""


def tone_contradicts(reply: str, valence: str | None) -> bool:
    """A reply whose tone reads against the turn's valence: sorry (and not glad) to good news, or the reverse."""
    sorry, glad = bool(SORRY_TONE.search(reply)), bool(GLAD_TONE.search(reply))
    return (valence == "positive" and sorry and not glad) or (valence == "negative" and glad and not sorry)


def reply_valence(emotion: str | None, reply: str, turn_valence: str | None = None) -> str | None:
    """The opener's valence: the last turn's where it was read (`turn_valence`; "" = unsure gives none), else the
    emotion label's; unlabeled rows by the reply's tone (default negative); None when that valence and the reply's
    tone disagree or the label has no valence."""
    sorry = bool(SORRY_TONE.search(reply))
    glad = bool(GLAD_TONE.search(reply)) and not sorry
    if turn_valence is not None:
        valence = turn_valence or None
    elif not emotion:
        return "positive" if glad else "negative"
    else:
        valence = VALENCE.get(emotion.lower())
    if (valence == "negative" and glad) or (valence == "positive" and sorry):
        return None  # a reply that already reads the other way: an opposite opener would clash with it
    return valence


def _placements(parts: list[str], new: str, protected: frozenset[int], at_start: bool,
                replace_closer: bool = False) -> list[tuple[list[str], int, frozenset[int]]]:
    """Where sentence `new` can go, as (sentences, sentences added, protected indices): replacing a non-final,
    non-question statement (length-neutral), or inserted at the start / before the final sentence. Questions,
    the final sentence (the reply's ending) and `protected` sentences (an earlier splice) are never touched, except
    a final well-wish when `replace_closer` (never the only sentence); `at_start` (openers) allows only the first
    free position."""
    last = len(parts) - 1
    free = [j for j in range(len(parts)) if j not in protected]
    first = free[0] if free else len(parts)
    closer_ok = replace_closer and last > 0 and bool(CLOSER.match(parts[last])) and not parts[last].endswith("?")
    out = [(parts[:j] + [new] + parts[j + 1:], 0, protected | {j}) for j in free
           if (j != last or closer_ok) and not parts[j].endswith("?") and (not at_start or j == first)]
    for k in sorted({first} if at_start else {first, max(last, first)}):
        shifted = frozenset(p + 1 if p >= k else p for p in protected)
        out.append((parts[:k] + [new] + parts[k:], 1, shifted | {k}))
    return out


def splices(reply: str, missing: set[str], emotion: str | None, user_text: str,
            keep_reactions: bool = False, replace_closers: bool = False,
            turn_valence: str | None = None) -> tuple[list[Splice], str]:
    """Every chosen-reply candidate for `reply` and the adjective misfit ('' if none): an opener for a missing
    ER, a reflective clause for a missing IP, and both when both are missing. `keep_reactions`: a clause never
    replaces a sentence with a reaction of its own (insertions next to it stay allowed); `replace_closers`: a clause
    may replace a final well-wish ("I hope you're doing well."); `turn_valence`: the opener's valence read from the
    last turn (reply_valence)."""
    adjective = ADJ.get((emotion or "").lower(), DEFAULT_ADJ)
    misfit = adjective_misfit(adjective, reply, user_text)
    openers: list[tuple[str, str]] = []
    clauses: list[tuple[str, str]] = []
    valence = reply_valence(emotion, reply, turn_valence)
    if ER in missing and valence is not None:
        openers = [(o, o) for o in OPENERS[valence]]
    if IP in missing and not HAS_CLAUSE.search(reply):
        templates = CLAUSES_FREE if misfit else CLAUSES_WITH_ADJ + CLAUSES_FREE
        clauses = [(t.format(a=adjective), FAMILY.get(t, t)) for t in templates]
    parts = sentences(reply)
    # A reply that opens with its own reaction ("Oh no, that's awful!") keeps it first: the clause goes after it.
    keep = frozenset({0}) if parts and (REACTION_TONE.search(parts[0]) or parts[0].endswith("!")) else frozenset()
    if keep_reactions:
        keep |= frozenset(j for j, p in enumerate(parts) if REACTION_SENTENCE.search(p))
    base = [(parts, 0, keep, (), ())]
    with_opener = [(seq, n, prot, (ER,), (tpl,)) for text, tpl in openers
                   for seq, n, prot in _placements(parts, text, frozenset(), at_start=True)]
    out: dict[str, Splice] = {}
    for seq, n, protected, mechs, tpls in base + with_opener:
        for text, tpl in clauses:
            for seq2, n2, _ in _placements(seq, text, protected, at_start=False, replace_closer=replace_closers):
                joined = " ".join(seq2)
                out.setdefault(joined, Splice(joined, (*mechs, IP), (*tpls, tpl), n + n2))
        if mechs:
            joined = " ".join(seq)
            out.setdefault(joined, Splice(joined, mechs, tpls, n))
    return list(out.values()), misfit


# ------------------------------------------------------------------ scoring and selection


def curation_levels(scorer: CurationScorer, texts: list[str],
                    weights: Sequence[float] = PairRules.score_weights) -> tuple[list[dict[str, int]], list[float]]:
    """Per text: the curation level of each mechanism (argmax) and the weighted expected-level sum (default
    ER + IP + 0.5 EX)."""
    if not texts:
        return [], []
    proba = scorer.predict_proba(texts)
    levels = [{m: int(proba[m][i].argmax()) for m in MECHANISMS} for i in range(len(texts))]
    expected = [float(sum(w * proba[m][i] @ np.arange(3) for m, w in zip(MECHANISMS, weights, strict=True)))
                for i in range(len(texts))]
    return levels, expected


def _cap_selection(per_prompt: list[tuple[Any, list[_Option]]], cap: float) -> tuple[list[tuple[Any, _Option]], int]:
    """The best option per prompt such that no template is in more than `cap` of the kept pairs; returns the
    kept (prompt, option) list and the per-template limit used. Over-cap prompts fall back to their next option."""
    def select(limit: int) -> tuple[list[tuple[Any, _Option]], Counter]:
        kept, counts = [], Counter()
        for item, options in per_prompt:
            pick = next((o for o in options if all(counts[t] < limit for t in o.splice.templates)), None)
            if pick is not None:
                counts.update(pick.splice.templates)
                kept.append((item, pick))
        return kept, counts

    limit = max(1, int(cap * len(per_prompt)))
    while True:  # the share is of the kept set, which shrinks with the limit: lower it until it holds
        kept, counts = select(limit)
        if not counts or max(counts.values()) <= cap * len(kept):
            return kept, limit
        if limit <= 1:  # too few prompts or templates for the cap to hold: no pairs rather than a broken cap
            return [], limit
        limit -= 1


def _shortlist(options: list[_Option], limit: int) -> list[_Option]:
    """The best `limit` options, at most 3 per template combination: the cap's fallbacks need other templates,
    not the same sentence in other places."""
    per_templates: Counter = Counter()
    out = []
    for o in sorted(options, key=lambda o: o.key, reverse=True):
        if per_templates[o.splice.templates] < 3:
            per_templates[o.splice.templates] += 1
            out.append(o)
    return out[:limit]


def make_pairs(prompts: Sequence[TrainPrompt], replies: Sequence[Any], scorer: CurationScorer, embed: Embed,
               rules: PairRules) -> tuple[list[Pair], dict[str, Any]]:
    """One pair per prompt at most from (prompt, reply with .text/.stopped); returns the pairs and the stats."""
    skipped: Counter = Counter()
    dropped: Counter = Counter()     # candidate splices removed, by the first filter they failed
    no_pair: Counter = Counter()     # prompts left without a candidate, by the filter that removed the last one
    misfits: Counter = Counter()
    rejected_levels, _ = curation_levels(scorer, [r.text.strip() for r in replies])
    jobs = []
    for prompt, reply, levels in zip(prompts, replies, rejected_levels, strict=True):
        text, words = reply.text.strip(), word_count(reply.text)
        if not reply.stopped:
            skipped["not_stopped"] += 1
        elif not rules.min_rejected_words <= words <= rules.max_rejected_words:
            skipped["rejected_length"] += 1
        elif all(levels[m] > 0 for m in rules.splice):
            skipped["nothing_missing"] += 1
        else:
            missing = {m for m in rules.splice if levels[m] == 0}
            cands, misfit = splices(text, missing, prompt.emotion, last_user_turn(prompt.messages),
                                    keep_reactions=rules.keep_reactions, replace_closers=rules.replace_closers,
                                    turn_valence=prompt.turn_valence)
            ok, reasons = [], Counter()
            for c in cands:
                w = word_count(c.text)
                reason = ("length" if not rules.min_words <= w <= rules.max_words else
                          "added_words" if w > words + rules.max_added_words else
                          "self_disclosure" if claims_experience(c.text) else "")
                if reason:
                    reasons[reason] += 1
                else:
                    ok.append(c)
            dropped.update(reasons)
            if not cands:
                skipped["nothing_to_splice"] += 1
            elif not ok:
                no_pair[reasons.most_common(1)[0][0]] += 1
            else:
                misfits[misfit or "none"] += 1
                jobs.append((prompt, text, levels, misfit, ok))
    flat = [c.text for *_, cands in jobs for c in cands]
    levels_flat, expected_flat = curation_levels(scorer, flat, rules.score_weights)
    scored, k = [], 0
    for prompt, text, levels, misfit, cands in jobs:
        options = []
        for c in cands:
            lv, expected = levels_flat[k], expected_flat[k]
            k += 1
            raised = [m for m in c.mechanisms if lv[m] > levels[m] or not rules.curation_must_rise]
            if any(lv[m] < levels[m] for m in MECHANISMS) or not raised:
                dropped["curation"] += 1
                continue
            # More mechanisms raised first, then length-neutral before inserted, then curation levels.
            options.append(_Option(c, lv, 0.0, (len(raised), -c.inserted, lv[ER] + lv[IP] + 0.5 * lv[EX] + 0.1 * expected)))
        if not options:
            no_pair["curation"] += 1
            continue
        scored.append((prompt, text, levels, misfit, _shortlist(options, rules.options_per_prompt)))
    # MiniLM on one core is the slow part: only the shortlisted candidates are embedded.
    texts = list(dict.fromkeys([p.reference for p, *_ in scored] + [t for _, t, *_ in scored]
                               + [o.splice.text for *_, options in scored for o in options]))
    vectors = embed(texts) if texts else np.zeros((0, 0))
    index = {t: i for i, t in enumerate(texts)}

    def similarity(a: str, b: str) -> float:
        return float(vectors[index[a]] @ vectors[index[b]])

    per_prompt = []
    for prompt, text, levels, misfit, options in scored:
        base_sim = similarity(text, prompt.reference)
        kept_options = []
        for o in options:
            sim = similarity(o.splice.text, prompt.reference)
            if sim < base_sim:
                dropped["similarity"] += 1
                continue
            kept_options.append(_Option(o.splice, o.levels, sim, (*o.key, sim - base_sim)))
        if not kept_options:
            no_pair["similarity"] += 1
            continue
        kept_options.sort(key=lambda o: o.key, reverse=True)
        per_prompt.append(((prompt, text, levels, misfit, base_sim), kept_options))
    random.Random(rules.seed).shuffle(per_prompt)  # the cap favours early prompts: make "early" random, not file order
    kept, limit = _cap_selection(per_prompt, rules.template_cap)
    pairs = [Pair(p, text, o.splice, levels, o.levels, base_sim, o.similarity, misfit)
             for (p, text, levels, misfit, base_sim), o in kept]
    stats = pair_stats(pairs, len(prompts), replies, skipped, dropped, no_pair, misfits,
                       template_cap_dropped=len(per_prompt) - len(kept), template_limit=limit)
    return pairs, stats


# ------------------------------------------------------------------ trimming (a conciseness stage)


def trims(reply: str, rules: PairRules) -> list[tuple[str, int]]:
    """Every shorter version of `reply` with whole sentences removed, as (text, sentences removed), inside the chosen
    length bounds. Questions (explorations) and reflective clauses (interpretations) are never removed."""
    parts = sentences(reply)
    removable = [i for i, s in enumerate(parts) if not s.endswith("?") and not HAS_CLAUSE.search(s)]
    out = []
    for k in range(1, min(len(removable), len(parts) - 1) + 1):
        for drop in itertools.combinations(removable, k):
            text = " ".join(s for i, s in enumerate(parts) if i not in drop)
            if rules.min_words <= word_count(text) <= rules.max_words:
                out.append((text, k))
    return out


def make_trim_pairs(prompts: Sequence[TrainPrompt], replies: Sequence[Any], scorer: CurationScorer, embed: Embed,
                    rules: PairRules) -> tuple[list[Pair], dict[str, Any]]:
    """One conciseness pair per over-long stopped reply at most: rejected = the reply, chosen = the trim that keeps
    every curation level and is most similar to the train reference (never less similar than the reply)."""
    skipped: Counter = Counter()
    dropped: Counter = Counter()
    no_pair: Counter = Counter()
    jobs = []
    for prompt, reply in zip(prompts, replies, strict=True):
        text = reply.text.strip()
        if not reply.stopped:
            skipped["not_stopped"] += 1
        elif word_count(text) <= rules.max_words:
            skipped["short_enough"] += 1
        else:
            cands = trims(text, rules)
            ok = [(t, k) for t, k in cands if not claims_experience(t)]
            dropped["self_disclosure"] += len(cands) - len(ok)
            if not cands:
                skipped["nothing_to_trim"] += 1
            elif not ok:
                no_pair["self_disclosure"] += 1
            else:
                jobs.append((prompt, text, ok))
    rejected_levels, _ = curation_levels(scorer, [text for _, text, _ in jobs])
    levels_flat, _ = curation_levels(scorer, [t for *_, ok in jobs for t, _ in ok])
    scored, i = [], 0
    for (prompt, text, ok), levels in zip(jobs, rejected_levels, strict=True):
        kept = []
        for t, k in ok:
            lv = levels_flat[i]
            i += 1
            if any(lv[m] < levels[m] for m in MECHANISMS):
                dropped["curation"] += 1
            else:
                kept.append((t, k, lv))
        if kept:
            scored.append((prompt, text, levels, kept))
        else:
            no_pair["curation"] += 1
    texts = list(dict.fromkeys([p.reference for p, *_ in scored] + [t for _, t, *_ in scored]
                               + [t for *_, kept in scored for t, _, _ in kept]))
    vectors = embed(texts) if texts else np.zeros((0, 0))
    index = {t: n for n, t in enumerate(texts)}
    pairs = []
    for prompt, text, levels, kept in scored:
        ref = vectors[index[prompt.reference]]
        base_sim = float(vectors[index[text]] @ ref)
        options = [(float(vectors[index[t]] @ ref), -k, t, lv) for t, k, lv in kept]
        passing = [o for o in options if o[0] >= base_sim]
        dropped["similarity"] += len(options) - len(passing)
        if not passing:
            no_pair["similarity"] += 1
            continue
        sim, minus_k, t, lv = max(passing, key=lambda o: o[:2])  # most similar, then fewest sentences removed
        pairs.append(Pair(prompt, text, Splice(t, (), (), minus_k), levels, lv, base_sim, sim, mode="trim"))
    stats = pair_stats(pairs, len(prompts), replies, skipped, dropped, no_pair, Counter(),
                       template_cap_dropped=0, template_limit=0)
    for key in ("spliced", "length_neutral", "adjective_misfit", "template_limit", "template_shares"):
        stats.pop(key)  # splice-mode numbers; a trim splices nothing
    stats["sentences_removed"] = dict(sorted(Counter(-p.chosen.inserted for p in pairs).items()))
    return pairs, stats


# ------------------------------------------------------------------ best-of (on-policy pairs from sampled replies)


@dataclass(frozen=True)
class _Sample:
    """A usable sampled reply with its length and curation numbers."""

    text: str
    words: int
    levels: dict[str, int]
    score: float                 # the curation scorer's ER + IP + 0.5 EX expected levels (rules.score_weights)
    rank: float = 0.0            # what the choice is made on: score + rules.similarity_weight x similarity


def make_best_of_pairs(prompts: Sequence[TrainPrompt], samples: Sequence[Sequence[Any]], scorer: CurationScorer,
                       embed: Embed, rules: PairRules) -> tuple[list[Pair], dict[str, Any]]:
    """One pair per prompt at most from its sampled replies (each with .text/.stopped): chosen = the best-scoring
    sample inside [min_words, max_words], rejected = the lowest-scoring other sample at least as long and at most
    rules.max_longer_words longer (scored on the curation score, plus rules.similarity_weight x similarity to the
    reference); returns the pairs and the stats."""
    skipped: Counter = Counter()     # samples not used, by reason
    no_pair: Counter = Counter()     # prompts without a pair, by the first rule that left nothing
    pools: list[list[str]] = []
    for replies in samples:
        seen: set[str] = set()
        pool: list[str] = []
        for r in replies:
            text = r.text.strip()
            reason = ("not_stopped" if not r.stopped else "duplicate" if text in seen else
                      "self_disclosure" if claims_experience(text) else "")
            if r.stopped:
                seen.add(text)
            if reason:
                skipped[reason] += 1
            else:
                pool.append(text)
        pools.append(pool)
    levels_flat, scores_flat = curation_levels(scorer, [t for pool in pools for t in pool], rules.score_weights)
    # MiniLM on one core is the slow part: without a similarity weight only the pairs that passed the other rules
    # are embedded; with one, every usable sample is (the choice needs its similarity).
    vectors: dict[str, np.ndarray] = {}

    def embed_all(texts: Sequence[str]) -> None:
        new = list(dict.fromkeys(t for t in texts if t not in vectors))
        if new:
            vectors.update(zip(new, embed(new), strict=True))

    def similarity(text: str, prompt: TrainPrompt) -> float:
        return float(vectors[text] @ vectors[prompt.reference])

    if rules.similarity_weight:
        embed_all([t for prompt, pool in zip(prompts, pools, strict=True) if pool for t in (prompt.reference, *pool)])
    candidates: list[tuple[TrainPrompt, _Sample, _Sample]] = []
    k = 0
    for prompt, replies, pool in zip(prompts, samples, pools, strict=True):
        scored = [_Sample(t, word_count(t), levels_flat[k + i], scores_flat[k + i],
                          scores_flat[k + i] + (rules.similarity_weight * similarity(t, prompt)
                                                if rules.similarity_weight else 0.0))
                  for i, t in enumerate(pool)]
        k += len(pool)
        if not scored:
            no_pair["self_disclosure" if any(r.stopped for r in replies) else "not_stopped"] += 1
            continue
        in_band = [s for s in scored if rules.min_words <= s.words <= rules.max_words]
        if not in_band:
            no_pair["no_in_band"] += 1
            continue
        # The chosen side never meets good news with sorrow (or bad news with cheer); the rejected side may.
        in_band = [s for s in in_band if not tone_contradicts(s.text, prompt.turn_valence)]
        if not in_band:
            no_pair["tone"] += 1
            continue
        chosen = max(in_band, key=lambda s: s.rank)  # ties: the first sampled
        # At least as long as the chosen reply: across the pairs chosen is never the longer side, so DPO cannot
        # learn "longer" from them (the splice pairs' failure: median chosen reply above the band).
        cap = chosen.words + rules.max_longer_words if rules.max_longer_words is not None else float("inf")
        longer = [s for s in scored if chosen.words <= s.words <= cap and s.text != chosen.text]
        if not longer:
            no_pair["no_longer_rejected"] += 1
            continue
        rejected = min(longer, key=lambda s: s.rank)
        if chosen.score - rejected.score < rules.min_score_gap:
            no_pair["score_gap"] += 1
            continue
        candidates.append((prompt, chosen, rejected))
    embed_all([t for p, c, r in candidates for t in (p.reference, c.text, r.text)])
    pairs, scores = [], []
    for prompt, chosen, rejected in candidates:
        sim_chosen, sim_rejected = similarity(chosen.text, prompt), similarity(rejected.text, prompt)
        if sim_chosen < sim_rejected:  # a higher curation score that drifts from what the reference says
            no_pair["similarity"] += 1
            continue
        pairs.append(Pair(prompt, rejected.text, Splice(chosen.text, (), (), 0), rejected.levels, chosen.levels,
                          sim_rejected, sim_chosen, mode="best_of"))
        scores.append((chosen.score, rejected.score))
    stats = pair_stats(pairs, len(prompts), [r for replies in samples for r in replies], skipped, Counter(),
                       no_pair, Counter(), template_cap_dropped=0, template_limit=0)
    for key in ("candidates_dropped", "spliced", "length_neutral", "adjective_misfit", "template_limit",
                "template_shares"):
        stats.pop(key)  # splice-mode numbers; both sides are unedited samples
    stats["replies"] = sum(len(replies) for replies in samples)
    stats["replies_in_band"] = sum(rules.min_words <= word_count(t) <= rules.max_words for pool in pools for t in pool)
    stats["score"] = {side: round(float(np.mean([s[i] for s in scores])), 3) if scores else None
                      for i, side in enumerate(("chosen", "rejected"))}
    return pairs, stats


def pair_stats(pairs: Sequence[Pair], n_prompts: int, replies: Sequence[Any], skipped: Counter, dropped: Counter,
               no_pair: Counter, misfits: Counter, template_cap_dropped: int, template_limit: int) -> dict[str, Any]:
    """Counts per filter reason, mean curation levels, words, similarity and template shares of the kept pairs."""
    n = len(pairs)

    def mean(values: Sequence[float]) -> float | None:
        return round(float(np.mean(values)), 3) if values else None

    templates = Counter(t for p in pairs for t in p.chosen.templates)
    return {
        "prompts": n_prompts,
        "replies_stopped": sum(bool(r.stopped) for r in replies),
        "replies_skipped": dict(skipped),
        "candidates_dropped": dict(dropped),
        "prompts_without_pair": {**no_pair, **({"template_cap": template_cap_dropped} if template_cap_dropped else {})},
        "adjective_misfit": dict(misfits),
        "pairs": n,
        "spliced": dict(Counter("+".join("ER" if m == ER else "IP" for m in p.chosen.mechanisms) for p in pairs)),
        "length_neutral": sum(p.chosen.inserted == 0 for p in pairs),
        "levels": {side: {m: mean([getattr(p, f"levels_{side}")[m] for p in pairs]) for m in MECHANISMS}
                   for side in ("chosen", "rejected")},
        "words": {"chosen": {"mean": mean([word_count(p.chosen.text) for p in pairs]),
                             "median": statistics.median([word_count(p.chosen.text) for p in pairs]) if n else None},
                  "rejected": {"mean": mean([word_count(p.rejected) for p in pairs]),
                               "median": statistics.median([word_count(p.rejected) for p in pairs]) if n else None}},
        "similarity_to_train_reference": {"chosen": mean([p.similarity_chosen for p in pairs]),
                                          "rejected": mean([p.similarity_rejected for p in pairs])},
        "template_limit": template_limit,
        "template_shares": {t: round(c / n, 3) for t, c in templates.most_common()},
    }


# ------------------------------------------------------------------ output


def pair_row(pair: Pair) -> dict[str, Any]:
    """TRL's conversational preference row (what empathic.training.preference_data reads), plus `meta`."""
    return {
        "prompt": pair.prompt.messages,
        "chosen": [{"role": "assistant", "content": pair.chosen.text}],
        "rejected": [{"role": "assistant", "content": pair.rejected}],
        "meta": {"id": pair.prompt.id, "emotion": pair.prompt.emotion, "mode": pair.mode,
                 "spliced": list(pair.chosen.mechanisms),
                 "templates": list(pair.chosen.templates), "inserted": pair.chosen.inserted, "misfit": pair.misfit,
                 "levels": {"chosen": pair.levels_chosen, "rejected": pair.levels_rejected},
                 "similarity": {"chosen": round(pair.similarity_chosen, 4),
                                "rejected": round(pair.similarity_rejected, 4)}},
    }


def stats_path(out: Path) -> Path:
    """Where the stats JSON of a pairs file goes: beside it, `<name>.stats.json`."""
    return out.with_name(out.stem + ".stats.json")


def write_pairs(out: Path, pairs: Sequence[Pair], stats: dict[str, Any]) -> Path:
    """The pairs JSONL and its stats JSON, each written atomically."""
    write_jsonl(out, [pair_row(p) for p in pairs])
    write_json(stats_path(out), stats)
    return out


def build_pairs(adapter: Path, out: Path, epitome_dir: Path, rules: PairRules = PairRules(),
                progress: bool = True, train_run: Path | None = None, replies_from: Path | None = None,
                valence_data: Sequence[Path] = (), valence_avoid: Sequence[Path] = ()) -> dict[str, Any]:
    """The whole step: train prompts -> the adapter's own replies (generated and kept beside OUT, or read from
    `replies_from`; best_of mode: `rules.samples` sampled replies per prompt) -> splice, trim or best-of pairs
    (`rules.mode`, checked by PairRules) -> OUT (+ stats); returns the stats. With rules.turn_valence the turn-valence
    classifier is fitted on `valence_data` (default: the SFT run's own train split) minus the `valence_avoid` groups."""
    from empathic.evaluation.embeddings import Embedder
    from empathic.evaluation.lexical_judge import load_or_train_lexical

    # A DPO run folder holds no data split: a later stage reads the prompts of the SFT run it continues.
    prompts = read_train_prompts(train_run or adapter, rules)
    scorer = load_or_train_lexical(epitome_dir)  # before generating: a bad EPITOME folder fails in seconds
    embedder = Embedder()
    valence_stats: dict[str, Any] = {}
    if rules.turn_valence:  # before generating too: too few labelled opening turns fails in seconds
        from empathic.training.turn_valence import label_prompts, load_or_train_turn_valence

        data = list(valence_data) or [train_split_path(train_run or adapter)]
        model = load_or_train_turn_valence(data, embedder, valence_avoid)
        prompts = label_prompts(prompts, model, embedder.encode)
        read = Counter(p.turn_valence or "unsure" for p in prompts if p.turn_valence is not None)
        valence_stats = {"turn_valence": {"data": [str(p) for p in data], "avoid": [str(p) for p in valence_avoid],
                                          "opening_turns": model.rows, "band": [model.low, model.high],
                                          "prompts": dict(sorted(read.items()))}}
    if rules.mode == "best_of":
        if replies_from is not None:
            samples = read_samples(replies_from, prompts)
        else:
            samples = own_samples(adapter, prompts, rules, progress)
            write_samples(samples_path(out), prompts, samples)  # before pairing: a failed filter run keeps them
        pairs, stats = make_best_of_pairs(prompts, samples, scorer, embedder.encode, rules)
    else:
        if replies_from is not None:
            replies = read_replies(replies_from, prompts)
        else:
            replies = own_replies(adapter, prompts, rules, progress)
            write_replies(replies_path(out), prompts, replies)  # before pairing: a failed filter run keeps the slow part
        make = make_trim_pairs if rules.mode == "trim" else make_pairs
        pairs, stats = make(prompts, replies, scorer, embedder.encode, rules)
    stats = {"adapter": str(adapter), "train_run": str(train_run or adapter), "rules": asdict(rules),
             **({"replies_from": str(replies_from)} if replies_from is not None else {}), **valence_stats, **stats}
    if not pairs:
        write_json(stats_path(out), stats)
        raise UserError(f"no pair survived the filters (stats: {stats_path(out)}); sample more prompts with --prompts")
    write_pairs(out, pairs, stats)
    return stats
