//! What the public may see of a party: natural persons' names masked to the surname
//! (张三 → 张某, 张三丰 → 张某某, 欧阳修 → 欧阳某), and their names and ID numbers
//! removed from every other public text field.

/// Two-character (compound) surnames, checked before the one-character rule.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛",
    "尉迟", "公羊", "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容",
    "仲孙", "钟离", "长孙", "宇文", "司徒", "鲜于", "司空", "闾丘", "子车", "亓官", "司寇", "巫马",
    "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正", "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐",
    "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生", "梁丘", "左丘", "东门", "西门", "第五",
    "南荣", "东里", "仲长", "即墨", "达奚", "褚师",
];

const MASK: char = '某';

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Masks a natural person's name.
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let chars: Vec<char> = name.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    if !chars.iter().all(|c| is_cjk(*c) || *c == '·' || *c == '•') {
        // A name in Latin letters (or mixed): keep only the first letter.
        return format!("{}**", chars[0]);
    }
    if chars.contains(&'·') || chars.contains(&'•') {
        // Transliterated names (买买提·吐尔逊): the first character and a fixed mask,
        // so the length of the name is not revealed either.
        return format!("{}{MASK}{MASK}", chars[0]);
    }
    let prefix: String = chars.iter().take(2).collect();
    let surname_len = if chars.len() >= 3 && COMPOUND_SURNAMES.contains(&prefix.as_str()) {
        2
    } else {
        1
    };
    let surname: String = chars.iter().take(surname_len).collect();
    let masked = chars.len().saturating_sub(surname_len).max(1);
    format!("{surname}{}", MASK.to_string().repeat(masked))
}

/// Replaces a natural person's name and ID number wherever they appear in `text`.
pub fn scrub(text: &str, name: &str, id_number: Option<&str>) -> String {
    let mut out = text.to_string();
    let name = name.trim();
    if name.chars().count() >= 2 {
        out = out.replace(name, &mask_name(name));
    }
    if let Some(id) = id_number.map(str::trim).filter(|id| !id.is_empty()) {
        out = out.replace(id, "******************");
        out = out.replace(&id.to_lowercase(), "******************");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_and_three_character_names() {
        assert_eq!(mask_name("张三"), "张某");
        assert_eq!(mask_name("张三丰"), "张某某");
        assert_eq!(mask_name(" 李四 "), "李某");
        assert_eq!(mask_name("王"), "王某");
    }

    #[test]
    fn compound_surnames_keep_both_characters() {
        assert_eq!(mask_name("欧阳修"), "欧阳某");
        assert_eq!(mask_name("欧阳娜娜"), "欧阳某某");
        assert_eq!(mask_name("司马相如"), "司马某某");
        assert_eq!(mask_name("诸葛亮"), "诸葛某");
        // Two characters are a surname and a given name, even if they could be a
        // compound surname.
        assert_eq!(mask_name("司马"), "司某");
        // Not a compound surname: one character kept.
        assert_eq!(mask_name("马司令"), "马某某");
    }

    #[test]
    fn other_scripts() {
        assert_eq!(mask_name("买买提·吐尔逊"), "买某某");
        assert_eq!(mask_name("John Smith"), "J**");
    }

    #[test]
    fn scrubbing_other_fields() {
        let text = "张三丰（身份证号11010519491231002X）未经批准设置户外广告";
        let out = scrub(text, "张三丰", Some("11010519491231002X"));
        assert!(
            !out.contains("张三丰") && !out.contains("11010519491231002X"),
            "{out}"
        );
        assert!(out.starts_with("张某某"));
    }
}
