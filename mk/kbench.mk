# The kernel bench (firmware/kbench, docs/kernels.md): reference and
# ARMv7E-M int8 kernels in one image, for the M4 (mps2-an386) and the M7
# (mps2-an500), run on ttemu and QEMU by tests/suites/47-kernels.sh.
#
#   $(BUILD)/firmware/kbench/kbench.m4.elf, kbench.m7.elf
#
# models/runtime/kernels_conv.c goes in twice: plain, with its entry points
# renamed ref_*, and with -DTT_KERNELS_OPT (the dispatching tt_* entries);
# the kernels_armv7em_*.c files only with -DTT_KERNELS_OPT.
KB_OUT  = $(FW_OUT)/kbench
KB_SRCS = $(wildcard firmware/kbench/*.c)
KB_OPT_SRCS = models/runtime/kernels_conv.c $(wildcard models/runtime/kernels_armv7em*.c)
KB_REF_RENAME = -Dtt_conv2d_s8=ref_conv2d_s8 -Dtt_dwconv2d_s8=ref_dwconv2d_s8 \
                -Dtt_fully_connected_s8=ref_fully_connected_s8
KB_CFLAGS = $(FW_CFLAGS) -I. -DTT_KERNELS_OPT

.PHONY: kbench
firmware: kbench
kbench: $(KB_OUT)/kbench.m4.elf $(KB_OUT)/kbench.m7.elf

define KB_RULES
$(KB_OUT)/obj/$(1)/%.o: %.c | deps
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_ARCH_$(1)) $(KB_CFLAGS) -MMD -MP -c $$< -o $$@

$(KB_OUT)/obj/$(1)/ref/kernels_conv.o: models/runtime/kernels_conv.c | deps
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_ARCH_$(1)) $(FW_CFLAGS) -I. $(KB_REF_RENAME) -MMD -MP -c $$< -o $$@

KB_OBJS_$(1) = $(KB_SRCS:%.c=$(KB_OUT)/obj/$(1)/%.o) $(KB_OPT_SRCS:%.c=$(KB_OUT)/obj/$(1)/%.o) \
               $(KB_OUT)/obj/$(1)/ref/kernels_conv.o

$(KB_OUT)/kbench.$(1).elf: $$(KB_OBJS_$(1)) $$(FW_BSP_OBJS_$(1)) $(FW_BSP)/$(FW_LD_$(1)) $(FW_BSP)/mps2-sections.ld
	$(FW_CC) $(FW_ARCH_$(1)) $(FW_LDFLAGS) -T$(FW_LD_$(1)) -Wl,-Map=$$(@:.elf=.map) -o $$@ \
	    $$(KB_OBJS_$(1)) $$(FW_BSP_OBJS_$(1)) -lm

-include $$(KB_OBJS_$(1):.o=.d)
endef

$(foreach v,m4 m7,$(eval $(call KB_RULES,$(v))))
