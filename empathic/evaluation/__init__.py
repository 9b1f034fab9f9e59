"""Honest base-vs-tuned evaluation: text metrics, empathy classifiers, EQ-Bench, judge, paired bootstrap.

Submodules are imported on demand; importing this package does not import torch.
"""
