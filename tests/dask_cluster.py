"""A real Dask cluster on 127.0.0.1 for the batch tests: `dask scheduler` and `dask worker`
processes started as docs/batch.md writes the recipe (the `dask` command of a given Python
environment), stopped at the end."""
import json
import subprocess
import time


def start(args, cwd, env):
    return subprocess.Popen([str(a) for a in args], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def start_scheduler(dask, folder, cwd, env, procs):
    """A scheduler on a free port; its address (read from its scheduler file)."""
    scheduler_file = folder / "scheduler.json"
    procs.append(start([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                        "--scheduler-file", scheduler_file], cwd, env))
    for _ in range(3000):  # a loaded machine may take minutes to start it
        if scheduler_file.exists() and scheduler_file.stat().st_size:
            return json.loads(scheduler_file.read_text())["address"]
        if procs[-1].poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"the scheduler did not start (exit {procs[-1].poll()})")


def start_workers(dask, address, count, cwd, env, procs):
    workers = [start([dask, "worker", address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
                      "--no-dashboard"], cwd, env) for _ in range(count)]
    procs += workers
    return workers


def stop(procs):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
