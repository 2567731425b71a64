//! The list pipeline: every `GET` of a collection goes through [`page`].
//!
//! A resource declares, in its model, one [`Listing`]: the filtered query (its own
//! filters and the caller's unit scope), the columns a client may sort by
//! ([`Columns`]) and how rows become wire items. The pipeline does the rest, the same
//! way for every list: `updated_since`, the count, the order with the id tie-break (so
//! pages are stable and another system can sync incrementally), and the page bounds.
//!
//! Indexes: a list's default order has an index on `(sort key, id)` in that direction
//! (e.g. `disclosure_records (decision_date DESC, id DESC)`), so a page reads its rows
//! in order and stops. A unit-scoped list (`unit_id IN (…)`) reads the same index and
//! skips rows outside the scope, which costs little when the scope holds much of the
//! table; when it holds little, the planner prefers the `(unit_id, sort key, id)` index
//! and sorts the few rows. The choice needs planner statistics: PostgreSQL keeps them by
//! autovacuum, SQLite by `PRAGMA optimize` (see
//! `db::refresh_statistics_after_bulk_write`).
//!
//! Totals: a large list keeps its counts in a table maintained by triggers (per unit and
//! status, say) and answers [`Listing::kept_total`] from it when the filter asks only
//! what the counts hold; any other filter counts the rows. With kept totals the pipeline
//! also knows how much of the table a scope holds, and chooses between walking the
//! order index and sorting the scope's rows itself ([`KeptTotal::walks_order_index`]).

use api_types::Page;
use chrono::NaiveDateTime;
use diesel::dsl::{AsSelect, CountStar, IntoBoxed, Select};
use diesel::dsl::{Asc, Desc, GtEq};
use diesel::expression::expression_types::NotSelectable;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::query_dsl::methods::{FilterDsl, LimitDsl, OffsetDsl, ThenOrderDsl};
use diesel::query_dsl::LoadQuery;
use diesel::sql_types::{Bool, Nullable, Timestamp};

use super::{Db, DbConnection};
use crate::error::ApiError;
use crate::http::extract::{ListFilter, ListQuery};
use crate::time;

/// The boxed row query of a listing: `table.select(Row::as_select()).into_boxed()`.
pub type RowsOf<T, R> = IntoBoxed<'static, Select<T, AsSelect<R, Db>>, Db>;

/// The boxed count query of a listing: `table.count().into_boxed()`.
pub type CountOf<T> = IntoBoxed<'static, Select<T, CountStar>, Db>;

/// One `ORDER BY` term on table `T`.
pub type Order<T> = Box<dyn BoxableExpression<T, Db, SqlType = NotSelectable>>;

/// One `WHERE` term on table `T` (nullable, so that comparisons with nullable columns
/// fit too; SQL's `WHERE` treats NULL as false).
pub type Condition<T> = Box<dyn BoxableExpression<T, Db, SqlType = Nullable<Bool>>>;

/// The `WHERE` terms of a listing, all of which a row must meet.
pub struct Where<T> {
    terms: Vec<Condition<T>>,
    reading: ScopeReading,
}

/// How the pipeline reads a scoped page, decided from the kept counts.
#[derive(Debug, Clone, Default)]
struct ScopeReading {
    /// Walk the order index, skipping rows outside the scope (see
    /// [`KeptTotal::walks_order_index`]).
    walk_order_index: bool,
    /// The scope's units that hold matching rows, when the kept counts tell: the others
    /// are left out of the scope's `IN` list (a county whose records are all its own
    /// then reads `unit_id = …` straight from the unit's order index).
    units_with_rows: Option<Vec<String>>,
}

impl<T> Where<T> {
    /// Adds a term. Bind values are owned, so terms outlive the request's borrows.
    pub fn and<E>(&mut self, term: E)
    where
        E: NullableExpressionMethods,
        diesel::dsl::Nullable<E>: BoxableExpression<T, Db, SqlType = Nullable<Bool>> + 'static,
    {
        self.terms.push(Box::new(term.nullable()));
    }

    /// Rows of the units in `scope` (nothing for every unit), `column` holding the unit.
    pub fn scope<C>(&mut self, scope: &UnitScope, column: C) -> Result<(), ApiError>
    where
        C: Column<Table = T>,
        diesel::dsl::Nullable<SqlLiteral<Bool>>:
            BoxableExpression<T, Db, SqlType = Nullable<Bool>> + 'static,
    {
        let narrowed = match (&scope.units, &self.reading.units_with_rows) {
            (Some(_), Some(with_rows)) => Some(UnitScope {
                units: Some(with_rows.clone()),
            }),
            _ => None,
        };
        let scope = narrowed.as_ref().unwrap_or(scope);
        if let Some(term) = scope.condition(column, self.reading.walk_order_index)? {
            self.and(term);
        }
        Ok(())
    }
}

/// A total kept by the database (see [`Listing::kept_total`]).
#[derive(Debug, Clone)]
pub struct KeptTotal {
    /// Rows matching the filter in the caller's scope.
    pub total: i64,
    /// Rows matching the filter in every unit.
    pub unscoped: i64,
    /// For a scoped list, the scope's units that hold matching rows (any order). They
    /// must be the units of the scope term the listing adds with [`Where::scope`].
    pub units_with_rows: Option<Vec<String>>,
}

impl KeptTotal {
    /// Whether a page of `needed` rows (offset + limit) in the default order should walk
    /// the order index, skipping rows outside the scope, rather than take the scope's
    /// rows by the unit index and sort them: walking reads about
    /// `needed × unscoped / total` rows, sorting `total`. Planners misjudge this for a
    /// scope of moderate size (SQLite sorts 16,000 rows to show 50 of a million), so the
    /// pipeline decides from the kept counts. A scope narrowed to one unit reads that
    /// unit's own order index instead, and an unscoped list walks in any case.
    pub fn walks_order_index(&self, needed: i64) -> bool {
        let one_unit = self.units_with_rows.as_ref().is_some_and(|u| u.len() == 1);
        let (total, unscoped) = (self.total as f64, self.unscoped as f64);
        !one_unit
            && self.total > 0
            && self.total < self.unscoped
            && total * total > (needed as f64) * unscoped
    }
}

/// A list endpoint: what it lists, how it filters, sorts and shows its rows.
pub trait Listing {
    /// The table listed.
    type Table: Table + 'static;
    /// The endpoint's own query parameters.
    type Filter: ListFilter;
    /// What the filter needs besides the parameters: the caller's visible units, the
    /// parent record, the day. `()` when nothing.
    type Context;
    /// The row loaded.
    type Row;
    /// The wire item.
    type Item;
    /// `RowsOf<Table, Row>`.
    type Rows: FilterDsl<Condition<Self::Table>, Output = Self::Rows>
        + ThenOrderDsl<Order<Self::Table>, Output = Self::Rows>
        + OffsetDsl<Output = Self::Rows>
        + LimitDsl<Output = Self::Rows>
        + LoadQuery<'static, DbConnection, Self::Row>;
    /// `CountOf<Table>`.
    type Count: FilterDsl<Condition<Self::Table>, Output = Self::Count>
        + LoadQuery<'static, DbConnection, i64>;

    /// `table.select(Row::as_select()).into_boxed()`.
    fn rows() -> Self::Rows;

    /// `table.count().into_boxed()`.
    fn count() -> Self::Count;

    /// The resource's filters and the caller's scope, as `WHERE` terms.
    fn filter(
        filter: &Self::Filter,
        context: &Self::Context,
        terms: &mut Where<Self::Table>,
    ) -> Result<(), ApiError>;

    /// The total from counts the database keeps (tables maintained by triggers), when
    /// `filter` asks only what they count; `None` (the default) counts the rows. Over a
    /// million rows a count costs tens of milliseconds, a kept total a few lookups.
    fn kept_total(
        _conn: &mut DbConnection,
        _filter: &Self::Filter,
        _context: &Self::Context,
    ) -> Result<Option<KeptTotal>, ApiError> {
        Ok(None)
    }

    /// The columns: id, change time, and each sort field of [`ListFilter::SORT_FIELDS`].
    fn columns() -> Columns<Self::Table>;

    /// Turns a page of rows into wire items (may load what the rows refer to).
    fn items(
        conn: &mut DbConnection,
        rows: Vec<Self::Row>,
        context: &Self::Context,
    ) -> Result<Vec<Self::Item>, ApiError>;
}

/// The columns of a listing: its id (the tie-break), its change time (`updated_since`
/// and the `updated_at` sort) and its named sort fields.
pub struct Columns<T> {
    /// The tie-break, ascending and descending.
    id: [Order<T>; 2],
    changed_since: Box<dyn Fn(NaiveDateTime) -> Condition<T>>,
    sorts: Vec<SortColumn<T>>,
}

struct SortColumn<T> {
    name: &'static str,
    ascending: Vec<Order<T>>,
    descending: Vec<Order<T>>,
}

impl<T: Table + 'static> Columns<T> {
    /// `id` breaks ties, in the direction of the sort (so that one index on
    /// `(sort key, id)` serves both directions); `updated_at` is the change time.
    pub fn new<I, U>(id: I, updated_at: U) -> Columns<T>
    where
        I: ExpressionMethods + Copy,
        Asc<I>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
        Desc<I>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
        U: ExpressionMethods + Expression<SqlType = Timestamp> + Copy + 'static,
        Asc<U>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
        Desc<U>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
        GtEq<U, NaiveDateTime>: NullableExpressionMethods,
        diesel::dsl::Nullable<GtEq<U, NaiveDateTime>>:
            BoxableExpression<T, Db, SqlType = Nullable<Bool>> + 'static,
    {
        let columns = Columns {
            id: [Box::new(id.asc()), Box::new(id.desc())],
            changed_since: Box::new(move |at| Box::new(updated_at.ge(at).nullable())),
            sorts: Vec::new(),
        };
        columns.sort("updated_at", updated_at)
    }

    /// A sort field: `sort=name` / `sort=-name` orders by `column`.
    pub fn sort<C>(mut self, name: &'static str, column: C) -> Columns<T>
    where
        C: ExpressionMethods + Copy,
        Asc<C>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
        Desc<C>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
    {
        self.sorts.push(SortColumn {
            name,
            ascending: vec![Box::new(column.asc())],
            descending: vec![Box::new(column.desc())],
        });
        self
    }

    /// A further column for the sort field added last (same direction).
    pub fn then<C>(mut self, column: C) -> Columns<T>
    where
        C: ExpressionMethods + Copy,
        Asc<C>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
        Desc<C>: BoxableExpression<T, Db, SqlType = NotSelectable> + 'static,
    {
        if let Some(last) = self.sorts.last_mut() {
            last.ascending.push(Box::new(column.asc()));
            last.descending.push(Box::new(column.desc()));
        }
        self
    }

    fn take_order(&mut self, name: &str, descending: bool) -> Result<Vec<Order<T>>, ApiError> {
        let index = self
            .sorts
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| ApiError::internal(format!("sort field {name:?} has no column")))?;
        let sort = self.sorts.swap_remove(index);
        Ok(if descending {
            sort.descending
        } else {
            sort.ascending
        })
    }
}

/// The `WHERE` terms of a listing for `query`: its filters, the caller's scope and
/// `updated_since`.
fn conditions<L: Listing>(
    query: &ListQuery<L::Filter>,
    context: &L::Context,
    columns: &Columns<L::Table>,
    reading: &ScopeReading,
) -> Result<Vec<Condition<L::Table>>, ApiError> {
    let mut terms = Where {
        terms: Vec::new(),
        reading: reading.clone(),
    };
    L::filter(&query.filter, context, &mut terms)?;
    if let Some(since) = query.updated_since {
        terms
            .terms
            .push((columns.changed_since)(time::from_utc(since)));
    }
    Ok(terms.terms)
}

/// The filtered rows of a listing in the requested order, with the id tie-break.
fn ordered_rows<L: Listing>(
    query: &ListQuery<L::Filter>,
    context: &L::Context,
    reading: &ScopeReading,
) -> Result<L::Rows, ApiError> {
    let mut columns = L::columns();
    let mut rows = L::rows();
    for term in conditions::<L>(query, context, &columns, reading)? {
        rows = FilterDsl::filter(rows, term);
    }
    for term in columns.take_order(query.sort.field, query.sort.descending)? {
        rows = ThenOrderDsl::then_order_by(rows, term);
    }
    let [ascending, descending] = columns.id;
    let tie_break = if query.sort.descending {
        descending
    } else {
        ascending
    };
    Ok(ThenOrderDsl::then_order_by(rows, tie_break))
}

/// One page of a listing, with the total count of matching rows.
pub fn page<L: Listing>(
    conn: &mut DbConnection,
    query: &ListQuery<L::Filter>,
    context: &L::Context,
) -> Result<Page<L::Item>, ApiError> {
    let kept = match query.updated_since {
        None => L::kept_total(conn, &query.filter, context)?,
        Some(_) => None,
    };
    let total = match &kept {
        Some(kept) => kept.total,
        None => {
            let mut count = L::count();
            for term in conditions::<L>(query, context, &L::columns(), &ScopeReading::default())? {
                count = FilterDsl::filter(count, term);
            }
            count.get_result(conn)?
        }
    };
    let reading = match kept {
        Some(kept) => {
            // The default order has an index to walk (see the module's "Indexes").
            let default_order = query.sort.field == L::Filter::DEFAULT_SORT.trim_start_matches('-');
            ScopeReading {
                walk_order_index: default_order
                    && kept.walks_order_index(query.offset() + query.limit()),
                units_with_rows: kept.units_with_rows,
            }
        }
        None => ScopeReading::default(),
    };
    // A page past the end (or of an empty list) has no rows: do not ask the database
    // to walk its order index looking for them.
    let rows: Vec<L::Row> = if query.offset() >= total {
        Vec::new()
    } else {
        LimitDsl::limit(
            OffsetDsl::offset(ordered_rows::<L>(query, context, &reading)?, query.offset()),
            query.limit(),
        )
        .load(conn)?
    };
    let items = L::items(conn, rows, context)?;
    Ok(query.page_of(items, total))
}

/// Every row of a listing for `query` (its page bounds ignored), in its order, handed
/// to `each` in batches of `batch` items: what a spreadsheet export walks. Run it in
/// one snapshot (`db::read_snapshot`) so that the batches fit together.
pub fn each_batch<L: Listing>(
    conn: &mut DbConnection,
    query: &ListQuery<L::Filter>,
    context: &L::Context,
    batch: i64,
    mut each: impl FnMut(Vec<L::Item>) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let mut offset = 0;
    loop {
        let rows = LimitDsl::limit(
            OffsetDsl::offset(
                ordered_rows::<L>(query, context, &ScopeReading::default())?,
                offset,
            ),
            batch,
        );
        let rows: Vec<L::Row> = rows.load(conn)?;
        let loaded = i64::try_from(rows.len()).unwrap_or(i64::MAX);
        each(L::items(conn, rows, context)?)?;
        if loaded < batch {
            return Ok(());
        }
        offset += batch;
    }
}

/// `%text%` for `LIKE … ESCAPE '\'`, with the wildcards in `text` escaped.
pub fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The trimmed search text of a `q` filter, if it holds any.
pub fn search_text(q: &Option<String>) -> Option<&str> {
    q.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The table-and-row part of a [`Listing`] impl: `Table`, `Row`, `Rows`, `Count` and
/// their two queries, e.g. `listing_source!(units::table, UnitRow);`.
#[macro_export]
macro_rules! listing_source {
    ($table:path, $row:ty) => {
        type Table = $table;
        type Row = $row;
        type Rows = $crate::db::list::RowsOf<$table, $row>;
        type Count = $crate::db::list::CountOf<$table>;

        fn rows() -> Self::Rows {
            use diesel::{QueryDsl, SelectableHelper};
            $table.select(<$row>::as_select()).into_boxed()
        }

        fn count() -> Self::Count {
            use diesel::QueryDsl;
            $table.count().into_boxed()
        }
    };
}

/// The units whose rows a caller may list, for a listing's `Context`.
#[derive(Debug, Clone)]
pub struct UnitScope {
    /// `None`: every unit.
    pub units: Option<Vec<String>>,
}

impl UnitScope {
    /// The caller's units for `permission`; a `unit_id` filter outside them is a 403,
    /// not an empty page.
    pub fn of(
        conn: &mut DbConnection,
        principal: &crate::auth::Principal,
        permission: crate::auth::Permission,
        requested: Option<uuid::Uuid>,
    ) -> Result<UnitScope, ApiError> {
        if let Some(unit) = requested {
            principal.require_unit(conn, permission, &unit.to_string())?;
        }
        let units = principal
            .visible_units(conn, permission)?
            .map(|set| set.into_iter().collect());
        Ok(UnitScope { units })
    }

    /// The caller's units for `permission`, none at all without it (whose drafts a
    /// list shows, for instance: only the units the caller writes for).
    pub fn holding(
        conn: &mut DbConnection,
        principal: &crate::auth::Principal,
        permission: crate::auth::Permission,
    ) -> Result<UnitScope, ApiError> {
        let units = match principal.scope(permission) {
            None => Some(Vec::new()),
            Some(_) => principal
                .visible_units(conn, permission)?
                .map(|set| set.into_iter().collect()),
        };
        Ok(UnitScope { units })
    }

    /// Every unit (for lists without unit scope).
    pub fn all() -> UnitScope {
        UnitScope { units: None }
    }

    /// `column IN (the scope's units)`, or `None` for every unit. The ids are written
    /// into the SQL rather than bound (each checked to be a UUID, so nothing can be
    /// injected): the planner then sees which units and weighs them by its statistics,
    /// walking the order index for a scope that holds most of the table and the unit
    /// index for one that holds little, where a bound list gets one plan for all scopes.
    ///
    /// With `walk_order_index` the column is written `column || ''`, which no index
    /// serves, so the planner walks the order index instead (see [`KeptTotal::walks_order_index`]).
    pub fn condition<C: Column>(
        &self,
        _column: C,
        walk_order_index: bool,
    ) -> Result<Option<SqlLiteral<Bool>>, ApiError> {
        let Some(units) = &self.units else {
            return Ok(None);
        };
        if units.is_empty() {
            return Ok(Some(diesel::dsl::sql::<Bool>("1 = 0")));
        }
        let mut list = String::with_capacity(units.len() * 39);
        for (i, unit) in units.iter().enumerate() {
            let is_uuid = uuid::Uuid::parse_str(unit).is_ok()
                && unit.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            if !is_uuid {
                return Err(ApiError::internal(format!(
                    "unit id {unit:?} is not a UUID"
                )));
            }
            if i > 0 {
                list.push_str(", ");
            }
            list.push('\'');
            list.push_str(unit);
            list.push('\'');
        }
        let column = if walk_order_index {
            format!("{} || ''", C::NAME)
        } else {
            C::NAME.to_string()
        };
        Ok(Some(diesel::dsl::sql::<Bool>(&format!(
            "{column} IN ({list})"
        ))))
    }
}

/// One page of a list computed in memory (already filtered and sorted): the same
/// page bounds and total as [`page`].
pub fn page_in_memory<F, T>(query: &ListQuery<F>, items: Vec<T>) -> Page<T> {
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let start = usize::try_from(query.offset()).unwrap_or(usize::MAX);
    let limit = usize::try_from(query.limit()).unwrap_or(0);
    let items = items.into_iter().skip(start).take(limit).collect();
    query.page_of(items, total)
}
