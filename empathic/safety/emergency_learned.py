"""Emergency v2/v3: v1's rules (`emergency.detect_emergency`) OR a learned part over the message's USE embedding.

The learned part is a class-balanced logistic regression over the input screen's whole-message USE embedding
(`encoder.message_embedding`: the vector the crisis screen has just computed for the same message, so chat does
not encode the message twice). It answers what the rules were not written for, the way people describe an
emergency ("clutching his chest, left arm hurts", "seizing for 6 minutes", "lips going blue").

Weights ship as `empathic/resources/emergency_use.npz` (`coef`, `bias`, `threshold`, `meta`), written by
`python -m empathic.safety.emergency_training`, which also fixes the threshold by grouped cross-validation and
decides whether v2 is the default (`meta["adopted"]`; see that module's docstring). When it is not adopted,
chat keeps v1 (rules only) and `detect_emergency_v2` is still there to measure.

v3 (`meta["per_sentence"]`): the same model is also applied to each sentence of a message of 2+ sentences, as
the crisis screen cuts them (`sentence_windows`: `encoder.windows` less the whole message and the runs), and the
message's probability is the maximum, so one emergency sentence in an otherwise ordinary post counts. The whole
message's embedding is still the crisis screen's; the sentences are encoded once more (one `encoder.encode` call,
only when the rules did not fire and the message has 2+ sentences: measured +8.8 ms median on such messages,
+0.8 ms median over all messages, 1 core), since the encoder keeps only each call's first text.

A learned-only hit has kind `LEARNED_KIND` and the reply language of the project's detector
(`empathic.safety.lang.detect_language`), as v1 gives a message its detector's language.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources as _pkg
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.safety import encoder
from empathic.safety.emergency import Emergency, detect_emergency
from empathic.safety.lang import detect_language
from empathic.safety.normalize import deobfuscate

SHIPPED_FILE = "emergency_use.npz"
LEARNED_KIND = "learned"  # an emergency the learned part found and the rules did not


def sentence_windows(clean: str) -> list[str]:
    """The sentences of a (de-obfuscated) message of 2+ sentences, as the crisis screen cuts them: its own windows
    (`encoder.windows`, which also caps very long posts) less the whole message and the runs of sentences; [] for a
    message of one sentence."""
    sents = encoder.sentences(clean)
    if len(sents) < 2:
        return []
    keep = set(sents)
    return [w for w in encoder.windows(clean)[1:] if w in keep]


def shipped_weights_path() -> Path:
    return Path(str(_pkg.files("empathic") / "resources" / SHIPPED_FILE))


@dataclass(frozen=True)
class EmergencyModel:
    coef: np.ndarray  # (512,): p = sigmoid(embedding @ coef + bias)
    bias: float
    threshold: float  # a message is an emergency when p >= threshold (or the rules say so)
    meta: dict = field(default_factory=dict)

    @property
    def adopted(self) -> bool:
        """Whether rules OR learned (v2, or v3 with `per_sentence`) is chat's default: the adoption rule of its
        version held when the file was made."""
        return bool(self.meta.get("adopted", False))

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        z = np.asarray(embeddings, dtype=np.float32) @ self.coef + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z.astype(np.float64), -40, 40)))

    @property
    def per_sentence(self) -> bool:
        """v3: the learned part is also applied to each sentence of a message of 2+ sentences (the maximum over the
        whole message and its sentences); files without the entry (v2) read the whole message only."""
        return bool(self.meta.get("per_sentence", False))

    def probability(self, text: str) -> float:
        clean = deobfuscate(text or "")
        p = float(self.probabilities(encoder.message_embedding(clean)[None, :])[0])
        if self.per_sentence:
            sents = sentence_windows(clean)
            if sents:
                p = max(p, float(self.probabilities(encoder.encode(sents)).max()))
        return p

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            coef=self.coef.astype(np.float32),
            bias=np.float64(self.bias),
            threshold=np.float64(self.threshold),
            meta=json.dumps(self.meta, sort_keys=True),
        )
        return path


def load_model(path: Path | str | None = None) -> EmergencyModel:
    path = Path(path) if path is not None else shipped_weights_path()
    if not path.is_file():
        raise UserError(
            f"emergency weights not found: {path}; run python -m empathic.safety.emergency_training"
        )
    try:
        with np.load(path, allow_pickle=False) as d:
            return EmergencyModel(
                d["coef"].astype(np.float32),
                float(d["bias"]),
                float(d["threshold"]),
                json.loads(str(d["meta"])),
            )
    except (KeyError, ValueError, OSError) as err:
        raise UserError(f"{path} is not an emergency weights file ({err})") from None


@functools.cache
def shipped_model() -> EmergencyModel:
    return load_model()


def detect_emergency_v2(text: str, model: EmergencyModel | None = None) -> Emergency | None:
    """v1's rules OR the learned part: the rules' answer when they fire, else a `LEARNED_KIND` emergency when the
    learned probability reaches the threshold, else None."""
    found = detect_emergency(text)
    if found is not None or not text or not text.strip():
        return found
    model = model or shipped_model()
    if model.probability(text) >= model.threshold:
        return Emergency(LEARNED_KIND, detect_language(deobfuscate(text)))
    return None


def detect_emergency_default(text: str) -> Emergency | None:
    """The check chat runs: rules OR learned (v3 when the shipped file reads sentences) when the shipped file says it
    was adopted, else v1 (rules only)."""
    return detect_emergency_v2(text) if shipped_model().adopted else detect_emergency(text)
