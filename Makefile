# The two commands of a new user:   make demo   (set up + run the demo experiment)
#                                   make test   (set up + run every test CI runs)
PY      ?= python3.11
VENV    ?= .venv
BIN     := $(VENV)/bin
# Sample data: $CO2S_DATA if set, else ../shared/data beside the checkout if present, else ./data
CO2S_DATA ?= $(shell [ -d ../shared/data ] && cd ../shared/data && pwd || echo $(CURDIR)/data)
export CO2S_DATA
export HF_HUB_OFFLINE ?= 1
export MPLBACKEND ?= Agg

.PHONY: install demo test bench evidence
install: $(VENV)/.installed
$(VENV)/.installed: settings.ini setup.py requirements/constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements/constraints.txt -e '.[dev,maps]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

# The demo: Co2S with the CPU students (trained from scratch) on dubai_aerial 1/4; the executed notebook is runs/demo/
DEMO = -p preset cpu -p steps 340 -p eval_every 100 -p crop 128 -p base_size 256 -p eval_size 256 -p batch_l 8 -p batch_u 4 -p workers 0
demo: install
	$(BIN)/co2s data download dubai_aerial --if-missing
	$(BIN)/co2s run quickstart --run-dir runs/demo $(DEMO)

test: install
	PATH=$(CURDIR)/$(BIN):$$PATH bash tools/test.sh

bench: install
	PATH=$(CURDIR)/$(BIN):$$PATH bash benchmarks/run_all.sh

# The README's evidence table and figure: every method with either CPU student, the homogeneous pairs and Co2S, the same
# step budget (150 steps), 3 seeds, on dubai_aerial (5 classes); supervised and UniMatch with the DINOv3 student and Co2S
# on kampala_buildings (2 classes, 100 steps). Measured: 50 min 33 s on 2 idle cores.
EVIDENCE_METHODS = "[supervised:cpu-clip, supervised:cpu-dino, fixmatch:cpu-clip, fixmatch:cpu-dino, unimatch:cpu-clip, \
    unimatch:cpu-dino, co2s:cpu-clip2, co2s:cpu-dino2, co2s:cpu]"
KAMPALA_METHODS = "[supervised:cpu-dino, unimatch:cpu-dino, co2s:cpu]"
EVIDENCE = -p seeds "[0, 1, 2]" -p steps 150 -p eval_every 50 -p crop 128 -p base_size 256 -p eval_size 256 -p batch_l 8 -p batch_u 4 -p workers 0
evidence: install
	$(BIN)/co2s run baselines --run-dir runs/evidence/dubai_aerial -p methods $(EVIDENCE_METHODS) $(EVIDENCE)
	$(BIN)/co2s run baselines --run-dir runs/evidence/kampala_buildings -p dataset kampala_buildings -p methods $(KAMPALA_METHODS) $(EVIDENCE) -p steps 100
	$(BIN)/co2s table runs/evidence --out runs/evidence/table.md
	$(BIN)/python tools/evidence_figure.py runs/evidence nbs/images/evidence_curves.png
	$(BIN)/python tools/drift_table.py runs/evidence --out runs/evidence/drift_table.md
