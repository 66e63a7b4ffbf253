//! The search text made ready for the few dozen bytes of each row's fields.

/// A search text (not empty) compared eight bytes at a time, and looked for by its rarest byte. Comparing
/// slices calls a byte-comparing function for every place tried, and a general substring searcher sets
/// itself up on every call; at 100,000 customers either took most of a keystroke's search.
pub struct Pattern<'a> {
    bytes: &'a [u8],
    /// Each run of eight bytes (the last one with fewer, the rest zero), and which of a word's bits it fills.
    words: Vec<(u64, u64)>,
    /// Where in the text its rarest byte is: the places the text could start are found by that byte.
    anchor: usize,
}

/// Up to eight bytes as a word, the rest zero.
#[inline(always)]
fn word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => {
            let mut word = [0; 8];
            word[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(word)
        }
    }
}

/// How common a byte is in the lower-case company names and domains searched (every domain ends in
/// ".onmicrosoft.com"): higher for the bytes of `COMMON`, the most common first; 0 for any other.
fn commonness(byte: u8) -> usize {
    const COMMON: &[u8] = b"o.mcnirstfe ahludgbpkwyvz-";
    COMMON.iter().position(|b| *b == byte).map_or(0, |at| COMMON.len() - at)
}

impl<'a> Pattern<'a> {
    /// `bytes`, which must not be empty, made ready.
    pub fn new(bytes: &'a [u8]) -> Pattern<'a> {
        let mask = |n: usize| u64::MAX >> (64 - 8 * n);
        let words = bytes.chunks(8).map(|run| (word(run), mask(run.len()))).collect();
        let anchor = (0..bytes.len()).min_by_key(|&at| commonness(bytes[at])).unwrap_or(0);
        Pattern { bytes, words, anchor }
    }

    /// Whether the text occurs in `hay` starting at byte `at`.
    #[inline(always)]
    pub fn is_at(&self, hay: &[u8], at: usize) -> bool {
        let Some(rest) = hay.get(at..).filter(|rest| rest.len() >= self.bytes.len()) else { return false };
        let mut from = 0;
        for &(expected, mask) in &self.words {
            // The hay's next eight bytes where it has them: the mask leaves out those past the text.
            if (word(&rest[from..rest.len().min(from + 8)]) ^ expected) & mask != 0 {
                return false;
            }
            from += 8;
        }
        true
    }

    /// Whether the text occurs anywhere in `hay`.
    pub fn is_in(&self, hay: &[u8]) -> bool {
        let Some(last_start) = hay.len().checked_sub(self.bytes.len()) else { return false };
        let k = self.anchor;
        memchr::memchr_iter(self.bytes[k], &hay[k..=last_start + k]).any(|at| self.is_at(hay, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_found_at_every_place_it_starts_and_nowhere_else() {
        let hay = "kunde 12 straße gmbh & co. kg\nkunde12.onmicrosoft.com".as_bytes();
        for len in 1..=hay.len() {
            for start in 0..=hay.len() - len {
                let text = &hay[start..start + len];
                let pattern = Pattern::new(text);
                for at in 0..=hay.len() {
                    assert_eq!(pattern.is_at(hay, at), hay[at..].starts_with(text), "{text:?} at {at}");
                }
                assert!(pattern.is_in(hay));
            }
        }
        for missing in ["kunde 13", "gmbh & co. kg\nkunde12.onmicrosoft.comx", "straße gmbh  ", "ß g"] {
            assert!(!Pattern::new(missing.as_bytes()).is_in(hay), "{missing}");
        }
    }
}
