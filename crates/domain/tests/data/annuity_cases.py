"""Regenerates annuity_cases.csv: declining-balance (annuity) figures from numpy-financial, the
reference the Rust schedule is checked against (crates/domain/tests/schedule_vs_npf.rs).
Run: pip install numpy-financial && python3 annuity_cases.py > annuity_cases.csv"""
import numpy_financial as npf

cases = []
for principal in [100_000, 500_000, 1_000_000, 2_000_000, 2_500_000, 7_345_678, 50_000_000]:
    for rate_bp in [50, 100, 150, 200, 300]:
        for term in [3, 6, 10, 12, 24]:
            cases.append((principal, rate_bp, term, 0))
for principal in [500_000, 1_000_000]:
    for rate_bp in [150, 200]:
        for term in [8, 16, 24]:
            cases.append((principal, rate_bp, term, 1))

print("principal,rate_bp,term,weekly,pmt,first_interest,total_interest")
for principal, rate_bp, term, weekly in cases:
    i = rate_bp / 10_000 * (12 / 52 if weekly else 1)
    pmt = npf.pmt(i, term, -principal)
    first = npf.ipmt(i, 1, term, -principal)
    total = sum(npf.ipmt(i, p, term, -principal) for p in range(1, term + 1))
    print(f"{principal},{rate_bp},{term},{weekly},{pmt:.6f},{first:.6f},{total:.6f}")
