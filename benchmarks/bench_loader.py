"""Loader throughput on dubai_aerial: labelled and unlabelled samples/s at crop 256 and 512 with 2 workers.

Run: CO2S_DATA=../shared/data python benchmarks/bench_loader.py [--samples 48] [--workers 2]
Each dataset is timed alone through a DataLoader (batch 4), after its first batch (worker start-up) is out.
An unlabelled sample is a weak view, two strong views, padding mask and two CutMix boxes.
"""
import argparse, itertools, time
from torch.utils.data import DataLoader
from co2s.datasets import DataCfg, build_data

def rate(ds, workers:int, n:int, batch:int=4)->float:
    "Samples/s of `ds` over `n` samples (keys cycle through epochs 0, 1, ...)."
    keys = [(e, i) for e in range(n//len(ds) + 2) for i in range(len(ds))][:n + batch]
    it = iter(DataLoader(ds, batch_size=batch, sampler=keys, num_workers=workers))
    next(it); t = time.perf_counter()
    for _ in it: pass
    return n/(time.perf_counter() - t)

def main(argv=None):
    ap = argparse.ArgumentParser(); ap.add_argument('--samples', type=int, default=48); ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args(argv)
    print(f'{"crop":>5} {"workers":>7} {"labelled/s":>10} {"unlabelled/s":>12}')
    for crop in (256, 512):
        d = build_data(DataCfg('dubai_aerial', labeled='1_2', crop=crop, workers=a.workers))
        print(f'{crop:>5} {a.workers:>7} {rate(d.lset, a.workers, a.samples):>10.1f} {rate(d.uset, a.workers, a.samples):>12.1f}')

if __name__ == '__main__': main()
