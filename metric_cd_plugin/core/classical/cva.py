"""Change Vector Analysis: the change magnitude is the Euclidean length of the spectral
change vector n2 - n1 between the normalised dates.

Each normalised band lies in [0, 1], so a band difference lies in [-1, 1] and the length
over B bands is at most sqrt(B); dividing by sqrt(B) puts the score in [0, 1] whatever the
number of bands (it is the root-mean-square band difference). The threshold is Otsu's on
the valid scores (256 bins over their range; beyond 4 M valid pixels, on a uniform sample
of them: windows.py). Otsu is close to the best cut on the Landsat pairs
(docs/design_measurements.md)."""
from typing import TYPE_CHECKING, Sequence, Tuple

import numpy as np

from ..thresholds import otsu

if TYPE_CHECKING:  # windows.py imports the detectors
    from .windows import DataWindow


def cva_score(n1: np.ndarray, n2: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """(B, H, W) normalised dates -> (H, W) float32 magnitude in [0, 1], NaN where invalid."""
    diff = n2.astype(np.float32) - n1.astype(np.float32)
    score = np.sqrt(np.einsum("bhw,bhw->hw", diff, diff) / diff.shape[0])
    return np.where(valid, np.clip(score, 0.0, 1.0), np.nan).astype(np.float32)


class CvaDetector:
    """Nothing to fit: the score of a pixel depends on that pixel only; the threshold is
    Otsu's on all valid scores (or a uniform sample of them on large areas)."""
    halo = 0
    fixed_threshold = None
    needs_fit = False

    def __init__(self, seed: int = 0):
        self.seed = seed

    def fit_piece(self, win: "DataWindow") -> None:
        return None

    def fit(self, pieces: Sequence[None]) -> None:
        pass

    def score(self, win: "DataWindow") -> Tuple[np.ndarray, np.ndarray]:
        """-> (core score float32 in [0, 1], NaN where invalid; the valid scores)."""
        rows, cols = win.core
        valid = win.valid[rows, cols]
        score = cva_score(win.n1[:, rows, cols], win.n2[:, rows, cols], valid)
        return score, score[valid]

    def threshold(self, scores: np.ndarray) -> float:
        return otsu(scores)
