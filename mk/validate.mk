# Table II from ttemu runs (scripts/validate.py, docs/validation.md).
#
#   make validate    runs TinyTracker on spresense, coralusb, coralmicro and
#                    imx500, writes $(BUILD)/validation.json and regenerates
#                    docs/validation.md (with the Edge TPU held-out table)
# tests/suites/63-validate.sh fails when docs/validation.md is stale.

.PHONY: validate
validate: $(TTEMU) firmware $(ETPU_CAL)
	@$(ETPU_CAL) > $(BUILD)/edgetpu-prediction.md
	@python3 scripts/validate.py --build $(BUILD) --md docs/validation.md \
	    --edgetpu-md $(BUILD)/edgetpu-prediction.md --table
	@echo "validate: wrote $(BUILD)/validation.json and docs/validation.md"
