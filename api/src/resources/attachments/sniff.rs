//! What a file is, from its bytes: the client's name and media type are never trusted.
//! PDF, PNG and JPEG carry a signature at the start; Word, Excel and OFD files are zip
//! packages told apart by the parts they contain.

use std::io::Cursor;

use api_types::attachments::FileType;

/// The type of `bytes`, if it is one the platform keeps. A macro-enabled Office file is
/// not (its parts include a VBA project).
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileType::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileType::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileType::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return package(bytes);
    }
    None
}

/// The most parts a package may have (a real document has dozens; a zip of half a
/// million empty entries only costs memory to list).
const MAX_PARTS: usize = 5_000;
/// The largest package part read to decide the type.
const MAX_PART_BYTES: u64 = 1024 * 1024;

/// Parts that carry code or embedded programs, whatever the package says they are.
const ACTIVE_PARTS: &[&str] = &["vbaproject", "activex", "oleobject", "vbadata"];

fn package(bytes: &[u8]) -> Option<FileType> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    if archive.len() > MAX_PARTS {
        return None;
    }
    let names: Vec<String> = archive
        .file_names()
        .collect::<Result<Vec<_>, _>>()
        .ok()?
        .into_iter()
        .map(|name| name.to_ascii_lowercase())
        .collect();
    if names
        .iter()
        .any(|n| ACTIVE_PARTS.iter().any(|part| n.contains(part)))
    {
        return None;
    }
    if names.iter().any(|n| n == "ofd.xml") {
        // An OFD package names its document body in OFD.xml.
        let root = read_part(&mut archive, "OFD.xml")?;
        return root.contains("DocBody").then_some(FileType::Ofd);
    }
    // Office Open XML: the main part's declared type decides, so a macro-enabled
    // document (whose main part type says so) is refused whatever its parts are named.
    let types = read_part(&mut archive, "[Content_Types].xml")?.to_ascii_lowercase();
    if types.contains("macroenabled") || types.contains("vbaproject") {
        return None;
    }
    if types.contains("wordprocessingml.document.main+xml") {
        Some(FileType::Docx)
    } else if types.contains("spreadsheetml.sheet.main+xml") {
        Some(FileType::Xlsx)
    } else {
        None
    }
}

/// The text of the part `name` (at most [`MAX_PART_BYTES`]), if the package has it.
fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    use std::io::Read;
    let index = archive
        .file_names()
        .position(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))?;
    let part = archive.by_index(index).ok()?;
    let mut text = String::new();
    part.take(MAX_PART_BYTES).read_to_string(&mut text).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A package of `parts` (name, content).
    fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, content) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("part");
            zip.write_all(content.as_bytes()).expect("write");
        }
        zip.finish().expect("finish");
        out.into_inner()
    }

    fn zip_with(parts: &[&str]) -> Vec<u8> {
        let named: Vec<(&str, &str)> = parts.iter().map(|p| (*p, "<x/>")).collect();
        zip_of(&named)
    }

    const DOCX_TYPES: &str = r#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const XLSX_TYPES: &str = r#"<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
    const DOCM_TYPES: &str = r#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/><Override PartName="/word/x.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>"#;

    #[test]
    fn signatures_and_packages_are_recognised() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileType::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(FileType::Jpeg));
        let docx = zip_of(&[
            ("[Content_Types].xml", DOCX_TYPES),
            ("word/document.xml", "<w/>"),
        ]);
        assert_eq!(sniff(&docx), Some(FileType::Docx));
        let xlsx = zip_of(&[
            ("[Content_Types].xml", XLSX_TYPES),
            ("xl/workbook.xml", "<x/>"),
        ]);
        assert_eq!(sniff(&xlsx), Some(FileType::Xlsx));
        let ofd = zip_of(&[
            ("OFD.xml", "<ofd:OFD><ofd:DocBody/></ofd:OFD>"),
            ("Doc_0/Document.xml", "<d/>"),
        ]);
        assert_eq!(sniff(&ofd), Some(FileType::Ofd));
    }

    #[test]
    fn other_files_are_not() {
        assert_eq!(sniff(b"MZ\x90\x00 an executable"), None);
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b""), None);
        // A zip that is not an Office document, and a macro-enabled workbook.
        assert_eq!(sniff(&zip_with(&["payload.exe"])), None);
        let xlsm = zip_with(&[
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/vbaProject.bin",
        ]);
        assert_eq!(sniff(&xlsm), None);
        // A macro-enabled document whose VBA part has another name: its declared types
        // give it away.
        let docm = zip_of(&[
            ("[Content_Types].xml", DOCM_TYPES),
            ("word/document.xml", "<w/>"),
            ("word/x.bin", "x"),
        ]);
        assert_eq!(sniff(&docm), None);
        // An embedded program.
        let ole = zip_of(&[
            ("[Content_Types].xml", DOCX_TYPES),
            ("word/document.xml", "<w/>"),
            ("word/embeddings/oleObject1.bin", "x"),
        ]);
        assert_eq!(sniff(&ole), None);
        // Parts named like a document without its declared types; an OFD without a
        // document body.
        let bare = zip_with(&["[Content_Types].xml", "word/document.xml"]);
        assert_eq!(sniff(&bare), None);
        assert_eq!(sniff(&zip_of(&[("OFD.xml", "<x/>")])), None);
        // A truncated package.
        assert_eq!(sniff(b"PK\x03\x04 broken"), None);
    }
}
