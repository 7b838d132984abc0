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
KB_OPT_SRCS = models/runtime/kernels_conv.c models/runtime/kernels_elem.c \
              $(wildcard models/runtime/kernels_armv7em*.c)
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

# The whole built-in TinyTracker through the runtime, per core, with the
# opt kernels (kmodel.VARIANT.elf) and without (kmodel.VARIANT-ref.elf):
# firmware/kbench/model/kmodel.c. The model comes from `ttemu model convert`
# and is linked in as a binary object.
KM_RT_SRCS = $(wildcard models/runtime/*.c)
KM_SRCS    = firmware/kbench/model/kmodel.c

.PHONY: kmodel
firmware: kmodel
kmodel: $(foreach v,m4 m7,$(KB_OUT)/kmodel.$(v).elf $(KB_OUT)/kmodel.$(v)-ref.elf)

$(KB_OUT)/tinytracker.ttm: $(TTEMU)
	@mkdir -p $(dir $@)
	$(TTEMU) model convert tinytracker -o $@

$(KB_OUT)/tinytracker_ttm.o: $(KB_OUT)/tinytracker.ttm
	cd $(KB_OUT) && $(FW_OBJCOPY) -I binary -O elf32-littlearm -B arm \
	    --rename-section .data=.rodata.ttm,alloc,load,readonly,data,contents tinytracker.ttm tinytracker_ttm.o

# $(1) variant, $(2) image suffix, $(3) extra flags
define KM_RULES
$(KB_OUT)/kobj/$(1)$(2)/%.o: %.c | deps
	@mkdir -p $$(dir $$@)
	$(FW_CC) $(FW_ARCH_$(1)) $(FW_CFLAGS) -I. $(3) -MMD -MP -c $$< -o $$@

KM_OBJS_$(1)$(2) = $(KM_SRCS:%.c=$(KB_OUT)/kobj/$(1)$(2)/%.o) $(KM_RT_SRCS:%.c=$(KB_OUT)/kobj/$(1)$(2)/%.o)

$(KB_OUT)/kmodel.$(1)$(2).elf: $$(KM_OBJS_$(1)$(2)) $(KB_OUT)/tinytracker_ttm.o $$(FW_BSP_OBJS_$(1)) $(FW_BSP)/$(FW_LD_$(1))
	$(FW_CC) $(FW_ARCH_$(1)) $(FW_LDFLAGS) -T$(FW_LD_$(1)) -o $$@ \
	    $$(KM_OBJS_$(1)$(2)) $(KB_OUT)/tinytracker_ttm.o $$(FW_BSP_OBJS_$(1)) -lm

-include $$(KM_OBJS_$(1)$(2):.o=.d)
endef

$(foreach v,m4 m7,$(eval $(call KM_RULES,$(v),,-DTT_KERNELS_OPT)))
$(foreach v,m4 m7,$(eval $(call KM_RULES,$(v),-ref,)))
