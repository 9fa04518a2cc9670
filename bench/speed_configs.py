"""The `fast` preset's time at one size under two or more configurations (bench/configs.py),
measured in one run and interleaved (A B A B ...), so that a busy machine slows each alike
(issue 25: a new default may cost at most 1.2x today's at 1 MP). Each run is a child Python
process making the request with the configuration as preset overrides (the command line has
no option for them); wall and CPU time (user + system) of the child.

    python -m bench.speed_configs [--megapixels 1] [--configs fast,logratio] [--repeats 2]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

from bench.configs import CONFIGS
from bench.evidence import DATA, ROOT
from bench.synth import mirrored_pair

CHILD = """import json, sys
from metric_cd_plugin.core.deep.run import DetectionRequest, detect_change
t1, t2, out, overrides = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
detect_change(DetectionRequest(t1, t2, out, weights="random", overrides=overrides))
"""


def timed(args):
    """-> (wall s, CPU s of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--megapixels", type=float, default=1)
    ap.add_argument("--configs", default="fast,logratio")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--work", default=os.path.join(ROOT, "bench", "work"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "speed_configs.json"))
    args = ap.parse_args(argv)
    mp = int(args.megapixels) if float(args.megapixels).is_integer() else args.megapixels
    os.makedirs(args.work, exist_ok=True)
    t1, t2 = mirrored_pair(os.path.join(DATA, "landsat_nanjing"), args.work, mp)
    rows = []
    for rep in range(args.repeats):
        for config in args.configs.split(","):
            out = os.path.join(args.work, f"speed_{config}.tif")
            wall, cpu = timed([t1, t2, out, json.dumps(CONFIGS[config])])
            os.remove(out)
            rows.append({"config": config, "repeat": rep, "megapixels": mp, "seconds": wall, "cpu_s": cpu,
                         "load_avg": os.getloadavg()[0], "date": time.strftime("%Y-%m-%d %H:%M")})
            print(f"speed: {config} at {mp} MP: {wall:.1f} s, CPU {cpu:.1f} s, load {rows[-1]['load_avg']:.1f}",
                  flush=True)
    with open(args.out, "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
