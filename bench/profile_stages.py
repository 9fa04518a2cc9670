"""Where one `fast` run's time goes, stage by stage and operation by operation (issue 29).

A child process runs `detect_change` on a mirrored 1 MP pair (bench/synth.py) with each stage's
functions wrapped by a timer; wall seconds per stage, summed over calls. The import of torch is
timed on its own in a fresh process. Stages nest (the fit holds the loss terms, the optimiser,
the network); the table says which stage holds which.

    python -m bench.profile_stages [--megapixels 1] [--pair DIR] [--threads 2]

--pair: a folder holding t1.tif and t2.tif (default ../shared/data/landsat_nanjing, or the bundled
Landsat sample where the shared data is absent, as on a fresh clone).
"""
import argparse
import json
import os
import subprocess
import sys
import time

from bench.evidence import DATA, ROOT
from bench.synth import mirrored_pair

BUNDLED = os.path.join(ROOT, "resources", "sample_data", "landsat_taizhou")

# (module, attribute, stage, part of): the functions timed, where the engine looks them up
WRAPPED = [
    ("metric_cd_plugin.core.deep.run", "data_kind.prepare", "data-kind probe (SAR or optical)", "run"),
    ("metric_cd_plugin.core.deep.run", "Normaliser.fit", "normalisation (T1 onto T2)", "run"),
    ("metric_cd_plugin.core.deep.engine", "build_networks", "networks built (weights)", "run"),
    ("metric_cd_plugin.core.deep.engine", "build_pool", "fitting pool", "run"),
    ("metric_cd_plugin.core.deep.fit", "read_matched", "pool: reading and matching windows", "fitting pool"),
    ("metric_cd_plugin.core.deep.fit", "pair_distances", "pool: VGG features and distances", "fitting pool"),
    ("metric_cd_plugin.core.deep.fit", "calibrate", "pool: calibration", "fitting pool"),
    ("metric_cd_plugin.core.deep.fit", "minimum_error_margin", "pool: margin", "fitting pool"),
    ("metric_cd_plugin.core.deep.engine", "train", "fit", "run"),
    ("metric_cd_plugin.core.deep.fit", "dihedral", "fit: flips of the batch", "fit"),
    ("metric_cd_plugin.core.deep.fit", "metric_loss", "fit: loss terms", "fit"),
    ("torch.Tensor", "backward", "fit: backward pass", "fit"),
    ("metric_cd_plugin.core.deep.adam", "Adam.step", "fit: optimiser step", "fit"),
    ("metric_cd_plugin.core.deep.engine", "recalibrate_batchnorm", "batch-norm recalibration", "run"),
    ("metric_cd_plugin.core.deep.engine", "predict_tiles", "prediction", "run"),
    ("metric_cd_plugin.core.deep.predict", "network_input", "prediction: network input (tolerance)", "prediction"),
    ("metric_cd_plugin.core.deep.predict", "grade_by_context", "prediction: context grading", "prediction"),
    ("metric_cd_plugin.core.raster.pair", "RasterPair.read", "reading windows (pool and prediction)", "run"),
    ("metric_cd_plugin.core.raster.geotiff", "AtomicGeoTiff.write", "writing windows", "run"),
    ("metric_cd_plugin.core.deep.engine", "sar_agreement", "SAR agreement threshold", "run"),
    ("metric_cd_plugin.core.deep.engine", "sar_share", "SAR share threshold", "run"),
    ("metric_cd_plugin.core.raster.outputs", "ChangeOutputs.write_mask", "writing the mask", "run"),
    ("metric_cd_plugin.core.deep.run", "summarise", "change summary", "run"),
    ("metric_cd_plugin.core.raster.geotiff", "AtomicGeoTiff.finish", "finishing the files (statistics, overviews)",
     "run"),
]

CHILD = r"""
import importlib, json, sys, time
from collections import defaultdict
t1, t2, out, mask, threads, wrapped = sys.argv[1:7]
spent, calls = defaultdict(float), defaultdict(int)

def timer(fn, stage, training_only=False):
    def timed(*a, **k):
        start = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent[stage] += time.perf_counter() - start
            calls[stage] += 1
    return timed

import torch
for module, attr, stage, _ in json.loads(wrapped):
    owner_name, _, name = attr.rpartition(".")
    if module.startswith("torch."):
        owner = getattr(importlib.import_module(module.rpartition(".")[0]), module.rpartition(".")[2])
    else:
        owner = importlib.import_module(module)
        if owner_name:
            owner = getattr(owner, owner_name)
    setattr(owner, name, timer(getattr(owner, name), stage))
from metric_cd_plugin.core.deep.run import DetectionRequest, detect_change
start = time.perf_counter()
res = detect_change(DetectionRequest(t1, t2, out, mask_output=mask, weights="random", threads=int(threads)))
total = time.perf_counter() - start
print(json.dumps({"stages": spent, "calls": calls, "total": total, "timings": res.seconds,
                  "iterations": len(res.losses)}))
"""


def import_seconds():
    """The import of torch (and the package) in a fresh process."""
    code = "import time; t = time.perf_counter(); import torch; import metric_cd_plugin.core.deep.run; " \
           "print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout)


def profile(t1, t2, work, threads):
    out, mask = os.path.join(work, "profile_pc.tif"), os.path.join(work, "profile_mask.tif")
    for f in (out, mask):
        if os.path.exists(f):
            os.remove(f)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, t1, t2, out, mask, str(threads), json.dumps(WRAPPED)],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:  # loudly: a killed or failed run is no measurement
        raise RuntimeError(f"the profiled run failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - start
    for f in (out, mask):
        os.remove(f)
    return result


def report(result, imports, mp, pair, threads):
    lines = [f"# Where the time of one `fast` run goes ({mp} MP, {pair} mirrored, {threads} threads)", "",
             f"bench/profile_stages.py, {time.strftime('%Y-%m-%d %H:%M')}, load average "
             f"{os.getloadavg()[0]:.1f} at the end (2 cores: above ~2 the figures are contended). "
             f"Whole process {result['process']:.1f} s; torch and the package imported in "
             f"{imports:.1f} s (fresh process); detect_change {result['total']:.1f} s, "
             f"{result['iterations']} fitting iterations.", "",
             "| stage | part of | seconds | calls | share of detect_change |", "|---|---|---|---|---|"]
    for _, _, stage, parent in WRAPPED:
        secs = result["stages"].get(stage, 0.0)
        if result["calls"].get(stage):
            lines.append(f"| {stage} | {parent} | {secs:.2f} | {result['calls'][stage]} | "
                         f"{100 * secs / result['total']:.0f} % |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--megapixels", type=float, default=1)
    ap.add_argument("--pair", default=os.path.join(DATA, "landsat_nanjing"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work", "profile"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args(argv)
    mp = int(args.megapixels) if float(args.megapixels).is_integer() else args.megapixels
    os.makedirs(args.work, exist_ok=True)
    source = args.pair if os.path.isfile(os.path.join(args.pair, "t1.tif")) else BUNDLED
    t1, t2 = mirrored_pair(source, args.work, mp)
    imports = import_seconds()
    result = profile(t1, t2, args.work, args.threads)
    pair = os.path.basename(os.path.normpath(source))
    text = report(result, imports, mp, pair, args.threads)
    with open(os.path.join(args.out, "profile_stages.md"), "w") as f:
        f.write(text)
    with open(os.path.join(args.out, "profile_stages.json"), "w") as f:
        json.dump({"megapixels": mp, "pair": pair, "threads": args.threads, "imports_s": imports, **result},
                  f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
