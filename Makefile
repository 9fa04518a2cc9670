# Metric-CD for QGIS. `make demo` and `make test` do all set-up on a fresh Debian 12.
PY        := .venv/bin/python
PLUGIN    := metric_cd_plugin
VERSION   := $(shell sed -n 's/^version=//p' metadata.txt)
BUILD     := build
PKG_DIR   := $(BUILD)/$(PLUGIN)
ZIP       := dist/$(PLUGIN)-$(VERSION).zip
SAMPLE    := resources/sample_data/landsat_taizhou
QGIS_PROFILE_PLUGINS ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup demo test bench package deploy clean

setup:
	@bash tools/setup.sh

demo: setup
	@mkdir -p demo_output
	$(PY) -m $(PLUGIN) detect $(SAMPLE)/t1.tif $(SAMPLE)/t2.tif \
	    -o demo_output/change_probability.tif --mask demo_output/change_mask.tif --seed 0
	$(PY) tools/quicklook.py $(SAMPLE)/t1.tif $(SAMPLE)/t2.tif demo_output/change_probability.tif demo_output/quicklook.png
	@echo "Quicklook: demo_output/quicklook.png. Accuracy against the sample's labels:"
	$(PY) -m $(PLUGIN) accuracy demo_output/change_probability.tif $(SAMPLE)/labels.tif

test: setup
	$(PY) -m pytest -q tests

bench: setup
	$(PY) bench/run_bench.py

package:
	@rm -rf $(PKG_DIR) && mkdir -p $(PKG_DIR) dist
	@cp -r $(PLUGIN)/. $(PKG_DIR)/
	@cp -r metadata.txt LICENSE resources i18n $(PKG_DIR)/
	@find $(PKG_DIR) -name '__pycache__' -prune -exec rm -rf {} +
	@rm -f $(ZIP) && (cd $(BUILD) && python3 -m zipfile -c ../$(ZIP) $(PLUGIN))
	@echo "packaged $(ZIP)"

deploy: package
	@mkdir -p "$(QGIS_PROFILE_PLUGINS)"
	@rm -rf "$(QGIS_PROFILE_PLUGINS)/$(PLUGIN)" && cp -r $(PKG_DIR) "$(QGIS_PROFILE_PLUGINS)/"
	@echo "deployed to $(QGIS_PROFILE_PLUGINS)/$(PLUGIN); enable it in Plugins > Manage and Install"

clean:
	rm -rf $(BUILD) dist demo_output .pytest_cache
	find . -name '__pycache__' -prune -exec rm -rf {} +
