"""Configurations of the deep preset that the evidence bench compares: name -> Preset
overrides on top of `fast` (core/deep/request.py). "fast" is the shipped default."""
CONFIGS = {
    "fast": {},
    # the default before issue 25: SAR masks at the margin's decision (Pc > 0.5, or Otsu above it)
    "margin": {"sar_threshold": "margin"},
    # hypothesis iii: the log-ratio of each band beside the difference as D-CPG input (optical only)
    "logratio": {"log_ratio_input": True},
}
