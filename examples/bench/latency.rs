//! Percentiles of measured durations, shared by the benchmark examples.

#![allow(dead_code)] // each example uses a different part

use std::time::Duration;

/// The `q` quantile (0..=1) of `times`, nearest rank; sorts `times`.
pub fn quantile(times: &mut [Duration], q: f64) -> Duration {
    times.sort_unstable();
    if times.is_empty() {
        return Duration::ZERO;
    }
    times[((times.len() - 1) as f64 * q).round() as usize]
}

/// Print `NAME_p50_us`, `NAME_p99_us`, `NAME_max_us` and `NAME_mean_us` lines for the scripts.
pub fn print_us(name: &str, times: &mut [Duration]) {
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let mean = times.iter().sum::<Duration>().as_secs_f64() * 1e6 / times.len().max(1) as f64;
    println!("{name}_p50_us {:.1}", us(quantile(times, 0.5)));
    println!("{name}_p99_us {:.1}", us(quantile(times, 0.99)));
    println!("{name}_max_us {:.1}", us(quantile(times, 1.0)));
    println!("{name}_mean_us {mean:.1}");
}
