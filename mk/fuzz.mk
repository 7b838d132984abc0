# Coverage-guided fuzzers (libFuzzer, Debian's clang) for every parser entry
# point; every sanitizer finding is fatal (-fno-sanitize-recover=all).
#
#   make fuzz                 each target for FUZZ_TIME seconds (default 30)
#   make fuzz-build           the targets only, in $(FUZZ_BUILD)/fuzz/
#   make FUZZ_TIME=3600 fuzz  a long run (docs/fuzzing.md has the figures)
#
# The library is rebuilt with clang into $(FUZZ_BUILD) (instrumented for
# coverage, ASan+UBSan); each tests/fuzz/fuzz_NAME.c is one target, seeded
# from tests/fuzz/corpus/NAME (small, from the project's own files) plus
# what earlier runs found ($(FUZZ_BUILD)/fuzz/corpus-NAME, never committed).
# Crashes land in $(FUZZ_BUILD)/fuzz/crash-NAME-*; each one fixed becomes a
# file in tests/fuzz/regress/NAME/, which tests/suites/35-fuzz-regress.sh
# runs through ttemu on every make check.

FUZZ_BUILD   ?= build-fuzz
FUZZ_TIME    ?= 30
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS  = elf bin board tflite ttm trace gdb sweep
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz_%)
FUZZ_LIB      = $(FUZZ_BUILD)/libttemu.a
# the commands print a lot: libFuzzer keeps its own stderr for reports
FUZZ_FLAGS_trace = -close_fd_mask=3
# Models keep the default 64 KiB input cap: the 600 KB built-in model is
# read truncated (its header and tables still parse), and the whole inputs
# made each execution 25 times slower for no more coverage (docs/fuzzing.md:
# 1,315 against 35,385 executions a second for fuzz_ttm, cov 238 and 254).
# placing an image is byte by byte: small images keep the .bin target fast
FUZZ_FLAGS_bin    = -max_len=4096
# board files: the largest is 9.2 KB; without a cap the inputs grew to 28 KB
# and the rate fell from 5,900 to 1,700 a second (docs/fuzzing.md)
FUZZ_FLAGS_board  = -max_len=12288

.PHONY: fuzz fuzz-build fuzz-seeds
ifneq ($(BUILD),$(FUZZ_BUILD))
.PHONY: $(FUZZ_LIB)
endif
fuzz-build: $(FUZZ_BINS)

# A sub-make so the instrumented objects never mix with build/ (inside it
# BUILD is FUZZ_BUILD and the top Makefile's library rule applies).
ifneq ($(BUILD),$(FUZZ_BUILD))
$(FUZZ_LIB):
	+$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang OPT=-O1 \
	    SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" $(FUZZ_LIB)
endif

$(FUZZ_BUILD)/fuzz/fuzz_tflite: tests/fuzz/tflite_fuzz.c tests/fuzz/tflite_common.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	clang -std=c11 -O1 -g -D_GNU_SOURCE -I. -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(FUZZ_LIB) $(PKG_LIBS) -lm

$(FUZZ_BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/tflite_common.h $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	clang -std=c11 -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(FUZZ_LIB) \
	    $(PKG_LIBS) -lm

# One target after another, each for FUZZ_TIME seconds (FUZZ_TARGETS= to
# choose); the log of each is $(FUZZ_BUILD)/fuzz/NAME.log, whose
# stat::number_of_executed_units line is the executions reached.
fuzz_run = mkdir -p $(FUZZ_BUILD)/fuzz/corpus-$(1) && echo "fuzz $(1): $(FUZZ_TIME) s" && \
  { $(FUZZ_BUILD)/fuzz/fuzz_$(1) -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/fuzz/crash-$(1)- -max_len=65536 $(FUZZ_FLAGS_$(1)) \
      $(call fuzz_dirs,$(1)) >$(FUZZ_BUILD)/fuzz/$(1).log 2>&1 || { tail -40 $(FUZZ_BUILD)/fuzz/$(1).log; false; }; } && \
  grep -E '^stat::number_of_executed_units' $(FUZZ_BUILD)/fuzz/$(1).log
fuzz: $(FUZZ_BINS) fuzz-seeds
	@$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t)) && ) true

# Seeds made from this build (firmware images, traces, the built-in model),
# so no binary is committed; YAML boards and ../shared/models are read in
# place (never copied).
FUZZ_SEEDS = $(FUZZ_BUILD)/fuzz/seeds
fuzz-seeds: $(TTEMU) firmware
	@mkdir -p $(FUZZ_SEEDS)/elf $(FUZZ_SEEDS)/bin $(FUZZ_SEEDS)/trace $(FUZZ_SEEDS)/ttm $(FUZZ_SEEDS)/tflite
	@for f in tests/hello tests/exc_frame.m7hf boards/coralmicro/boardtest; do \
	  $(FW_OBJCOPY) --strip-debug $(FW_OUT)/$$f.elf $(FUZZ_SEEDS)/elf/$$(basename $$f).elf; done
	@cp $(FW_OUT)/tests/hello.bin $(FW_OUT)/tests/isa_mix.bin $(FUZZ_SEEDS)/bin/
	@# traced from copies deleted afterwards: the commands would otherwise
	@# load the named firmware's symbols on every execution
	@cp $(FW_OUT)/boards/coralmicro/boardtest.elf $(FUZZ_SEEDS)/gone.elf
	@$(TTEMU) run --quiet --board coralmicro --trace $(FUZZ_SEEDS)/trace/events.ttt $(FUZZ_SEEDS)/gone.elf >/dev/null
	@cp $(FW_OUT)/tests/hello.elf $(FUZZ_SEEDS)/gone.elf
	@$(TTEMU) run --quiet --trace $(FUZZ_SEEDS)/trace/insns.ttt --trace-insn --trace-max 1 \
	    $(FUZZ_SEEDS)/gone.elf >/dev/null || true
	@rm -f $(FUZZ_SEEDS)/gone.elf
	@$(TTEMU) model convert tinytracker -o $(FUZZ_SEEDS)/ttm/tinytracker.ttm >/dev/null
	@cp $(FUZZ_SEEDS)/ttm/tinytracker.ttm $(FUZZ_SEEDS)/tflite/
	@# small real models as .ttm, when ../shared is here: the targets invoke
	@# only models of at most 2^19 MACs, so these are what reach the kernels
	@for f in $(wildcard ../shared/models/mlperf-tiny/*.tflite); do \
	  $(TTEMU) model convert $$f -o $(FUZZ_SEEDS)/ttm/$$(basename $$f .tflite).ttm >/dev/null || exit 1; done

# The corpus directories of a target: what it found before, the seeds, the
# committed corpus, and data read in place.
FUZZ_DIRS_board  = models/boards tests/data/boards
FUZZ_DIRS_tflite = $(wildcard ../shared/models)
fuzz_dirs = $(FUZZ_BUILD)/fuzz/corpus-$(1) $(wildcard $(FUZZ_SEEDS)/$(1) tests/fuzz/corpus/$(1)) $(FUZZ_DIRS_$(1))
