"""Colour jitter of the D-FE input (brightness, contrast, saturation, hue), drawn
independently for each image, and the dihedral flips used on fitting patches."""
import math

import torch

_GRAY = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)


def colour_jitter(rgb: torch.Tensor, gen: torch.Generator, strength: float = 0.2) -> torch.Tensor:
    """rgb (N, 3, H, W) in [0, 1] -> jittered copy, one random draw per sample."""
    n = rgb.shape[0]

    def factor() -> torch.Tensor:
        return 1.0 + (torch.rand(n, 1, 1, 1, generator=gen) * 2 - 1) * strength

    gray_w = _GRAY.to(rgb.device, rgb.dtype)
    out = rgb * factor().to(rgb)                                     # brightness
    mean = (out * gray_w).sum(1, keepdim=True).mean((2, 3), keepdim=True)
    out = (out - mean) * factor().to(rgb) + mean                      # contrast
    gray = (out * gray_w).sum(1, keepdim=True)
    out = (out - gray) * factor().to(rgb) + gray                      # saturation
    angle = (torch.rand(n, generator=gen) * 2 - 1) * strength * 2 * math.pi  # hue, in YIQ
    out = _rotate_hue(out, angle.to(rgb))
    return out.clamp(0.0, 1.0)


def _rotate_hue(rgb: torch.Tensor, angle: torch.Tensor) -> torch.Tensor:
    to_yiq = torch.tensor([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]],
                          dtype=rgb.dtype, device=rgb.device)
    yiq = torch.einsum("ij,njhw->nihw", to_yiq, rgb)
    c, s = torch.cos(angle).view(-1, 1, 1), torch.sin(angle).view(-1, 1, 1)
    i, q = yiq[:, 1], yiq[:, 2]
    yiq = torch.stack([yiq[:, 0], c * i - s * q, s * i + c * q], 1)
    return torch.einsum("ij,njhw->nihw", torch.linalg.inv(to_yiq), yiq)


def dihedral(t: torch.Tensor, k: int) -> torch.Tensor:
    """One of the 8 flips/rotations of the last two axes (k in 0..7)."""
    if k >= 4:
        t = t.flip(-1)
    return torch.rot90(t, k % 4, dims=(-2, -1))
