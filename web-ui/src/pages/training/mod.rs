//! 培训与活动: training events organised by the sections. Trainees see their trainings,
//! check in with the code on the organiser's screen and follow their hours (学时);
//! organisers prepare events and sessions, take the roster and show the rotating
//! check-in code full-screen; units nominate their people; hours readers follow each
//! unit's completion of the annual requirement; contests (units enter works, judges
//! score, results are published); in-service degrees and their verification; each
//! person's legal archive. Tabs by permission.

pub mod archive;
pub mod calendar;
pub mod contest;
pub mod contests;
pub mod degrees;
pub mod event;
pub mod events;
pub mod hours;
pub mod mine;
pub mod session;

use api_types::auth::Me;
use api_types::training::{AttendanceStatus, EnrolmentStatus, TrainingStatus};
use api_types::Permission;
use yew::prelude::*;
use yew_router::prelude::Redirect;

use crate::capability::can;
use crate::components::{Badge, SubNav, Tone};
use crate::i18n::Texts;
use crate::pages::MeProps;
use crate::routes::Route;

/// Who may do what in the capability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rights {
    pub read: bool,
    pub manage: bool,
    pub enrol: bool,
    pub attend: bool,
    pub hours: bool,
    pub requirement: bool,
}

impl Rights {
    pub fn of(me: &Me) -> Rights {
        Rights {
            read: can(me, Permission::TrainingRead),
            manage: can(me, Permission::TrainingManage),
            enrol: can(me, Permission::TrainingEnrol),
            attend: can(me, Permission::TrainingAttend),
            hours: can(me, Permission::TrainingHoursRead),
            requirement: can(me, Permission::TrainingRequirementsManage),
        }
    }
}

/// The tabs of the capability the user may open.
pub fn tabs(t: &'static Texts, me: &Me) -> Html {
    let r = Rights::of(me);
    let mut items = Vec::new();
    if r.attend {
        items.push((Route::Training, AttrValue::Static(t.tr.tab_mine)));
    }
    if r.read {
        items.push((Route::TrainingEvents, AttrValue::Static(t.tr.tab_events)));
    }
    if r.read {
        items.push((
            Route::TrainingCalendar,
            AttrValue::Static(t.ct.tab_calendar),
        ));
    }
    if can(me, Permission::ContestsRead) {
        items.push((Route::Contests, AttrValue::Static(t.ct.tab_contests)));
    }
    if can(me, Permission::DegreesRecord) || can(me, Permission::DegreesRead) {
        items.push((Route::Degrees, AttrValue::Static(t.ct.tab_degrees)));
    }
    if can(me, Permission::LegalArchiveOwn) {
        items.push((Route::TrainingArchive, AttrValue::Static(t.tr.archive)));
    }
    if r.hours {
        items.push((Route::TrainingHours, AttrValue::Static(t.tr.tab_hours)));
    }
    html! { <SubNav label={t.cap_training.0} {items} /> }
}

/// Whether `unit` is among the units the user acts for: every unit for the city bureau
/// and auditors, a county bureau's own and those below it, otherwise the user's own (as
/// the server's scopes have it for nominating and for archives).
pub fn in_my_scope(me: &Me, units: &[api_types::units::Unit], unit: uuid::Uuid) -> bool {
    use api_types::Role;
    if me
        .roles
        .iter()
        .any(|r| matches!(r, Role::Bureau | Role::Auditor))
    {
        return true;
    }
    if !me.roles.contains(&Role::County) {
        return unit == me.unit.id;
    }
    // Up the tree from `unit` to the root, looking for the user's unit.
    let mut current = Some(unit);
    for _ in 0..units.len() + 1 {
        match current {
            Some(u) if u == me.unit.id => return true,
            Some(u) => current = units.iter().find(|x| x.id == u).and_then(|x| x.parent_id),
            None => return false,
        }
    }
    false
}

/// `/training`: my trainings for trainees, else the events.
#[function_component]
pub fn TrainingHome(props: &MeProps) -> Html {
    if Rights::of(&props.me).attend {
        html! { <mine::MyTrainingsPage me={props.me.clone()} /> }
    } else {
        html! { <Redirect<Route> to={Route::TrainingEvents} /> }
    }
}

pub fn event_badge(status: TrainingStatus, open: bool, t: &Texts) -> Html {
    let (tone, text) = match (status, open) {
        (TrainingStatus::Draft, _) => (Tone::Neutral, (t.tr.status)(status)),
        (TrainingStatus::Cancelled, _) => (Tone::Danger, (t.tr.status)(status)),
        (TrainingStatus::Published, true) => (Tone::Success, t.tr.enrolment_open),
        (TrainingStatus::Published, false) => (Tone::Info, (t.tr.status)(status)),
    };
    html! { <Badge {tone} {text} /> }
}

pub fn enrolment_badge(status: EnrolmentStatus, position: Option<u32>, t: &Texts) -> Html {
    let tone = match status {
        EnrolmentStatus::Enrolled => Tone::Success,
        EnrolmentStatus::Waitlisted => Tone::Warning,
        EnrolmentStatus::Withdrawn => Tone::Neutral,
    };
    let text = match (status, position) {
        (EnrolmentStatus::Waitlisted, Some(p)) => (t.tr.waitlist_position)(p),
        _ => (t.tr.enrolment_status)(status).to_string(),
    };
    html! { <Badge {tone} {text} /> }
}

pub fn attendance_badge(status: Option<AttendanceStatus>, t: &Texts) -> Html {
    let Some(status) = status else {
        return html! { <Badge tone={Tone::Neutral} text={t.tr.not_marked} /> };
    };
    let tone = match status {
        AttendanceStatus::Present => Tone::Success,
        AttendanceStatus::Late => Tone::Info,
        AttendanceStatus::Excused => Tone::Warning,
        AttendanceStatus::Absent => Tone::Danger,
    };
    html! { <Badge {tone} text={(t.tr.attendance)(status)} /> }
}

/// Hours as people write them: "2", "1.5".
pub fn hours(value: f64) -> String {
    let text = format!("{value:.1}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_naturally() {
        assert_eq!(hours(2.0), "2");
        assert_eq!(hours(1.5), "1.5");
        assert_eq!(hours(90.0), "90");
    }
}
