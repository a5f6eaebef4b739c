"""The evidence's pseudo-label table: per dataset and method, val mIoU, pseudo-label accuracy and coverage at the last
evaluation, mean ± std over seeds (a pair: its fused prediction). Reads run directories `<root>/<dataset>/<method>-seed<k>`.

    python tools/drift_table.py runs/evidence [--out runs/evidence/drift_table.md]
"""
import argparse, json, os, re
from collections import defaultdict
from pathlib import Path
import numpy as np
def table(root:Path)->str:
    out = []
    for ds in sorted(d for d in root.iterdir() if d.is_dir()):
        by = defaultdict(list)
        for rd in sorted(ds.glob('*-seed*')):
            if not (rd/'report.json').exists(): continue
            rep = json.loads((rd/'report.json').read_text()); val = rep['last']['val']
            pred = 'fused' if 'fused' in val else next(iter(val))
            d = [json.loads(l) for l in open(rd/'drift.jsonl')][-1][pred]
            acc = np.nan if d['acc'] is None else 100*d['acc']   # NaN: no pixel reached τ (nothing to be right about)
            by[re.sub(r'-seed\d+$', '', rd.name)].append((100*val[pred]['miou'], acc, 100*d['coverage']))
        n = max((len(v) for v in by.values()), default=0)
        out.append(f'\n{ds.name} (last evaluation, mean ± std over {n} seeds; a pair: its fused prediction)\n')
        out.append('| method | val mIoU | pseudo-label accuracy | coverage (conf ≥ τ) |\n|---|---|---|---|')
        for m, v in sorted(by.items()):
            a = np.array(v, dtype=float); out.append(f'| {m} | ' + ' | '.join(_cell(a[:, i]) for i in range(3)) + ' |')
    return '\n'.join(out) + '\n'

def _cell(col:np.ndarray)->str:
    "mean ± std over the seeds that have a value; says how many when some seed had no confident pixel."
    c = col[~np.isnan(col)]
    if len(c) == 0: return '- (no confident pixel)'
    m = f'{c.mean():.1f} ± {c.std(ddof=1) if len(c) > 1 else 0:.1f}'
    return m if len(c) == len(col) else f'{m} ({len(c)} of {len(col)} seeds; the others had no confident pixel)'

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('root'); ap.add_argument('--out')
    a = ap.parse_args(argv)
    t = table(Path(a.root)); print(t)
    if a.out:
        tmp = Path(a.out).with_suffix('.tmp'); tmp.write_text(t); os.replace(tmp, a.out)

if __name__ == '__main__': main()
