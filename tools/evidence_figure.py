"""The evidence figure of README.md: per dataset, val mIoU, pseudo-label accuracy and coverage over training, one line per
method (mean over seeds; a pair shows its fused prediction, a single-student run its student).

Run by `make evidence`:  .venv/bin/python tools/evidence_figure.py [runs/evidence] [nbs/images/evidence_curves.png]"""
import re, sys
from collections import defaultdict
from pathlib import Path
import numpy as np
from co2s import viz
from co2s.core import atomic_path

KEYS = ('miou', 'acc', 'coverage')


def method_curves(runs:list[Path], key:str)->dict[str,tuple[list,list]]:
    "Method name -> (steps, mean over seeds) of `key`, for runs named `<method>-seed<k>`."
    by = defaultdict(list)
    for rd in runs:
        c = viz.curves(rd, key)
        pred = 'fused' if 'fused' in c else next(iter(c), None)
        if pred is not None: by[re.sub(r'-seed\d+$', '', rd.name)].append(c[pred])
    out = {}
    for m, cs in sorted(by.items()):
        steps = sorted(set.intersection(*(set(xs) for xs, _ in cs)))
        out[m] = (steps, [float(np.mean([dict(zip(xs, ys))[s] for xs, ys in cs])) for s in steps])
    return out


def main(root:Path, out:Path):
    sets = sorted(d for d in root.iterdir() if d.is_dir() and any(d.glob('*-seed*/report.json')))
    assert sets, f'no finished runs under {root}: run `make evidence` first'
    fig, axs = viz.new_figure(len(sets), len(KEYS), figsize=(4.6*len(KEYS), 3.4*len(sets)))
    for row, ds in zip(axs, sets):
        runs = sorted(p for p in ds.glob('*-seed*') if (p/'report.json').exists())
        for ax, key in zip(row, KEYS):
            for m, (xs, ys) in method_curves(runs, key).items():
                ax.plot(xs, [100*y for y in ys], marker='.', lw=2 if m.startswith('co2s') else 1, label=m)
            ax.set_title(f'{ds.name}: {viz._key_title(key)}', fontsize=10); ax.set_xlabel('step'); ax.set_ylabel('%')
        row[0].legend(fontsize=7)
    fig.tight_layout()
    with atomic_path(out) as tmp: fig.savefig(tmp, dpi=80, format='png')
    print(out)


if __name__ == '__main__':
    main(Path(sys.argv[1] if len(sys.argv) > 1 else 'runs/evidence'),
         Path(sys.argv[2] if len(sys.argv) > 2 else 'nbs/images/evidence_curves.png'))
