"""Loader throughput (labelled + unlabelled samples/s of the training loader): a thin wrapper around `co2s bench data`.

Run: CO2S_DATA=../shared/data python benchmarks/bench_loader.py [--workers 2] [--crop 256]
Times `Data.epoch(0)` after its first batch (worker start-up); an unlabelled sample is a weak view, two strong views,
the padding mask and two CutMix boxes. Prints one line per crop.
"""
import argparse, sys
from co2s.bench import bench_main

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--crops', type=int, nargs='+', default=[256, 512])
    ap.add_argument('--dataset', default='dubai_aerial'); ap.add_argument('--json', action='store_true')
    a = ap.parse_args(argv)
    rc = 0
    for crop in a.crops:
        print(f'crop {crop}: ', end='', flush=True)
        rc |= bench_main(['data', '--dataset', a.dataset, '--crop', str(crop), '--workers', str(a.workers)] + (['--json'] if a.json else []))
    return rc

if __name__ == '__main__': sys.exit(main())
