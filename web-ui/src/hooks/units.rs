//! Units by id, for the pages that show unit ids from the API as names.

use std::rc::Rc;

use api_types::units::Unit;
use api_types::Page;
use uuid::Uuid;
use yew::prelude::*;

use super::use_fetch;
use crate::format;
use crate::i18n::Lang;
use crate::services::api::{self, ApiError};

/// Every unit (`GET /units`, all pages of 200).
async fn all_units() -> Result<Vec<Unit>, ApiError> {
    let mut units = Vec::new();
    for page in 1..=50u32 {
        let got: Page<Unit> = api::get_list(
            "/units",
            &[("per_page", "200".into()), ("page", page.to_string())],
        )
        .await?;
        let done = got.items.is_empty() || (page as u64) * 200 >= got.total;
        units.extend(got.items);
        if done {
            break;
        }
    }
    Ok(units)
}

/// The units, once loaded (empty before).
#[hook]
pub fn use_units() -> Rc<Vec<Unit>> {
    let fetch = use_fetch((), |()| all_units());
    fetch.data().unwrap_or_default()
}

/// Options of a unit select: `first` (value "", e.g. 全部 or 请选择), then the units by
/// name in the UI language; only active ones when `active_only` (a unit to assign to).
pub fn unit_options(
    units: &[Unit],
    lang: Lang,
    first: &'static str,
    active_only: bool,
) -> Vec<(AttrValue, AttrValue)> {
    std::iter::once((AttrValue::Static(""), AttrValue::Static(first)))
        .chain(units.iter().filter(|u| u.active || !active_only).map(|u| {
            (
                AttrValue::from(u.id.to_string()),
                AttrValue::from(format::unit_name(u, lang)),
            )
        }))
        .collect()
}

/// The unit's name in the UI language, or a short id when the unit is unknown.
pub fn unit_name(units: &[Unit], id: &Uuid, lang: Lang) -> String {
    units
        .iter()
        .find(|u| &u.id == id)
        .map(|u| format::unit_name(u, lang))
        .unwrap_or_else(|| id.to_string().chars().take(8).collect())
}

pub use api_types::units::PublicUnit;

/// Active units from the public API (no sign-in needed).
#[hook]
pub fn use_public_units() -> Rc<Vec<PublicUnit>> {
    let fetch = use_fetch((), |()| api::get_public::<Vec<PublicUnit>>("/public/units"));
    fetch.data().unwrap_or_default()
}
