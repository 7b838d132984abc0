# Firmware images built with arm-none-eabi-gcc (see tests/firmware and firmware/).
.PHONY: firmware
firmware:
