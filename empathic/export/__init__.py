"""Export a trained run for other runtimes: GGUF (llama.cpp) with an Ollama Modelfile."""

from empathic.export.cli import ExportResult, export_gguf

__all__ = ["ExportResult", "export_gguf"]
