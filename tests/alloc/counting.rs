//! One counting allocator for the whole binary (a process has one global
//! allocator): live allocations, live bytes and the peak of live bytes.
//! Every test that reads them holds `ONE_AT_A_TIME`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

struct Counting;

/// Live allocations (not bytes: a piece that owns a `String` or a `Box`
/// shows as one more allocation per piece, whatever its length).
pub static LIVE_COUNT: AtomicIsize = AtomicIsize::new(0);
/// Live bytes.
pub static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
/// The most live bytes since a test last stored into it.
pub static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);

/// The counts are process-wide: one test measures at a time.
pub static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

// SAFETY: every call is passed to the system allocator unchanged; only
// counters are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE_COUNT.fetch_add(1, Ordering::Relaxed);
            let live = LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK_BYTES.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE_COUNT.fetch_sub(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;
