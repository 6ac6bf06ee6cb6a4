# VirtIO device back-ends (blk, console, rng, net) and the inter-VM Ethernet
# switch (hypervisor/devices): pure logic over the virtio_dev.h queue API.
VIRTIO_DEV_SRCS := hypervisor/devices/virtio/virtio_blk.c hypervisor/devices/virtio/virtio_console.c \
                   hypervisor/devices/virtio/virtio_rng.c hypervisor/devices/virtio/virtio_net.c \
                   hypervisor/devices/netswitch.c
KERNEL_C += $(VIRTIO_DEV_SRCS)

UNIT_TESTS += virtio_devices
UNIT_virtio_devices_SRCS := tests/unit/test_virtio_rng.c tests/unit/test_virtio_blk.c \
                            tests/unit/test_virtio_console.c tests/unit/test_netswitch.c \
                            tests/unit/test_virtio_net.c \
                            $(VIRTIO_DEV_SRCS) hypervisor/lib/printf.c hypervisor/lib/errors.c
UNIT_virtio_devices_LIBS := -lpthread

# Request parsers on arbitrary chains (each fuzzer carries its own minimal
# queue; the ring walkers have their own fuzzers in mk/virtio.mk).
FUZZ_TARGETS += virtio_blk virtio_net
FUZZ_virtio_blk_SRCS := tests/fuzz/fuzz_virtio_blk.c hypervisor/devices/virtio/virtio_blk.c \
                        hypervisor/lib/printf.c hypervisor/lib/errors.c
FUZZ_virtio_net_SRCS := tests/fuzz/fuzz_virtio_net.c hypervisor/devices/virtio/virtio_net.c \
                        hypervisor/devices/netswitch.c hypervisor/lib/printf.c hypervisor/lib/errors.c
