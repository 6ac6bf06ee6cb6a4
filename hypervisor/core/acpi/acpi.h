/* ACPI table discovery and parsing (ACPI 6.5 §5.2, VT-d 4.x §8, AMD IOMMU 48882 §5.2).
 *
 * Pure logic: physical memory is reached only through struct acpi_mem, so the
 * same code runs in the hypervisor (identity map with a bound check) and in
 * host unit tests / fuzzers (a buffer at a fake physical base). Every result
 * lands in fixed-size arrays inside struct acpi_info: no allocation.
 *
 * Policy: a malformed root (RSDP, XSDT, RSDT) fails acpi_parse(); a leaf table
 * with a bad checksum or malformed contents is recorded with its status,
 * reported with pr_warn and its parsed section is left cleared (present=false),
 * so consumers never see half-parsed data. */
#ifndef QV_CORE_ACPI_ACPI_H
#define QV_CORE_ACPI_ACPI_H
#include "lib/types.h"

struct acpi_mem {
    /* Pointer to len readable bytes at physical address pa, or NULL. */
    const void *(*map)(void *ctx, uint64_t pa, size_t len);
    void *ctx;
};

#define ACPI_MAX_TABLES 64
#define ACPI_MAX_CPUS 256
#define ACPI_MAX_IOAPICS 16
#define ACPI_MAX_ISOS 32
#define ACPI_MAX_NMI_SRCS 8
#define ACPI_MAX_LAPIC_NMIS 32
#define ACPI_MAX_ECAM 16
#define ACPI_MAX_DRHD 16
#define ACPI_MAX_RMRR 16
#define ACPI_MAX_DEV_SCOPES 8
#define ACPI_MAX_IOMMUS 8
#define ACPI_MAX_IVHD_SPECIAL 8

/* Generic Address Structure, ACPI 6.5 §5.2.3.2 Table 5.1. */
struct acpi_gas {
    uint8_t space_id;
    uint8_t bit_width;
    uint8_t bit_offset;
    uint8_t access_size;
    uint64_t address;
};
#define ACPI_GAS_SYSTEM_MEMORY 0
#define ACPI_GAS_SYSTEM_IO 1
#define ACPI_GAS_PCI_CONFIG 2

/* RSDP, ACPI 6.5 §5.2.5.3 Table 5.3. */
#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36
struct acpi_rsdp_info {
    uint8_t revision;     /* 0 = ACPI 1.0 (RSDT only), 2 = ACPI 2.0+ */
    char oem_id[7];       /* NUL-terminated */
    uint32_t rsdt_pa;
    uint64_t xsdt_pa;     /* 0 when revision < 2 */
    uint32_t length;      /* 20 for revision 0 */
};

/* One table listed by the root (plus the DSDT found through the FADT). */
struct acpi_table_ref {
    char sig[5];          /* NUL-terminated; "" when the header was unreadable */
    char oem_id[7];
    char oem_table_id[9];
    uint64_t pa;
    uint32_t length;
    uint8_t revision;
    bool checksum_ok;
    int status;           /* 0, or QV_ERR_FAULT/CHECKSUM/CORRUPT/TRUNCATED */
};

/* MADT, ACPI 6.5 §5.2.12. */
#define ACPI_MADT_PCAT_COMPAT BIT(0)
#define ACPI_MADT_CPU_ENABLED BIT(0)
#define ACPI_MADT_CPU_ONLINE_CAPABLE BIT(1)
/* MPS INTI flags, ACPI 6.5 §5.2.12.5 Table 5.26. */
#define ACPI_INTI_POLARITY_MASK 0x3
#define ACPI_INTI_POLARITY_CONFORMS 0x0
#define ACPI_INTI_POLARITY_HIGH 0x1
#define ACPI_INTI_POLARITY_LOW 0x3
#define ACPI_INTI_TRIGGER_SHIFT 2
#define ACPI_INTI_TRIGGER_MASK (0x3 << ACPI_INTI_TRIGGER_SHIFT)
#define ACPI_INTI_TRIGGER_CONFORMS (0x0 << ACPI_INTI_TRIGGER_SHIFT)
#define ACPI_INTI_TRIGGER_EDGE (0x1 << ACPI_INTI_TRIGGER_SHIFT)
#define ACPI_INTI_TRIGGER_LEVEL (0x3 << ACPI_INTI_TRIGGER_SHIFT)
#define ACPI_NMI_ALL_CPUS 0xFFFFFFFFu

struct acpi_cpu {
    uint32_t uid;         /* ACPI processor UID */
    uint32_t apic_id;     /* xAPIC or x2APIC id */
    bool enabled;
    bool online_capable;
    bool x2apic;          /* came from a type 9 entry */
};
struct acpi_ioapic {
    uint8_t id;
    uint32_t address;
    uint32_t gsi_base;
};
struct acpi_iso {
    uint8_t bus;          /* 0 = ISA */
    uint8_t source;       /* bus-relative IRQ */
    uint32_t gsi;
    uint16_t flags;       /* ACPI_INTI_* */
};
struct acpi_nmi_src {
    uint16_t flags;
    uint32_t gsi;
};
struct acpi_lapic_nmi {
    uint32_t uid;         /* ACPI_NMI_ALL_CPUS for all processors */
    uint16_t flags;
    uint8_t lint;         /* LINT0 or LINT1 */
};
struct acpi_madt_info {
    bool present;
    uint64_t lapic_address;    /* after a type 5 override */
    bool lapic_overridden;
    uint32_t flags;            /* ACPI_MADT_PCAT_COMPAT */
    uint32_t ncpus, nioapics, nisos, nnmi_srcs, nlapic_nmis;
    uint32_t ncpus_unusable;   /* neither enabled nor online-capable: not stored */
    uint32_t ndropped;         /* entries beyond the array limits */
    uint32_t nunknown;         /* subtable types not parsed */
    struct acpi_cpu cpus[ACPI_MAX_CPUS];
    struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
    struct acpi_iso isos[ACPI_MAX_ISOS];
    struct acpi_nmi_src nmi_srcs[ACPI_MAX_NMI_SRCS];
    struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
};

/* FADT, ACPI 6.5 §5.2.9 Tables 5.9-5.11. */
#define ACPI_FADT_WBINVD BIT(0)
#define ACPI_FADT_TMR_VAL_EXT BIT(8)
#define ACPI_FADT_RESET_REG_SUP BIT(10)
#define ACPI_FADT_HEADLESS BIT(12)
#define ACPI_FADT_FORCE_APIC_PHYS_DEST BIT(19)
#define ACPI_FADT_HW_REDUCED_ACPI BIT(20)
#define ACPI_FADT_LOW_POWER_S0_IDLE BIT(21)
#define ACPI_BOOT_LEGACY_DEVICES BIT(0)
#define ACPI_BOOT_8042 BIT(1)
#define ACPI_BOOT_VGA_NOT_PRESENT BIT(2)
#define ACPI_BOOT_MSI_NOT_SUPPORTED BIT(3)
#define ACPI_BOOT_PCIE_ASPM_CONTROLS BIT(4)
#define ACPI_BOOT_CMOS_RTC_NOT_PRESENT BIT(5)

struct acpi_fadt_info {
    bool present;
    uint8_t revision;
    uint32_t length;
    uint32_t flags;           /* ACPI_FADT_* (0 for a table too short to hold it) */
    uint16_t sci_int;
    uint32_t smi_cmd;
    uint8_t acpi_enable, acpi_disable;
    uint32_t pm1a_evt_blk, pm1b_evt_blk, pm1a_cnt_blk, pm1b_cnt_blk;
    uint8_t pm1_evt_len, pm1_cnt_len;
    uint32_t gpe0_blk;
    uint8_t gpe0_blk_len;
    /* PM timer: X_PM_TMR_BLK when usable, else PM_TMR_BLK as an I/O GAS. */
    bool has_pm_timer;
    struct acpi_gas pm_timer;
    bool pm_timer_32bit;      /* TMR_VAL_EXT: 32-bit counter, else 24-bit */
    bool has_reset_reg;       /* RESET_REG_SUP and a reset register present */
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    uint8_t century;          /* RTC CMOS index of the century, 0 = none */
    uint16_t iapc_boot_arch;  /* ACPI_BOOT_* (rev >= 2 tables only) */
    uint64_t dsdt_pa;         /* X_DSDT when present, else DSDT */
    uint64_t facs_pa;
};

/* MCFG, PCI Firmware Spec 3.2 §4.1.2. */
struct acpi_ecam {
    uint64_t base;
    uint16_t segment;
    uint8_t start_bus, end_bus;
};
struct acpi_mcfg_info {
    bool present;
    uint32_t necam;
    uint32_t ndropped;
    struct acpi_ecam ecam[ACPI_MAX_ECAM];
};

/* HPET, IA-PC HPET spec 1.0a §3.2.4 Table 3. */
struct acpi_hpet_info {
    bool present;
    uint32_t event_timer_block_id;
    struct acpi_gas base;
    uint8_t number;
    uint16_t min_tick;
    uint8_t page_protection;
};

/* DMAR, Intel VT-d spec §8.1-8.5. */
#define ACPI_DMAR_INTR_REMAP BIT(0)
#define ACPI_DMAR_X2APIC_OPT_OUT BIT(1)
#define ACPI_DMAR_DMA_CTRL_OPT_IN BIT(2)
#define ACPI_DRHD_INCLUDE_PCI_ALL BIT(0)
#define ACPI_DEV_SCOPE_PCI_ENDPOINT 1
#define ACPI_DEV_SCOPE_PCI_SUBHIERARCHY 2
#define ACPI_DEV_SCOPE_IOAPIC 3
#define ACPI_DEV_SCOPE_HPET 4
#define ACPI_DEV_SCOPE_ACPI_NAMESPACE 5

/* Device scope, VT-d §8.3.1: the path is stored only up to its first hop
 * (walking bridges needs PCI config reads, which is not this code's job). */
struct acpi_dev_scope {
    uint8_t type;         /* ACPI_DEV_SCOPE_* */
    uint8_t enum_id;      /* IOAPIC id / HPET number for types 3 and 4 */
    uint8_t start_bus;
    uint8_t dev, fn;      /* first path entry */
    uint8_t path_len;     /* number of (dev, fn) hops */
};
struct acpi_drhd {
    uint8_t flags;        /* ACPI_DRHD_INCLUDE_PCI_ALL */
    uint8_t size;         /* register set size: 2^size 4 KiB pages */
    uint16_t segment;
    uint64_t base;
    uint32_t nscopes;     /* all scopes; up to ACPI_MAX_DEV_SCOPES stored */
    struct acpi_dev_scope scopes[ACPI_MAX_DEV_SCOPES];
};
struct acpi_rmrr {
    uint16_t segment;
    uint64_t base, limit; /* limit is the last byte (inclusive), §8.4 */
    uint32_t nscopes;
};
struct acpi_dmar_info {
    bool present;
    uint8_t host_addr_width;   /* DMA physical address width = HAW + 1 */
    uint8_t flags;             /* ACPI_DMAR_* */
    uint32_t ndrhd, nrmrr, natsr, nrhsa, nother, ndropped;
    struct acpi_drhd drhd[ACPI_MAX_DRHD];
    struct acpi_rmrr rmrr[ACPI_MAX_RMRR];
};

/* IVRS, AMD IOMMU spec 48882 §5.2. */
#define ACPI_IVHD_SPECIAL_IOAPIC 1
#define ACPI_IVHD_SPECIAL_HPET 2
struct acpi_ivhd_special {
    uint8_t variety;      /* ACPI_IVHD_SPECIAL_* */
    uint8_t handle;       /* IOAPIC id or HPET number */
    uint16_t devid;       /* requester id used by that device */
};
struct acpi_iommu {
    uint8_t type;         /* IVHD type 0x10, 0x11 or 0x40 actually used */
    uint8_t flags;
    uint16_t devid;       /* PCI id (bus<<8 | dev<<3 | fn) of the IOMMU */
    uint16_t cap_offset;
    uint64_t base;
    uint16_t segment;
    uint16_t info;        /* MSI number / unit id */
    uint32_t attributes;  /* feature reporting (type 10h) or attributes */
    uint64_t efr;         /* EFR register image (types 11h/40h), else 0 */
    uint32_t ndev_entries;
    bool select_all;      /* an "all devices" entry (type 1) was present */
    uint32_t nspecial;
    struct acpi_ivhd_special special[ACPI_MAX_IVHD_SPECIAL];
};
struct acpi_ivrs_info {
    bool present;
    uint32_t ivinfo;
    uint32_t niommus, nivmd, nother, ndropped;
    struct acpi_iommu iommus[ACPI_MAX_IOMMUS];
};

struct acpi_info {
    struct acpi_rsdp_info rsdp;
    bool used_xsdt;
    bool root_fallback;        /* XSDT unusable, walked the RSDT instead */
    uint32_t ntables;
    uint32_t ntables_dropped;
    uint32_t nbad;             /* tables recorded with a non-zero status */
    struct acpi_table_ref tables[ACPI_MAX_TABLES];
    struct acpi_madt_info madt;
    struct acpi_fadt_info fadt;
    struct acpi_mcfg_info mcfg;
    struct acpi_hpet_info hpet;
    struct acpi_dmar_info dmar;
    struct acpi_ivrs_info ivrs;
    char error[128];           /* why acpi_parse failed, or "" */
};

/* Checks signature "RSD PTR ", the 20-byte checksum and, for revision >= 2,
 * the length field and extended checksum. len = bytes readable at rsdp. */
int acpi_rsdp_validate(const void *rsdp, size_t len, struct acpi_rsdp_info *out);

/* Legacy BIOS search (ACPI 6.5 §5.2.5.1): first KiB of the EBDA (segment at
 * 0x40E), then 0xE0000-0xFFFFF, on 16-byte boundaries. QV_ERR_NOENT if none. */
int acpi_rsdp_scan(const struct acpi_mem *m, uint64_t *rsdp_pa);

/* Walks the root table and every table it lists into *out (fully reset first). */
int acpi_parse(const struct acpi_mem *m, const void *rsdp, size_t rsdp_len,
               struct acpi_info *out);

/* acpi_rsdp_scan() + acpi_parse(). */
int acpi_discover(const struct acpi_mem *m, struct acpi_info *out);

/* First recorded table with that signature (whatever its status), or NULL. */
const struct acpi_table_ref *acpi_find(const struct acpi_info *info, const char sig[4]);

/* printk (LOG_INFO) lines: tables, CPUs, IOAPICs, PM timer, ECAM, HPET, IOMMUs. */
void acpi_print_summary(const struct acpi_info *info);

#endif
