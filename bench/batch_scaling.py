"""`make bench`, batch part: the same 4-pair batch (`python -m metric_cd_plugin batch`, fast
preset, seeded random D-FE weights) on an embedded Dask LocalCluster of 1 and of 2 worker
processes, one 100 MP pair with its tiles on 1 and 2 workers (`detect --workers`), and from
the measured costs an estimate of a country-wide run: 500 Sentinel-2 tiles on N machines.
Writes bench/results/batch_scaling.{md,json,png}.

    python -m bench.batch_scaling [--data ../shared/data] [--iterations N] [--workers 1,2] [--huge-mp 100]
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAIRS = ["sztaki_szada_train1", "sztaki_szada_train2", "sztaki_szada_train3", "sztaki_szada_train4"]
SAMPLE = os.path.join(ROOT, "resources", "sample_data", "landsat_taizhou")
S2_TILE_MP = 10980 * 10980 / 1e6  # one Sentinel-2 L2A tile at 10 m
TILES = 500


def pair_folders(data):
    found = [os.path.join(data, p) for p in PAIRS if os.path.isdir(os.path.join(data, p))]
    return found if len(found) == 4 else [SAMPLE] * 4  # the bundled sample four times without shared data


def run_batch(folders, workers, work, iterations):
    manifest = os.path.join(work, f"pairs_{workers}.csv")
    with open(manifest, "w") as f:
        f.write("name,t1,t2,output,mask\n")
        for i, folder in enumerate(folders):
            out = os.path.join(work, f"w{workers}_p{i}")
            f.write(f"p{i},{folder}/t1.tif,{folder}/t2.tif,{out}.tif,{out}_mask.tif\n")
    args = [sys.executable, "-m", "metric_cd_plugin", "batch", manifest, "--workers", str(workers),
            "--weights", "random", "--rerun", "--threads", str(max(1, (os.cpu_count() or 1) // workers))]
    if iterations:
        args += ["--iterations", str(iterations)]
    t0 = time.perf_counter()
    r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"batch with {workers} worker(s) failed: {r.stderr.strip()}")
    with open(manifest.replace(".csv", "_summary.csv")) as f:
        per_pair = [float(row["seconds"]) for row in csv.DictReader(f)]
    return {"workers": workers, "wall_s": wall, "pair_s": per_pair, "load_avg": os.getloadavg()[0]}


def run_huge(folder, megapixels, workers, work):
    """One mirrored pair of `megapixels` with its tiles predicted on `workers` local processes."""
    from bench.synth import mirrored_pair
    t1, t2 = mirrored_pair(folder, work, megapixels)
    out = os.path.join(work, f"huge_{workers}.tif")
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "metric_cd_plugin", "detect", t1, t2, "-o", out, "--weights", "random",
                        "--workers", str(workers), "--threads", str(max(1, (os.cpu_count() or 1) // workers))],
                       cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{megapixels} MP pair on {workers} worker(s) failed: {r.stderr.strip()}")
    return {"workers": workers, "megapixels": megapixels, "wall_s": time.perf_counter() - t0,
            "load_avg": os.getloadavg()[0]}


def single_pair_costs():
    """Fast preset end to end at 1, 10 and 100 MP from the main bench (latest.json): a fixed
    fitting cost plus a per-megapixel prediction cost, by least squares."""
    with open(os.path.join(ROOT, "bench", "results", "latest.json")) as f:
        rows = [r for r in json.load(f)["scaling"] if r["method"] == "fast" and not r.get("estimated")]
    xs, ys = [r["megapixels"] for r in rows], [r["seconds"] for r in rows]
    n, mx, my = len(xs), sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return {"fixed_s": my - slope * mx, "per_mp_s": slope, "points": list(zip(xs, ys)), "n": n}


def estimate(costs, runs):
    """Hours for TILES Sentinel-2 tiles on N machines like this one (2 cores), every machine
    running pairs as the measured batch did with its best worker count."""
    tile_s = costs["fixed_s"] + costs["per_mp_s"] * S2_TILE_MP
    one, best = runs[0], min(runs, key=lambda r: r["wall_s"])
    speedup = one["wall_s"] / best["wall_s"]  # pairs per unit time gained by more workers on one machine
    per_machine_s = tile_s / speedup
    table = [{"machines": n, "hours": math.ceil(TILES / n) * per_machine_s / 3600}
             for n in (1, 10, 50, 100, 500)]
    return {"tile_s": tile_s, "speedup": speedup, "per_machine_tile_s": per_machine_s, "table": table}


def write_report(out, runs, costs, est, folders, huge, iterations=None):
    with open(os.path.join(out, "batch_scaling.json"), "w") as f:
        json.dump({"runs": runs, "huge": huge, "costs": costs, "estimate": est, "pairs": folders,
                   "iterations": iterations}, f, indent=1)
    lines = ["# Batch scaling (`bench/batch_scaling.py`)", "",
             f"4 pairs ({', '.join(os.path.basename(p) for p in folders)}), fast preset, random D-FE weights, "
             "`python -m metric_cd_plugin batch` on an embedded LocalCluster; wall time includes starting the "
             f"cluster. Machine: {os.cpu_count()} cores. Iterations: "
             f"{iterations or 'the preset' + chr(39) + 's'}; the load average is the machine's at the end of each "
             "run (other work on it slows every figure here).", "",
             "| workers | PyTorch threads per pair | wall (s) | seconds per pair | load average |",
             "|---|---|---|---|---|"]
    for r in runs:
        lines.append(f"| {r['workers']} | {max(1, (os.cpu_count() or 1) // r['workers'])} | {r['wall_s']:.1f} | "
                     f"{' / '.join(f'{s:.1f}' for s in r['pair_s'])} | {r['load_avg']:.1f} |")
    if huge:
        lines += ["", f"One {huge[0]['megapixels']:g} MP pair (mirrored copies of {os.path.basename(folders[0])}), "
                  "`detect --workers N`: fitted once, tiles predicted on N local worker processes.", "",
                  "| workers | wall (s) | load average |", "|---|---|---|"]
        lines += [f"| {h['workers']} | {h['wall_s']:.1f} | {h['load_avg']:.1f} |" for h in huge]
    lines += ["", f"Single-pair cost (fast preset, `latest.json` scaling runs at "
              f"{', '.join(f'{x:g}' for x, _ in costs['points'])} MP): {costs['fixed_s']:.1f} s + "
              f"{costs['per_mp_s']:.2f} s per megapixel on this machine.", "",
              f"**Estimate, {TILES} Sentinel-2 tiles** ({S2_TILE_MP:.0f} MP each): {est['tile_s']:.0f} s per tile "
              f"on one machine like this; {est['speedup']:.2f}x from more workers per machine (measured above), "
              f"so {est['per_machine_tile_s']:.0f} s per tile per machine. Pairs are independent, so N machines "
              "divide the count (rounded up per machine); not counted: reading the tiles from shared storage "
              "(~1 GB per date at 4 bands uint16) and the band count (the measured costs are for 6 bands).", "",
              "| machines (2 cores each) | hours |", "|---|---|"]
    lines += [f"| {row['machines']} | {row['hours']:.2f} |" for row in est["table"]]
    with open(os.path.join(out, "batch_scaling.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.bar([str(r["workers"]) for r in runs], [r["wall_s"] for r in runs], color="#4477aa")
    ax.set_xlabel("worker processes (LocalCluster)")
    ax.set_ylabel("wall time, 4 pairs (s)")
    ax.set_title("Metric-CD batch on one machine")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "batch_scaling.png"), dpi=100)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--iterations", type=int, help="fewer optimisation steps (smoke runs)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--huge-mp", type=float, default=100, help="megapixels of the one-pair run (0: none)")
    args = ap.parse_args(argv)
    folders = pair_folders(args.data)
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as work:
        runs = [run_batch(folders, int(w), work, args.iterations) for w in args.workers.split(",")]
        huge = [run_huge(folders[0], args.huge_mp, int(w), work) for w in args.workers.split(",")] \
            if args.huge_mp else []
    for r in runs:
        print(f"bench: batch of 4 pairs, {r['workers']} worker(s): {r['wall_s']:.1f} s", flush=True)
    for h in huge:
        print(f"bench: one {h['megapixels']:g} MP pair, {h['workers']} worker(s): {h['wall_s']:.1f} s", flush=True)
    costs = single_pair_costs()
    est = estimate(costs, runs)
    os.makedirs(args.out, exist_ok=True)
    write_report(args.out, runs, costs, est, folders, huge, args.iterations)


if __name__ == "__main__":
    main()
