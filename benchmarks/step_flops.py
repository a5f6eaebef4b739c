"""Model FLOPs of one Co2S training iteration against its floor (the bare backbones' forward + backward over the same
images), as `torch.utils.flop_counter` counts them (matmuls, convolutions, attention). A step can only reach a time
ratio below its FLOP ratio where the decoders run at a higher FLOP rate than the backbones.

    python benchmarks/step_flops.py paper 256 2 WHDLD          # the paper pair, crop 256, 2 + 2, 6 classes
    python benchmarks/step_flops.py cpu 128 2 dubai_aerial     # the CPU pair, crop 128, 2 + 2, 5 classes
"""
import os, sys
from contextlib import nullcontext
import torch
os.environ.setdefault('HF_HUB_OFFLINE', '1')

def main(argv=None)->int:
    from co2s.bench import _models, bench_batches, floor_fn, floor_inputs, step_fn, count_flops
    from co2s.train import ExpCfg, build_step, OptimCfg, build_optimizer
    from co2s.data import get_info
    from co2s.core import set_seed
    preset, crop, B, ds = (argv or sys.argv[1:]) + ['paper', '256', '2', 'WHDLD'][len(argv or sys.argv[1:]):]
    crop, B = int(crop), int(B)
    info = get_info(ds); dev = torch.device('cpu')
    set_seed(0); cfg = ExpCfg(method='co2s', model=preset)
    models = _models(preset, 2, info.n_cls, dict(info.vocab), dev, False, False)
    opt, _ = build_optimizer(models, OptimCfg(), total=1000)
    bl, bu = bench_batches(B, crop, info.n_cls, dev)
    floor = count_flops(floor_fn([s.student for s in models.values()], floor_inputs('co2s', bl, bu), nullcontext))
    step = count_flops(step_fn(build_step(cfg, models, 1000), opt, bl, bu, nullcontext, 500))
    print(f'{preset}, crop {crop}, {B}+{B}, K={info.n_cls}: floor {floor/1e9:.1f} GFLOP, step {step/1e9:.1f} GFLOP, '
          f'step/floor {step/floor:.3f}')
    return 0

if __name__ == '__main__': sys.exit(main())
