//! `#[contract]`: the validation rules of a DTO are stated once, as its `validator`
//! attributes, and this attribute derives the OpenAPI schema constraints from them, so
//! the published contract and what the server enforces cannot drift.
//!
//! Put `#[contract]` above `#[derive(...)]` on a struct with named fields. For every field
//! it reads the `#[validate(...)]` attributes and adds the equivalent
//! `#[cfg_attr(feature = "openapi", schema(...))]`:
//!
//! | validator rule | schema |
//! |---|---|
//! | `length(min, max, equal)` on a string | `min_length`, `max_length` |
//! | `length(min, max, equal)` on a `Vec` | `min_items`, `max_items` |
//! | `range(min, max, exclusive_min, exclusive_max)` | `minimum`, `maximum`, `exclusive_…` |
//! | `custom(function = "crate::validate::NAME")` | the pattern and lengths of that rule ([`custom_rule`]) |
//! | `nested` | nothing (the nested type carries its own schema) |
//!
//! Any other rule, or a custom function this crate does not know, is a compile error:
//! adding a rule means saying here what it looks like in the schema.

use proc_macro::TokenStream;
use proc_macro2::{Literal, Span, TokenStream as TokenStream2};
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::{
    parse_macro_input, Attribute, Expr, ExprLit, Field, GenericArgument, ItemStruct, Lit, Meta,
    PathArguments, Token, Type,
};

/// See the crate documentation.
#[proc_macro_attribute]
pub fn contract(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return syn::Error::new(Span::call_site(), "#[contract] takes no arguments")
            .to_compile_error()
            .into();
    }
    let mut item = parse_macro_input!(item as ItemStruct);
    match expand(&mut item) {
        Ok(extra) => quote!(#item #extra).into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// What a field holds, seen through any number of `Option`s.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Text,
    List,
    Other,
}

#[derive(Default)]
struct Constraints {
    min_length: Option<u64>,
    max_length: Option<u64>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    minimum: Option<Expr>,
    maximum: Option<Expr>,
    exclusive_minimum: Option<Expr>,
    exclusive_maximum: Option<Expr>,
    patterns: Vec<String>,
    /// Constraints on every element of a list (`custom(function = "…::links")`).
    item: Option<Box<Constraints>>,
}

impl Constraints {
    fn min_len(&mut self, n: u64) {
        self.min_length = Some(self.min_length.map_or(n, |m| m.max(n)));
    }
    fn max_len(&mut self, n: u64) {
        self.max_length = Some(self.max_length.map_or(n, |m| m.min(n)));
    }
    /// One pattern for all: a string must match each of them somewhere.
    fn pattern(&self) -> Option<String> {
        match self.patterns.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            many => Some(format!(
                "^{}",
                many.iter()
                    .map(|p| format!("(?=[\\s\\S]*?(?:{p}))"))
                    .collect::<String>()
            )),
        }
    }
}

fn expand(item: &mut ItemStruct) -> syn::Result<TokenStream2> {
    let struct_name = item.ident.clone();
    let mut extra = TokenStream2::new();
    let syn::Fields::Named(fields) = &mut item.fields else {
        return Err(syn::Error::new_spanned(
            &item.ident,
            "#[contract] needs a struct with named fields",
        ));
    };
    for field in fields.named.iter_mut() {
        let (optional, shape) = shape_of(&field.ty);
        let mut c = Constraints::default();
        let mut any = false;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("validate")) {
            any = true;
            read_validate(attr, shape, &mut c)?;
        }
        if !any {
            continue;
        }
        if let Some(item_rules) = c.item.take() {
            extra.extend(list_schema_fn(
                &struct_name,
                field,
                optional,
                &c,
                &item_rules,
            )?);
            let name = schema_fn_name(&struct_name, field)?;
            field.attrs.push(syn::parse_quote!(
                #[cfg_attr(feature = "openapi", schema(schema_with = #name))]
            ));
            continue;
        }
        let mut args: Vec<TokenStream2> = Vec::new();
        if let Some(n) = c.min_length.map(Literal::u64_unsuffixed) {
            args.push(quote!(min_length = #n));
        }
        if let Some(n) = c.max_length.map(Literal::u64_unsuffixed) {
            args.push(quote!(max_length = #n));
        }
        if let Some(n) = c.min_items.map(Literal::u64_unsuffixed) {
            args.push(quote!(min_items = #n));
        }
        if let Some(n) = c.max_items.map(Literal::u64_unsuffixed) {
            args.push(quote!(max_items = #n));
        }
        if let Some(e) = &c.minimum {
            args.push(quote!(minimum = #e));
        }
        if let Some(e) = &c.maximum {
            args.push(quote!(maximum = #e));
        }
        if let Some(e) = &c.exclusive_minimum {
            args.push(quote!(exclusive_minimum = #e));
        }
        if let Some(e) = &c.exclusive_maximum {
            args.push(quote!(exclusive_maximum = #e));
        }
        if let Some(p) = c.pattern() {
            args.push(quote!(pattern = #p));
        }
        if !args.is_empty() {
            field.attrs.push(syn::parse_quote!(
                #[cfg_attr(feature = "openapi", schema(#(#args),*))]
            ));
        }
    }
    Ok(extra)
}

fn read_validate(attr: &Attribute, shape: Shape, c: &mut Constraints) -> syn::Result<()> {
    let metas = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
    for meta in metas {
        let name = meta
            .path()
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        match name.as_str() {
            "nested" | "required" => {}
            "length" => {
                let args = name_values(&meta)?;
                for (key, value) in args {
                    let n = int_of(&value)?;
                    let (min, max) = match key.as_str() {
                        "min" => (Some(n), None),
                        "max" => (None, Some(n)),
                        "equal" => (Some(n), Some(n)),
                        _ => return Err(syn::Error::new_spanned(value, "unknown length argument")),
                    };
                    match shape {
                        Shape::Text => {
                            if let Some(n) = min {
                                c.min_len(n);
                            }
                            if let Some(n) = max {
                                c.max_len(n);
                            }
                        }
                        Shape::List => {
                            if min.is_some() {
                                c.min_items = min;
                            }
                            if max.is_some() {
                                c.max_items = max;
                            }
                        }
                        Shape::Other => {
                            return Err(syn::Error::new_spanned(
                                &meta,
                                "#[contract]: `length` on a field that is neither a String nor a Vec",
                            ))
                        }
                    }
                }
            }
            "range" => {
                for (key, value) in name_values(&meta)? {
                    match key.as_str() {
                        "min" => c.minimum = Some(value),
                        "max" => c.maximum = Some(value),
                        "exclusive_min" => c.exclusive_minimum = Some(value),
                        "exclusive_max" => c.exclusive_maximum = Some(value),
                        _ => return Err(syn::Error::new_spanned(value, "unknown range argument")),
                    }
                }
            }
            "custom" => {
                let mut function = None;
                for (key, value) in name_values(&meta)? {
                    if key == "function" {
                        function = Some(str_of(&value)?);
                    }
                }
                let Some(function) = function else {
                    return Err(syn::Error::new_spanned(&meta, "custom without function"));
                };
                let last = function.rsplit("::").next().unwrap_or_default().to_string();
                custom_rule(&last, shape, c).map_err(|msg| syn::Error::new_spanned(&meta, msg))?;
            }
            _ => {
                return Err(syn::Error::new_spanned(
                    &meta,
                    "#[contract] does not know how this validator rule looks in the schema; add it to api-types-derive",
                ))
            }
        }
    }
    Ok(())
}

/// The schema equivalent of each rule in `api_types::validate`. Patterns are ECMA-262
/// regular expressions as JSON Schema reads them (unanchored unless `^…$`).
fn custom_rule(name: &str, shape: Shape, c: &mut Constraints) -> Result<(), String> {
    let text_only = |shape: Shape| {
        if shape == Shape::Text {
            Ok(())
        } else {
            Err(format!("#[contract]: `{name}` applies to strings"))
        }
    };
    match name {
        // Not blank after trimming: at least one non-whitespace character.
        "not_blank" => {
            text_only(shape)?;
            c.patterns.push(format!("[^{WHITE_SPACE}]"));
        }
        // 3–64 of a–z, 0–9, '.', '_', '-'.
        "login" => {
            text_only(shape)?;
            c.min_len(3);
            c.max_len(64);
            c.patterns.push(r"^[a-z0-9._-]{3,64}$".into());
        }
        // 10–128 characters, at least one letter and one ASCII digit. `[^\W\d_]` is a
        // letter in Unicode-aware engines; `[\s\S]` also crosses line breaks.
        "password" => {
            text_only(shape)?;
            c.min_len(10);
            c.max_len(128);
            c.patterns
                .push(r"^(?=[\s\S]*[^\W\d_])(?=[\s\S]*[0-9])".into());
        }
        // 2–40 of A–Z, 0–9 and '-', not at either end.
        "code" => {
            text_only(shape)?;
            c.min_len(2);
            c.max_len(40);
            c.patterns.push(r"^[A-Z0-9][A-Z0-9-]{0,38}[A-Z0-9]$".into());
        }
        // A month `2022-05` or a quarter `2022-Q2`, years 2000–2100.
        "period" => {
            text_only(shape)?;
            c.patterns
                .push(r"^(?:20[0-9]{2}|2100)-(?:0[1-9]|1[0-2]|Q[1-4])$".into());
        }
        // A quarter `2022-Q2`, years 2000–2100.
        "quarter" => {
            text_only(shape)?;
            c.patterns
                .push(r"^(?:20[0-9]{2}|2100)-Q[1-4]$".into());
        }
        // A year `2026`, a month `2026-05` or a quarter `2026-Q2`, years 2000–2100.
        "report_period" => {
            text_only(shape)?;
            c.patterns
                .push(r"^(?:20[0-9]{2}|2100)(?:-(?:0[1-9]|1[0-2]|Q[1-4]))?$".into());
        }
        // A template figure's key: a–z first, then a–z, 0–9, `_`; at most 40.
        "figure_key" => {
            text_only(shape)?;
            c.min_len(1);
            c.max_len(40);
            c.patterns.push(r"^[a-z][a-z0-9_]{0,39}$".into());
        }
        // 统一社会信用代码: 18 of 0–9 and A–Z without I, O, S, V, Z (the check character is
        // verified by the server and cannot be stated in a schema).
        "credit_code" => {
            text_only(shape)?;
            c.min_len(18);
            c.max_len(18);
            c.patterns.push(r"^[0-9A-HJ-NPQRTUWXY]{18}$".into());
        }
        // 居民身份证号码: 17 digits and a check character (verified by the server).
        "id_number" => {
            text_only(shape)?;
            c.min_len(18);
            c.max_len(18);
            c.patterns.push(r"^[0-9]{17}[0-9Xx]$".into());
        }
        // Each link an http(s) URL or a path from `/`, no whitespace, at most 500.
        "links" => {
            if shape != Shape::List {
                return Err("#[contract]: `links` applies to a list of strings".into());
            }
            let mut item = Constraints::default();
            item.max_len(500);
            item.patterns.push(format!("^(?:https?://|/)[^{WHITE_SPACE}]*$"));
            c.item = Some(Box::new(item));
        }
        // Six digits (a training session's check-in code).
        "check_in_code" => {
            text_only(shape)?;
            c.min_len(6);
            c.max_len(6);
            c.patterns.push("^[0-9]{6}$".into());
        }
        // One capital letter A–H (a question's option).
        "option_key" => {
            text_only(shape)?;
            c.min_len(1);
            c.max_len(1);
            c.patterns.push("^[A-H]$".into());
        }
        // Each element one capital letter A–H.
        "option_keys" => {
            if shape != Shape::List {
                return Err("#[contract]: `option_keys` applies to a list of strings".into());
            }
            let mut item = Constraints::default();
            item.min_len(1);
            item.max_len(1);
            item.patterns.push("^[A-H]$".into());
            c.item = Some(Box::new(item));
        }
        // Each tag 1–20 characters, not blank.
        "tags" => {
            if shape != Shape::List {
                return Err("#[contract]: `tags` applies to a list of strings".into());
            }
            let mut item = Constraints::default();
            item.min_len(1);
            item.max_len(20);
            item.patterns.push(format!("[^{WHITE_SPACE}]"));
            c.item = Some(Box::new(item));
        }
        // Each text at most 200 characters.
        "short_texts" => {
            if shape != Shape::List {
                return Err("#[contract]: `short_texts` applies to a list of strings".into());
            }
            let mut item = Constraints::default();
            item.max_len(200);
            c.item = Some(Box::new(item));
        }
        other => {
            return Err(format!(
                "#[contract] does not know the schema of custom rule `{other}`; add it to api-types-derive"
            ))
        }
    }
    Ok(())
}

/// Unicode `White_Space`, which Rust's `trim` and `char::is_whitespace` use, spelled out:
/// `\s` means different sets in ECMA regexes, in Python's (the fuzzer's) and in Rust.
const WHITE_SPACE: &str =
    r"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";

fn name_values(meta: &Meta) -> syn::Result<Vec<(String, Expr)>> {
    let Meta::List(list) = meta else {
        return Err(syn::Error::new_spanned(meta, "expected rule(arguments)"));
    };
    let args = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)?;
    let mut out = Vec::new();
    for arg in args {
        match arg {
            Meta::NameValue(nv) => {
                let key = nv
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                out.push((key, nv.value));
            }
            // `custom(function = …, use_context)` and the like: not a constraint.
            Meta::Path(_) => {}
            Meta::List(l) => return Err(syn::Error::new_spanned(l, "unexpected nested arguments")),
        }
    }
    Ok(out)
}

fn int_of(expr: &Expr) -> syn::Result<u64> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(i), ..
        }) => i.base10_parse(),
        _ => Err(syn::Error::new_spanned(
            expr,
            "#[contract] needs a literal number here",
        )),
    }
}

fn str_of(expr: &Expr) -> syn::Result<String> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(s.value()),
        Expr::Path(p) => Ok(quote!(#p).to_string().replace(' ', "")),
        _ => Err(syn::Error::new_spanned(expr, "expected a function name")),
    }
}

/// Whether the type is an `Option` (at any depth) and what it holds.
fn shape_of(ty: &Type) -> (bool, Shape) {
    let mut ty = ty;
    let mut optional = false;
    loop {
        let Type::Path(path) = ty else {
            return (optional, Shape::Other);
        };
        let Some(last) = path.path.segments.last() else {
            return (optional, Shape::Other);
        };
        let ident = last.ident.to_string();
        match ident.as_str() {
            "Option" => {
                optional = true;
                match first_type_arg(&last.arguments) {
                    Some(inner) => ty = inner,
                    None => return (optional, Shape::Other),
                }
            }
            "String" => return (optional, Shape::Text),
            "Vec" => return (optional, Shape::List),
            _ => return (optional, Shape::Other),
        }
    }
}

fn first_type_arg(args: &PathArguments) -> Option<&Type> {
    let PathArguments::AngleBracketed(args) = args else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

fn schema_fn_name(struct_name: &syn::Ident, field: &Field) -> syn::Result<syn::Ident> {
    let Some(ident) = &field.ident else {
        return Err(syn::Error::new_spanned(field, "field without a name"));
    };
    Ok(format_ident!(
        "__contract_schema_{}_{}",
        struct_name,
        ident.to_string().trim_start_matches("r#")
    ))
}

/// A `schema_with` function for a list whose elements have rules of their own.
fn list_schema_fn(
    struct_name: &syn::Ident,
    field: &Field,
    optional: bool,
    list: &Constraints,
    item: &Constraints,
) -> syn::Result<TokenStream2> {
    let name = schema_fn_name(struct_name, field)?;
    let doc: Vec<String> = field
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let description = if doc.is_empty() {
        quote!()
    } else {
        let text = doc.join("\n");
        quote!(.description(Some(#text)))
    };
    let opt_usize = |v: Option<u64>| match v {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    let min_items = opt_usize(list.min_items);
    let max_items = opt_usize(list.max_items);
    let item_min = opt_usize(item.min_length);
    let item_max = opt_usize(item.max_length);
    let item_pattern = match item.pattern() {
        Some(p) => quote!(Some(#p)),
        None => quote!(None::<String>),
    };
    let schema_type = if optional {
        quote!(::utoipa::openapi::schema::SchemaType::from_iter([
            ::utoipa::openapi::schema::Type::Array,
            ::utoipa::openapi::schema::Type::Null,
        ]))
    } else {
        quote!(::utoipa::openapi::schema::SchemaType::Type(
            ::utoipa::openapi::schema::Type::Array
        ))
    };
    Ok(quote! {
        #[cfg(feature = "openapi")]
        #[allow(non_snake_case)]
        #[doc(hidden)]
        fn #name() -> ::utoipa::openapi::schema::Array {
            ::utoipa::openapi::schema::ArrayBuilder::new()
                .schema_type(#schema_type)
                .items(
                    ::utoipa::openapi::schema::ObjectBuilder::new()
                        .schema_type(::utoipa::openapi::schema::Type::String)
                        .min_length(#item_min)
                        .max_length(#item_max)
                        .pattern(#item_pattern),
                )
                .min_items(#min_items)
                .max_items(#max_items)
                #description
                .build()
        }
    })
}
