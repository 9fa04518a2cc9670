"""D-CPG (change probability generator) and D-FE (VGG16 feature extractor)."""
import math
import os
from typing import Callable, Dict, Iterable, List, Mapping, Sequence, Union, cast

import torch
from torch import nn

from ..errors import InputError

# torchvision's vgg16().features up to relu4_3; indices kept so state-dict keys match
VGG16_CFG: List[Union[int, str]] = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512]
VGG_LEVEL_ENDS = [4, 9, 16, 23]  # after relu1_2, relu2_2, relu3_3, relu4_3
# levels the D-FE is built with: the loss uses 3 (N_vgg, every preset's fe_levels), so the network
# stops at relu3_3: features.0-14, 1.7 M parameters (6.6 MiB) of the 138 M in torchvision's file
FE_LEVELS = 3
# Convolution weights stored channels-last: oneDNN then runs the whole network in that layout
# without reordering each layer; on a 2-core CPU a D-CPG training step took 0.65x the time and
# the D-FE 0.8x (docs/design_measurements.md). Set at construction, so that every copy of a
# network (a Dask worker's included) computes with the same layout, hence the same pixels.
CONV_LAYOUT = torch.channels_last
# The convolutions of the D-FE and of the D-CPG before its readout run in float32, or in bfloat16
# where the CPU computes it natively (AVX512-BF16, AMX: deep/device.py choose_precision); part of
# the D-CPG's config, so a Dask worker predicts the same way.
PRECISIONS = ("float32", "bfloat16")


def _norm(channels: int, kind: str) -> nn.Module:
    return nn.BatchNorm2d(channels) if kind == "batch" else nn.Identity()


class ResidualBlock(nn.Module):
    def __init__(self, channels: int, norm: str):
        super().__init__()
        bias = norm != "batch"
        self.body = nn.Sequential(
            nn.Conv2d(channels, channels, 3, padding=1, bias=bias), _norm(channels, norm),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(channels, channels, 3, padding=1, bias=bias), _norm(channels, norm))
        # Without normalisation the residual branch starts small so a deep stack stays stable
        self.scale = nn.Parameter(torch.tensor(1.0 if norm == "batch" else 0.1), requires_grad=norm != "batch")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.scale * self.body(x)


class DCPG(nn.Module):
    """|T1 - T2| (B bands) -> Pc in (0, 1). Reference layout; one output channel (the
    reference computes two and uses only the first)."""

    def __init__(self, in_channels: int, channels: int = 32, blocks: int = 32, norm: str = "batch",
                 init_pc: float = 0.0, input_shift: int = 0, log_ratio: bool = False,
                 precision: str = "float32"):
        super().__init__()
        # what rebuilds the same network elsewhere (a Dask worker), with its weights
        self.config = dict(in_channels=in_channels, channels=channels, blocks=blocks, norm=norm,
                           init_pc=init_pc, input_shift=input_shift, log_ratio=log_ratio, precision=precision)
        if precision not in PRECISIONS:
            raise ValueError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
        self.precision = precision  # of the convolutions before the readout (see PRECISIONS)
        self.log_ratio = log_ratio  # its input also holds the log-ratio of each band (tolerance.network_input)
        in_channels = in_channels * (2 if log_ratio else 1)
        self.norm = norm
        self.input_shift = input_shift  # its input |T1 - T2| is matched within this many px (tolerance.py)
        self.head = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(in_channels, channels, 3),
                                  nn.LeakyReLU(0.2, inplace=True))
        self.blocks = nn.Sequential(*[ResidualBlock(channels, norm) for _ in range(blocks)])
        self.neck = nn.Sequential(nn.Conv2d(channels, channels, 3, padding=1), _norm(channels, norm))
        self.tail = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(channels, 1, 3))
        self.receptive_radius = 2 * blocks + 3  # one pixel per 3x3 conv
        if init_pc > 0:
            # every pixel starts at Pc = init_pc: the first forces are then (margin - evidence),
            # of both signs, so the readout learns its slope the right way round
            readout = cast(nn.Conv2d, self.tail[1])
            with torch.no_grad():
                readout.weight.zero_()
                if readout.bias is not None:  # always: built with a bias
                    readout.bias.fill_(math.log(init_pc / (1.0 - init_pc)))
        self.to(memory_format=CONV_LAYOUT)  # type: ignore[call-overload]  # torch's stubs lack the keyword

    def forward(self, diff: torch.Tensor) -> torch.Tensor:
        with torch.autocast(diff.device.type, dtype=torch.bfloat16, enabled=self.precision == "bfloat16"):
            features = self.neck(self.blocks(self.head(diff)))
        # the readout in float32: Pc keeps its resolution near the decision (bfloat16 holds 3 digits)
        return torch.sigmoid(self.tail(features.float()))


class NoChange(nn.Module):
    """Pc = 0 everywhere: what two dates equal over the whole fitting pool give."""
    receptive_radius = 0
    input_shift = 0

    def forward(self, diff: torch.Tensor) -> torch.Tensor:
        return torch.zeros_like(diff[:, :1])


def recalibrate_batchnorm(net: nn.Module, batches: Iterable[torch.Tensor]) -> None:
    """Replace running statistics by exact averages at the final weights ("precise BN"),
    then switch to eval mode: prediction tile by tile then uses one set of statistics,
    the same for every tile, equal to the batch statistics of a whole-image fit."""
    bns = [m for m in net.modules() if isinstance(m, nn.BatchNorm2d)]
    if not bns:
        net.eval()
        return
    counts: Dict[nn.Module, List[int]] = {}

    def count(module: nn.Module, inputs: Sequence[torch.Tensor]) -> None:
        counts.setdefault(module, []).append(inputs[0].numel() // inputs[0].shape[1])

    hooks = [bn.register_forward_pre_hook(count) for bn in bns]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # cumulative average over the batches below
    net.train()
    with torch.no_grad():
        for batch in batches:
            net(batch)
    for h in hooks:
        h.remove()
    for bn in bns:  # running_var is unbiased; a training forward normalises with the biased one
        n = sum(counts[bn]) / len(counts[bn])
        if bn.running_var is not None:  # always, with track_running_stats (the default)
            bn.running_var.mul_((n - 1) / n)
    net.eval()


class VGG16Features(nn.Module):
    """VGG16 feature blocks up to the end of level `built`; forward returns the first `levels`
    block outputs."""

    def __init__(self, built: int = FE_LEVELS):
        super().__init__()
        layers: List[nn.Module] = []
        in_ch = 3
        for v in VGG16_CFG:
            if isinstance(v, int):
                layers += [nn.Conv2d(in_ch, v, 3, padding=1), nn.ReLU(inplace=True)]
                in_ch = v
            else:  # "M"
                layers.append(nn.MaxPool2d(2, 2))
        self.built = built
        self.precision = "float32"  # of its convolutions (PRECISIONS); the features it returns are float32
        self.features = nn.Sequential(*layers[:VGG_LEVEL_ENDS[built - 1]])
        self.to(memory_format=CONV_LAYOUT)  # type: ignore[call-overload]  # torch's stubs lack the keyword

    def forward(self, x: torch.Tensor, levels: int = FE_LEVELS) -> List[torch.Tensor]:
        if levels > self.built:
            raise ValueError(f"the D-FE is built with {self.built} VGG16 levels, {levels} were asked for")
        outs, start = [], 0
        with torch.autocast(x.device.type, dtype=torch.bfloat16, enabled=self.precision == "bfloat16"):
            for end in VGG_LEVEL_ENDS[:levels]:
                x = self.features[start:end](x)
                outs.append(x)
                start = end
        return [f.float() for f in outs]


def read_state_dict(path: str, error: Callable[[str], Exception], then: str) -> Mapping[str, torch.Tensor]:
    """torch.load of tensors only. A pickle that holds code or other objects is refused by
    torch with advice to trust the file (weights_only=False): never given, since a state
    dict of VGG16 is tensors only, so the message says that instead. then: the message's
    end (what to do, or what became of the file), in the words of no front end."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # torch raises many types for a bad file
        if "Unsupported global" in str(exc):  # a pickle naming classes or functions, which are never loaded
            raise error(f"'{path}' is not a plain state dict of VGG16 (it holds Python objects or code, "
                        f"which are never loaded); {then}") from None
        raise error(f"'{path}' is not a readable PyTorch state dict ({_first_line(exc)}); {then}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def load_vgg16(weights: str, seed: int) -> VGG16Features:
    """weights: 'random' (seeded, for offline use and tests) or a state-dict path holding
    torchvision's vgg16 `features.*` tensors (classifier keys are ignored); core.weights
    resolves the user's choice ('imagenet' included) to one of these."""
    net = VGG16Features()
    if weights == "random":
        gen = torch.Generator().manual_seed(seed + 7919)
        for m in net.modules():
            if isinstance(m, nn.Conv2d):  # torchvision's VGG initialisation, seeded
                std = (2.0 / (m.out_channels * 9)) ** 0.5
                with torch.no_grad():
                    m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * std)
                    if m.bias is not None:  # always: VGG's convolutions have biases
                        m.bias.zero_()
    else:
        if not os.path.isfile(weights):
            raise InputError(f"VGG16 weights file '{weights}' does not exist; choose a .pth "
                             "state dict of torchvision's vgg16, 'imagenet' or 'random'.")
        state = read_state_dict(weights, InputError, "choose torchvision's vgg16 weights file.")
        if isinstance(state, dict) and "state_dict" in state:
            state = state["state_dict"]
        own = net.state_dict()
        picked = {k: v for k, v in state.items() if k in own}
        missing = [k for k in own if k not in picked or picked[k].shape != own[k].shape]
        if missing:
            raise InputError(f"'{weights}' is not a VGG16 state dict (missing or mis-shaped: "
                             f"{', '.join(missing[:3])}); choose torchvision's vgg16 weights.")
        damaged = [k for k, v in picked.items() if not torch.isfinite(v).all()]
        if damaged:
            raise InputError(f"The VGG16 weights file '{weights}' holds NaN or infinite values ({damaged[0]}), "
                             "so it is damaged or wrongly converted; download it again, or choose 'imagenet' "
                             "or 'random'.")
        net.load_state_dict(picked)
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    return net
