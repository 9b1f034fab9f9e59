"""empathic: LoRA/QLoRA fine-tuning of small chat LLMs for empathetic, non-clinical support."""

__version__ = "0.1.0"
