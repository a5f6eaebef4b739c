"""Bad input and faults give `co2s train` a one-line message naming the file or value and the fix, never a traceback."""
import errno, contextlib, io, json
from pathlib import Path
from unittest import mock
import pytest, torch, yaml
from co2s.core import synth_folder
from co2s.engine import train_main
from co2s.train import load_cfg

from test_engine_cli import write_cfg

@pytest.fixture(scope='module')
def data(tmp_path_factory): return synth_folder(tmp_path_factory.mktemp('data')/'synth', n=12, size=32)

def _train(argv)->tuple[int,str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err): rc = train_main([*argv, '--no-progress'])
    return rc, err.getvalue().strip()

@pytest.mark.parametrize('override, expect', [
    ('data.batch_l=abc', "data.batch_l='abc' must be int"),
    ('steps=true', 'steps=True must be int or null'),
    ('data.workers=1.5', 'data.workers=1.5 must be int'),
    ('fusion.tau=high', "fusion.tau='high' is not a number"),
])
def test_bad_override_values(tmp_path, data, override, expect):
    rc, err = _train([str(write_cfg(tmp_path/'c.yaml', data)), '--run-dir', str(tmp_path/'run'), override])
    assert rc == 2 and err == f'error: {expect}', err
    assert not (tmp_path/'run').exists()

def test_labeled_override_stays_a_string(tmp_path, data):
    "`data.labeled=1_4` is the split 1_4, not the number 14 YAML would make of it."
    assert load_cfg(write_cfg(tmp_path/'c.yaml', data), ['data.labeled=1_4']).data.labeled == '1_4'

def test_malformed_yaml_names_file_and_line(tmp_path):
    (tmp_path/'bad.yaml').write_text('method: co2s\nsteps: 2\ndata:\n  dataset: x\n   crop: 32\n')
    rc, err = _train([str(tmp_path/'bad.yaml')])
    assert rc == 2 and err.startswith(f'error: {tmp_path/"bad.yaml"}: not valid YAML at line 5'), err

def test_truncated_checkpoint_on_resume(tmp_path, data):
    cfg = write_cfg(tmp_path/'c.yaml', data); rd = tmp_path/'run'
    assert _train([str(cfg), '--run-dir', str(rd), 'steps=1'])[0] == 0
    last = rd/'ckpt'/'last.pt'; last.write_bytes(last.read_bytes()[:1000])
    rc, err = _train([str(cfg), '--run-dir', str(rd), 'steps=1'])
    assert rc == 2 and 'cannot resume' in err and 'damaged' in err and f'Delete {last}' in err and len(err.splitlines()) == 1, err

def test_disk_full_during_checkpoint(tmp_path, data):
    "ENOSPC while writing the step-2 checkpoint: a message that says so and where; the step-1 checkpoint stays whole."
    cfg = write_cfg(tmp_path/'c.yaml', data, steps=3); rd = tmp_path/'run'
    real, calls = torch.save, []
    def save(obj, f, *a, **k):   # the first checkpoint is written, then the disk is full
        calls.append(f)
        if len(calls) > 1: Path(f).write_bytes(b'partial'); raise OSError(errno.ENOSPC, 'No space left on device')
        return real(obj, f, *a, **k)
    with mock.patch('co2s.core.torch.save', save): rc, err = _train([str(cfg), '--run-dir', str(rd)])
    assert rc == 4, err
    assert err.startswith('error: disk full: no space left on /') and str(rd/'ckpt'/'last.pt') in err, err
    assert f'last good checkpoint: {rd/"ckpt"/"last.pt"} (step 1)' in err and 'Traceback' not in err, err
    assert torch.load(rd/'ckpt'/'last.pt', weights_only=True)['it'] == 1
    assert not list(rd.rglob('*.tmp'))
