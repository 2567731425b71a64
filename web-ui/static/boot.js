// Starts the SPA. A file rather than an inline script, so that the Content-Security-Policy
// can forbid inline scripts; build.sh fills in the content-hashed names.
import init from "/web-ui-@WASM_HASH@.js";
init({ module_or_path: "/web-ui-@WASM_HASH@_bg.wasm" });
