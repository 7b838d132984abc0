# Determinism as a test (issue 17): tests/suites/36-determinism.sh compares
# the report and trace of runs by this build's ttemu (-O2) with those of the
# same sources built at -O0, in $(BUILD)/o0. A sub-make builds it; inside
# that sub-make BUILD ends in /o0 and this fragment adds nothing.
ifeq ($(filter %/o0,$(BUILD)),)
DET_TTEMU = $(BUILD)/o0/ttemu
.PHONY: $(DET_TTEMU)
$(DET_TTEMU):
	+$(MAKE) --no-print-directory BUILD=$(BUILD)/o0 OPT=-O0 $(DET_TTEMU)
check: $(DET_TTEMU)
endif
