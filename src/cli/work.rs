//! Running many independent diagrams on all cores, with a progress bar on a
//! terminal. Results come back in input order, so the output of a parallel
//! run is the same as that of a one-at-a-time run.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long work may run before a progress bar appears.
const PROGRESS_AFTER: Duration = Duration::from_millis(400);

/// Environment variable that replaces [`PROGRESS_AFTER`] (in milliseconds),
/// so that tests can see the bar without depending on how fast the machine is.
const PROGRESS_AFTER_VAR: &str = "MERMAID_RENDER_PROGRESS_AFTER_MS";

/// [`PROGRESS_AFTER`], or the value of [`PROGRESS_AFTER_VAR`] when it holds a
/// number of milliseconds.
fn progress_after() -> Duration {
    std::env::var(PROGRESS_AFTER_VAR)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map_or(PROGRESS_AFTER, Duration::from_millis)
}

/// `f` applied to every item, on up to `jobs` threads; results in item
/// order. With `progress`, a bar is drawn on standard error while the work
/// takes longer than a moment (only when standard error is a terminal).
pub fn map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    progress: bool,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let jobs = jobs.clamp(1, items.len().max(1));
    let progress = progress && items.len() > 1 && std::io::stderr().is_terminal();
    if jobs == 1 && !progress {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let result = f(item);
                if let Ok(mut slots) = results.lock() {
                    slots[i] = Some(result);
                }
                done.fetch_add(1, Ordering::Release);
            });
        }
        if progress {
            let start = Instant::now();
            let after = progress_after();
            let mut drawn = None;
            loop {
                let finished = done.load(Ordering::Acquire);
                if finished >= items.len() {
                    break;
                }
                if start.elapsed() >= after && drawn != Some(finished) {
                    draw(finished, items.len());
                    drawn = Some(finished);
                }
                std::thread::sleep(Duration::from_millis(80));
            }
            if drawn.is_some() {
                // Clear the bar's line.
                let _ = std::io::stderr().lock().write_all(b"\r\x1b[2K");
            }
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// One frame of the progress bar: `[#######.........]  12/40 diagrams`.
fn draw(done: usize, total: usize) {
    const WIDTH: usize = 30;
    let filled = done * WIDTH / total.max(1);
    let bar = format!(
        "\r\x1b[2K[{}{}] {done:>width$}/{total} diagrams",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        width = total.to_string().len()
    );
    let _ = std::io::stderr().lock().write_all(bar.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_on_many_threads() {
        let items: Vec<u64> = (0..500).collect();
        let out = map(&items, 4, false, |&x| {
            // Uneven work so threads finish out of order.
            (0..(x % 7) * 1000).fold(x, |a, b| a.wrapping_add(b) % 1_000_003)
        });
        let serial: Vec<u64> = items
            .iter()
            .map(|&x| (0..(x % 7) * 1000).fold(x, |a, b| a.wrapping_add(b) % 1_000_003))
            .collect();
        assert_eq!(out, serial);
    }

    #[test]
    fn empty_input_gives_empty_output() {
        let out: Vec<u8> = map(&[] as &[u8], 8, true, |&x| x);
        assert!(out.is_empty());
    }
}
