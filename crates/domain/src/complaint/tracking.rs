//! The citizen's tracking code: 10 symbols of Crockford's base 32 (50 bits), written in two
//! groups, e.g. `ADU-7K3M9-Q2TXW`. The alphabet has no I, L, O or U, so a code read aloud or
//! copied from paper survives; typing mistakes of those letters are read as the digits they
//! look like, and case, spaces and dashes do not matter.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const PREFIX: &str = "ADU";
const SYMBOLS: usize = 10;

/// The code for 50 random bits (the caller supplies them from the operating system).
pub fn from_bits(bits: u64) -> String {
    let s: String = (0..SYMBOLS).map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char).collect();
    format!("{PREFIX}-{}-{}", &s[..5], &s[5..])
}

/// The stored form of what a citizen typed, or `None` if it cannot be a code.
pub fn normalise(input: &str) -> Option<String> {
    let mut s: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase();
    if let Some(rest) = s.strip_prefix(PREFIX) {
        s = rest.to_string();
    }
    if s.chars().count() != SYMBOLS {
        return None;
    }
    let mapped: Option<String> = s
        .chars()
        .map(|c| match c {
            'I' | 'L' => Some('1'),
            'O' => Some('0'),
            c if ALPHABET.contains(&(c as u8)) && c.is_ascii() => Some(c),
            _ => None,
        })
        .collect();
    mapped.map(|m| format!("{PREFIX}-{}-{}", &m[..5], &m[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_typed() {
        let code = from_bits(0x3_1234_5678_9ABC);
        assert_eq!(code.len(), 15);
        assert_eq!(normalise(&code).as_deref(), Some(code.as_str()));
        assert_eq!(normalise(&code.to_lowercase().replace('-', " ")).as_deref(), Some(code.as_str()));
        assert_eq!(normalise(&code[4..]).as_deref(), Some(code.as_str()), "the prefix may be left out");
        assert_eq!(normalise("ADU-O1IL0-00000").as_deref(), Some("ADU-01110-00000"));
        assert_eq!(normalise("ADU-12345"), None);
        assert_eq!(normalise("ADU-1234U-00000"), None, "U is not in the alphabet");
        assert_eq!(normalise("<script>alert(1)</script>"), None);
        assert_eq!(normalise("ADU-ÄÄÄÄÄ-00000"), None);
    }

    #[test]
    fn distinct_bits_give_distinct_codes() {
        assert_ne!(from_bits(1), from_bits(2));
        assert_ne!(from_bits(1 << 45), from_bits(1 << 40));
    }
}
