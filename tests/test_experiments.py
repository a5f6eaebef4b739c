"Every experiment notebook runs with its smoke defaults under papermill, and a parameter typo fails early and visibly."
import json, math
from pathlib import Path
import pytest
import nbformat
from papermill import PapermillExecutionError
from co2s.runner import run_notebook, notebook_params, collect_runs

ROOT = Path(__file__).resolve().parents[1]
NBS = sorted(p for p in (ROOT/'nbs'/'experiments').glob('e*.ipynb'))

def test_there_are_experiments(): assert len(NBS) >= 5, [p.name for p in NBS]

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_smoke_defaults(nb, tmp_path):
    out = run_notebook(nb, tmp_path/'run', log_output=False)
    assert out.exists() and out.parent == tmp_path/'run'
    recs = collect_runs([tmp_path/'run'])
    assert recs, 'the notebook wrote no metrics.json'
    for m in recs:
        vals = [p['miou'] for split in ('val', 'test') for p in (m.get(split) or {}).values()]
        assert vals and all(0 <= v <= 1 for v in vals if not math.isnan(v)), m

def _first_error_cell(path):
    cells = [c for c in nbformat.read(str(path), as_version=4).cells if c.cell_type == 'code']
    for i, c in enumerate(cells):
        if any(o.get('output_type') == 'error' for o in c.get('outputs', [])): return i, c
    return None, None

@pytest.mark.parametrize('params, words', [
    (dict(dataset='dubai_aeriel'), ['dubai_aeriel', 'dubai_aerial']),
    (dict(labeled='1_3'), ['1_3', '1_4']),
])
def test_typo_fails_in_first_cell(tmp_path, params, words):
    nb = next(p for p in NBS if 'quickstart' in p.name)
    with pytest.raises(PapermillExecutionError): run_notebook(nb, tmp_path/'run', params, log_output=False)
    i, cell = _first_error_cell(tmp_path/'run'/nb.name)
    n_params = [j for j, c in enumerate(c for c in nbformat.read(str(nb), as_version=4).cells if c.cell_type == 'code')
                if 'parameters' in c.metadata.get('tags', [])][0]
    assert i is not None and i <= n_params + 2, i   # the cell right after the (injected) parameters
    err = next(o for o in cell.outputs if o.get('output_type') == 'error')
    text = err['ename'] + ': ' + err['evalue']
    assert 'Co2SInputError' in text and all(w in text for w in words), text
    assert not (tmp_path/'run'/'metrics.json').exists()

def test_unknown_parameter_rejected_before_running(tmp_path):
    from co2s.core import Co2SInputError
    nb = next(p for p in NBS if 'quickstart' in p.name)
    with pytest.raises(Co2SInputError, match='stpes'): run_notebook(nb, tmp_path/'run', dict(stpes=3), log_output=False)
    assert 'steps' in notebook_params(nb)

def test_paper_notebook_launches_torchrun(tmp_path):
    "nproc > 1: the notebook launches `torchrun` (2 gloo processes on CPU), streams its output and loads the record."
    nb = next(p for p in NBS if 'paper' in p.name)
    out = run_notebook(nb, tmp_path/'run', dict(nproc=2, master_port=29517), log_output=False)
    env = json.loads((tmp_path/'run'/'env.json').read_text())
    assert env.get('world') == 2, env
    assert (tmp_path/'run'/'launch.yaml').exists() and collect_runs([tmp_path/'run'])
    text = ''.join(o.get('text', '') for c in nbformat.read(str(out), as_version=4).cells for o in c.get('outputs', []))
    assert 'torch.distributed.run' in text          # the streamed launch line

def _pngs(path)->int:
    nb = nbformat.read(str(path), as_version=4)
    return sum('image/png' in o.get('data', {}) for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', []))

def test_executed_quickstart_holds_figures_and_kernelspec(tmp_path):
    "The saved notebook is the record: it reads without a kernel (figures as PNG) and opens unmodified (kernelspec)."
    nb = next(p for p in NBS if 'quickstart' in p.name)
    out = run_notebook(nb, tmp_path/'run', log_output=False)
    assert _pngs(out) >= 3, f'{out} holds {_pngs(out)} image/png outputs; batch, curves and predictions must be saved'
    ks = nbformat.read(str(out), as_version=4).metadata.get('kernelspec', {})
    assert ks.get('name') == 'python3' and ks.get('display_name') and ks.get('language') == 'python', ks
