"""PCA-KMeans (Celik 2009, "Unsupervised change detection in satellite images using
principal component analysis and k-means clustering", IEEE GRSL 6(4)).

1. Difference image |n1 - n2| of the normalised dates, averaged over bands (Celik works
   on one grey-level difference image; see MEASURED below for per-band features).
2. Non-overlapping h x h blocks of the difference image -> h*h vectors; PCA on a bounded
   random sample of them gives the S leading eigenvectors (the "eigenvector space").
3. Every pixel gets a feature vector: its own h x h neighbourhood (rows and columns
   -(h//2) .. h-h//2-1 around it, mirrored at the raster's borders) projected onto the S
   eigenvectors. The projection is a correlation with S h x h kernels, computed as a sum
   of h*h shifted views, so no (H, W, h*h) array is ever built; a window read with a
   h//2 halo gives its core exactly the features of the whole image.
4. k-means with two clusters, initialised deterministically at the features of lowest
   and highest norm (no random restarts needed); the cluster whose pixels' h x h
   neighbourhoods have the larger mean difference is change.

Steps 2 and 4 are fitted on the pixels of the fitting windows (the whole area up to about
1 MP, a seeded sample of windows beyond: windows.py); the score is then computed
window by window from the fitted eigenvectors and centroids.

Score for ranking (AUC): d_nc / (d_nc + d_c), the distances of the feature to the
no-change and change centroids; it is 0.5 on the k-means boundary, so the threshold is
0.5 and ``score > 0.5`` reproduces the k-means labels (up to rounding on the boundary).

The band mean with h = 4 is used: per-band features cost 2-3x the time for no gain
(docs/design_measurements.md).
"""
from types import SimpleNamespace
from typing import TYPE_CHECKING, Sequence, Tuple, Union

import numpy as np

if TYPE_CHECKING:  # windows.py imports the detectors
    from .windows import DataWindow

DEFAULT_BLOCK = 4
DEFAULT_COMPONENTS = 3
MAX_PCA_BLOCKS = 50_000   # eigenvectors from a bounded sample: memory independent of size
MAX_ITER = 100
# what the fit keeps of a window: (its valid, core and edges without the bands, its difference
# image, its core's block vectors)
Piece = Tuple[SimpleNamespace, np.ndarray, np.ndarray]


def difference_image(n1: np.ndarray, n2: np.ndarray, per_band: bool = False) -> np.ndarray:
    """(B, H, W) -> (C, H, W) float32 absolute difference, C = 1 (band mean) or B."""
    diff = np.abs(n1.astype(np.float32) - n2.astype(np.float32))
    return diff if per_band else diff.mean(axis=0, keepdims=True)


def _block_vectors(diff: np.ndarray, valid: np.ndarray, h: int) -> np.ndarray:
    """Non-overlapping h x h blocks with every pixel valid -> (N, h*h*C), ordered (dy, dx, c)."""
    c, hh, ww = diff.shape
    ny, nx = hh // h, ww // h
    blocks = diff[:, :ny * h, :nx * h].reshape(c, ny, h, nx, h).transpose(1, 3, 2, 4, 0)
    ok = valid[:ny * h, :nx * h].reshape(ny, h, nx, h).all(axis=(1, 3))
    return blocks[ok].reshape(-1, h * h * c)


def fit_pca(vectors: np.ndarray, components: int, rng: np.random.Generator) -> Tuple[np.ndarray, np.ndarray]:
    """-> (mean (D,), eigenvectors (D, S)) from at most MAX_PCA_BLOCKS vectors."""
    if len(vectors) > MAX_PCA_BLOCKS:
        vectors = vectors[rng.choice(len(vectors), MAX_PCA_BLOCKS, replace=False)]
    x = vectors.astype(np.float64)
    mean = x.mean(axis=0)
    cov = np.cov(x - mean, rowvar=False) if len(x) > 1 else np.eye(x.shape[1])
    vals, vecs = np.linalg.eigh(np.atleast_2d(cov))
    order = np.argsort(vals)[::-1][:components]
    return mean, vecs[:, order]


def project_neighbourhoods(diff: np.ndarray, mean: np.ndarray, vecs: np.ndarray, h: int,
                           edges: Tuple[bool, bool, bool, bool] = (True, True, True, True)) -> np.ndarray:
    """(C, H, W) difference -> (H', W', S) float32 features of each pixel's h x h neighbourhood.

    edges = (top, bottom, left, right): which sides of `diff` are the raster's own edges,
    mirrored there; on the other sides `diff` is a window whose halo holds the real
    neighbours, so the output shrinks by the h // 2 rows/columns before a pixel or the
    h - h // 2 - 1 after it. With every side an edge (the default) H' = H and W' = W."""
    c = diff.shape[0]
    before, after = h // 2, h - h // 2 - 1
    top, bottom, left, right = edges
    pad = np.pad(diff, ((0, 0), (before if top else 0, after if bottom else 0),
                        (before if left else 0, after if right else 0)), mode="symmetric")
    hh, ww = pad.shape[1] - h + 1, pad.shape[2] - h + 1
    kernels = vecs.reshape(h, h, c, -1)  # same (dy, dx, c) order as the block vectors
    feats = np.zeros((hh, ww, vecs.shape[1]), np.float32)
    feats -= (mean @ vecs).astype(np.float32)
    for dy in range(h):
        for dx in range(h):
            for ch in range(c):
                view = pad[ch, dy:dy + hh, dx:dx + ww]
                feats += view[:, :, None] * kernels[dy, dx, ch].astype(np.float32)
    return feats


def kmeans_two(x: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Lloyd's k-means, k = 2, on (N, S) features; deterministic start at the lowest- and
    highest-norm features. -> (labels (N,) int, centroids (2, S))."""
    norms = np.einsum("ns,ns->n", x, x)
    cent = x[[int(np.argmin(norms)), int(np.argmax(norms))]].astype(np.float64)
    labels = np.zeros(len(x), np.int64)
    for it in range(MAX_ITER):
        # |x - c|^2 = |x|^2 - 2 x.c + |c|^2; |x|^2 is common to both clusters
        d = -2.0 * (x @ cent.T) + np.einsum("ks,ks->k", cent, cent)
        new = np.argmin(d, axis=1)
        if it and np.array_equal(new, labels):
            break
        labels = new
        for k in range(2):
            members = labels == k
            if members.any():  # an emptied cluster keeps its centroid
                cent[k] = x[members].mean(axis=0)
    return labels, cent


class PcaKmeansDetector:
    """PCA-KMeans fitted on windows (the whole area, or a sample of windows aligned to the
    h-block grid: see windows.py) and applied to any window. A window exposes n1,
    n2, valid (read window, core plus halo), core (row and column slices of the core) and
    edges (which of its sides are the raster's edges)."""
    fixed_threshold = 0.5  # the k-means boundary: known before any score is computed
    needs_fit = True

    def __init__(self, seed: int = 0, block: int = DEFAULT_BLOCK, components: int = DEFAULT_COMPONENTS,
                 per_band: bool = False) -> None:
        self.seed, self.block, self.components, self.per_band = seed, block, components, per_band
        self.halo = block // 2  # the widest side of a neighbourhood

    def _diff(self, win: "DataWindow") -> np.ndarray:
        # invalid pixels read as "no difference" so they cannot leak into valid neighbourhoods
        return np.where(win.valid, difference_image(win.n1, win.n2, self.per_band), np.float32(0.0))

    def _core_features(self, diff: np.ndarray, win: Union["DataWindow", SimpleNamespace], mean: np.ndarray,
                       vecs: np.ndarray) -> np.ndarray:
        """(ch, cw, S) features of the window's core pixels."""
        feats = project_neighbourhoods(diff, mean, vecs, self.block, win.edges)
        rows, cols = win.core
        top, _, left, _ = win.edges
        oy, ox = rows.start - (0 if top else self.block // 2), cols.start - (0 if left else self.block // 2)
        return feats[oy:oy + rows.stop - rows.start, ox:ox + cols.stop - cols.start]

    def fit_piece(self, win: "DataWindow") -> Piece:
        """What the fit keeps of one window: its difference image and its core's blocks
        (the core starts on the h-block grid)."""
        diff = self._diff(win)
        rows, cols = win.core
        light = SimpleNamespace(valid=win.valid, core=win.core, edges=win.edges)  # not the bands
        return light, diff, _block_vectors(diff[:, rows, cols], win.valid[rows, cols], self.block)

    def fit(self, pieces: Sequence[Piece]) -> None:
        h = self.block
        wins = [(win, diff, win.valid[win.core]) for win, diff, _ in pieces]
        vectors = np.concatenate([v for _, _, v in pieces])
        dim = h * h * wins[0][1].shape[0]
        if len(vectors) < 2:  # tiny or fragmented raster: fall back to overlapping neighbourhoods
            vectors = np.concatenate([self._core_features(d, w, np.zeros(dim), np.eye(dim))[v]
                                      for w, d, v in wins])
        self.mean, self.vecs = fit_pca(vectors, min(self.components, vectors.shape[1]),
                                       np.random.default_rng(self.seed))
        feats = np.concatenate([self._core_features(d, w, self.mean, self.vecs)[v] for w, d, v in wins])
        labels, self.cent = kmeans_two(feats)
        # change is the cluster whose neighbourhoods (the features' support) differ more on
        # average: the centre pixel alone mislabels a cluster that only sees change at its edge
        box = np.full((dim, 1), 1.0 / dim)
        local = np.concatenate([self._core_features(d, w, np.zeros(dim), box)[v][:, 0] for w, d, v in wins])
        means = [local[labels == k].mean() if (labels == k).any() else -np.inf for k in range(2)]
        self.change = int(np.argmax(means))

    def score(self, win: "DataWindow") -> Tuple[np.ndarray, None]:
        """-> (core score float32 in [0, 1], NaN where invalid; None: nothing to threshold)."""
        feats = self._core_features(self._diff(win), win, self.mean, self.vecs)
        d_c = np.sqrt(((feats - self.cent[self.change]) ** 2).sum(axis=-1))
        d_nc = np.sqrt(((feats - self.cent[1 - self.change]) ** 2).sum(axis=-1))
        total = d_c + d_nc
        ratio = np.divide(d_nc, total, out=np.zeros_like(total), where=total > 0)
        return np.where(win.valid[win.core], ratio, np.nan).astype(np.float32), None
