# Model pipeline extras (issue 6).
#  $(BUILD)/model/ttemu-single  ttemu with TT_SINGLE_ROUNDING requantisation
#  $(BUILD)/model/ttemu-audit   ttemu whose requantisation (double rounding)
#                               counts where single rounding would differ
#  make fuzz-tflite             libFuzzer (clang) on the .tflite reader
# The variants recompile only models/runtime/*.c with the macro and link
# those objects ahead of libttemu.a, so the archive's copies are not pulled.
MODEL_RT_SRCS = $(wildcard models/runtime/*.c)

$(BUILD)/model/single/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DTT_SINGLE_ROUNDING -MMD -MP -c $< -o $@

$(BUILD)/model/audit/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DTT_REQUANT_AUDIT -MMD -MP -c $< -o $@

$(BUILD)/model/ttemu-single: $(BUILD)/obj/emu/cli/main.o $(MODEL_RT_SRCS:%.c=$(BUILD)/model/single/%.o) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/model/ttemu-audit: $(BUILD)/obj/emu/cli/main.o $(MODEL_RT_SRCS:%.c=$(BUILD)/model/audit/%.o) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: model-variants fuzz-tflite
model-variants: $(BUILD)/model/ttemu-single $(BUILD)/model/ttemu-audit

FUZZ_SECONDS ?= 60
$(BUILD)/model/fuzz-tflite: tests/fuzz/tflite_fuzz.c $(wildcard models/tflite/*.c models/runtime/*.c models/gen/*.c)
	@mkdir -p $(dir $@)
	clang -std=c11 -O1 -g -D_GNU_SOURCE -I. -fsanitize=fuzzer,address,undefined \
	  -o $@ tests/fuzz/tflite_fuzz.c models/tflite/*.c models/runtime/*.c models/gen/*.c -lm

# Seeds: the built-in model as a .ttm (made here), and ../shared/models read
# in place as a second, read-only corpus directory (the .tflite is never copied).
fuzz-tflite: $(BUILD)/model/fuzz-tflite $(TTEMU)
	@mkdir -p $(BUILD)/model/fuzz-corpus
	$(TTEMU) model convert tinytracker -o $(BUILD)/model/fuzz-corpus/tinytracker.ttm
	$(BUILD)/model/fuzz-tflite -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 $(BUILD)/model/fuzz-corpus \
	  $(wildcard ../shared/models)

-include $(MODEL_RT_SRCS:%.c=$(BUILD)/model/single/%.d) $(MODEL_RT_SRCS:%.c=$(BUILD)/model/audit/%.d)

# Deterministic mutation loop used by tests/suites/50-model.sh.
$(BUILD)/model/tflite-mutate: tests/fuzz/tflite_mutate.c tests/fuzz/tflite_common.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tests/fuzz/tflite_mutate.c $(LIB) $(LDFLAGS) $(LDLIBS)

model-variants: $(BUILD)/model/tflite-mutate

# Proof of why LiteRT (XNNPack) and TFLite's reference rounding differ
# (tests/model/oracle_explain.c), used by tests/suites/50-model.sh.
$(BUILD)/model/oracle-explain: tests/model/oracle_explain.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tests/model/oracle_explain.c $(LIB) $(LDFLAGS) $(LDLIBS)

model-variants: $(BUILD)/model/oracle-explain
