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
            by[re.sub(r'-seed\d+$', '', rd.name)].append((100*val[pred]['miou'], 100*(d['acc'] or np.nan), 100*d['coverage']))
        n = max((len(v) for v in by.values()), default=0)
        out.append(f'\n{ds.name} (last evaluation, mean ± std over {n} seeds; a pair: its fused prediction)\n')
        out.append('| method | val mIoU | pseudo-label accuracy | coverage (conf ≥ τ) |\n|---|---|---|---|')
        for m, v in sorted(by.items()):
            a = np.array(v); out.append(f'| {m} | ' + ' | '.join(f'{a[:, i].mean():.1f} ± {a[:, i].std(ddof=1) if len(a) > 1 else 0:.1f}' for i in range(3)) + ' |')
    return '\n'.join(out) + '\n'

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('root'); ap.add_argument('--out')
    a = ap.parse_args(argv)
    t = table(Path(a.root)); print(t)
    if a.out:
        tmp = Path(a.out).with_suffix('.tmp'); tmp.write_text(t); os.replace(tmp, a.out)

if __name__ == '__main__': main()
