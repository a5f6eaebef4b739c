"""Where one cost-volume decoder's time goes: forward + backward of each part on its own (inputs detached), in ms.

    python benchmarks/decoder_parts.py 32 5 8 24 32     # the `cpu` presets: C 32, 5 classes, 8x8 tokens (crop 128),
                                                        # 24 images per student per Co2S step (8+4 weak, 4 perturbed,
                                                        # 8 strong), image path 32
    python benchmarks/decoder_parts.py 128 6 16 10 0 768    # the paper's DINOv3 decoder at crop 256, 2+2 per step

Arguments: C K grid images img_skip [dims].
"""
import sys, time, statistics as st, torch
import torch.nn.functional as F
from co2s.guidance import CostVolumeDecoder, cost_volume
torch.set_num_threads(2); torch.manual_seed(0)
C, K, g, N, img_skip = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
D = int(sys.argv[6]) if len(sys.argv) > 6 else 192
dec = CostVolumeDecoder([D, D, D], K, D, C=C, up=(C//2, C//4), skips=(C//4, C//8), img_skip=img_skip).train()
feats = [torch.randn(N, D, g, g) for _ in range(3)]; cls = torch.randn(K, D); img = torch.randn(N, 3, 16*g, 16*g)
def parts():
    B = N; h = w = g
    T = {}
    def run(name, f, *ins):
        ins = [i.detach().requires_grad_(True) for i in ins]
        for _ in range(2): o = f(*ins); o.float().sum().backward()
        ts = []
        for _ in range(5):
            t = time.perf_counter(); o = f(*ins); o.float().sum().backward(); ts.append(time.perf_counter() - t)
        T[name] = st.median(ts) * 1000; return f(*ins).detach()
    m = run('cost+stem+aspp', lambda f: (lambda m: (m + dec.aspp(m)).view(B, K, -1, h, w))(dec.stem(dec._fmt(cost_volume(f, cls).reshape(B*K, 1, h, w)))), feats[-1])
    c = dec.cls_proj(cls).detach()
    def aggs(m):
        for a in dec.aggs: m = a(m, c)
        return m
    m = run('aggregation x2', aggs, m)
    s8 = run('skip8', lambda f: dec.skip8(dec._fmt(f)), feats[1]); s4 = run('skip4', lambda f: dec.skip4(dec._fmt(f)), feats[0])
    if img_skip:
        i4 = run('img path 1/4', lambda x: dec.img[1](dec.img[0](dec._fmt(x))), img)
        i8 = run('img path 1/8', lambda x: dec.img[2](x), i4)
        s8, s4 = torch.cat([s8, i8], 1), torch.cat([s4, i4], 1)
    u8 = run('up8', lambda m, s: dec.up8(m.flatten(0, 1), s), m, s8)
    u4 = run('up4', lambda m, s: dec.up4(m, s), u8, s4)
    if img_skip:
        fc = run('fine cost', lambda x: cost_volume(x, dec.img_cls(cls)).reshape(B*K, 1, 4*h, 4*w), i4)
        u4 = torch.cat([u4, fc], 1)
    run('head', lambda m: dec.head(m), u4)
    lg = dec.head(u4).reshape(B, K, 4*h, 4*w).detach()
    run('upsample x4 + CE', lambda l: F.cross_entropy(F.interpolate(l, scale_factor=4, mode='bilinear'), torch.zeros(B, 16*g, 16*g, dtype=torch.long)), lg)
    return T
T = parts()
print(f'C={C} K={K} grid={g} images={N} img_skip={img_skip}: total {sum(T.values()):.0f} ms fwd+bwd;', ', '.join(f'{k} {v:.1f}' for k, v in T.items()))
