# Firmware that only makes sense on ttemu (it checks ttemu's own counters
# against the firmware's view), built like the MPS2 test images but kept
# out of the QEMU comparison: $(BUILD)/firmware/ttemu-only/NAME.elf.
TTFW_SRCS  = $(wildcard tests/firmware-ttemu/*.c)
TTFW_NAMES = $(TTFW_SRCS:tests/firmware-ttemu/%.c=%)
TTFW_ELFS  = $(TTFW_NAMES:%=$(FW_OUT)/ttemu-only/%.elf)

.PHONY: ttemu-firmware
firmware: ttemu-firmware
ttemu-firmware: $(TTFW_ELFS)

$(FW_OUT)/ttemu-only/%.elf: $(FW_OUT)/obj/m4/tests/firmware-ttemu/%.o $(FW_BSP_OBJS_m4) $(FW_BSP)/$(FW_LD_m4)
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ARCH_m4) $(FW_LDFLAGS) -T$(FW_LD_m4) -o $@ $< $(FW_BSP_OBJS_m4) -lm
