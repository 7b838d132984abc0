/* What the IMX500 driver offers beyond accel.h: the optional input-tensor
 * lines of each frame (the real sensor can send them; tests use them to
 * rerun the model on exactly the tensor the ISP built). */
#ifndef BSP_IMX500_DRV_H
#define BSP_IMX500_DRV_H

#include <stdint.h>

/* Nonzero: the next frames also carry the input tensor's lines. */
void imx500_send_input_lines(int on);

/* The last frame's input tensor, as received; its byte count (0: none). */
uint32_t imx500_input_lines(const uint8_t **tensor);

#endif
