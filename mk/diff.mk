# Differential ISA test against Unicorn (tests/diff/, see its README.md).
#
#   $(BUILD)/tests/isa-diff   the runner; every tests/diff/*.c is part of it,
#                             so a new generator class is a new file only
#   make fuzz-isa             a long run with a random seed (FUZZ_COUNT insns);
#                             SEED=N replays the run that seed printed, and
#                             FUZZ_ISA_ARGS="--model cortex-m7 --class dp" the
#                             options of the run that failed (suite 10 prints
#                             the whole command)
#   make check                runs it through tests/suites/10-isa-diff.sh

ISA_DIFF      = $(BUILD)/tests/isa-diff
ISA_DIFF_SRCS = $(sort $(wildcard tests/diff/*.c))
ISA_DIFF_OBJS = $(ISA_DIFF_SRCS:%.c=$(BUILD)/obj/%.o)
ISA_DIFF_PKGS = unicorn capstone
FUZZ_COUNT   ?= 5000000
FUZZ_ISA_ARGS ?=

$(BUILD)/obj/tests/diff/%.o: tests/diff/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags $(ISA_DIFF_PKGS)) -MMD -MP -c $< -o $@

$(ISA_DIFF): $(ISA_DIFF_OBJS) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(ISA_DIFF_OBJS) $(LIB) $(LDLIBS) $(shell pkg-config --libs $(ISA_DIFF_PKGS))

check: $(ISA_DIFF)

fuzz-isa: $(ISA_DIFF)
	$(ISA_DIFF) $(if $(SEED),--seed $(SEED),--random-seed) --count $(FUZZ_COUNT) --show 20 $(FUZZ_ISA_ARGS)

-include $(ISA_DIFF_OBJS:.o=.d)

# Deliberate faults in a scratch copy, and which suites catch each
# (scripts/mutate-check.sh; not in CI: minutes per fault).
.PHONY: mutate-check
mutate-check:
	bash scripts/mutate-check.sh $(MUTATIONS)
