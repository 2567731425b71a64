//! The lists of webhooks: subscriptions, and one subscription's deliveries.

use api_types::webhooks::{DeliveryStatus, WebhookDelivery, WebhookSubscription};
use diesel::prelude::*;
use serde::Deserialize;

use super::model::{DeliveryRow, SubscriptionRow};
use crate::db::list::{Columns, Listing, Where};
use crate::db::schema::{webhook_deliveries, webhook_subscriptions};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;

/// Filters of `GET /api/v1/webhook-subscriptions`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SubscriptionFilter {
    pub active: Option<bool>,
}

impl ListFilter for SubscriptionFilter {
    const SORT_FIELDS: &'static [&'static str] = &["url", "created_at"];
    const DEFAULT_SORT: &'static str = "created_at";
}

pub struct SubscriptionList;

impl Listing for SubscriptionList {
    crate::listing_source!(webhook_subscriptions::table, SubscriptionRow);
    type Filter = SubscriptionFilter;
    type Context = ();
    type Item = WebhookSubscription;

    fn filter(
        f: &SubscriptionFilter,
        _: &(),
        terms: &mut Where<webhook_subscriptions::table>,
    ) -> Result<(), ApiError> {
        if let Some(active) = f.active {
            terms.and(webhook_subscriptions::active.eq(active));
        }
        Ok(())
    }

    fn columns() -> Columns<webhook_subscriptions::table> {
        Columns::new(webhook_subscriptions::id, webhook_subscriptions::updated_at)
            .sort("url", webhook_subscriptions::url)
            .sort("created_at", webhook_subscriptions::created_at)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<SubscriptionRow>,
        _: &(),
    ) -> Result<Vec<WebhookSubscription>, ApiError> {
        rows.iter().map(SubscriptionRow::to_dto).collect()
    }
}

/// Filters of `GET /api/v1/webhook-subscriptions/{id}/deliveries`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryFilter {
    pub status: Option<DeliveryStatus>,
}

impl ListFilter for DeliveryFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// The deliveries of one subscription (the context: its id).
pub struct DeliveryList;

impl Listing for DeliveryList {
    crate::listing_source!(webhook_deliveries::table, DeliveryRow);
    type Filter = DeliveryFilter;
    type Context = String;
    type Item = WebhookDelivery;

    fn filter(
        f: &DeliveryFilter,
        subscription: &String,
        terms: &mut Where<webhook_deliveries::table>,
    ) -> Result<(), ApiError> {
        terms.and(webhook_deliveries::subscription_id.eq(subscription.clone()));
        if let Some(status) = f.status {
            terms.and(webhook_deliveries::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<webhook_deliveries::table> {
        Columns::new(webhook_deliveries::id, webhook_deliveries::updated_at)
            .sort("created_at", webhook_deliveries::created_at)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<DeliveryRow>,
        _: &String,
    ) -> Result<Vec<WebhookDelivery>, ApiError> {
        rows.iter().map(DeliveryRow::to_dto).collect()
    }
}
