//! The Yew components, one per file. They render [`AppState`](crate::state::AppState)
//! and send commands through the run controller ([`controller::Ctx`], a context);
//! they hold no model of their own.

mod app;
mod challenge;
mod code_view;
mod compare_view;
mod controller;
mod editor_pane;
mod event_log;
mod explore_panel;
mod gallery;
mod live_views;
mod pool_badge;
mod prelude;
mod program_page;
mod run_status;
mod scenario_page;
mod share_panel;
mod text;

pub use app::App;
use prelude::*;

/// `&'static Scenario` compared by id, for props.
#[derive(Clone, Copy)]
pub struct ScenarioRef(&'static Scenario);

impl PartialEq for ScenarioRef {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}
