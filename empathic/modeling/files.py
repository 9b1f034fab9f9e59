"""File names inside a model or adapter folder that more than one package reads.

`modeling` owns them (it loads adapters); `training.run_folder.RunFolder` writes a run folder with
the same names, so the dependency points from training to modeling, never back.
"""

from __future__ import annotations

ADAPTER_CONFIG = "adapter_config.json"  # written by PEFT: its presence means "an adapter"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
ADAPTER_WEIGHTS_BIN = "adapter_model.bin"  # older PEFT versions saved pickled weights
ADAPTER_WEIGHT_FILES = (ADAPTER_WEIGHTS, ADAPTER_WEIGHTS_BIN)
TOKENIZER_CONFIG = "tokenizer_config.json"
RUN_CONFIG = "config.yaml"  # the resolved training recipe beside an adapter this project trained
HEADS_WEIGHTS = "heads.safetensors"  # auxiliary emotion/strategy heads (empathic.modeling.heads)
HEADS_CONFIG = "heads_config.json"
