#!/usr/bin/env bash
# The reference empathy chain (Notes/eval/empathy.md, round 50: T1; round 45's P1 plus the turn's valence in stages 2
# and 3): SFT on the curated mix, then three short preference stages, each on pairs built from the previous adapter's
# own replies. About 44 minutes on two cores (round 50: stages 2-4 28:50 after the SFT stage, 14:49 in round 48's
# rebuild; the valence data 20 s). The judged T1 is this script with VALENCE_AVOID naming round 47-50's validation
# sets val52-val57 (with them, the splice pairs were rebuilt byte for byte from T1's kept replies).
#
#   bash finetuning/empathy_chain.sh OUT [--set KEY=VALUE ...]    (the --set overrides go to the SFT stage only)
#   DOSE_FROM=REF bash finetuning/empathy_chain.sh OUT ...           (dose-matched: each DPO stage trains on at most as
#                                                                     many pairs as REF's pair file of that stage)
#   VALENCE_AVOID="F ..." bash finetuning/empathy_chain.sh OUT ...   (JSONL files whose conversations the turn-valence
#                                                                     classifier must not read)
#
#   0. valence-data  the plain mix prepared (data.yaml, eval_mix=all): the EmpatheticDialogues opening turns of its
#                    train split fit the turn-valence classifier of stages 2 and 3 (round 50); its groups never meet
#                    a test split. The judged adapter T1 passed round 47-50's validation sets (val52-val57, drawn
#                    from that train split) as VALENCE_AVOID.
#
#   1. sft           empathic train, finetuning/configs/smollm2-135m-empathy.yaml (150 steps; its data config requires
#                    EmpatheticDialogues replies to show interpretations since round 44)
#   2. dpo-splice    pairs: its greedy replies with the missing mechanisms spliced in, the opener's valence read
#                    from the seeker's last turn (--turn-valence) -> DPO (2 epochs)
#   3. dpo-bestof    pairs: 6 sampled replies per prompt from the stage-2 adapter (the continuous loop, 32 tokens: a
#                    usable reply is at most 21 words), chosen = best curation score (interpretations weighted 3x:
#                    the mechanism this stage lacks) in the length band and never of a tone contradicting the
#                    turn's valence, rejected at most 3 words longer -> DPO (2 epochs)
#   4. dpo-clause    pairs: the stage-3 adapter's greedy replies with one reflective clause replacing a sentence
#                    (length-neutral: chosen at most 2 words longer), a final well-wish ("I hope you're doing
#                    well.") included since round 45 -> DPO (3 epochs: round 44 chose this half dose of the old
#                    chain's clause stage; the full dose lifted interpretations but lost similarity)
#
# Round 32's chain had its clause stage between 2 and 3 and drew the best-of samples through `generate` batches at 48
# tokens: 81 minutes (round 40). Round 43's chain stopped after stage 3 (35 minutes) and missed interpretations on the
# test prompts; round 44 chose N2 on 400 fresh validation prompts (runs/emp44/rule44.txt) and round 45 its clause
# stage with --replace-closers on 275 more (runs/emp45/rule45.txt).
#
# Every DPO stage is finetuning/configs/smollm2-135m-empathy-dpo.yaml (length-normalised DPO + SFT term, beta 1.0);
# only its start adapter, pairs and epochs change below. A stage whose output is complete is skipped, so an
# interrupted chain continues where it stopped. Pairs come from train prompts only, never validation or test ones.
set -euo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
    echo "usage: bash finetuning/empathy_chain.sh OUT [--set KEY=VALUE ...]" >&2
    exit 2
fi
out="$1"
shift
bin="${BIN:-.venv/bin}"
data_dir=(${DATA_DIR:+--data-dir "$DATA_DIR"})
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-2}"
mkdir -p "$out"

log() { echo "$(date -u +%FT%TZ) $*" | tee -a "$out/chain.log"; }

# A run folder is finished when `empathic train` has written its COMPLETE marker; pairs when their stats are written.
done_run() { [[ -f "$1/COMPLETE" ]]; }
done_pairs() { [[ -s "$1" && -f "${1%.jsonl}.stats.json" ]]; }

if ! done_run "$out/sft"; then
    log "sft: start"
    "$bin/empathic" train --config finetuning/configs/smollm2-135m-empathy.yaml --overwrite \
        --set "output_dir=$out/sft" "$@"
fi
log "sft: done"

# DOSE_FROM (the ablation): an arm whose replies leave more pairs would otherwise also take more DPO steps, so
# "curated vs old mix" would be confounded with the preference dose (Notes/eval/empathy.md, round 41).
dose() {  # dose PAIRS -> the max_pairs override matching DOSE_FROM's pair file of the same name, if set
    if [[ -n "${DOSE_FROM:-}" ]]; then
        local ref="$DOSE_FROM/$(basename "$1")"
        [[ -s "$ref" ]] || { echo "DOSE_FROM: no pairs file $ref" >&2; exit 2; }
        echo "--set max_pairs=$(wc -l < "$ref")"
    fi
}

dpo() {  # dpo NAME START PAIRS EPOCHS
    if ! done_run "$out/$1"; then
        local cap
        cap=$(dose "$3")
        log "$1: start${cap:+ ($cap)}"
        # shellcheck disable=SC2086  # $cap is empty or two words
        "$bin/empathic" train --config finetuning/configs/smollm2-135m-empathy-dpo.yaml --overwrite \
            --set "start_adapter=$2" --set "pairs=[$3]" --set "num_train_epochs=$4" --set "output_dir=$out/$1" $cap
    fi
    log "$1: done"
}

pairs() {  # pairs OUT_FILE ADAPTER [empathic data pairs options...]
    local file="$1" adapter="$2"
    shift 2
    if ! done_pairs "$file"; then
        log "pairs $(basename "$file"): start"
        "$bin/empathic" data pairs --adapter "$adapter" --train-from "$out/sft" --out "$file" "${data_dir[@]}" "$@"
    fi
    log "pairs $(basename "$file"): done"
}

# Round 49 found the label-read openers teach "I'm so sorry" to good news (the ED label is the conversation's, not the
# turn's); round 50's T1 reads the turn instead: fewer sorry replies to good news on val57 and test47, similarity
# above P1's on val57 but not on test47 (Notes/eval/empathy.md).
if ! done_run "$out/valence-data"; then  # `empathic data prepare` writes the same COMPLETE marker
    log "valence-data: start"
    "$bin/empathic" data prepare --config finetuning/configs/data.yaml "${data_dir[@]}" --out "$out/valence-data" \
        --set eval_mix=all
fi
log "valence-data: done"
valence=(--turn-valence --valence-data "$out/valence-data/train.jsonl")
for file in ${VALENCE_AVOID:-}; do valence+=(--valence-avoid "$file"); done

pairs "$out/pairs-splice.jsonl" "$out/sft" "${valence[@]}"
dpo dpo-splice "$out/sft" "$out/pairs-splice.jsonl" 2

pairs "$out/pairs-bestof.jsonl" "$out/dpo-splice" --prompts 10000 --best-of 6 --score-weights 1,3,0.5 \
    --max-longer-words 3 --continuous --max-new-tokens 32 "${valence[@]}"
dpo dpo-bestof "$out/dpo-splice" "$out/pairs-bestof.jsonl" 2

pairs "$out/pairs-clause.jsonl" "$out/dpo-bestof" --prompts 10000 --splice interpretations --trust-splices \
    --max-added-words 2 --replace-closers
dpo dpo-clause "$out/dpo-bestof" "$out/pairs-clause.jsonl" 3

log "chain complete: $out/dpo-clause"
