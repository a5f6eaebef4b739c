"""A shared run must not run code: a checkpoint carrying a pickled callable is refused by resume, `co2s eval` and
`co2s predict` with a clear message, and the payload never runs."""
import contextlib, io
from pathlib import Path
import pytest, torch
from co2s.core import synth_folder, Co2SInputError
from co2s.engine import train_main
from co2s.predict import eval_main, predict_main, load_run

from test_engine_cli import write_cfg

class Payload:
    "Unpickling this writes a file (a stand-in for any code an attacker wants to run)."
    def __init__(self, target:Path): self.target = target
    def __reduce__(self): return (Path.write_text, (self.target, 'code ran'))

def _evil(path:Path, target:Path, wrap=True):
    sd = {'clip.w': torch.zeros(1), 'hook': Payload(target)}
    torch.save(dict(it=1, models=sd, opt={}, rng=[]) if wrap else sd, path)

@pytest.fixture(scope='module')
def data(tmp_path_factory): return synth_folder(tmp_path_factory.mktemp('data')/'synth', n=12, size=32)

def test_payload_is_real(tmp_path):
    "Control: an unsafe load of the same file does run the payload (so the tests below can fail)."
    _evil(tmp_path/'e.pt', tmp_path/'pwned')
    torch.load(tmp_path/'e.pt', weights_only=False)
    assert (tmp_path/'pwned').read_text() == 'code ran'

def test_resume_refuses_a_crafted_checkpoint(tmp_path, data):
    rd = tmp_path/'run'; (rd/'ckpt').mkdir(parents=True); _evil(rd/'ckpt'/'last.pt', tmp_path/'pwned')
    err = io.StringIO()
    with contextlib.redirect_stderr(err): rc = train_main([str(write_cfg(tmp_path/'c.yaml', data)), '--run-dir', str(rd), '--no-progress'])
    assert rc == 2 and 'refusing to load checkpoint' in err.getvalue() and 'could run code' in err.getvalue(), err.getvalue()
    assert not (tmp_path/'pwned').exists()

@pytest.mark.parametrize('ckpt', ['last', 'best'])
def test_eval_and_predict_refuse_a_crafted_checkpoint(tmp_path, data, ckpt):
    rd = tmp_path/'run'; (rd/'ckpt').mkdir(parents=True)
    write_cfg(rd/'config.yaml', data)
    _evil(rd/'ckpt'/f'{ckpt}.pt', tmp_path/'pwned', wrap=ckpt == 'last')
    with pytest.raises(Co2SInputError, match=rf'refusing to load checkpoint .*{ckpt}\.pt: it holds a Python object'): load_run(rd, ckpt)
    img = next((data/'images').iterdir())
    for main, argv in ((eval_main, [str(rd), '--ckpt', ckpt]), (predict_main, [str(rd), str(img), '--out', str(tmp_path/'o'), '--ckpt', ckpt])):
        err = io.StringIO()
        with contextlib.redirect_stderr(err): rc = main(argv)
        assert rc == 2 and 'refusing to load' in err.getvalue(), err.getvalue()
    assert not (tmp_path/'pwned').exists()
