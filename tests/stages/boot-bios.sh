#!/usr/bin/env bash
# Own BIOS boot path (docs/boot.md): boots, refusals, truncated images.
exec "$(dirname "$0")/../integration/boot_bios.sh"
