//! What every component file uses: the crate's and the engine's types, Yew, and each other.
#![allow(unused_imports)]

pub(crate) use crate::browser;
pub(crate) use crate::i18n::{t, tf};
pub(crate) use interleave_engine::i18n::Lang;
pub(crate) use crate::frames::{FrameMonitor, GAP_CANVAS_ID, LONG_TASK_MS, SPINNER_CANVAS_ID};
pub(crate) use crate::pool::{self, PoolStatus};
pub(crate) use crate::runner::{ActiveRun, Backend};
pub(crate) use crate::state::{Action, ActorLive, AppState, LogLine, ProgramView, RunState, Snapshot, View};
pub(crate) use crate::state::Comparison;
pub(crate) use crate::views::{
    clear_canvases, draw_compare, fmt_ms, on_page, thousands, Class, Frozen, Picture, ViewState, COMPARE_CANVAS_ID, LIVE_CANVASES, GRAPH_CANVAS_ID, RESOURCES_CANVAS_ID,
    TIMELINE_CANVAS_ID,
};
pub(crate) use interleave_engine::lessons;
pub(crate) use interleave_engine::model::Model;
pub(crate) use interleave_engine::schedule::Schedule;
pub(crate) use interleave_engine::trace::{ActorState, EventKind, ObjectState};
pub(crate) use crate::embed;
pub(crate) use crate::results::{self, Results};
pub(crate) use interleave_engine::contract::{to_hash, OutcomeKind, PageOptions, RunReport, TIMESCALES, VIEWS};
pub(crate) use interleave_engine::params::{ParamKind, ParamSpec, Params};
pub(crate) use interleave_engine::scenarios::{Scenario, BACKEND, CATALOG};
pub(crate) use std::cell::{Cell, RefCell};
pub(crate) use std::rc::Rc;
pub(crate) use wasm_bindgen::prelude::*;
pub(crate) use wasm_bindgen::JsCast;
pub(crate) use web_sys::HtmlSelectElement;
pub(crate) use yew::prelude::*;

pub(crate) use super::app::*;
pub(crate) use super::code_view::*;
pub(crate) use super::compare_view::*;
pub(crate) use super::controller::*;
pub(crate) use super::editor_pane::*;
pub(crate) use super::event_log::*;
pub(crate) use super::explore_panel::*;
pub(crate) use super::gallery::*;
pub(crate) use super::live_views::*;
pub(crate) use super::pool_badge::*;
pub(crate) use super::program_page::*;
pub(crate) use super::run_status::*;
pub(crate) use super::scenario_page::*;
pub(crate) use super::share_panel::*;
pub(crate) use super::text::*;
pub(crate) use super::ScenarioRef;
