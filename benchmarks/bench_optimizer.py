"""AdamW step time over a parameter set: the per-tensor loop, foreach, and the fused kernel (what co2s uses).

    python benchmarks/bench_optimizer.py     # a cpu-preset-sized ViT (2 M) and a ViT-B/16 pair (171 M), 2 threads
"""
import time, torch, timm

def main():
    torch.set_num_threads(2)
    for name, m in (('vit w192 d6 (cpu preset size)', timm.create_model('vit_tiny_patch16_224', embed_dim=192, depth=6, num_classes=0)),
                    ('vit_base_patch16 x2', torch.nn.ModuleList([timm.create_model('vit_base_patch16_224', num_classes=0) for _ in range(2)]))):
        ps = list(m.parameters())
        for p in ps: p.grad = torch.randn_like(p)
        for kw in (dict(foreach=False), dict(foreach=True), dict(fused=True)):
            opt = torch.optim.AdamW(ps, lr=1e-3, weight_decay=0.01, **kw)
            for _ in range(2): opt.step()
            t = time.perf_counter()
            for _ in range(5): opt.step()
            print(f'{name:32s} {sum(p.numel() for p in ps)/1e6:6.1f} M  {str(kw):18s} {(time.perf_counter() - t) / 5 * 1000:7.1f} ms/step')

if __name__ == '__main__': main()
