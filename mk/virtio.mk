# VirtIO MMIO transport (version 2 layout) and split/packed virtqueue walkers
# (hypervisor/devices/virtio, docs/virtio.md): pure logic over struct
# guest_mem, shared by the kernel, the unit test and the fuzzers.
VIRTIO_CORE_SRCS := hypervisor/devices/virtio/virtio_mmio.c \
                    hypervisor/devices/virtio/vq_common.c \
                    hypervisor/devices/virtio/split_ring.c \
                    hypervisor/devices/virtio/packed_ring.c
KERNEL_C += $(VIRTIO_CORE_SRCS)

UNIT_TESTS += virtio
UNIT_virtio_SRCS := tests/unit/test_virtio_mmio.c tests/unit/test_virtqueue_split.c \
                    tests/unit/test_virtqueue_packed.c $(VIRTIO_CORE_SRCS) \
                    hypervisor/lib/printf.c hypervisor/lib/errors.c

FUZZ_TARGETS += virtio_mmio virtqueue_split virtqueue_packed
FUZZ_virtio_mmio_SRCS := tests/fuzz/fuzz_virtio_mmio.c $(VIRTIO_CORE_SRCS) \
                         hypervisor/lib/printf.c hypervisor/lib/errors.c
FUZZ_virtqueue_split_SRCS := tests/fuzz/fuzz_virtqueue_split.c $(VIRTIO_CORE_SRCS) \
                             hypervisor/lib/printf.c hypervisor/lib/errors.c
FUZZ_virtqueue_packed_SRCS := tests/fuzz/fuzz_virtqueue_packed.c $(VIRTIO_CORE_SRCS) \
                              hypervisor/lib/printf.c hypervisor/lib/errors.c
