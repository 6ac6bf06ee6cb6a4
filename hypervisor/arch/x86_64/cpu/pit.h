/* 8254 PIT channel 2 as a calibration reference (input clock 1.193182 MHz). */
#ifndef QV_ARCH_PIT_H
#define QV_ARCH_PIT_H
#include "lib/types.h"
#define PIT_HZ 1193182u
/* Busy-wait us microseconds (<= 50000) using channel 2 in mode 0; returns false
 * if the PIT output never rose (no PIT). */
bool pit_wait_us(uint32_t us);
#endif
