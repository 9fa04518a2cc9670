"""Print what `make demo` produced and its accuracy, from qgis_process's JSON answers."""
import json
import os
import sys


def main(folder):
    run = json.load(open(os.path.join(folder, "changedetection.json")))
    acc = json.load(open(os.path.join(folder, "accuracy.json")))
    print("Metric-CD demo (bundled Landsat Taizhou sample, run through qgis_process):")
    for key, path in sorted(run.get("results", {}).items()):
        print(f"  {key:>16}: {path}")
    print(f"  {'quicklook':>16}: {os.path.join(folder, 'quicklook.png')}")
    print("Accuracy against the sample's reference labels (labelled pixels only):")
    for key in ("F1", "PRECISION", "RECALL", "KAPPA", "OA", "IOU", "AUC"):
        value = acc.get("results", {}).get(key)
        print(f"  {key:>16}: {value:.4f}" if isinstance(value, (int, float)) else f"  {key:>16}: {value}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo_output")
