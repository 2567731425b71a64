//! `GET /api/v1/service-accounts`: its filter and listing (see `db::list`).

use api_types::service_accounts::ServiceAccount;
use diesel::prelude::*;
use serde::Deserialize;

use super::model::ServiceAccountRow;
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::service_accounts;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/service-accounts`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ServiceAccountFilter {
    pub active: Option<bool>,
}

impl ListFilter for ServiceAccountFilter {
    const SORT_FIELDS: &'static [&'static str] = &["name", "client_id", "created_at"];
    const DEFAULT_SORT: &'static str = "name";
}

/// Every service account (they belong to no unit).
pub struct ServiceAccountList;

impl Listing for ServiceAccountList {
    crate::listing_source!(service_accounts::table, ServiceAccountRow);
    type Filter = ServiceAccountFilter;
    type Context = ();
    type Item = ServiceAccount;

    fn filter(
        f: &ServiceAccountFilter,
        _: &(),
        terms: &mut Where<service_accounts::table>,
    ) -> Result<(), ApiError> {
        if let Some(active) = f.active {
            terms.and(service_accounts::active.eq(active));
        }
        Ok(())
    }

    fn columns() -> Columns<service_accounts::table> {
        Columns::new(service_accounts::id, service_accounts::updated_at)
            .sort("name", service_accounts::name)
            .sort("client_id", service_accounts::client_id)
            .sort("created_at", service_accounts::created_at)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<ServiceAccountRow>,
        _: &(),
    ) -> Result<Vec<ServiceAccount>, ApiError> {
        rows.iter().map(ServiceAccountRow::to_dto).collect()
    }
}
