"""One Co2S training iteration (both students, batch 2 + 2, crop 256) against its floor.

The floor is what no implementation of the method can avoid: forward + backward of the two bare backbones on the same
images the step feeds them ([x_l; x_w] and [x_s1; x_s2], 8 images per backbone). The step adds the decoders, the
feature-perturbation pass, the losses and the optimiser. Prints time and peak memory of both and their ratio.

    python benchmarks/bench_train.py --preset tiny            # CPU, seconds
    python benchmarks/bench_train.py --preset paper --iters 3 # ViT-B/16 pair, random init here (no downloads)
"""
import sys, time, argparse, resource
import torch
from torch import nn
from co2s.core import set_seed, default_device, synth_tiles
from co2s.fusion import FusionCfg
from co2s.pseudolabel import PLCfg
from co2s.data import get_info
from co2s.segmenter import model_preset, with_random_init, build_model
from co2s.students import build_student
from co2s.train import Co2SStep, OptimCfg, build_optimizer

def batches(B:int, crop:int, n_cls:int, device):
    "A labelled and an unlabelled batch of the shapes the data layer yields."
    x, y = synth_tiles(4*B, crop, n_cls, seed=0); box = torch.zeros(B, crop, crop, dtype=torch.bool); box[:, :crop//2, :crop//2] = True
    bl = dict(x=x[:B], y=y[:B])
    bu = dict(x_w=x[B:2*B], x_s1=x[2*B:3*B], x_s2=x[3*B:], pad=torch.zeros(B, crop, crop, dtype=torch.bool), box1=box,
              box2=box.flip(-1), perm=torch.arange(B).roll(1), y=y[B:2*B])
    return ({k: v.to(device) for k, v in bl.items()}, {k: v.to(device) for k, v in bu.items()})

def timed(fn, iters:int, device)->tuple[float,float]:
    "Median seconds per call of `fn` (after one warm-up) and peak memory in MiB (CUDA: allocated; CPU: process max RSS)."
    fn()
    if device.type == 'cuda': torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats()
    ts = []
    for _ in range(iters):
        t = time.perf_counter(); fn()
        if device.type == 'cuda': torch.cuda.synchronize()
        ts.append(time.perf_counter() - t)
    mem = torch.cuda.max_memory_allocated()/2**20 if device.type == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024
    return sorted(ts)[len(ts)//2], mem

def main(argv=None)->int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--preset', default='tiny', help='model preset (tiny, paper, ...)')
    p.add_argument('--crop', type=int, default=256); p.add_argument('--batch', type=int, default=2)
    p.add_argument('--iters', type=int, default=5)
    p.add_argument('--device', default=None)
    p.add_argument('--dataset', default='WHDLD', help='registered dataset whose classes and vocabulary the heads use')
    a = p.parse_args(argv)
    device = torch.device(a.device) if a.device else default_device()
    dtype = torch.bfloat16 if device.type == 'cuda' else None
    set_seed(0); mcfg = with_random_init(model_preset(a.preset))   # timing only: no downloads
    info = get_info(a.dataset); a.n_cls = info.n_cls
    bl, bu = batches(a.batch, a.crop, a.n_cls, device)
    amp = lambda: torch.autocast(device.type, dtype=dtype or torch.float32, enabled=dtype is not None)

    # the floor first (on CPU, max RSS only grows): the bare backbones, forward + backward on the same 8 images each
    bbs = [build_student(s.student).to(device).train() for s in mcfg.students]
    xs = [torch.cat([bl['x'], bu['x_w']]), torch.cat([bu['x_s1'], bu['x_s2']])]
    def floor():
        with amp(): loss = sum(f.float().mean() for b in bbs for x in xs for f in b(x))
        loss.backward()
        for b in bbs: b.zero_grad(set_to_none=True)
    t_floor, m_floor = timed(floor, a.iters, device)
    del bbs
    if device.type == 'cuda': torch.cuda.empty_cache()

    models = build_model(mcfg, a.n_cls, vocab=info.vocab).to(device).train()
    opt, sched = build_optimizer(models, OptimCfg(), total=1000)
    f = FusionCfg(); step = Co2SStep(models, PLCfg(), f.tau, f.weight, f.ramp, f.grad, total=1000)
    def iteration():
        with amp(): out = step(bl, bu, it=500)
        opt.zero_grad(set_to_none=True); out['loss'].backward(); opt.step(); sched.step()
    t_step, m_step = timed(iteration, a.iters, device)

    what = 'peak CUDA MiB' if device.type == 'cuda' else 'max RSS MiB'
    print(f'preset={a.preset} device={device} threads={torch.get_num_threads()} batch={a.batch}+{a.batch} crop={a.crop} '
          f'K={a.n_cls} amp={dtype or "fp32"} iters={a.iters} (median)')
    print(f'{"":28}{"s/iter":>10}{what:>16}')
    print(f'{"floor (2 bare backbones)":28}{t_floor:10.3f}{m_floor:16.0f}')
    print(f'{"Co2S training iteration":28}{t_step:10.3f}{m_step:16.0f}')
    print(f'{"ratio":28}{t_step/t_floor:10.2f}{m_step/m_floor:16.2f}')
    return 0

if __name__ == '__main__': sys.exit(main())
