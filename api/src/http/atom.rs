//! Atom feeds (RFC 4287) of public records: one writer for every feed, so escaping,
//! links and caching are the same everywhere.

use std::fmt::Write;

use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

/// One entry of a feed.
pub struct FeedEntry {
    /// A URN (`urn:uuid:…`).
    pub id: String,
    pub title: String,
    pub updated: DateTime<Utc>,
    /// Path of the entry's page on this server (`/disclosure/…`).
    pub link: String,
    /// The entry's author (the issuing unit), if any.
    pub author: Option<String>,
    pub summary: String,
}

/// A feed being written.
pub struct Feed {
    base: String,
    title: String,
    subtitle: String,
    id: String,
    self_path: String,
    entries: Vec<FeedEntry>,
}

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    // XML 1.0 has no place for other control characters: one would spoil the feed.
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Feed {
    /// A feed served at `self_path` of the host `req` came to.
    pub fn new(req: &HttpRequest, title: &str, subtitle: &str, id: &str, self_path: &str) -> Feed {
        let info = req.connection_info();
        Feed {
            base: format!("{}://{}", info.scheme(), info.host()),
            title: title.into(),
            subtitle: subtitle.into(),
            id: id.into(),
            self_path: self_path.into(),
            entries: Vec::new(),
        }
    }

    pub fn entry(&mut self, entry: FeedEntry) {
        self.entries.push(entry);
    }

    /// The feed as the answer (`application/atom+xml`, cacheable for a minute).
    pub fn respond(self) -> HttpResponse {
        let base = xml(&self.base);
        let updated = self
            .entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or_else(Utc::now);
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
        );
        let _ = writeln!(out, "  <title>{}</title>", xml(&self.title));
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml(&self.subtitle));
        let _ = writeln!(out, "  <id>{}</id>", xml(&self.id));
        let _ = writeln!(
            out,
            "  <link rel=\"self\" href=\"{base}{}\"/>",
            xml(&self.self_path)
        );
        let _ = writeln!(out, "  <updated>{}</updated>", updated.to_rfc3339());
        for e in &self.entries {
            let _ = writeln!(out, "  <entry>");
            let _ = writeln!(out, "    <id>{}</id>", xml(&e.id));
            let _ = writeln!(out, "    <title>{}</title>", xml(&e.title));
            let _ = writeln!(out, "    <link href=\"{base}{}\"/>", xml(&e.link));
            let _ = writeln!(out, "    <updated>{}</updated>", e.updated.to_rfc3339());
            if let Some(author) = &e.author {
                let _ = writeln!(out, "    <author><name>{}</name></author>", xml(author));
            }
            let _ = writeln!(out, "    <summary>{}</summary>", xml(&e.summary));
            let _ = writeln!(out, "  </entry>");
        }
        out.push_str("</feed>\n");
        HttpResponse::Ok()
            .content_type("application/atom+xml; charset=utf-8")
            .insert_header(("Cache-Control", "public, max-age=60"))
            .body(out)
    }
}
