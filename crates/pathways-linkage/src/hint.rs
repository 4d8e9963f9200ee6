//! Cache hints for the pair loops.
//!
//! Candidate pairs come from blocks of records that sit anywhere in memory,
//! so the scoring loop spends most of its time waiting for records to
//! arrive from DRAM. Asking for the next block's records while the current
//! one is scored hides that wait. A prefetch is only a hint: it cannot
//! fault and changes no result, whatever the address.
//!
//! Besides [`crate::clk::kernel`], this is the one module allowed `unsafe`:
//! the x86-64 prefetch intrinsic is an `unsafe fn` (it is a
//! `#[target_feature(enable = "sse")]` function, even though SSE is part of
//! the x86-64 baseline).
#![allow(unsafe_code)]

/// Asks for every cache line of `x` to be brought into L1.
#[inline(always)]
pub(crate) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let p = (x as *const T).cast::<i8>();
        let size = std::mem::size_of::<T>();
        let mut off = 0;
        while off < size {
            // SAFETY: PREFETCHT0 never faults and has no architectural
            // effect, for any address; SSE, which provides it, is in the
            // x86-64 baseline, so every x86-64 CPU has it.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(off)) };
            off += 64;
        }
        if size > 1 {
            // The last line, when `x` does not start on a line boundary.
            // SAFETY: as above.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(size - 1)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}
