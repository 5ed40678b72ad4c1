//! Work in parallel, results in order: worker threads take items in order and hand each
//! result over a channel (crossbeam) to the calling thread, which consumes the results in
//! item order as soon as they can go. Memory stays bounded: a worker starts a new item only
//! while fewer than a window of items are started but not yet consumed.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Condvar, Mutex};

/// Items started but not yet consumed, per worker thread.
const WINDOW_PER_THREAD: usize = 4;

struct Progress {
    /// The next item to start.
    next: usize,
    /// Items consumed so far (all below this index).
    consumed: usize,
    /// Stop starting items (the consumer failed).
    stop: bool,
    /// Workers waiting for the window to move: only then is there anyone to wake, and a
    /// wake-up is a system call, which for small items costs more than the item.
    waiting: usize,
}

/// Stops the run when the thread holding it (a worker, or the consumer) unwinds.
struct StopOnPanic<'a>(&'a Mutex<Progress>, &'a Condvar);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Ok(mut p) = self.0.lock() {
                p.stop = true;
            }
            self.1.notify_all();
        }
    }
}

/// Runs `work` on every item on `threads` worker threads (each with its own scratch value
/// from `scratch`), and `consume` on the results in item order, on the calling thread. The
/// first error of `consume` stops the run and is returned.
pub fn ordered<T, R, S>(
    items: &[T],
    threads: usize,
    scratch: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
    mut consume: impl FnMut(usize, R) -> io::Result<()>,
) -> io::Result<()>
where
    T: Sync,
    R: Send,
{
    let threads = threads.max(1);
    let window = WINDOW_PER_THREAD * threads;
    let progress = Mutex::new(Progress {
        next: 0,
        consumed: 0,
        stop: false,
        waiting: 0,
    });
    let changed = Condvar::new();
    let (tx, rx) = crossbeam_channel::unbounded::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (progress, changed, scratch, work) = (&progress, &changed, &scratch, &work);
            s.spawn(move || {
                // Should `work` panic, the other workers must not wait for the window
                // forever: they stop, and the scope hands the panic on.
                let _on_panic = StopOnPanic(progress, changed);
                let mut own = scratch();
                loop {
                    let i = {
                        let mut p = progress.lock().expect("no worker panics holding it");
                        while !p.stop && p.next < items.len() && p.next >= p.consumed + window {
                            p.waiting += 1;
                            p = changed.wait(p).expect("no worker panics holding it");
                            p.waiting -= 1;
                        }
                        if p.stop || p.next >= items.len() {
                            break;
                        }
                        p.next += 1;
                        p.next - 1
                    };
                    if tx.send((i, work(&mut own, &items[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Should `consume` panic, the workers waiting for the window must not wait forever.
        let _on_panic = StopOnPanic(&progress, &changed);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        for (i, r) in rx.iter() {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&next) {
                if result.is_ok() {
                    result = consume(next, r);
                }
                next += 1;
                let mut p = progress.lock().expect("no worker panics holding it");
                p.consumed = next;
                p.stop |= result.is_err();
                if p.waiting > 0 {
                    changed.notify_all();
                }
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_threads() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            ordered(
                &items,
                threads,
                || 0u64,
                |calls, &x| {
                    *calls += 1;
                    // Uneven work, so that workers overtake each other.
                    std::thread::sleep(std::time::Duration::from_micros((x * 7919) % 300));
                    x * x
                },
                |i, r| {
                    seen.push((i, r));
                    Ok(())
                },
            )
            .unwrap();
            let expected: Vec<(usize, u64)> = items.iter().map(|&x| (x as usize, x * x)).collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }

    #[test]
    fn a_panicking_worker_ends_the_run_with_its_panic() {
        let items: Vec<u32> = (0..1000).collect();
        let result = std::panic::catch_unwind(|| {
            ordered(
                &items,
                2,
                || (),
                |_, &x| if x == 3 { panic!("boom") } else { x },
                |_, _| Ok(()),
            )
        });
        assert!(result.is_err());
    }

    #[test]
    fn a_panicking_consumer_ends_the_run_with_its_panic() {
        let items: Vec<u32> = (0..10_000).collect();
        let result = std::panic::catch_unwind(|| {
            ordered(
                &items,
                2,
                || (),
                |_, &x| x,
                |i, _| match i {
                    5 => panic!("boom"),
                    _ => Ok(()),
                },
            )
        });
        assert!(result.is_err());
    }

    #[test]
    fn an_error_of_the_consumer_stops_the_run() {
        let items: Vec<u32> = (0..10_000).collect();
        let started = std::sync::atomic::AtomicUsize::new(0);
        let result = ordered(
            &items,
            2,
            || (),
            |_, &x| {
                started.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                x
            },
            |i, _| {
                if i == 10 {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert!(started.load(std::sync::atomic::Ordering::Relaxed) < 100);
    }
}
