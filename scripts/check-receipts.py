#!/usr/bin/env python3
"""Every acknowledged ballot is stored: the crash and fault tests' one check of receipts.

Usage: scripts/check-receipts.py ACKNOWLEDGED STORED
  ACKNOWLEDGED: the receipts `minping loadtest --receipts` wrote, one per line (as printed)
  STORED: the receipt ids the database holds (`SELECT id FROM receipts`), one per line
Exits 1 when a receipt was acknowledged twice, when an acknowledged one is not stored, or
when nothing was acknowledged at all (a run that stored nothing proves nothing).
"""
import sys

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def value(receipt: str) -> int:
    v = 0
    for c in receipt.replace("-", "").strip():
        v = (v << 5) | ALPHABET.index(c)
    return v


acked = [value(line) for line in open(sys.argv[1]) if line.strip()]
stored = {int(line) for line in open(sys.argv[2]) if line.strip()}
missing = [a for a in acked if a not in stored]
print(f"acknowledged ballots: {len(acked)}; stored ballots: {len(stored)}; acknowledged but missing: {len(missing)}")
if len(set(acked)) != len(acked):
    print("a receipt was acknowledged twice")
    sys.exit(1)
sys.exit(1 if missing or not acked else 0)
