"""bf16 autocast on a CPU with AMX: where it pays and where it does not (CPU seconds, medians of interleaved calls).

    python benchmarks/bench_cpu_bf16.py                  # attention; a Co2S step of the `cpu` preset (demo batch 8+4, and 2+2)
    python benchmarks/bench_cpu_bf16.py --vitb --paper   # also a ViT-B/16 forward + backward at 256 px (4 images), and a
                                                         # Co2S step of the paper pair at crop 256, 2+2
    python benchmarks/bench_cpu_bf16.py --patch          # only the patch projection: PyTorch's conv against
                                                         # `co2s.students.PatchConv` (one matmul), and a `cpu` Co2S step
                                                         # with either

What it measures, each as fp32 vs bf16 (ratio < 1: bf16 faster):
- one matmul of a CPU student's MLP (1536x192 by 192x768, forward only);
- attention forward + backward at 65 and 257 tokens: PyTorch's fused kernel in fp32 and bf16, and `co2s.students.attend`
  in bf16 (the math path it takes on a CPU);
- one Co2S iteration (step, backward, AdamW) under bf16 autocast (bf16 backbones, math attention) with the decoder in
  fp32 or in bf16, each against fp32. co2s keeps a narrow decoder (width < 128, the CPU presets) in fp32 on a CPU and
  runs a wide one (the paper's 128) in bf16: whichever this measures faster.
"""
import argparse, os, statistics as st, sys
os.environ.setdefault('HF_HUB_OFFLINE', '1')
import torch
import torch.nn.functional as F
from co2s.bench import interleave, bench_batches, step_fn, _models
from co2s.engine import cpu_bf16_fast
from co2s.students import attend, math_attention

CPU = torch.device('cpu')
ac = lambda on: (lambda: torch.autocast('cpu', dtype=torch.bfloat16, enabled=on))


def cpu_s(fns:dict, pairs:int, warmup:int=1)->dict:
    cs = {}; interleave(fns, pairs, warmup, CPU, cs)
    return {k: st.median(v) for k, v in cs.items()}


def fwd_bwd(f, *shapes, dtype=torch.float32):
    ins = [torch.randn(*s, dtype=dtype, requires_grad=True) for s in shapes]
    return lambda: f(*ins).float().sum().backward()


def matmul(pairs:int):
    a, b = torch.randn(1536, 192), torch.randn(192, 768)
    t = cpu_s({'fp32': lambda: [a @ b for _ in range(20)], 'bf16': (lambda a=a.bfloat16(), b=b.bfloat16(): [a @ b for _ in range(20)])}, pairs)
    print(f"matmul 1536x192 @ 192x768: fp32 {1e3*t['fp32']/20:.2f} ms, bf16 {1e3*t['bf16']/20:.2f} ms ({t['fp32']/t['bf16']:.1f}x)")


def attention(pairs:int):
    for n in (65, 257):
        s = (24, 6, n, 32)
        t = cpu_s({'fused fp32': fwd_bwd(F.scaled_dot_product_attention, s, s, s),
                   'fused bf16': fwd_bwd(F.scaled_dot_product_attention, s, s, s, dtype=torch.bfloat16),
                   'attend bf16': fwd_bwd(attend, s, s, s, dtype=torch.bfloat16)}, pairs)
        print(f'attention fwd+bwd, 24x6 heads x {n} tokens x 32: ' + ', '.join(f'{k} {1e3*v:.1f} ms' for k, v in t.items()))


def step_setup(preset:str, B:tuple, crop:int, dataset:str|None=None):
    "The models, optimiser, Co2S step and batches (B = labelled, unlabelled images) of one `preset` iteration; `dataset`'s classes (default: dubai_aerial for the CPU presets, else WHDLD)."
    from co2s.data import get_info
    from co2s.train import ExpCfg, build_step, OptimCfg, build_optimizer
    from co2s.core import set_seed
    info = get_info(dataset or ('dubai_aerial' if preset.startswith('cpu') else 'WHDLD')); set_seed(0)
    models = _models(preset, 2, info.n_cls, dict(info.vocab), CPU, False, False)
    opt, _ = build_optimizer(models, OptimCfg(), total=1000)
    step = build_step(ExpCfg(method='co2s', model=preset), models, 1000)
    bl, _ = bench_batches(B[0], crop, info.n_cls, CPU); _, bu = bench_batches(B[1], crop, info.n_cls, CPU, seed=1)
    return models, opt, step, bl, bu


def co2s_step(preset:str, B:tuple, crop:int, pairs:int):
    "One Co2S iteration of `preset` (B = labelled, unlabelled images): fp32, and bf16 with the decoder in fp32 or in bf16."
    models, opt, step, bl, bu = step_setup(preset, B, crop)
    own = next(iter(models.values())).cpu_dec_fp32
    def bf16(dec_fp32:bool):
        f = step_fn(step, opt, bl, bu, ac(True), it=500)
        def run():
            for m in models.values(): m.cpu_dec_fp32 = dec_fp32
            try: f()
            finally:
                for m in models.values(): m.cpu_dec_fp32 = own
        return run
    fns = {'fp32': step_fn(step, opt, bl, bu, ac(False), it=500), 'bf16, decoder fp32': bf16(True), 'bf16, decoder bf16': bf16(False)}
    cs = {}; interleave(fns, pairs, 1, CPU, cs)
    r = {k: st.median(b / a for a, b in zip(cs['fp32'], cs[k])) for k in list(fns)[1:]}
    print(f"Co2S step, {preset} preset, {B[0]}+{B[1]} at crop {crop}, {torch.get_num_threads()} threads (CPU s, median of {pairs} pairs): "
          + ', '.join(f'{k} {st.median(v):.3f} s' for k, v in cs.items()) + '; /fp32: '
          + ', '.join(f'{k} {v:.2f}' for k, v in r.items()) + f" (co2s uses decoder {'fp32' if own else 'bf16'} here)")


def patch(pairs:int):
    "The patch projection forward + backward (weight grads; the image needs none) as a conv and as `PatchConv`, then a Co2S step with either."
    import copy
    from torch import nn
    from co2s.students import PatchConv, patch_conv
    for B, D, S in ((12, 192, 128), (8, 768, 256)):   # a CPU student's 12-image forward; ViT-B/16, 8 images at 256 px
        conv = nn.Conv2d(3, D, 16, 16); fast = patch_conv(copy.deepcopy(conv)); x = torch.rand(B, 3, S, S)
        fns = {f'{n} {d}': (lambda m=m, on=on: [m.zero_grad(), _bwd(m, x, on)])
               for n, m in (('conv', conv), ('PatchConv', fast)) for d, on in (('fp32', False), ('bf16', True))}
        t = cpu_s(fns, pairs)
        print(f'patch projection 16 px, {B} x {S} px -> {D}: ' + ', '.join(f'{k} {1e3*v:.1f} ms' for k, v in t.items()))
    models, opt, step, bl, bu = step_setup('cpu', (8, 4), 128)
    pcs = [m for m in models.modules() if isinstance(m, PatchConv)]
    def with_cls(cls):
        f = step_fn(step, opt, bl, bu, ac(True), it=500)
        def run():
            for m in pcs: m.__class__ = cls
            try: f()
            finally:
                for m in pcs: m.__class__ = PatchConv
        return run
    cs = {}; interleave({'conv': with_cls(nn.Conv2d), 'PatchConv': with_cls(PatchConv)}, pairs, 1, CPU, cs)
    r = st.median(b / a for a, b in zip(cs['conv'], cs['PatchConv']))
    print(f"Co2S step, cpu preset, 8+4 at crop 128, bf16 (CPU s, median of {pairs} pairs): conv {st.median(cs['conv']):.3f} s, "
          f"PatchConv {st.median(cs['PatchConv']):.3f} s; PatchConv/conv {r:.3f}")


def _bwd(m, x, on:bool):
    with torch.autocast('cpu', dtype=torch.bfloat16, enabled=on): y = m(x)
    y.float().sum().backward()


def vitb(pairs:int):
    import timm
    m = timm.create_model('vit_base_patch16_224', pretrained=False, img_size=256, num_classes=0).train()
    x = torch.randn(4, 3, 256, 256)
    def run(on):
        def f():
            with torch.autocast('cpu', dtype=torch.bfloat16, enabled=on), math_attention(m, on):
                y = m.forward_features(x)
            y.float().mean().backward(); m.zero_grad(set_to_none=True)
        return f
    cs = {}; interleave({'fp32': run(False), 'bf16': run(True)}, pairs, 1, CPU, cs)
    r = st.median(b / a for a, b in zip(cs['fp32'], cs['bf16']))
    print(f"ViT-B/16 fwd+bwd, 4 images at 256 px: fp32 {st.median(cs['fp32']):.2f} s, bf16 {st.median(cs['bf16']):.2f} s; bf16/fp32 {r:.2f}")


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--pairs', type=int, default=6); ap.add_argument('--vitb', action='store_true'); ap.add_argument('--paper', action='store_true')
    ap.add_argument('--threads', type=int, default=None); ap.add_argument('--patch', action='store_true')
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    if not cpu_bf16_fast(): print('note: this CPU has no AMX; bf16 runs in software here and amp=auto stays fp32', file=sys.stderr)
    if a.patch: patch(a.pairs); sys.exit(0)
    matmul(a.pairs); attention(a.pairs); co2s_step('cpu', (8, 4), 128, a.pairs); co2s_step('cpu', (2, 2), 128, a.pairs)
    if a.vitb: vitb(max(2, a.pairs // 2))
    if a.paper: co2s_step('paper', (2, 2), 256, max(2, a.pairs // 2))
