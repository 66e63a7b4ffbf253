//! How long to wait before the next try after a failure: exponential from one second, capped at a minute,
//! with jitter so that many devices coming back at once do not hit the server together.

/// The first delay, in milliseconds.
pub const FIRST_MS: u64 = 1_000;
/// The longest delay, in milliseconds.
pub const CAP_MS: u64 = 60_000;

/// The delay before try number `attempt + 1` (`attempt` failures so far, from 1), given `random` in `[0, 1)`:
/// between half and all of `min(CAP, FIRST · 2^(attempt-1))`.
pub fn delay_ms(attempt: u32, random: f64) -> u64 {
    let exp = FIRST_MS.saturating_mul(1u64 << attempt.saturating_sub(1).min(16));
    let ceiling = exp.min(CAP_MS) as f64;
    let r = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.5 };
    (ceiling * (0.5 + 0.5 * r)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_from_a_second_and_stops_at_a_minute() {
        assert_eq!(delay_ms(1, 0.999_999), 999);
        assert_eq!(delay_ms(1, 0.0), 500);
        assert_eq!(delay_ms(3, 0.0), 2_000);
        for attempt in [7, 8, 30, u32::MAX] {
            assert!(delay_ms(attempt, 0.999) <= CAP_MS);
            assert!(delay_ms(attempt, 0.0) >= CAP_MS / 2);
        }
    }

    #[test]
    fn jitter_spreads_the_delay_and_bad_random_values_are_tamed() {
        assert!(delay_ms(4, 0.1) < delay_ms(4, 0.9));
        assert_eq!(delay_ms(2, f64::NAN), delay_ms(2, 0.5));
        assert_eq!(delay_ms(2, 7.0), 2_000);
    }
}
