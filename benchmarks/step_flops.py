"""Model FLOPs of one Co2S training iteration against its floor (the bare backbones' forward + backward over the same
images), as `torch.utils.flop_counter` counts them (matmuls, convolutions, attention). A step can only reach a time
ratio below its FLOP ratio where the decoders run at a higher FLOP rate than the backbones.

    python benchmarks/step_flops.py paper 256 2 WHDLD          # the paper pair, crop 256, 2 + 2, 6 classes
    python benchmarks/step_flops.py cpu 128 2 dubai_aerial     # the CPU pair, crop 128, 2 + 2, 5 classes
"""
import os, sys
from contextlib import nullcontext
os.environ.setdefault('HF_HUB_OFFLINE', '1')
from bench_cpu_bf16 import step_setup   # this folder is on sys.path when the script runs

def main(argv=None)->int:
    from co2s.bench import floor_fn, floor_inputs, step_fn, count_flops
    args = sys.argv[1:] if argv is None else argv
    preset, crop, B, ds = args + ['paper', '256', '2', 'WHDLD'][len(args):]
    crop, B = int(crop), int(B)
    models, opt, step, bl, bu = step_setup(preset, (B, B), crop, ds)
    floor = count_flops(floor_fn([s.student for s in models.values()], floor_inputs('co2s', bl, bu), nullcontext))
    total = count_flops(step_fn(step, opt, bl, bu, nullcontext, 500))
    print(f'{preset}, crop {crop}, {B}+{B}, K={next(iter(models.values())).decoder.n_cls}: floor {floor/1e9:.1f} GFLOP, '
          f'step {total/1e9:.1f} GFLOP, step/floor {total/floor:.3f}')
    return 0

if __name__ == '__main__': sys.exit(main())
