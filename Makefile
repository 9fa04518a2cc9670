# Metric-CD for QGIS. `make demo` and `make test` do all set-up on a fresh Debian 12.
# `make package`: the QGIS plugin zip and the Python wheel (pip install dist/*.whl: `metric-cd`).
PY        := .venv/bin/python
PLUGIN    := metric_cd_plugin
VERSION   := $(shell sed -n 's/^version=//p' metadata.txt)
BUILD     := build
PKG_DIR   := $(BUILD)/$(PLUGIN)
ZIP       := dist/$(PLUGIN)-$(VERSION).zip
SAMPLE    := resources/sample_data/landsat_taizhou
QGIS_PROFILE_PLUGINS ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup demo test test-core test-lts check bench package deploy clean transup transcompile i18n-sources

setup:
	@bash tools/setup.sh

# The main job through the real QGIS: qgis_process loads the packaged plugin's provider.
QGIS_RUN := bash tools/qgis_process_env.sh $(BUILD) --json run
DEMO     := $(CURDIR)/demo_output

demo: setup package
	@mkdir -p demo_output
	$(QGIS_RUN) metriccd:changedetection -- \
	    T1=$(CURDIR)/$(SAMPLE)/t1.tif T2=$(CURDIR)/$(SAMPLE)/t2.tif SEED=0 WEIGHTS=random \
	    OUTPUT=$(DEMO)/change_probability.tif OUTPUT_MASK=$(DEMO)/change_mask.tif \
	    OUTPUT_POLYGONS=$(DEMO)/changes.gpkg > demo_output/changedetection.json
	$(QGIS_RUN) metriccd:accuracy -- INPUT=$(DEMO)/change_probability.tif \
	    REFERENCE=$(CURDIR)/$(SAMPLE)/labels.tif REFERENCE_KIND=0 \
	    OUTPUT_HTML=$(DEMO)/accuracy.html > demo_output/accuracy.json
	$(PY) tools/quicklook.py $(SAMPLE)/t1.tif $(SAMPLE)/t2.tif demo_output/change_probability.tif demo_output/quicklook.png
	@$(PY) tools/demo_summary.py demo_output

test: setup check
	$(PY) -m pytest -q tests

# The suite on QGIS 3.40 LTR / Python 3.13 / numpy 2 / GDAL 3.10 in a Debian 13 chroot (root; built
# once outside the repository, ~10 min and 3 GB, then reused). Not part of `make test`: it doubles
# its time and downloads from a moving Debian release; its last result is in docs/test_lts.txt.
test-lts:
	METRIC_CD_LTS_LOG=$(CURDIR)/docs/test_lts.txt bash tools/test_lts.sh

# The core alone (numpy, torch, GDAL; no QGIS application): a quick check while working on core/.
test-core: setup
	$(PY) -m pytest -q -p no:pytest_qgis tests/core

# `make check`: plugins.qgis.org's upload scan on the packaged plugin, failing on any finding.
# Its rules, from qgis/QGIS-Plugins-Website qgis-app/plugins/security_scanner.py: bandit -r
# (there -ll, or the tests an admin enabled at every severity; here every test at every
# severity), flake8 --max-line-length=120 (.flake8), detect-secrets scan --all-files except
# metadata.txt, and no hidden, executable or binary files (tools/check_package.py). A finding
# that is not one is waived where it is, with the reason: `# nosec BXXX # why`,
# `# noqa: EXXX why`, `# pragma: allowlist secret` under a comment.
check: setup package
	$(PY) -m bandit -r -q $(PKG_DIR)
	$(PY) -m flake8 --config .flake8 $(PKG_DIR)
	$(PY) -m flake8 --config .flake8 tests bench tools  # the same style beyond the package
	$(PY) tools/check_package.py $(PKG_DIR)
	$(PY) -m mypy  # the whole package, every function annotated: pyproject.toml [tool.mypy]

# evidence runs at once (1 PyTorch thread each): the cores; each run is the same as alone
BENCH_JOBS ?= 2

bench: setup
	$(PY) -m bench.run_bench
	$(PY) -m bench.evidence --jobs $(BENCH_JOBS)        # fast on the shared pairs, 3 seeds, into the cache
	$(PY) -m bench.evidence --dev --jobs $(BENCH_JOBS)  # and on the dev pairs: the reports below read them
	$(PY) -m bench.seed_scores      # fast over 3 seeds: min / median / mean, each class of data
	$(PY) -m bench.reseed           # what reseeding alone moves: the noise floor of a 3-seed rule
	$(PY) -m bench.decision_rules   # candidate decisions by worst pair and leave-one-pair-out
	$(PY) -m bench.sar_share        # the SAR mask: the classical share against the agreement, every SAR run
	$(PY) -m bench.coarse_rule      # the networks of coarse pixels: worst pair, leave-one-pair-out
	$(PY) -m bench.threshold_bench
	$(PY) -m bench.batch_scaling
	$(PY) -m bench.area_coverage
	$(PY) -m bench.kind_bench
	$(PY) -m bench.kind_cost_deep  # a wrong data kind, forced each way, through the deep method
	$(PY) -m bench.profile_stages   # where one fast run's time goes, stage by stage (1 MP)

# Translations: i18n/metric_cd_<lang>.ts from every tr() in the plugin's Python (pylupdate5),
# compiled to .qm (lrelease; not committed) for the package. pylupdate5 files bare tr() calls
# under the "@default" context; the plugin translates in "MetricCD", hence the renames.
LANGUAGES    := fr
TS_FILES     := $(LANGUAGES:%=i18n/metric_cd_%.ts)
I18N_SOURCES := $(PLUGIN)/plugin.py $(PLUGIN)/naming.py $(PLUGIN)/styling.py $(sort $(wildcard $(PLUGIN)/gui/*.py)) $(sort $(wildcard $(PLUGIN)/processing_provider/*.py))

# the list tests/qgis/test_translations.py checks the .ts against (one list for both)
i18n-sources:
	@echo $(I18N_SOURCES)

transup:
	@for ts in $(wildcard $(TS_FILES)); do sed -i 's|<name>MetricCD</name>|<name>@default</name>|' $$ts; done
	pylupdate5 -noobsolete $(I18N_SOURCES) -ts $(TS_FILES)
	@for ts in $(TS_FILES); do sed -i 's|<name>@default</name>|<name>MetricCD</name>|' $$ts; done

transcompile:
	@command -v lrelease >/dev/null || { echo "lrelease is missing: apt-get install qttools5-dev-tools" >&2; exit 1; }
	lrelease -silent $(TS_FILES)

package: transcompile
	@rm -rf $(PKG_DIR) && mkdir -p $(PKG_DIR) dist
	@cp -r $(PLUGIN)/. $(PKG_DIR)/
	@cp -r metadata.txt LICENSE resources i18n $(PKG_DIR)/
	@find $(PKG_DIR) -name '__pycache__' -prune -exec rm -rf {} +
	@find $(PKG_DIR) -name '.*' -type f -delete  # e.g. i18n/.gitkeep: the upload scan flags hidden files
	@rm -f $(ZIP) && (cd $(BUILD) && python3 -m zipfile -c ../$(ZIP) $(PLUGIN))
	@echo "packaged $(ZIP)"
	@# the Python package and its `metric-cd` command (pip install dist/*.whl), for Dask workers;
	@# built offline with the venv's setuptools, setuptools' build folders removed afterwards
	@$(PY) -m pip wheel --no-deps --no-build-isolation --disable-pip-version-check --quiet -w dist .
	@rm -rf $(BUILD)/lib $(BUILD)/bdist.* *.egg-info
	@echo "built dist/metric_cd_qgis-$(VERSION)-py3-none-any.whl"

deploy: package
	@mkdir -p "$(QGIS_PROFILE_PLUGINS)"
	@rm -rf "$(QGIS_PROFILE_PLUGINS)/$(PLUGIN)" && cp -r $(PKG_DIR) "$(QGIS_PROFILE_PLUGINS)/"
	@echo "deployed to $(QGIS_PROFILE_PLUGINS)/$(PLUGIN); enable it in Plugins > Manage and Install"

clean:
	rm -rf $(BUILD) dist demo_output .pytest_cache
	find . -name '__pycache__' -prune -exec rm -rf {} +
