//! Decision document numbers (文号) are written in many ways: full- or half-width
//! characters, 〔〕 or [] or （） around the year, spaces, leading zeros. The key used
//! for uniqueness ignores all of that.

/// The comparison key of a document number.
pub fn normalise(number: &str) -> String {
    let mut unified = String::with_capacity(number.len());
    for c in number.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        let c = match c {
            '〔' | '【' | '［' | '(' | '[' | '〈' | '《' | '{' => '[',
            '〕' | '】' | '］' | ')' | ']' | '〉' | '》' | '}' => ']',
            c => c,
        };
        if !c.is_whitespace() {
            unified.push(c.to_ascii_uppercase());
        }
    }
    // Leading zeros of numbers: 第015号 and 第15号 are one document.
    let mut out = String::with_capacity(unified.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if !digits.is_empty() {
            let trimmed = digits.trim_start_matches('0');
            out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
            digits.clear();
        }
    };
    for c in unified.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_number_share_a_key() {
        let key = normalise("新城管罚决字〔2022〕第15号");
        for variant in [
            "新城管罚决字[2022]第15号",
            "新城管罚决字（2022）第 15 号",
            "新城管罚决字【2022】第015号",
            " 新城管罚决字［２０２２］第１５号 ",
        ] {
            assert_eq!(normalise(variant), key, "{variant}");
        }
        assert_ne!(normalise("新城管罚决字〔2022〕第16号"), key);
        assert_ne!(normalise("新城管罚决字〔2021〕第15号"), key);
        assert_eq!(normalise("abc-0"), "ABC-0");
    }
}
