"""The learned screen: a small classifier over multilingual sentence embeddings, window by window.

A message is cut into windows (the whole message, its sentences, runs of two sentences;
`encoder.windows`), each window is embedded with the multilingual encoder and scored by the model;
the message's score is the maximum over its windows, so one crisis sentence in a long post counts.
The category of a flagged message is the nearest category centroid of its highest-scoring window.

Length correction (round 3): the maximum over many windows of a long post is more likely to cross
a fixed threshold by chance, so a post's false-positive rate grew with its length. The threshold a
message must reach rises in logit space with the number of sentences n:
`logit(t_n) = logit(t) + min(length_slope * log(n / LENGTH_FREE_SENTENCES), length_cap)` for
n > `LENGTH_FREE_SENTENCES` (chat-sized messages are unchanged). `length_slope` is the scale of the
upper tail of the window logits of non-crisis rows (an exponential tail: dividing the per-window
false-positive rate by k moves the quantile by slope * log k), `length_cap` keeps a single clear
risk sentence in a long post above the bar; both are fitted in `training.py`.

Weights ship as a small .npz (`empathic/resources/crisis_screen_use.npz`: one hidden ReLU layer
(`hidden_w`, `hidden_b`, float16) and the output layer `coef`/`intercept`, or `coef` over the
embedding dimensions alone for a linear model; 5 centroids, the threshold and how they were
made). The inputs are the features named by `meta["features"]` (`encoder.featurize`): USE's 512
dimensions ("use", rounds 1-7, and any file without the entry) or USE then MiniLM, 896 ("use+minilm",
round 8). The shipped file is trained only on CC BY data
and the project's own red-team dev rows (`empathic.safety.training`); `empathic screen train`
writes a file of the same format from any data a user is allowed to use.
"""

from __future__ import annotations

import functools
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources as _pkg
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.safety import encoder
from empathic.safety.normalize import deobfuscate
from empathic.safety.patterns import CATEGORIES, THRESHOLD

SHIPPED_FILE = "crisis_screen_use.npz"
LENGTH_FREE_SENTENCES = 2  # messages of up to this many sentences use the plain threshold
ENCODER_CACHE_SIZE = 65_536  # fine-tuned encoder logits kept per screen (a few MB)


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def length_shift(n_sentences: int, slope: float, cap: float) -> float:
    """How far (in logits) the threshold rises for a message of `n_sentences` sentences."""
    if slope <= 0 or n_sentences <= LENGTH_FREE_SENTENCES:
        return 0.0
    return min(slope * math.log(n_sentences / LENGTH_FREE_SENTENCES), cap)


def shipped_weights_path() -> Path:
    return Path(str(_pkg.files("empathic") / "resources" / SHIPPED_FILE))


@dataclass(frozen=True)
class LearnedModel:
    coef: np.ndarray        # (512,) or (H,): p = sigmoid(features @ coef + intercept)
    intercept: float
    threshold: float        # probability at which a window is a crisis (the chat operating point)
    centroids: np.ndarray   # (len(CATEGORIES), 512) mean embedding of each category's crisis rows
    meta: dict = field(default_factory=dict)
    hidden_w: np.ndarray | None = None  # (512, H): features = relu(x @ hidden_w + hidden_b); None = linear
    hidden_b: np.ndarray | None = None
    length_slope: float = 0.0  # logits per log(sentences / LENGTH_FREE_SENTENCES); 0 = no length correction
    length_cap: float = 0.0    # the most the threshold may rise, in logits

    @property
    def two_sentence_weight(self) -> float:
        """Round 9: how much a two-sentence message's best single sentence may lift it above the whole message
        (`message_logit`); 1.0 (files without the entry) is the plain maximum over the windows."""
        return float(self.meta.get("two_sentence_weight", 1.0))

    @property
    def min_window_words(self) -> int:
        """Round 18: sentence windows of fewer words than this are not scored on their own (`encoder.windows`); 0
        (files without the entry) scores every sentence and run."""
        return int(self.meta.get("min_window_words", 0))

    @property
    def features(self) -> str:
        """Which encoder features the model reads (`encoder.featurize`): "use" unless the file says otherwise."""
        return str(self.meta.get("features", encoder.USE))

    def message_threshold(self, n_sentences: int = 1) -> float:
        """The probability a message of `n_sentences` sentences must reach (its best window)."""
        shift = length_shift(n_sentences, self.length_slope, self.length_cap)
        if shift == 0.0:
            return self.threshold
        return 1.0 / (1.0 + math.exp(-(_logit(self.threshold) + shift)))

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        feats = embeddings
        if self.hidden_w is not None:
            feats = np.maximum(embeddings @ self.hidden_w + self.hidden_b, 0.0)
        z = feats @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))

    def to_screen_scale(self, p: float, n_sentences: int = 1) -> float:
        """Map a probability onto the screener's scale, where `THRESHOLD` (0.5) is the decision point
        (the threshold of a message of `n_sentences` sentences)."""
        t = self.message_threshold(n_sentences)
        if p >= t:
            return THRESHOLD + (1 - THRESHOLD) * (p - t) / max(1e-9, 1 - t)
        return THRESHOLD * p / max(1e-9, t)

    def category(self, embedding: np.ndarray) -> str:
        return CATEGORIES[int(np.argmax(self.centroids @ embedding))]

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        hidden = {} if self.hidden_w is None else {"hidden_w": self.hidden_w.astype(np.float16),
                                                   "hidden_b": self.hidden_b.astype(np.float32)}
        np.savez_compressed(path, coef=self.coef.astype(np.float32), intercept=np.float32(self.intercept),
                            threshold=np.float32(self.threshold), centroids=self.centroids.astype(np.float16),
                            meta=json.dumps(self.meta, sort_keys=True), length_slope=np.float32(self.length_slope),
                            length_cap=np.float32(self.length_cap), **hidden)
        return path


def load_model(path: Path | str | None = None) -> LearnedModel:
    path = Path(path) if path is not None else shipped_weights_path()
    if not path.is_file():
        raise UserError(f"learned screen weights not found: {path}; pass a file written by `empathic screen train`")
    try:
        with np.load(path, allow_pickle=False) as d:
            hidden = ((d["hidden_w"].astype(np.float32), d["hidden_b"].astype(np.float32))
                      if "hidden_w" in d.files else (None, None))
            length = tuple(float(d[k]) if k in d.files else 0.0 for k in ("length_slope", "length_cap"))
            return LearnedModel(d["coef"].astype(np.float32), float(d["intercept"]), float(d["threshold"]),
                                d["centroids"].astype(np.float32), json.loads(str(d["meta"])), *hidden, *length)
    except (KeyError, ValueError, OSError) as err:
        raise UserError(f"{path} is not a learned-screen weights file ({err})") from None


@functools.cache
def _cached_model(path: str | None) -> LearnedModel:
    return load_model(path)


@dataclass(frozen=True)
class WindowScore:
    probability: float
    window: str
    category: str
    n_sentences: int = 1


def message_logit(window_logits: np.ndarray, n_sentences: int, two_sentence_weight: float = 1.0) -> float:
    """A message's logit from its windows' logits (the whole message first): the maximum, except for a message of
    exactly two sentences, where the best sentence lifts the whole message's logit only by `two_sentence_weight` of
    its excess (round 9: "I attempted two years ago. I'm doing well now." should be read as a whole, while one risk
    sentence among several still counts in full; the length correction handles longer posts)."""
    z = np.asarray(window_logits, dtype=np.float64)
    if n_sentences != 2 or len(z) < 2 or two_sentence_weight >= 1.0:
        return float(z.max())
    return float(z[0] + two_sentence_weight * max(0.0, float(z[1:].max()) - float(z[0])))


def score_windows(model: LearnedModel, text: str) -> WindowScore:
    """The message's probability from its windows (`message_logit`), with its highest-scoring window (already
    de-obfuscated or not: it is done here)."""
    clean = deobfuscate(text or "")
    wins = encoder.windows(clean, model.min_window_words)
    emb = encoder.featurize(wins, model.features)
    probs = model.probabilities(emb)
    i = int(np.argmax(probs))
    n = max(1, len(encoder.sentences(clean)))
    p = float(probs[i])
    if n == 2 and model.two_sentence_weight < 1.0:
        z = np.log(np.clip(probs, 1e-9, 1 - 1e-9) / np.clip(1 - probs, 1e-9, 1))
        p = float(1.0 / (1.0 + np.exp(-message_logit(z, n, model.two_sentence_weight))))
    return WindowScore(p, wins[i], model.category(emb[i]), n)


@dataclass(frozen=True)
class Combination:
    """How the fine-tuned encoder's logit joins the MLP's (round 51, `finetuned.py`): with u the MLP's logit above
    its own length-corrected message threshold and v the encoder's logit on the whole message (read in 128-token
    windows),
    c = u / sd_mlp + (v - mean_encoder) / sd_encoder - tau, and the message is a crisis at c >= 0. The scales are
    the spreads of u and v over validation batches, tau the largest value keeping the screen's recall there."""

    sd_mlp: float
    mean_encoder: float
    sd_encoder: float
    tau: float

    def margin(self, u: float, v: float) -> float:
        return u / self.sd_mlp + (v - self.mean_encoder) / self.sd_encoder - self.tau


def mlp_margin(model: LearnedModel, best: WindowScore) -> float:
    """The MLP's logit above its threshold for a message of `best.n_sentences` sentences (0 at the threshold)."""
    return _logit(best.probability) - _logit(model.message_threshold(best.n_sentences))


class LearnedScreen:
    """Callable `text -> (score, category, reason)`: the learned second opinion next to the rules.

    With the shipped weights (`weights=None`) it also reads the fine-tuned encoder, when its folder carries the
    constants that join the two (`Combination`); with a user's own weights (`empathic screen train`) the MLP
    speaks alone, since those constants were chosen for the shipped pair."""

    def __init__(self, weights: Path | str | None = None, encoder_dir: Path | str | None = None) -> None:
        self.model = _cached_model(str(weights) if weights is not None else None)
        self.encoder = None
        self.combination: Combination | None = None
        # Encoder logits by cleaned text, most recent last: chat re-screens the recent user turns with every message
        # (`conversation.py`), and `prime` fills it in batches (a batch costs ~5 ms a text on one core, one text
        # alone ~17 ms).
        self._logits: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        if weights is None:
            from empathic.safety.finetuned import META_FILE, load_encoder, shipped_encoder_path

            folder = Path(encoder_dir) if encoder_dir is not None else shipped_encoder_path()
            meta = folder / META_FILE  # read here first: no torch load when the folder has no combination
            combine = json.loads(meta.read_text(encoding="utf-8")).get("combine") if meta.is_file() else None
            if combine:
                self.encoder = load_encoder(encoder_dir)
                self.combination = Combination(**{k: float(combine[k]) for k in
                                                  ("sd_mlp", "mean_encoder", "sd_encoder", "tau")})

    def probability(self, text: str) -> float:
        """The MLP's probability alone (its best window)."""
        return score_windows(self.model, text).probability

    def _remember(self, key: str, logit: float) -> None:
        with self._lock:
            self._logits[key] = logit
            self._logits.move_to_end(key)
            while len(self._logits) > ENCODER_CACHE_SIZE:
                self._logits.popitem(last=False)

    def encoder_logit(self, text: str) -> float:
        key = deobfuscate(text or "")
        with self._lock:
            hit = self._logits.get(key)
        if hit is None:
            hit = float(self.encoder([key])[0])
        self._remember(key, hit)
        return hit

    def forget(self) -> None:
        """Drop the remembered encoder logits (a benchmark timing fresh messages)."""
        with self._lock:
            self._logits.clear()

    def prime(self, texts: Sequence[str]) -> None:
        """Encode many messages in batches before they are screened one by one (a file, a red-team set)."""
        if self.encoder is None:
            return
        with self._lock:
            keys = [k for k in dict.fromkeys(deobfuscate(t or "") for t in texts) if k not in self._logits]
        for key, logit in zip(keys, self.encoder(keys), strict=True):
            self._remember(key, float(logit))

    def __call__(self, text: str) -> tuple[float, str | None, str]:
        best = score_windows(self.model, text)
        t = self.model.message_threshold(best.n_sentences)
        why = f"learned: p={best.probability:.3f} (threshold {t:.3f}, {best.n_sentences} sentences) on {best.window[:60]!r}"
        if self.combination is None:
            score = round(self.model.to_screen_scale(best.probability, best.n_sentences), 4)
        else:
            v = self.encoder_logit(text)
            c = self.combination.margin(mlp_margin(self.model, best), v)
            score = round(1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, c)))), 4)  # 0.5 at c = 0, as THRESHOLD
            why += f"; encoder logit {v:+.2f}; combined margin {c:+.2f}"
        crisis = score >= THRESHOLD
        return score, best.category if crisis else None, why
