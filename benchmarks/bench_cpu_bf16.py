"""bf16 autocast on a CPU with AMX: where it pays and where it does not (CPU seconds, medians of interleaved calls).

    python benchmarks/bench_cpu_bf16.py            # attention, GroupNorm, a Co2S step of the `cpu` preset (the demo's batch)
    python benchmarks/bench_cpu_bf16.py --vitb     # also a ViT-B/16 forward + backward at 256 px (4 images)

What it measures, each as fp32 vs bf16 (ratio < 1: bf16 faster):
- attention forward + backward at 65 and 257 tokens: PyTorch's fused kernel in fp32 and bf16, and `co2s.students.attend`
  in bf16 (the math path it takes on a CPU);
- GroupNorm forward + backward on a decoder-sized map (why the decoder stays fp32 on a CPU);
- one Co2S iteration of the `cpu` preset, 8 labelled + 4 unlabelled at crop 128, as co2s runs it under `amp='auto'`
  (bf16 backbones, math attention, fp32 decoder) against `amp='fp32'`.
"""
import argparse, os, statistics as st, sys
os.environ.setdefault('HF_HUB_OFFLINE', '1')
import torch
import torch.nn.functional as F
from co2s.bench import interleave, bench_batches, step_fn, _models
from co2s.engine import cpu_bf16_fast
from co2s.students import attend

CPU = torch.device('cpu')
ac = lambda on: (lambda: torch.autocast('cpu', dtype=torch.bfloat16, enabled=on))


def cpu_s(fns:dict, pairs:int, warmup:int=1)->dict:
    cs = {}; interleave(fns, pairs, warmup, CPU, cs)
    return {k: st.median(v) for k, v in cs.items()}


def fwd_bwd(f, *shapes, dtype=torch.float32):
    ins = [torch.randn(*s, dtype=dtype, requires_grad=True) for s in shapes]
    return lambda: f(*ins).float().sum().backward()


def attention(pairs:int):
    for n in (65, 257):
        s = (24, 6, n, 32)
        t = cpu_s({'fused fp32': fwd_bwd(F.scaled_dot_product_attention, s, s, s),
                   'fused bf16': fwd_bwd(F.scaled_dot_product_attention, s, s, s, dtype=torch.bfloat16),
                   'attend bf16': fwd_bwd(attend, s, s, s, dtype=torch.bfloat16)}, pairs)
        print(f'attention fwd+bwd, 24x6 heads x {n} tokens x 32: ' + ', '.join(f'{k} {1e3*v:.1f} ms' for k, v in t.items()))


def group_norm(pairs:int):
    gn = torch.nn.GroupNorm(8, 32)
    x = torch.randn(120, 32, 32, 32)
    def run(on):
        xi = x.clone().requires_grad_(True)
        def f():
            with torch.autocast('cpu', dtype=torch.bfloat16, enabled=on):
                y = gn(xi.to(torch.bfloat16) if on else xi)
            y.float().sum().backward()
        return f
    t = cpu_s({'fp32': run(False), 'bf16': run(True)}, pairs)
    print(f"GroupNorm(8, 32) fwd+bwd on 120x32x32x32: fp32 {1e3*t['fp32']:.1f} ms, bf16 {1e3*t['bf16']:.1f} ms")


def co2s_step(pairs:int):
    from co2s.data import get_info
    from co2s.train import ExpCfg, build_step, OptimCfg, build_optimizer
    from co2s.core import set_seed
    info = get_info('dubai_aerial'); set_seed(0)
    models = _models('cpu', 2, info.n_cls, dict(info.vocab), CPU, False, False)
    opt, _ = build_optimizer(models, OptimCfg(), total=1000)
    step = build_step(ExpCfg(method='co2s', model='cpu'), models, 1000)
    bl, _ = bench_batches(8, 128, info.n_cls, CPU); _, bu = bench_batches(4, 128, info.n_cls, CPU, seed=1)
    fns = {'fp32': step_fn(step, opt, bl, bu, ac(False), it=500), 'bf16': step_fn(step, opt, bl, bu, ac(True), it=500)}
    cs = {}; interleave(fns, pairs, 1, CPU, cs)
    r = st.median(b / a for a, b in zip(cs['fp32'], cs['bf16']))
    print(f"Co2S step, cpu preset, 8+4 at crop 128, {torch.get_num_threads()} threads: fp32 {st.median(cs['fp32']):.3f} s, "
          f"bf16 {st.median(cs['bf16']):.3f} s (CPU s); bf16/fp32 {r:.2f} (median of {pairs} pairs)")


def vitb(pairs:int):
    import timm
    m = timm.create_model('vit_base_patch16_224', pretrained=False, img_size=256, num_classes=0).train()
    x = torch.randn(4, 3, 256, 256)
    def run(on):
        def f():
            with torch.autocast('cpu', dtype=torch.bfloat16, enabled=on), __import__('co2s.students').students.math_attention(m, on):
                y = m.forward_features(x)
            y.float().mean().backward(); m.zero_grad(set_to_none=True)
        return f
    cs = {}; interleave({'fp32': run(False), 'bf16': run(True)}, pairs, 1, CPU, cs)
    r = st.median(b / a for a, b in zip(cs['fp32'], cs['bf16']))
    print(f"ViT-B/16 fwd+bwd, 4 images at 256 px: fp32 {st.median(cs['fp32']):.2f} s, bf16 {st.median(cs['bf16']):.2f} s; bf16/fp32 {r:.2f}")


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--pairs', type=int, default=6); ap.add_argument('--vitb', action='store_true')
    ap.add_argument('--threads', type=int, default=None)
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    if not cpu_bf16_fast(): print('note: this CPU has no AMX; bf16 runs in software here and amp=auto stays fp32', file=sys.stderr)
    attention(a.pairs); group_norm(a.pairs); co2s_step(a.pairs)
    if a.vitb: vitb(max(2, a.pairs // 2))
