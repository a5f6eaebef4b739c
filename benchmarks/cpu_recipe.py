"""The search behind the CPU presets (`cpu`, `cpu-clip2`, `cpu-dino2`, `cpu-clip`, `cpu-dino`): students trained from
scratch on 2 cores, on dubai_aerial 1/4 (14 labelled images). Each trial is one short run; its val mIoU (last step),
pseudo-label coverage/accuracy and wall time are appended to benchmarks/results/cpu_recipe.jsonl, and the table of every
recorded trial is printed.

    python benchmarks/cpu_recipe.py --stage size      # single students, supervised: which size learns in the budget
    python benchmarks/cpu_recipe.py --stage recipe    # the chosen size with Co2S: tau, lr, warm-up
    python benchmarks/cpu_recipe.py --stage stem      # round 5: decoder width, conv stem, steps, tau
    python benchmarks/cpu_recipe.py --stage detail    # round 6: the decoder reads the image (detail below the patch)
    python benchmarks/cpu_recipe.py --stage burnin    # round 7: labelled-only burn-in before pseudo-labels teach
    python benchmarks/cpu_recipe.py --stage aug       # round 8: the demo's recipe, then flips and quarter turns
    python benchmarks/cpu_recipe.py --stage bf16      # round 9: bf16 autocast (AMX), and 8 unlabelled images per step
    python benchmarks/cpu_recipe.py --stage half      # round 10: lr 3e-3; a decoder stage at 1/2 resolution
    python benchmarks/cpu_recipe.py --stage patch8    # round 11: patch 8 for the local (DINOv3) student
    python benchmarks/cpu_recipe.py --table           # print what is recorded
    python benchmarks/cpu_recipe.py --table --md benchmarks/results/cpu_recipe.md   # and write it as markdown

Trials are keyed by name; a trial already in the results file is not run again (delete its line to redo it).
"""
import argparse, json, os, sys, time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')
OUT = Path(__file__).parent/'results'/'cpu_recipe.jsonl'

# name -> (what it tests, size (patch, width, depth, decoder C, crop), run overrides)
BASE = dict(dataset='dubai_aerial', labeled='1_4', base_size=256, eval_size=256, bl=8, bu=4, steps=150, lr=1e-3, wd=0.01,
            warmup=10, tau=0.95, method='supervised', preset='cpu-dino', seed=0, scale=(0.5, 2.0))
DEMO = dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=40, steps=400, burn_in=0.3, img_skip=32)
SUP340 = dict(lr=2e-3, warmup=34, steps=340, tau=0.9, img_skip=32, class_weight='sqrt', amp='bf16')   # round 11's supervised runs
D340 = dict(DEMO, class_weight='sqrt', amp='bf16', steps=340, warmup=34)                         # the 340-step demo (bf16)
P8 = {'clip': (16, 192, 6, 32, 128), 'dino': (8, 128, 4, 32, 128)}                                # round 11's pair
STAGES = {
    # patch-8 trials of rounds 1-3 ran with two ×2 ups (head at 1/2); `ups=2` keeps them so (the default now ends at 1/4)
    'size': {
        'dino-p16-w128-d4':  ('DINOv3 arch, patch 16, crop 128', (16, 128, 4, 32, 128), {}),
        'dino-p8-w96-d4':    ('DINOv3 arch, patch 8, crop 96', (8, 96, 4, 32, 96), dict(ups=2)),
        'dino-p16-w192-d6':  ('wider and deeper, patch 16', (16, 192, 6, 32, 128), {}),
        'dino-p16-lr3e-4':   ('lower lr', (16, 128, 4, 32, 128), dict(lr=3e-4)),
        'dino-p16-attn':     ('only attention trains (the paper default), lr 1e-3', (16, 128, 4, 32, 128), dict(train='attention')),
        'clip-p16-w128-d4':  ('CLIP arch, text guidance', (16, 128, 4, 32, 128), dict(preset='cpu-clip')),
    },
    'lr': {   # round 2: everything still learns at step 150; faster schedules
        'dino-w192-lr3e-3':  ('w192 d6 p16, lr 3e-3', (16, 192, 6, 32, 128), dict(lr=3e-3, warmup=15)),
        'dino-w192-lr2e-3-300': ('w192 d6 p16, lr 2e-3, 300 steps', (16, 192, 6, 32, 128), dict(lr=2e-3, warmup=30, steps=300)),
        'dino-p8-w128-lr2e-3': ('p8 w128 d4 crop 128, lr 2e-3', (8, 128, 4, 32, 128), dict(ups=2, lr=2e-3, warmup=15)),
        'dino-w192-dec64-lr2e-3': ('w192 d6 p16, decoder 64, lr 2e-3', (16, 192, 6, 64, 128), dict(lr=2e-3, warmup=15)),
    },
    'data': {   # round 3: resolution and scale augmentation
        'dino-p8-scale':     ('p8 w128 d4, rescale 0.75-1.5', (8, 128, 4, 32, 128), dict(ups=2, lr=2e-3, warmup=15, scale=(0.75, 1.5))),
        'dino-p16-base384':  ('w192 d6 p16, base 384 (objects larger)', (16, 192, 6, 32, 128), dict(lr=2e-3, warmup=15, base_size=384, eval_size=384)),
        'dino-p8-bl4':       ('p8 w128 d4, batch 4 (what Co2S gets), 200 steps', (8, 128, 4, 32, 128), dict(ups=2, lr=2e-3, warmup=20, bl=4, steps=200)),
    },
    'recipe': {   # round 4: the pair with Co2S at the chosen size (w192 d6 p16, decoder 64), the demo's budget
        'co2s-tau08-300':    ('Co2S, tau 0.8, 300 steps (class text vectors not centred: cos 0.97-0.99)', (16, 192, 6, 64, 128), dict(method='co2s', preset='cpu', bl=4, bu=4, tau=0.8, lr=2e-3, warmup=30, steps=300)),
        'co2s-ctr-300':      ('Co2S, tau 0.8, centred text embeddings (random text tower: class vectors at cos 0.97-0.99)', (16, 192, 6, 64, 128), dict(method='co2s', preset='cpu', bl=4, bu=4, tau=0.8, lr=2e-3, warmup=30, steps=300)),
        'co2s-ctr-bl8':      ('as above, 8 labelled + 4 unlabelled per step', (16, 192, 6, 64, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.8, lr=2e-3, warmup=30, steps=300)),
        'co2s-tau095-300':   ('Co2S, tau 0.95 (the paper), 300 steps', (16, 192, 6, 64, 128), dict(method='co2s', preset='cpu', bl=4, bu=4, tau=0.95, lr=2e-3, warmup=30, steps=300)),
    },
    'stem': {   # round 5: Co2S's DINO student (26.5) trails its supervised twin (32.2) and neither sees buildings or roads
        'dino-dec64-300':     ('w192 d6 p16, decoder 64, lr 2e-3, 300 steps', (16, 192, 6, 64, 128), dict(lr=2e-3, warmup=30, steps=300)),
        'dino-conv-300':      ('as above, early-convolution stem', (16, 192, 6, 64, 128), dict(lr=2e-3, warmup=30, steps=300, stem='conv')),
        'clip-dec64-300':     ('CLIP arch, w192 d6 p16, decoder 64, lr 2e-3, 300 steps', (16, 192, 6, 64, 128), dict(preset='cpu-clip', lr=2e-3, warmup=30, steps=300)),
        'co2s-dec32-300':     ('Co2S (8 + 4 per step), decoder 32: the best decoder of the supervised trials at 300 steps', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.8, lr=2e-3, warmup=30, steps=300)),
        'co2s-dec32-420':     ('as above, 420 steps (what the demo budget buys at decoder 32)', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.8, lr=2e-3, warmup=42, steps=420)),
        'co2s-dec32-tau09':   ('decoder 32, 300 steps, tau 0.9', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=30, steps=300)),
        'co2s-dec32-420-tau09': ('decoder 32, 420 steps, tau 0.9 (the demo)', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=42, steps=420)),
        'dino-base384-300':   ('w192 d6 p16, decoder 32, 300 steps, images at short side 384 (roads 1.5x wider in pixels)', (16, 192, 6, 32, 128), dict(lr=2e-3, warmup=30, steps=300, base_size=384, eval_size=384)),
        'clip-conv-300':      ('as above, early-convolution stem', (16, 192, 6, 64, 128), dict(preset='cpu-clip', lr=2e-3, warmup=30, steps=300, stem='conv')),
    },
    'detail': {   # round 6: roads (3-6 px) and buildings need detail below the 16-px patch; the decoder reads the image
        'co2s-img16-300':     ('Co2S decoder 32, tau 0.9, 300 steps, image path 16 ch into both skips', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=30, steps=300, img_skip=16)),
        'dino-img16-300':     ('supervised DINOv3 student, decoder 32, 300 steps, image path 16 ch', (16, 192, 6, 32, 128), dict(lr=2e-3, warmup=30, steps=300, img_skip=16)),
        # the two trials above ran before the image path also gave the head a 1/4 cost volume (Co2S test fused mIoU 38.4
        # vs 38.5 without the path: the skips alone did not help); the next two have it. All four used a path of three
        # stride-2 convs (1/2, 1/4, 1/8), +38-45% per step; the next one from 4-px patches, then 3x3 (as now)
        'co2s-imgcost16-300': ('Co2S as co2s-img16-300 + a 1/4 cost volume of the image path into the head', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=30, steps=300, img_skip=16)),
        'co2s-imgcost32-300': ('as above, image path 32 ch', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=30, steps=300, img_skip=32)),
        'co2s-p4img32-300':   ('as above, the path from 4-px patches (no 1/2-res maps; the path alone 2.6x cheaper, benchmarks/image_path.py)', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=30, steps=300, img_skip=32)),
        # from here the fine cost volume compares the path's maps with the class vectors projected into the path's
        # 32-d space, not the maps projected to the class vectors' (5.6x cheaper: 7 vs 40 ms per decoder per step)
        'co2s-img32-300':     ('as above, the fine cost volume in the path space (the path as it is now)', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=30, steps=300, img_skip=32)),
    },
    'burnin': {   # round 7: Co2S's students trail their supervised twins; the first pseudo-labels of a chance-level student
                  # are noise, and a burn-in step (labelled loss only) costs ~1/3 of a Co2S step
        'co2s-burn30-420':    ('Co2S decoder 32, tau 0.9, 420 steps, the first 30% labelled only', (16, 192, 6, 32, 128), dict(method='co2s', preset='cpu', bl=8, bu=4, tau=0.9, lr=2e-3, warmup=42, steps=420, burn_in=0.3)),
    },
    'aug': {   # round 8: the demo's recipe (image path 32, 30% burn-in, 400 steps) and what it still lacks
        'co2s-demo-400':      ('the demo: Co2S, image path 32, tau 0.9, 400 steps, 30% burn-in', (16, 192, 6, 32, 128), dict(DEMO)),
        'co2s-demo-400-s1':   ('the demo, seed 1 (init and augmentation)', (16, 192, 6, 32, 128), dict(DEMO, seed=1)),
        'co2s-demo-400-s2':   ('the demo, seed 2', (16, 192, 6, 32, 128), dict(DEMO, seed=2)),
        'co2s-cw-400-s2':     ('as the demo, seed 2, the labelled loss class-weighted by 1/sqrt(pixel share), mean 1', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', seed=2)),
        # seed 0 is the demo's own run (make demo); seed 1 ran as a prototype (the proto- rows): neither through here yet
        'co2s-cw-400':        ('as above, seed 0', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt')),
        'co2s-cw-400-s1':     ('as above, seed 1', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', seed=1)),
        'co2s-imgconv2-400':  ('as the demo, image path with two 3x3 convs at 1/4 and one more at 1/8', (16, 192, 6, 32, 128), dict(DEMO, img_convs=2)),
        'co2s-dihedral-400':  ('as the demo, weak views drawn from all 8 flips/quarter turns (overhead imagery has no up)', (16, 192, 6, 32, 128), dict(DEMO, flips='dihedral')),
        'co2s-scale-400':     ('as the demo, rescale r in 0.75-1.5 instead of 0.5-2 (closer to the eval scale)', (16, 192, 6, 32, 128), dict(DEMO, scale=(0.75, 1.5))),
        'co2s-burn50-480':    ('as the demo, 480 steps, the first 50% labelled only (about the same wall time)', (16, 192, 6, 32, 128), dict(DEMO, steps=480, warmup=48, burn_in=0.5)),
    },
    'bf16': {   # round 9: bf16 autocast on this CPU's AMX (Co2S step 0.7x the fp32 time, benchmarks/bench_cpu_bf16.py):
                # the demo's recipe (class-weighted) under bf16, then what the time it frees could buy: 8 unlabelled
                # images per step (1.5x the images per Co2S step), one seed only
        'co2s-bf16-400':      ('the demo (class-weighted) under bf16 autocast (backbones bf16, decoders fp32)', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16')),
        'co2s-bf16-400-s1':   ('as above, seed 1', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', seed=1)),
        'co2s-bf16-400-s2':   ('as above, seed 2', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', seed=2)),
        'co2s-bf16-bu8-400':  ('as above, seed 0, 8 unlabelled images per step instead of 4 (the paper: 8 + 8 on WHDLD)', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', bu=8)),
    },
    'half': {   # round 10: the demo's val errors are spatial (roads 14-18 % IoU, read as buildings; blobby edges at 1/4):
                # a learning-rate probe, then a decoder stage at 1/2 resolution fed by a stride-2 conv on the image
        'co2s-lr3e-3-400':    ('the demo (bf16) at lr 3e-3 (its labelled loss is still ~0.6 at the end: underfit)', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', lr=3e-3)),
        'co2s-half16-400':    ('the demo (bf16) + a decoder stage at 1/2 (img_half 16), the head at 1/2', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', img_half=16)),
        'co2s-half16-400-s1': ('as above, seed 1', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', img_half=16, seed=1)),
        'co2s-half16-400-s2': ('as above, seed 2', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', img_half=16, seed=2)),
        # the 1/2 stage cost 1.5x the demo's wall time (428 vs 286 s on seed 0) for val 33.4 (vs 33.6), test 46.5 (vs 43.7):
        # its other seeds were not run. The demo's val peaks by step 300 and it runs just over its 6-minute budget in
        # slow hours: the same recipe with 15 % fewer steps
        'co2s-bf16-340':      ('the demo (bf16), 340 steps (burn-in 102, warm-up 34)', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', steps=340, warmup=34)),
        'co2s-bf16-340-s1':   ('as above, seed 1', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', steps=340, warmup=34, seed=1)),
        'co2s-bf16-340-s2':   ('as above, seed 2', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', steps=340, warmup=34, seed=2)),
        # val's weak classes are building, road and vegetation (8-27 % IoU): the labelled loss weighted by 1/share
        'co2s-inv-340':       ('340 steps, the labelled loss weighted by 1/share instead of 1/sqrt(share)', (16, 192, 6, 32, 128), dict(DEMO, class_weight='inverse', amp='bf16', steps=340, warmup=34)),
        'co2s-inv-340-s1':    ('as above, seed 1', (16, 192, 6, 32, 128), dict(DEMO, class_weight='inverse', amp='bf16', steps=340, warmup=34, seed=1)),
        'co2s-inv-340-s2':    ('as above, seed 2', (16, 192, 6, 32, 128), dict(DEMO, class_weight='inverse', amp='bf16', steps=340, warmup=34, seed=2)),
        # the demo's setting on the final code (PatchConv: the patch projection as one matmul; seed 0 is `make demo`)
        'co2s-patch-340-s1':  ('the demo (340 steps) with PatchConv, seed 1', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', steps=340, warmup=34, seed=1)),
        'co2s-patch-340-s2':  ('as above, seed 2', (16, 192, 6, 32, 128), dict(DEMO, class_weight='sqrt', amp='bf16', steps=340, warmup=34, seed=2)),
    },
    'patch8': {   # round 11: the students themselves. Co2S's fused val (33.6 over 3 seeds) was no better than its DINOv3
                  # student trained supervised alone (below: 34.8), and roads/buildings are lost at a 16-px token.
                  # Supervised DINOv3 students first (340 steps, as the demo's), 3-4 seeds: patch 16 (the size until now)
                  # against patch 8 at about the same cost (width 128, 4 blocks), its head at 1/2 (two ups) or 1/4 (one up)
        **{f'sup-p16-340{s}': (f'supervised DINOv3 student, patch 16, width 192, 6 blocks (the previous size), 340 steps{w}', (16, 192, 6, 32, 128), dict(SUP340, seed=k))
           for k, (s, w) in enumerate([('', ''), ('-s1', ', seed 1'), ('-s2', ', seed 2'), ('-s3', ', seed 3')])},
        **{f'sup-p8up2-340{s}': (f'as above, patch 8, width 128, 4 blocks, two ups (head at 1/2){w}', (8, 128, 4, 32, 128), dict(SUP340, ups=2, seed=k))
           for k, (s, w) in enumerate([('', ''), ('-s1', ', seed 1'), ('-s2', ', seed 2'), ('-s3', ', seed 3')])},
        **{f'sup-p8-340{s}': (f'as above, one up (head at 1/4, as METHOD){w}', (8, 128, 4, 32, 128), dict(SUP340, seed=k))
           for k, (s, w) in enumerate([('', ''), ('-s1', ', seed 1'), ('-s2', ', seed 2'), ('-s3', ', seed 3')])},
        # patch 8 wins on val (means 37.3 / 36.7 against 34.8 over seeds 0-2) and, with its head at 1/2, on test. Twice the
        # labelled steps: what a student still lacks at 340
        **{f'sup-p16-680{s}': (f'supervised DINOv3 student, patch 16, 680 steps{w}', (16, 192, 6, 32, 128), dict(SUP340, steps=680, warmup=68, seed=k))
           for k, (s, w) in enumerate([('', ''), ('-s1', ', seed 1'), ('-s2', ', seed 2')])},
        # Co2S with the local (DINOv3) student at patch 8 (one up: the two-up head at 1/2 makes a Co2S step 2.2x the demo's),
        # the global (CLIP) student as before. proto-: run before `ups` was in the library, by a prototype decoder of the
        # same structure (it also built the unused 1/8 image conv, so its initial weights differ)
        **{f'proto-co2s-p8-340{s}': (f'Co2S, CLIP student patch 16 + DINOv3 student patch 8 (one up), 340 steps (the demo){w}', P8, dict(D340, seed=k))
           for k, (s, w) in enumerate([('', ''), ('-s1', ', seed 1'), ('-s2', ', seed 2')])},
        **{f'co2s-p8-360-b50{s}': (f'as above, 360 steps, half of them burn-in (more labelled steps, fewer Co2S steps){w}', P8, dict(D340, steps=360, warmup=36, burn_in=0.5, seed=k))
           for k, (s, w) in enumerate([('', ''), ('-s1', ', seed 1'), ('-s2', ', seed 2')])},
        **{f'co2s-p8-300{s}': (f'as the demo, 300 steps (to save time){w}', P8, dict(D340, steps=300, warmup=30, seed=k))
           for k, (s, w) in enumerate([('', ''), ('-s1', ', seed 1'), ('-s2', ', seed 2')])},
        # the demo's setting on the final code (seed 0 is `make demo` itself)
        'co2s-p8-340-s1':     ('the demo (CLIP patch 16 + DINOv3 patch 8, 340 steps), final code, seed 1', P8, dict(D340, seed=1)),
        'co2s-p8-340-s2':     ('as above, seed 2', P8, dict(D340, seed=2)),
        'co2s-p8-340-s3':     ('as above, seed 3', P8, dict(D340, seed=3)),
        'co2s-p8-340-s4':     ('as above, seed 4', P8, dict(D340, seed=4)),
        # the previous demo (both students patch 16; seeds 0-2 are co2s-bf16-340* and make demo / co2s-patch-340-s1, -s2)
        'co2s-p16-340-s3':    ('the previous demo (CLIP and DINOv3 students both patch 16), seed 3', (16, 192, 6, 32, 128), dict(D340, seed=3)),
        'co2s-p16-340-s4':    ('as above, seed 4', (16, 192, 6, 32, 128), dict(D340, seed=4)),
    },
}


def sized(preset:str, size, train:str, stem:str='patch', img_skip:int=0, img_convs:int=1, img_half:int=0, ups=None):
    "The model preset `preset` with its students resized to `size` = (patch, width, depth, C, crop), or a dict of them by student name."
    from co2s.segmenter import model_preset
    def st(cfg, P, W, D, S):
        ov = dict(cfg.overrides)
        if cfg.kind == 'clip': ov['vision_cfg'] = {**ov['vision_cfg'], 'patch_size': P, 'width': W, 'layers': D, 'image_size': S}
        else: ov.update(patch_size=P, embed_dim=W, depth=D, num_heads=W//32)
        return replace(cfg, overrides=ov, img_size=None if cfg.kind == 'clip' else S, train=train, stem=stem)
    def one(s):
        P, W, D, C, S = size[s.name] if isinstance(size, dict) else size
        return replace(s, dec_width=C, img_skip=img_skip, img_convs=img_convs, img_half=img_half, ups=ups, student=st(s.student, P, W, D, S))
    mc = model_preset(preset)
    return replace(mc, students=tuple(one(s) for s in mc.students))


def run_trial(name:str, size:tuple, over:dict, root:Path)->dict:
    from co2s import segmenter
    from co2s.engine import run
    from co2s.runner import paper_cfg
    from co2s.train import OptimCfg
    from co2s.core import read_jsonl
    p = {**BASE, **over}
    key = f'search-{name}'
    segmenter.PRESETS[key] = replace(sized(p['preset'], size, p.get('train', 'all'), p.get('stem', 'patch'), p.get('img_skip', 0), p.get('img_convs', 1), p.get('img_half', 0), p.get('ups')), preset=key)
    crop = (next(iter(size.values())) if isinstance(size, dict) else size)[4]
    cfg = paper_cfg(p['dataset'], p['labeled'], p['method'], key, steps=p['steps'], crop=crop, base_size=p['base_size'],
                    eval_size=p['eval_size'], batch_l=p['bl'], batch_u=p['bu'], workers=0, cache=True, seed=p['seed'],
                    scale=tuple(p['scale']), flips=p.get('flips', 'h'))
    o = OptimCfg(lr_backbone=p['lr'], lr_decoder=p['lr'], lr_queries=p['lr'], wd=p['wd'], warmup=p['warmup'])
    cfg = replace(cfg, amp=p.get('amp', 'fp32'), optim=o, pl=replace(cfg.pl, tau=p['tau'], burn_in=p.get('burn_in', 0.), class_weight=p.get('class_weight', 'none')), fusion=replace(cfg.fusion, tau=p['tau']),
                  eval_every=p['steps'], ckpt_every=p['steps'], probe_n=2, drift_n=16, run_dir=str(root/name), seed=p['seed'])
    t0 = time.time(); rd = run(cfg, progress=False); wall = time.time() - t0
    rep = json.loads((rd/'report.json').read_text())
    drift = [r for r in read_jsonl(rd/'drift.jsonl')] if (rd/'drift.jsonl').exists() else []
    last = drift[-1] if drift else {}
    val, test = rep['last']['val'], rep['last'].get('test', {})
    keys = ('patch', 'width', 'depth', 'dec', 'crop')
    return dict(name=name, what=STAGES_FLAT[name][0], size={k: dict(zip(keys, v)) for k, v in size.items()} if isinstance(size, dict) else dict(zip(keys, size)),
                params=p, wall_s=round(wall, 1), val_miou={k: round(100*v['miou'], 2) for k, v in val.items()},
                test_miou={k: round(100*v['miou'], 2) for k, v in test.items()},
                drift={k: {m: last[k].get(m) for m in ('acc', 'coverage')} for k in last if isinstance(last.get(k), dict)},
                load=os.getloadavg()[0])


STAGES_FLAT = {n: v for s in STAGES.values() for n, v in s.items()}


def table(rows:list)->str:
    out = ['| trial | what | val mIoU (per prediction) | test (fused or the one student) | coverage / acc | wall s (load) |', '|---|---|---|---|---|---|']
    for r in rows:
        def pct(v): return '-' if v is None else f'{100*v:.0f}%'
        cov = ', '.join(f"{k} {pct(d['coverage'])}/{pct(d['acc'])}" for k, d in r['drift'].items())
        t = r.get('test_miou'); tf = t.get('fused', next(iter(t.values()))) if t else '-'
        out.append(f"| {r['name']} | {r['what']} | {', '.join(f'{k} {v}' for k, v in r['val_miou'].items())} | {tf} | {cov or '-'} "
                   f"| {r['wall_s']} ({r['load']:.1f}) |")
    return '\n'.join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--stage', choices=sorted(STAGES)); ap.add_argument('--only', nargs='*')
    ap.add_argument('--root', default='runs/cpu_recipe'); ap.add_argument('--table', action='store_true')
    ap.add_argument('--md', help='also write the table of every recorded trial to this markdown file (atomically)')
    a = ap.parse_args(argv)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    done = {r['name']: r for r in map(json.loads, OUT.read_text().splitlines())} if OUT.exists() else {}
    for name, (what, size, over) in (STAGES[a.stage].items() if a.stage else []):
        if name in done or (a.only and name not in a.only): continue
        print(f'== {name}: {what}', file=sys.stderr, flush=True)
        r = run_trial(name, size, over, Path(a.root)); done[name] = r
        with open(OUT, 'a') as f: f.write(json.dumps(r) + '\n')
        print(table([r]).splitlines()[-1], flush=True)
    print(table(list(done.values())))
    if a.md:
        from co2s.core import atomic_write_text
        atomic_write_text(Path(a.md), '# Every trial of the CPU recipe search\n\nWritten by `python benchmarks/cpu_recipe.py --table --md '
                          f'{a.md}` from `benchmarks/results/cpu_recipe.jsonl` (one line per trial; what each stage tests is in the '
                          'script). Val and test mIoU at the last step; wall time on 2 cores (the load average beside it).\n\n'
                          + table(list(done.values())) + '\n')


if __name__ == '__main__': main()
