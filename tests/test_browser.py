"""A real browser: JupyterLab on 127.0.0.1, headless Debian `chromium` driven by Playwright, runs the drift viewer and the
maps notebooks, waits for their widgets, moves a slider and checks that the page changed; screenshots go to a tmp dir.

Needs the `chromium` package (apt) and `playwright` (pip); it never downloads a browser (no `playwright install`).
`.ci/run` installs both. Screenshots for the README: `python tests/test_browser.py NB.ipynb ... --out nbs/images`."""
from __future__ import annotations
import json, os, re, shutil, socket, subprocess, sys, time, urllib.request
from contextlib import contextmanager
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
TOKEN = 'co2s-browser-test'

def _why_skip()->str|None:
    if CHROMIUM is None: return 'no chromium on PATH: apt-get install chromium (as .ci/run does)'
    try: import playwright.sync_api  # noqa: F401
    except ImportError: return 'playwright is not installed: pip install playwright (as .ci/run does); no browser download needed'
    return None

def _free_port()->int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def browser_copy(nb:Path, dst:Path)->Path:
    "A copy of notebook `nb` in `dst` without its `#| slow` cells, with the project's python3 kernel named."
    import nbformat
    d = nbformat.read(str(nb), as_version=4)
    d.cells = [c for c in d.cells if not re.match(r'\s*#\|\s*slow', c.source)]
    d.metadata['kernelspec'] = dict(name='python3', display_name='Python 3 (ipykernel)', language='python')
    out = dst/nb.name; nbformat.write(d, str(out)); return out

@contextmanager
def jupyter_lab(root:Path, log:Path):
    "JupyterLab serving `root` on 127.0.0.1 (token set; `--allow-root` only when running as root); yields its base URL."
    port, cfg = _free_port(), root/'.jupyter'
    (cfg/'lab'/'user-settings'/'@jupyterlab'/'apputils-extension').mkdir(parents=True, exist_ok=True)
    (cfg/'lab'/'user-settings'/'@jupyterlab'/'apputils-extension'/'notification.jupyterlab-settings').write_text(
        json.dumps(dict(fetchNews='false', checkForUpdates=False)))
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}', '--ServerApp.ip=127.0.0.1',
           f'--IdentityProvider.token={TOKEN}', f'--ServerApp.root_dir={root}', '--LabApp.expose_app_in_browser=True']
    if hasattr(os, 'geteuid') and os.geteuid() == 0: cmd.append('--allow-root')
    env = os.environ | dict(JUPYTERLAB_SETTINGS_DIR=str(cfg/'lab'/'user-settings'), JUPYTERLAB_WORKSPACES_DIR=str(cfg/'ws'),
                            HF_HUB_OFFLINE='1', MPLBACKEND='Agg')
    with open(log, 'w') as f: proc = subprocess.Popen(cmd, cwd=root, stdout=f, stderr=subprocess.STDOUT, env=env)
    url = f'http://127.0.0.1:{port}'
    try:
        for _ in range(360):
            if proc.poll() is not None: raise RuntimeError(f'jupyter lab exited ({proc.returncode}):\n{log.read_text()[-2000:]}')
            try: urllib.request.urlopen(f'{url}/api/status?token={TOKEN}', timeout=2); break
            except OSError: time.sleep(.5)
        else: raise RuntimeError(f'jupyter lab did not answer on {url} within 180 s:\n{log.read_text()[-2000:]}')
        yield url
    finally:
        proc.terminate()
        try: proc.wait(20)
        except subprocess.TimeoutExpired: proc.kill()

def run_notebook(page, url:str, name:str, wait_for:str, timeout_s:float=300):
    "Open notebook `name` in JupyterLab, run all its cells and wait until `wait_for` (a CSS selector) is in its outputs."
    page.goto(f'{url}/lab/tree/{name}?reset&token={TOKEN}')   # reset: no notebook of an earlier test comes back
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget && "
                           f"window.jupyterapp.shell.currentWidget.context.path === {json.dumps(name)} && "
                           "window.jupyterapp.shell.currentWidget.sessionContext && "
                           "window.jupyterapp.shell.currentWidget.sessionContext.session && "
                           "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel", timeout=timeout_s*1000)
    page.wait_for_function("window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=timeout_s*1000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    try: page.wait_for_selector(f'.jp-OutputArea-output {wait_for}', state='visible', timeout=timeout_s*1000)
    except Exception:
        errs = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
        raise AssertionError(f'{name}: no {wait_for!r} appeared; stderr outputs: {[t[:1500] for t in errs]}') from None
    page.wait_for_function("![...document.querySelectorAll('.jp-InputArea-prompt')].some(e => e.textContent.includes('*'))",
                           timeout=timeout_s*1000)                     # no cell running or queued
    errs = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    failed = [t for t in errs if 'Traceback' in t]
    assert not failed, f'{name}: a cell failed in the browser:\n{failed[0][:2000]}'

def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'])

@pytest.fixture(scope='module')
def lab(tmp_path_factory):
    why = _why_skip()
    if why: pytest.skip(why)
    root = tmp_path_factory.mktemp('lab')
    for nb in ('07a_drift.ipynb', '07c_maps.ipynb'): browser_copy(ROOT/'nbs'/nb, root)
    with jupyter_lab(root, root/'lab.log') as url: yield url, root

@pytest.fixture(scope='module')
def browser(lab):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = _launch(p); yield b; b.close()

@pytest.fixture
def page(browser):
    "A fresh page per test: the notebook it opens is the one that runs (not one restored from an earlier test)."
    ctx = browser.new_context(viewport=dict(width=1400, height=1000)); yield ctx.new_page(); ctx.close()

def _last_output(page, sel:str): return page.locator(f'.jp-OutputArea-output {sel}').last

def test_drift_viewer_in_a_browser(lab, page, tmp_path):
    url, root = lab
    run_notebook(page, url, '07a_drift.ipynb', 'img.widget-image')
    viewer = page.locator('.jp-OutputArea-output .widget-vbox').last
    viewer.scroll_into_view_if_needed()
    img, readout = viewer.locator('img.widget-image').first, viewer.locator('.widget-readout').first
    src0, step0 = img.get_attribute('src'), readout.inner_text()
    assert step0 == '4', step0                                      # the viewer opens on the last interval
    viewer.locator('.noUi-handle').first.focus(); page.keyboard.press('ArrowLeft')
    page.wait_for_function('([el, s]) => el.getAttribute("src") !== s', arg=[img.element_handle(), src0], timeout=30_000)
    assert readout.inner_text() == '2' and img.get_attribute('src') != src0
    viewer.screenshot(path=str(tmp_path/'drift_viewer.png'))
    assert (tmp_path/'drift_viewer.png').stat().st_size > 10_000

def test_map_in_a_browser(lab, page, tmp_path):
    url, root = lab
    run_notebook(page, url, '07c_maps.ipynb', '.leaflet-container')
    mp = page.locator('.jp-OutputArea-output .leaflet-container').first
    mp.scroll_into_view_if_needed()
    names = mp.locator('.leaflet-control-layers-overlays label').all_inner_texts()
    assert [n.strip() for n in names] == ['image', 'clip', 'dino', 'fused', 'disagreement'], names
    assert 'fused follows clip' in mp.locator('.leaflet-control').all_inner_texts().__str__()
    layer = mp.locator('img.leaflet-image-layer').nth(1)
    op0 = layer.evaluate('e => getComputedStyle(e).opacity')
    mp.locator('.noUi-handle').first.focus()
    for _ in range(4): page.keyboard.press('ArrowLeft')
    page.wait_for_function('([el, o]) => getComputedStyle(el).opacity !== o', arg=[layer.element_handle(), op0], timeout=30_000)
    assert float(layer.evaluate('e => getComputedStyle(e).opacity')) < float(op0)
    mp.screenshot(path=str(tmp_path/'map.png'))
    assert (tmp_path/'map.png').stat().st_size > 5_000

def shoot(notebooks:list[Path], out:Path, wait_for:str='img.widget-image, .leaflet-container'):
    "Run notebooks in JupyterLab + chromium and save a screenshot of each widget/map output (for the README)."
    import tempfile
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True); root = Path(tempfile.mkdtemp())
    for nb in notebooks: browser_copy(nb, root)
    with jupyter_lab(root, root/'lab.log') as url, sync_playwright() as p:
        b = _launch(p); pg = b.new_page(viewport=dict(width=1400, height=1000))
        for nb in notebooks:
            run_notebook(pg, url, nb.name, wait_for, timeout_s=600)
            outs = pg.locator('.jp-OutputArea-output:has(.widget-vbox), .jp-OutputArea-output:has(.leaflet-container)')
            for i in range(outs.count()):
                o = outs.nth(i); o.scroll_into_view_if_needed(); pg.wait_for_timeout(1500)
                f = out/f'{nb.stem}-{i}.png'; o.screenshot(path=str(f)); print(f)
        b.close()

if __name__ == '__main__':
    import argparse
    ap = argparse.ArgumentParser(description='Screenshots of the widget and map outputs of notebooks run in JupyterLab')
    ap.add_argument('notebooks', nargs='+', type=Path); ap.add_argument('--out', type=Path, required=True)
    a = ap.parse_args(); shoot(a.notebooks, a.out)
