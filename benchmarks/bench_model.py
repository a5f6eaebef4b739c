"""Forward and forward+backward time and peak memory of each student and each decoder, at crop 256 and 512, batch 2.

Run: HF_HUB_OFFLINE=1 python benchmarks/bench_model.py --preset paper --random-init   (ViT-B/16 architecture)
     HF_HUB_OFFLINE=1 python benchmarks/bench_model.py --preset tiny
A student is timed alone (images -> tapped maps); a decoder alone on those maps (detached) and the class vectors.
'fwd+bwd' is forward then backward of the mean output. Time: best of --repeats calls after --warmup calls
(the least disturbed one, on a shared machine).
Memory, CPU: increase of the process's peak resident set (VmHWM, reset through /proc/self/clear_refs) over the
resident set before the call. GPU: torch.cuda.max_memory_allocated over what was allocated before, bf16 autocast.
"""
import argparse, contextlib, ctypes, gc, sys, time
import torch
from co2s.core import default_device, set_seed
from co2s.segmenter import model_preset, with_random_init, build_segmenter

def _rss_kb(key:str)->int:
    return int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith(key)))

class PeakMem:
    "Peak memory of what runs inside, in MiB, over what was in use before."
    def __init__(self, dev): self.dev = dev
    def __enter__(self):
        gc.collect()
        if self.dev.type == 'cuda':
            torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); self.base = torch.cuda.memory_allocated()
        else:
            with contextlib.suppress(OSError): ctypes.CDLL('libc.so.6').malloc_trim(0)
            open('/proc/self/clear_refs', 'w').write('5'); self.base = _rss_kb('VmRSS') * 1024
        return self
    def __exit__(self, *exc):
        if self.dev.type == 'cuda': torch.cuda.synchronize(); peak = torch.cuda.max_memory_allocated()
        else: peak = _rss_kb('VmHWM') * 1024
        self.mib = (peak - self.base) / 2**20

def measure(fn, dev, warmup:int, repeats:int)->tuple[float,float]:
    "Best (least disturbed) seconds of `fn()` over `repeats` calls, and its peak memory (MiB) on the last call."
    for _ in range(warmup): fn()
    ts = []
    for _ in range(repeats):
        with PeakMem(dev) as pm:
            t = time.perf_counter(); fn()
            if dev.type == 'cuda': torch.cuda.synchronize()
            ts.append(time.perf_counter() - t)
    return min(ts), pm.mib

def _mean(out): return sum(o.float().mean() for o in out) if isinstance(out, (list, tuple)) else out.float().mean()

def bench_segmenter(seg, crop:int, batch:int, dev, warmup:int, repeats:int)->dict:
    "Rows for the student and the decoder of `seg` at `crop`."
    amp = torch.autocast('cuda', dtype=torch.bfloat16) if dev.type == 'cuda' else contextlib.nullcontext()
    x = torch.rand(batch, 3, crop, crop, device=dev)
    def s_fwd():
        with torch.no_grad(), amp: seg.student(x)
    def s_bwd():
        with amp: loss = _mean(seg.student(x))
        loss.backward(); seg.zero_grad(set_to_none=True)
    with torch.no_grad(), amp: feats = [f.detach() for f in seg.student(x)]
    cls = seg.class_vectors()
    def d_fwd():
        with torch.no_grad(), amp: seg.decoder(feats, cls)
    def d_bwd():
        with amp: loss = _mean(seg.decoder(feats, cls if cls is None else cls.detach()))
        loss.backward(); seg.zero_grad(set_to_none=True)
    rows = {}
    for part, f, b in (('student', s_fwd, s_bwd), ('decoder', d_fwd, d_bwd)):
        (tf, mf), (tb, mb) = measure(f, dev, warmup, repeats), measure(b, dev, warmup, repeats)
        rows[part] = dict(fwd_s=tf, fwd_mib=mf, fwdbwd_s=tb, fwdbwd_mib=mb)
    return rows

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--preset', default='tiny'); ap.add_argument('--random-init', action='store_true')
    ap.add_argument('--crops', type=int, nargs='+', default=[256, 512]); ap.add_argument('--batch', type=int, default=2)
    ap.add_argument('--n-cls', type=int, default=6); ap.add_argument('--warmup', type=int, default=1)
    ap.add_argument('--repeats', type=int, default=2); ap.add_argument('--device', default=None)
    ap.add_argument('--threads', type=int, default=None); ap.add_argument('--json', default=None, help='also write rows here')
    a = ap.parse_args(argv)
    if a.threads: torch.set_num_threads(a.threads)
    dev = torch.device(a.device) if a.device else default_device()
    cfg = model_preset(a.preset)
    if a.random_init: cfg = with_random_init(cfg)
    vocab = {f'class{i}': (f'class {i}',) for i in range(a.n_cls)}
    print(f'# preset {cfg.preset}, batch {a.batch}, {a.n_cls} classes, device {dev}'
          f'{" (bf16 autocast)" if dev.type == "cuda" else f", {torch.get_num_threads()} threads"}, torch {torch.__version__}')
    print(f'{"student":8} {"part":8} {"crop":>4} {"fwd s":>8} {"fwd MiB":>8} {"f+b s":>8} {"f+b MiB":>8}')
    out = []
    for s in cfg.students:
        set_seed(0); seg = build_segmenter(s, a.n_cls, vocab).to(dev)
        for crop in a.crops:
            for part, r in bench_segmenter(seg, crop, a.batch, dev, a.warmup, a.repeats).items():
                print(f'{s.name:8} {part:8} {crop:>4} {r["fwd_s"]:>8.3f} {r["fwd_mib"]:>8.0f} {r["fwdbwd_s"]:>8.3f} '
                      f'{r["fwdbwd_mib"]:>8.0f}', flush=True)
                out.append(dict(student=s.name, part=part, crop=crop, **r))
        del seg
    if a.json:
        from co2s.core import atomic_write_json
        atomic_write_json(a.json, dict(preset=cfg.preset, device=str(dev), batch=a.batch, rows=out))
    return 0

if __name__ == '__main__': sys.exit(main())
