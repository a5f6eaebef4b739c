"""One training iteration of each method against its floor: a thin wrapper around `co2s bench train`.

    python benchmarks/bench_train.py --preset tiny                      # = co2s bench train --preset tiny
    python benchmarks/bench_train.py --preset paper --iters 3 --methods co2s
`--iters N` is the old name of `--pairs N` (interleaved floor/step rounds); every other flag is `co2s bench train`'s.
"""
import sys
from co2s.bench import bench_main

def main(argv=None)->int:
    argv = list(sys.argv[1:] if argv is None else argv)
    return bench_main(['train'] + ['--pairs' if a == '--iters' else a for a in argv])

if __name__ == '__main__': sys.exit(main())
