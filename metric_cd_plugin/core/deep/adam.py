"""Adam as torch.optim.Adam computes it on a CPU (its single-tensor path; betas 0.9 and 0.999,
eps 1e-8, no weight decay), without torch.optim: creating any torch.optim optimiser imports
torch._dynamo, 0.7 s of every fresh process (a command-line run, a batch worker) where a whole
1 MP run takes about 8 s (docs/design_measurements.md, issue 29). The same operations in the
same order, so the same weights bit for bit (tests/core/test_loss_and_networks.py)."""
from typing import Dict, Iterable, List, Mapping, Tuple

import torch

BETAS = (0.9, 0.999)
EPS = 1e-8


class Adam:
    def __init__(self, groups: Iterable[Mapping[str, object]]) -> None:
        """groups: [{"params": tensors, "lr": float}], as torch.optim takes them."""
        self.groups: List[Tuple[List[torch.Tensor], float]] = [
            (list(g["params"]), float(g["lr"])) for g in groups]  # type: ignore[call-overload, arg-type]
        self.state: Dict[torch.Tensor, Tuple[List[int], torch.Tensor, torch.Tensor]] = {}

    def zero_grad(self) -> None:
        for params, _ in self.groups:
            for p in params:
                p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        beta1, beta2 = BETAS
        for params, lr in self.groups:
            for p in params:
                if p.grad is None:  # as torch.optim: a parameter without a gradient is left alone
                    continue
                if p not in self.state:
                    self.state[p] = ([0], torch.zeros_like(p, memory_format=torch.preserve_format),
                                     torch.zeros_like(p, memory_format=torch.preserve_format))
                count, exp_avg, exp_avg_sq = self.state[p]
                count[0] += 1
                step = float(count[0])
                grad = p.grad
                exp_avg.lerp_(grad, 1 - beta1)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                step_size = lr / (1 - beta1 ** step)
                denom = (exp_avg_sq.sqrt() / (1 - beta2 ** step) ** 0.5).add_(EPS)
                p.addcdiv_(exp_avg, denom, value=-step_size)
