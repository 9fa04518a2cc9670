"""Configurations of the deep preset that the evidence bench compares: name -> Preset
overrides on top of `fast` (core/deep/request.py). "fast" is the shipped default."""
CONFIGS = {
    "fast": {},
    # the default before issue 25: SAR masks at the margin's decision (Pc > 0.5, or Otsu above it)
    "margin": {"sar_threshold": "margin"},
    # hypothesis iii: the log-ratio of each band beside the difference as D-CPG input (optical only)
    "logratio": {"log_ratio_input": True},
    # issue 25: T1 mapped onto T2 by a regression refitted on the pseudo-invariant pixels
    "invariant": {"radiometric_fit": "invariant"},
    # the same, refitting only the offset (the means of the pseudo-invariant pixels; slope of every pixel)
    "invoffset": {"radiometric_fit": "invariant-offset"},
    "inv90": {"radiometric_fit": "invariant", "invariant_keep": 0.9},
    # issue 29: a D-CPG of 8 channels (a quarter of the convolution cost per pixel)
    "ch8": {"channels": 8},
    "ch12": {"channels": 12},
    # issue 29: the D-CPG's convolutions in bfloat16 (native on AVX512-BF16 CPUs), the readout in float32
    "bf16": {"precision": "bfloat16"},  # measured with the D-CPG only in bfloat16
    "bf16all": {"precision": "bfloat16"},  # the D-FE's convolutions too
}
