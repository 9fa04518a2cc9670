"""Configurations of the deep preset that the evidence bench compares: name -> Preset
overrides on top of `fast` (core/deep/request.py). "fast" is the shipped default. Runs are
cached per configuration (bench/evidence.py), so each configuration keeps meaning the networks
its runs were made with: those made before the coarse-pixel networks (deep/coarse.py) pin the
preset's networks on every pair (BEFORE_COARSE)."""
BEFORE_COARSE = {"coarse_fe_levels": None, "coarse_blocks": None, "coarse_patch": None}
PATCH_64 = {"coarse_patch": None}  # coarse pixels fitted on the preset's 64 px patches (before coarse_patch)
TWO_LEVELS_TWO_BLOCKS = {"coarse_blocks": None, **PATCH_64}  # coarse pixels: two VGG levels, the preset's two blocks

CONFIGS = {
    "fast": {},
    # the default before issue 25: SAR masks at the margin's decision (Pc > 0.5, or Otsu above it)
    "margin": {"sar_threshold": "margin", **BEFORE_COARSE},
    # hypothesis iii: the log-ratio of each band beside the difference as D-CPG input (optical only)
    "logratio": {"log_ratio_input": True, **BEFORE_COARSE},
    # issue 25: T1 mapped onto T2 by a regression refitted on the pseudo-invariant pixels
    "invariant": {"radiometric_fit": "invariant", **BEFORE_COARSE},
    # the same, refitting only the offset (the means of the pseudo-invariant pixels; slope of every pixel)
    "invoffset": {"radiometric_fit": "invariant-offset", **BEFORE_COARSE},
    "inv90": {"radiometric_fit": "invariant", "invariant_keep": 0.9, **BEFORE_COARSE},
    # issue 29: a D-CPG of 8 channels (a quarter of the convolution cost per pixel)
    "ch8": {"channels": 8, **BEFORE_COARSE},
    "ch12": {"channels": 12, **BEFORE_COARSE},
    # with bfloat16 networks a D-CPG of 32 channels costs about what 16 did in float32: is it better?
    "ch32": {"channels": 32, **BEFORE_COARSE},
    # the default before issue 29's bfloat16 networks (fast's "auto" is bfloat16 on a CPU that computes it
    # natively: the bench machine's AMD EPYC does)
    "float32": {"precision": "float32", **BEFORE_COARSE},
    # issue 25: what a true-colour pair without a pixel size (a PNG, an ungeoreferenced export) gets
    "shift2": {"shift_tolerance": 2, **BEFORE_COARSE},
    # issue 25: the networks of coarse pixels (deep/coarse.py, bench/coarse_rule.py): VGG levels on every
    # pair (relu3_3 sums 40 x 40 pixels: 1.2 km at 30 m), then two levels with two blocks at 5 m or more
    "fe1": {"fe_levels": 1, **BEFORE_COARSE},
    "fe2": {"fe_levels": 2, **BEFORE_COARSE},
    "fe3": dict(BEFORE_COARSE),  # the default before the rule: three levels, two blocks whatever the pixel size
    "lv2b2": dict(TWO_LEVELS_TWO_BLOCKS),
    # Pc's context grading (2 px in fast) on coarse pixels, where 2 px are 60 m at 30 m (with two levels)
    "ctx1": {"context_sigma": 1.0, **TWO_LEVELS_TWO_BLOCKS},
    "ctx0": {"context_sigma": 0.0, **TWO_LEVELS_TWO_BLOCKS},
    # on top of two levels at 5 m or more, a narrower or shallower D-CPG (run on the coarse pairs only:
    # elsewhere these are the plain 8-channel or one-block networks); the shallower one is now the default there
    "lv2ch8": {"channels": 8, **TWO_LEVELS_TWO_BLOCKS},
    "lv2b1": {"blocks": 1, **PATCH_64},
    # issue 29: fewer fitting iterations (run on the coarse pairs, with their one-block D-CPG, 64 px patches)
    "it150": {"iterations": 150, **PATCH_64},
    "it100": {"iterations": 100, **PATCH_64},
    # issue 29: the fit's pixels cut without fewer patches per step: 8 patches of 48 x 48 (a pool of 64 such
    # patches: its VGG features and every fitting step on 56 % of the pixels), or half the pool of 64 x 64 patches
    # on every pair (the coarse pairs' part of these is what bench/coarse_rule.py compares, with lv2b1 as 64 px)
    "p48": {"patch": 48, "pool_pixels": 64 * 48 * 48, **PATCH_64},
    "pool32": {"pool_pixels": 32 * 64 * 64, **PATCH_64},
    "p56": {"patch": 56, "pool_pixels": 64 * 56 * 56, **PATCH_64},
    "p32": {"patch": 32, "pool_pixels": 64 * 32 * 32, **PATCH_64},
    # the default before the coarse pixels' 32 px patches (fast's coarse_patch): 64 px patches everywhere
    "patch64": dict(PATCH_64),
    # the SAR mask before the classical share (fast's sar_threshold "share"): the agreement with log-ratio
    # PCA-KMeans's sure pixels; optical runs are fast's own (bench/sar_share.py compares the two on SAR runs)
    "agreement": {"sar_threshold": "agreement"},
}
