# The Edge TPU timing model's calibration and held-out prediction
# (scripts/calibrate-edgetpu.c, docs/edgetpu.md).
#
#   make calibrate-edgetpu    fit on Coral's named rows, write the YAML params
#   make validate-edgetpu     the prediction table (fit rows and held-out rows)

ETPU_CAL = $(BUILD)/tools/calibrate-edgetpu

$(ETPU_CAL): scripts/calibrate-edgetpu.c $(LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)

.PHONY: calibrate-edgetpu validate-edgetpu
calibrate-edgetpu: $(ETPU_CAL)
	@bash scripts/calibrate-edgetpu.sh $(ETPU_CAL)

validate-edgetpu: $(ETPU_CAL)
	@$(ETPU_CAL)

check: $(ETPU_CAL)

-include $(ETPU_CAL).d

# tests/suites/68-edgetpu-run.sh: a TinyTracker with an operator the Edge
# TPU cannot run in the middle (tests/edgetpu/split_model.c).
ETPU_SPLIT = $(BUILD)/tools/split-model
$(ETPU_SPLIT): tests/edgetpu/split_model.c $(LIB) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -o $@ $< $(LIB) $(LDFLAGS) $(LDLIBS)
check: $(ETPU_SPLIT)
-include $(ETPU_SPLIT).d
