//! `/api/docs`: a browsable reference rendered on the server from the OpenAPI document.
//! It needs no script and no internet (nothing is fetched from a CDN), so it works on
//! the bureau's closed network.

use std::fmt::Write;

use actix_web::{web, HttpResponse};
use api_types::ErrorCode;
use serde_json::Value;

use crate::error::status_of;
use crate::state::AppState;

pub async fn docs_page(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-cache"))
        // The page's one inline stylesheet, allowed by its hash (no inline script).
        .insert_header((
            "Content-Security-Policy",
            crate::http::security::policy_with_inline_style(CSS),
        ))
        .body(state.docs_html.clone())
}

pub async fn openapi_json(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Cache-Control", "no-cache"))
        .body(state.openapi_json.clone())
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn anchor(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A short human form of a schema: `string (uuid)`, `array of Unit`, `Unit`.
fn type_label(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{}\">{}</a>", anchor(name), esc(name));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            let labels: Vec<String> = parts
                .iter()
                .filter(|p| p.get("type").and_then(Value::as_str) != Some("null"))
                .map(type_label)
                .collect();
            let joined = labels.join(if key == "allOf" { " &amp; " } else { " | " });
            let nullable = parts
                .iter()
                .any(|p| p.get("type").and_then(Value::as_str) == Some("null"));
            return if nullable {
                format!("{joined} (nullable)")
            } else {
                joined
            };
        }
    }
    let kind = match schema.get("type") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| *s != "null")
            .collect::<Vec<_>>()
            .join(" | "),
        _ => String::from("any"),
    };
    if kind == "array" {
        let item = schema
            .get("items")
            .map(type_label)
            .unwrap_or_else(|| "any".into());
        return format!("array of {item}");
    }
    let mut label = esc(&kind);
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        let _ = write!(label, " ({})", esc(format));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let list: Vec<String> = values
            .iter()
            .filter_map(Value::as_str)
            .map(|v| format!("<code>{}</code>", esc(v)))
            .collect();
        let _ = write!(label, ": {}", list.join(", "));
    }
    label
}

/// One operation: method, path and its OpenAPI object.
type Operation<'a> = (String, String, &'a Value);

/// Renders the whole page.
pub fn render(spec: &Value) -> String {
    let mut html = String::new();
    let title = spec
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("API");
    let version = spec
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("");
    let description = spec
        .pointer("/info/description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let _ = write!(
        html,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} {v}</title><style>{css}</style></head><body><header><h1>{t} <small>{v}</small></h1>\
         <p>{d}</p><p><a href=\"/api/v1/openapi.json\">openapi.json</a> · <a href=\"#problems\">Problem codes</a> · \
         <a href=\"#schemas\">Schemas</a></p></header><main>",
        t = esc(title),
        v = esc(version),
        d = esc(description),
        css = CSS
    );

    // Operations grouped by their first tag, in document order.
    let mut groups: Vec<(String, Vec<Operation>)> = Vec::new();
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    let tag = op
                        .pointer("/tags/0")
                        .and_then(Value::as_str)
                        .unwrap_or("other")
                        .to_string();
                    let entry = (method.to_string(), path.clone(), op);
                    match groups.iter_mut().find(|(t, _)| *t == tag) {
                        Some((_, ops)) => ops.push(entry),
                        None => groups.push((tag, vec![entry])),
                    }
                }
            }
        }
    }
    html.push_str("<nav><ul>");
    for (tag, _) in &groups {
        let _ = write!(
            html,
            "<li><a href=\"#tag-{}\">{}</a></li>",
            anchor(tag),
            esc(tag)
        );
    }
    html.push_str("</ul></nav>");

    for (tag, ops) in &groups {
        let _ = write!(
            html,
            "<section id=\"tag-{}\"><h2>{}</h2>",
            anchor(tag),
            esc(tag)
        );
        for (method, path, op) in ops {
            render_operation(&mut html, spec, method, path, op);
        }
        html.push_str("</section>");
    }

    html.push_str("<section id=\"problems\"><h2>Problem codes</h2><p>Every error is <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code>.</p><table><tr><th>code</th><th>status</th><th>title</th></tr>");
    for code in ErrorCode::ALL {
        let _ = write!(
            html,
            "<tr id=\"problem-{c}\"><td><code>{c}</code></td><td>{s}</td><td>{t}</td></tr>",
            c = code.as_str(),
            s = status_of(*code).as_u16(),
            t = esc(code.title())
        );
    }
    html.push_str("</table></section>");

    html.push_str("<section id=\"schemas\"><h2>Schemas</h2>");
    if let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            render_schema(&mut html, name, schema);
        }
    }
    html.push_str("</section></main></body></html>");
    html
}

fn render_operation(html: &mut String, spec: &Value, method: &str, path: &str, op: &Value) {
    let summary = op.get("summary").and_then(Value::as_str).unwrap_or("");
    let id = op
        .get("operationId")
        .and_then(Value::as_str)
        .unwrap_or(path);
    let _ = write!(
        html,
        "<details class=\"op\" id=\"op-{a}\"><summary><span class=\"m {m}\">{M}</span> <code>{p}</code> {s}</summary>",
        a = anchor(id),
        m = method,
        M = method.to_uppercase(),
        p = esc(path),
        s = esc(summary)
    );
    if let Some(desc) = op.get("description").and_then(Value::as_str) {
        for para in desc.split("\n\n") {
            let _ = write!(html, "<p>{}</p>", esc(para));
        }
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array) {
        html.push_str("<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>required</th><th>description</th></tr>");
        for p in params {
            // Shared parameters (If-Match, Idempotency-Key) are references.
            let p = match p.get("$ref").and_then(Value::as_str) {
                Some(reference) => spec.pointer(reference.trim_start_matches('#')).unwrap_or(p),
                None => p,
            };
            let _ = write!(
                html,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(p.get("name").and_then(Value::as_str).unwrap_or("")),
                esc(p.get("in").and_then(Value::as_str).unwrap_or("")),
                p.get("schema").map(type_label).unwrap_or_default(),
                if p.get("required").and_then(Value::as_bool).unwrap_or(false) {
                    "yes"
                } else {
                    ""
                },
                esc(p.get("description").and_then(Value::as_str).unwrap_or(""))
            );
        }
        html.push_str("</table>");
    }
    if let Some(content) = op
        .pointer("/requestBody/content")
        .and_then(Value::as_object)
    {
        html.push_str("<h4>Request body</h4><ul>");
        for (media, body) in content {
            let label = body.get("schema").map(type_label).unwrap_or_default();
            let _ = write!(html, "<li><code>{}</code>: {}</li>", esc(media), label);
        }
        html.push_str("</ul>");
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        html.push_str(
            "<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>body</th></tr>",
        );
        for (status, response) in responses {
            let body = response
                .get("content")
                .and_then(Value::as_object)
                .map(|content| {
                    content
                        .iter()
                        .map(|(media, b)| {
                            format!(
                                "<code>{}</code> {}",
                                esc(media),
                                b.get("schema").map(type_label).unwrap_or_default()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("<br>")
                })
                .unwrap_or_default();
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(status),
                esc(response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")),
                body
            );
        }
        html.push_str("</table>");
    }
    html.push_str("</details>");
}

fn render_schema(html: &mut String, name: &str, schema: &Value) {
    let _ = write!(
        html,
        "<details class=\"schema\" id=\"schema-{}\"><summary><code>{}</code>",
        anchor(name),
        esc(name)
    );
    if let Some(desc) = schema.get("description").and_then(Value::as_str) {
        let _ = write!(html, " — {}", esc(desc));
    }
    html.push_str("</summary>");
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut properties: Vec<(&String, &Value)> = Vec::new();
    let parts = schema.get("allOf").and_then(Value::as_array);
    for part in std::iter::once(schema).chain(parts.into_iter().flatten()) {
        if let Some(props) = part.get("properties").and_then(Value::as_object) {
            properties.extend(props.iter());
        }
    }
    if properties.is_empty() {
        let _ = write!(html, "<p>{}</p>", type_label(schema));
    } else {
        html.push_str(
            "<table><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr>",
        );
        for (field, prop) in properties {
            let _ = write!(
                html,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(field),
                type_label(prop),
                if required.contains(&field.as_str()) {
                    "yes"
                } else {
                    ""
                },
                esc(prop
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or(""))
            );
        }
        html.push_str("</table>");
    }
    html.push_str("</details>");
}

const CSS: &str = "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;color:#1d2733;background:#f6f7f9}\
header{background:#1f4e79;color:#fff;padding:1rem 2rem}header a{color:#cfe3ff}h1 small{font-weight:normal;font-size:.6em}\
main{padding:1rem 2rem;max-width:1100px}nav ul{display:flex;flex-wrap:wrap;gap:.5rem 1rem;list-style:none;padding:0}\
details{background:#fff;border:1px solid #d8dde3;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}\
summary{cursor:pointer}summary:focus-visible,a:focus-visible{outline:3px solid #f0a500}\
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font-weight:600;font-size:.85em}\
.get{background:#2e7d32}.post{background:#1565c0}.put{background:#6a1b9a}.patch{background:#ef6c00}.delete{background:#c62828}\
table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{border:1px solid #e1e5ea;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef2f6}code{font-family:ui-monospace,monospace}";
