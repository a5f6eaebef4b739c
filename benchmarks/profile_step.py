"""Where a Co2S training step goes: the floor (bare backbones), the step's forward, forward + backward, and the AdamW
step, timed one after another (medians), then `torch.profiler`'s top operators of one step.

    python benchmarks/profile_step.py paper 256 2 2 2 --profile    # preset crop batch_l batch_u repeats
    python benchmarks/profile_step.py cpu 128 8 4 5               # the CPU setting of the demo (8 + 4)

Not interleaved (use `co2s bench train` for the ratio); this splits the step into parts.
"""
import argparse, os, statistics as st, time
from contextlib import nullcontext
import torch
os.environ.setdefault('HF_HUB_OFFLINE', '1')

def main(argv=None):
    from co2s.bench import _models, bench_batches, floor_fn, floor_inputs
    from co2s.train import ExpCfg, build_step, OptimCfg, build_optimizer, loss_values
    from co2s.data import get_info
    from co2s.core import set_seed
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('preset'); ap.add_argument('crop', type=int); ap.add_argument('bl', type=int); ap.add_argument('bu', type=int)
    ap.add_argument('repeats', type=int); ap.add_argument('--profile', action='store_true')
    a = ap.parse_args(argv)
    info = get_info('dubai_aerial'); dev = torch.device('cpu')
    set_seed(0); cfg = ExpCfg(method='co2s', model=a.preset)
    models = _models(a.preset, 2, info.n_cls, dict(info.vocab), dev, False, False)
    opt, _ = build_optimizer(models, OptimCfg(), total=1000)
    bl, _ = bench_batches(a.bl, a.crop, info.n_cls, dev); _, bu = bench_batches(a.bu, a.crop, info.n_cls, dev)
    step = build_step(cfg, models, 1000)
    floor = floor_fn([s.student for s in models.values()], floor_inputs('co2s', bl, bu), nullcontext)
    def fwd(): loss_values(step(bl, bu, 500))
    def fb():
        out = step(bl, bu, 500); opt.zero_grad(set_to_none=True); out['loss'].backward(); loss_values(out)
    def T(f):
        t = time.perf_counter(); f(); return time.perf_counter() - t
    for _ in range(2): fb(); opt.step(); floor()
    res = {k: [] for k in ('floor', 'fwd', 'fwd+bwd', 'opt')}
    for _ in range(a.repeats):
        res['floor'].append(T(floor)); res['fwd'].append(T(fwd)); res['fwd+bwd'].append(T(fb)); res['opt'].append(T(opt.step))
    med = {k: st.median(v) for k, v in res.items()}
    print(f'{a.preset} crop {a.crop} {a.bl}+{a.bu}, {torch.get_num_threads()} threads, medians of {a.repeats}: '
          + ', '.join(f'{k} {v:.3f} s' for k, v in med.items())
          + f'; (fwd+bwd+opt)/floor {(med["fwd+bwd"] + med["opt"]) / med["floor"]:.3f}')
    if a.profile:
        from torch.profiler import profile, ProfilerActivity
        with profile(activities=[ProfilerActivity.CPU]) as p: fb(); opt.step()
        print(p.key_averages().table(sort_by='self_cpu_time_total', row_limit=20))

if __name__ == '__main__': main()
