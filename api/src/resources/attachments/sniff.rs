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

fn package(bytes: &[u8]) -> Option<FileType> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .collect::<Result<Vec<_>, _>>()
        .ok()?
        .into_iter()
        .map(|name| name.into_owned())
        .collect();
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if names
        .iter()
        .any(|n| n.to_ascii_lowercase().ends_with("vbaproject.bin"))
    {
        return None;
    }
    if has("OFD.xml") {
        return Some(FileType::Ofd);
    }
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(FileType::Docx)
    } else if has("xl/workbook.xml") {
        Some(FileType::Xlsx)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(parts: &[&str]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for part in parts {
            zip.start_file(*part, zip::write::SimpleFileOptions::default())
                .expect("part");
            zip.write_all(b"<x/>").expect("write");
        }
        zip.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn signatures_and_packages_are_recognised() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileType::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(FileType::Jpeg));
        let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
        assert_eq!(sniff(&docx), Some(FileType::Docx));
        let xlsx = zip_with(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(sniff(&xlsx), Some(FileType::Xlsx));
        let ofd = zip_with(&["OFD.xml", "Doc_0/Document.xml"]);
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
        // A truncated package.
        assert_eq!(sniff(b"PK\x03\x04 broken"), None);
    }
}
