//! Which bytes a text holds, as one word: a row whose set lacks a byte of the search text cannot hold it, and
//! is passed over without reading its text (at 100,000 customers most rows are, for most texts).

/// The bytes of a text folded into 64 bits: each lower-case letter, digit, space, dot and dash its own bit
/// (what company names and domains are mostly made of, lower-cased for search), every other byte sharing
/// the remaining 25 bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByteSet(u64);

/// The bit of each byte.
const BIT: [u8; 256] = {
    let mut bit = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        bit[b] = match byte {
            b'a'..=b'z' => byte - b'a',
            b'0'..=b'9' => 26 + byte - b'0',
            b' ' => 36,
            b'.' => 37,
            b'-' => 38,
            _ => 39 + byte % 25,
        };
        b += 1;
    }
    bit
};

impl ByteSet {
    /// The bytes of `text`.
    pub fn of(text: &[u8]) -> ByteSet {
        ByteSet(text.iter().fold(0, |set, byte| set | 1 << BIT[*byte as usize]))
    }

    /// Whether every byte of `other` may be in this set (`false`: one of them is surely not).
    pub fn may_hold(self, other: ByteSet) -> bool {
        self.0 & other.0 == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_lacking_a_byte_is_told_apart_and_one_holding_them_all_never() {
        let hay = ByteSet::of("müller bau\nmueller.onmicrosoft.com".as_bytes());
        for held in ["müller", "bau\nmue", "t.com", "ü", ""] {
            assert!(hay.may_hold(ByteSet::of(held.as_bytes())), "{held}");
        }
        for lacking in ["z", "4", "-", "muellerz"] {
            assert!(!hay.may_hold(ByteSet::of(lacking.as_bytes())), "{lacking}");
        }
    }
}
