# --version's git description: BUILD/gen/git_describe.h, rewritten only when
# `git describe` changes, so emu/cli/version.o is rebuilt only then.
GIT_DESCRIBE_H = $(BUILD)/gen/git_describe.h
$(BUILD)/obj/emu/cli/version.o: CFLAGS += -I$(BUILD)/gen
$(BUILD)/obj/emu/cli/version.o: $(GIT_DESCRIBE_H)
$(GIT_DESCRIBE_H): version-force
	@mkdir -p $(dir $@)
	@d=$$(git describe --always --dirty --tags 2>/dev/null || echo unknown); \
	 printf '#define TTEMU_GIT_DESCRIBE "%s"\n' "$$d" >$@.tmp; \
	 if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
.PHONY: version-force
version-force:
