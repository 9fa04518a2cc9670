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
    # with bfloat16 networks a D-CPG of 32 channels costs about what 16 did in float32: is it better?
    "ch32": {"channels": 32},
    # the default before issue 29's bfloat16 networks (fast's "auto" is bfloat16 on a CPU that computes it
    # natively: the bench machine's AMD EPYC does)
    "float32": {"precision": "float32"},
    # issue 25: what a true-colour pair without a pixel size (a PNG, an ungeoreferenced export) gets
    "shift2": {"shift_tolerance": 2},
    # issue 25: fewer VGG levels on every pair (relu3_3 sums 40 x 40 pixels: 1.2 km at 30 m)
    "fe1": {"fe_levels": 1, "coarse_fe_levels": None},
    "fe2": {"fe_levels": 2, "coarse_fe_levels": None},
    # the default before issue 25's coarse-pixel rule (deep/levels.py): three levels whatever the pixel size
    "fe3": {"coarse_fe_levels": None},
    # issue 25: Pc's context grading (2 px in fast) on coarse pixels, where 2 px are 60 m at 30 m
    "ctx1": {"context_sigma": 1.0},
    "ctx0": {"context_sigma": 0.0},
}
