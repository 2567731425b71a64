//! The adjustment form (units holding `power_list.manage`): adds, amends or repeals an
//! item from a date, with the reason; amending starts from the item's current content.

use api_types::catalog::{
    AdjustmentKind, AdjustmentReason, NewPowerAdjustment, PowerAdjustment, PowerCategory,
    PowerContent, PowerItem,
};
use api_types::Page;
use chrono::NaiveDate;
use uuid::Uuid;
use yew::prelude::*;

use super::category_options;
use crate::components::{use_toaster, FieldErrors, SelectField, TextAreaField, TextField};
use crate::format;
use crate::hooks::{use_fetch, use_submission, PublicUnit};
use crate::i18n::use_i18n;
use crate::services::api;

#[derive(Properties, PartialEq)]
pub struct AdjustmentFormProps {
    pub units: Vec<PublicUnit>,
    pub on_saved: Callback<()>,
}

#[derive(Debug, Clone, PartialEq)]
struct AdjustDraft {
    kind: String,
    code: String,
    item: String,
    name: String,
    category: String,
    legal_basis: String,
    unit: String,
    responsibilities: String,
    accountability: String,
    reason: String,
    reason_detail: String,
    effective_from: String,
}

impl AdjustDraft {
    /// The form as it opens, and as it is again after an adjustment was recorded.
    fn empty() -> AdjustDraft {
        AdjustDraft {
            kind: "add".into(),
            code: String::new(),
            item: String::new(),
            name: String::new(),
            category: PowerCategory::AdministrativePenalty.as_str().into(),
            legal_basis: String::new(),
            unit: String::new(),
            responsibilities: String::new(),
            accountability: String::new(),
            reason: AdjustmentReason::InitialListing.as_str().into(),
            reason_detail: String::new(),
            effective_from: format::today_date().to_string(),
        }
    }
}

/// Adds, amends or repeals an item from a date, with the reason.
#[function_component]
pub fn AdjustmentForm(props: &AdjustmentFormProps) -> Html {
    let t = use_i18n().t();
    let toaster = use_toaster();
    let form = use_submission();
    let draft = use_state(AdjustDraft::empty);
    let items = use_fetch((), |()| async move {
        api::get_list_public::<Page<PowerItem>>(
            "/public/power-items",
            &[("per_page", "200".into())],
        )
        .await
        .map(|p| p.items)
    });
    let d = (*draft).clone();
    let set = |f: fn(&mut AdjustDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    // Amending starts from the item's current content.
    let on_item = {
        let (draft, items) = (draft.clone(), items.data());
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            if let Some(item) = items
                .as_ref()
                .and_then(|l| l.iter().find(|i| i.id.to_string() == v))
            {
                let c = &item.content;
                next.name = c.name.clone();
                next.category = c.category.as_str().into();
                next.legal_basis = c.legal_basis.clone();
                next.unit = c.responsible_unit_id.to_string();
                next.responsibilities = c.responsibility_items.join("\n");
                next.accountability = c.accountability.clone().unwrap_or_default();
            }
            next.item = v;
            draft.set(next);
        })
    };
    let kind = AdjustmentKind::parse(&d.kind).unwrap_or(AdjustmentKind::Add);
    let onsubmit = {
        let (draft, form, toaster) = (draft.clone(), form.clone(), toaster.clone());
        let on_saved = {
            let (saved, reload_items) = (props.on_saved.clone(), items.reload.clone());
            Callback::from(move |()| {
                saved.emit(());
                reload_items.emit(());
            })
        };
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = (*draft).clone();
            let mut errors = FieldErrors::default();
            let effective_from = d.effective_from.parse::<NaiveDate>().ok();
            if effective_from.is_none() {
                errors.insert_code(t, "effective_from", "required");
            }
            let item_id = d.item.parse::<Uuid>().ok();
            if kind != AdjustmentKind::Add && item_id.is_none() {
                errors.insert_code(t, "item_id", "required");
            }
            let content = (kind != AdjustmentKind::Repeal).then(|| PowerContent {
                name: d.name.trim().to_string(),
                category: PowerCategory::parse(&d.category).unwrap_or(PowerCategory::Other),
                legal_basis: d.legal_basis.trim().to_string(),
                responsible_unit_id: d.unit.parse().unwrap_or_default(),
                responsibility_items: d
                    .responsibilities
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
                accountability: Some(d.accountability.trim().to_string()).filter(|a| !a.is_empty()),
            });
            if content.is_some() && d.unit.parse::<Uuid>().is_err() {
                errors.insert_code(t, "content.responsible_unit_id", "required");
            }
            let request = NewPowerAdjustment {
                kind,
                code: (kind == AdjustmentKind::Add).then(|| d.code.trim().to_string()),
                item_id: if kind == AdjustmentKind::Add {
                    None
                } else {
                    item_id
                },
                content,
                reason: AdjustmentReason::parse(&d.reason).unwrap_or(AdjustmentReason::Other),
                reason_detail: Some(d.reason_detail.trim().to_string()).filter(|r| !r.is_empty()),
                effective_from: effective_from.unwrap_or_default(),
            };
            if let Err(v) = validator::Validate::validate(&request) {
                let more = FieldErrors::from_validation(&v, t);
                if let Some(m) = more.get("code") {
                    errors.insert("code", m.to_string());
                }
                if let Some(m) = more.get("reason_detail") {
                    errors.insert("reason_detail", m.to_string());
                }
                if let Some(c) = &request.content {
                    if let Err(v) = validator::Validate::validate(c) {
                        let more = FieldErrors::from_validation(&v, t);
                        for f in [
                            "name",
                            "legal_basis",
                            "responsibility_items",
                            "accountability",
                        ] {
                            if let Some(m) = more.get(f) {
                                errors.insert(&format!("content.{f}"), m.to_string());
                            }
                        }
                    }
                }
            }
            if !errors.is_empty() {
                form.reject(errors);
                return;
            }
            let (toaster, on_saved, draft) = (toaster.clone(), on_saved.clone(), draft.clone());
            form.request(async move {
                api::post::<_, PowerAdjustment>("/power-adjustments", &request).await
            })
            .then(move |a| {
                toaster.success((t.power_adjusted)(&a.item_code, a.version_no));
                // Recorded: the form starts again (keeping the kind of adjustment), so
                // nothing of this one is sent twice by mistake.
                draft.set(AdjustDraft {
                    kind: draft.kind.clone(),
                    ..AdjustDraft::empty()
                });
                on_saved.emit(());
            });
        })
    };
    let kind_options: Vec<(AttrValue, AttrValue)> = [
        AdjustmentKind::Add,
        AdjustmentKind::Amend,
        AdjustmentKind::Repeal,
    ]
    .iter()
    .map(|k| {
        (
            AttrValue::Static(k.as_str()),
            AttrValue::Static((t.adjustment_kind)(*k)),
        )
    })
    .collect();
    let reason_options: Vec<(AttrValue, AttrValue)> = AdjustmentReason::ALL
        .iter()
        .map(|r| {
            (
                AttrValue::Static(r.as_str()),
                AttrValue::Static((t.adjustment_reason)(*r)),
            )
        })
        .collect();
    let mut item_options = vec![(
        AttrValue::Static(""),
        AttrValue::Static(t.power_choose_item),
    )];
    if let Some(list) = items.data() {
        item_options.extend(list.iter().map(|i| {
            (
                AttrValue::from(i.id.to_string()),
                AttrValue::from(format!("{} {}", i.code, i.content.name)),
            )
        }));
    }
    let mut unit_options = vec![(
        AttrValue::Static(""),
        AttrValue::Static(t.power_choose_unit),
    )];
    unit_options.extend(props.units.iter().map(|u| {
        (
            AttrValue::from(u.id.to_string()),
            AttrValue::from(u.name.clone()),
        )
    }));
    let fields = form.fields();
    let shown = [
        "code",
        "item_id",
        "effective_from",
        "reason",
        "reason_detail",
        "content.name",
        "content.category",
        "content.legal_basis",
        "content.responsible_unit_id",
        "content.responsibility_items",
        "content.accountability",
    ];
    html! {
        <section class="card" aria-labelledby="adjust-title" id="power-adjust">
            <h2 id="adjust-title" class="card-title">{ t.power_adjust }</h2>
            <form class="form form-grid" {onsubmit} novalidate=true>
                { form.alert(&shown) }
                <div class="field-row">
                    <SelectField id="adjust-kind" label={t.power_adjust_kind} value={d.kind.clone()} options={kind_options}
                                 required=true on_change={set(|d, v| d.kind = v)} />
                    if kind == AdjustmentKind::Add {
                        <TextField id="adjust-code" label={t.col_code} value={d.code.clone()} required=true
                                   placeholder={Some(AttrValue::Static("CF-0001"))}
                                   on_input={set(|d, v| d.code = v)} error={fields.get("code")} />
                    } else {
                        <SelectField id="adjust-item" label={t.power_item} value={d.item.clone()} options={item_options}
                                     required=true on_change={on_item} error={fields.get("item_id")} />
                    }
                    <TextField id="adjust-effective" label={t.power_effective_from} value={d.effective_from.clone()}
                               input_type="date" required=true
                               on_input={set(|d, v| d.effective_from = v)} error={fields.get("effective_from")} />
                </div>
                if kind != AdjustmentKind::Repeal {
                    <div class="field-row">
                        <TextField id="adjust-name" label={t.power_name} value={d.name.clone()} required=true
                                   on_input={set(|d, v| d.name = v)} error={fields.get("content.name")} />
                        <SelectField id="adjust-category" label={t.power_category_label} value={d.category.clone()}
                                     options={category_options(t, false)} required=true
                                     on_change={set(|d, v| d.category = v)} error={fields.get("content.category")} />
                        <SelectField id="adjust-unit" label={t.power_unit} value={d.unit.clone()} options={unit_options}
                                     required=true on_change={set(|d, v| d.unit = v)} error={fields.get("content.responsible_unit_id")} />
                    </div>
                    <TextAreaField id="adjust-basis" label={t.power_legal_basis} value={d.legal_basis.clone()} required=true
                                   on_input={set(|d, v| d.legal_basis = v)} error={fields.get("content.legal_basis")} />
                    <TextAreaField id="adjust-responsibilities" label={t.power_responsibilities} value={d.responsibilities.clone()}
                                   hint={Some(AttrValue::Static(t.one_per_line))}
                                   on_input={set(|d, v| d.responsibilities = v)} error={fields.get("content.responsibility_items")} />
                    <TextAreaField id="adjust-accountability" label={t.power_accountability} value={d.accountability.clone()}
                                   on_input={set(|d, v| d.accountability = v)} error={fields.get("content.accountability")} />
                }
                <div class="field-row">
                    <SelectField id="adjust-reason" label={t.power_reason} value={d.reason.clone()} options={reason_options}
                                 required=true on_change={set(|d, v| d.reason = v)} error={fields.get("reason")} />
                    <TextField id="adjust-reason-detail" label={t.power_reason_detail} value={d.reason_detail.clone()}
                               on_input={set(|d, v| d.reason_detail = v)} error={fields.get("reason_detail")} />
                </div>
                <div class="form-buttons">
                    <button type="submit" class="btn btn-primary" id="adjust-submit" disabled={form.busy()}>{ t.power_adjust_submit }</button>
                </div>
            </form>
        </section>
    }
}
