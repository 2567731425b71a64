//! Discretion lookups shared by the calculator and the disclosure form: the penalty
//! powers in force on a day, an item's benchmark, and the range a tier allows (asked
//! again, debounced, while the form changes).

use std::time::Duration;

use api_types::catalog::{DiscretionBenchmark, Evaluation, EvaluationRequest, PowerItem};
use api_types::Page;
use chrono::NaiveDate;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use super::fetch::FetchHandle;
use super::use_fetch;
use crate::services::api::{self, ApiError};

/// The penalty powers (行政处罚) in force on `day`, for choosing the item a fine is for.
#[hook]
pub fn use_penalty_powers(day: NaiveDate) -> FetchHandle<Vec<PowerItem>> {
    use_fetch(day, |day| async move {
        api::get_list_public::<Page<PowerItem>>(
            "/public/power-items",
            &[
                ("category", "administrative_penalty".into()),
                ("as_of", day.to_string()),
                ("per_page", "200".into()),
            ],
        )
        .await
        .map(|p| p.items)
    })
}

/// The discretion benchmark of power item `item` (an id; empty for none) in force on `day`.
#[hook]
pub fn use_benchmark(item: String, day: NaiveDate) -> FetchHandle<Option<DiscretionBenchmark>> {
    use_fetch((item, day), |(item, day)| async move {
        if item.is_empty() {
            return Ok(None);
        }
        api::get_list_public::<Vec<DiscretionBenchmark>>(
            "/public/discretion-benchmarks",
            &[("power_item_id", item), ("as_of", day.to_string())],
        )
        .await
        .map(|list| list.into_iter().next())
    })
}

/// The benchmark version `id`, as a record's fine was checked against it.
#[hook]
pub fn use_benchmark_version(id: Uuid) -> FetchHandle<DiscretionBenchmark> {
    use_fetch(id, |id| async move {
        api::get_public::<DiscretionBenchmark>(&format!("/public/discretion-benchmarks/{id}")).await
    })
}

/// The range tier `tier` of power item `item` (an id; empty for none) allows on `day`,
/// asked 300 ms after the inputs (and `fine`, the fine as typed) stop changing; only the
/// answer to the latest inputs is kept. `None` until there is an item and a tier.
#[hook]
pub fn use_allowed_range(
    item: String,
    tier: String,
    day: NaiveDate,
    fine: String,
) -> UseStateHandle<Option<Result<Evaluation, ApiError>>> {
    let evaluation = use_state(|| None::<Result<Evaluation, ApiError>>);
    let generation = use_mut_ref(|| 0u32);
    {
        let evaluation = evaluation.clone();
        use_effect_with((item, tier, day, fine), move |(item, tier, day, _fine)| {
            let mine = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            match item.parse::<Uuid>() {
                Ok(power_item_id) if !tier.is_empty() => {
                    let request = EvaluationRequest {
                        power_item_id,
                        tier: tier.clone(),
                        factors: Vec::new(),
                        date: Some(*day),
                        fine_fen: None,
                    };
                    spawn_local(async move {
                        sleep(Duration::from_millis(300)).await;
                        if *generation.borrow() != mine {
                            return;
                        }
                        let result =
                            api::post_public::<_, Evaluation>("/discretion/evaluate", &request)
                                .await;
                        if *generation.borrow() == mine {
                            evaluation.set(Some(result));
                        }
                    });
                }
                _ => evaluation.set(None),
            }
        });
    }
    evaluation
}
