//! Offering a body the SPA fetched (with its token) to the browser as a file: an NDJSON
//! export, a workbook, a template.

use wasm_bindgen::JsCast;

/// Offers `blob` to the browser as a file called `name`.
pub fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    link.set_href(&url);
    link.set_download(name);
    // Some browsers only download from a link in the page, and cancel the download
    // when its URL is revoked at once.
    let body = document.body().ok_or("no body")?;
    body.append_child(&link).map_err(fail)?;
    link.click();
    link.remove();
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)
        .map_err(fail)?;
    Ok(())
}

fn blob_of(part: &wasm_bindgen::JsValue, media_type: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))
}

/// Offers `text` as a file called `name` of type `media_type`.
pub fn save_text(name: &str, text: &str, media_type: &str) -> Result<(), String> {
    save_blob(
        name,
        &blob_of(&wasm_bindgen::JsValue::from_str(text), media_type)?,
    )
}

/// Offers `bytes` as a file called `name` of type `media_type`.
pub fn save_bytes(name: &str, bytes: &[u8], media_type: &str) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    save_blob(name, &blob_of(&array.into(), media_type)?)
}
