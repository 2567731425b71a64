//! UI components shared by every page: the shell, tables, form fields, dialogs,
//! toasts, badges, the period picker and charts.

pub mod attachments;
pub mod badge;
pub mod bell;
pub mod chart;
pub mod copy;
pub mod dialog;
pub mod download;
pub mod feedback;
pub mod form;
pub mod icon;
pub mod import_report;
pub mod layout;
pub mod nav_link;
pub mod period;
pub mod table;
pub mod toast;

pub use attachments::Attachments;
pub use badge::{Badge, Tone};
pub use bell::{use_unread, Bell, UnreadProvider};
pub use chart::{Bar, BarChart, LineChart, Series};
pub use copy::CopyButton;
pub use dialog::ConfirmDialog;
pub use download::DownloadButton;
pub use feedback::{ErrorPanel, Loading, PageHeader};
pub use form::{Checkbox, FieldErrors, FormAlert, SelectField, TextAreaField, TextField};
pub use icon::Icon;
pub use layout::{LangSwitch, Layout, PublicFrame};
pub use nav_link::{push_path, Href, NavLink, SubNav};
pub use period::{Period, PeriodPicker};
pub use table::{Column, DataTable};
pub use toast::{use_toaster, ToastProvider};
