"""The cost-volume decoder alone, forward + backward: as it runs (`CostVolumeDecoder`) against the straightforward form
(`co2s.guidance.decoder_reference`), NCHW and channels_last, interleaved on the same features.

    python benchmarks/bench_decoder.py --C 64 --K 5 --dims 96 96 96 --grid 16          # the `cpu` preset at crop 128
    python benchmarks/bench_decoder.py --C 128 --K 6 --dims 768 768 512 --grid 16      # the paper's pair at crop 256
`--images 10` is what one student's decoder sees per Co2S step: [x_l; x_w] (4), the perturbed x_w (2), [x_s1; x_s2] (4).

    python benchmarks/bench_decoder.py --aspp --C 32 --K 5 --grid 16 --images 24 --threads 2   # ASPP alone (cpu DINOv3)
    python benchmarks/bench_decoder.py --aspp --C 128 --K 6 --grid 16 --images 10 --threads 2  # ASPP alone (paper)
`--aspp` times step 2's ASPP over the images' B·K class maps (channels_last): as it runs (projection split per
branch) against `aspp_reference` (the concatenation, then the 1×1 projection).
"""
import argparse, copy, statistics, sys
import torch
from co2s.guidance import ASPP, CostVolumeDecoder, aspp_reference, decoder_reference
from co2s.bench import interleave, pair_ratio

def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--C', type=int, default=64); ap.add_argument('--K', type=int, default=5)
    ap.add_argument('--dims', type=int, nargs=3, default=[96, 96, 96]); ap.add_argument('--grid', type=int, default=16)
    ap.add_argument('--images', type=int, default=10); ap.add_argument('--pairs', type=int, default=5)
    ap.add_argument('--threads', type=int, default=1); ap.add_argument('--aspp', action='store_true')
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads); torch.manual_seed(0); C = a.C
    if a.aspp: return aspp(a)
    dec = CostVolumeDecoder(a.dims, a.K, a.dims[-1], C=C, up=(C//2, C//4), skips=(C//4, C//8), channels_last=False)
    dcl = copy.deepcopy(dec).to(memory_format=torch.channels_last); dcl.channels_last = True
    feats = [torch.randn(a.images, d, a.grid, a.grid, requires_grad=True) for d in a.dims]; cls = torch.randn(a.K, a.dims[-1])
    fns = dict(reference=lambda: decoder_reference(dec, feats, cls).mean().backward(),
               nchw=lambda: dec(feats, cls).mean().backward(), channels_last=lambda: dcl(feats, cls).mean().backward())
    return report(fns, a, 1, f'C={C} K={a.K} dims={a.dims} grid={a.grid} images={a.images} threads={a.threads} pairs={a.pairs}')

def report(fns:dict, a, warmup:int, head:str)->int:
    "Time `fns` interleaved (the first is the reference) and print each one's medians and its ratio to the reference."
    cs = {}; ts = interleave(fns, a.pairs, warmup, torch.device('cpu'), cs); ref = next(iter(fns))
    print(head)
    for k in fns:
        print(f'{k:14s} wall {1000*statistics.median(ts[k]):.1f} ms  cpu {1000*statistics.median(cs[k]):.1f} ms  '
              f'vs {ref} {pair_ratio(cs[k], cs[ref]):.3f} (cpu) {pair_ratio(ts[k], ts[ref]):.3f} (wall)')
    return 0

def aspp(a)->int:
    cl = torch.channels_last
    m = ASPP(a.C, a.C).to(memory_format=cl)
    x = torch.randn(a.images*a.K, a.C, a.grid, a.grid).contiguous(memory_format=cl).requires_grad_(True)
    g = torch.randn_like(x)
    fns = dict(reference=lambda: aspp_reference(m, x).backward(g), split=lambda: m(x).backward(g))
    return report(fns, a, 2, f'ASPP C={a.C} maps={a.images*a.K} ({a.images} images x {a.K} classes) grid={a.grid} threads={a.threads} pairs={a.pairs}')

if __name__ == '__main__': sys.exit(main())
