"""The Ray recipe of docs/scaling.md, run for real in Ray's local mode (outside CI).

Splits a path list into blocks, pipes each block through `binspect scan --files-from - --ndjson`
in a Ray task, merges the lines, and compares them (sorted) with one plain run over the whole list.
Prints both timings. Usage: python3 bench/ray_recipe.py LIST [BLOCK] (needs `pip install ray`).
"""
import subprocess
import sys
import time

import ray

HERE = __file__.rsplit("/", 2)[0]
CLI = ["node", f"{HERE}/dist/src/cli/main.js", "scan", "--files-from", "-", "--ndjson", "--jobs", "1"]


@ray.remote(num_cpus=1)
def scan(paths):
    p = subprocess.run(CLI, input="\n".join(paths) + "\n", capture_output=True, text=True)
    if p.returncode not in (0, 2):  # 2: some files had errors; their reports are in stdout
        raise RuntimeError(p.stderr)
    return p.stdout.splitlines()


def main():
    paths = [l for l in open(sys.argv[1]).read().split("\n") if l]
    block = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    t0 = time.time()
    plain = subprocess.run(CLI, input="\n".join(paths) + "\n", capture_output=True, text=True).stdout.splitlines()
    t_plain = time.time() - t0
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    t0 = time.time()
    refs = [scan.remote(paths[i:i + block]) for i in range(0, len(paths), block)]
    lines = []
    while refs:
        [done], refs = ray.wait(refs)
        lines.extend(ray.get(done))
    t_ray = time.time() - t0
    same = sorted(lines) == sorted(plain)
    print(f"ray local mode: {len(paths)} paths in {len(range(0, len(paths), block))} tasks of {block}: "
          f"{len(lines)} report lines in {t_ray:.2f} s; one plain run: {len(plain)} lines in {t_plain:.2f} s; "
          f"same lines after sorting: {same}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
