"""Figure of the evidence runs for README.md: val mIoU, pseudo-label coverage and mean confidence over training.

Run after `make evidence`:  .venv/bin/python tools/evidence_figure.py [runs/evidence] [nbs/images/evidence_curves.png]"""
import sys
from pathlib import Path
from co2s import viz
from co2s.core import atomic_path

root = Path(sys.argv[1] if len(sys.argv) > 1 else 'runs/evidence')
out = Path(sys.argv[2] if len(sys.argv) > 2 else 'nbs/images/evidence_curves.png')
runs = sorted(p for p in root.glob('*-seed0') if (p/'report.json').exists())
fig = viz.plot_curves(runs, keys=('miou', 'coverage', 'mean_conf'), labels=[r.name.replace('-seed0', '') for r in runs])
with atomic_path(out) as tmp: fig.savefig(tmp, dpi=72, format='png')
print(out)
