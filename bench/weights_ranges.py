"""How many bytes does a first 'imagenet' run download? A checkpoint with the real layout of
torchvision's vgg16-397923af.pth (every tensor of VGG16 at its real shape: 138 M parameters,
553 MB; values left uninitialised, as only positions matter here) is written in the legacy
layout (that of the 2017 file) and the zip one, served by a local HTTPS server
(tests/https_server.py) that honours ranges, and fetched with ranged.fetch_tensors as a
first run does. Needs about 1.2 GB of free disk in --tmp and 1.2 GB of memory.

    python -m bench.weights_ranges [--out bench/results] [--tmp DIR]

Writes weights_ranges.md and .json to --out."""
import argparse
import io
import json
import os
import sys
import tempfile
import time

import torch

from bench.run_bench import ROOT, machine
from metric_cd_plugin.core.deep.feature_cache import FEATURE_BYTES, feature_shapes
from metric_cd_plugin.core.deep.ranged import fetch_tensors

sys.path.insert(0, os.path.join(ROOT, "tests"))
from https_server import RangeServer  # noqa: E402

# torchvision.models.vgg16().state_dict(): (name, shape) in its order
CONVS = [(0, 3, 64), (2, 64, 64), (5, 64, 128), (7, 128, 128), (10, 128, 256), (12, 256, 256), (14, 256, 256),
         (17, 256, 512), (19, 512, 512), (21, 512, 512), (24, 512, 512), (26, 512, 512), (28, 512, 512)]
LINEAR = [(0, 25088, 4096), (3, 4096, 4096), (6, 4096, 1000)]


def real_layout() -> dict:
    state = {}
    for index, inputs, outputs in CONVS:
        state[f"features.{index}.weight"] = torch.empty(outputs, inputs, 3, 3)
        state[f"features.{index}.bias"] = torch.empty(outputs)
    for index, inputs, outputs in LINEAR:
        state[f"classifier.{index}.weight"] = torch.empty(outputs, inputs)
        state[f"classifier.{index}.bias"] = torch.empty(outputs)
    return state


def measure(layout: str, state: dict, folder: str) -> dict:
    stream = io.BytesIO()
    torch.save(state, stream, _use_new_zipfile_serialization=layout == "zip")
    data = stream.getvalue()
    del stream
    with RangeServer(folder) as server:
        os.environ["SSL_CERT_FILE"] = server.cert
        server.files["/vgg16.pth"] = data
        start = time.perf_counter()
        tensors, received = fetch_tensors(server.url("/vgg16.pth"), feature_shapes(), len(data))
        took = time.perf_counter() - start
    assert all(tensors[name].numpy().tobytes() == state[name].numpy().tobytes() for name in tensors)  # NaN too
    return {"layout": layout, "file_bytes": len(data), "received_bytes": received, "server_sent_bytes": server.sent,
            "requests": len(server.requests), "tensor_bytes": FEATURE_BYTES, "seconds_contended": round(took, 2)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    parser.add_argument("--tmp", default=None)
    args = parser.parse_args(argv)
    state = real_layout()
    with tempfile.TemporaryDirectory(dir=args.tmp) as folder:
        rows = [measure(layout, state, folder) for layout in ("legacy", "zip")]
    report = {"machine": machine(), "rows": rows}
    with open(os.path.join(args.out, "weights_ranges.json"), "w", encoding="utf-8") as stream:
        json.dump(report, stream, indent=1)
    lines = ["# First-run download of the ImageNet VGG16 weights by range requests", "",
             "Real layout of vgg16-397923af.pth (all 32 tensors at their real shapes), local HTTPS server; "
             "seconds are on a shared machine (contended), not the product's speed.", "",
             "| layout | file | downloaded | of which tensors | requests | s (contended) |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['layout']} | {row['file_bytes'] / 1e6:.1f} MB | {row['received_bytes'] / 1e6:.2f} MB "
                     f"| {row['tensor_bytes'] / 1e6:.2f} MB | {row['requests']} | {row['seconds_contended']} |")
    with open(os.path.join(args.out, "weights_ranges.md"), "w", encoding="utf-8") as stream:
        stream.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
