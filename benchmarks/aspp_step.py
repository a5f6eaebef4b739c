"""A whole Co2S training iteration against its floor (`co2s.bench.bench_train`), with ASPP's projection as one
concatenation (`co2s.guidance.aspp_reference`, the form before) and split per branch (`ASPP.forward`, now), in
alternating runs.

    python benchmarks/aspp_step.py paper 256        # the paper pair, crop 256, 2 + 2 (WHDLD's 6 classes)
    python benchmarks/aspp_step.py cpu 128          # the CPU pair, crop 128, 2 + 2 (dubai_aerial's 5 classes)
"""
import os, sys
os.environ.setdefault('HF_HUB_OFFLINE', '1')
from co2s import guidance, bench

def main(argv=None)->int:
    args = sys.argv[1:] if argv is None else argv
    preset, crop = args + ['paper', '256'][len(args):]
    split = guidance.ASPP.forward
    try:
        for rnd in range(2):
            for name in ('reference', 'split'):
                guidance.ASPP.forward = guidance.aspp_reference if name == 'reference' else split
                r = bench.bench_train(preset, ('co2s',), crop=int(crop), batch=2, pairs=4, warmup=1,
                                      dataset='WHDLD' if preset.startswith('paper') else 'dubai_aerial', memory=False)
                print(f"{preset} ASPP {name:9s}: step {r['step_s']:.3f} s floor {r['floor_s']:.3f} s ratio {r['ratio']:.3f}", flush=True)
    finally: guidance.ASPP.forward = split
    return 0

if __name__ == '__main__': sys.exit(main())
