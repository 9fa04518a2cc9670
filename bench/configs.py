"""Configurations of the deep preset that the evidence bench compares: name -> Preset
overrides on top of `fast` (core/deep/request.py). "fast" is the shipped default."""
CONFIGS = {
    "fast": {},
}
CONFIGS.update({
    "logratio": {"log_ratio_input": True},        # hypothesis iii
    "pseudo0.5": {"pseudo_weight": 0.5},                 # hypothesis ii
    "pseudo2": {"pseudo_weight": 2.0},
})
CONFIGS.update({
    "sar-agreement": {"sar_threshold": "agreement"},     # hypothesis i, in the product (deep/agreement.py)
})
CONFIGS.update({
    # the default before issue 25: SAR masks at the margin's decision (Pc > 0.5, or Otsu above it)
    "margin": {"sar_threshold": "margin"},
})
